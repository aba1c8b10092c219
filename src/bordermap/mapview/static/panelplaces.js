/* The commitments panel's list of every place on the map (the keyboard's and a screen reader's
 * way to each feature), the clicks inside the panel, and the button that sizes it on a phone. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, num = BM.num, withLang = BM.withLang;
  var Panel = BM.panel;

  // Features are drawn on a canvas and take no keyboard focus: this list is the keyboard's and
  // the screen reader's way to every feature of the layers small enough to list.
  var PLACES_LIMIT = 500;

  function renderPlaces(details) {
    // Top of the map first: points and lines before the provinces under them.
    BM.placesByLayer(PLACES_LIMIT).forEach(function (layer) {
      var section = el("section", { className: "bm-place-layer", "aria-label": layer.title });
      section.appendChild(el("h3", { text: layer.title + " (" + num(layer.count) + ")" }));
      if (!layer.places) {
        section.appendChild(el("p", { className: "bm-muted",
          text: t("Too many to list here: find them on the map or search the layer's data.") }));
        details.appendChild(section);
        return;
      }
      // Each by the name the map's labels and popups give it (in the page's language where a
      // source gives one), in that name's order.
      var named = layer.places.map(function (item) { return { id: item.id, name: BM.featureLocalName(item.id) }; });
      named.sort(function (a, b) { return a.name.text.localeCompare(b.name.text, BM.lang()); });
      var ul = el("ul");
      named.forEach(function (item) {
        ul.appendChild(el("li", null, [
          BM.nameNode(item.name, { type: "button", className: "bm-linkbutton", "data-feature": asText(item.id) }, "button"),
        ]));
      });
      section.appendChild(ul);
      details.appendChild(section);
    });
  }

  function placesSection() {
    var summary = el("summary", { text: t("Places on the map") });
    var details = el("details", { className: "bm-all-places" }, [summary]);
    // Built on first opening, as the summary is clicked (before the next Tab can pass the list
    // by): several hundred buttons are not needed by everyone.
    var build = function () { if (!details.querySelector(".bm-place-layer")) renderPlaces(details); };
    summary.addEventListener("click", build);
    details.addEventListener("toggle", function () { if (details.open) build(); });
    return details;
  }

  // A layer the reader turns on or off in the layer control is theirs: the selection leaves it be.
  function onLayerVisibility(change) {
    if (!change.byReader) return;
    Panel.shown = Panel.shown.filter(function (layerId) { return layerId !== change.id; });
  }

  // One listener per list, not per item: each button says what it stands for.
  function delegate(root) {
    root.addEventListener("click", function (event) {
      var item = event.target.closest(".bm-item[data-commitment]");
      if (item) { Panel.open(item.getAttribute("data-commitment"), { step: true }); return; }
      var place = event.target.closest("button[data-feature]");
      if (!place) return;
      var id = place.getAttribute("data-feature");
      // Not drawn on the page: a feature of a large layer (the search asked the server for it).
      if (BM.openFeature(id, { focus: true }) || !BM.openFeatureAnywhere) return;
      BM.openFeatureAnywhere(id, { focus: true }).then(function (opened) {
        // Changed since the search (deleted, moved to another layer): the results are asked again.
        if (!opened) Panel.renderFar(Panel.filters().q, t("That feature is no longer there: the large layers were searched again."));
      });
    });
    // Preview on hover and on keyboard focus alike, while nothing is selected.
    var itemOf = function (event) { return event.target.closest && event.target.closest(".bm-list .bm-item"); };
    var leaving = function (event) {
      var item = itemOf(event);
      if (item && !(event.relatedTarget && item.contains(event.relatedTarget))) Panel.endPreview();
    };
    root.addEventListener("mouseover", function (event) {
      var item = itemOf(event);
      if (item && !(event.relatedTarget && item.contains(event.relatedTarget))) Panel.previewOf(item.getAttribute("data-commitment"));
    });
    root.addEventListener("focusin", function (event) {
      var item = itemOf(event);
      if (item) Panel.previewOf(item.getAttribute("data-commitment"));
    });
    root.addEventListener("mouseout", leaving);
    root.addEventListener("focusout", leaving);
  }

  // Below the map on a phone the panel keeps a third of the screen, so the map stays in use; a
  // reader of a long commitment or list makes it larger, and smaller again (review 23c, F7). The
  // stylesheet shows the button only where the panel is below the map.
  function sizeButton() {
    var button = el("button", { type: "button", className: "bm-panel-size", "aria-controls": "bm-panel" });
    function label(tall) {
      button.setAttribute("aria-expanded", tall ? "true" : "false");
      button.setAttribute("aria-label", tall ? t("Make the panel smaller") : t("Make the panel larger"));
      button.title = button.getAttribute("aria-label");
    }
    label(false);
    button.addEventListener("click", function () {
      var tall = !Panel.root.classList.contains("bm-panel-tall");
      Panel.root.classList.toggle("bm-panel-tall", tall);
      document.body.classList.toggle("bm-panel-tall-on", tall);
      label(tall);
      BM.resize();  // the map's room changed; its centre stays where it was
    });
    return el("div", { className: "bm-panel-sizer" }, [button]);
  }

  Panel.placesSection = placesSection;
  Panel.onLayerVisibility = onLayerVisibility;
  Panel.delegate = delegate;
  Panel.sizeButton = sizeButton;
})(window);
