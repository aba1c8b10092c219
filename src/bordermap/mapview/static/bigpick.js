/* bordermap large layers under the pointer: a pointer resting on a point names it, a click near
 * a drawn point (or Enter, bigkeys.js) fetches that one feature and opens its usual popup, and a
 * feature of a large layer is opened from a shared link or the panel's search. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var idAt = BorderMap.bigPoints.idAt, keyboard = BorderMap.bigPoints.keyboard;

  // Milliseconds a pointer rests on a point before its name is asked for (not for every point
  // it passes over), and how many names are kept.
  var HOVER_MS = 150;
  var NAMES_KEPT = 500;

  BorderMap.BigPointLayer.include({
    _downCapture: function (event) {
      this._down = { x: event.clientX, y: event.clientY };
    },

    // A pointer resting on a point names it in a small label, as the other layers' features are
    // named on hover, and the pointer shows that a click opens it. The body has ids, not names:
    // the name is asked for once the pointer has rested there HOVER_MS, and kept.
    _hover: function (event) {
      var map = this._map;
      if (!map || this._inner || !this._grid) return;
      var target = event.target;
      if (target.closest && target.closest(".leaflet-control, .leaflet-popup, .leaflet-tooltip")) {
        this._hoverAt(-1);
        return;
      }
      this._hoverAt(this.nearest(map.mouseEventToContainerPoint(event)));
    },

    _hoverAt: function (index) {
      if (index === this._hovered) return;
      this._hovered = index;
      global.clearTimeout(this._hoverTimer);
      var map = this._map;
      if (map) map.getContainer().classList.toggle("bm-over-bigpoint", index >= 0);
      if (this._hoverTip) { this._hoverTip.remove(); this._hoverTip = null; }
      if (index < 0 || !map || !this._data) return;
      var self = this;
      this._hoverTimer = global.setTimeout(function () {
        nameOf(self.config.url, idAt(self._data, index)).then(function (name) {
          if (self._hovered !== index || !self._map) return;
          var label = document.createElement("span");
          label.textContent = name;
          var latlng = L.latLng(self._data.lonLat[2 * index + 1], self._data.lonLat[2 * index]);
          self._hoverTip = L.tooltip({ direction: "top", offset: [0, -(self._stamp.radius + 2)], className: "bm-bigpoint-name" })
            .setLatLng(latlng).setContent(label).addTo(self._map);
        }, function () { /* gone since: no name to show */ });
      }, HOVER_MS);
    },

    // Ahead of Leaflet (capture), so a point over an area opens the point, as on the other layers.
    _clickCapture: function (event) {
      var map = this._map;
      if (!map || event.button) return;
      var down = this._down;
      if (down && Math.abs(down.x - event.clientX) + Math.abs(down.y - event.clientY) > 4) return;  // a drag
      var target = event.target;
      if (!target.closest || target.closest(".leaflet-control, .leaflet-popup, .leaflet-tooltip, .leaflet-marker-icon")) {
        return;  // a control, a popup, a label: theirs
      }
      var index = this.nearest(map.mouseEventToContainerPoint(event));
      if (index < 0) return;
      event.stopPropagation();
      event.preventDefault();
      this.openPoint(index);
    },

    // Fetches the feature of point `index` and opens its popup there; with `focus`, the
    // keyboard goes to the popup's title, and back to the map when the popup closes.
    openPoint: function (index, focus) {
      var id = idAt(this._data, index);
      var latlng = L.latLng(this._data.lonLat[2 * index + 1], this._data.lonLat[2 * index]);
      var self = this;
      return fetchFeature(this.config.url, id).then(function (feature) {
        var popup = self.openFeature(feature, latlng);
        if (focus && popup) keyboard.focusPopup(self._map, popup);
      })
        .catch(function (error) {
          BorderMap.loadErrors = (BorderMap.loadErrors || []).concat([String(error)]);
        });
    },

    // Opens the popup of `feature` (as /api/features/<id> gives it) at `latlng`, with a ring
    // around its point, and names it in the address.
    openFeature: function (feature, latlng) {
      var map = this._map;
      if (!map) return;
      var id = feature.id !== undefined ? feature.id : (feature.properties || {}).id;
      var self = this;
      this._select(latlng);
      var popup = new BorderMap.Popup(BorderMap.popupSize())
        .setLatLng(latlng)
        .setContent(BorderMap.popupContent(feature));
      popup.on("remove", function () {
        if (self._selection && self._selectionFor === popup) { map.removeLayer(self._selection); self._selection = null; }
        if (BorderMap.state.read().feature === id) BorderMap.state.write({ feature: null });
      });
      this._selectionFor = popup;
      popup.openOn(map);
      BorderMap.state.write({ feature: id }, { step: true });
      BorderMap.emit("feature-open", id);
      return popup;
    },

    // A ring around the point whose popup is open.
    _select: function (latlng) {
      if (this._selection) this._map.removeLayer(this._selection);
      var style = BorderMap.styleFor(this.config, { type: "Feature", properties: {}, geometry: { type: "Point" } });
      this._selection = L.circleMarker(latlng, {
        radius: (style.radius || 4) + 4, color: "#000", weight: 3, fill: false, interactive: false,
      }).addTo(this._map);
    },
  });

  // A feature's name (its id when it has none), asked for once: the last NAMES_KEPT are kept.
  var names = new Map();
  function nameOf(layerUrl, id) {
    if (names.has(id)) return Promise.resolve(names.get(id));
    return fetchFeature(layerUrl, id).then(function (feature) {
      var props = feature.properties || {};
      var name = BorderMap.asText(props.name || id);
      names.set(id, name);
      if (names.size > NAMES_KEPT) names.delete(names.keys().next().value);
      return name;
    });
  }

  // One feature as the read API gives it; `layerUrl` is any layer's features address.
  function fetchFeature(layerUrl, id) {
    var url = layerUrl.split("?")[0] + "/" + encodeURIComponent(id);
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  // Opens feature `id` wherever it is: a drawn feature as usual; otherwise, when the page lists
  // large layers, the feature is asked for, and when it is in one of them that layer is switched
  // on and its popup opened (a shared link to a village reopens it, as does a result of the
  // panel's search): a point's at once, any other once the layer is drawn (as GeoJSON). False
  // when it is in none (or no longer there). With `options.focus`, the keyboard goes to the
  // popup, and back to what had it when the popup closes.
  BorderMap.openFeatureAnywhere = function (id, options) {
    var focus = options && options.focus;
    var opener = document.activeElement;
    if (BorderMap.openFeature(id, options)) return Promise.resolve(true);
    var large = Object.keys(BorderMap.layers).map(function (key) { return BorderMap.layers[key]; })
      .filter(function (entry) { return entry.onDemand; });
    if (!large.length) return Promise.resolve(false);
    return fetchFeature(large[0].config.url, id).then(function (feature) {
      var entry = BorderMap.layers[(feature.properties || {}).layer];
      var geometry = feature.geometry || {};
      if (!entry || !entry.onDemand) return false;
      if (geometry.type !== "Point") {
        return whenDrawn(entry).then(function () { return BorderMap.openFeature(id, options); });
      }
      var latlng = L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
      if (!(options && options.keepView && BorderMap.map.getBounds().contains(latlng))) {
        BorderMap.map.setView(latlng, Math.max(BorderMap.map.getZoom(), 9), { animate: false });
      }
      BorderMap.showLayer(entry.config.id);
      var popup = entry.group.openFeature(feature, latlng);
      if (focus && popup) keyboard.focusPopup(BorderMap.map, popup, opener);
      return true;
    }, function () { return false; });  // no such feature (any more): the map stays as it is
  };

  // Switches a large layer on (when off) and settles once it is drawn, or failed.
  function whenDrawn(entry) {
    return new Promise(function (resolve) {
      var settled = function () { return entry.group.state === "drawn" || entry.group.state === "failed"; };
      var wait = function (change) {
        if (change.id !== entry.config.id || !settled()) return;
        BorderMap.off("big-layer", wait);
        resolve();
      };
      BorderMap.on("big-layer", wait);
      BorderMap.showLayer(entry.config.id);
      wait({ id: entry.config.id });
    });
  }
})(window);
