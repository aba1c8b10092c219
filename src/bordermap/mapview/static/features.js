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
    else if (layer.getBounds) {
      map.fitBounds(layer.getBounds(), Object.assign(BorderMap.clearOfControls(layer.getBounds(), 10), { animate: false }));
    }
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

  // The controls in the map's corners (zoom, layers, tools, legend, time control, scale, credits)
  // cover part of it. Each corner's controls, as they show now, are kept clear either by a margin
  // at their side (their width) or at the top or foot (their height): of these choices, the one
  // that shows `bounds` largest, then leaves the most room. Leaflet's fitBounds options.
  var CONTROL_GAP = 8, LEAST_ROOM = 64;
  BorderMap.clearOfControls = function (bounds, maxZoom) {
    var map = BorderMap.map;
    var frame = map.getContainer().getBoundingClientRect();
    var size = map.getSize();
    var corners = [];
    Object.keys(map._controlCorners || {}).forEach(function (position) {
      var box = null;
      Array.prototype.forEach.call(map._controlCorners[position].children, function (control) {
        var r = control.getBoundingClientRect();
        if (!r.width || !r.height) return;  // hidden (a folded part, the credits' button on a desktop)
        box = box ? { left: Math.min(box.left, r.left), right: Math.max(box.right, r.right), top: Math.min(box.top, r.top),
          bottom: Math.max(box.bottom, r.bottom) } : { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      });
      if (!box) return;
      var left = /left/.test(position), top = /top/.test(position);
      corners.push({
        side: left ? "left" : "right", end: top ? "top" : "bottom",
        width: Math.max(0, (left ? box.right - frame.left : frame.right - box.left)) + CONTROL_GAP,
        height: Math.max(0, (top ? box.bottom - frame.top : frame.bottom - box.top)) + CONTROL_GAP,
      });
    });
    var best = null;
    for (var choice = 0; choice < (1 << corners.length); choice++) {
      var pad = { left: 0, right: 0, top: 0, bottom: 0 };
      corners.forEach(function (corner, i) {
        if (choice & (1 << i)) pad[corner.side] = Math.max(pad[corner.side], corner.width);
        else pad[corner.end] = Math.max(pad[corner.end], corner.height);
      });
      var room = { x: size.x - pad.left - pad.right, y: size.y - pad.top - pad.bottom };
      if (room.x < LEAST_ROOM || room.y < LEAST_ROOM) continue;
      var zoom = Math.min(maxZoom, map.getBoundsZoom(bounds, false, L.point(pad.left + pad.right, pad.top + pad.bottom)));
      if (!best || zoom > best.zoom || (zoom === best.zoom && room.x * room.y > best.area)) {
        best = { zoom: zoom, area: room.x * room.y, pad: pad };
      }
    }
    var p = best ? best.pad : { left: 0, right: 0, top: 0, bottom: 0 };
    return { maxZoom: maxZoom, paddingTopLeft: [p.left, p.top], paddingBottomRight: [p.right, p.bottom] };
  };

  // Frames the features (closing any popup) where the map's controls leave them in view; false
  // when none of them is on the map.
  BorderMap.frame = function (ids) {
    var bounds = BorderMap.boundsOf(ids);
    if (!bounds) return false;
    BorderMap.map.closePopup();
    // Fit the map as it is now laid out, not at a size from before a panel showed.
    BorderMap.map.invalidateSize();
    bounds = bounds.pad(0.15);
    BorderMap.map.fitBounds(bounds, BorderMap.clearOfControls(bounds, 10));
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
