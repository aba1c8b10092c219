/* bordermap large layers from the keyboard: with the map focused, the arrow keys bring a point
 * into the ring at the map's centre and Enter opens it (the layer: biglayer.js). */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // Pixels beyond a point's own circle that Enter reaches from the map's centre: the ring the
  // stylesheet draws there while the keyboard is on the map is this wide (bordermap.css).
  var KEY_REACH = 12;

  // A point of a large layer has no element of its own to reach with Tab, and is not in the
  // places list (the panel's search asks the server for it). While such a layer is on, and
  // drawn as points (not as GeoJSON, see biglayer.js's _load), the focused map (Tab, or "Skip to
  // map") describes what to do, the stylesheet rings its centre, and Enter opens the point
  // nearest the centre within the ring, as a click would; the focus goes to the popup's title
  // and Escape brings it back. No point there, or not drawn yet: a status line says so.
  var keyboard = {
    shown: [],  // the large layers on the map

    add: function (map, layer) {
      if (this.shown.indexOf(layer) < 0) this.shown.push(layer);
      this._update(map);
    },

    remove: function (map, layer) {
      this.shown = this.shown.filter(function (other) { return other !== layer; });
      this._update(map);
    },

    _parts: function (map) {
      var container = map.getContainer();
      if (container.bmBigKeys) return container.bmBigKeys;
      var parts = container.bmBigKeys = {
        hint: L.DomUtil.create("p", "bm-visually-hidden", container),
        status: L.DomUtil.create("p", "bm-visually-hidden bm-bigpoints-status", container),
      };
      parts.hint.id = "bm-bigpoints-keys";
      parts.status.setAttribute("role", "status");
      parts.status.setAttribute("aria-live", "polite");
      var self = this;
      container.addEventListener("keydown", function (event) { self._key(map, event); });
      return parts;
    },

    _names: function (layers) {
      return layers.map(function (layer) { return BorderMap.asText(layer.config.title); }).join(", ");
    },

    _update: function (map) {
      var container = map.getContainer();
      var parts = this._parts(map);
      var on = this.shown.length > 0;
      container.classList.toggle("bm-bigpoints-on", on);
      // A touch screen has no arrow keys: its screen reader is told of the panel's search instead.
      var touch = window.matchMedia && matchMedia("(hover: none) and (pointer: coarse)").matches;
      parts.hint.textContent = !on ? "" : touch
        ? BorderMap.t("Points of {layers}: to open one, find it by name with the search in the panel.",
                      { layers: this._names(this.shown) })
        : BorderMap.t("Points of {layers}: move the map with the arrow keys until a point " +
                      "is inside the ring at its centre, then press Enter to open it.", { layers: this._names(this.shown) });
      var described = (container.getAttribute("aria-describedby") || "").split(" ").filter(function (token) {
        return token && token !== parts.hint.id;
      });
      if (on) described.push(parts.hint.id);
      if (described.length) container.setAttribute("aria-describedby", described.join(" "));
      else container.removeAttribute("aria-describedby");
      if (!on) parts.status.textContent = "";
    },

    _key: function (map, event) {
      if (event.key !== "Enter" || event.target !== map.getContainer() || !this.shown.length
          || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      var centre = map.getSize().divideBy(2);
      var best = null;
      this.shown.forEach(function (layer) {
        var found = layer._nearest(centre, KEY_REACH);
        if (found.index >= 0 && (!best || found.distance < best.distance)) {
          best = { layer: layer, index: found.index, distance: found.distance };
        }
      });
      var status = this._parts(map).status;
      if (best) {
        status.textContent = "";
        best.layer.openPoint(best.index, true);
        return;
      }
      var drawing = this.shown.filter(function (layer) { return layer.state !== "drawn"; });
      status.textContent = drawing.length
        ? BorderMap.t("{layers} is still being drawn: press Enter again in a moment.", { layers: this._names(drawing) })
        : BorderMap.t("No point of {layers} inside the ring at the centre of the map. Move the map with the " +
                      "arrow keys, or zoom in with +.", { layers: this._names(this.shown) });
    },

    // The popup's title takes the focus; when the popup closes with the focus inside it (or
    // lost), `back` (the map by default, where the reader was) has it again.
    focusPopup: function (map, popup, back) {
      var element = popup.getElement();
      var title = element && element.querySelector(".bm-popup-title");
      if (!title) return;
      title.focus();
      popup.once("remove", function () {
        var now = document.activeElement;
        var to = back && document.contains(back) ? back : map.getContainer();
        if (!now || now === document.body || element.contains(now)) to.focus();
      });
    },
  };

  BorderMap.bigPoints.keyboard = keyboard;
})(window);
