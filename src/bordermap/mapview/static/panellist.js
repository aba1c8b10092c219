/* The commitments panel's filters (search, sector, document, status, progress) and its list,
 * grouped by sector, with the count of what they let through. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, num = BM.num, withLang = BM.withLang;
  var Panel = BM.panel;
  var SEARCH_PAUSE_MS = 150;
  var fold = Panel.fold, haystack = Panel.haystack, allCommitments = Panel.allCommitments, linksOf = Panel.linksOf,
      leftOut = Panel.leftOut;

  function filters() {
    var state = BM.state.read();
    return { q: state.q || "", sector: state.sector || "", doc: state.doc || "", status: state.status || "",
      score: state.score || "" };
  }

  function filtering() {
    var f = filters();
    return !!(f.q || f.sector || f.doc || f.status || f.score);
  }

  // The commitments the search and filters let through; `ignore` leaves one filter out (to
  // count what each of its options would give).
  function matching(ignore) {
    var f = filters();
    if (ignore) f[ignore] = "";
    var terms = BM.searchTerms(f.q);
    var phrase = terms.join(" ");
    // Each match with its tier: 0, the words as typed, one after another, from a word's start;
    // 1, each at a word's start; 2, each somewhere (as bordermap.commitments.match_tier).
    var found = [];
    allCommitments().forEach(function (c) {
      if (f.sector && c.sector !== f.sector) return;
      if (f.doc && c.document !== f.doc) return;
      if (f.status && c.status !== f.status) return;
      if (f.score && (c.tracking || {}).score !== f.score) return;
      var text = haystack(c);
      if (!terms.every(function (t) { return text.own.indexOf(t) >= 0 || text.said.indexOf(t) >= 0; })) return;
      // Our translation counts as the words as typed only: folded Vietnamese holds a word's start
      // for most short words ("tăng" for "tan", "năm" for "nam"), so "tan nam" found any
      // "tăng cường … Việt Nam" beside Tân Nam.
      var tier = !terms.length || BM.startsAWord(text.own, phrase) || BM.startsAWord(text.said, phrase) ? 0
        : terms.every(function (t) { return BM.startsAWord(text.own, t); }) ? 1 : 2;
      found.push({ c: c, tier: tier, at: found.length });
    });
    // Where some hold each word at a word's start, those that hold one only inside another word
    // are left out, and the words as typed come first (review rv19, M4: "tan nam" found
    // "Ratanakiri", "important" and "standing" beside "Viet Nam" in four others, one listed first).
    if (found.some(function (m) { return m.tier <= 1; })) {
      found = found.filter(function (m) { return m.tier <= 1; })
        .sort(function (a, b) { return a.tier - b.tier || a.at - b.at; });
    }
    return found.map(function (m) { return m.c; });
  }

  function select(labelText, name, options, value) {
    var id = "bm-filter-" + name;
    var node = el("select", { id: id, name: name });
    node.appendChild(el("option", { value: "", text: t("All") }));
    options.forEach(function (opt) {
      // opt[2]: the option's own language, when its text is the data's (a publisher's name).
      var o = el("option", opt[2] ? withLang({ value: opt[0], text: opt[1] }, opt[2]) : { value: opt[0], text: opt[1] });
      o.setAttribute("data-label", opt[1]);
      if (opt[0] === value) o.selected = true;
      node.appendChild(o);
    });
    // A value no option offers (an old or edited link) would filter everything out unseen.
    if (value && !options.some(function (opt) { return opt[0] === value; })) {
      var drop = {}; drop[name] = null; BM.state.write(drop);
    }
    node.addEventListener("change", function () {
      var change = {}; change[name] = node.value; BM.state.write(change); renderList();
    });
    return el("div", { className: "bm-filter" }, [el("label", { for: id, text: labelText }), node]);
  }

  // The publisher and title are the publisher's own words, in the document's language.
  function citation(c) {
    var doc = BM.documents[c.document] || {};
    var own = el("span", withLang({ text: (doc.publisher ? doc.publisher + ", " : "") + asText(doc.title || c.document) },
      doc.language || "en"));
    var rest = (doc.date ? " (" + BM.documentDate(doc) + ")" : "") + ", " + t("paragraph {n}", { n: num(c.paragraph) });
    // The document's own language, so a reader knows what the summary was made from.
    var original = doc.original_language || doc.language;
    if (original) rest += " · " + t("issued in {language}", { language: BM.languageName(original) });
    return [own, rest];
  }

  function renderControls(box) {
    var f = filters();
    var sectors = BM.sectors || {};
    var sectorOptions = Object.keys(sectors).filter(function (key) {
      return allCommitments().some(function (c) { return c.sector === key; });
    }).map(function (key) { return [key, sectors[key]]; });
    // A document no commitment cites (an editors' one, before its first commitment) is no filter.
    var docOptions = Object.keys(BM.documents).filter(function (id) {
      return allCommitments().some(function (c) { return c.document === id; });
    }).map(function (id) {
      var d = BM.documents[id];
      return [id, (d.publisher || "").split(",")[0] + " · " + BM.documentDate(d), d.language || "en"];
    });
    var statuses = [];
    allCommitments().forEach(function (c) { if (c.status && statuses.indexOf(c.status) < 0) statuses.push(c.status); });
    statuses.sort();

    var search = el("input", {
      type: "search", id: "bm-search", name: "q", value: f.q, autocomplete: "off",
      placeholder: t("Place, gate, province, topic, actor…"),
    });
    // The large layers' servers read their names as the reader starts a search.
    search.addEventListener("focus", BM.prepareFar);
    // The list follows the typing once it pauses, not at every key: each pass rebuilds it.
    var pending = null;
    search.addEventListener("input", function () {
      global.clearTimeout(pending);
      pending = global.setTimeout(function () { BM.state.write({ q: search.value }); renderList(); }, SEARCH_PAUSE_MS);
    });
    box.appendChild(el("div", { className: "bm-search" }, [
      el("label", { for: "bm-search", text: t("Search places and commitments") }), search,
    ]));
    box.appendChild(el("div", { className: "bm-filters" }, [
      select(t("Sector"), "sector", sectorOptions, f.sector),
      select(t("Document"), "doc", docOptions, f.doc),
      // Two ways of counting side by side (review rv21a, M4): each says which it is. The status
      // is the record's word ("done" counts praise for a visit too); the progress, the
      // scorecard's columns (tracking.js's `BorderMap.score`), weighs it against targets and time.
      select(t("Status as recorded"), "status", statuses.map(function (s) { return [s, BM.commitmentStatusLabel(s)]; }), f.status),
      select(t("Progress against targets"), "score", (BM.scoreColumns || []).map(function (s) { return [s, BM.scoreLabel(s)]; }), f.score),
    ]));
    var clear = el("button", { type: "button", className: "bm-clear", hidden: "hidden", text: t("Clear search and filters") });
    clear.addEventListener("click", function () {
      BM.state.write({ q: null, sector: null, doc: null, status: null, score: null });
      Panel.applyState(BM.state.read());
      search.focus();
    });
    box.appendChild(clear);
  }

  // Each filter's options say how many commitments they would give with the other filters
  // and the search as they are, so no choice leads to an unexpected "0 of 47".
  function updateCounts() {
    ["sector", "doc", "status", "score"].forEach(function (name) {
      var field = Panel.root.querySelector("#bm-filter-" + name);
      if (!field) return;
      var items = matching(name);
      var key = name === "doc" ? "document" : name;
      // Progress is where each stands today (`tracking.score`), not a field of the record.
      var value = name === "score" ? function (c) { return (c.tracking || {}).score; } : function (c) { return c[key]; };
      Array.prototype.forEach.call(field.options, function (option) {
        var n = option.value ? items.filter(function (c) { return value(c) === option.value; }).length : items.length;
        var label = option.value ? option.getAttribute("data-label") : t("All");
        option.textContent = label + " (" + num(n) + ")";
      });
    });
  }

  // Places whose names match the search, above the commitments: a gate, a province, a place.
  function renderList() {
    var list = Panel.root.querySelector(".bm-list");
    list.textContent = "";
    if (Panel.preview.length) { Panel.unpaint(Panel.preview); Panel.preview = []; Panel.refreshHighlight(); }
    var items = matching();
    var count = Panel.root.querySelector(".bm-count-line");
    count.textContent = nt("{shown} of {n} commitment", "{shown} of {n} commitments", allCommitments().length,
      { shown: num(items.length) });
    Panel.renderFound();
    // The status line says the places a search found too (shown above the list, they appeared
    // in silence); the heading over them says it to the eye.
    var places = (Panel.foundPlaces || []).length;
    if (places) {
      count.appendChild(el("span", { className: "bm-visually-hidden",
                                     text: " · " + nt("{n} place on the map", "{n} places on the map", places) }));
    }
    updateCounts();
    var clear = Panel.root.querySelector(".bm-clear");
    if (clear) clear.hidden = !filtering();
    // The map marks what was found: the places named, and those the listed commitments name.
    var marked = filtering() ? (Panel.foundPlaces || []).slice() : [];
    if (filtering()) items.forEach(function (c) { marked = marked.concat(linksOf(c)); });
    Panel.matchedPlaces = marked.filter(function (id, i) { return marked.indexOf(id) === i; });
    Panel.root.setAttribute("data-marked", String(Panel.matchedPlaces.length));
    Panel.refreshHighlight();
    var groups = {};
    items.forEach(function (c) { (groups[c.sector] = groups[c.sector] || []).push(c); });
    // Sectors in the order about.js gives (those naming most places on the map first).
    (BM.sectorOrder ? BM.sectorOrder() : Object.keys(BM.sectors || {})).forEach(function (sector) {
      if (!groups[sector]) return;
      var section = el("section", { className: "bm-sector", "aria-label": BM.sectors[sector] });
      section.appendChild(el("h3", { text: BM.sectors[sector] + " (" + num(groups[sector].length) + ")" }));
      var ul = el("ul");
      groups[sector].forEach(function (c) {
        var places = linksOf(c).filter(function (id) { return !leftOut(id); }).length;
        var button = el("button", { type: "button", className: "bm-item", "data-commitment": c.id }, [
          el("span", { className: "bm-item-text" }, BM.dataTextNodes(c, "summary", "bm-item-summary")),
          el("span", { className: "bm-item-meta", text:
            BM.statementLabel(c.statement) + " · " + BM.commitmentStatusLabel(c.status) + " · " +
            (places ? nt("{n} place", "{n} places", places) : t("no place")) +
            (c.origin === "editor" ? " · " + t("added by editors") : "") }),
        ]);
        if (c.id === Panel.selected) button.setAttribute("aria-current", "true");
        ul.appendChild(el("li", null, [button]));
      });
      section.appendChild(ul);
      list.appendChild(section);
    });
    // Before the first commitment was stated there is nothing to match, and the intro says so
    // (BM.noneYet): the list says when the first one came, one click away, not that a search
    // found nothing.
    var none = !allCommitments().length && BM.asOf;
    var first = none && BM.firstStated ? BM.firstStated() : null;
    if (!items.length && none && first) {
      var go = el("button", { type: "button", className: "bm-linkbutton bm-first-stated",
                              text: t("Go to {date}", { date: BM.date(first) }) });
      go.addEventListener("click", function () {
        BM.setAsOf(first);
        // The button is gone with the list it was in: the reader goes on from the intro, which
        // now says what that day shows.
        var intro = document.getElementById("bm-about");
        if (intro) { intro.setAttribute("tabindex", "-1"); intro.focus(); }
      });
      // The date is kept whole on its line (2025-<break>02-19 read as two numbers).
      var said = t("The first commitment on record was stated on {date}.", { date: "\u0000" }).split("\u0000");
      list.appendChild(el("p", { className: "bm-muted bm-first-line" }, [
        said[0], el("span", { className: "bm-nowrap", text: BM.date(first) }), said[1] || "", " ", go]));
    } else if (!items.length && !none) {
      list.appendChild(el("p", { className: "bm-muted", text: t("No commitment matches.") }));
    }
    if (!items.length && filtering()) {
      var again = el("button", { type: "button", className: "bm-linkbutton", text: t("Clear search and filters") });
      again.addEventListener("click", function () { Panel.root.querySelector(".bm-clear").click(); });
      list.appendChild(again);
    }
  }

  Panel.filters = filters;
  Panel.citation = citation;
  Panel.renderControls = renderControls;
  Panel.renderList = renderList;
})(window);
