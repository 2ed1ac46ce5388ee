// Suggestions for a semicolon-separated tag field: the input names its JSON endpoint in
// data-suggest-url; picking a suggestion replaces the tag being typed. Without JavaScript the
// field still works, and the server suggests the closest tags for anything unknown.
(function () {
  "use strict";

  function attach(input) {
    var list = document.createElement("div");
    list.className = "list-group position-absolute w-100 shadow-sm";
    list.style.zIndex = 1000;
    list.setAttribute("role", "listbox");
    // The list is named after the field's label, so it reads in the page's language.
    list.id = input.id + "-suggestions";
    list.setAttribute("aria-label", input.labels.length ? input.labels[0].textContent.trim() : "");
    input.setAttribute("aria-controls", list.id);
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("aria-autocomplete", "list");
    var timer = null;

    function current() {
      var parts = input.value.split(";");
      return parts[parts.length - 1].trim();
    }

    function choose(name) {
      var parts = input.value.split(";");
      parts[parts.length - 1] = " " + name;
      input.value = parts.map(function (p) { return p.trim(); }).filter(Boolean).join("; ") + "; ";
      list.hidden = true;
      input.focus();
    }

    function show(names) {
      list.innerHTML = "";
      names.forEach(function (name) {
        var item = document.createElement("button");
        item.type = "button";
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.textContent = name;
        item.addEventListener("click", function () { choose(name); });
        list.appendChild(item);
      });
      list.hidden = names.length === 0;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = current();
      if (text.length < 2) { show([]); return; }
      timer = setTimeout(function () {
        var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
          .then(function (body) { show(body.tags || []); })
          .catch(function () { show([]); });
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.hidden = true; }
    });
    document.addEventListener("click", function (event) {
      if (event.target !== input && !list.contains(event.target)) { list.hidden = true; }
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(attach);
})();
