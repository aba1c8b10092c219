/* bordermap commitments panel: list grouped by sector, search, filters, two-way linking. This
 * file holds the panel's state and its opening, closing and following of the address; the
 * others add to it (BorderMap.panel, made here, loaded after it): panelhighlight.js (the places
 * a selection, a preview or a search paints on the map), panellist.js (the filters and the
 * list), panelsearch.js (places found by name), paneldetail.js (a commitment's detail),
 * panelplaces.js (every place on the map, and the panel's size).
 *
 * Text from data goes in with textContent only. The selection lives in the URL's hash
 * (commitment, q, sector, doc, status) so a link restores it.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, num = BM.num, withLang = BM.withLang;

  var Panel = { root: null, selected: null, highlighted: [], preview: [], shown: [], found: [] };
  BM.panel = Panel;  // what the other scripts know of the panel (share.js, timeline.js, startup.js)

  // Accent- and case-insensitive matching: "tay ninh" finds "Tây Ninh" (find.js).
  var fold = BM.fold;
  Panel.fold = fold;

  // The English words and the page language's alike find a commitment: the record's fields and
  // the labels and places' names as the page shows them (`own`), and our translation of the
  // summary and target the list and detail show (`said`); bordermap.commitments reads the same
  // record and translations for the API's `q`, and ranks alike.
  function haystack(c) {
    var places = (c.places || []).map(function (p) { return p.name; });
    var local = linksOf(c).map(function (id) {
      return BM.features[id] ? [BM.featureLocalName(id).text].concat(BM.allNamesOf(id)).join(" ")
        : leftOut(id) ? BM.localName(BM.elsewhere[id], id).text : "";
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

  Panel.haystack = haystack;
  Panel.allCommitments = allCommitments;
  Panel.linksOf = linksOf;
  Panel.leftOut = leftOut;

  Panel.open = function (id, options) {
    var c = BM.commitments[id];
    if (!c) return false;
    clearMissingNotice();  // a link's, now answered
    Panel.selected = id;
    // options.step: the reader chose it (Back returns to what was shown before).
    BM.state.write({ commitment: id }, { step: !!(options && options.step) });
    Panel.root.classList.add("bm-has-detail");
    Panel.renderDetail(c);
    Panel.renderList();
    Panel.refreshHighlight();
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
    Panel.renderDetail(null);
    Panel.renderList();
    Panel.refreshHighlight();
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
    Panel.renderList();
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
    Panel.renderDetail(null);
    Panel.refreshHighlight();
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

  Panel.applyState = applyState;

  Panel.init = function () {
    Panel.root = document.getElementById("bm-panel");
    if (!Panel.root || !Object.keys(BM.commitments).length) return;
    Panel.root.textContent = "";
    Panel.root.appendChild(Panel.sizeButton());
    Panel.root.appendChild(el("h2", { className: "bm-panel-title", text: t("What was agreed") }));
    var controls = el("div", { className: "bm-controls" });
    Panel.renderControls(controls);
    Panel.root.appendChild(controls);
    Panel.root.appendChild(el("div", { className: "bm-detail", hidden: "hidden", role: "region", "aria-label": t("Selected commitment") }));
    Panel.root.appendChild(el("div", { className: "bm-found", hidden: "hidden" }));
    Panel.root.appendChild(el("div", { className: "bm-found bm-found-far", hidden: "hidden" }));
    Panel.root.appendChild(el("p", { className: "bm-visually-hidden bm-found-far-status", role: "status",
                                     "aria-live": "polite" }));
    // Every place is one click away, above the long list of commitments rather than after it.
    Panel.root.appendChild(Panel.placesSection());
    Panel.root.appendChild(el("p", { className: "bm-count-line", role: "status", "aria-live": "polite" }));
    Panel.root.appendChild(el("div", { className: "bm-list" }));
    Panel.renderList();
    Panel.root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && Panel.selected) Panel.close();
    });
    BM.on("open-commitment", function (id) { Panel.open(id, { step: true }); });
    BM.on("state-change", applyState);
    BM.on("layer-visibility", Panel.onLayerVisibility);
    Panel.delegate(Panel.root);
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
      Panel.renderDetail(null);
      Panel.refreshHighlight();
    } else if (Panel.selected) {
      Panel.renderDetail(BM.commitments[Panel.selected]);
    } else if (wanted.commitment && BM.commitments[wanted.commitment]) {
      // A link followed from an earlier day: the day changed first, and now it is on the map.
      Panel.open(wanted.commitment, { keepView: !!wanted.view, noFocus: true });
    }
    Panel.renderList();
    Panel.refreshHighlight();
    BM.emit("commitments-change");
  };

  BM.on("ready", Panel.init);
})(window);
