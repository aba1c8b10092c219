/* bordermap provenance: what editors added is marked as theirs wherever it shows (popups, the
 * panel's places, the legend, the layer control), apart from the curated, cited data.
 *
 * A layer editors added has origin "user" and, from the server, `provenance`: the authors of
 * its changes still in effect and the days of the first and the newest of them. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText, t = BorderMap.t;

  function layerConfigOf(props, featureId) {
    var layerId = (props && props.layer) || (featureId !== undefined ? BorderMap.layerOf(featureId) : null);
    var entry = layerId ? BorderMap.layers[layerId] : null;
    if (entry) return entry.config;
    return (BorderMap.config.layers || []).filter(function (c) { return c.id === layerId; })[0] || null;
  }

  // True when an editor uploaded the feature (its layer is an editors' layer).
  BorderMap.isEditorFeature = function (props, featureId) {
    var config = layerConfigOf(props, featureId);
    return !!config && config.origin === "user";
  };

  // "A, B, 2026-03-06" (or a span of days): who added an editors' layer and when; "" when unknown.
  // Said after the mark "Added by editors", so without a "by" of its own (review 24a, #8: "Added
  // by editors by an editor").
  BorderMap.provenanceText = function (layerConfig) {
    var p = (layerConfig && layerConfig.provenance) || {};
    // The name an editor who gave none is recorded under, and the API's, said in the page language
    // (as the revisions page says them); any other is the editor's own.
    var unnamed = { "editor": t("an editor"), "api": t("a program, through the API") };
    var authors = (p.authors || []).map(function (a) { return unnamed[a] || asText(a); }).join(", ");
    var when = p.added ? BorderMap.date(p.added) + (p.changed && p.changed !== p.added ? " – " + BorderMap.date(p.changed) : "") : "";
    return [authors, when].filter(Boolean).join(", ");
  };

  // The small mark that says "added by editors", with who and when when known (`full`).
  BorderMap.editorMark = function (props, featureId, full) {
    var config = layerConfigOf(props, featureId);
    if (!config || config.origin !== "user") return null;
    var mark = el("span", { className: "bm-editor-mark", title: t("Added by editors, not part of the curated data") }, [
      el("span", { className: "bm-editor-badge", "aria-hidden": "true", text: "✎" }), " ",
      el("span", { text: t("Added by editors") }),
    ]);
    if (!full) return mark;
    var who = BorderMap.provenanceText(config);
    // The authors' names are the editors' own words.
    return el("p", { className: "bm-editor-note" }, [mark].concat(who ? [" · ", el("span", BorderMap.withLang({
      className: "bm-editor-who", text: who }, BorderMap.lang()))] : []));
  };

  // How precise an uploaded feature's location is: what its file or editor said, or unknown.
  BorderMap.unknownPrecision = function (props, featureId) {
    return !props.location_precision && BorderMap.isEditorFeature(props, featureId) ? t("unknown") : "";
  };
})(window);
