/* The dry run's map preview (upload page): the features an import would add, drawn with Leaflet
 * on a plain background over the outlines of Cambodia and Viet Nam, the map fitted to them;
 * those far from the border region in the legend's "far" colour, dashed, with their names.
 * The colours come from the legend's keys (editpages.css), so map and legend cannot differ. */
(function () {
  "use strict";

  var NAMED_FAR = 5; // far-away features labelled on the map; the list above the button names them

  function colour(selector) {
    var key = document.querySelector(selector);
    return key ? window.getComputedStyle(key).backgroundColor : "#555";
  }

  function label(feature) {
    var span = document.createElement("span");
    var name = feature.properties.name;
    span.textContent = feature.properties.number + (name ? " · " + name : "");
    return span; // an element, so a name from the file is text, never HTML
  }

  function draw(holder, data) {
    var add = colour(".bm-preview-key-add");
    var far = colour(".bm-preview-key-far");
    var map = L.map(holder, { attributionControl: false, zoomSnap: 0.25, worldCopyJump: false });
    var named = 0;
    var layer = L.geoJSON(data, {
      style: function (f) {
        // Leaflet styles a point's marker too, over what pointToLayer gave it: a point keeps its
        // own look, the solid dot the legend keys it by.
        if (f.geometry && /Point$/.test(f.geometry.type)) return {};
        return f.properties.far ? { color: far, weight: 3, dashArray: "6 4", fillOpacity: 0.25 }
          : { color: add, weight: 2, fillOpacity: 0.25 };
      },
      pointToLayer: function (f, latlng) {
        return f.properties.far
          ? L.circleMarker(latlng, { radius: 8, color: far, weight: 3, dashArray: "4 3", fillColor: far, fillOpacity: 0.35 })
          : L.circleMarker(latlng, { radius: 6, color: "#fff", weight: 1.5, fillColor: add, fillOpacity: 0.9 });
      },
      onEachFeature: function (f, drawn) {
        var permanent = f.properties.far && named < NAMED_FAR;
        if (permanent) named += 1;
        drawn.bindTooltip(label(f), { permanent: permanent, direction: "auto", className: f.properties.far ? "bm-preview-far" : "" });
        drawn.feature = f;
      },
    }).addTo(map);
    holder.setAttribute("data-drawn", String(layer.getLayers().length));
    map.on("zoomend", function () { holder.setAttribute("data-zoom", String(map.getZoom())); });
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [48, 48], maxZoom: 12 });
    else map.setView([11.5, 106], 6);
    // Not a tab stop each (review 33b, #9: Chromium made every shape with a tooltip one, with no
    // name): the keyboard goes from the map to its controls; the table below names each feature.
    // (The shapes are drawn once the map has a view, as here.)
    layer.eachLayer(function (drawn) {
      var node = drawn.getElement && drawn.getElement();
      if (node) node.setAttribute("tabindex", "-1");
    });
    var outlines = holder.getAttribute("data-outlines");
    if (outlines && window.fetch) {
      // Context only: without it the preview still says all it must.
      window.fetch(outlines).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
        if (!body) return;
        L.geoJSON(body, { interactive: false, style: { color: colour(".bm-preview-key-outline"), weight: 1, fill: false } })
          .addTo(map).bringToBack();
      }).catch(function () { /* offline or refused: the features alone are drawn */ });
    }
    holder.setAttribute("data-ready", "true");
    return map;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.getElementById("preview-map");
    var source = document.getElementById("preview-data");
    if (!holder || !source || !window.L) return;
    try {
      draw(holder, JSON.parse(source.textContent));
    } catch (e) {
      holder.hidden = true; // the text and the table below still say what would be added
    }
  });
})();
