/* bordermap first view: what makes the map read at a glance.
 *
 * - The two countries' names, in the page language (config.countryLabels).
 * - Markers that fall on one another at the current zoom (at Bavet the checkpoint, the town and
 *   the expressways' connecting point) are set a little apart around their common centre, so
 *   each can be seen and clicked; they go back to their own places as soon as there is room.
 * - A line whose style has an `offset` (pixels) is drawn that far beside its course, so lines
 *   that follow one road (the proposed rail beside the expressway) are told apart.
 * - Permanent labels never overlap: by priority (the inaugurated checkpoint, the countries,
 *   then the towns in their configured order), each label takes the first side of its marker
 *   where it overlaps nothing kept before it, or is hidden until there is room.
 */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText;
  // Markers whose discs come closer than this (pixels) are set apart.
  var CLEARANCE = 2;
  // Labels keep this much room between them (pixels).
  var LABEL_GAP = 2;
  // Only layers small enough to look at one by one are spread (markers) or offset (lines).
  var SMALL_LAYER = 200;
  // At most this many markers on one spot are set apart around it.
  var SPREAD_AT_MOST = 6;

  // ------------------------------------------------------------------ country names
  var countryMarkers = [];
  function addCountryNames(map) {
    (BorderMap.config.countryLabels || []).forEach(function (item) {
      var node = el("span", { className: "bm-country-name", text: asText(item.label) });
      var icon = L.divIcon({ className: "bm-country-label", html: node.outerHTML, iconSize: null });
      var marker = L.marker([item.lat, item.lon], { icon: icon, interactive: false, keyboard: false, pane: "tooltipPane" });
      marker.bmCountry = item.country;
      marker.addTo(map);
      countryMarkers.push(marker);
    });
  }

  // ------------------------------------------------------------------ markers set apart
  function smallPointLayers() {
    var points = [];
    Object.keys(BorderMap.features).forEach(function (id) {
      var entry = BorderMap.features[id];
      var layer = entry.layer;
      var group = BorderMap.layers[entry.layerId];
      if (!group || group.count > SMALL_LAYER || !layer.setLatLng || !layer.setRadius) return;
      if (!BorderMap.map.hasLayer(layer)) return;
      if (!layer.bmHome) layer.bmHome = layer.getLatLng();
      points.push(layer);
    });
    return points;
  }

  function spreadMarkers(map) {
    var points = smallPointLayers();
    points.forEach(function (layer) { if (!layer.getLatLng().equals(layer.bmHome)) layer.setLatLng(layer.bmHome); });
    var zoom = map.getZoom();
    var at = points.map(function (layer) { return map.project(layer.bmHome, zoom); });
    var radius = function (layer) { return (layer.options.radius || 6) + (layer.options.weight || 0) / 2; };
    // Groups of markers that touch, joined transitively.
    var groupOf = points.map(function (_, i) { return i; });
    var find = function (i) { while (groupOf[i] !== i) i = groupOf[i] = groupOf[groupOf[i]]; return i; };
    // Only markers in neighbouring cells of a grid as wide as two discs can touch.
    var cell = 2 * Math.max.apply(null, [6].concat(points.map(radius))) + CLEARANCE;
    var grid = {};
    at.forEach(function (p, i) {
      var key = Math.floor(p.x / cell) + ":" + Math.floor(p.y / cell);
      (grid[key] = grid[key] || []).push(i);
    });
    at.forEach(function (p, i) {
      var cx = Math.floor(p.x / cell), cy = Math.floor(p.y / cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          (grid[(cx + dx) + ":" + (cy + dy)] || []).forEach(function (j) {
            if (j > i && p.distanceTo(at[j]) < radius(points[i]) + radius(points[j]) + CLEARANCE) groupOf[find(i)] = find(j);
          });
        }
      }
    });
    var groups = {};
    points.forEach(function (_, k) { (groups[find(k)] = groups[find(k)] || []).push(k); });
    Object.keys(groups).forEach(function (key) {
      var members = groups[key];
      // A few markers on one spot are set apart; a dense cloud of them is a density to show as it is.
      if (members.length < 2 || members.length > SPREAD_AT_MOST) return;
      var centre = members.reduce(function (sum, k) { return sum.add(at[k]); }, L.point(0, 0)).divideBy(members.length);
      var widest = Math.max.apply(null, members.map(function (k) { return radius(points[k]); }));
      // Around a circle just wide enough for the discs not to touch, the first one to the west.
      var ring = Math.max(widest + CLEARANCE, (widest + CLEARANCE) / Math.sin(Math.PI / members.length));
      members.forEach(function (k, n) {
        var angle = Math.PI + (2 * Math.PI * n) / members.length;
        var spot = centre.add(L.point(Math.cos(angle) * ring, Math.sin(angle) * ring));
        points[k].setLatLng(map.unproject(spot, zoom));
        points[k].bmSpread = true;
      });
    });
  }

  // ------------------------------------------------------------------ lines drawn beside their course
  function offsetRing(map, latlngs, pixels, zoom) {
    var pts = latlngs.map(function (ll) { return map.project(ll, zoom); });
    return pts.map(function (p, i) {
      var prev = pts[Math.max(0, i - 1)], next = pts[Math.min(pts.length - 1, i + 1)];
      var dx = next.x - prev.x, dy = next.y - prev.y;
      var length = Math.sqrt(dx * dx + dy * dy) || 1;
      // The left-hand normal of the course through this vertex.
      return map.unproject(L.point(p.x + (dy / length) * pixels, p.y - (dx / length) * pixels), zoom);
    });
  }

  function offsetLines(map) {
    var zoom = map.getZoom();
    Object.keys(BorderMap.layers).forEach(function (layerId) {
      var group = BorderMap.layers[layerId];
      var pixels = Number(((group.config || {}).style || {}).offset);
      if (!pixels || group.count > SMALL_LAYER) return;
      group.group.eachLayer(function (layer) {
        BorderMap.partLayers(layer).forEach(function (part) {
          if (!part.setLatLngs || part.setRadius || /Polygon/.test(((part.feature || {}).geometry || {}).type)) return;
          if (!part.bmHome) part.bmHome = part.getLatLngs();
          var home = part.bmHome;
          var nested = Array.isArray(home[0]);
          part.setLatLngs(nested ? home.map(function (ring) { return offsetRing(map, ring, pixels, zoom); })
                                 : offsetRing(map, home, pixels, zoom));
        });
      });
    });
  }

  // ------------------------------------------------------------------ labels that never overlap
  // The map's permanent labels, highest priority first: [{node, tooltip, marker, rank}].
  function labelsByPriority() {
    var found = [];
    countryMarkers.forEach(function (marker, n) {
      // The name inside the marker's box, which is where the text shows (it is centred on its spot).
      var box = marker.getElement();
      var node = box && box.querySelector(".bm-country-name");
      if (node) found.push({ node: node, marker: marker, rank: 1, order: n });
    });
    var order = 0;
    (BorderMap.config.layers || []).forEach(function (layerConfig) {
      var group = BorderMap.layers[layerConfig.id];
      if (!group || group.count > SMALL_LAYER || !BorderMap.layerShown(layerConfig.id)) return;
      group.group.eachLayer(function (layer) {
        var tooltip = layer.getTooltip && layer.getTooltip();
        if (!tooltip || !tooltip.options.permanent) return;
        var node = tooltip.getElement();
        if (!node || !node.isConnected) return;
        var props = (layer.feature || {}).properties || {};
        found.push({ node: node, tooltip: tooltip, layer: layer, rank: props.highlight === true ? 0 : 2, order: order++ });
      });
    });
    return found.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
  }

  function boxOf(node) {
    var r = node.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }

  function overlaps(a, b) {
    return a.left < b.right + LABEL_GAP && b.left < a.right + LABEL_GAP &&
           a.top < b.bottom + LABEL_GAP && b.top < a.bottom + LABEL_GAP;
  }

  var SIDES = ["right", "left", "top", "bottom"];

  function insideMap(box, frame) {
    return box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
  }

  // Every label measured in one layout, then each placed (labels.js's side first, then the
  // others), then everything written: reading a box between two writes would lay the page out
  // again each time.
  BorderMap.declutterLabels = function () {
    var map = BorderMap.map;
    if (!map) return;
    var items = labelsByPriority();
    // ---- read
    var frame = boxOf(map.getContainer());
    // The map's controls (zoom, layers, tools, legend, time, scale, credits) are in the way too.
    var controls = [];
    Array.prototype.forEach.call(map.getContainer().querySelectorAll(".leaflet-control"), function (control) {
      var r = control.getBoundingClientRect();
      if (r.width && r.height) controls.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    });
    var kept = controls.slice();
    BorderMap.labels.readRoom();
    // A label hidden by zoom (town names far out: display none) has no box and takes no room;
    // one hidden for want of room (visibility) still has its box.
    items.forEach(function (item) { item.box = boxOf(item.node); });
    items = items.filter(function (item) { return item.box.right > item.box.left; });
    // ---- place
    // The markers drawn on the map are obstacles too, for every label but their own.
    var discs = smallPointLayers().map(function (layer) {
      var p = map.latLngToContainerPoint(layer.getLatLng());
      var r = (layer.options.radius || 6) + 1;
      return { layer: layer, box: { left: frame.left + p.x - r, right: frame.left + p.x + r,
                                    top: frame.top + p.y - r, bottom: frame.top + p.y + r } };
    });
    var clear = function (box, own) {
      return kept.every(function (other) { return !overlaps(box, other); }) &&
        discs.every(function (disc) { return disc.layer === own || !overlaps(box, disc.box); });
    };
    items.forEach(function (item) {
      // A country's name stays where it is; a label may go to any side of its marker.
      var movable = item.tooltip && item.tooltip.bmLabel;
      var boxes = movable ? BorderMap.labels.boxesOn(item.tooltip, item.box) : { here: item.box };
      if (movable) item.own = BorderMap.labels.sideFor(item.tooltip, item.box.right - item.box.left, item.box.bottom - item.box.top);
      var sides = movable ? [item.own].concat(SIDES) : ["here"];
      // By priority, each takes the first side where it overlaps nothing kept before it.
      item.side = undefined;
      for (var i = 0; i < sides.length && item.side === undefined; i++) {
        var box = boxes[sides[i]];
        if (clear(box, item.layer) && (item.rank === 0 || insideMap(box, frame))) item.side = sides[i];
      }
      // The highlighted label always shows. Where every side meets something, it goes on the
      // first side clear of the controls, over a marker or a line rather than under the tool bar
      // (on a phone's map framed on its commitment, its own side ran under the tools: review 24a,
      // #5), and on its own side only when no side is clear of them.
      if (item.side === undefined && item.rank === 0) {
        item.side = sides.filter(function (side) {
          return controls.every(function (control) { return !overlaps(boxes[side], control); }) && insideMap(boxes[side], frame);
        })[0] || sides[0];
      }
      if (item.side !== undefined) kept.push(boxes[item.side]);
      item.movable = movable;
    });
    // ---- write: each on its side (labels.js's when it has no room), or hidden.
    items.forEach(function (item) {
      if (item.movable) BorderMap.labels.put(item.tooltip, item.side === undefined ? item.own : item.side);
      var hidden = item.side === undefined;
      if (item.node.classList.contains("bm-label-hidden") !== hidden) item.node.classList.toggle("bm-label-hidden", hidden);
    });
  };

  function arrange() {
    var map = BorderMap.map;
    spreadMarkers(map);
    offsetLines(map);
    BorderMap.declutterLabels();
  }

  // The first map painted is already arranged: names that overlap, and markers on one spot,
  // would show for as long as the panel takes to load and then jump.
  BorderMap.on("drawn", function () {
    addCountryNames(BorderMap.map);
    arrange();
  });

  BorderMap.on("ready", function () {
    var map = BorderMap.map;
    // Again once every "ready" handler has run: controls added then (the legend, the time
    // control, the sharing tools) are in the way too.
    global.setTimeout(function () { BorderMap.declutterLabels(); }, 0);
    // After labels.js has placed each label for the new view.
    map.on("zoomend resize", arrange);
    map.on("moveend", function () { BorderMap.declutterLabels(); });
    // Many layers may change at once ("Show all"): arranged once, afterwards.
    var pending = false;
    BorderMap.on("layer-visibility", function () {
      if (pending) return;
      pending = true;
      global.setTimeout(function () { pending = false; arrange(); }, 0);
    });
  });
})(window);
