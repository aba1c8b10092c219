/* bordermap styles: how a feature looks, from its layer's configured style (geodata/layers.toml
 * for the curated layers, the upload form for the others). The legend draws its swatches with
 * the same function, so what it shows is what the map draws.
 *
 * A configured style holds: color, weight, opacity, dash, cap (lines); fill ("none" for no
 * fill), fill_opacity (areas); radius, outline, outline_weight (points, whose colour is their
 * fill); and `variants`, each a `when` (property -> value, or a list of values) and the keys it
 * changes for the features that match.
 */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // What a key means when the layer says nothing of it; the same for every layer.
  var DEFAULTS = {
    point: { color: "#08519c", radius: 6, outline: "#fff", outline_weight: 2, fill_opacity: 0.95 },
    line: { color: "#333", weight: 3, opacity: 0.9 },
    area: { color: "#555", weight: 1, opacity: 0.9, fill: "#fff", fill_opacity: 0.55 },
  };
  var KEYS = ["color", "weight", "opacity", "dash", "cap", "fill", "fill_opacity", "radius", "outline", "outline_weight"];

  // Every line, curated or uploaded, shows its status and whether it is only indicative.
  var STATUS_DASH = {
    "under-construction": "10 6",
    "under-discussion": "6 6",
    "proposed": "3 7",
    "study": "3 7",
    // Dash and dot: long even dashes ("8 8") could not be told from those under construction.
    "planned": "12 4 2 4",
  };
  var INDICATIVE_DASH = "2 8";

  function shapeOf(geometryType) {
    if (/Polygon/.test(geometryType)) return "area";
    if (/LineString/.test(geometryType)) return "line";
    return "point";
  }

  function take(look, source) {
    KEYS.forEach(function (key) {
      if (source[key] !== undefined && source[key] !== null) look[key] = source[key];
    });
  }

  function matches(when, props) {
    return Object.keys(when || {}).every(function (key) {
      var wanted = when[key];
      return Array.isArray(wanted) ? wanted.indexOf(props[key]) >= 0 : props[key] === wanted;
    });
  }

  // The look in the configuration's own terms: defaults, layer, line conventions, variants.
  function lookOf(style, shape, props) {
    var look = Object.assign({}, DEFAULTS[shape]);
    take(look, style);
    if (shape === "line") {
      if (STATUS_DASH[props.status]) look.dash = STATUS_DASH[props.status];
      if (props.indicative) look.dash = INDICATIVE_DASH;
    }
    (style.variants || []).forEach(function (variant) {
      if (matches(variant.when, props)) take(look, variant);
    });
    return look;
  }

  // The look as Leaflet path options.
  function leafletOptions(look, shape, props) {
    if (shape === "point") {
      return { radius: look.radius, color: look.outline, weight: look.outline_weight, fillColor: look.color,
               fillOpacity: look.fill_opacity, dashArray: look.dash || null };
    }
    if (shape === "line") {
      var line = { color: look.color, weight: look.weight, opacity: look.opacity, dashArray: look.dash || null };
      if (look.cap) line.lineCap = look.cap;
      return line;
    }
    var filled = look.fill !== "none";
    return {
      color: look.color,
      // A province on the border is outlined a little more strongly.
      weight: props.borders_other_country ? look.weight + 0.5 : look.weight,
      opacity: look.opacity,
      dashArray: look.dash || null,
      fill: filled,
      fillColor: filled ? look.fill : "#fff",
      fillOpacity: filled ? look.fill_opacity : 0,
    };
  }

  BorderMap.styleFor = function (layerConfig, feature) {
    var props = feature.properties || {};
    var type = feature.geometry && feature.geometry.type;
    // A collection is drawn part by part; as a whole it takes its first part's look.
    if (type === "GeometryCollection") type = (BorderMap.geometryParts(feature.geometry)[0] || {}).type;
    var shape = shapeOf(type);
    return leafletOptions(lookOf(layerConfig.style || {}, shape, props), shape, props);
  };
})(window);
