/* bordermap's history sections: a feature's or a commitment's dated events and targets as a
 * reader sees them (in a popup, after the status; in a commitment's detail), as of the day the
 * map shows (tracking.js reads the record).
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, t = BM.t, nt = BM.nt, num = BM.num, asText = BM.asText, withLang = BM.withLang;
  var COMPACT_EVENTS = 4;  // the events a popup shows at first, the latest
  var historyOf = BM.historyOf, hasEvents = BM.hasEvents;

  // A source as a reader sees it: its title and publisher in their own language (marked so, for
  // a screen reader's voice), the paragraph or the date in the page's.
  function sourceNodes(source) {
    if (!source) return [];  // every curated event has one (tests/test_history_data.py)
    if (source.document) {
      var doc = BM.documents[source.document] || {};
      return [el("span", withLang({ text: asText(doc.title || source.document) }, doc.language || "en")),
              ", " + t("paragraph {n}", { n: num(source.paragraph) })];
    }
    var title = asText(source.title), publisher = asText(source.publisher);
    return [el("span", withLang({ text: title }, textLanguage(title))), " (",
            el("span", withLang({ text: publisher }, textLanguage(publisher))),
            (source.date ? ", " + BM.date(source.date) : "") + ")"];
  }

  // The language a source's title is written in, as far as its letters tell: Khmer script,
  // Vietnamese's own letters, else English (the sources' other language).
  function textLanguage(text) {
    if (/[\u1780-\u17FF]/.test(text)) return "km";
    if (/[ăâđêôơưĂÂĐÊÔƠƯ\u1EA0-\u1EF9]/.test(text)) return "vi";
    return "en";
  }

  // The day a source was published: its own, or its document's.
  function sourceDate(source) {
    if (!source) return null;
    return source.document ? (BM.documents[source.document] || {}).date : source.date;
  }

  function when(item) {
    if (item.by) return t("by {date}", { date: BM.date(item.date) });  // already so by then, since when unknown
    return (item.estimated ? t("about {date}", { date: BM.date(item.date) }) : BM.date(item.date));
  }

  // An event's or target's note in the page's language: a commitment's statement is the
  // interface's own words; other notes are ours, translated in geodata/history_translations.toml
  // and marked while nobody has reviewed them (English, marked as such, where none is).
  function noteNodes(item) {
    if (item.statement) return [el("span", { text: t("Statement, as the document cited records it.") })];
    return BM.dataTextNodes(item, "note", "bm-history-note");
  }

  // What is known of an event's date, when it is not the day it happened (an estimate, or a
  // bound: "the report of this date already counts it open"), on a line of its own.
  function dateNoteNodes(item) {
    if (!item.date_note) return [];
    return [el("br"), el("span", { className: "bm-history-date-note" }, BM.dataTextNodes(item, "date_note"))];
  }

  // A target ("2027", "2027-06", "2026-2030", "2025-10-20/2025-10-30") with its dates in the
  // page language ("–" when it has none).
  function targetText(target) {
    var text = asText(target || "–");
    if (!BM.targetDates(text)) return text;
    return text.trim().replace(/\d{4}(?:-\d{2}(?!\d))?(?:-\d{2}(?!\d))?/g, BM.date);
  }

  // Outside the t() call that shows it, so that the catalogues' extraction finds these words.
  function confidence(level) {
    var words = { high: t("high"), medium: t("medium"), low: t("low") };
    return words[level] || asText(level);
  }

  // On an earlier day, a source that came out after it is marked as the popup's list of
  // sources marks it (popupcites.js): the line tells what happened then, not what was known then.
  function laterMark(date) {
    if (!BM.publishedLater || !BM.publishedLater(date)) return [];
    return [" ", el("span", { className: "bm-later-mark", text: t("(published later)") })];
  }

  BM.historySection = function (entity, record, compact) {
    var label = entity === "feature" ? BM.statusLabel : BM.commitmentStatusLabel;
    var box = el("div", { className: "bm-history" });
    // A heading (the popup's title is an h3, the commitment's an h2), so a screen reader can go
    // from section to section; it looks as the section names always have.
    box.appendChild(el(compact ? "h4" : "h3", { className: "bm-label bm-section-name", text: t("History") }));
    if (!record.history.length) {
      box.appendChild(el("p", { className: "bm-muted", text: t("Not yet on record on this date.") }));
    }
    var list = el("ol", { className: "bm-history-list" });
    // A popup shows the last few events; the earlier ones are a click away, and every event
    // keeps its number from the first (an event hidden is not an event that never was).
    var hidden = compact ? Math.max(0, record.history.length - COMPACT_EVENTS) : 0;
    record.history.forEach(function (e, i) {
      var source = el("span", { className: "bm-history-source" }, sourceNodes(e.source));
      var href = e.source && BM.safeUrl(e.source.url);
      // An editor's event is marked as uploads are: a reader tells it from the curated record.
      var editor = e.origin && e.origin !== "curated" ? [el("span", { className: "bm-editor-mark", title: t("Added by editors, not part of the curated data") }, [
        el("span", { className: "bm-editor-badge", "aria-hidden": "true", text: "✎" }), " ", el("span", { text: t("Added by editors") })]), " "] : [];
      var item = list.appendChild(el("li", { "data-status": asText(e.status), "data-origin": asText(e.origin || "curated"), value: String(i + 1) }, [
        el("strong", { text: when(e) + " · " + label(e.status) }),
        " ",
      ].concat(editor, noteNodes(e), dateNoteNodes(e), [
        el("br"),
        t("Source:") + " ",
        href ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, [source]) : source,
      ], laterMark(sourceDate(e.source)), [
        " · " + t("confidence: {level}", { level: confidence(e.confidence) }),
      ])));
      item.hidden = i < hidden;
    });
    if (hidden) {
      var earlier = el("button", { type: "button", className: "bm-linkbutton bm-history-earlier",
        text: nt("Show {n} earlier event", "Show {n} earlier events", hidden) });
      // A click inside a popup must not reach the map, which would close the popup: Leaflet
      // reads a click on an element no longer in the page as a click on the map.
      L.DomEvent.disableClickPropagation(earlier);
      earlier.addEventListener("click", function () {
        Array.prototype.forEach.call(list.querySelectorAll("li[hidden]"), function (li) { li.hidden = false; });
        earlier.hidden = true;
        var first = list.querySelector("li");
        if (first) { first.tabIndex = -1; first.focus({ preventScroll: true }); }
        // The popup grew: lay it out and pan to keep it whole. (Not `update()`, which would build
        // its content again, the earlier events hidden.)
        var popup = BM.map && BM.map._popup;
        if (popup && popup.isOpen() && popup._updateLayout) {
          popup._updateLayout();
          popup._updatePosition();
          popup._adjustPan();
        }
      });
      box.appendChild(earlier);
    }
    if (record.history.length) box.appendChild(list);
    record.targets.forEach(function (x) {
      // A target the source gives no date for says so, not "by –".
      var range = BM.targetDates(x.target);
      var planned = range && range[2] ? t("Target: {status} between {start} and {end}",
        { status: label(x.status), start: BM.date(range[1]), end: BM.date(range[2]) })
        : asText(x.target).trim() ? t("Target: {status} by {date}", { status: label(x.status), date: targetText(x.target) })
        : t("Target: {status}, no date given", { status: label(x.status) });
      var actual = x.actual ? t("actual: {date}", { date: BM.date(x.actual) }) : t("not reached yet");
      var late = x.slippage_days ? (x.overdue ? (x.unconfirmed
          ? (x.last_report ? t("{n} days past it; no source since {date} says whether it was reached", { n: num(x.slippage_days), date: BM.date(x.last_report) })
            : t("{n} days past it; no source says whether it was reached", { n: num(x.slippage_days) }))
          : t("overdue by {n} days", { n: num(x.slippage_days) }))
        : t("{n} days late", { n: num(x.slippage_days) })) : (x.actual && x.deadline ? t("on time") : "");
      box.appendChild(el("p", { className: "bm-target" + (x.overdue ? " bm-overdue" : ""), "data-slippage": asText(x.slippage_days) },
        [planned + " · " + actual + (late ? " · " + late : "")].concat(x.note && !compact ? [el("br")].concat(noteNodes(x)) : [])));
    });
    if (record.stale) box.appendChild(el("p", { className: "bm-stale", text: t("Stale: no news for 24 months or more.") }));
    return box;
  };

  // Popups show the feature's history as of the chosen day, after its status.
  var popupContent = BM.popupContent;
  BM.popupContent = function (feature) {
    var node = popupContent(feature);
    var items = historyOf("feature", feature.id);
    if (!hasEvents(items)) return node;
    var section = BM.historySection("feature", BM.track("feature", items, BM.asOf || BM.today()), true);
    var before = node.querySelector(".bm-commitments");
    node.insertBefore(section, before || null);
    return node;
  };

  BM.on("commitment-detail", function (detail) {
    var items = historyOf("commitment", detail.commitment.id);
    if (!items.length) return;
    detail.box.appendChild(BM.historySection("commitment", BM.track("commitment", items, BM.asOf || BM.today()), false));
  });
})(window);
