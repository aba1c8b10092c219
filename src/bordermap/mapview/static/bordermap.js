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

  // Events between the map's parts and the panel: "ready", "placed" (after "ready": every control
  // is on the map), "open-commitment", "state-change", "feature-open", "layer-visibility" ({id,
  // shown, byReader}), "commitments-change" (another "as of" date).
  BorderMap.on = function (name, fn) {
    (this._listeners[name] = this._listeners[name] || []).push(fn);
  };
  BorderMap.off = function (name, fn) {
    this._listeners[name] = (this._listeners[name] || []).filter(function (other) { return other !== fn; });
  };
  BorderMap.emit = function (name, payload) {
    (this._listeners[name] || []).forEach(function (fn) { fn(payload); });
  };

  // ------------------------------------------------------------------ language
  // The page language's strings come in the configuration (config.i18n), taken from the same
  // gettext catalogues as the pages; the English text is the key and stands where no
  // translation is given. "{name}" in a string is filled from `params`.
  function i18n() { return (BorderMap.config && BorderMap.config.i18n) || {}; }
  function fill(text, params) {
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole;
    });
  }
  BorderMap.t = function (key, params) {
    var text = (i18n().messages || {})[key];
    return fill(typeof text === "string" && text ? text : key, params);
  };
  // One or many: nt("{n} place", "{n} places", n); {n} is the count in the language's digits.
  BorderMap.nt = function (one, many, n, params) {
    var forms = (i18n().plurals || {})[one];
    var text = forms && forms[n === 1 ? 0 : 1] ? forms[n === 1 ? 0 : 1] : (n === 1 ? one : many);
    return fill(text, Object.assign({ n: BorderMap.num(n) }, params || {}));
  };
  BorderMap.lang = function () { return i18n().lang || "en"; };
  // Numbers and dates as the server's Babel writes them (config.i18n.format): grouping,
  // decimal mark, digits (Khmer digits in Khmer), month names and the long date pattern.
  function format() { return i18n().format || {}; }
  function digits(text) {
    var own = format().digits;
    return own ? String(text).replace(/[0-9]/g, function (d) { return own.charAt(+d); }) : String(text);
  }
  // "1,234.5" with at most 3 decimals, or exactly `decimals` of them; the marks are swapped for
  // the language's below. Written out rather than with Intl.NumberFormat, whose first use loads
  // locale data: that alone cost the first view 20 ms, 75 ms on a slow phone.
  function english(n, decimals) {
    var x = Math.abs(n);
    if (!isFinite(x) || x >= 1e21) return String(n);
    // Rounded half away from zero on the shortest decimal form, as Intl does (2.675 → 2.68).
    var places = decimals === undefined ? 3 : decimals;
    var rounded = x < 1e-6 ? 0 : Number(Math.round(Number(x + "e" + places)) + "e-" + places);
    var text = decimals === undefined ? String(rounded) : rounded.toFixed(decimals);
    var parts = text.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (n < 0 && Number(text) !== 0 ? "-" : "") + whole + (parts[1] ? "." + parts[1] : "");
  }
  // `decimals`, when given, is the exact number of decimals shown (a distance's "24.80 km").
  BorderMap.num = function (n, decimals) {
    var f = format();
    var text = english(Number(n), decimals);
    if (isNaN(Number(n))) return BorderMap.asText(n);
    return digits(text.replace(/[,.]/g, function (c) { return c === "," ? (f.group || ",") : (f.decimal || "."); }));
  };
  // A document in short, as the scorecard and the popups name it: its number, or its publisher.
  BorderMap.documentShortName = function (id) {
    var d = BorderMap.documents[id] || {};
    return d.number || (d.publisher || id).split(",")[0];
  };
  // An ISO date ("2025-12-08", "2025-12" or "2025") in the page language; anything else as is.
  // English keeps the ISO form, as the server's pages do (bordermap.i18n.Messages.date).
  BorderMap.date = function (value) {
    var text = BorderMap.asText(value);
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text);
    var f = format();
    if (!m || BorderMap.lang() === "en" || !f.months) return text;
    // A year alone as the language writes it in running text (vi "năm 2025"; i18n.year_pattern).
    var pattern = m[3] ? f.datePattern : m[2] ? f.monthPattern : f.yearPattern || "y";
    var names = f.months;
    // Babel's pattern letters: MMMM a month's name as in a date, LLLL as a word alone; a quoted
    // run is written as it is ("MMMM 'năm' y": tháng 6 năm 2027).
    var out = pattern.replace(/'([^']*)'|MMMM|LLLL|d+|y+/g, function (token, quoted) {
      if (quoted !== undefined) return quoted || "'";
      if (token === "MMMM" || token === "LLLL") {
        names = token === "LLLL" ? f.standaloneMonths : f.months;
        return "\u0000" + (+m[2] - 1) + "\u0000";
      }
      if (token.charAt(0) === "d") return String(+m[3]);
      return m[1];
    });
    // Month names go in last, so their letters are never read as pattern letters.
    return digits(out).replace(/\u0000([0-9០-៩]+)\u0000/, function (all, i) {
      return names[+String(i).replace(/[០-៩]/g, function (c) { return c.charCodeAt(0) - 0x17e0; })];
    });
  };
  // Text from the data is English unless the data says otherwise: on a page in another
  // language it carries its own lang attribute.
  BorderMap.textLang = function (lang) {
    var own = lang || "en";
    return own === BorderMap.lang() ? {} : { lang: own };
  };
  BorderMap.withLang = function (attrs, lang) { return Object.assign(attrs || {}, BorderMap.textLang(lang)); };

  // Escape inside a control that opens (the layer list, the legend, the date control, the
  // credits) closes it and gives the focus back to what opens it (review rv22b, L1).
  BorderMap.closeOnEscape = function (element, isOpen, close, opener) {
    element.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !isOpen()) return;
      L.DomEvent.stop(event);
      close();
      opener.focus();
    });
  };

  // A reader who asked their system for less motion (prefers-reduced-motion) gets a map that
  // jumps where it glided: no zoom or fade animation, no drift after a drag, and every pan (a
  // selection brought into view, a popup kept in sight, the arrow keys) done at once. Set
  // before folium makes the map, as Leaflet reads these options once (review rv22b, L5).
  BorderMap.reducedMotion = function () {
    return !!(global.matchMedia && global.matchMedia("(prefers-reduced-motion: reduce)").matches);
  };
  if (global.L && BorderMap.reducedMotion()) {
    L.Map.mergeOptions({ zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false, inertia: false });
    var panBy = L.Map.prototype.panBy;
    L.Map.include({
      panBy: function (offset, options) { return panBy.call(this, offset, Object.assign({}, options, { animate: false })); },
    });
  }

  // A phone, held either way, or a short window: the map has little room, so the time control
  // and the credits start folded, as the stylesheet folds the header's tools into a menu at
  // the same query (bordermap.css; review 23, F2: sideways, they hid 40 % of the map).
  BorderMap.SMALL_SCREEN = "(max-width: 700px), (max-height: 500px)";
  BorderMap.smallScreen = function () {
    return !!(global.matchMedia && global.matchMedia(BorderMap.SMALL_SCREEN).matches);
  };

  // The data's labels (statuses, statement kinds, sectors) are in datatext.js.

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
