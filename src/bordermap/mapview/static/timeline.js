/* bordermap time control: the map, the popups and the commitments panel "as of" a date.
 *
 * The dated status events and targets (BorderMap.history, from /api/history or inlined in the
 * export) are read here the way bordermap.timeline reads them on the server: the status on a
 * day is the latest event's on or before it; a partial date counts from its first day; a
 * target's deadline is the last day it allows. Features with no event by then are drawn as
 * faint dashed ghosts (the legend says so); commitments stated later leave the list, and every
 * count follows. The date is `at=` in the address (urlstate.js), so a shared link keeps it.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, t = BM.t, nt = BM.nt, num = BM.num, asText = BM.asText, withLang = BM.withLang;

  var STALE_MONTHS = 24;
  var COMPACT_EVENTS = 4;  // the events a popup shows at first, the latest
  var DONE = { commitment: ["done"], feature: ["open", "inaugurated"] };
  var CLOSED = { commitment: ["done", "dropped"], feature: ["open", "inaugurated", "cancelled"] };
  var TARGET = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:(?:-|\/)(\d{4}(?:-\d{2}(?:-\d{2})?)?))?$/;
  var DAY = /^\d{4}-\d{2}-\d{2}$/;
  // Play's whole run, first day on record to today, and the least and most time one day of it
  // stays; for a reader who asked for less motion (prefers-reduced-motion) each day stays 1.5 s.
  var PLAY_RUN_MS = 20000, PLAY_TICK_LEAST_MS = 150, PLAY_TICK_MOST_MS = 1000, PLAY_TICK_CALM_MS = 1500;

  // As bordermap.timeline.SCORE_COLUMNS: "noted" is praise for what had already taken place.
  BM.scoreColumns = ["done", "noted", "in-progress", "not-started", "overdue", "stale", "dropped"];
  var NOTED = ["commended"];
  BM.scoreLabel = function (column) {
    // The Progress filter's and the scorecard's words, apart from the statuses' ("done", "in
    // progress"), which count other things (review rv21a, M4): on track is in progress or ongoing
    // and neither overdue nor stale.
    var labels = { "done": t("carried out"), "noted": t("noted"), "in-progress": t("on track"), "not-started": t("not started"),
      "overdue": t("overdue"), "stale": t("stale"), "dropped": t("dropped") };
    return labels[column] || asText(column);
  };

  // ------------------------------------------------------------------ dates
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function firstDay(d) { return d.length === 4 ? d + "-01-01" : d.length === 7 ? d + "-01" : d; }
  function lastDay(d) {
    if (d.length === 4) return d + "-12-31";
    if (d.length === 7) return d + "-" + pad(new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).getUTCDate());
    return d;
  }
  function deadline(target) {
    var m = TARGET.exec(asText(target).trim());
    return m ? lastDay(m[2] || m[1]) : null;
  }
  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOf(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  function monthsBetween(a, b) {
    var x = a.split("-").map(Number), y = b.split("-").map(Number);
    return (y[0] - x[0]) * 12 + y[1] - x[1] - (y[2] < x[2] ? 1 : 0);
  }
  // An export's today is the day it was made: it holds nothing later, so a reader's clock a
  // year on would find targets overdue and statuses stale that the file cannot know about.
  BM.today = function () {
    var made = BM.config && BM.config.madeOn;
    return typeof made === "string" && /^\d{4}-\d{2}-\d{2}$/.test(made) ? made : new Date().toISOString().slice(0, 10);
  };
  function madeFile() { return !!(BM.config && BM.config.mode === "export" && BM.config.madeOn); }
  BM.validDay = function (value) {
    return DAY.test(value || "") && isoOf(dayNumber(value)) === value;
  };

  // ------------------------------------------------------------------ one record as of a day
  function events(items) {
    return (items || []).filter(function (i) { return i.kind === "event"; })
      .map(function (e, n) { return [firstDay(e.date), n, e]; })
      .sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]; })
      .map(function (x) { return x[2]; });
  }
  function reaches(entity, event, status) {
    if (event.status === status) return true;
    var done = DONE[entity];
    return done.indexOf(status) >= 0 && done.indexOf(event.status) >= done.indexOf(status);
  }

  // The event the latest status dates from, as timeline.since: the first of the unbroken run
  // of that status ending with the latest event. A later report of the same status is not when
  // it began; a bound (`by`) dates it only when nothing earlier in the run does.
  function since(seen) {
    if (!seen.length) return null;
    var start = seen.length - 1;
    while (start && seen[start - 1].status === seen[seen.length - 1].status) start -= 1;
    return seen[start];
  }

  BM.track = function (entity, items, at) {
    var seen = events(items).filter(function (e) { return firstDay(e.date) <= at; });
    var latest = seen.length ? seen[seen.length - 1] : null;
    var began = since(seen);
    var targets = (items || []).filter(function (i) {
      return i.kind === "target" && !(i.set && firstDay(i.set) > at);
    }).map(function (target) {
      var due = deadline(target.target);
      var reached = null;
      seen.forEach(function (e) { if (!reached && reaches(entity, e, target.status)) reached = e; });
      var entry = Object.assign({}, target, { deadline: due, actual: reached ? reached.date : null,
        overdue: !!(due && !reached && due < at) });
      if (entry.overdue) {
        // As timeline.track: with no source after its date, nothing says it was missed.
        var heard = [latest ? latest.date : null, target.set].filter(Boolean).map(firstDay).sort();
        entry.last_report = heard.length ? heard[heard.length - 1] : null;
        entry.unconfirmed = !heard.length || entry.last_report <= due;
      }
      if (due && reached && firstDay(reached.date) > due) entry.slippage_days = dayNumber(firstDay(reached.date)) - dayNumber(due);
      else if (entry.overdue) entry.slippage_days = dayNumber(at) - dayNumber(due);
      else entry.slippage_days = due ? 0 : null;
      return entry;
    });
    var closed = !!latest && CLOSED[entity].indexOf(latest.status) >= 0;
    return {
      status: latest ? latest.status : null,
      status_date: began ? began.date : null,
      status_by: !!(began && began.by),
      status_estimated: !!(began && began.estimated),
      history: seen,
      targets: targets,
      overdue: !!latest && targets.some(function (x) { return x.overdue; }) &&
        ["dropped", "cancelled"].indexOf(latest.status) < 0,
      stale: !!latest && !closed && monthsBetween(firstDay(latest.date), at) >= STALE_MONTHS,
    };
  };

  BM.score = function (record, statement) {
    var s = record.status;
    if (!s) return null;
    if (s === "done" && NOTED.indexOf(statement) >= 0) return "noted";
    if (s === "done" || s === "dropped") return s;
    if (record.overdue) return "overdue";
    if (record.stale) return "stale";
    return s === "in-progress" || s === "ongoing" ? "in-progress" : "not-started";
  };

  function historyOf(entity, id) { return ((BM.history || {})[entity] || {})[id] || []; }
  function hasEvents(items) { return items.some(function (i) { return i.kind === "event"; }); }
  // Whether a feature's or commitment's status comes from its dated events (its `status_date`
  // then says since when), not from a file's own properties.
  BM.hasHistory = function (entity, id) { return hasEvents(historyOf(entity, id)); };

  // ------------------------------------------------------------------ history, as a reader sees it
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
    if (!TARGET.test(text.trim())) return text;
    return text.trim().replace(/\d{4}(?:-\d{2}(?!\d))?(?:-\d{2}(?!\d))?/g, BM.date);
  }

  // Outside the t() call that shows it, so that the catalogues' extraction finds these words.
  function confidence(level) {
    var words = { high: t("high"), medium: t("medium"), low: t("low") };
    return words[level] || asText(level);
  }

  // On an earlier day, a source that came out after it is marked as the popup's list of
  // sources marks it (popups.js): the line tells what happened then, not what was known then.
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
      var range = TARGET.exec(asText(x.target).trim());
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

  // ------------------------------------------------------------------ the map as of a day
  BM.ghosts = {};
  var styleFor = BM.styleFor;
  BM.styleFor = function (layerConfig, feature) {
    var style = styleFor(layerConfig, feature);
    var id = feature.id !== undefined ? feature.id : (feature.properties || {}).id;
    if (!BM.ghosts[id]) return style;
    return Object.assign({}, style, { opacity: 0.45, fillOpacity: 0.12, dashArray: "2 4" });
  };

  var original = {};  // feature id -> its properties as drawn (status, status_date, commitments)
  var allCommitments = null;

  function applyFeatures(at) {
    var day = at || BM.today();
    Object.keys(BM.features).forEach(function (id) {
      var entry = BM.features[id];
      var props = entry.feature.properties || {};
      var items = historyOf("feature", id);
      var linked = Array.isArray(props.commitments) && props.commitments.length;
      if (!hasEvents(items) && !linked) return;
      if (!original[id]) original[id] = { status: props.status, status_date: props.status_date, commitments: props.commitments };
      var was = !!BM.ghosts[id];
      delete BM.ghosts[id];
      if (hasEvents(items)) {
        var record = BM.track("feature", items, day);
        if (record.status) {
          props.status = record.status; props.status_date = record.status_date;
          props.status_by = record.status_by; props.status_estimated = record.status_estimated;
        } else {
          props.status = original[id].status; props.status_date = original[id].status_date;
          props.status_by = props.status_estimated = false;
          if (at) BM.ghosts[id] = true;
        }
      }
      if (linked || original[id].commitments) {
        props.commitments = (original[id].commitments || []).filter(function (cid) { return !!BM.commitments[cid]; });
      }
      // Quiet too before its first event on record, when its marker is drawn faint ("not yet on
      // record"): Play started on a gate highlighted years before it existed (review 26, #4).
      if (props.highlight === true) quietLabel(entry.layer, props.status !== original[id].status || !!BM.ghosts[id]);
      if (was !== !!BM.ghosts[id] || hasEvents(items)) BM.unpaint(id);
      if (entry.layer.isPopupOpen && entry.layer.isPopupOpen()) entry.layer.getPopup().update();
    });
  }

  // The highlight is today's (Meun Chey – Tan Nam since its inauguration): on a day the feature
  // was in another state its label names it without the emphasis, as its marker is drawn then.
  function quietLabel(layer, quiet) {
    var tooltip = layer.getTooltip && layer.getTooltip();
    if (!tooltip) return;
    var classes = (tooltip.options.className || "").replace(/ ?bm-label-then/g, "");
    tooltip.options.className = quiet ? classes + " bm-label-then" : classes;
    var node = tooltip.getElement && tooltip.getElement();
    if (node) node.classList.toggle("bm-label-then", quiet);
  }

  // The commitments naming a feature that the chosen day leaves out (stated later), so that its
  // popup does not say that no document names it; with the first day one of them was stated.
  BM.laterCommitments = function (featureId) {
    var linked = (original[featureId] || {}).commitments;
    var later = (Array.isArray(linked) ? linked : []).filter(function (cid) {
      return !BM.commitments[cid] && allCommitments && allCommitments[cid];
    });
    return { ids: later, first: later.length ? BM.firstStated(later) : null };
  };

  // A commitment as on record, whatever day is chosen (null for one the map never had).
  BM.commitmentOnRecord = function (id) {
    return (allCommitments || BM.commitments)[id] || null;
  };

  function applyCommitments(at) {
    if (!allCommitments) allCommitments = BM.commitments;
    var day = at || BM.today();
    var shown = {};
    Object.keys(allCommitments).forEach(function (id) {
      var c = allCommitments[id];
      var items = historyOf("commitment", id);
      if (!hasEvents(items)) { shown[id] = c; return; }
      var record = BM.track("commitment", items, day);
      if (!record.status) return;  // stated after that day
      shown[id] = Object.assign({}, c, { status: record.status, tracking: {
        status_date: record.status_date, status_by: record.status_by, status_estimated: record.status_estimated,
        targets: record.targets, overdue: record.overdue, stale: record.stale,
        score: BM.score(record, c.statement) } });
    });
    BM.commitments = shown;
  }

  // ------------------------------------------------------------------ layers of their time
  // A layer whose style says `in_force_from` maps what holds from that day (Viet Nam's provinces
  // since 1 July 2025); for an earlier day the map shows the layer it `replaces` in its place,
  // and swaps back for a later one. Only what the map did is undone: a layer the reader turns on
  // or off meanwhile stays as they left it, and the other of the two is still swapped back.
  var swapped = {};  // layer id → {earlier, hid: the map hid the layer, showed: it showed the earlier}
  function applyPeriods(at) {
    (BM.config.layers || []).forEach(function (layerConfig) {
      var style = layerConfig.style || {};
      var id = layerConfig.id, from = style.in_force_from, earlier = style.replaces;
      if (!BM.validDay(from) || !BM.layers[id] || !BM.layers[earlier]) return;
      var inForce = !at || at >= from;
      var swap = swapped[id];
      if (!inForce && !swap && BM.layerShown(id) && !BM.layerShown(earlier)) {
        swapped[id] = { earlier: earlier, hid: true, showed: true };
        BM.hideLayer(id);
        BM.showLayer(earlier);
      } else if (inForce && swap) {
        delete swapped[id];
        if (swap.showed) BM.hideLayer(earlier);
        if (swap.hid) {
          BM.showLayer(id);
          // Shown again as the day's layer: a selection that had turned it on meanwhile (its
          // places are in it) must not turn it off when it ends.
          if (BM.panel && BM.panel.shown) BM.panel.shown = BM.panel.shown.filter(function (one) { return one !== id; });
        }
      }
    });
  }
  BM.on("layer-visibility", function (change) {
    if (!change.byReader) return;
    Object.keys(swapped).forEach(function (id) {
      var swap = swapped[id];
      if (change.id === id) swap.hid = false;  // the reader's own choice now
      if (change.id === swap.earlier) swap.showed = false;
      if (!swap.hid && !swap.showed) delete swapped[id];
    });
  });

  // The first day any commitment of the map (or of `only`, a list of ids) was on record (null
  // when one has no dated record).
  BM.firstStated = function (only) {
    var first = null;
    var ids = only || Object.keys(allCommitments || BM.commitments);
    for (var i = 0; i < ids.length; i++) {
      var seen = events(historyOf("commitment", ids[i]));
      if (!seen.length) return null;  // always on the map
      var day = firstDay(seen[0].date);
      if (!first || day < first) first = day;
    }
    return first;
  };

  BM.setAsOf = function (at, options) {
    at = BM.validDay(at) ? at : null;
    // A day after the last on record (today, or the day a file was made), which a link may name:
    // no record holds it, and targets would count as missed that nobody can know about (review
    // rv21a, M2). The map shows the last day, says so, and the address drops the date.
    var later = at && at > BM.today() ? at : null;
    if (at && at >= BM.today()) at = null;
    BM.asOf = at;
    applyCommitments(at);
    applyFeatures(at);
    applyPeriods(at);
    if (BM.panel && BM.panel.refresh) BM.panel.refresh();
    renderScorecard();
    // The features' looks follow their status on the day, and the legend follows the looks.
    if (BM.refreshLegend) BM.refreshLegend();
    legendNote();
    syncControl();
    if (!(options && options.keepUrl) || later) BM.state.write({ at: at });
    document.body.setAttribute("data-bm-at", at || "");
    laterNote(later);
  };

  function laterNote(later) {
    if (!control) return;
    control.note.hidden = !later;
    control.note.textContent = later ? t("The link's date, {date}, is later than the last day on record ({last}): the map shows that day.",
                                         { date: BM.date(later), last: BM.date(BM.today()) }) : "";
  }

  // ------------------------------------------------------------------ the legend's word on ghosts
  function legendNote() {
    var list = document.querySelector(".bm-legend-list");
    if (!list) return;
    var old = list.querySelector(".bm-legend-ghost");
    if (old) old.parentNode.removeChild(old);
    if (!BM.asOf) return;
    list.appendChild(el("li", { className: "bm-legend-ghost" }, [
      el("span", { className: "bm-ghost-swatch", "aria-hidden": "true" }),
      el("span", { text: t("Faint, dashed: not yet on record on {date}", { date: BM.date(BM.asOf) }) }),
    ]));
  }
  BM.on("layer-visibility", function () { global.setTimeout(legendNote, 0); });

  // ------------------------------------------------------------------ the scorecard
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

  function renderScorecard() {
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
  }

  // ------------------------------------------------------------------ the control
  var control = null, timer = null;
  function bounds() {
    var first = BM.today();
    ["feature", "commitment"].forEach(function (entity) {
      var byId = (BM.history || {})[entity] || {};
      Object.keys(byId).forEach(function (id) {
        byId[id].forEach(function (i) { if (i.kind === "event" && firstDay(i.date) < first) first = firstDay(i.date); });
      });
    });
    return { min: dayNumber(first), max: dayNumber(BM.today()) };
  }

  function syncControl() {
    if (!control) return;
    var day = BM.asOf || BM.today();
    control.date.value = day;
    control.slider.value = String(dayNumber(day) - control.range.min);
    control.slider.setAttribute("aria-valuetext", BM.date(day));
    control.shown.textContent = BM.asOf ? t("As of {date}", { date: BM.date(day) })
      : madeFile() ? t("As of {date}, the day this file was made", { date: BM.date(day) }) : t("Today's status");
    // The fold's arrow apart from the date: the map's image (share.js) keeps the date alone.
    control.shown.appendChild(el("span", { className: "bm-time-fold", "aria-hidden": "true", text: " ▾" }));
    control.today.disabled = !BM.asOf;
    playLabel();
  }

  // Play runs through the record's own days: each day a commitment was stated or a status
  // changed, and each day a layer of its time came into force, then today (review rv25b, #10: it
  // went a month at a time from 2001, two minutes mostly of years where nothing changed). Every
  // day stays the same time, the whole run about PLAY_RUN_MS; for a reader who asked for less
  // motion each day stays 1.5 s, and the map does not glide (bordermap.js) (review rv22b, L5).
  // Pause stops it on any day.
  function playLabel() {
    if (!control) return;
    // The name says what a press does, as the fullscreen button's does (no aria-pressed too).
    control.play.firstChild.textContent = timer ? t("Pause") : t("Play");
  }

  function stop() {
    if (timer) global.clearInterval(timer);
    timer = null;
    playLabel();
  }

  // The days the map changes on, after the first on record and before today, in order.
  function changeDays() {
    var days = {};
    ["feature", "commitment"].forEach(function (entity) {
      var byId = (BM.history || {})[entity] || {};
      Object.keys(byId).forEach(function (id) {
        byId[id].forEach(function (i) { if (i.kind === "event") days[firstDay(asText(i.date))] = true; });
      });
    });
    (BM.config.layers || []).forEach(function (layerConfig) {
      var from = (layerConfig.style || {}).in_force_from;
      if (BM.validDay(from)) days[from] = true;
    });
    var first = isoOf(control.range.min), last = isoOf(control.range.max);
    return Object.keys(days).filter(function (day) { return BM.validDay(day) && day >= first && day < last; }).sort();
  }
  BM.playDays = function () { return control ? changeDays() : []; };

  function play() {
    if (timer) { stop(); return; }
    var days = changeDays();
    var at = BM.asOf;  // null: today
    // From today it starts again at the first day; from a day between, it goes on from there.
    var next = at ? days.filter(function (day) { return day > at; }) : days.slice(1);
    if (!at) at = days.length ? days[0] : isoOf(control.range.min);
    var tick = BM.reducedMotion() ? PLAY_TICK_CALM_MS
      : Math.max(PLAY_TICK_LEAST_MS, Math.min(PLAY_TICK_MOST_MS, Math.round(PLAY_RUN_MS / (days.length + 1))));
    timer = global.setInterval(function () {
      var day = next.shift() || null;  // after the last, today
      BM.setAsOf(day);
      if (!day) stop();
    }, tick);
    BM.setAsOf(at);  // the label says Pause from this first step
  }

  // The legend beneath the control lists the looks of the day shown, so it grows and shrinks as
  // the date moves, and the control above it with it: a reader at the slider (with a magnifier,
  // say) lost it at each step. While the focus is in the control the legend keeps its height,
  // scrolling if the day needs more room, and takes its own again when the focus leaves.
  function holdTheLegend(box) {
    box.addEventListener("focusin", function () {
      var legend = document.querySelector(".bm-legend");
      if (!legend || legend.classList.contains("bm-legend-held")) return;
      legend.style.height = legend.offsetHeight + "px";
      legend.classList.add("bm-legend-held");
    });
    box.addEventListener("focusout", function (event) {
      if (event.relatedTarget && box.contains(event.relatedTarget)) return;
      var legend = document.querySelector(".bm-legend-held");
      if (!legend) return;
      legend.style.height = "";
      legend.classList.remove("bm-legend-held");
    });
  }

  function timeControl() {
    var ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () {
      var range = bounds();
      var box = el("div", { className: "bm-time leaflet-bar", role: "group", "aria-label": t("Status as of a date") });
      // The date shown is also the button that folds the control (folded at first on a phone,
      // whose map is small).
      var shown = el("button", { type: "button", className: "bm-time-shown", "aria-expanded": "true",
        "aria-controls": "bm-time-body" });
      var body = el("div", { className: "bm-time-body", id: "bm-time-body" });
      var slider = el("input", { type: "range", id: "bm-time-slider", min: "0", max: String(range.max - range.min),
        step: "1", "aria-label": t("Date") });
      var date = el("input", { type: "date", id: "bm-time-date", min: isoOf(range.min), max: isoOf(range.max),
        "aria-label": t("As of date") });
      // The button is as wide as the longer of its two words (bordermap.css): the slider beside it
      // keeps its length when Play turns to Pause.
      var playButton = el("button", { type: "button", className: "bm-time-play",
                                      "data-play": t("Play"), "data-pause": t("Pause") },
                          [el("span", { text: t("Play") })]);
      var today = el("button", { type: "button", className: "bm-time-today",
                                 text: madeFile() ? t("Date made") : t("Today") });
      var note = el("p", { className: "bm-time-note", role: "status", hidden: true });
      box.appendChild(shown);
      box.appendChild(note);
      box.appendChild(body);
      // Play beside the slider it moves, the date field and its "Today" on the line below: the three
      // on one line did not fit 250 px in Vietnamese ("Hôm nay" went to a line of its own, and
      // "Tạm dừng" would have sent it there while playing).
      body.appendChild(el("div", { className: "bm-time-slide" }, [playButton, slider]));
      body.appendChild(el("div", { className: "bm-time-row" }, [date, today]));
      var fold = function (folded) {
        body.hidden = folded;
        shown.setAttribute("aria-expanded", folded ? "false" : "true");
        if (BM.fitLegend) BM.fitLegend();  // the legend below it has more room, or less
      };
      fold(BM.smallScreen());
      shown.addEventListener("click", function () { fold(!body.hidden); });
      // Escape folds it, the focus on the date that unfolds it, as the layer list does (review rv22b, L1).
      BM.closeOnEscape(box, function () { return !body.hidden; }, function () { fold(true); }, shown);
      // A popup with no clear place on a small map folds the control (popups.js); false when folded already.
      BM.foldTimeControl = function () { if (body.hidden) return false; fold(true); return true; };
      slider.addEventListener("input", function () {
        stop();
        var day = range.min + Number(slider.value);
        BM.setAsOf(day >= range.max ? null : isoOf(day));
      });
      date.addEventListener("change", function () {
        stop();
        if (BM.validDay(date.value)) BM.setAsOf(date.value >= isoOf(range.max) ? null : date.value);
      });
      playButton.addEventListener("click", play);
      // "Today" turns itself off once pressed (the map is at today): the focus, on it or, after a
      // click in a browser that gives a button none, on the page's body, would fall to the body and
      // the next Tab start again from the top (review rv25b, #5). It goes to the slider, which
      // says the date now shown.
      today.addEventListener("click", function () {
        stop();
        BM.setAsOf(null);
        var focused = document.activeElement;
        if (!focused || focused === today || focused === document.body) slider.focus({ preventScroll: true });
      });
      holdTheLegend(box);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      control = { range: range, slider: slider, date: date, play: playButton, today: today, shown: shown, note: note };
      return box;
    };
    return ctl;
  }

  BM.on("ready", function () {
    if (!BM.history) return;
    timeControl().addTo(BM.map);
    if (BM.fitLegend) BM.fitLegend();  // stacked over the legend: its room is less by the control
    var wanted = BM.state.read().at;
    BM.setAsOf(BM.validDay(wanted) ? wanted : null, { keepUrl: !wanted || BM.validDay(wanted) });
    if (wanted && !BM.validDay(wanted)) BM.state.write({ at: null });
    BM.on("state-change", function (state) {
      var wantedNow = BM.validDay(state.at) ? state.at : null;
      if (wantedNow !== BM.asOf) BM.setAsOf(wantedNow, { keepUrl: true });
      else renderScorecard();
    });
  });
})(window);
