// Suggestions for a semicolon-separated tag field: the input names its JSON endpoint in
// data-suggest-url; picking a suggestion replaces the tag being typed. Without JavaScript the
// field still works, and the server suggests the closest tags for anything unknown. Used by the
// expert profile, the request form and ad-hoc matching. Keyboard: the down arrow moves from the
// field into the suggestions, the arrows move between them, Enter picks one, Escape goes back to
// the field.
(function () {
  "use strict";
  // Chinese keyboards type the full-width semicolon; a picked suggestion writes the ASCII one.
  var SEPARATORS = /[;\uFF1B]/;

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
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var timer = null;

    function current() {
      var parts = input.value.split(SEPARATORS);
      return parts[parts.length - 1].trim();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function choose(name) {
      var parts = input.value.split(SEPARATORS);
      parts[parts.length - 1] = " " + name;
      input.value = parts.map(function (p) { return p.trim(); }).filter(Boolean).join("; ") + "; ";
      close();
      input.focus();
    }

    function move(from, step) {
      var options = Array.prototype.slice.call(list.children);
      var next = options[options.indexOf(from) + step];
      if (next) { next.focus(); } else if (step < 0) { input.focus(); }
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
      input.setAttribute("aria-expanded", String(!list.hidden));
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
      if (event.key === "Escape") { close(); }
      if (event.key === "ArrowDown" && !list.hidden && list.firstChild) {
        event.preventDefault();
        list.firstChild.focus();
      }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(event.target, event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (event.target !== input && !list.contains(event.target)) { close(); }
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(attach);
})();
