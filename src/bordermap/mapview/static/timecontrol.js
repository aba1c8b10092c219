/* bordermap's time control: the slider, the date field, Play and Today, which choose the day
 * the map shows (BorderMap.setAsOf, timeline.js); Play runs through the record's own days. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, t = BM.t, asText = BM.asText;
  var days = BM.days, firstDay = days.first, dayNumber = days.number, isoOf = days.iso, madeFile = days.madeFile;
  // Play's whole run, first day on record to today, and the least and most time one day of it
  // stays; for a reader who asked for less motion (prefers-reduced-motion) each day stays 1.5 s.
  var PLAY_RUN_MS = 20000, PLAY_TICK_LEAST_MS = 150, PLAY_TICK_MOST_MS = 1000, PLAY_TICK_CALM_MS = 1500;

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

  function laterNote(later) {
    if (!control) return;
    control.note.hidden = !later;
    control.note.textContent = later ? t("The link's date, {date}, is later than the last day on record ({last}): the map shows that day.",
                                         { date: BM.date(later), last: BM.date(BM.today()) }) : "";
  }
  BM.on("as-of", function (change) {
    syncControl();
    laterNote(change.later);
  });

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
    control.play.setAttribute("data-state", timer ? "playing" : "stopped");  // its icon, where it shows one
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
    if (wanted && !BM.validDay(wanted)) {
      BM.state.write({ at: null });
      // Said, as a later day is: the reader who followed the link knows why it shows today.
      control.note.hidden = false;
      control.note.textContent = t("The link's date, {date}, is not a day of the calendar: the map shows today.",
                                   { date: asText(wanted).slice(0, 40) });
    }
    BM.on("state-change", function (state) {
      var wantedNow = BM.validDay(state.at) ? state.at : null;
      if (wantedNow !== BM.asOf) BM.setAsOf(wantedNow, { keepUrl: true });
      else if (BM.renderScorecard) BM.renderScorecard();
    });
  });
})(window);
