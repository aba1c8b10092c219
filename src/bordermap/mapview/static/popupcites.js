/* bordermap popups, what a feature is cited in: the commitments that name it (or, on an earlier
 * day, when they will), each with where it is stated, and its sources (popupcontent.js places
 * them in the popup). */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText;
  var t = BorderMap.t, nt = BorderMap.nt, num = BorderMap.num, withLang = BorderMap.withLang;
  var publishedLater = BorderMap.publishedLater;

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

  BorderMap.popupCites = { sourcesList: sourcesList, commitmentsList: commitmentsList };
})(window);
