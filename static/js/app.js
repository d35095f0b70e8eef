// unionhome: behaviour without inline scripts (the pages run under a strict CSP).
document.addEventListener("change", (event) => {
  const form = event.target.closest("form.js-autosubmit");
  if (form) form.submit();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
// Disable a submit button once its form is sent, so that a double click sends one request.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.submitted) { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  form.querySelectorAll("button[type=submit], input[type=submit]").forEach((b) => { b.disabled = true; });
  // a disabled button is not sent: keep its name/value (e.g. "action") as a hidden field
  const submitter = event.submitter;
  if (submitter && submitter.name) {
    const hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = submitter.name; hidden.value = submitter.value;
    form.appendChild(hidden);
  }
});
