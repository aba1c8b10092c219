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
    var note = el("p", { className: "bm-downloads-note", text: t(
      "Downloads (GeoJSON, GeoPackage, CSV, KML, FlatGeobuf, Shapefile; commitments and documents as CSV and JSON; the whole dataset as one GeoPackage) are served by the bordermap app at /api/layers/<id>.<format>, /api/commitments.csv and /api/bordermap.gpkg.") });
    // The app that made the file, when it is known (a download from it, or --app-url).
    var app = BorderMap.config && BorderMap.config.appUrl;
    if (typeof app === "string" && /^https?:\/\//.test(app)) {
      note.appendChild(document.createTextNode(" " + t("This file's app:") + " "));
      note.appendChild(el("a", { href: app + "/", text: app }));
    }
    return note;
  }

  function layerList(config, base) {
    var list = el("ul", { className: "bm-downloads-layers" });
    (config.layers || []).forEach(function (layerConfig) {
      var id = encodeURIComponent(asText(layerConfig.id));
      var formats = FORMATS.map(function (pair) {
        return link(base + "layers/" + id + "." + pair[0], pair[0] === "shp.zip" ? "SHP" : pair[0].toUpperCase(),
                    pair[1]);
      });
      list.appendChild(el("li", { "data-download-layer": asText(layerConfig.id) },
                          [el("span", { text: asText(layerConfig.title) + ": " })].concat(separated(formats))));
    });
    return list;
  }

  // The list of layers is built when the section is opened and dropped when it is closed: a
  // map of thousands of layers does not carry tens of thousands of links it may never show.
  function layerSection(config, base) {
    var section = el("details", { className: "bm-downloads" }, [el("summary", { text: t("Downloads") })]);
    if (!base) {
      section.appendChild(exportNote());
      return section;
    }
    section.appendChild(el("p", null, [link(base + "bordermap.gpkg", t("Whole dataset (GeoPackage)"))]));
    var list = null;
    section.addEventListener("toggle", function () {
      if (section.open && !list) section.appendChild(list = layerList(config, base));
      else if (!section.open && list) { list.remove(); list = null; }
    });
    return section;
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
