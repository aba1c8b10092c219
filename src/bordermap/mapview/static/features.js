/* bordermap features: the small interface the panel uses to open, frame and highlight drawn
 * features without reaching into Leaflet (layers.js draws them). */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  BorderMap.layerOf = function (featureId) {
    var entry = BorderMap.features[featureId];
    return entry ? entry.layerId : null;
  };

  // options.focus moves the keyboard focus into the popup (and back to where it was on close).
  BorderMap.openFeature = function (id, options) {
    var map = BorderMap.map;
    var entry = BorderMap.features[id];
    if (!entry) return false;
    if (map._animatingZoom) {
      // A zoom still running (a commitment's fit) would land after us and move the popup away.
      map.once("zoomend", function () { BorderMap.openFeature(id, options); });
      return true;
    }
    var opener = document.activeElement;
    BorderMap.showLayer(entry.layerId);
    var layer = entry.layer;
    // Not animated: a popup opened during a zoom animation is auto-panned for the old zoom
    // and ends up out of view once the animation lands.
    if (layer.getLatLng) map.setView(layer.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
    else if (layer.getBounds) map.fitBounds(layer.getBounds(), { maxZoom: 10, animate: false });
    BorderMap.ensurePopup(layer);
    layer.openPopup(layer.getLatLng ? undefined : layer.getBounds().getCenter());
    var element = layer.getPopup() && layer.getPopup().getElement();
    var title = element && element.querySelector(".bm-popup-title");
    if (options && options.focus && title) {
      title.focus();
      layer.once("popupclose", function () {
        var now = document.activeElement;
        if (opener && opener.focus && (!now || now === document.body || element.contains(now))) opener.focus();
      });
    }
    return true;
  };

  BorderMap.boundsOf = function (ids) {
    var bounds = null;
    ids.forEach(function (id) {
      var entry = BorderMap.features[id];
      if (!entry) return;
      var b = entry.layer.getLatLng ? L.latLngBounds([entry.layer.getLatLng()]) : entry.layer.getBounds();
      bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    });
    return bounds;
  };

  // Frames the features (closing any popup); false when none of them is on the map.
  BorderMap.frame = function (ids) {
    var bounds = BorderMap.boundsOf(ids);
    if (!bounds) return false;
    BorderMap.map.closePopup();
    // Fit the map as it is now laid out, not at a size from before a panel showed.
    BorderMap.map.invalidateSize();
    BorderMap.map.fitBounds(bounds.pad(0.15), { maxZoom: 10 });
    return true;
  };

  // The map's container changed size (a panel appeared beside it).
  BorderMap.resize = function () { BorderMap.map.invalidateSize(); };

  // look: {color, weight, opacity, fillColor, fillOpacity, outline (a point's ring)}.
  function paintPart(layer, look) {
    var style = { color: look.color, weight: look.weight, opacity: look.opacity,
      fillColor: look.fillColor, fillOpacity: look.fillOpacity };
    var area = /Polygon/.test(((layer.feature || {}).geometry || {}).type);
    if (layer.setRadius) {
      // A point keeps a solid fill so it reads as a marker, not as a hollow ring.
      style.radius = (layer.options.radius || 6) + 4;
      style.fillColor = look.color;
      style.fillOpacity = 1;
      style.color = look.outline;
      style.weight = 3;
    }
    if (area) { style.weight = 3; style.fillOpacity = 0.45; }
    if (!area && !layer.setRadius) { delete style.fillColor; delete style.fillOpacity; } // a line has no fill
    layer.setStyle(style);
    // Areas stay underneath so the points and lines on them can still be clicked.
    if (!area && layer.bringToFront) layer.bringToFront();
  }

  // Gives a feature a look on top of its own (a selection, a preview); false if not drawn.
  BorderMap.paint = function (id, look) {
    var entry = BorderMap.features[id];
    if (!entry) return false;
    BorderMap.partLayers(entry.layer).forEach(function (part) { paintPart(part, look); });
    return true;
  };

  // Gives a painted feature its own look back.
  BorderMap.unpaint = function (id) {
    var entry = BorderMap.features[id];
    if (!entry) return;
    var layer = BorderMap.layers[entry.layerId];
    BorderMap.partLayers(entry.layer).forEach(function (part) {
      layer.group.resetStyle(part);
      if (part.setRadius) part.setRadius(BorderMap.styleFor(layer.config, part.feature).radius);
    });
  };

  // Every drawn layer, top of the map first, with its features' ids and names (up to `limit`
  // of them; `count` is always the layer's number of features).
  BorderMap.placesByLayer = function (limit) {
    var byLayer = {};
    Object.keys(BorderMap.features).forEach(function (id) {
      var layerId = BorderMap.features[id].layerId;
      (byLayer[layerId] = byLayer[layerId] || []).push(id);
    });
    return (BorderMap.config.layers || []).slice().reverse().filter(function (config) {
      return BorderMap.layers[config.id] && byLayer[config.id];
    }).map(function (config) {
      var ids = byLayer[config.id];
      var places = ids.length > limit ? null : ids.map(function (id) {
        return { id: id, name: BorderMap.featureName(id) };
      });
      return { id: config.id, title: BorderMap.asText(config.title), count: ids.length, places: places };
    });
  };
})(window);
