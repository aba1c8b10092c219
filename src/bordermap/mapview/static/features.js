/* bordermap features: the small interface the panel uses to open, frame and highlight drawn
 * features without reaching into Leaflet (layers.js draws them). */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  BorderMap.layerOf = function (featureId) {
    var entry = BorderMap.features[featureId];
    return entry ? entry.layerId : null;
  };

  // options.focus moves the keyboard focus into the popup (and back to where it was on close);
  // options.keepView leaves the map where it is when the feature is in sight (a shared link that
  // carries its sender's view as well as the feature).
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
    var inSight = options && options.keepView &&
      (layer.getLatLng ? map.getBounds().contains(layer.getLatLng()) : map.getBounds().intersects(layer.getBounds()));
    if (!inSight) frame(map, layer);
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

  // The map brought to a feature. Not animated: a popup opened during a zoom animation is
  // auto-panned for the old zoom and ends up out of view once the animation lands.
  function frame(map, layer) {
    if (layer.getLatLng) map.setView(layer.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
    else if (layer.getBounds) {
      map.fitBounds(layer.getBounds(), Object.assign(BorderMap.clearOfControls(layer.getBounds(), 10), { animate: false }));
    }
  }

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

  // The controls shown over the map (zoom, layers, tools, legend, time control, scale, credits),
  // each as {position, left, top, right, bottom} in the map's pixels. A hidden one (a folded
  // part, the credits' button on a desktop) covers nothing and is left out.
  BorderMap.controlBoxes = function () {
    var map = BorderMap.map;
    var frame = map.getContainer().getBoundingClientRect();
    var boxes = [];
    Object.keys(map._controlCorners || {}).forEach(function (position) {
      Array.prototype.forEach.call(map._controlCorners[position].children, function (control) {
        var r = control.getBoundingClientRect();
        if (!r.width || !r.height) return;
        boxes.push({ position: position, left: r.left - frame.left, right: r.right - frame.left,
          top: r.top - frame.top, bottom: r.bottom - frame.top });
      });
    });
    return boxes;
  };

  // The controls in the map's corners cover part of it. Each corner's controls, as they show
  // now, are kept clear either by a margin at their side (their width) or at the top or foot
  // (their height): of these choices, the one that shows `bounds` largest, then leaves the most
  // room. Leaflet's fitBounds options.
  var CONTROL_GAP = 8, LEAST_ROOM = 64;
  BorderMap.clearOfControls = function (bounds, maxZoom) {
    var map = BorderMap.map;
    var frame = map.getContainer().getBoundingClientRect();
    var size = map.getSize();
    var byCorner = {};
    BorderMap.controlBoxes().forEach(function (r) {
      var box = byCorner[r.position];
      byCorner[r.position] = box ? { left: Math.min(box.left, r.left), right: Math.max(box.right, r.right),
        top: Math.min(box.top, r.top), bottom: Math.max(box.bottom, r.bottom) } : r;
    });
    var corners = Object.keys(byCorner).map(function (position) {
      var box = byCorner[position];
      var left = /left/.test(position), top = /top/.test(position);
      return {
        side: left ? "left" : "right", end: top ? "top" : "bottom",
        width: Math.max(0, (left ? box.right : frame.width - box.left)) + CONTROL_GAP,
        height: Math.max(0, (top ? box.bottom : frame.height - box.top)) + CONTROL_GAP,
      };
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

  // How far to move `parts` (boxes {left, top, right, bottom} in the map's pixels that move
  // together: an open popup's body and its tip) so they lie inside the map, `inset` ({left,
  // top, right, bottom}) from its edges, and `gap` clear of every control: the least move, as
  // {x, y}. Where no place is clear (an unfolded legend on a phone), the place inside that the
  // controls cover least; null when the parts are larger than the map.
  BorderMap.clearOfControlsShift = function (parts, inset, gap) {
    var size = BorderMap.map.getSize();
    var controls = BorderMap.controlBoxes();
    var all = parts.reduce(function (a, b) {
      return { left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) };
    });
    var least = { x: inset.left - all.left, y: inset.top - all.top };
    var most = { x: size.x - inset.right - all.right, y: size.y - inset.bottom - all.bottom };
    if (most.x < least.x || most.y < least.y) return null;
    // The best move puts a side of a part where it was, at the map's edge or beside a control.
    var xs = [0, least.x, most.x], ys = [0, least.y, most.y];
    parts.forEach(function (p) {
      controls.forEach(function (c) {
        xs.push(c.right + gap - p.left, c.left - gap - p.right);
        ys.push(c.bottom + gap - p.top, c.top - gap - p.bottom);
      });
    });
    var best = null;
    xs.forEach(function (x) {
      if (x < least.x || x > most.x) return;
      ys.forEach(function (y) {
        if (y < least.y || y > most.y) return;
        var covered = 0;
        parts.forEach(function (p) {
          controls.forEach(function (c) {
            var across = Math.min(p.right + x, c.right + gap) - Math.max(p.left + x, c.left - gap);
            var down = Math.min(p.bottom + y, c.bottom + gap) - Math.max(p.top + y, c.top - gap);
            if (across > 0 && down > 0) covered += across * down;
          });
        });
        var move = Math.abs(x) + Math.abs(y);
        if (!best || covered < best.covered || (covered === best.covered && move < best.move)) {
          best = { x: x, y: y, covered: covered, move: move };
        }
      });
    });
    return { x: best.x, y: best.y, covered: best.covered };
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
