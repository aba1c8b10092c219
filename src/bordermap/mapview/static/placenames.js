/* bordermap place names: a feature's name as a reader of the page's language knows it, and a
 * name as a node marked with its language (popups, tooltips, the panel, the search). */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText, withLang = BorderMap.withLang;

  BorderMap.featureName = function (id) {
    var entry = BorderMap.features[id];
    return entry ? asText((entry.feature.properties || {}).name || id) : asText(id);
  };
  // A place's name as a reader of the page's language knows it, where a source gives it
  // (name_km, name_vi; not a translation of ours nobody has reviewed), else its English name:
  // {text, lang}. Phnom Penh is ភ្នំពេញ on a Khmer page, Thành phố Hồ Chí Minh on a Vietnamese one.
  BorderMap.localName = function (props, id) {
    props = props || {};
    var lang = BorderMap.lang();
    var own = lang !== "en" ? props["name_" + lang] : null;
    if (typeof own === "string" && own.trim() && props["name_" + lang + "_status"] !== "unreviewed-translation") {
      return { text: asText(own), lang: lang };
    }
    return { text: asText(props.name || id), lang: "en" };
  };
  BorderMap.featureLocalName = function (id) {
    var entry = BorderMap.features[id];
    return entry ? BorderMap.localName(entry.feature.properties, id) : { text: asText(id), lang: "en" };
  };
  // A name as a node (a span, or `tag`) marked with its language.
  BorderMap.nameNode = function (name, attrs, tag) {
    return el(tag || "span", withLang(Object.assign({ text: name.text }, attrs || {}), name.lang));
  };
})(window);
