/* bordermap large layers: a layer too large to come with the page (config.onDemand, see
 * bordermap.layer_points) is fetched only when the reader switches it on, once, and a point
 * layer is drawn onto a canvas of its own in slices of a few milliseconds, so the page keeps
 * answering while a million points are drawn. This file makes the layer (BorderMap.BigPointLayer):
 * switched on and off, its points fetched and projected. Its parts: the body read (bigbody.js),
 * the keyboard (bigkeys.js), the drawing and the grid that finds a drawn point (bigdraw.js), the
 * pointer naming a point and a click opening it (bigpick.js).
 */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var bigPoints = BorderMap.bigPoints, keyboard = bigPoints.keyboard;
  var sliced = bigPoints.sliced, readBody = bigPoints.readBody, fetchBuffer = bigPoints.fetchBuffer;

  // The clock is checked every CHECK_EVERY points projected (the slices: bigbody.js).
  var CHECK_EVERY = 2048;
  var MAX_LAT = 85.0511287798;  // Web Mercator's edge, as Leaflet's projection has it
  var PANE = "bmBigPoints";

  var BigPointLayer = L.Layer.extend({
    initialize: function (layerConfig) {
      this.config = layerConfig;
      this._data = null;       // the body, once fetched
      this._xy = null;         // each point's Web Mercator position in [0, 1], once worked out
      this._loading = null;    // the promise of both
      this.drawnCount = 0;
      this.state = "off";
    },

    // The look of the layer's points, for the legend (the body has no properties, so one look).
    looks: function () {
      var feature = { type: "Feature", properties: {}, geometry: { type: "Point" } };
      return [{ shape: "point", style: BorderMap.styleFor(this.config, feature), props: {} }];
    },

    eachLayer: function () { return this; },

    onAdd: function (map) {
      if (!map.getPane(PANE)) {
        // Under the other vector layers (overlayPane, 400): the border, the checkpoints and the
        // provinces' outlines stay in sight over a carpet of points. Clicks near a point of
        // this layer still reach it first (_clickCapture).
        map.createPane(PANE).style.zIndex = 390;
        map.getPane(PANE).style.pointerEvents = "none";
      }
      this._canvas = this._newCanvas(map);
      this._mark("loading");
      var self = this;
      this._load().then(function () {
        if (!self._map) return;
        if (!self._inner) { self._redraw(); return; }
        keyboard.remove(self._map, self);  // drawn as GeoJSON: its features take the focus themselves
        self._inner.addTo(self._map);
        self.drawnCount = self._innerCount;
        self._mark("drawn");
      }, function (error) {
        BorderMap.loadErrors = (BorderMap.loadErrors || []).concat([String(error)]);
        self._mark("failed");
        // Ticked, keyed in the legend and empty: the reader is told why, and what to do.
        if (self._map && BorderMap.notice) {
          BorderMap.notice("layer:" + self.config.id, BorderMap.t(
            "The server could not answer, so {layer} is not shown. Switch the layer off and on again to try again.",
            { layer: BorderMap.asText(self.config.title) }));
        }
      });
      this._onClickCapture = this._onClickCapture || this._clickCapture.bind(this);
      this._onDownCapture = this._onDownCapture || this._downCapture.bind(this);
      map.getContainer().addEventListener("pointerdown", this._onDownCapture, true);
      map.getContainer().addEventListener("click", this._onClickCapture, true);
      this._onHover = this._onHover || this._hover.bind(this);
      this._onLeave = this._onLeave || this._hoverAt.bind(this, -1);
      map.getContainer().addEventListener("mousemove", this._onHover, { passive: true });
      map.getContainer().addEventListener("mouseleave", this._onLeave);
      map.on("popupopen movestart zoomstart", this._onLeave);
      if (!this._inner) keyboard.add(map, this);  // not known yet on the first time: see above
    },

    _newCanvas: function (map) {
      var canvas = L.DomUtil.create("canvas", "bm-bigpoints leaflet-zoom-animated", map.getPane(PANE));
      canvas.setAttribute("data-layer", this.config.id);
      canvas.setAttribute("aria-hidden", "true");
      return canvas;
    },

    onRemove: function (map) {
      if (BorderMap.clearNotice) BorderMap.clearNotice("layer:" + this.config.id);
      if (this._cancel) this._cancel();
      this._cancel = null;
      map.getContainer().removeEventListener("pointerdown", this._onDownCapture, true);
      map.getContainer().removeEventListener("click", this._onClickCapture, true);
      map.getContainer().removeEventListener("mousemove", this._onHover, { passive: true });
      map.getContainer().removeEventListener("mouseleave", this._onLeave);
      map.off("popupopen movestart zoomstart", this._onLeave);
      this._hoverAt(-1);
      keyboard.remove(map, this);
      L.DomUtil.remove(this._canvas);
      if (this._pending) L.DomUtil.remove(this._pending);
      this._canvas = this._pending = null;
      this._grid = null;
      this._hasDrawn = false;
      if (this._selection) { map.removeLayer(this._selection); this._selection = null; }
      if (this._inner) map.removeLayer(this._inner);
      this.drawnCount = 0;
      this._mark("off");
    },

    getEvents: function () {
      return { moveend: this._redraw, zoomanim: this._zoomAnim, resize: this._redraw };
    },

    _mark: function (state) {
      this.state = state;
      var canvas = this._canvas;
      if (canvas) {
        canvas.setAttribute("data-state", state);
        canvas.setAttribute("data-drawn", String(this.drawnCount));
      }
      BorderMap.emit("big-layer", { id: this.config.id, state: state, drawn: this.drawnCount });
    },

    // Fetched once, whatever the layer's comings and goings; the positions projected in slices.
    _load: function () {
      if (this._loading) return this._loading;
      var self = this;
      this._loading = fetchBuffer(this.config.pointsUrl).then(function (buffer) {
        var data = readBody(buffer);
        if (data.others) {
          // Not all points: the layer's GeoJSON, drawn as any layer is (one long parse).
          return BorderMap.fetchJSON(self.config.url).then(function (collection) {
            self._inner = BorderMap.drawLayerFor(self, self.config, collection);
            self._innerCount = (collection.features || []).length;
          });
        }
        var xy = new Float64Array(2 * data.n);
        var lonLat = data.lonLat;
        var i = 0, n = data.n;
        return new Promise(function (resolve) {
          sliced(function (deadline) {
            while (i < n) {
              var stop = Math.min(n, i + CHECK_EVERY);
              for (; i < stop; i++) {
                var lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, lonLat[2 * i + 1])) * Math.PI / 180;
                var sin = Math.sin(lat);
                xy[2 * i] = lonLat[2 * i] / 360 + 0.5;
                xy[2 * i + 1] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
              }
              if (performance.now() > deadline) return false;
            }
            return true;
          }, function () {
            self._data = data;
            self._xy = xy;
            self._next = new Int32Array(data.n);
            resolve();
          });
        });
      });
      this._loading.catch(function () { self._loading = null; });  // a failed load is tried again
      return this._loading;
    },
  });

  BorderMap.BigPointLayer = BigPointLayer;
})(window);
