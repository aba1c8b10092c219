/* The commitments panel's places found by name, above the list: those on the map, and those of
 * large layers, which the server searches. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, num = BM.num, withLang = BM.withLang;
  var Panel = BM.panel;
  var PLACE_RESULTS = 8;
  var FAR_RESULTS = 8;  // features of each large layer the search lists
  var fold = Panel.fold;

  function renderFound() {
    var box = Panel.root.querySelector(".bm-found");
    box.textContent = "";
    var q = Panel.filters().q;
    var places = q ? BM.findPlaces(q) : [];
    Panel.foundPlaces = places.map(function (p) { return p.id; });
    renderFar(q);
    if (!places.length) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(el("h3", { text: nt("{n} place on the map", "{n} places on the map", places.length) }));
    var ul = el("ul", { className: "bm-found-list" });
    places.slice(0, PLACE_RESULTS).forEach(function (place) {
      ul.appendChild(el("li", null, [
        el("button", { type: "button", className: "bm-linkbutton bm-found-place", "data-feature": place.id }, [
          BM.nameNode(BM.featureLocalName(place.id)),
          el("span", { className: "bm-item-meta", text: " · " + BM.layerTitleOf(place.id) }),
        ]),
      ]));
    });
    box.appendChild(ul);
    if (places.length > PLACE_RESULTS) {
      box.appendChild(el("p", { className: "bm-muted", text: t("{n} more are marked on the map.", { n: num(places.length - PLACE_RESULTS) }) }));
    }
  }

  // The features of the large layers whose names match, which the page never loads: the
  // server looks once the typing pauses (find.js's findFar), and each layer's matches come
  // under their own heading below the places on the map. A result opens the feature where it
  // is (bigpick.js's openFeatureAnywhere switches its layer on).
  function renderFar(q, note) {
    var box = Panel.root.querySelector(".bm-found-far");
    var status = Panel.root.querySelector(".bm-found-far-status");
    box.textContent = "";
    box.hidden = true;
    status.textContent = "";
    if (!q || !BM.farLayers().length || !BM.searchTerms(q).length) {
      BM.findFar("", 0);  // drops a search still under way
      return;
    }
    box.hidden = false;
    box.appendChild(el("p", { className: "bm-muted", text: t("Looking in the large layers…") }));
    BM.findFar(q, FAR_RESULTS).then(function (answers) {
      if (answers === null) return;  // a newer search replaced this one
      box.textContent = "";
      if (note) box.appendChild(el("p", { className: "bm-muted", text: note }));
      // Said to a screen reader too: the list itself is not announced as it arrives.
      var said = [], failed = [];
      answers.forEach(function (answer) {
        var title = asText(answer.layer.title);
        if (answer.error) {  // the server did not answer (an outage, review 20): no "nothing matches"
          failed.push(t("The server could not answer the search in {layer}; try again in a moment.", { layer: title }));
          box.appendChild(el("p", { className: "bm-muted", text: failed[failed.length - 1] }));
          return;
        }
        if (!answer.features.length) return;
        said.push(answer.more
          ? t("{n} or more features of {layer} match.", { n: num(answer.features.length), layer: title })
          : nt("{n} feature of {layer} matches.", "{n} features of {layer} match.", answer.features.length, { layer: title }));
        box.appendChild(el("h3", { text: t("In {layer}, a large layer", { layer: title }) }));
        var ul = el("ul", { className: "bm-found-list" });
        answer.features.forEach(function (feature) {
          // The heading names the layer: each line names the feature as its popup's title does,
          // then, when the server gives one, its name in the page's language (or the name found).
          var parts = [el("span", withLang({ text: asText(feature.name) }, "en"))];
          if (feature.local) {
            parts.push(document.createTextNode(" · "));
            parts.push(el("span", withLang({ text: asText(feature.local) }, feature.local_lang || "en")));
          }
          ul.appendChild(el("li", null, [
            el("button", { type: "button", className: "bm-linkbutton bm-found-place", "data-feature": feature.id }, parts),
          ]));
        });
        box.appendChild(ul);
        if (answer.more) {
          box.appendChild(el("p", { className: "bm-muted", text: t("More features match: add a word to narrow the search.") }));
        }
      });
      var none = failed.length === answers.length ? "" : t("No feature of the large layers matches.");
      if (!said.length && none) box.appendChild(el("p", { className: "bm-muted", text: none }));
      box.hidden = false;
      status.textContent = said.concat(failed).join(" ") || none;
    });
  }

  Panel.renderFound = renderFound;
  Panel.renderFar = renderFar;
})(window);
