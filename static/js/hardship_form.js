// unionhome: the hardship application form and the document upload (no inline scripts: strict CSP).
// Without JavaScript the form still works: "Add a household member" posts the form back with one
// more empty row, and each row has a "Delete" tick box.
(function () {
  "use strict";

  // --- the error summary: focused on load, each link moves the focus to its field -------------
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }

  // --- household members: add and remove rows of the formset -------------------------------------
  const members = document.getElementById("members");
  if (members) {
    const list = document.getElementById("member-list");
    const template = document.getElementById("member-template");
    const total = members.querySelector("input[name$='-TOTAL_FORMS']");
    const addButton = document.getElementById("add-member");
    const max = parseInt(members.dataset.max || "15", 10);

    const visibleCards = () => Array.from(list.querySelectorAll("[data-member]:not(.d-none)"));
    const renumber = () => {
      visibleCards().forEach((card, i) => {
        const title = card.querySelector(".member-title");
        if (title) title.textContent = title.dataset.title.replace("#", String(i + 1));
      });
      addButton.disabled = parseInt(total.value, 10) >= max;
    };
    const enhance = (card) => {
      const box = card.querySelector(".js-delete-box");
      const remove = card.querySelector(".js-remove-member");
      if (!box || !remove) return;
      box.classList.add("d-none");
      remove.classList.remove("d-none");
      const tick = box.querySelector("input[type=checkbox]");
      if (tick && tick.checked) card.classList.add("d-none"); // removed before the form came back

    };

    list.querySelectorAll("[data-member]").forEach(enhance);
    renumber();

    addButton.addEventListener("click", (event) => {
      event.preventDefault();
      const index = parseInt(total.value, 10);
      if (index >= max) return;
      const holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      const card = holder.firstElementChild;
      list.appendChild(card);
      total.value = String(index + 1);
      enhance(card);
      renumber();
      const first = card.querySelector("select, input:not([type=hidden])");
      if (first) first.focus();
    });

    list.addEventListener("click", (event) => {
      const remove = event.target.closest(".js-remove-member");
      if (!remove) return;
      const card = remove.closest("[data-member]");
      const tick = card.querySelector("input[name$='-DELETE']");
      if (tick) tick.checked = true;
      card.classList.add("d-none");
      renumber();
      addButton.focus();
    });
  }

  // --- upload: the chosen file's name and size, and a thumbnail of an image -------------------------
  const sizeLabel = (bytes) =>
    bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

  document.querySelectorAll("input[type=file].js-file-preview").forEach((input) => {
    const preview = document.getElementById(input.dataset.preview);
    if (!preview) return;
    const nothing = preview.textContent;
    input.addEventListener("change", () => {
      preview.replaceChildren();
      const file = input.files && input.files[0];
      if (!file) {
        preview.textContent = nothing;
        return;
      }
      const text = document.createElement("span");
      text.className = "upload-name";
      text.textContent = `${file.name} · ${sizeLabel(file.size)}`;
      preview.appendChild(text);
      if (!file.type.startsWith("image/")) return;
      const reader = new FileReader();
      reader.addEventListener("load", () => {
        const img = document.createElement("img");
        img.className = "upload-thumb";
        img.alt = file.name;
        img.src = reader.result; // a data: URL (the CSP allows data: images, not blob:)
        preview.prepend(img);
      });
      reader.readAsDataURL(file);
    });
  });
})();
