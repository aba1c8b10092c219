/* bordermap popups and tooltips: what a feature says when clicked or hovered. Both are made the
 * first time they are needed, not for every feature at load. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText;

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
      var href = BorderMap.safeUrl(src.url);
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
      list.appendChild(el("li", null, [el("button", {
        type: "button", className: "bm-linkbutton", "data-commitment": asText(cid),
        text: c ? asText(c.summary) : asText(cid),
      })]));
    });
    // One listener for the list: the button says which commitment it opens.
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-commitment]");
      if (button) BorderMap.emit("open-commitment", button.getAttribute("data-commitment"));
    });
    box.appendChild(list);
    return box;
  }

  BorderMap.featureName = function (id) {
    var entry = BorderMap.features[id];
    return entry ? asText((entry.feature.properties || {}).name || id) : asText(id);
  };
  var nameOf = BorderMap.featureName;

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
    return el("div", { className: "bm-popup", "data-feature": asText(feature.id) }, [
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
  };

  function popupSize() {
    var size = BorderMap.map ? BorderMap.map.getSize() : { x: 800, y: 600 };
    var width = Math.max(160, Math.min(340, size.x - 156));
    return { maxWidth: width, minWidth: Math.min(200, width), maxHeight: Math.max(140, Math.min(380, size.y - 110)) };
  }

  BorderMap.ensurePopup = function (layer) {
    if (layer.getPopup()) return layer.getPopup();
    var feature = layer.feature;
    layer.bindPopup(function () {
      // A popup larger than the map cannot be panned into view (phones): fit it to the map,
      // clear of the zoom and layer controls on either side.
      Object.assign(layer.getPopup().options, popupSize());
      return BorderMap.popupContent(feature);
    }, { maxWidth: 340, minWidth: 200, maxHeight: 380, autoPanPadding: [54, 16] });
    return layer.getPopup();
  };

  // A permanent label is the name alone, so it stays short on a phone; the status is in the
  // hover tooltip and the popup.
  function tooltipText(feature, permanent) {
    var props = feature.properties || {};
    var text = asText(props.name || feature.id);
    if (props.status && !permanent) text += " — " + BorderMap.statusLabel(props.status);
    return text;
  }

  BorderMap.ensureTooltip = function (layer) {
    if (layer.getTooltip()) return layer.getTooltip();
    var feature = layer.feature;
    var props = feature.properties || {};
    var permanent = props.highlight === true || props.label === true;
    // A permanent label starts beyond the marker's edge so it never covers the marker.
    var radius = layer instanceof L.CircleMarker ? layer.options.radius || 6 : 0;
    // Leaflet sets a string tooltip as innerHTML; a node built here keeps names as text.
    layer.bindTooltip(function () {
      return el("span", { className: "bm-tooltip-text", text: tooltipText(feature, permanent) });
    }, {
      sticky: !permanent && !(layer instanceof L.CircleMarker),
      permanent: permanent,
      direction: permanent ? "right" : "auto",
      offset: permanent ? [radius + 6, 0] : [0, 0],
      className: props.highlight === true ? "bm-label-permanent" : permanent ? "bm-label-place" : "",
    });
    var tooltip = layer.getTooltip();
    if (permanent) BorderMap.labels.track(layer, tooltip, radius + 6, props.highlight === true);
    return tooltip;
  };
})(window);
