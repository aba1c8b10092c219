/* bordermap's record as of a day: the dated status events and targets (BorderMap.history, from
 * /api/history or inlined in the export) read the way bordermap.timeline reads them on the
 * server: the status on a day is the latest event's on or before it; a partial date counts from
 * its first day; a target's deadline is the last day it allows. The history sections
 * (historyview.js), the map as of a day (timeline.js) and the time control (timecontrol.js) use
 * what this file offers on BorderMap.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var t = BM.t, asText = BM.asText;

  var STALE_MONTHS = 24;
  var DONE = { commitment: ["done"], feature: ["open", "inaugurated"] };
  var CLOSED = { commitment: ["done", "dropped"], feature: ["open", "inaugurated", "cancelled"] };
  // A target: a year, a month or a day, or a range of two ("2026-2030", "2025-10-20/2025-10-30").
  var TARGET = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:(?:-|\/)(\d{4}(?:-\d{2}(?:-\d{2})?)?))?$/;
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

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
    // "2025-13-45" is shaped as a day but none: Date.parse gives NaN, which toISOString throws
    // on (review 32a, #5: a shared link's month 13 left the page half-built).
    if (!DAY.test(value || "")) return false;
    var n = dayNumber(value);
    return isFinite(n) && isoOf(n) === value;
  };

  // A target's own dates ([whole, start, end (or undefined)]), or null when it is not a date.
  BM.targetDates = function (target) { return TARGET.exec(asText(target).trim()); };
  // Days as the files write them (2025-07-01) and as numbers of days, for the map's controls.
  BM.days = { first: firstDay, number: dayNumber, iso: isoOf, madeFile: madeFile };

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

  // The history on record of a feature or a commitment (its events and targets, as the server
  // gave them), and its events alone, oldest first.
  function historyOf(entity, id) { return ((BM.history || {})[entity] || {})[id] || []; }
  function hasEvents(items) { return items.some(function (i) { return i.kind === "event"; }); }
  BM.historyOf = historyOf;
  BM.hasEvents = hasEvents;
  BM.eventsOf = events;
  // Whether a feature's or commitment's status comes from its dated events (its `status_date`
  // then says since when), not from a file's own properties.
  BM.hasHistory = function (entity, id) { return hasEvents(historyOf(entity, id)); };
})(window);
