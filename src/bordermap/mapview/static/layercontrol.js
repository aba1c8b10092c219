/* bordermap layer control: built once, when every layer is drawn. The curated layers are
 * Leaflet's overlays; the layers editors added are one group, "Added by editors (N)", that
 * opens into a list of its own. Leaflet rebuilds its whole list on every change, so a control
 * with thousands of overlays took minutes; the group's list is built once and kept in step
 * with the map. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var el = BorderMap.el, asText = BorderMap.asText, t = BorderMap.t, nt = BorderMap.nt;
  var countText = BorderMap.num;

  // The label Leaflet shows for an overlay: Leaflet inserts it as HTML, so it is built from
  // text nodes and handed over as markup with every character of the title escaped.
  // An editor's layer keeps the title it was given, in its own (unknown: English) language.
  function titleAttrs(layerConfig) {
    var attrs = { text: asText(layerConfig.title) };
    return layerConfig.origin === "user" ? BorderMap.withLang(attrs, "en") : attrs;
  }

  function overlayLabel(layerConfig) {
    return el("span", { className: "bm-layer-label" }, [
      el("span", titleAttrs(layerConfig)),
      el("span", { className: "bm-count", text: " (" + countText(BorderMap.drawn[layerConfig.id]) + ")" }),
    ]).outerHTML;
  }

  // A few added layers are listed open; many are folded under the group's name.
  var OPEN_UP_TO = 10;

  function userGroup(configs) {
    var shown = 0;
    var inputs = {};
    var isShown = {};  // layer id -> on the map; a checkbox the reader clicked is ahead of the map
    var all = el("input", { type: "checkbox", className: "bm-user-all" });
    var list = el("ul", { className: "bm-user-list" });
    configs.forEach(function (layerConfig) {
      var input = el("input", { type: "checkbox", "data-layer": asText(layerConfig.id) });
      input.checked = isShown[layerConfig.id] = BorderMap.layerShown(layerConfig.id);
      if (input.checked) shown++;
      inputs[layerConfig.id] = input;
      list.appendChild(el("li", null, [el("label", null, [
        input, " ", el("span", titleAttrs(layerConfig)),
        el("span", { className: "bm-count", text: " (" + countText(BorderMap.drawn[layerConfig.id]) + ")" }),
      ])]));
    });
    var sync = function () {
      all.checked = shown === configs.length;
      all.indeterminate = shown > 0 && shown < configs.length;
    };
    sync();
    // One listener for the whole list: the checkbox says which layer it stands for.
    list.addEventListener("change", function (event) {
      var input = event.target;
      if (input.matches("input[data-layer]")) BorderMap.setLayerShownByReader(input.getAttribute("data-layer"), input.checked);
    });
    all.addEventListener("change", function () {
      var wanted = all.checked;
      configs.forEach(function (layerConfig) { BorderMap.setLayerShownByReader(layerConfig.id, wanted); });
    });
    BorderMap.on("layer-visibility", function (change) {
      var input = inputs[change.id];
      if (!input || isShown[change.id] === change.shown) return;
      isShown[change.id] = input.checked = change.shown;
      shown += change.shown ? 1 : -1;
      sync();
    });
    var summary = el("summary", null, [
      el("span", { text: t("Added by editors") }),
      el("span", { className: "bm-count", text: " " + nt("({n} layer)", "({n} layers)", configs.length) }),
    ]);
    var details = el("details", { className: "bm-user-layers" }, [
      summary,
      el("label", { className: "bm-user-all-label" }, [all, " ", el("span", { text: t("Show all") })]),
      list,
    ]);
    details.open = configs.length <= OPEN_UP_TO;
    return details;
  }

  // Leaflet's control, with the group kept at the end of its overlays: Leaflet empties and
  // refills that list whenever a curated layer is shown or hidden.
  // Folded (narrower screens), it opens and closes from the keyboard as a menu button does:
  // Enter or Space opens it with the focus on its first choice, Escape closes it and gives the
  // focus back to the button, and so does the focus leaving it; the button says whether it is
  // open. (Leaflet hides the focused button as the list opens, and only a click closed it.)
  var GroupedLayers = L.Control.Layers.extend({
    _update: function () {
      L.Control.Layers.prototype._update.call(this);
      if (this.bmGroup) this._overlaysList.appendChild(this.bmGroup);
      return this;
    },
    _initLayout: function () {
      L.Control.Layers.prototype._initLayout.call(this);
      if (!this.options.collapsed) return;
      var control = this, container = this._container, button = this._layersLink;
      button.setAttribute("aria-expanded", "false");
      L.DomEvent.on(button, "keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        L.DomEvent.preventDefault(event);
        control.expand();
        var first = control._section.querySelector("input, button, summary, a[href]");
        if (first) first.focus();
      });
      BorderMap.closeOnEscape(container, function () { return control.isOpen(); },
                              function () { control.collapse(); }, button);
      // A click on the list's text moves the focus to the map that holds it (or nowhere): the
      // list stays open for that click; a click on the map itself closes it, as Leaflet does.
      L.DomEvent.on(container, "focusout", function (event) {
        var to = event.relatedTarget;
        if (to && !container.contains(to) && !to.contains(container)) control.collapse();
      });
    },
    isOpen: function () {
      return L.DomUtil.hasClass(this._container, "leaflet-control-layers-expanded");
    },
    expand: function () {
      L.Control.Layers.prototype.expand.call(this);
      if (this._layersLink) this._layersLink.setAttribute("aria-expanded", "true");
      return this;
    },
    collapse: function () {
      L.Control.Layers.prototype.collapse.call(this);
      if (this._layersLink && this.options.collapsed) this._layersLink.setAttribute("aria-expanded", "false");
      return this;
    },
  });

  // baseLayers: name -> layer, as Leaflet's control takes them.
  BorderMap.layerControl = function (baseLayers) {
    var control = new GroupedLayers(baseLayers, {}, { collapsed: global.innerWidth < 1600 });
    var users = [];
    (BorderMap.config.layers || []).forEach(function (layerConfig) {
      var entry = BorderMap.layers[layerConfig.id];
      if (!entry) return;
      // Off the map, Leaflet only records an overlay; it draws its list once, when added.
      if (layerConfig.origin === "user") users.push(layerConfig);
      else control.addOverlay(entry.group, overlayLabel(layerConfig));
    });
    if (users.length) control.bmGroup = userGroup(users);
    control.addTo(BorderMap.map);
    if (control._layersLink) {  // Leaflet's button that opens the list, named in the page language
      control._layersLink.title = t("Layers");
      control._layersLink.setAttribute("aria-label", t("Layers"));
    }
    // The list's two groups named, as a fieldset's legend would (WCAG 1.3.1; review 23j, F10):
    // the background maps, one at a time, and the layers drawn over them.
    if (control._baseLayersList) {
      control._baseLayersList.setAttribute("role", "radiogroup");
      control._baseLayersList.setAttribute("aria-label", t("Background map"));
    }
    if (control._overlaysList) {
      control._overlaysList.setAttribute("role", "group");
      control._overlaysList.setAttribute("aria-label", t("Layers"));
    }
    return control;
  };
})(window);
