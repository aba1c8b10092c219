/* bordermap popups, their content: what a feature says when clicked, row by row (its names,
 * gates, kind, status, particulars, notes, an editor's file's own properties; the commitments and
 * sources come from popupcites.js). */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText;
  var t = BorderMap.t, num = BorderMap.num, withLang = BorderMap.withLang;
  var sourcesList = BorderMap.popupCites.sourcesList, commitmentsList = BorderMap.popupCites.commitmentsList;

  // `lang`: the value's own language when it is text from the data (English unless said).
  // A value may be nodes (names each marked with its own language: `names`).
  function row(label, value, lang) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
    var nodes = Array.isArray(value) ? value : null;
    var attrs = nodes ? { className: "bm-value" } : { className: "bm-value", text: asText(value) };
    return el("div", { className: "bm-row" }, [
      el("span", { className: "bm-label", text: label }), " ",
      el("span", lang ? withLang(attrs, lang) : attrs, nodes),
    ]);
  }

  function precisionText(props) {
    if (props.location_precision === "approximate") {
      return props.precision_m ? t("approximate (within about {m} m)", { m: num(props.precision_m) }) : t("approximate");
    }
    if (props.location_precision === "exact") return t("exact");
    return props.location_precision ? asText(props.location_precision) : "";
  }

  // Places' names in a row, each marked with its own language: on a Khmer page "ស្វាយរៀង – Tay
  // Ninh (Long An …)" gave the English names no mark, as the row held a Khmer one (review 27, #5).
  function names(ids, between) {
    var nodes = [];
    ids.forEach(function (id, i) {
      if (i) nodes.push(between);
      nodes.push(BorderMap.nameNode(BorderMap.featureLocalName(id)));
    });
    return nodes;
  }
  var HOLE = "\u0000";  // where a node goes in a translated sentence (`around`)
  function around(sentence, nodes) {
    var at = sentence.indexOf(HOLE);
    return at < 0 ? [sentence] : [sentence.slice(0, at)].concat(nodes, sentence.slice(at + HOLE.length));
  }


  // What an analyst asks of a province or a gate pair beyond its name: codes, neighbours,
  // the 2025 merger, the two sides of a checkpoint, a line's length.
  function particulars(props) {
    var borders = props.country === "KH" ? t("borders Viet Nam") : props.country === "VN" ? t("borders Cambodia")
      : t("borders the other country");
    var provinceIds = [props.province_kh, props.province_vn].filter(Boolean);
    var provinces = names(provinceIds, " – ");
    if (provinces.length && props.province_vn_pre2025) {
      // One colon in a row, the label's: "Provinces: Svay Rieng – Tay Ninh (Long An before July
      // 2025)", not "(before July 2025: Long An)" after it (review 11).
      var before = t("({name} before July 2025)", { name: HOLE });
      provinces = provinces.concat(" ", around(before, names([props.province_vn_pre2025])));
    }
    var merged = props.merged_from || [];
    return [
      row(t("Provinces:"), provinces),
      row(t("ISO 3166-2:"), props.iso_3166_2),
      props.borders_other_country === true ? row(t("Border:"), borders) : null,
      row(t("Formed 1 July 2025 from:"), Array.isArray(merged) ? names(merged, ", ") : []),
      row(t("Since 1 July 2025 part of:"), props.merged_into ? names([props.merged_into]) : []),
      row(t("Length:"), props.length_km ? t("{km} km", { km: num(props.length_km) }) : ""),
    ];
  }

  // A gate of a pair, said to be that side's gate, by the name its side gives it where a source
  // does (ម៉ឺនជ័យ, Tân Nam), else as the page's language's sources write it (Brây Vo, a Cambodian
  // gate known only from Vietnamese reports), else by its English name, with that English name
  // beside it for a reader of another language; each name marked with its language. The pair's
  // own names are the title's and the line under it: ម៉ឺនជ័យ, shown there, read as the pair's
  // Khmer name (review 24a, #9).
  // An English name that is our transliteration says so in the page's language, as a name no
  // source gives does (review rv25b, #3: "Prey Vor" read as a Cambodian source's); one the data
  // writes with another name in brackets ("Ha Tien (Xa Xia)") gives both within one pair of
  // brackets (review rv25b, #9: "Hà Tiên (Ha Tien (Xa Xia))", and "Xa Xia" lost in Vietnamese).
  function gateRow(label, props, side, localLang) {
    var english = props["gate_" + side] ? asText(props["gate_" + side]) : "";
    var local = props["gate_" + side + "_" + localLang] ? asText(props["gate_" + side + "_" + localLang]) : "";
    var page = BorderMap.lang();
    var pageOwn = page !== "en" && page !== localLang && props["gate_" + side + "_" + page]
      ? asText(props["gate_" + side + "_" + page]) : "";
    if (!english && !local && !pageOwn) return null;
    var bracketed = /^(.+?)\s*\(([^()]+)\)$/.exec(english);
    var main = bracketed ? bracketed[1] : english, also = bracketed ? bracketed[2] : "";
    var transliterated = props["gate_" + side + "_status"] === "transliteration";
    var mark = function () {
      return el("span", { className: "bm-name-status", text: BorderMap.label("name_statuses", "transliteration") });
    };
    var shown = local ? [local, localLang] : pageOwn ? [pageOwn, page] : [main, "en"];
    var aside = [];
    var fold = BorderMap.fold || function (text) { return text; };
    if (shown[1] === "en") {
      if (transliterated) aside.push(mark());
    } else if (main && page !== shown[1] && fold(shown[0]) !== fold(main)) {
      aside.push(el("span", withLang({ text: main }, "en")));
      if (transliterated) aside.push(mark());
    }
    if (also) aside.push(el("span", withLang({ text: also }, "en")));
    var value = el("span", { className: "bm-value" }, [el("span", withLang({ text: shown[0] }, shown[1]))]);
    aside.forEach(function (node, i) {
      value.appendChild(document.createTextNode(i ? ", " : " ("));
      value.appendChild(node);
    });
    if (aside.length) value.appendChild(document.createTextNode(")"));
    return el("div", { className: "bm-row bm-gate" }, [el("span", { className: "bm-label", text: label }), " ", value]);
  }

  BorderMap.popupContent = function (feature) {
    var props = feature.properties || {};
    // The names in Khmer and Vietnamese, each marked with its language.
    // The title is the name in the page's language where a source gives one; the line below it
    // gives the others (the English one among them when the title is not). Only the feature's own
    // names: a gate pair's gates have rows of their own, below.
    var title = BorderMap.localName(props, feature.id);
    var locals = [["en", title.lang !== "en" ? props.name : null], ["km", props.name_km], ["vi", props.name_vi]]
      .filter(function (pair) { return pair[1] && !(pair[0] === title.lang && props["name_" + pair[0]] === pair[1]); });
    var localsNode = null;
    if (locals.length) {
      localsNode = el("p", { className: "bm-locals" });
      locals.forEach(function (pair, i) {
        if (i) localsNode.appendChild(document.createTextNode(" · "));
        var attrs = { lang: pair[0], text: asText(pair[1]) };
        // A name that is our own translation, not yet reviewed, is marked so.
        if (props["name_" + pair[0]] && props["name_" + pair[0] + "_status"] === "unreviewed-translation") {
          localsNode.appendChild(BorderMap.unreviewedLabel("span", attrs, BorderMap.label("name_statuses", "unreviewed-translation")));
        } else {
          localsNode.appendChild(el("span", attrs));
        }
      });
    }
    // A language in which no source gives the name says so, rather than leaving a gap.
    // (A gate pair whose gate of that language has its name in the rows just below is not said
    // to have no name.)
    var unknownNames = [["km", t("Name in Khmer:"), props.gate_kh_km], ["vi", t("Name in Vietnamese:"), props.gate_vn_vi]]
      .filter(function (pair) {
        return !props["name_" + pair[0]] && !pair[2] && props["name_" + pair[0] + "_status"] === "unknown";
      }).map(function (pair) { return row(pair[1], BorderMap.label("name_statuses", "unknown")); });
    var status = BorderMap.statusText(props, feature.id, true);
    var kinds = { "international": t("international checkpoint"), "main": t("main checkpoint"),
                  "unconfirmed": t("unconfirmed checkpoint"), "checkpoint": t("checkpoint"),
                  "connecting-point": t("connecting point"),
                  "province": t("province"), "boundary": t("boundary"), "expressway": t("expressway"),
                  "railway": t("railway"), "corridor": t("corridor"), "place": t("place"),
                  "country": t("country") };
    var kind = props.checkpoint_type
      ? kinds[props.checkpoint_type] || t("{type} checkpoint", { type: asText(props.checkpoint_type) })
      // An editors' own kind (`economic-zone`) in words, as they typed it: it has no translation.
      // "user" is no kind an editor gave: the layer's own, for features uploaded without one.
      : props.kind === "user" ? null
      : kinds[props.kind] || (typeof props.kind === "string" ? asText(props.kind).replace(/[-_]+/g, " ") : props.kind);
    return el("div", { className: "bm-popup", "data-feature": asText(feature.id) }, [
      el("h3", withLang({ className: "bm-popup-title", tabindex: "-1", text: title.text }, title.lang)),
      localsNode,
      localsNode && BorderMap.unreviewedLabelNote(localsNode),
    ].concat(unknownNames, [
      gateRow(t("Cambodian gate:"), props, "kh", "km"),
      gateRow(t("Vietnamese gate:"), props, "vn", "vi"),
      // An editor's upload says so first: it is not the curated, cited data.
      BorderMap.editorMark(props, feature.id, true),
      row(t("Kind:"), kind),
      row(t("Status:"), status),
      props.indicative ? el("p", { className: "bm-indicative", text: t("Indicative line: not an alignment.") }) : null,
      row(t("Location:"), precisionText(props) || BorderMap.unknownPrecision(props, feature.id)),
    ]).concat(particulars(props), [
      // The commitments come before the long texts so they are seen without scrolling.
      commitmentsList(props, feature.id),
      notes(props, feature.id),
      fileProperties(props, feature.id),
      sourcesList(props.sources),
    ]));
  };

  // The properties the popup shows in its own words, or that bordermap keeps for itself.
  var SHOWN = ["name", "name_km", "name_vi", "description", "opened", "gate_kh", "gate_vn", "gate_kh_km",
               "gate_kh_vi", "gate_vn_vi", "kind", "status", "status_date", "status_by", "status_estimated", "location_precision",
               "precision_m", "length_km", "indicative", "highlight", "label", "checkpoint_type", "sources", "id",
               "layer", "commitments"];

  // What an editor's file says of a feature beyond what is shown above: each of its own
  // properties that holds text, a number or yes/no, under the name the file gives it.
  function fileProperties(props, featureId) {
    if (!BorderMap.isEditorFeature(props, featureId)) return null;
    var keys = Object.keys(props).filter(function (key) {
      var value = props[key];
      return SHOWN.indexOf(key) < 0 && !/_status$/.test(key) && value !== "" &&
        (typeof value === "string" || typeof value === "number" || typeof value === "boolean");
    });
    if (!keys.length) return null;
    return el("div", { className: "bm-file-properties" }, [
      el("p", { className: "bm-label", text: t("From the file:") }),
    ].concat(keys.map(function (key) {
      var value = props[key];
      var shown = typeof value === "number" ? num(value) : typeof value === "boolean" ? (value ? t("yes") : t("no"))
        : asText(value);
      return el("div", { className: "bm-row" }, [
        el("span", { className: "bm-label", text: asText(key) + ":" }), " ", el("span", { className: "bm-value", text: shown }),
      ]);
    })));
  }

  // Our notes on a feature (when it opened, how it was placed, where its names come from) are
  // written in English only: on a page in another language they are folded under a heading
  // that says so, and open on request. They tell the feature's story to this day: on an earlier
  // day they are folded in every language, under a heading that says so.
  function notes(props, featureId) {
    if (!props.opened && !props.description) return null;
    if (BorderMap.isEditorFeature(props, featureId)) {
      // An editor's words, in whatever language they wrote them: shown as they are.
      return el("div", null, [row(t("Opened:"), props.opened),
        props.description ? el("p", { className: "bm-description", text: asText(props.description) }) : null]);
    }
    var parts = [row(t("Opened:"), props.opened, "en"),
      props.description ? el("p", withLang({ className: "bm-description", text: asText(props.description) }, "en")) : null];
    var english = BorderMap.lang() === "en";
    if (english && !BorderMap.asOf) return el("div", null, parts);
    var heading = !BorderMap.asOf ? t("Our notes on this place (in English, not translated)")
      : english ? t("Our notes on this place, as of today") : t("Our notes on this place, as of today (in English, not translated)");
    return el("details", { className: "bm-english-only" },
      [el("summary", { text: heading })].concat(parts));
  }
})(window);
