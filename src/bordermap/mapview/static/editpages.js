/* bordermap editors' pages: the commitments picker filters as one types, and the name an
 * editor gives is offered again next time (also kept by the server after an import). */
(function () {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function picker() {
    var filter = document.getElementById("links-filter");
    var list = document.getElementById("links");
    if (!filter || !list) return;
    filter.addEventListener("input", function () {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(list.querySelectorAll("li"), function (item) {
        var text = fold(item.textContent);
        var box = item.querySelector("input");
        // A ticked commitment stays in sight, so a choice is never hidden.
        item.hidden = !(box && box.checked) && !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }

  function author() {
    var field = document.getElementById("author");
    if (!field) return;
    try {
      if (!field.value) field.value = window.localStorage.getItem("bordermap-author") || "";
      field.form.addEventListener("submit", function () {
        if (field.value) window.localStorage.setItem("bordermap-author", field.value);
      });
    } catch (e) { /* storage off: the server's memory of the name still serves */ }
  }

  document.addEventListener("DOMContentLoaded", function () { picker(); author(); });
})();
