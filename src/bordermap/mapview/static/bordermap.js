/* bordermap: draws the layers, popups, legend and layer control on a folium-made Leaflet map.
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

  // ---------------------------------------------------------------- small helpers
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

  function safeUrl(value) {
    // Only web links become links; anything else (javascript:, data:) stays text.
    return typeof value === "string" && /^https?:\/\//i.test(value) ? value : null;
  }
  BorderMap.safeUrl = safeUrl;

  function asText(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }
  BorderMap.asText = asText;

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
    return STATUS_LABELS[status] || asText(status);
  };

  // ---------------------------------------------------------------- URL state
  // The URL's hash carries the selection (feature, commitment, filters, view) so a link
  // can be shared; it works the same from file:// in the export.
  BorderMap.state = {
    read: function () {
      var out = {};
      var hash = global.location.hash.replace(/^#/, "");
      if (!hash) return out;
      hash.split("&").forEach(function (pair) {
        var i = pair.indexOf("=");
        if (i < 0) return;
        try {
          out[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
        } catch (e) { /* a malformed pair is ignored */ }
      });
      return out;
    },
    write: function (changes) {
      var current = this.read();
      Object.keys(changes).forEach(function (key) {
        if (changes[key] === null || changes[key] === undefined || changes[key] === "") delete current[key];
        else current[key] = changes[key];
      });
      var hash = Object.keys(current).sort().map(function (key) {
        return encodeURIComponent(key) + "=" + encodeURIComponent(current[key]);
      }).join("&");
      var url = global.location.pathname + global.location.search + (hash ? "#" + hash : "");
      this.written = hash;
      try { global.history.replaceState(null, "", url); } catch (e) { global.location.hash = hash; }
    },
    written: null,
  };

  // ---------------------------------------------------------------- styles
  var DASH = {
    "under-construction": "10 6",
    "under-discussion": "6 6",
    "proposed": "3 7",
    "study": "3 7",
    "planned": "8 8",
  };

  function lineStyle(layerStyle, props) {
    var style = {
      color: layerStyle.color || "#333",
      weight: layerStyle.weight || 3,
      opacity: 0.9,
      dashArray: layerStyle.dash || null,
    };
    if (props.kind === "corridor") {
      style.opacity = 0.35;
      style.lineCap = "round";
    }
    if (DASH[props.status]) style.dashArray = DASH[props.status];
    if (props.indicative) style.dashArray = "2 8";
    return style;
  }

  function areaStyle(layerStyle, props) {
    var fill = layerStyle.fill;
    return {
      color: layerStyle.color || "#555",
      weight: props.borders_other_country ? (layerStyle.weight || 1) + 0.5 : layerStyle.weight || 1,
      opacity: 0.9,
      dashArray: layerStyle.dash || null,
      fill: fill !== "none",
      fillColor: fill && fill !== "none" ? fill : "#fff",
      fillOpacity: fill === "none" ? 0 : 0.55,
    };
  }

  function pointStyle(layerStyle, props) {
    var base = {
      radius: 6,
      color: "#fff",
      weight: 2,
      fillColor: layerStyle.color || "#08519c",
      fillOpacity: 0.95,
    };
    if (props.kind === "checkpoint") {
      base.radius = props.highlight ? 11 : 7;
      if (props.highlight) { base.fillColor = "#f0a202"; base.color = "#7a3e00"; base.weight = 3; }
      else if (props.checkpoint_type && props.checkpoint_type !== "international") base.fillColor = "#6baed6";
    } else if (props.kind === "connecting-point") {
      base.radius = 8; base.fillColor = "#fff"; base.color = "#d95f02"; base.weight = 3; base.dashArray = "3 3";
    } else if (props.kind === "place") {
      base.radius = 4; base.fillColor = "#333"; base.color = "#fff"; base.weight = 1.5;
    }
    return base;
  }

  BorderMap.styleFor = function (layerConfig, feature) {
    var props = feature.properties || {};
    var type = feature.geometry && feature.geometry.type;
    // A collection is drawn part by part (see compositeLayer); as a whole it takes its first part's look.
    if (type === "GeometryCollection") type = (partsOf(feature.geometry)[0] || {}).type;
    var style = layerConfig.style || {};
    if (/Polygon/.test(type)) return areaStyle(style, props);
    if (/LineString/.test(type)) return lineStyle(style, props);
    return pointStyle(style, props);
  };

  // ---------------------------------------------------------------- popups and tooltips
  function row(label, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", { className: "bm-row" }, [
      el("span", { className: "bm-label", text: label }), " ",
      el("span", { className: "bm-value", text: asText(value) }),
    ]);
  }

  function precisionText(props) {
    if (props.location_precision === "approximate") {
      var radius = props.precision_m ? " (within about " + Number(props.precision_m).toLocaleString("en") + " m)" : "";
      return "approximate" + radius;
    }
    return props.location_precision ? asText(props.location_precision) : "";
  }

  function sourcesList(sources) {
    if (!Array.isArray(sources) || !sources.length) return null;
    var list = el("ul", { className: "bm-sources" });
    sources.forEach(function (src) {
      if (!src || typeof src !== "object") return;
      var title = asText(src.title || src.url || "source");
      var href = safeUrl(src.url);
      var titleNode = href
        ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: title })
        : el("span", { text: title });
      var meta = [src.publisher, src.date].filter(Boolean).map(asText).join(", ");
      list.appendChild(el("li", null, [titleNode, meta ? " — " + meta : ""]));
    });
    return el("div", null, [el("div", { className: "bm-label", text: "Sources" }), list]);
  }

  function commitmentsList(props) {
    var ids = Array.isArray(props.commitments) ? props.commitments : [];
    var box = el("div", { className: "bm-commitments" });
    box.appendChild(el("div", { className: "bm-label", text: "Commitments (" + ids.length + ")" }));
    if (!ids.length) {
      box.appendChild(el("p", { className: "bm-muted", text: "No commitment in the documents names this feature." }));
      return box;
    }
    var list = el("ul");
    ids.forEach(function (cid) {
      var c = BorderMap.commitments[cid];
      var button = el("button", {
        type: "button", className: "bm-linkbutton", "data-commitment": asText(cid),
        text: c ? asText(c.summary) : asText(cid),
      });
      button.addEventListener("click", function () { BorderMap.emit("open-commitment", cid); });
      list.appendChild(el("li", null, [button]));
    });
    box.appendChild(list);
    return box;
  }

  function nameOf(id) {
    var entry = BorderMap.features[id];
    return entry ? asText((entry.feature.properties || {}).name || id) : asText(id);
  }

  function namesOf(ids) {
    return Array.isArray(ids) ? ids.map(nameOf).join(", ") : "";
  }

  // What an analyst asks of a province or a gate pair beyond its name: codes, neighbours,
  // the 2025 merger, the two sides of a checkpoint, a line's length.
  function particulars(props) {
    var other = props.country === "KH" ? "Viet Nam" : props.country === "VN" ? "Cambodia" : "the other country";
    var gates = props.gate_kh || props.gate_vn
      ? asText(props.gate_kh || "?") + " (Cambodia) – " + asText(props.gate_vn || "?") + " (Viet Nam)" : "";
    var provinces = props.province_kh || props.province_vn
      ? [props.province_kh, props.province_vn].filter(Boolean).map(nameOf).join(" – ") +
        (props.province_vn_pre2025 ? " (before July 2025: " + nameOf(props.province_vn_pre2025) + ")" : "")
      : "";
    return [
      row("Gates:", gates),
      row("Provinces:", provinces),
      row("ISO 3166-2:", props.iso_3166_2),
      props.borders_other_country === true ? row("Border:", "borders " + other) : null,
      row("Formed 1 July 2025 from:", namesOf(props.merged_from)),
      row("Since 1 July 2025 part of:", props.merged_into ? nameOf(props.merged_into) : ""),
      row("Length:", props.length_km ? asText(props.length_km) + " km" : ""),
    ];
  }

  BorderMap.popupContent = function (feature) {
    var props = feature.properties || {};
    var locals = [props.name_km, props.name_vi].filter(Boolean).map(asText).join(" · ");
    var status = props.status
      ? BorderMap.statusLabel(props.status) + (props.status_date ? " (" + asText(props.status_date) + ")" : "")
      : "";
    var node = el("div", { className: "bm-popup", "data-feature": asText(feature.id) }, [
      el("h3", { className: "bm-popup-title", tabindex: "-1", text: asText(props.name || feature.id) }),
      locals ? el("p", { className: "bm-locals", text: locals }) : null,
      row("Kind:", props.checkpoint_type ? props.checkpoint_type + " checkpoint" : props.kind),
      row("Status:", status),
      props.indicative ? el("p", { className: "bm-indicative", text: "Indicative line: not an alignment." }) : null,
      row("Location:", precisionText(props)),
    ].concat(particulars(props), [
      // The commitments come before the long texts so they are seen without scrolling.
      commitmentsList(props),
      row("Opened:", props.opened),
      props.description ? el("p", { className: "bm-description", text: asText(props.description) }) : null,
      sourcesList(props.sources),
    ]));
    return node;
  };

  // A permanent label is the name alone, so it stays short on a phone; the status is in the
  // hover tooltip and the popup.
  function tooltipText(feature, permanent) {
    var props = feature.properties || {};
    var text = asText(props.name || feature.id);
    if (props.status && !permanent) text += " — " + BorderMap.statusLabel(props.status);
    return text;
  }

  // Leaflet sets a string tooltip as innerHTML; a node built here keeps names as text.
  function tooltipNode(feature, permanent) {
    return function () { return el("span", { className: "bm-tooltip-text", text: tooltipText(feature, permanent) }); };
  }

  function popupSize() {
    var size = BorderMap.map ? BorderMap.map.getSize() : { x: 800, y: 600 };
    var width = Math.max(160, Math.min(340, size.x - 156));
    return { maxWidth: width, minWidth: Math.min(200, width), maxHeight: Math.max(140, Math.min(380, size.y - 110)) };
  }

  // ---------------------------------------------------------------- drawing
  // A layer with more features than this is drawn in batches and gets its popups and
  // tooltips only when a feature is first clicked or hovered: 50,000 points draw in a second.
  var LARGE_LAYER = 1000;
  BorderMap.LARGE_LAYER = LARGE_LAYER;

  // The renderer for every vector layer: static/batchcanvas.js, loaded just before this file.
  var BatchCanvas = global.BorderMapBatchCanvas;
  BorderMap.BatchCanvas = BatchCanvas;

  function featureId(feature) {
    return feature.id !== undefined ? feature.id : (feature.properties || {}).id;
  }

  // A GeometryCollection or a MultiPoint is drawn as a group with one layer per part, each part
  // styled as its own geometry type (area, line or point). Each part carries a feature of its own
  // geometry, for its style, and answers for the whole feature through bmOwner.
  function partsOf(geometry) {
    if (!geometry) return [];
    if (geometry.type === "GeometryCollection") {
      return [].concat.apply([], (geometry.geometries || []).map(partsOf));
    }
    if (geometry.type === "MultiPoint") {
      return (geometry.coordinates || []).map(function (c) { return { type: "Point", coordinates: c }; });
    }
    return [geometry];
  }

  function isComposite(feature) {
    var type = feature.geometry && feature.geometry.type;
    return type === "GeometryCollection" || type === "MultiPoint";
  }

  function compositeLayer(feature, styleOf, pointToLayer) {
    var whole = L.featureGroup();
    partsOf(feature.geometry).forEach(function (geometry) {
      var part = { type: "Feature", id: feature.id, properties: feature.properties, geometry: geometry };
      var layer = L.GeoJSON.geometryToLayer(part, { pointToLayer: pointToLayer });
      if (!layer) return;
      layer.setStyle(styleOf(part));
      layer.feature = part;
      layer.defaultOptions = layer.options;
      layer.bmOwner = whole;
      whole.addLayer(layer);
    });
    whole.feature = feature;
    return whole;
  }

  // The layer that stands for a whole feature: a part's group, or the layer itself.
  function ownerOf(layer) {
    return layer && layer.bmOwner ? layer.bmOwner : layer;
  }

  // The layers that draw a feature, each with its own .feature: the parts of a group, or the layer.
  BorderMap.partLayers = function (layer) {
    return layer instanceof L.FeatureGroup ? layer.getLayers() : [layer];
  };

  // Popups and tooltips are made the first time they are needed, not for every feature at load.
  function ensurePopup(layer) {
    if (layer.getPopup()) return layer.getPopup();
    var feature = layer.feature;
    layer.bindPopup(function () {
      // A popup larger than the map cannot be panned into view (phones): fit it to the map,
      // clear of the zoom and layer controls on either side.
      Object.assign(layer.getPopup().options, popupSize());
      return BorderMap.popupContent(feature);
    }, { maxWidth: 340, minWidth: 200, maxHeight: 380, autoPanPadding: [54, 16] });
    return layer.getPopup();
  }
  BorderMap.ensurePopup = ensurePopup;

  // Room kept free at the map's right edge for the layer control and the legend.
  var RIGHT_CONTROLS = 54;
  // Every permanent label's placing function, run again when the view changes.
  var labels = [];

  // A permanent label goes right of its marker, or where it fits without running off the map or
  // under the controls on the right (a phone's narrow map): a boxed label (with its pointer)
  // above the marker next, a plain place name left of it next.
  function placeLabel(tooltip, gap, order) {
    var map = BorderMap.map;
    var node = tooltip.getElement();
    if (!map || !node || !tooltip.getLatLng() || !map.hasLayer(tooltip)) return;
    var at = map.latLngToContainerPoint(tooltip.getLatLng());
    var width = node.offsetWidth;
    var right = map.getSize().x - RIGHT_CONTROLS;
    var fits = {
      right: at.x + gap + width <= right,
      left: at.x - gap - width >= 2,
      top: at.x - width / 2 >= 2 && at.x + width / 2 <= right && at.y - gap - node.offsetHeight >= 2,
    };
    var direction = order.filter(function (side) { return fits[side]; })[0] ||
      (at.x > right - at.x ? "left" : "right");
    if (tooltip.options.direction === direction) return;
    tooltip.options.direction = direction;
    tooltip.options.offset = L.point(direction === "right" ? gap : direction === "left" ? -gap : 0,
                                     direction === "top" ? -gap : 0);
    tooltip.update();
  }

  function ensureTooltip(layer) {
    if (layer.getTooltip()) return layer.getTooltip();
    var props = layer.feature.properties || {};
    var permanent = props.highlight === true || props.label === true;
    // A permanent label starts beyond the marker's edge so it never covers the marker.
    var radius = layer instanceof L.CircleMarker ? layer.options.radius || 6 : 0;
    layer.bindTooltip(tooltipNode(layer.feature, permanent), {
      sticky: !permanent && !(layer instanceof L.CircleMarker),
      permanent: permanent,
      direction: permanent ? "right" : "auto",
      offset: permanent ? [radius + 6, 0] : [0, 0],
      className: props.highlight === true ? "bm-label-permanent" : permanent ? "bm-label-place" : "",
    });
    var tooltip = layer.getTooltip();
    if (permanent) {
      var order = props.highlight === true ? ["right", "top", "left"] : ["right", "left", "top"];
      var place = function () { placeLabel(tooltip, radius + 6, order); };
      layer.on("tooltipopen", place);
      labels.push(place);
    }
    return tooltip;
  }

  function drawLayer(layerConfig, collection) {
    var features = (collection && collection.features) || [];
    var batch = features.length > LARGE_LAYER;
    var styleOf = function (feature) {
      var style = BorderMap.styleFor(layerConfig, feature);
      if (batch) style.bmBatch = true;
      return style;
    };
    var group = L.geoJSON(null, {
      style: styleOf,
      pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, styleOf(feature)); },
      onEachFeature: function (feature, layer) {
        BorderMap.features[featureId(feature)] = { feature: feature, layer: layer, layerId: layerConfig.id };
        var props = feature.properties;
        if (props && (props.highlight === true || props.label === true)) ensureTooltip(layer);
      },
    });
    // One set of listeners for the whole layer: events from each feature reach its group.
    // An event from a part of a collection is handled by the part's owner, which has the feature.
    group.on("click", function (event) {
      var layer = ownerOf(event.propagatedFrom || event.layer);
      if (!layer || layer.getPopup()) return; // a bound popup opens itself
      L.DomEvent.stop(event);
      ensurePopup(layer);
      layer.openPopup(event.latlng);
    });
    group.on("mouseover", function (event) {
      var layer = ownerOf(event.propagatedFrom || event.layer);
      if (!layer || layer.getTooltip()) return;
      var tooltip = ensureTooltip(layer);
      layer.openTooltip(tooltip.options.sticky ? event.latlng : undefined);
    });
    group.on("popupopen", function (event) {
      var id = featureId(ownerOf(event.propagatedFrom || event.layer).feature);
      BorderMap.state.write({ feature: id });
      BorderMap.emit("feature-open", id);
    });
    group.on("popupclose", function (event) {
      var id = featureId(ownerOf(event.propagatedFrom || event.layer).feature);
      if (BorderMap.state.read().feature === id) BorderMap.state.write({ feature: null });
    });
    var addComposite = function (feature) {
      var layer = compositeLayer(feature, styleOf, group.options.pointToLayer);
      group.options.onEachFeature(feature, layer);
      group.addLayer(layer);
    };
    if (batch) {
      // Large layers skip L.GeoJSON.addData, which styles every feature twice over; each layer
      // is made once, with the style it keeps.
      features.forEach(function (feature) {
        var geometry = feature.geometry;
        if (!geometry) return;
        if (isComposite(feature)) { addComposite(feature); return; }
        var style = styleOf(feature);
        var layer = geometry.type === "Point"
          ? L.circleMarker(L.latLng(geometry.coordinates[1], geometry.coordinates[0]), style)
          : L.GeoJSON.geometryToLayer(feature, { style: styleOf, pointToLayer: group.options.pointToLayer });
        if (geometry.type !== "Point") layer.setStyle(style);
        layer.feature = feature;
        layer.defaultOptions = layer.options;
        group.options.onEachFeature(feature, layer);
        group.addLayer(layer);
      });
    } else {
      features.forEach(function (feature) {
        if (feature.geometry && isComposite(feature)) addComposite(feature);
        else group.addData(feature);
      });
    }
    BorderMap.layers[layerConfig.id] = { config: layerConfig, group: group, count: features.length };
    BorderMap.drawn[layerConfig.id] = features.length;
    return group;
  }

  function fetchJSON(url) {
    // A plain GET, so it is served by the <link rel="preload"> the page started in its head.
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  function loadLayer(layerConfig) {
    if (layerConfig.data) return Promise.resolve(layerConfig.data);
    return fetchJSON(layerConfig.url);
  }

  function loadCommitments(config) {
    var c = config.commitments || {};
    var take = function (data) {
      (data.commitments || []).forEach(function (item) { BorderMap.commitments[item.id] = item; });
      (data.documents || []).forEach(function (item) { BorderMap.documents[item.id] = item; });
      BorderMap.sectors = data.sectors || {};
    };
    if (c.data) { take(c.data); return Promise.resolve(); }
    if (!c.url) return Promise.resolve();
    return Promise.all([fetchJSON(c.url), fetchJSON(c.documentsUrl)]).then(function (answers) {
      take({ commitments: answers[0], documents: answers[1], sectors: c.sectors });
    });
  }

  // ---------------------------------------------------------------- controls
  function legendControl() {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", { className: "bm-legend leaflet-bar", role: "region", "aria-label": "Legend" });
      var swatch = function (kind, style) {
        var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        svg.setAttribute("width", "28"); svg.setAttribute("height", "14"); svg.setAttribute("aria-hidden", "true");
        var shape;
        if (kind === "point") {
          shape = document.createElementNS(svg.namespaceURI, "circle");
          shape.setAttribute("cx", "14"); shape.setAttribute("cy", "7"); shape.setAttribute("r", String(style.r || 5));
          shape.setAttribute("fill", style.fill); shape.setAttribute("stroke", style.stroke || "#fff");
          shape.setAttribute("stroke-width", "1.5");
          if (style.dash) shape.setAttribute("stroke-dasharray", style.dash);
        } else {
          shape = document.createElementNS(svg.namespaceURI, "line");
          shape.setAttribute("x1", "1"); shape.setAttribute("y1", "7"); shape.setAttribute("x2", "27"); shape.setAttribute("y2", "7");
          shape.setAttribute("stroke", style.stroke); shape.setAttribute("stroke-width", String(style.width || 3));
          if (style.dash) shape.setAttribute("stroke-dasharray", style.dash);
          if (style.opacity) shape.setAttribute("stroke-opacity", String(style.opacity));
        }
        svg.appendChild(shape);
        return svg;
      };
      var entries = [
        ["point", { fill: "#f0a202", stroke: "#7a3e00", r: 6 }, "Meun Chey – Tan Nam (inaugurated 8 Dec 2025)"],
        ["point", { fill: "#08519c" }, "International checkpoint"],
        ["point", { fill: "#6baed6" }, "Other checkpoint"],
        ["point", { fill: "#fff", stroke: "#d95f02", dash: "2 2" }, "Connecting point (under discussion)"],
        ["line", { stroke: "#b2182b", width: 3 }, "International boundary"],
        ["line", { stroke: "#d95f02", width: 4, dash: "10 6" }, "Expressway under construction"],
        ["line", { stroke: "#d95f02", width: 4 }, "Expressway open"],
        ["line", { stroke: "#2b2b2b", width: 3, dash: "2 8" }, "Proposed rail (indicative)"],
        ["line", { stroke: "#9e9ac8", width: 8, opacity: 0.5 }, "GMS corridor (indicative)"],
      ];
      var title = el("button", { type: "button", className: "bm-legend-toggle", "aria-expanded": "true", text: "Legend" });
      var list = el("ul", { className: "bm-legend-list" });
      entries.forEach(function (entry) {
        list.appendChild(el("li", null, [swatch(entry[0], entry[1]), el("span", { text: entry[2] })]));
      });
      title.addEventListener("click", function () {
        var open = list.hidden;
        list.hidden = !open;
        title.setAttribute("aria-expanded", String(open));
      });
      if (global.innerWidth < 1000 || global.innerHeight < 700) { list.hidden = true; title.setAttribute("aria-expanded", "false"); }
      box.appendChild(title);
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  function restoreView(map) {
    var view = BorderMap.state.read().view;
    if (!view) return;
    var parts = view.split(",").map(Number);
    // Not animated: labels added while a zoom animation runs would land off their places.
    if (parts.length === 3 && parts.every(isFinite)) map.setView([parts[0], parts[1]], parts[2], { animate: false });
  }

  // ---------------------------------------------------------------- public API
  // options.focus moves the keyboard focus into the popup (and back to where it was on close).
  BorderMap.openFeature = function (id, options) {
    var entry = BorderMap.features[id];
    if (!entry) return false;
    if (BorderMap.map._animatingZoom) {
      // A zoom still running (a commitment's fit) would land after us and move the popup away.
      BorderMap.map.once("zoomend", function () { BorderMap.openFeature(id, options); });
      return true;
    }
    var opener = document.activeElement;
    var group = BorderMap.layers[entry.layerId].group;
    if (!BorderMap.map.hasLayer(group)) group.addTo(BorderMap.map);
    var layer = entry.layer;
    // Not animated: a popup opened during a zoom animation is auto-panned for the old zoom
    // and ends up out of view once the animation lands.
    if (layer.getLatLng) BorderMap.map.setView(layer.getLatLng(), Math.max(BorderMap.map.getZoom(), 9), { animate: false });
    else if (layer.getBounds) BorderMap.map.fitBounds(layer.getBounds(), { maxZoom: 10, animate: false });
    ensurePopup(layer);
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

  // The skip links at the top of the page move the focus themselves: following their #target
  // would replace the hash, which holds the selection and the view.
  function wireSkipLinks(map) {
    Array.prototype.forEach.call(document.querySelectorAll("a.bm-skip"), function (link) {
      link.addEventListener("click", function (event) {
        var target = link.getAttribute("data-skip") === "commitments"
          ? document.querySelector(".bm-has-detail #bm-detail-title") || document.getElementById("bm-search")
          : map.getContainer();
        if (!target) return;
        event.preventDefault();
        target.focus();
      });
    });
  }

  function hideEmptySkipLinks() {
    var panel = document.getElementById("bm-panel");
    var link = document.querySelector('a.bm-skip[data-skip="commitments"]');
    if (link && (!panel || !panel.firstChild)) link.hidden = true;
  }

  // The configuration is data in the page (a JSON script element), never script source.
  BorderMap.readConfig = function (id) {
    return JSON.parse(document.getElementById(id).textContent);
  };

  BorderMap.init = function (map, config, options) {
    BorderMap.map = map;
    BorderMap.config = config;
    // The selection as the link gave it, before the page's own moves write a view into it.
    BorderMap.initialState = BorderMap.state.read();
    options = options || {};
    // Every vector layer goes on the one batching canvas (set before the first one is added).
    if (!map.options.renderer) map.options.renderer = new BatchCanvas();
    var plain = L.layerGroup();
    var baseLayers = {};
    if (options.basemap) baseLayers["OpenStreetMap (online)"] = options.basemap;
    baseLayers["Plain background"] = plain;
    if (!options.basemap) plain.addTo(map);

    map.attributionControl.addAttribution(asText(config.dataAttribution));
    legendControl().addTo(map);
    var control = L.control.layers(baseLayers, {}, { collapsed: global.innerWidth < 1600 }).addTo(map);
    restoreView(map);
    wireSkipLinks(map);
    // Escape closes a popup the keyboard is in (Leaflet listens only while the map itself has focus).
    map.getPane("popupPane").addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); map.closePopup(); }
    });
    map.on("zoomend moveend resize", function () { labels.forEach(function (place) { place(); }); });
    // Town names crowd each other when zoomed out: they show from zoom 8 (7 on wide screens).
    var labelZoom = function () {
      var minimum = map.getSize().x >= 900 ? 7 : 8;
      map.getContainer().classList.toggle("bm-hide-place-labels", map.getZoom() < minimum);
    };
    map.on("zoomend resize", labelZoom);
    labelZoom();
    map.on("moveend", function () {
      var c = map.getCenter();
      BorderMap.state.write({ view: c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + map.getZoom() });
    });

    var layerConfigs = config.layers || [];
    var loads = layerConfigs.map(function (layerConfig) {
      return loadLayer(layerConfig).then(
        function (data) { return { config: layerConfig, data: data }; },
        function (error) { return { config: layerConfig, error: error }; }
      );
    });
    return loadCommitments(config).catch(function (error) {
      BorderMap.loadErrors = (BorderMap.loadErrors || []).concat([String(error)]);
    }).then(function () {
      return Promise.all(loads);
    }).then(function (results) {
      results.forEach(function (result) {
        var layerConfig = result.config;
        if (result.error) {
          BorderMap.loadErrors = (BorderMap.loadErrors || []).concat([String(result.error)]);
          return;
        }
        var group = drawLayer(layerConfig, result.data);
        var label = el("span", { className: "bm-layer-label" }, [
          el("span", { text: asText(layerConfig.title) }),
          el("span", { className: "bm-count", text: " (" + BorderMap.drawn[layerConfig.id] + ")" }),
        ]);
        control.addOverlay(group, label.outerHTML);
        if (layerConfig.visible) group.addTo(map);
      });
      BorderMap.ready = true;
      document.body.setAttribute("data-bm-ready", "true");
      BorderMap.emit("ready", BorderMap);
      hideEmptySkipLinks();
      var wanted = BorderMap.state.read().feature;
      if (wanted) BorderMap.openFeature(wanted);
      // A link to another selection on this same page (the hash changes, the page stays).
      global.addEventListener("hashchange", function () {
        if (global.location.hash.replace(/^#/, "") === BorderMap.state.written) return;
        var state = BorderMap.state.read();
        restoreView(map);
        BorderMap.emit("state-change", state);
        if (state.feature) BorderMap.openFeature(state.feature);
        else map.closePopup();
      });
    });
  };

  global.BorderMap = BorderMap;
})(window);
