/* bordermap's map "as of" a date: the features, the popups and the commitments panel as the
 * record stood on the day chosen (tracking.js reads the record; timecontrol.js is the control
 * that chooses the day). Features with no event by then are drawn as faint dashed ghosts (the
 * legend says so); commitments stated later leave the list, and every count follows. The date
 * is `at=` in the address (urlstate.js), so a shared link keeps it.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, t = BM.t;
  var historyOf = BM.historyOf, hasEvents = BM.hasEvents, events = BM.eventsOf, firstDay = BM.days.first;

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
    if (BM.renderScorecard) BM.renderScorecard();
    // The features' looks follow their status on the day, and the legend follows the looks.
    if (BM.refreshLegend) BM.refreshLegend();
    legendNote();
    // The control shows the day, and says when a link's day was later than the last on record.
    BM.emit("as-of", { at: at, later: later });
    if (!(options && options.keepUrl) || later) BM.state.write({ at: at });
    document.body.setAttribute("data-bm-at", at || "");
  };

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
})(window);
