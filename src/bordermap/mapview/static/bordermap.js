/* bordermap: the map's shared core. The other scripts (listed in order in assets.SCRIPTS) each
 * add one concern to the BorderMap object: urlstate, styles, popups, labels, layers, legend,
 * layercontrol, startup.
 *
 * Every text that came from data is inserted with textContent, never as HTML: feature
 * properties may come from an upload.
 */
(function (global) {
  "use strict";

  var BorderMap = {
    map: null,
    config: null,
    layers: {},        // layer id -> {config, group, count}
    features: {},      // feature id -> {feature, layer (Leaflet), layerId}
    commitments: {},   // commitment id -> commitment
    documents: {},     // document id -> document
    drawn: {},         // layer id -> number of features drawn
    ready: false,
    _listeners: {},
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") node.textContent = attrs[key];
        else if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key]);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  BorderMap.el = el;

  BorderMap.safeUrl = function (value) {
    // Only web links become links; anything else (javascript:, data:) stays text.
    return typeof value === "string" && /^https?:\/\//i.test(value) ? value : null;
  };

  BorderMap.asText = function (value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  };

  // Events between the map's parts and the panel: "ready", "open-commitment", "state-change",
  // "feature-open", "layer-visibility" ({id, shown, byReader}).
  BorderMap.on = function (name, fn) {
    (this._listeners[name] = this._listeners[name] || []).push(fn);
  };
  BorderMap.emit = function (name, payload) {
    (this._listeners[name] || []).forEach(function (fn) { fn(payload); });
  };

  var STATUS_LABELS = {
    "open": "Open",
    "inaugurated": "Inaugurated",
    "under-construction": "Under construction",
    "under-discussion": "Under discussion",
    "proposed": "Proposed",
    "study": "Study stage",
    "planned": "Planned",
  };
  BorderMap.statusLabel = function (status) {
    return STATUS_LABELS[status] || BorderMap.asText(status);
  };

  // A GeometryCollection or a MultiPoint is drawn part by part, each part as its own geometry.
  BorderMap.geometryParts = function partsOf(geometry) {
    if (!geometry) return [];
    if (geometry.type === "GeometryCollection") {
      return [].concat.apply([], (geometry.geometries || []).map(partsOf));
    }
    if (geometry.type === "MultiPoint") {
      return (geometry.coordinates || []).map(function (c) { return { type: "Point", coordinates: c }; });
    }
    return [geometry];
  };

  global.BorderMap = BorderMap;
})(window);
