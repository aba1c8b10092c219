/* bordermap find: one way to compare what a reader types with names in English, Khmer and
 * Vietnamese, and the places on the map that match it. The panel's search box uses both.
 *
 * A place matches by any of its names (name, name_km, name_vi, both gates of a pair and their
 * names in each language, the provinces it lies in) and its id.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var asText = BM.asText;

  // Accent-, case- and form-insensitive: "xa mat" finds "Xa Mát", "tay ninh" "Tây Ninh", and
  // Khmer typed with or without zero-width joiners or in another (canonically equal) order of
  // marks finds the same name. NFKD splits Vietnamese letters from their marks; Khmer marks are
  // not in the combining range removed here, so they stay and both sides compare alike.
  // Khmer digits are read as the same numbers written with 0-9 ("ភូមិ ១២" finds "Phum 12").
  function fold(text) {
    return asText(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
      .replace(/[\u17e0-\u17e9]/g, function (digit) { return String(digit.charCodeAt(0) - 0x17e0); })
      .replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase().normalize("NFC");
  }
  BM.fold = fold;

  // Abbreviations readers type for words the data spells out (folded, whole words only).
  var SHORT = { sez: "economic zone", sezs: "economic zone", cp: "checkpoint", hcmc: "ho chi minh" };

  // The words of a query, folded, abbreviations spelt out: each must appear for a match.
  BM.searchTerms = function (query) {
    var words = [];
    fold(query).split(/\s+/).filter(Boolean).forEach(function (word) {
      words = words.concat(SHORT[word] ? SHORT[word].split(" ") : [word]);
    });
    return words;
  };

  // The property keys that hold a name: name, name_km, gate_kh, gate_vn_vi, ... (not *_status).
  var NAME_KEY = /^(name|gate_kh|gate_vn)(_[a-z]{2})?$/;
  var PROVINCE_KEY = /^province_(kh|vn)$/;

  function namesOf(props) {
    return Object.keys(props).filter(function (key) {
      return NAME_KEY.test(key) && typeof props[key] === "string";
    }).map(function (key) { return props[key]; });
  }

  // Every name a feature on the map has (English, Khmer, Vietnamese, both gates of a pair): the
  // panel finds a commitment by any name of its places, as it finds the places (review 32a, #7).
  BM.allNamesOf = function (id) {
    var item = BM.features[id];
    return item ? namesOf((item.feature || {}).properties || {}) : [];
  };

  // Built once the layers are drawn (and again when they change): id -> folded text.
  var index = null;
  function build() {
    index = Object.keys(BM.features).map(function (id) {
      var props = (BM.features[id].feature || {}).properties || {};
      var own = namesOf(props);
      // A gate pair is also found by the provinces it joins, in any of their languages.
      var around = [];
      Object.keys(props).forEach(function (key) {
        var other = PROVINCE_KEY.test(key) && BM.features[props[key]];
        if (other) around = around.concat(namesOf((other.feature || {}).properties || {}));
      });
      return { id: id, own: fold(own.concat([id]).join(" \u0001 ")), around: fold(around.join(" ")) };
    });
  }
  BM.on("ready", build);
  BM.on("layers-changed", build);

  // The places whose names hold every word of `query`, best first: a match in the place's own
  // names before one through its province, then by name. At most `limit` of them.
  BM.findPlaces = function (query, limit) {
    var terms = BM.searchTerms(query);
    if (!terms.length) return [];
    if (!index) build();
    var found = [];
    index.forEach(function (entry) {
      if (!terms.every(function (t) { return entry.own.indexOf(t) >= 0 || entry.around.indexOf(t) >= 0; })) return;
      var direct = terms.every(function (t) { return entry.own.indexOf(t) >= 0; });
      var words = terms.every(function (t) { return BM.startsAWord(entry.own, t) || BM.startsAWord(entry.around, t); });
      found.push({ id: entry.id, rank: direct ? 0 : 1, words: words, name: BM.featureName(entry.id) });
    });
    // Where some places hold every word at a word's start ("an giang": An Giang), the places
    // that hold one only inside a word (Bac Giang's "an") are left out.
    if (found.some(function (f) { return f.words; })) found = found.filter(function (f) { return f.words; });
    found.sort(function (a, b) { return a.rank - b.rank || a.name.localeCompare(b.name); });
    return found.slice(0, limit || found.length);
  };

  // Whether folded `text` has `term` at the start of one of its words (a term in a script
  // written without spaces, Khmer, counts wherever it is). bordermap.layer_search.starts_a_word
  // is the same rule.
  BM.startsAWord = function (text, term) {
    if (/[^\u0000-\u024f]/.test(term)) return text.indexOf(term) >= 0;
    for (var at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (at === 0 || !/[0-9a-z\u00c0-\u024f]/.test(text.charAt(at - 1))) return true;
    }
    return false;
  };

  // The title of the layer a feature is drawn in, for a result's second line.
  BM.layerTitleOf = function (id) {
    var layerId = BM.layerOf(id);
    var layer = layerId && BM.layers[layerId];
    return layer ? asText(layer.config.title) : "";
  };

  // The large layers on the page (config.onDemand): the page never loads their features, so
  // the server looks for them by name (GET /api/layers/<id>/search, bordermap.layer_search).
  BM.farLayers = function () {
    return Object.keys(BM.layers || {}).map(function (id) { return BM.layers[id]; })
      .filter(function (entry) { return entry.onDemand && entry.config.searchUrl; });
  };

  // The reader is about to search (the box has the focus): each large layer's server reads its
  // names now, while the words are typed, rather than when the first search arrives (a million
  // names take a second or two). Once per layer at a time; what it answers is not needed.
  var preparing = {};
  BM.prepareFar = function () {
    BM.farLayers().forEach(function (entry) {
      var url = entry.config.searchUrl + "/index";
      if (preparing[url]) return;
      preparing[url] = fetch(url).catch(function () { return null; }).then(function () { delete preparing[url]; });
    });
  };

  // Each large layer's features whose names hold every word of `query`: a promise of
  // [{layer (its configuration), features: [{id, name}], more, error}], or of null when a newer
  // query replaced this one (its requests are aborted).
  // A layer's answer that has not come in this long is given up as failed, so the panel says
  // "try again" instead of "looking…" for good (review 20, F10: while the database was down a
  // search waited on the server for each of its reads). A first search of a million names
  // takes a second or two.
  BM.farSearchLimitMs = 20000;
  var asking = null;
  var FAR_QUERY_MAX = 200;  // characters the server takes (layer_search.MAX_QUERY)
  BM.findFar = function (query, limit) {
    if (asking) asking.abort();
    query = Array.from(query).slice(0, FAR_QUERY_MAX).join("");
    var layers = BM.farLayers();
    if (!layers.length || !BM.searchTerms(query).length) return Promise.resolve([]);
    var controller = asking = new AbortController();
    return Promise.all(layers.map(function (entry) {
      var url = entry.config.searchUrl + "?q=" + encodeURIComponent(query) + "&limit=" + limit +
        "&lang=" + encodeURIComponent(BM.lang());
      var own = new AbortController();  // this layer's request: aborted by a newer query or the limit
      var stop = function () { own.abort(); };
      controller.signal.addEventListener("abort", stop);
      var timer = setTimeout(stop, BM.farSearchLimitMs);
      var settled = function (value) {
        clearTimeout(timer);
        controller.signal.removeEventListener("abort", stop);
        return value;
      };
      return fetch(url, { signal: own.signal }).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      }).then(function (body) {
        return settled({ layer: entry.config, features: body.features || [], more: !!body.more });
      }, function (error) {
        return settled({ layer: entry.config, features: [], error: error });
      });
    })).then(function (answers) { return controller.signal.aborted ? null : answers; });
  };
})(window);
