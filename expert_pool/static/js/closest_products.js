// The knowledge products closest to a need being written: the section names its JSON endpoint
// in data-closest-url and the fields it reads in data-fields; as the Party types (a pause of
// 600 ms), the closest products of the catalogue are listed, each linked to its page. Without
// JavaScript the section stays hidden and the form works the same.
(function () {
  "use strict";

  function attach(section) {
    var fields = section.dataset.fields.split(" ").map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    var list = section.querySelector("ul");
    var timer = null;
    var asked = "";

    function show(items) {
      list.replaceChildren();
      items.forEach(function (item) {
        var entry = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.link;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = item.title;
        entry.appendChild(link);
        entry.appendChild(document.createTextNode(
          " (" + item.type + (item.year ? ", " + item.year : "") + ")"));
        list.appendChild(entry);
      });
      section.hidden = items.length === 0;
    }

    function ask() {
      var text = fields.map(function (field) { return field.value.trim(); }).join("\n").trim();
      if (text === asked) { return; }
      asked = text;
      if (!text) { show([]); return; }
      var url = section.dataset.closestUrl + "?text=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (answer) { if (text === asked) { show(answer.items); } })
        .catch(function () { show([]); });
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 600);
      });
    });
    ask();
  }

  document.querySelectorAll("[data-closest-url]").forEach(attach);
})();
