/* bordermap's words for what the record says on the day the map shows: a feature's status and
 * since when, a document's date, a source that came out later (popups, tooltips, the history). */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var asText = BorderMap.asText, t = BorderMap.t;

  // Whether a source came out after the day the map shows (the time control's, timecontrol.js): a
  // reader checking what was on record that day must tell it from what came later. A date given
  // to the month or the year ("2026-10") is later when the whole month or year is.
  function publishedLater(date) {
    var day = BorderMap.asOf;
    if (!day || typeof date !== "string" || !/^\d{4}(-\d{2}){0,2}$/.test(date)) return false;
    return date > day.slice(0, date.length);
  }
  BorderMap.publishedLater = publishedLater;  // a popup's sources (popupcites.js), the history's (historyview.js)

  // Whether a feature had no status on record on the chosen day: not yet on record at all (drawn
  // as a faint ghost, timeline.js, which keeps today's status on it for its look), or with a
  // status dated after that day (an editor's file, which has no events). Neither today's status
  // nor its later date may be given as the day's.
  function notOnRecord(props, id) {
    if (!BorderMap.asOf) return false;
    return !!(BorderMap.ghosts || {})[id] || publishedLater(props.status_date);
  }
  // What a popup's status line and a hover tooltip say of the status on the chosen day ("" for none).
  BorderMap.statusText = function (props, id, dated) {
    if (notOnRecord(props, id)) return t("not yet on record on {date}", { date: BorderMap.date(BorderMap.asOf) });
    if (!props.status) return "";
    if (!(dated && props.status_date)) return BorderMap.statusLabel(props.status);
    // An editor's file without history gives its own `status_date`, which may be the day of a
    // report rather than the day the status began: shown as given.
    var fromHistory = !!(BorderMap.hasHistory && BorderMap.hasHistory("feature", id));
    return BorderMap.statusLabel(props.status) + " (" + (fromHistory ? BorderMap.sinceText(props)
      : BorderMap.date(props.status_date)) + ")";
  };
  // Since when a status holds (`status_date`, the first event of its latest run: tracking.js):
  // "since" the day it began; "by" a day that is only a bound (its source already found it so,
  // and says nothing of since when); "since about" a day we estimated.
  BorderMap.sinceText = function (record) {
    var day = BorderMap.date(record.status_date);
    if (record.status_by) return t("by {date}", { date: day });
    return record.status_estimated ? t("since about {date}", { date: day }) : t("since {date}", { date: day });
  };

  // A document's date as its citations give it (model.date_span): "2025-02-19 or 2025-02-20"
  // when the day it came out is not known for sure (`date_latest`, the latest it may be, is the
  // next day, month or year), "between … and …" when further apart, else its one date.
  function nextAfter(first, last) {
    if (first.length !== last.length) return false;
    var a = first.split("-").map(Number), b = last.split("-").map(Number);
    if (a.length === 3) return Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2]) === 86400000;
    if (a.length === 2) return b[0] * 12 + b[1] - a[0] * 12 - a[1] === 1;
    return b[0] - a[0] === 1;
  }
  BorderMap.documentDate = function (doc) {
    var first = asText((doc || {}).date || ""), last = asText((doc || {}).date_latest || "");
    if (!first || !last || last === first) return BorderMap.date(first);
    var dates = { date: BorderMap.date(first), later: BorderMap.date(last) };
    return nextAfter(first, last) ? t("{date} or {later}", dates) : t("between {date} and {later}", dates);
  };
})(window);
