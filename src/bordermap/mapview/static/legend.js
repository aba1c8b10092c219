/* bordermap legend: one entry per `legend` item of each layer on the map, its swatch drawn with
 * the style the map gives a feature like it (BorderMap.styleFor), so the two cannot differ.
 *
 * A layer's configured style lists its entries as {label, geometry, properties}: what a
 * feature shown by the entry looks like to the style rules. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText, t = BorderMap.t;
  var SVG = "http://www.w3.org/2000/svg";

  function svgNode(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, String(attrs[key]));
    });
    return node;
  }

  // A swatch is small: a marker keeps its colours and dashes but at most a legend-sized radius.
  function swatch(geometry, style) {
    var svg = svgNode("svg", { width: 28, height: 18, "aria-hidden": "true" });
    var shape;
    if (/Point/.test(geometry)) {
      shape = svgNode("circle", {
        cx: 14, cy: 9, r: Math.min(style.radius, 7), fill: style.fillColor, "fill-opacity": style.fillOpacity,
        stroke: style.color, "stroke-width": Math.min(style.weight, 3), "stroke-dasharray": style.dashArray,
      });
    } else if (/Polygon/.test(geometry)) {
      shape = svgNode("rect", {
        x: 2, y: 2, width: 24, height: 14, fill: style.fill ? style.fillColor : "none",
        "fill-opacity": style.fill ? style.fillOpacity : null, stroke: style.color,
        "stroke-width": style.weight, "stroke-opacity": style.opacity, "stroke-dasharray": style.dashArray,
      });
    } else {
      shape = svgNode("line", {
        x1: 1, y1: 9, x2: 27, y2: 9, stroke: style.color, "stroke-width": Math.min(style.weight, 8),
        "stroke-opacity": style.opacity, "stroke-dasharray": style.dashArray, "stroke-linecap": style.lineCap,
      });
    }
    svg.appendChild(shape);
    return svg;
  }

  function entriesShown() {
    var entries = [];
    // Top of the map first, as the layer control and the places list read.
    (BorderMap.config.layers || []).slice().reverse().forEach(function (layerConfig) {
      var legend = (layerConfig.style || {}).legend;
      if (!Array.isArray(legend) || !BorderMap.layerShown(layerConfig.id)) return;
      legend.forEach(function (item) {
        var geometry = asText(item.geometry || "LineString");
        var style = BorderMap.styleFor(layerConfig, { type: "Feature", properties: item.properties || {},
                                                      geometry: { type: geometry } });
        entries.push({ layer: layerConfig.id, label: asText(item.label), geometry: geometry, style: style });
      });
    });
    return entries;
  }

  function fill(list) {
    list.textContent = "";
    entriesShown().forEach(function (entry) {
      list.appendChild(el("li", { "data-layer": entry.layer }, [
        swatch(entry.geometry, entry.style), el("span", { text: entry.label }),
      ]));
    });
    if (!list.firstChild) list.appendChild(el("li", { className: "bm-muted", text: t("No layer with a legend is shown.") }));
  }

  // Added once every layer is drawn; follows the layers as they are shown and hidden.
  BorderMap.legendControl = function () {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", { className: "bm-legend leaflet-bar", role: "region", "aria-label": t("Legend") });
      var title = el("button", { type: "button", className: "bm-legend-toggle", "aria-expanded": "true", text: t("Legend") });
      var list = el("ul", { className: "bm-legend-list" });
      title.addEventListener("click", function () {
        var open = list.hidden;
        list.hidden = !open;
        title.setAttribute("aria-expanded", String(open));
      });
      if (global.innerWidth < 1000 || global.innerHeight < 700) { list.hidden = true; title.setAttribute("aria-expanded", "false"); }
      fill(list);
      BorderMap.on("layer-visibility", function (change) {
        var config = (BorderMap.layers[change.id] || {}).config || {};
        if ((config.style || {}).legend) fill(list);
      });
      box.appendChild(title);
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  };
})(window);
