/* bordermap legend: made from what the map draws, and only that. Each shown layer's features
 * are grouped by how they look (BorderMap.styleFor, the function the map draws with); each look
 * gets one entry, named by the layer's configured `legend` item of that look (layers.toml) or,
 * without one, by the layer's title (and the features' status). A configured item no drawn
 * feature looks like ("Expressway open" while none is open) is left out. Editors' layers are
 * grouped under their own heading, and the selection's highlight has a key while it is drawn.
 *
 * A layer's configured legend lists its entries as {label, geometry, properties}: what a
 * feature shown by the entry looks like to the style rules. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText, t = BorderMap.t, nt = BorderMap.nt;
  var SVG = "http://www.w3.org/2000/svg";
  // Editors' layers listed one by one in the legend; the rest are counted.
  var EDITOR_LAYERS_LISTED = 8;
  // The look of a selected commitment's places (panelhighlight.js paints it; the key must match).
  var HIGHLIGHT = { color: "#4d0026", weight: 3, fillColor: "#d01c8b", fillOpacity: 1, radius: 7 };
  // And of what the search and filters found (its FOUND), keyed while drawn (review 32a, #11),
  // by each kind of shape it marks (review 33a, #6).
  var FOUND = {
    point: { color: "#00474a", weight: 3, fillColor: "#00a9b0", fillOpacity: 1, radius: 7 },
    line: { color: "#00a9b0", weight: 4, opacity: 1 },
    area: { color: "#00a9b0", weight: 2, opacity: 1, fill: true, fillColor: "#a6f0f2", fillOpacity: 0.5 },
  };

  function svgNode(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, String(attrs[key]));
    });
    return node;
  }

  // A swatch is small: a marker keeps its colours and dashes but at most a legend-sized radius.
  function swatch(shape, style) {
    var svg = svgNode("svg", { width: 28, height: 18, "aria-hidden": "true" });
    var node;
    if (shape === "point") {
      node = svgNode("circle", {
        cx: 14, cy: 9, r: Math.min(style.radius, 7), fill: style.fillColor, "fill-opacity": style.fillOpacity,
        stroke: style.color, "stroke-width": Math.min(style.weight, 3), "stroke-dasharray": style.dashArray,
      });
    } else if (shape === "area") {
      node = svgNode("rect", {
        x: 2, y: 2, width: 24, height: 14, fill: style.fill ? style.fillColor : "none",
        "fill-opacity": style.fill ? style.fillOpacity : null, stroke: style.color,
        "stroke-width": style.weight, "stroke-opacity": style.opacity, "stroke-dasharray": style.dashArray,
      });
    } else {
      node = svgNode("line", {
        x1: 1, y1: 9, x2: 27, y2: 9, stroke: style.color, "stroke-width": Math.min(style.weight, 8),
        "stroke-opacity": style.opacity, "stroke-dasharray": style.dashArray, "stroke-linecap": style.lineCap,
      });
    }
    svg.appendChild(node);
    return svg;
  }

  function shapeOf(type) {
    if (/Polygon/.test(type)) return "area";
    if (/LineString/.test(type)) return "line";
    return "point";
  }

  // What tells two looks apart on the map; features that share it share an entry.
  function signature(shape, style) {
    // An area's outline weight only marks a border province a little more strongly: same key.
    return [shape, style.color, style.fillColor, style.fill, style.fillOpacity, shape === "area" ? "" : style.weight,
      style.opacity, style.dashArray, style.radius].join("|");
  }

  // Each layer's drawn looks, worked out once per day shown (a feature's look follows its status
  // on the chosen day, so `refreshLegend` forgets them): [{shape, style, sig, props}] in the
  // order first met.
  var looksCache = {};
  var byLayer = null;  // layer id -> its drawn features ({id, feature}), indexed once
  function featuresOf(layerId) {
    if (!byLayer) {
      byLayer = {};
      Object.keys(BorderMap.features).forEach(function (id) {
        var item = BorderMap.features[id];
        (byLayer[item.layerId] = byLayer[item.layerId] || []).push({ id: id, feature: item.feature });
      });
    }
    return byLayer[layerId] || [];
  }
  function drawnLooks(layerId) {
    if (looksCache[layerId]) return looksCache[layerId];
    var entry = BorderMap.layers[layerId];
    if (entry && entry.onDemand) {  // a large layer: its look from its style, not its features
      return (looksCache[layerId] = entry.group.looks().map(function (look) {
        return Object.assign(look, { sig: signature(look.shape, look.style) });
      }));
    }
    var seen = {}, looks = [];
    featuresOf(layerId).forEach(function (item) {
      // A feature not yet on record that day is keyed once, by the legend's line on ghosts: its
      // look (today's status) would key a state it was not in.
      if (BorderMap.ghosts && BorderMap.ghosts[item.id]) return;
      BorderMap.geometryParts(item.feature.geometry).forEach(function (geometry) {
        var part = { type: "Feature", properties: item.feature.properties || {}, geometry: geometry };
        var shape = shapeOf(geometry.type);
        var style = BorderMap.styleFor(entry.config, part);
        var sig = signature(shape, style);
        if (seen[sig]) return;
        seen[sig] = true;
        looks.push({ shape: shape, style: style, sig: sig, props: part.properties });
      });
    });
    looksCache[layerId] = looks;
    return looks;
  }

  // A look no configured item names: the layer's title, with the status when features have one.
  function plainLabel(layerConfig, look) {
    var title = asText(layerConfig.title);
    return look.props.status ? t("{layer}: {status}", { layer: title, status: BorderMap.statusLabel(look.props.status) }) : title;
  }

  function curatedEntries(layerConfig) {
    var looks = drawnLooks(layerConfig.id);
    var named = {};
    var entries = [];
    var items = Array.isArray((layerConfig.style || {}).legend) ? layerConfig.style.legend : [];
    items.forEach(function (item) {
      var geometry = asText(item.geometry || "LineString");
      var shape = shapeOf(geometry);
      var style = BorderMap.styleFor(layerConfig, { type: "Feature", properties: item.properties || {}, geometry: { type: geometry } });
      var sig = signature(shape, style);
      var drawn = looks.some(function (look) { return look.sig === sig; });
      if (!drawn || named[sig]) return;
      named[sig] = true;
      entries.push({ layer: layerConfig.id, label: asText(item.label), shape: shape, style: style });
    });
    looks.forEach(function (look) {
      if (named[look.sig]) return;
      named[look.sig] = true;
      entries.push({ layer: layerConfig.id, label: plainLabel(layerConfig, look), shape: look.shape, style: look.style });
    });
    return entries;
  }

  function entriesShown() {
    var curated = [], editors = [];
    // Top of the map first, as the layer control and the places list read.
    (BorderMap.config.layers || []).slice().reverse().forEach(function (layerConfig) {
      if (!BorderMap.layers[layerConfig.id] || !BorderMap.layerShown(layerConfig.id)) return;
      if (layerConfig.origin === "user") {
        // Only the listed ones need their look; the others are counted.
        if (editors.length >= EDITOR_LAYERS_LISTED) { editors.push({ layer: layerConfig.id }); return; }
        // Keyed by the first look of each kind of shape it draws (a layer of points, lines and
        // areas keyed by its first shape alone left the others without a key: review 31b, #5).
        var shapes = {};
        var keys = drawnLooks(layerConfig.id).filter(function (look) {
          if (shapes[look.shape]) return false;
          return (shapes[look.shape] = true);
        });
        if (keys.length) editors.push({ layer: layerConfig.id, label: asText(layerConfig.title), keys: keys, editor: true });
        return;
      }
      curated = curated.concat(curatedEntries(layerConfig));
    });
    return { curated: curated, editors: editors };
  }

  function entryNode(entry) {
    var label = el("span", entry.editor ? BorderMap.withLang({ text: entry.label }, "en") : { text: entry.label });
    var swatches = (entry.keys || [entry]).map(function (key) { return swatch(key.shape, key.style); });
    return el("li", { "data-layer": entry.layer }, swatches.concat([label]));
  }

  var highlightShown = false, foundShown = false, foundShapes = [];
  var shownList = null;  // the legend's list, once the control is on the map

  // Another day chosen: the features may look otherwise (timeline.js calls this).
  BorderMap.refreshLegend = function () {
    looksCache = {};
    if (shownList) fill(shownList);
  };

  function fill(list) {
    list.textContent = "";
    var shown = entriesShown();
    if (highlightShown) {
      list.appendChild(el("li", { className: "bm-legend-highlight", "data-key": "highlight" }, [
        swatch("point", HIGHLIGHT), el("span", { text: t("Places of the selected commitment") }),
      ]));
    }
    if (foundShown) {
      var shapes = foundShapes.length ? foundShapes : ["point"];
      list.appendChild(el("li", { className: "bm-legend-highlight", "data-key": "found" }, shapes.map(function (shape) {
        return swatch(shape, FOUND[shape]);
      }).concat([el("span", { text: t("Places found, and the places of the commitments listed") })])));
    }
    shown.curated.forEach(function (entry) { list.appendChild(entryNode(entry)); });
    if (shown.editors.length) {
      list.appendChild(el("li", { className: "bm-legend-group", "data-key": "editors" }, [
        el("span", { className: "bm-editor-badge", "aria-hidden": "true", text: "✎" }),
        el("span", { text: t("Added by editors") }),
      ]));
      shown.editors.slice(0, EDITOR_LAYERS_LISTED).forEach(function (entry) {
        var node = entryNode(entry);
        node.className = "bm-legend-editor";
        list.appendChild(node);
      });
      var more = shown.editors.length - EDITOR_LAYERS_LISTED;
      if (more > 0) list.appendChild(el("li", { className: "bm-muted bm-legend-editor", text: nt("and {n} more layer", "and {n} more layers", more) }));
    }
    if (!list.firstChild) list.appendChild(el("li", { className: "bm-muted", text: t("No layer with a legend is shown.") }));
  }

  // The legend's room: from its foot up to the controls at the map's top left, less what its
  // corner stacks above it (the time control), so the corner never grows over the zoom buttons
  // (review 24a, #4: on a phone the open legend pushed "Today's status" over "−"). It scrolls
  // within that room; the stylesheet's bound stays for a map not laid out yet.
  var LEGEND_LEAST = 96;  // px: a few lines, even on a map too small for them all
  function fitLegend(box) {
    var map = BorderMap.map;
    if (!map || !box.parentNode || !box.offsetParent) return;
    var container = map.getContainer();
    var topLeft = container.querySelector(".leaflet-top.leaflet-left");
    var ceiling = topLeft && topLeft.firstChild ? topLeft.getBoundingClientRect().bottom
      : container.getBoundingClientRect().top;
    var own = box.getBoundingClientRect();
    // Measured within the corner's content: a corner whose controls are taller than its room
    // scrolls (bordermap.css), and the legend's box is then lower than where it will stand once
    // it fits (a phone's open time control, 44 px a row, is taller: review rv25b, #6).
    var corner = box.parentNode, room = corner.getBoundingClientRect();
    var above = own.top - room.top + corner.scrollTop;  // the controls stacked over it
    var below = corner.scrollHeight - (own.bottom - room.top + corner.scrollTop);  // the scale bar under it
    var bottom = Math.min(own.bottom, room.bottom - below);
    box.style.maxHeight = Math.max(LEGEND_LEAST, Math.floor(bottom - ceiling - above - 10)) + "px";
  }

  // Added once every layer is drawn; follows the layers as they are shown and hidden, and the
  // selection as it is made and cleared.
  BorderMap.legendControl = function () {
    // Bottom left, over the gulf and the west of Cambodia: the border the map is about runs
    // down its right half at the default view.
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = el("div", { className: "bm-legend leaflet-bar", role: "region", "aria-label": t("Legend") });
      var title = el("button", { type: "button", className: "bm-legend-toggle", "aria-expanded": "true", text: t("Legend") });
      var list = el("ul", { className: "bm-legend-list" });
      title.addEventListener("click", function () {
        var open = list.hidden;
        // On a small screen the open legend and the open time control above it covered three
        // quarters of the map (review 26, #6): opening the legend folds the control, which does not
        // move the legend's button (the corner stacks from its foot). Opening the control leaves
        // the legend open: folding it would move the control's button from under the finger
        // (review 26, #1); the legend then has the room left (fitLegend).
        if (open && BorderMap.smallScreen() && BorderMap.foldTimeControl) BorderMap.foldTimeControl();
        if (open) {
          list.hidden = false;
          title.setAttribute("aria-expanded", "true");
        } else {
          fold();
        }
        fitLegend(box);
      });
      BorderMap.fitLegend = function () { fitLegend(box); };
      if (global.innerWidth < 1000 || global.innerHeight < 700) { list.hidden = true; title.setAttribute("aria-expanded", "false"); }
      // Folded, it keeps no height the time control held for it while in use (timecontrol.js,
      // holdTheLegend): a popup opened by its address then left a tall empty box (review 27, #2).
      var fold = function () {
        list.hidden = true;
        title.setAttribute("aria-expanded", "false");
        box.style.height = "";
        box.classList.remove("bm-legend-held");
      };
      // Escape folds it, the focus on its button, as the layer list and the menu do (review rv22b, L1).
      BorderMap.closeOnEscape(box, function () { return !list.hidden; }, fold, title);
      // A popup with no clear place on a small map folds the legend (popups.js); false when folded already.
      BorderMap.foldLegend = function () {
        if (list.hidden) return false;
        fold();
        return true;
      };
      shownList = list;
      fill(list);
      var pending = false;
      // Many layers may change at once ("Show all"): the list is made again once, afterwards.
      var refill = function () {
        if (pending) return;
        pending = true;
        global.setTimeout(function () { pending = false; fill(list); }, 0);
      };
      BorderMap.on("layer-visibility", function (change) {
        var config = (BorderMap.layers[change.id] || {}).config || {};
        if (config.origin === "user") refill(); else fill(list);
      });
      BorderMap.on("highlight", function (change) {
        var now = !!(change && change.count), found = !!(change && change.found);
        var shapes = (change && change.foundShapes) || [];
        if (now === highlightShown && found === foundShown && shapes.join() === foundShapes.join()) return;
        highlightShown = now;
        foundShown = found;
        foundShapes = shapes;
        refill();
      });
      box.appendChild(title);
      box.appendChild(list);
      BorderMap.map.on("resize", function () { fitLegend(box); });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  };
})(window);
