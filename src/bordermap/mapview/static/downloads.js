/* bordermap downloads: links to every layer in GIS formats, the tables and the whole dataset,
 * in the layer control and at the foot of the commitments panel. The live page links to the
 * app's /api/; the export has no server, so it says where the downloads are instead. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText, t = BorderMap.t;
  var FORMATS = [["geojson", "GeoJSON"], ["gpkg", "GeoPackage"], ["csv", "CSV"], ["kml", "KML"],
                 ["fgb", "FlatGeobuf"], ["shp.zip", "Shapefile"]];

  // The API's root, from the commitments' address the page was given (none in the export).
  function apiBase(config) {
    var url = config.commitments && config.commitments.url;
    return typeof url === "string" ? url.replace(/commitments(\?.*)?$/, "") : null;
  }

  function link(href, text, title) {
    var attrs = { href: href, text: text, download: "" };
    if (title) attrs.title = title;
    return el("a", attrs);
  }

  function separated(nodes) {
    var out = [];
    nodes.forEach(function (node, i) {
      if (i) out.push(" · ");
      out.push(node);
    });
    return out;
  }

  function exportNote() {
    return el("p", { className: "bm-downloads-note", text: t(
      "Downloads (GeoJSON, GeoPackage, CSV, KML, FlatGeobuf, Shapefile; commitments and documents as CSV and JSON; the whole dataset as one GeoPackage) are served by the bordermap app at /api/layers/<id>.<format>, /api/commitments.csv and /api/bordermap.gpkg.") });
  }

  function layerSection(config, base) {
    var body = [];
    if (base) {
      body.push(el("p", null, [link(base + "bordermap.gpkg", t("Whole dataset (GeoPackage)"))]));
      var list = el("ul", { className: "bm-downloads-layers" });
      (config.layers || []).forEach(function (layerConfig) {
        var id = encodeURIComponent(asText(layerConfig.id));
        var formats = FORMATS.map(function (pair) {
          return link(base + "layers/" + id + "." + pair[0], pair[0] === "shp.zip" ? "SHP" : pair[0].toUpperCase(),
                      pair[1]);
        });
        list.appendChild(el("li", { "data-layer": asText(layerConfig.id) },
                            [el("span", { text: asText(layerConfig.title) + ": " })].concat(separated(formats))));
      });
      body.push(list);
    } else {
      body.push(exportNote());
    }
    return el("details", { className: "bm-downloads" }, [el("summary", { text: t("Downloads") })].concat(body));
  }

  function panelFoot(base) {
    if (!base) return el("footer", { className: "bm-downloads-foot" }, [exportNote()]);
    return el("footer", { className: "bm-downloads-foot" }, [
      el("span", { text: t("Download commitments:") + " " }),
    ].concat(separated([link(base + "commitments.csv", "CSV"), link(base + "commitments.json", "JSON"),
                        link(base + "bordermap.gpkg", t("all data (GeoPackage)"))])));
  }

  BorderMap.on("ready", function () {
    var config = BorderMap.config || {};
    var base = apiBase(config);
    var list = BorderMap.map.getContainer().querySelector(".leaflet-control-layers-list");
    if (list) list.appendChild(layerSection(config, base));
    var panel = document.getElementById("bm-panel");
    if (panel) panel.appendChild(panelFoot(base));
  });
})(window);
