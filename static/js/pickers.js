// People pickers (unionhome/pickers.py): a <select data-picker-url> lists only the chosen people;
// Tom Select turns it into a search box that asks the server once two characters are typed.
// The server scopes the candidates and masks the labels; the form checks the choice again.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") return;

  function setUp(select) {
    if (select.tomselect) return;
    // Tom Select moves the <label for> to its own search box; the hidden <select> it keeps for the
    // form keeps the label's text as its accessible name.
    const label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", label.textContent.replace(/[*\s]+$/, "").trim());
    }
    const url = select.dataset.pickerUrl;
    const min = Number(select.dataset.pickerMin || 2);
    const hint = select.dataset.pickerHint || "";
    const escape = (text) => {
      const div = document.createElement("div");
      div.textContent = text;
      return div.innerHTML;
    };
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      loadThrottle: 250,
      allowEmptyOption: !select.required,
      plugins: select.multiple ? ["remove_button"] : [],
      // the server already chose the matches (by name or by ID number): show them all
      score: () => () => 1,
      shouldLoad: (query) => query.length >= min,
      load: function (query, callback) {
        const sep = url.includes("?") ? "&" : "?";
        this.clearOptions();
        fetch(url + sep + "q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((data) => callback(data.results))
          .catch(() => callback());
      },
      render: {
        no_results: () => '<div class="no-results">—</div>',
        not_loading: () => '<div class="no-results">' + escape(hint) + "</div>",
      },
    });
  }

  function setUpAll(root) {
    root.querySelectorAll("select[data-picker-url]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  document.addEventListener("htmx:load", (event) => setUpAll(event.target));
})();
