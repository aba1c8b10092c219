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

  // Every editors' form's "Your name" field (upload, ledger, history): the name given last.
  function author() {
    Array.prototype.forEach.call(document.querySelectorAll('form input[name="author"]'), function (field) {
      try {
        if (!field.value) field.value = window.localStorage.getItem("bordermap-author") || "";
        field.form.addEventListener("submit", function () {
          if (field.value) window.localStorage.setItem("bordermap-author", field.value);
        });
      } catch (e) { /* storage off: the server's memory of the name still serves */ }
    });
  }

  // The history form offers only the statuses that fit the chosen subject, a feature's or a
  // commitment's (the page's style sheet hides the others too; a disabled option cannot be
  // chosen on a phone's picker either).
  function statuses() {
    var subject = document.getElementById("subject");
    var status = document.getElementById("status");
    if (!subject || !status) return;
    var fit = function () {
      var kind = (subject.value || "").split(":")[0];
      var lost = false;
      Array.prototype.forEach.call(status.querySelectorAll("option[data-for]"), function (option) {
        var fits = !kind || (" " + option.getAttribute("data-for") + " ").indexOf(" " + kind + " ") >= 0;
        option.disabled = option.hidden = !fits;
        if (!fits && option.selected) lost = true;
      });
      var first = status.querySelector("option[data-for]:not([disabled])");
      if (lost && first) first.selected = true;
    };
    subject.addEventListener("change", fit);
    fit();
  }

  document.addEventListener("DOMContentLoaded", function () { picker(); author(); statuses(); });
})();
