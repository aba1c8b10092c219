/* bordermap popups and tooltips: what a feature says when clicked or hovered. Both are made the
 * first time they are needed, not for every feature at load. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText;
  var t = BorderMap.t, nt = BorderMap.nt, num = BorderMap.num, withLang = BorderMap.withLang;

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

  // Whether a source came out after the day the map shows (the time control's, timecontrol.js): a
  // reader checking what was on record that day must tell it from what came later. A date given
  // to the month or the year ("2026-10") is later when the whole month or year is.
  function publishedLater(date) {
    var day = BorderMap.asOf;
    if (!day || typeof date !== "string" || !/^\d{4}(-\d{2}){0,2}$/.test(date)) return false;
    return date > day.slice(0, date.length);
  }
  BorderMap.publishedLater = publishedLater;  // the history's sources too (historyview.js)

  // Whether a feature had no status on record on the chosen day: not yet on record at all (drawn
  // as a faint ghost, timeline.js, which keeps today's status on it for its look), or with a
  // status dated after that day (an editor's file, which has no events). Neither today's status
  // nor its later date may be given as the day's.
  function notOnRecord(props, id) {
    if (!BorderMap.asOf) return false;
    return !!(BorderMap.ghosts || {})[id] || publishedLater(props.status_date);
  }
  // What a popup's status line and a hover tooltip say of the status on the chosen day ("" for none).
  BorderMap.statusText = function (props, id, dated) {
    if (notOnRecord(props, id)) return t("not yet on record on {date}", { date: BorderMap.date(BorderMap.asOf) });
    if (!props.status) return "";
    if (!(dated && props.status_date)) return BorderMap.statusLabel(props.status);
    // An editor's file without history gives its own `status_date`, which may be the day of a
    // report rather than the day the status began: shown as given.
    var fromHistory = !!(BorderMap.hasHistory && BorderMap.hasHistory("feature", id));
    return BorderMap.statusLabel(props.status) + " (" + (fromHistory ? BorderMap.sinceText(props)
      : BorderMap.date(props.status_date)) + ")";
  };
  // Since when a status holds (`status_date`, the first event of its latest run: tracking.js):
  // "since" the day it began; "by" a day that is only a bound (its source already found it so,
  // and says nothing of since when); "since about" a day we estimated.
  BorderMap.sinceText = function (record) {
    var day = BorderMap.date(record.status_date);
    if (record.status_by) return t("by {date}", { date: day });
    return record.status_estimated ? t("since about {date}", { date: day }) : t("since {date}", { date: day });
  };

  // A document's date as its citations give it (model.date_span): "2025-02-19 or 2025-02-20"
  // when the day it came out is not known for sure (`date_latest`, the latest it may be, is the
  // next day, month or year), "between … and …" when further apart, else its one date.
  function nextAfter(first, last) {
    if (first.length !== last.length) return false;
    var a = first.split("-").map(Number), b = last.split("-").map(Number);
    if (a.length === 3) return Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2]) === 86400000;
    if (a.length === 2) return b[0] * 12 + b[1] - a[0] * 12 - a[1] === 1;
    return b[0] - a[0] === 1;
  }
  BorderMap.documentDate = function (doc) {
    var first = asText((doc || {}).date || ""), last = asText((doc || {}).date_latest || "");
    if (!first || !last || last === first) return BorderMap.date(first);
    var dates = { date: BorderMap.date(first), later: BorderMap.date(last) };
    return nextAfter(first, last) ? t("{date} or {later}", dates) : t("between {date} and {later}", dates);
  };
  // A feature's source that is one of the documents the commitments cite (the build copies its
  // title, publisher and date): that document, whose date may be uncertain; else null.
  function citedDocument(src) {
    var docs = BorderMap.documents || {};
    var id = Object.keys(docs).filter(function (key) {
      var d = docs[key];
      return d && d.title === src.title && d.date === src.date && (!src.publisher || d.publisher === src.publisher);
    })[0];
    return id ? docs[id] : null;
  }

  function sourcesList(sources) {
    if (!Array.isArray(sources) || !sources.length) return null;
    var list = el("ul", { className: "bm-sources" });
    sources.forEach(function (src) {
      if (!src || typeof src !== "object") return;
      var title = asText(src.title || src.url || t("source"));
      var href = BorderMap.safeUrl(src.url);
      // A source's title and publisher are the publisher's own words, in its language.
      var lang = src.language || (/[\u0100-\u024f\u1e00-\u1eff]/.test(title) ? "vi" : "en");
      var titleNode = href
        ? el("a", withLang({ href: href, target: "_blank", rel: "noopener noreferrer", text: title }, lang))
        : el("span", withLang({ text: title }, lang));
      var item = el("li", null, [titleNode]);
      if (src.publisher) item.appendChild(el("span", withLang({ text: " — " + asText(src.publisher) }, "en")));
      var dated = src.date ? BorderMap.documentDate(citedDocument(src) || src) : "";
      if (dated) item.appendChild(document.createTextNode((src.publisher ? ", " : " — ") + dated));
      if (publishedLater(src.date)) {
        item.className = "bm-source-later";
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("span", { className: "bm-later-mark", text: t("(published later)") }));
      }
      list.appendChild(item);
    });
    return el("div", null, [el("h4", { className: "bm-label bm-section-name", text: t("Sources") }), list]);
  }

  // Where a commitment is stated, in short (the document's number, or its publisher and date,
  // and the paragraph), for a reader checking a place against its sources without opening each
  // one; the whole title shows on hover. A publisher alone did not say which of its documents
  // an editor's commitment cites (review rv20, L1).
  function citeShort(c) {
    var d = (BorderMap.documents || {})[c.document];
    if (!d || !c.paragraph) return null;
    // The title is in the document's language, as its short name is.
    var named = { text: asText(BorderMap.documentShortName(c.document)) };
    if (!d.number && d.title) named.title = asText(d.title);
    var parts = [el("span", withLang(named, d.language || "en"))];
    if (!d.number && d.date) parts.push(", " + BorderMap.documentDate(d));
    parts.push(", " + t("paragraph {n}", { n: num(c.paragraph) }));
    return el("span", { className: "bm-popup-cite" }, parts);
  }

  function commitmentsList(props, featureId) {
    var ids = Array.isArray(props.commitments) ? props.commitments : [];
    var box = el("div", { className: "bm-commitments" });
    box.appendChild(el("h4", { className: "bm-label bm-section-name", text: t("Commitments ({n})", { n: num(ids.length) }) }));
    if (!ids.length) {
      var later = BorderMap.asOf && BorderMap.laterCommitments ? BorderMap.laterCommitments(featureId) : { ids: [] };
      if (!later.first) {
        box.appendChild(el("p", { className: "bm-muted", text: t("No commitment in the documents names this feature.") }));
        return box;
      }
      // Named by commitments stated after the chosen day: "none names it" would be false.
      var go = el("button", { type: "button", className: "bm-linkbutton bm-later-go",
                              text: t("Go to {date}", { date: BorderMap.date(later.first) }) });
      // The popup stays open on that day (timeline.js builds it again) and lists the commitments
      // it promised, as the panel's "Go to" opens the commitment it names. The click must not
      // reach the map, which would close the popup: Leaflet reads a click on a button no longer
      // in the page (the content built again) as a click on the map.
      L.DomEvent.disableClickPropagation(go);
      go.addEventListener("click", function () {
        BorderMap.setAsOf(later.first);
        focusCommitments(featureId);
      });
      var when = { date: BorderMap.date(BorderMap.asOf), first: BorderMap.date(later.first) };
      // One later commitment is said apart: Khmer and Vietnamese have one plural form, in which
      // "the first" would be said of one.
      box.appendChild(el("p", { className: "bm-muted bm-later" }, [
        (later.ids.length === 1 ? t("No commitment named this feature yet on {date}; one did later, on {first}.", when)
          : nt("No commitment named this feature yet on {date}; {n} did later, on {first}.",
               "No commitment named this feature yet on {date}; {n} did later, the first on {first}.",
               later.ids.length, when)) + " ", go]));
      return box;
    }
    var list = el("ul");
    ids.forEach(function (cid) {
      var c = BorderMap.commitments[cid];
      // The summary in the page language (our translation, marked while unreviewed).
      list.appendChild(el("li", null, [el("button", {
        type: "button", className: "bm-linkbutton", "data-commitment": asText(cid),
      }, c ? BorderMap.dataTextNodes(c, "summary") : [el("span", withLang({ text: asText(cid) }, "en"))]),
      c ? citeShort(c) : null]));
    });
    // One listener for the list: the button says which commitment it opens.
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-commitment]");
      if (button) BorderMap.emit("open-commitment", button.getAttribute("data-commitment"));
    });
    box.appendChild(list);
    return box;
  }

  // The keyboard's focus on the commitments of the feature's open popup, where the button that
  // had it was (gone with the content it was in).
  function focusCommitments(featureId) {
    var popups = document.querySelectorAll(".leaflet-popup-content .bm-popup");
    var popup = Array.prototype.filter.call(popups, function (node) {
      return node.getAttribute("data-feature") === String(featureId);
    })[0];
    var box = popup && popup.querySelector(".bm-commitments");
    if (!box) return;
    box.tabIndex = -1;
    // Scrolled to within the popup only: letting the browser scroll for the focus would also
    // scroll the map's own box, which Leaflet does not expect.
    box.focus({ preventScroll: true });
    var scroller = popup.closest(".leaflet-popup-content");
    if (scroller) scroller.scrollTop += box.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  }

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

  var POPUP_GAP = 4;  // between a popup and a control, or the map's edge
  var POPUP_CHROME = 47;  // Leaflet's margins and border around a popup's content, in pixels

  function popupSize() {
    var map = BorderMap.map;
    var size = map ? map.getSize() : { x: 800, y: 600 };
    // A popup as tall as a phone's map passes between the controls in its top corners (zoom;
    // layers and tools): it is no wider than the room they leave.
    var left = POPUP_GAP, right = size.x - POPUP_GAP;
    (map ? BorderMap.controlBoxes() : []).forEach(function (c) {
      if (c.position === "topleft") left = Math.max(left, c.right + POPUP_GAP);
      if (c.position === "topright") right = Math.min(right, c.left - POPUP_GAP);
    });
    var width = Math.max(160, Math.min(340, right - left - POPUP_CHROME));
    // The popup keeps above the controls at the bottom left (the date's and the legend's) where
    // it has no room beside them: on a narrow map it spans them (its last lines sat under them at
    // 320 px), and so on a landscape tablet or phone (review 17, F1). Where it has room beside
    // them (a desktop), it is placed there and keeps its height: a 140 px box with the legend
    // open (review 23c, F1).
    var corner = map ? map.getContainer().querySelector(".leaflet-bottom.leaflet-left") : null;
    var beside = corner ? size.x - corner.offsetWidth - 2 * POPUP_GAP >= width + POPUP_CHROME : true;
    var below = corner && !beside ? corner.offsetHeight : 0;
    return { maxWidth: width, minWidth: Math.min(200, width), maxHeight: Math.max(140, Math.min(380, size.y - 110 - below)) };
  }

  BorderMap.popupSize = popupSize;  // for popups made elsewhere (bigpick.js)

  // A popup that opens clear of the controls over the map (legend, time control, zoom, layers,
  // tools, scale, credits) as well as inside it: Leaflet's own pan keeps it inside the map only,
  // and the legend hid the left of a popup opened beside it. Where no place is clear, it takes
  // the one they cover least.
  BorderMap.Popup = L.Popup.extend({
    options: { maxWidth: 340, minWidth: 200, maxHeight: 380, autoPanPadding: [POPUP_GAP, POPUP_GAP] },

    _adjustPan: function () {
      var map = this._map;
      if (!this.options.autoPan || !map) return;
      if (map._panAnim) map._panAnim.stop();
      // Where the popup's box is, as Leaflet's own _adjustPan measures it; then its body and its
      // tip, apart: a control beside the tip does not cover the body's corner.
      var container = this._container;
      var height = container.offsetHeight + (parseInt(L.DomUtil.getStyle(container, "marginBottom"), 10) || 0);
      var at = map.layerPointToContainerPoint(
        L.point(this._containerLeft, -height - this._containerBottom).add(L.DomUtil.getPosition(container)));
      var parts = [this._wrapper, this._tipContainer].map(function (node) {
        return { left: at.x + node.offsetLeft, top: at.y + node.offsetTop,
                 right: at.x + node.offsetLeft + node.offsetWidth, bottom: at.y + node.offsetTop + node.offsetHeight };
      });
      var topLeft = L.point(this.options.autoPanPaddingTopLeft || this.options.autoPanPadding);
      var bottomRight = L.point(this.options.autoPanPaddingBottomRight || this.options.autoPanPadding);
      var inset = { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
      var shift = BorderMap.clearOfControlsShift(parts, inset, POPUP_GAP);
      // No clear place (a landscape tablet or phone with the legend and the time control open):
      // they are folded, which the reader can undo, rather than the popup's lines hidden under them.
      // Folded, they leave more room: the popup takes its size again (its content function sizes
      // it to the room) and is placed anew; it stayed squeezed to the room it had (review 27, #7).
      if (shift && shift.covered > 0 && foldOverlays()) { this.update(); return; }
      if (!shift) { L.Popup.prototype._adjustPan.call(this); return; }  // larger than the map
      // The map moves the other way from the popup, by whole pixels: a move under one pixel,
      // which Leaflet rounds away, still redrew the labels and the address on every date step.
      var dx = Math.round(shift.x), dy = Math.round(shift.y);
      if (dx || dy) map.fire("autopanstart").panBy([-dx, -dy]);
    },
  });

  function foldOverlays() {
    var legend = BorderMap.foldLegend ? BorderMap.foldLegend() : false;
    var time = BorderMap.foldTimeControl ? BorderMap.foldTimeControl() : false;
    return legend || time;
  }

  BorderMap.ensurePopup = function (layer) {
    if (layer.getPopup()) return layer.getPopup();
    var feature = layer.feature;
    var popup = new BorderMap.Popup({}, layer);
    popup.setContent(function () {
      // A popup larger than the map cannot be panned into view (phones): fit it to the map,
      // between the controls on either side.
      Object.assign(popup.options, popupSize());
      return BorderMap.popupContent(feature);
    });
    layer.bindPopup(popup);
    return popup;
  };

  // A permanent label is the name alone, so it stays short on a phone; the status is in the
  // hover tooltip and the popup.
  BorderMap.ensureTooltip = function (layer) {
    if (layer.getTooltip()) return layer.getTooltip();
    var feature = layer.feature;
    var props = feature.properties || {};
    var permanent = props.highlight === true || props.label === true;
    // A permanent label starts beyond the marker's edge so it never covers the marker.
    var radius = layer instanceof L.CircleMarker ? layer.options.radius || 6 : 0;
    // Leaflet sets a string tooltip as innerHTML; a node built here keeps names as text.
    var content = function () {
      // The name as the popup's title gives it; the status after it is in the page language.
      var node = el("span", { className: "bm-tooltip-text" }, [BorderMap.nameNode(BorderMap.localName(props, feature.id))]);
      var status = permanent ? "" : BorderMap.statusText(props, feature.id, false);
      if (status) node.appendChild(document.createTextNode(" — " + status));
      return node;
    };
    var options = {
      sticky: !permanent && !(layer instanceof L.CircleMarker),
      permanent: permanent,
      direction: permanent ? "right" : "auto",
      offset: permanent ? [radius + 6, 0] : [0, 0],
      className: props.highlight === true ? "bm-label-permanent bm-label-css" : permanent ? "bm-label-place bm-label-css" : "",
    };
    // A permanent label is placed without being measured (labels.js).
    if (permanent) layer.bindTooltip(new BorderMap.LabelTooltip(options, layer).setContent(content));
    else layer.bindTooltip(content, options);
    var tooltip = layer.getTooltip();
    if (permanent) BorderMap.labels.track(layer, tooltip, radius + 6, props.highlight === true);
    return tooltip;
  };
})(window);
