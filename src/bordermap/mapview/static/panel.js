/* bordermap commitments panel: list grouped by sector, search, filters, two-way linking.
 *
 * Text from data goes in with textContent only. The selection lives in the URL's hash
 * (commitment, q, sector, doc, status) so a link restores it.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, num = BM.num, withLang = BM.withLang;

  var Panel = { root: null, selected: null, highlighted: [], preview: [], shown: [], found: [] };
  var SEARCH_PAUSE_MS = 150;

  // Accent- and case-insensitive matching: "tay ninh" finds "Tây Ninh" (find.js).
  var fold = BM.fold;
  Panel.fold = fold;
  var PLACE_RESULTS = 8;
  var FAR_RESULTS = 8;  // features of each large layer the search lists

  // The English words and the page language's alike find a commitment: the record's fields and
  // the labels and places' names as the page shows them (`own`), and our translation of the
  // summary and target the list and detail show (`said`); bordermap.commitments reads the same
  // record and translations for the API's `q`, and ranks alike.
  function haystack(c) {
    var places = (c.places || []).map(function (p) { return p.name; });
    var local = linksOf(c).map(function (id) {
      return BM.features[id] ? BM.featureLocalName(id).text : leftOut(id) ? BM.localName(BM.elsewhere[id], id).text : "";
    });
    var own = fold([c.summary, (c.actors || []).join(" "), (c.actors || []).map(BM.actorLabel).join(" "), c.sector_label,
      BM.sectors && BM.sectors[c.sector], c.statement, BM.statementLabel(c.statement), c.status,
      BM.commitmentStatusLabel(c.status), c.target].concat(places, local).join(" "));
    var said = ["summary", "target"].map(function (field) {
      var text = BM.dataText(c, field);
      return text.translated ? text.text : "";
    });
    return { own: own, said: fold(said.join(" \u0001 ")) };
  }

  function allCommitments() {
    return Object.keys(BM.commitments).map(function (id) { return BM.commitments[id]; });
  }

  function linksOf(c) {
    return [].concat(c.features || [], c.provinces || [], c.user_features || []);
  }
  // A place an export leaves out (a layer not chosen): named, never a link to nothing.
  function leftOut(id) {
    return !BM.features[id] && Object.prototype.hasOwnProperty.call(BM.elsewhere || {}, id);
  }

  // ------------------------------------------------------------------ highlighting
  // Magenta: no legend symbol or layer colour is of this family, so a selected place is never
  // taken for the inaugurated checkpoint (amber) or an expressway (orange).
  var HIGHLIGHT = { color: "#d01c8b", weight: 5, opacity: 1, fillColor: "#f1b6da", fillOpacity: 0.75, outline: "#4d0026" };
  // A preview (hover or focus) is lighter than a selection, so the two are never confused.
  var PREVIEW = { color: "#e87ab8", weight: 4, opacity: 1, fillColor: "#fde0ef", fillOpacity: 0.6, outline: "#8e0152" };
  // What a search or filter found: cyan, a family no layer, selection or preview uses.
  var FOUND = { color: "#00a9b0", weight: 4, opacity: 1, fillColor: "#a6f0f2", fillOpacity: 0.5, outline: "#00474a" };
  Panel.FOUND = FOUND;
  Panel.HIGHLIGHT = HIGHLIGHT;
  Panel.PREVIEW = PREVIEW;

  // options.show: a selection may turn on a hidden layer its places are in (and turns it off
  // again when it ends); a preview never does (its places in hidden layers stay unseen).
  function paint(ids, look, options) {
    return ids.filter(function (id) {
      var layerId = BM.layerOf(id);
      if (!layerId) return false;
      if (!BM.layerShown(layerId)) {
        if (!(options && options.show)) return false;
        BM.showLayer(layerId);
        Panel.shown.push(layerId);
      }
      return BM.paint(id, look);
    });
  }

  function unpaint(ids) {
    ids.forEach(BM.unpaint);
  }

  function refreshHighlight() {
    unpaint(Panel.preview.concat(Panel.highlighted, Panel.found));
    var ids = Panel.selected ? linksOf(BM.commitments[Panel.selected] || {}) : [];
    // Layers the last selection turned on go back off unless this one needs them too.
    var needed = ids.map(BM.layerOf);
    Panel.shown = Panel.shown.filter(function (layerId) {
      if (needed.indexOf(layerId) >= 0) return true;
      BM.hideLayer(layerId);
      return false;
    });
    // What the search and filters found, under the selection (which is drawn over it).
    Panel.found = paint(Panel.matchedPlaces || [], FOUND, { show: false });
    Panel.highlighted = paint(ids, HIGHLIGHT, { show: true });
    Panel.preview = [];
    BM.emit("highlight", { count: Panel.highlighted.length });
  }

  function preview(id) {
    if (Panel.selected || Panel.quietFocus) return;
    unpaint(Panel.preview);
    Panel.preview = paint(linksOf(BM.commitments[id] || {}), PREVIEW, { show: false });
  }

  function unpreview() {
    if (Panel.selected) return;
    unpaint(Panel.preview);
    Panel.preview = [];
    // A previewed place the search had found gets its found look back.
    if (Panel.found.length) { unpaint(Panel.found); Panel.found = paint(Panel.matchedPlaces || [], FOUND, { show: false }); }
  }

  // ------------------------------------------------------------------ filters and list
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
      applyState(BM.state.read());
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
  function renderFound() {
    var box = Panel.root.querySelector(".bm-found");
    box.textContent = "";
    var q = filters().q;
    var places = q ? BM.findPlaces(q) : [];
    Panel.foundPlaces = places.map(function (p) { return p.id; });
    renderFar(q);
    if (!places.length) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(el("h3", { text: nt("{n} place on the map", "{n} places on the map", places.length) }));
    var ul = el("ul", { className: "bm-found-list" });
    places.slice(0, PLACE_RESULTS).forEach(function (place) {
      ul.appendChild(el("li", null, [
        el("button", { type: "button", className: "bm-linkbutton bm-found-place", "data-feature": place.id }, [
          BM.nameNode(BM.featureLocalName(place.id)),
          el("span", { className: "bm-item-meta", text: " · " + BM.layerTitleOf(place.id) }),
        ]),
      ]));
    });
    box.appendChild(ul);
    if (places.length > PLACE_RESULTS) {
      box.appendChild(el("p", { className: "bm-muted", text: t("{n} more are marked on the map.", { n: num(places.length - PLACE_RESULTS) }) }));
    }
  }

  // The features of the large layers whose names match, which the page never loads: the
  // server looks once the typing pauses (find.js's findFar), and each layer's matches come
  // under their own heading below the places on the map. A result opens the feature where it
  // is (biglayer.js's openFeatureAnywhere switches its layer on).
  function renderFar(q, note) {
    var box = Panel.root.querySelector(".bm-found-far");
    var status = Panel.root.querySelector(".bm-found-far-status");
    box.textContent = "";
    box.hidden = true;
    status.textContent = "";
    if (!q || !BM.farLayers().length || !BM.searchTerms(q).length) {
      BM.findFar("", 0);  // drops a search still under way
      return;
    }
    box.hidden = false;
    box.appendChild(el("p", { className: "bm-muted", text: t("Looking in the large layers…") }));
    BM.findFar(q, FAR_RESULTS).then(function (answers) {
      if (answers === null) return;  // a newer search replaced this one
      box.textContent = "";
      if (note) box.appendChild(el("p", { className: "bm-muted", text: note }));
      // Said to a screen reader too: the list itself is not announced as it arrives.
      var said = [], failed = [];
      answers.forEach(function (answer) {
        var title = asText(answer.layer.title);
        if (answer.error) {  // the server did not answer (an outage, review 20): no "nothing matches"
          failed.push(t("The server could not answer the search in {layer}; try again in a moment.", { layer: title }));
          box.appendChild(el("p", { className: "bm-muted", text: failed[failed.length - 1] }));
          return;
        }
        if (!answer.features.length) return;
        said.push(answer.more
          ? t("{n} or more features of {layer} match.", { n: num(answer.features.length), layer: title })
          : nt("{n} feature of {layer} matches.", "{n} features of {layer} match.", answer.features.length, { layer: title }));
        box.appendChild(el("h3", { text: t("In {layer}, a large layer", { layer: title }) }));
        var ul = el("ul", { className: "bm-found-list" });
        answer.features.forEach(function (feature) {
          // The heading names the layer: each line names the feature as its popup's title does,
          // then, when the server gives one, its name in the page's language (or the name found).
          var parts = [el("span", withLang({ text: asText(feature.name) }, "en"))];
          if (feature.local) {
            parts.push(document.createTextNode(" · "));
            parts.push(el("span", withLang({ text: asText(feature.local) }, feature.local_lang || "en")));
          }
          ul.appendChild(el("li", null, [
            el("button", { type: "button", className: "bm-linkbutton bm-found-place", "data-feature": feature.id }, parts),
          ]));
        });
        box.appendChild(ul);
        if (answer.more) {
          box.appendChild(el("p", { className: "bm-muted", text: t("More features match: add a word to narrow the search.") }));
        }
      });
      var none = failed.length === answers.length ? "" : t("No feature of the large layers matches.");
      if (!said.length && none) box.appendChild(el("p", { className: "bm-muted", text: none }));
      box.hidden = false;
      status.textContent = said.concat(failed).join(" ") || none;
    });
  }

  function renderList() {
    var list = Panel.root.querySelector(".bm-list");
    list.textContent = "";
    if (Panel.preview.length) { unpaint(Panel.preview); Panel.preview = []; refreshHighlight(); }
    var items = matching();
    var count = Panel.root.querySelector(".bm-count-line");
    count.textContent = nt("{shown} of {n} commitment", "{shown} of {n} commitments", allCommitments().length,
      { shown: num(items.length) });
    renderFound();
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
    refreshHighlight();
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

  // ------------------------------------------------------------------ detail
  function renderDetail(c) {
    var box = Panel.root.querySelector(".bm-detail");
    box.textContent = "";
    if (!c) { box.hidden = true; return; }
    box.hidden = false;
    var doc = BM.documents[c.document] || {};
    var back = el("button", { type: "button", className: "bm-back", text: t("← All commitments") });
    back.addEventListener("click", function () { Panel.close(); });
    box.appendChild(back);
    var summary = BM.dataText(c, "summary");
    box.appendChild(el("h2", withLang({ id: "bm-detail-title", tabindex: "-1", text: summary.text }, summary.lang)));
    if (c.origin === "editor") {
      // Not from the curated release: an editor added it in the product (see the revisions).
      box.appendChild(el("p", { className: "bm-badge bm-badge-editor", text: t("Added by editors") }));
    }
    var note = BM.translationNote(c, "summary");
    if (note) box.appendChild(note);
    var facts = el("dl", { className: "bm-facts" });
    // Everything in the page language: the vocabulary's labels, dates, and our translation of
    // the target (a span of years is written in the page's digits).
    var target = BM.dataText(c, "target");
    var years = /^[0-9\s\u2013-]+$/.test(target.text);
    // Each year, month or day of it as the page writes dates (2027-06: "tháng 6, 2027"; ២០២៧ in Khmer).
    var targetNode = target.text && el("span", years
      ? { text: target.text.replace(/\d{4}(?:-\d{2}(?!\d))?(?:-\d{2}(?!\d))?/g, BM.date) }
      : withLang({ text: target.text }, target.lang));
    var actors = el("span");
    (c.actors || []).forEach(function (actor, i) {
      if (i) actors.appendChild(document.createTextNode(", "));
      actors.appendChild(BM.labelNode("actors", actor));
    });
    [[t("Sector"), c.sector && BM.labelNode("sectors", c.sector)], [t("Statement"), c.statement && BM.labelNode("statements", c.statement)],
      [t("Status"), c.status && BM.labelNode("commitment_statuses", c.status)], [t("Stated"), c.stated && BM.date(c.stated)],
      [t("Target"), targetNode], [t("Actors"), (c.actors || []).length && actors]].forEach(function (pair) {
      if (!pair[1]) return;
      facts.appendChild(el("dt", { text: pair[0] }));
      facts.appendChild(el("dd", null, [pair[1]]));
    });
    box.appendChild(facts);
    var labelNote = BM.unreviewedLabelNote(facts);
    if (labelNote) box.appendChild(labelNote);
    BM.emit("commitment-detail", { box: box, commitment: c });

    var cite = el("p", { className: "bm-citation" }, [el("strong", { text: t("Source:") + " " })].concat(citation(c)));
    var href = BM.safeUrl(doc.url);
    if (href) {
      cite.appendChild(document.createTextNode(" "));
      cite.appendChild(el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: t("(online copy)") }));
    }
    box.appendChild(cite);
    if (c.quote && c.quote.text) {
      var source = doc.publisher ? t("Text of the source, © {publisher}", { publisher: asText(doc.publisher) })
        : asText(c.quote.attribution);
      box.appendChild(el("figure", { className: "bm-quote" }, [
        // The publisher's own words, in the document's language.
        el("blockquote", withLang({ text: c.quote.text }, c.quote.language || doc.language || "en")),
        el("figcaption", { text: t("{source} — paragraph {n}, quoted for reference", { source: source, n: num(c.paragraph) }) }),
      ]));
    }

    var ids = linksOf(c);
    box.appendChild(el("h3", { text: t("Where it applies") }));
    if (!ids.length) {
      box.appendChild(el("p", { className: "bm-muted", text: t("This commitment names no place on the map.") }));
    } else {
      var ul = el("ul", { className: "bm-places" });
      ids.forEach(function (id) {
        if (leftOut(id)) {
          ul.appendChild(el("li", { className: "bm-place-elsewhere" }, [
            BM.nameNode(BM.localName(BM.elsewhere[id], id)), " ",
            el("span", { className: "bm-muted", text: t("(not in this file)") }),
          ]));
          return;
        }
        // A place an editor added is marked as such beside the curated ones.
        var mark = BM.editorMark ? BM.editorMark(null, id, false) : null;
        ul.appendChild(el("li", mark ? { className: "bm-place-editor" } : null, [
          BM.nameNode(BM.featureLocalName(id), { type: "button", className: "bm-linkbutton", "data-feature": id }, "button"),
          mark ? " " : null, mark,
        ]));
      });
      box.appendChild(ul);
    }
    // Where we link more places than the paragraph names, our reading says so.
    if (c.links_reading) {
      box.appendChild(el("p", { className: "bm-reading" }, [el("strong", { text: t("Our reading:") + " " })]
        .concat(BM.dataTextNodes(c, "links_reading"))));
    }
  }

  Panel.open = function (id, options) {
    var c = BM.commitments[id];
    if (!c) return false;
    clearMissingNotice();  // a link's, now answered
    Panel.selected = id;
    // options.step: the reader chose it (Back returns to what was shown before).
    BM.state.write({ commitment: id }, { step: !!(options && options.step) });
    Panel.root.classList.add("bm-has-detail");
    renderDetail(c);
    renderList();
    refreshHighlight();
    if (!(options && options.keepView)) BM.frame(linksOf(c));
    var title = Panel.root.querySelector("#bm-detail-title");
    if (title && !(options && options.noFocus)) {
      title.focus({ preventScroll: false });
    } else {
      // A followed link or another day: the detail is brought to the top of the panel, as the
      // focus brings it for a click (on a phone it opened below the panel's fold, unseen).
      var detail = Panel.root.querySelector(".bm-detail");
      Panel.root.scrollTop += detail.getBoundingClientRect().top - Panel.root.getBoundingClientRect().top;
    }
    return true;
  };

  Panel.close = function () {
    var previous = Panel.selected;
    Panel.selected = null;
    // Always the reader's step ("← All commitments", Escape): Back returns to the commitment.
    BM.state.write({ commitment: null }, { step: true });
    Panel.root.classList.remove("bm-has-detail");
    renderDetail(null);
    renderList();
    refreshHighlight();
    var button = previous && Panel.root.querySelector('.bm-item[data-commitment="' + cssEscape(previous) + '"]');
    // Back where the reader was; when that item is filtered out, at the search box.
    Panel.quietFocus = true;  // focus coming back is not a request for a preview
    (button || Panel.root.querySelector("#bm-search")).focus();
    Panel.quietFocus = false;
  };

  function cssEscape(value) {
    return global.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, "\\$&");
  }

  // The hash was changed from outside (a link to this page): show what it now says.
  function applyState(state) {
    // The reader's focus, when it was in the panel or nowhere (Back and Forward leave it on the
    // body once the node that had it is rebuilt), follows what the address now shows, as it does
    // after a click or Escape (review 23j, F3).
    var active = document.activeElement;
    var following = !active || active === document.body || Panel.root.contains(active);
    var before = Panel.selected;
    ["q", "sector", "doc", "status", "score"].forEach(function (name) {
      var field = Panel.root.querySelector(name === "q" ? "#bm-search" : "#bm-filter-" + name);
      if (field) field.value = state[name] || "";
    });
    var opened = state.commitment && state.commitment !== Panel.selected &&
      Panel.open(state.commitment, { keepView: !!state.view, noFocus: true });
    if (state.commitment && state.commitment !== Panel.selected && !opened) {
      // A link to another commitment this map does not show: the one open is not left open
      // under an address that names another.
      unselect();
      linkedMissing(state.commitment);
    } else if (!state.commitment && Panel.selected) {
      unselect();
    }
    renderList();
    if (!following || Panel.selected === before) return;
    var target = Panel.selected ? Panel.root.querySelector("#bm-detail-title")
      : (before && Panel.root.querySelector('.bm-item[data-commitment="' + cssEscape(before) + '"]')) ||
        Panel.root.querySelector("#bm-search");
    if (!target) return;
    Panel.quietFocus = true;  // focus coming back is not a request for a preview
    target.focus({ preventScroll: !!Panel.selected });
    Panel.quietFocus = false;
  }

  function unselect() {
    if (!Panel.selected) return;
    Panel.selected = null;
    Panel.root.classList.remove("bm-has-detail");
    renderDetail(null);
    refreshHighlight();
  }

  // A link to a commitment this map does not show (withdrawn since, mistyped, or not stated by
  // the chosen day) says so, rather than silently showing the list, and leaves the address.
  function linkedMissing(id) {
    missingNotice(t("The link names a commitment ({id}) this map does not show: it may have been withdrawn, or not yet stated on the chosen day.",
      { id: asText(id) }), id);
    BM.state.write({ commitment: null });
    if (!(BM.commitmentOnRecord && BM.commitmentOnRecord(id))) explainWithdrawn(id);
  }

  // The page's data leaves out the commitments editors withdrew (retired); an old link to one
  // asks the app for its record and says when, why and by which change. The export has no app
  // to ask: its notice stays as it is.
  function explainWithdrawn(id) {
    var url = BM.config && BM.config.commitments && BM.config.commitments.url;
    var notice = Panel.root.querySelector(".bm-missing-commitment");
    if (typeof url !== "string" || !notice || !global.fetch) return;
    // The list of those withdrawn (an empty one when none was): a link mistyped is no 404 to log.
    fetch(url.replace(/\?.*$/, "") + "/withdrawn", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (list) {
        var record = Array.isArray(list) ? list.filter(function (c) { return c && c.id === id; })[0] : null;
        var retired = record && record.retired;
        if (!retired || !notice.isConnected) return;
        var day = typeof retired.at === "string" ? retired.at.slice(0, 10) : null;
        var doc = BM.documents[record.document] || {};
        var summary = BM.dataTextNodes(record, "summary");
        var parts = [
          (day ? t("The link names a commitment ({id}) its editors withdrew on {date}.", { id: asText(id), date: BM.date(day) })
               : t("The link names a commitment ({id}) its editors withdrew.", { id: asText(id) })) + " ",
          el("span", { className: "bm-missing-what" }, [el("q", null, [summary[0]])].concat(summary.slice(1), [" — ",
              el("span", withLang({ text: BM.documentText(doc, false) || record.document }, doc.language || "en")),
              (doc.date ? " (" + BM.documentDate(doc) + ")" : "") + ", " + t("paragraph {n}", { n: num(record.paragraph) }) + "."]))];
        // The editor's reason, in the words and language they wrote it in.
        if (retired.reason) parts.push(" " + t("Reason given:") + " ", el("q", { text: retired.reason }));
        if (typeof retired.url === "string" && /^\/[^/]/.test(retired.url)) {
          parts.push(" ", el("a", { href: retired.url, text: t("The change that withdrew it") }));
        }
        notice.className = "bm-notice bm-notice-warning bm-missing-commitment bm-withdrawn";
        notice.textContent = "";
        parts.forEach(function (part) { notice.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
      })
      .catch(function () { /* the notice already says it may have been withdrawn */ });
  }

  // ------------------------------------------------------------------ places on the map
  // Features are drawn on a canvas and take no keyboard focus: this list is the keyboard's and
  // the screen reader's way to every feature of the layers small enough to list.
  var PLACES_LIMIT = 500;

  function renderPlaces(details) {
    // Top of the map first: points and lines before the provinces under them.
    BM.placesByLayer(PLACES_LIMIT).forEach(function (layer) {
      var section = el("section", { className: "bm-place-layer", "aria-label": layer.title });
      section.appendChild(el("h3", { text: layer.title + " (" + num(layer.count) + ")" }));
      if (!layer.places) {
        section.appendChild(el("p", { className: "bm-muted",
          text: t("Too many to list here: find them on the map or search the layer's data.") }));
        details.appendChild(section);
        return;
      }
      // Each by the name the map's labels and popups give it (in the page's language where a
      // source gives one), in that name's order.
      var named = layer.places.map(function (item) { return { id: item.id, name: BM.featureLocalName(item.id) }; });
      named.sort(function (a, b) { return a.name.text.localeCompare(b.name.text, BM.lang()); });
      var ul = el("ul");
      named.forEach(function (item) {
        ul.appendChild(el("li", null, [
          BM.nameNode(item.name, { type: "button", className: "bm-linkbutton", "data-feature": asText(item.id) }, "button"),
        ]));
      });
      section.appendChild(ul);
      details.appendChild(section);
    });
  }

  function placesSection() {
    var summary = el("summary", { text: t("Places on the map") });
    var details = el("details", { className: "bm-all-places" }, [summary]);
    // Built on first opening, as the summary is clicked (before the next Tab can pass the list
    // by): several hundred buttons are not needed by everyone.
    var build = function () { if (!details.querySelector(".bm-place-layer")) renderPlaces(details); };
    summary.addEventListener("click", build);
    details.addEventListener("toggle", function () { if (details.open) build(); });
    return details;
  }

  // A layer the reader turns on or off in the layer control is theirs: the selection leaves it be.
  function onLayerVisibility(change) {
    if (!change.byReader) return;
    Panel.shown = Panel.shown.filter(function (layerId) { return layerId !== change.id; });
  }

  // One listener per list, not per item: each button says what it stands for.
  function delegate(root) {
    root.addEventListener("click", function (event) {
      var item = event.target.closest(".bm-item[data-commitment]");
      if (item) { Panel.open(item.getAttribute("data-commitment"), { step: true }); return; }
      var place = event.target.closest("button[data-feature]");
      if (!place) return;
      var id = place.getAttribute("data-feature");
      // Not drawn on the page: a feature of a large layer (the search asked the server for it).
      if (BM.openFeature(id, { focus: true }) || !BM.openFeatureAnywhere) return;
      BM.openFeatureAnywhere(id, { focus: true }).then(function (opened) {
        // Changed since the search (deleted, moved to another layer): the results are asked again.
        if (!opened) renderFar(filters().q, t("That feature is no longer there: the large layers were searched again."));
      });
    });
    // Preview on hover and on keyboard focus alike, while nothing is selected.
    var itemOf = function (event) { return event.target.closest && event.target.closest(".bm-list .bm-item"); };
    var leaving = function (event) {
      var item = itemOf(event);
      if (item && !(event.relatedTarget && item.contains(event.relatedTarget))) unpreview();
    };
    root.addEventListener("mouseover", function (event) {
      var item = itemOf(event);
      if (item && !(event.relatedTarget && item.contains(event.relatedTarget))) preview(item.getAttribute("data-commitment"));
    });
    root.addEventListener("focusin", function (event) {
      var item = itemOf(event);
      if (item) preview(item.getAttribute("data-commitment"));
    });
    root.addEventListener("mouseout", leaving);
    root.addEventListener("focusout", leaving);
  }

  // Below the map on a phone the panel keeps a third of the screen, so the map stays in use; a
  // reader of a long commitment or list makes it larger, and smaller again (review 23c, F7). The
  // stylesheet shows the button only where the panel is below the map.
  function sizeButton() {
    var button = el("button", { type: "button", className: "bm-panel-size", "aria-controls": "bm-panel" });
    function label(tall) {
      button.setAttribute("aria-expanded", tall ? "true" : "false");
      button.setAttribute("aria-label", tall ? t("Make the panel smaller") : t("Make the panel larger"));
      button.title = button.getAttribute("aria-label");
    }
    label(false);
    button.addEventListener("click", function () {
      var tall = !Panel.root.classList.contains("bm-panel-tall");
      Panel.root.classList.toggle("bm-panel-tall", tall);
      document.body.classList.toggle("bm-panel-tall-on", tall);
      label(tall);
      BM.resize();  // the map's room changed; its centre stays where it was
    });
    return el("div", { className: "bm-panel-sizer" }, [button]);
  }

  Panel.init = function () {
    Panel.root = document.getElementById("bm-panel");
    if (!Panel.root || !Object.keys(BM.commitments).length) return;
    Panel.root.textContent = "";
    Panel.root.appendChild(sizeButton());
    Panel.root.appendChild(el("h2", { className: "bm-panel-title", text: t("What was agreed") }));
    var controls = el("div", { className: "bm-controls" });
    renderControls(controls);
    Panel.root.appendChild(controls);
    Panel.root.appendChild(el("div", { className: "bm-detail", hidden: "hidden", role: "region", "aria-label": t("Selected commitment") }));
    Panel.root.appendChild(el("div", { className: "bm-found", hidden: "hidden" }));
    Panel.root.appendChild(el("div", { className: "bm-found bm-found-far", hidden: "hidden" }));
    Panel.root.appendChild(el("p", { className: "bm-visually-hidden bm-found-far-status", role: "status",
                                     "aria-live": "polite" }));
    // Every place is one click away, above the long list of commitments rather than after it.
    Panel.root.appendChild(placesSection());
    Panel.root.appendChild(el("p", { className: "bm-count-line", role: "status", "aria-live": "polite" }));
    Panel.root.appendChild(el("div", { className: "bm-list" }));
    renderList();
    Panel.root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && Panel.selected) Panel.close();
    });
    BM.on("open-commitment", function (id) { Panel.open(id, { step: true }); });
    BM.on("state-change", applyState);
    BM.on("layer-visibility", onLayerVisibility);
    delegate(Panel.root);
    // The panel has just appeared and taken its room from the map: size the map before a
    // shared link's selection is fitted into it.
    BM.resize();
    // A link that names a view keeps it; otherwise the map frames the linked commitment, once
    // the controls that cover the map are on it.
    var wanted = BM.state.read().commitment;
    if (wanted && Panel.open(wanted, { keepView: true, noFocus: true }) && !BM.initialState.view) {
      BM.on("placed", function () {
        if (Panel.selected === wanted) BM.frame(linksOf(BM.commitments[wanted]));
      });
    } else if (wanted && !BM.commitments[wanted]) {
      linkedMissing(wanted);
    }
  };

  // Said above the list until the next step (Back, Forward, another commitment). A commitment
  // stated after the chosen day (`missing`) is said with the day it was, one click away, and
  // opens once the map reaches that day.
  var missing = null;
  function clearMissingNotice() {
    missing = null;
    var old = Panel.root && Panel.root.querySelector(".bm-missing-commitment");
    if (old) old.remove();
  }
  function missingNotice(text, id) {
    clearMissingNotice();
    var list = Panel.root.querySelector(".bm-list");
    var notice = el("p", { className: "bm-notice bm-notice-error bm-missing-commitment", role: "status", text: text });
    var first = id && BM.firstStated ? BM.firstStated([id]) : null;
    if (first && BM.asOf && first > BM.asOf) {
      missing = id;
      var go = el("button", { type: "button", className: "bm-linkbutton bm-missing-go",
                              text: t("Go to {date}", { date: BM.date(first) }) });
      go.addEventListener("click", function () {
        BM.setAsOf(first);
        if (Panel.selected !== id) return;
        BM.frame(linksOf(BM.commitments[id]));
        // The notice and its button are gone: the focus goes to what opened in their place.
        var title = Panel.root.querySelector("#bm-detail-title");
        if (title) title.focus({ preventScroll: true });
      });
      notice.appendChild(document.createTextNode(" " + t("It was stated on {date}.", { date: BM.date(first) }) + " "));
      notice.appendChild(go);
      // What it is, for a reader who followed a link and knows it only by its id.
      var known = BM.commitmentOnRecord && BM.commitmentOnRecord(id);
      if (known) {
        // The summary in the page language, marked as the list marks it while nobody has
        // reviewed our translation (the mark outside the quotation marks: it is not quoted).
        var summary = BM.dataTextNodes(known, "summary");
        var doc = BM.documents[known.document] || {};
        notice.appendChild(el("span", { className: "bm-missing-what" }, [el("q", null, [summary[0]])].concat(summary.slice(1), [
          " — ",
          el("span", withLang({ text: BM.documentText(doc, false) || known.document }, doc.language || "en")),
          (doc.date ? " (" + BM.documentDate(doc) + ")" : "") + ", " + t("paragraph {n}", { n: num(known.paragraph) })])));
      }
    }
    if (list) list.parentNode.insertBefore(notice, list);
  }
  // A link to a place the map does not have (startup.js).
  Panel.missingPlace = function (id) {
    if (!Panel.root || !Panel.root.querySelector(".bm-list")) return;
    missingNotice(t("The link names a place ({id}) this map does not show: it may have been removed since, or the link cut short.",
      { id: asText(id) }));
  };
  BM.on("state-change", function (state) {
    // Another day in the address is answered by refresh; any other step ends the notice.
    if (!missing || state.commitment) clearMissingNotice();
  });

  // What the intro (about.js) and the list say on a day before the first commitment was stated.
  BM.noneYet = function () {
    return t("No commitment this map shows had been stated yet on {date}.", { date: BM.date(BM.asOf) });
  };

  // The commitments changed (another "as of" date): list, detail and highlight follow.
  Panel.refresh = function () {
    if (!Panel.root || !Panel.root.querySelector(".bm-list")) return;
    var wanted = BM.state.read();
    if (missing && BM.commitments[missing]) {
      // The day it was stated, or a later one: the commitment the reader was after opens.
      var found = missing;
      clearMissingNotice();
      Panel.open(found, { keepView: true, noFocus: true });
    } else if (missing) {
      missingNotice(t("Commitment {id} had not been stated yet on {date}.", { id: asText(missing), date: BM.date(BM.asOf) }), missing);
    }
    if (Panel.selected && !BM.commitments[Panel.selected]) {
      // Another day left it out: said, not closed in silence.
      missingNotice(t("Commitment {id} had not been stated yet on {date}.", { id: asText(Panel.selected), date: BM.date(BM.asOf) }),
                    Panel.selected);
      Panel.selected = null;
      BM.state.write({ commitment: null });
      Panel.root.classList.remove("bm-has-detail");
      renderDetail(null);
      refreshHighlight();
    } else if (Panel.selected) {
      renderDetail(BM.commitments[Panel.selected]);
    } else if (wanted.commitment && BM.commitments[wanted.commitment]) {
      // A link followed from an earlier day: the day changed first, and now it is on the map.
      Panel.open(wanted.commitment, { keepView: !!wanted.view, noFocus: true });
    }
    renderList();
    refreshHighlight();
    BM.emit("commitments-change");
  };

  BM.panel = Panel;
  BM.on("ready", Panel.init);
})(window);
