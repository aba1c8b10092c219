/* bordermap popups and tooltips: what a feature says when clicked or hovered. Both are made the
 * first time they are needed, not for every feature at load. A popup opens clear of the map's
 * controls; its content is popupcontent.js's. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el;

  var POPUP_GAP = 4;  // between a popup and a control, or the map's edge
  var POPUP_CHROME = 47;  // Leaflet's margins and border around a popup's content, in pixels

  function popupSize() {
    var map = BorderMap.map;
    var size = map ? map.getSize() : { x: 800, y: 600 };
    // A popup as tall as a phone's map passes between the controls in its top corners (zoom;
    // layers and tools): it is no wider than the room they leave.
    var left = POPUP_GAP, right = size.x - POPUP_GAP;
    (map ? BorderMap.controlBoxes() : []).forEach(function (c) {
      if (c.position === "topleft") left = Math.max(left, c.right + POPUP_GAP);
      if (c.position === "topright") right = Math.min(right, c.left - POPUP_GAP);
    });
    var width = Math.max(160, Math.min(340, right - left - POPUP_CHROME));
    // The popup keeps above the controls at the bottom left (the date's and the legend's) where
    // it has no room beside them: on a narrow map it spans them (its last lines sat under them at
    // 320 px), and so on a landscape tablet or phone (review 17, F1). Where it has room beside
    // them (a desktop), it is placed there and keeps its height: a 140 px box with the legend
    // open (review 23c, F1).
    var corner = map ? map.getContainer().querySelector(".leaflet-bottom.leaflet-left") : null;
    var beside = corner ? size.x - corner.offsetWidth - 2 * POPUP_GAP >= width + POPUP_CHROME : true;
    var below = corner && !beside ? corner.offsetHeight : 0;
    return { maxWidth: width, minWidth: Math.min(200, width), maxHeight: Math.max(140, Math.min(380, size.y - 110 - below)) };
  }

  BorderMap.popupSize = popupSize;  // for popups made elsewhere (bigpick.js)

  // A popup that opens clear of the controls over the map (legend, time control, zoom, layers,
  // tools, scale, credits) as well as inside it: Leaflet's own pan keeps it inside the map only,
  // and the legend hid the left of a popup opened beside it. Where no place is clear, it takes
  // the one they cover least.
  BorderMap.Popup = L.Popup.extend({
    options: { maxWidth: 340, minWidth: 200, maxHeight: 380, autoPanPadding: [POPUP_GAP, POPUP_GAP] },

    _adjustPan: function () {
      var map = this._map;
      if (!this.options.autoPan || !map) return;
      if (map._panAnim) map._panAnim.stop();
      // Where the popup's box is, as Leaflet's own _adjustPan measures it; then its body and its
      // tip, apart: a control beside the tip does not cover the body's corner.
      var container = this._container;
      var height = container.offsetHeight + (parseInt(L.DomUtil.getStyle(container, "marginBottom"), 10) || 0);
      var at = map.layerPointToContainerPoint(
        L.point(this._containerLeft, -height - this._containerBottom).add(L.DomUtil.getPosition(container)));
      var parts = [this._wrapper, this._tipContainer].map(function (node) {
        return { left: at.x + node.offsetLeft, top: at.y + node.offsetTop,
                 right: at.x + node.offsetLeft + node.offsetWidth, bottom: at.y + node.offsetTop + node.offsetHeight };
      });
      var topLeft = L.point(this.options.autoPanPaddingTopLeft || this.options.autoPanPadding);
      var bottomRight = L.point(this.options.autoPanPaddingBottomRight || this.options.autoPanPadding);
      var inset = { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
      var shift = BorderMap.clearOfControlsShift(parts, inset, POPUP_GAP);
      // No clear place (a landscape tablet or phone with the legend and the time control open):
      // they are folded, which the reader can undo, rather than the popup's lines hidden under them.
      // Folded, they leave more room: the popup takes its size again (its content function sizes
      // it to the room) and is placed anew; it stayed squeezed to the room it had (review 27, #7).
      if (shift && shift.covered > 0 && foldOverlays()) { this.update(); return; }
      if (!shift) { L.Popup.prototype._adjustPan.call(this); return; }  // larger than the map
      // The map moves the other way from the popup, by whole pixels: a move under one pixel,
      // which Leaflet rounds away, still redrew the labels and the address on every date step.
      var dx = Math.round(shift.x), dy = Math.round(shift.y);
      if (dx || dy) map.fire("autopanstart").panBy([-dx, -dy]);
    },
  });

  function foldOverlays() {
    var legend = BorderMap.foldLegend ? BorderMap.foldLegend() : false;
    var time = BorderMap.foldTimeControl ? BorderMap.foldTimeControl() : false;
    return legend || time;
  }

  BorderMap.ensurePopup = function (layer) {
    if (layer.getPopup()) return layer.getPopup();
    var feature = layer.feature;
    var popup = new BorderMap.Popup({}, layer);
    popup.setContent(function () {
      // A popup larger than the map cannot be panned into view (phones): fit it to the map,
      // between the controls on either side.
      Object.assign(popup.options, popupSize());
      return BorderMap.popupContent(feature);
    });
    layer.bindPopup(popup);
    return popup;
  };

  // A permanent label is the name alone, so it stays short on a phone; the status is in the
  // hover tooltip and the popup.
  BorderMap.ensureTooltip = function (layer) {
    if (layer.getTooltip()) return layer.getTooltip();
    var feature = layer.feature;
    var props = feature.properties || {};
    var permanent = props.highlight === true || props.label === true;
    // A permanent label starts beyond the marker's edge so it never covers the marker.
    var radius = layer instanceof L.CircleMarker ? layer.options.radius || 6 : 0;
    // Leaflet sets a string tooltip as innerHTML; a node built here keeps names as text.
    var content = function () {
      // The name as the popup's title gives it; the status after it is in the page language.
      var node = el("span", { className: "bm-tooltip-text" }, [BorderMap.nameNode(BorderMap.localName(props, feature.id))]);
      var status = permanent ? "" : BorderMap.statusText(props, feature.id, false);
      if (status) node.appendChild(document.createTextNode(" — " + status));
      return node;
    };
    var options = {
      sticky: !permanent && !(layer instanceof L.CircleMarker),
      permanent: permanent,
      direction: permanent ? "right" : "auto",
      offset: permanent ? [radius + 6, 0] : [0, 0],
      className: props.highlight === true ? "bm-label-permanent bm-label-css" : permanent ? "bm-label-place bm-label-css" : "",
    };
    // A permanent label is placed without being measured (labels.js).
    if (permanent) layer.bindTooltip(new BorderMap.LabelTooltip(options, layer).setContent(content));
    else layer.bindTooltip(content, options);
    var tooltip = layer.getTooltip();
    if (permanent) BorderMap.labels.track(layer, tooltip, radius + 6, props.highlight === true);
    return tooltip;
  };
})(window);
