/* The commitments panel's marks on the map: the places of the commitment selected, of one the
 * pointer or the focus is on (a preview), and of what the search and filters found. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, num = BM.num, withLang = BM.withLang;
  var Panel = BM.panel;
  var linksOf = Panel.linksOf;

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
    BM.emit("highlight", { count: Panel.highlighted.length, found: Panel.found.length, foundShapes: shapesOf(Panel.found) });
  }

  // The kinds of shape among `ids` ("point", "line", "area"), for the legend's key (review 33a, #6).
  function shapesOf(ids) {
    var seen = {};
    ids.forEach(function (id) {
      var item = BM.features[id];
      var type = item && item.feature && item.feature.geometry ? asText(item.feature.geometry.type) : "";
      seen[/Polygon/.test(type) ? "area" : /LineString/.test(type) ? "line" : "point"] = true;
    });
    return ["point", "line", "area"].filter(function (shape) { return seen[shape]; });
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

  Panel.unpaint = unpaint;
  Panel.refreshHighlight = refreshHighlight;
  Panel.previewOf = preview;  // Panel.preview holds the ids it painted
  Panel.endPreview = unpreview;
})(window);
