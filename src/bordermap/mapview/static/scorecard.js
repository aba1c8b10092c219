/* bordermap's scorecard: the commitments of the day shown counted by how they stand, by sector
 * and by document, each count a link that filters the panel's list to those commitments. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, t = BM.t, num = BM.num, withLang = BM.withLang;

  function stateHref(changes) {
    var current = BM.state.read();
    Object.keys(changes).forEach(function (k) { if (changes[k]) current[k] = changes[k]; else delete current[k]; });
    return "#" + Object.keys(current).sort().map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(current[k]);
    }).join("&");
  }

  function scoreTable(caption, field, keys, labelOf) {
    var list = Object.keys(BM.commitments).map(function (id) { return BM.commitments[id]; });
    var table = el("table", { className: "bm-score-table" });
    table.appendChild(el("caption", { text: caption }));
    var head = el("tr", null, [el("th", { scope: "col", text: field === "sector" ? t("Sector") : t("Document") })]);
    BM.scoreColumns.concat(["total"]).forEach(function (column) {
      head.appendChild(el("th", { scope: "col", text: column === "total" ? t("Total") : BM.scoreLabel(column) }));
    });
    table.appendChild(el("thead", null, [head]));
    var body = el("tbody");
    keys.forEach(function (key) {
      var mine = list.filter(function (c) { return (field === "sector" ? c.sector : c.document) === key && c.tracking; });
      if (!mine.length) return;
      var head = { scope: "row", text: labelOf(key) };
      // A document's publisher is the data's own words; a sector's name is in the page language.
      var row = el("tr", null, [el("th", field === "document" ? withLang(head, (BM.documents[key] || {}).language || "en") : head)]);
      BM.scoreColumns.concat(["total"]).forEach(function (column) {
        var n = column === "total" ? mine.length : mine.filter(function (c) { return c.tracking.score === column; }).length;
        var filter = { sector: field === "sector" ? key : "", doc: field === "document" ? key : "",
          score: column === "total" ? "" : column, status: "", q: "", commitment: "" };
        var link = el("a", { href: stateHref(filter), className: "bm-score-link" + (n ? "" : " bm-muted"),
          "data-field": field, "data-key": key, "data-score": column, text: num(n) });
        link.addEventListener("click", function (event) {
          event.preventDefault();
          BM.state.write(filter);
          BM.emit("state-change", BM.state.read());
          // The scorecard is built again for the new state, this link with it: the focus goes to
          // the line that says what the list now holds, where the list follows (review rv19, M6:
          // it fell to the page's body, and a screen reader said nothing).
          var panel = document.getElementById("bm-panel");
          var count = panel && panel.querySelector(".bm-count-line");
          if (count) {
            count.setAttribute("tabindex", "-1");
            count.focus({ preventScroll: true });
            count.scrollIntoView({ block: "nearest" });
          }
        });
        row.appendChild(el("td", null, [link]));
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    return table;
  }

  BM.renderScorecard = function () {
    var panel = document.getElementById("bm-panel");
    var count = panel && panel.querySelector(".bm-count-line");
    if (!count) return;
    var box = panel.querySelector(".bm-scorecard");
    if (!box) {
      box = el("details", { className: "bm-scorecard" });
      count.parentNode.insertBefore(box, count);
    }
    var open = box.open;
    box.textContent = "";
    box.appendChild(el("summary", { text: t("Scorecard as of {date}", { date: BM.date(BM.asOf || BM.today()) }) }));
    var sectors = BM.sectors || {};
    // Each table scrolls sideways where the panel is narrower than it: a region the keyboard can
    // reach and scroll, named by its caption, with a shadow at the edge that has more.
    var wrap = function (caption, table) {
      return el("div", { className: "bm-score-wrap", tabindex: "0", role: "region", "aria-label": caption }, [table]);
    };
    box.appendChild(wrap(t("By sector"),
      scoreTable(t("By sector"), "sector", Object.keys(sectors), function (k) { return sectors[k] || k; })));
    box.appendChild(wrap(t("By document"),
      scoreTable(t("By document"), "document", Object.keys(BM.documents), BM.documentShortName)));
    // What the one column not named after a status means (review 19, S5).
    box.appendChild(el("p", { className: "bm-score-note", text: t("Noted: praise for what had already taken place " +
      "(a visit, an inauguration), which asks nothing more of either side; it is not counted as carried out.") }));
    box.open = open;
  };
})(window);
