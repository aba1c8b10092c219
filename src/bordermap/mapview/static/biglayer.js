/* bordermap large layers: a layer too large to come with the page (config.onDemand, see
 * bordermap.layer_points) is fetched only when the reader switches it on, once, and a point
 * layer is drawn onto a canvas of its own in slices of a few milliseconds, so the page keeps
 * answering while a million points are drawn. A click near a drawn point fetches that one
 * feature and opens its usual popup; a pointer resting on one names it. From the keyboard,
 * with the map focused, the arrow keys bring a point into the ring at the map's centre and
 * Enter opens it.
 *
 * The positions come as one binary body (GET /api/layers/<id>/points): a 16-byte head ("BMPT",
 * version, n, features that are not points), n longitude/latitude pairs as little-endian
 * float64, n uint32 ends of each feature id, and the ids as UTF-8.
 */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // Work is done in slices of about this many milliseconds, each its own task, so no task
  // comes near the 50 ms a browser counts as long; the check of the clock is every CHECK_EVERY.
  var SLICE_MS = 10;
  var CHECK_EVERY = 2048;
  // Stamping a point costs far more than projecting one (microseconds on a slowed phone, whose
  // canvas has three pixels to the point): the clock is checked more often while drawing.
  var DRAW_CHECK_EVERY = 256;
  var CELL = 8;  // pixels: the side of a cell of the grid that finds the point under a click
  var MAX_LAT = 85.0511287798;  // Web Mercator's edge, as Leaflet's projection has it
  var PANE = "bmBigPoints";
  // Below this zoom a point is a small dot of its fill colour: thousands of full circles with
  // their outlines, overlapping, read as one blot of the outline's colour.
  var FULL_FROM_ZOOM = 10;
  // Pixels beyond a point's own circle that Enter reaches from the map's centre: the ring the
  // stylesheet draws there while the keyboard is on the map is this wide (bordermap.css).
  var KEY_REACH = 12;
  // Milliseconds a pointer rests on a point before its name is asked for (not for every point
  // it passes over), and how many names are kept.
  var HOVER_MS = 150;
  var NAMES_KEPT = 500;

  // Runs step(deadline) in tasks of their own until it returns true; the returned function
  // cancels what is left. While the page is being printed (share.js sets BorderMap.printing
  // before the map takes the paper's size), all of it at once: the page is printed as it is
  // when the print handlers return, and a drawing left for later tasks would be missing.
  function sliced(step, done) {
    if (BorderMap.printing) {
      while (!step(Infinity)) { /* the whole drawing in this task */ }
      if (done) done();
      return function () {};
    }
    var cancelled = false;
    var run = function () {
      if (cancelled) return;
      if (step(performance.now() + SLICE_MS)) { if (done) done(); } else global.setTimeout(run, 0);
    };
    global.setTimeout(run, 0);
    return function () { cancelled = true; };
  }

  // The body read: typed arrays over the one buffer, nothing copied.
  function readBody(buffer) {
    var head = new DataView(buffer, 0, 16);
    var magic = String.fromCharCode(head.getUint8(0), head.getUint8(1), head.getUint8(2), head.getUint8(3));
    if (magic !== "BMPT" || head.getUint32(4, true) !== 1) throw new Error("not a bordermap points body");
    var n = head.getUint32(8, true);
    return {
      n: n,
      others: head.getUint32(12, true),
      lonLat: new Float64Array(buffer, 16, 2 * n),
      ends: new Uint32Array(buffer, 16 + 16 * n, n),
      idBytes: new Uint8Array(buffer, 16 + 20 * n),
    };
  }

  var decoder = typeof TextDecoder !== "undefined" ? new TextDecoder("utf-8") : null;
  function idAt(data, i) {
    var start = i ? data.ends[i - 1] : 0;
    return decoder.decode(data.idBytes.subarray(start, data.ends[i]));
  }

  // The body read a network chunk at a time into one buffer of its announced length: each
  // chunk is a small task of its own, where arrayBuffer() gathered the 28 MB of a million
  // points in long tasks of the page's (up to half a second on a slowed phone).
  function fetchBuffer(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      var length = Number(response.headers.get("Content-Length"));
      if (!response.body || !length || response.headers.get("Content-Encoding")) return response.arrayBuffer();
      var bytes = new Uint8Array(length), at = 0;
      var reader = response.body.getReader();
      var pump = function () {
        return reader.read().then(function (part) {
          if (part.done) {
            if (at !== length) throw new Error(url + ": body ended after " + at + " of " + length + " bytes");
            return bytes.buffer;
          }
          if (at + part.value.length > length) throw new Error(url + ": body longer than announced");
          bytes.set(part.value, at);
          at += part.value.length;
          return pump();
        });
      };
      return pump();
    });
  }

  // A point's circle drawn once into a small canvas, then copied to every point.
  function stampOf(style) {
    var ratio = global.devicePixelRatio || 1;
    var r = Math.max(1, Math.round(style.radius || 4));
    var line = style.stroke === false ? 0 : (style.weight || 1);
    var half = Math.ceil(r + line / 2 + 1);
    var image = document.createElement("canvas");
    image.width = image.height = Math.ceil(2 * half * ratio);
    var ctx = image.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    ctx.arc(half, half, r, 0, Math.PI * 2, false);
    if (style.fill !== false) {
      ctx.globalAlpha = style.fillOpacity === undefined ? 0.2 : style.fillOpacity;
      ctx.fillStyle = style.fillColor || style.color || "#3388ff";
      ctx.fill();
    }
    if (line) {
      ctx.globalAlpha = style.opacity === undefined ? 1 : style.opacity;
      ctx.lineWidth = line;
      ctx.strokeStyle = style.color || "#3388ff";
      ctx.stroke();
    }
    return { image: image, half: half, radius: r };
  }

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

    // Leaflet's own way of following a zoom animation with a layer drawn for the old view.
    _zoomAnim: function (event) {
      if (!this._canvas || !this._view) return;
      var map = this._map;
      var scale = map.getZoomScale(event.zoom, this._view.zoom);
      var offset = map._latLngToNewLayerPoint(this._view.topLeft, event.zoom, event.center);
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    // Draws the points in view again, from scratch, in slices; a later move cancels it.
    _redraw: function () {
      var map = this._map;
      if (!map || !this._canvas || !this._xy) return;
      if (this._cancel) this._cancel();
      var size = map.getSize();
      var ratio = global.devicePixelRatio || 1;
      // Each view is drawn on a canvas of its own, hidden until every point is on it: the
      // points of the view before stay in sight (moved and scaled with the map) meanwhile, and
      // nothing is copied. The first drawing after the layer is switched on shows as it goes.
      if (this._pending) L.DomUtil.remove(this._pending);
      var shown = this._canvas;
      var progressive = !this._hasDrawn;
      var canvas = progressive ? shown : this._newCanvas(map);
      if (!progressive) { canvas.style.visibility = "hidden"; this._pending = canvas; }
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(canvas, topLeft);
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var view = { zoom: map.getZoom(), topLeft: map.layerPointToLatLng(topLeft) };
      if (progressive) this._view = view;
      var present = function () {
        if (canvas !== shown) {
          canvas.style.visibility = "";
          L.DomUtil.remove(shown);
          self._canvas = canvas;
          self._pending = null;
        }
        self._view = view;
      };
      var style = BorderMap.styleFor(this.config, { type: "Feature", properties: {}, geometry: { type: "Point" } });
      var full = map.getZoom() >= FULL_FROM_ZOOM;
      this._stamps = this._stamps || {};
      var stamp = this._stamp = this._stamps[full] || (this._stamps[full] = stampOf(full ? style : {
        radius: 2, stroke: false, fillOpacity: 0.85, fillColor: style.fillColor || style.color,
      }));
      var scale = map.options.crs.scale(map.getZoom());
      var origin = map.getPixelOrigin().add(topLeft);
      var cols = Math.ceil(size.x / CELL) + 1, rows = Math.ceil(size.y / CELL) + 1;
      var grid = new Int32Array(cols * rows).fill(-1);
      var next = this._next;
      // One pixel of the canvas taken: a second point there would not show.
      var taken = new Uint8Array(size.x * size.y);
      var xy = this._xy, n = this._data.n, margin = stamp.half;
      var image = stamp.image, half = stamp.half, side = 2 * half;
      var self = this;
      var i = 0, count = 0;
      this._grid = { cells: grid, cols: cols, rows: rows, origin: origin, scale: scale };
      this.drawnCount = 0;
      this._mark("drawing");
      this._cancel = sliced(function (deadline) {
        while (i < n) {
          var stop = Math.min(n, i + DRAW_CHECK_EVERY);
          for (; i < stop; i++) {
            var x = xy[2 * i] * scale - origin.x, y = xy[2 * i + 1] * scale - origin.y;
            if (x < -margin || y < -margin || x > size.x + margin || y > size.y + margin) continue;
            count++;
            if (x >= 0 && y >= 0 && x < size.x && y < size.y) {
              var cell = Math.floor(y / CELL) * cols + Math.floor(x / CELL);
              next[i] = grid[cell];
              grid[cell] = i;
              var pixel = Math.floor(y) * size.x + Math.floor(x);
              if (taken[pixel]) continue;
              taken[pixel] = 1;
            }
            ctx.drawImage(image, x - half, y - half, side, side);
          }
          self.drawnCount = count;
          if (performance.now() > deadline) {
            self._canvas.setAttribute("data-drawn", String(count));
            return false;
          }
        }
        return true;
      }, function () {
        self._cancel = null;
        self._hasDrawn = true;
        self.drawnCount = count;
        present();
        self._mark("drawn");
      });
    },

    _downCapture: function (event) {
      this._down = { x: event.clientX, y: event.clientY };
    },

    // The point drawn nearest a click, within its circle and a few pixels: -1 for none.
    nearest: function (containerPoint) {
      return this._nearest(containerPoint, 4).index;
    },

    // The point drawn nearest `containerPoint` within its circle and `beyond` pixels, and the
    // square of its distance: index -1 for none.
    _nearest: function (containerPoint, beyond) {
      var grid = this._grid;
      if (!grid || !this._xy) return { index: -1 };
      var reach = this._stamp.radius + beyond;
      var best = -1, bestDistance = reach * reach;
      var c0 = Math.max(0, Math.floor((containerPoint.x - reach) / CELL));
      var c1 = Math.min(grid.cols - 1, Math.floor((containerPoint.x + reach) / CELL));
      var r0 = Math.max(0, Math.floor((containerPoint.y - reach) / CELL));
      var r1 = Math.min(grid.rows - 1, Math.floor((containerPoint.y + reach) / CELL));
      for (var row = r0; row <= r1; row++) {
        for (var col = c0; col <= c1; col++) {
          for (var i = grid.cells[row * grid.cols + col]; i !== -1; i = this._next[i]) {
            var dx = this._xy[2 * i] * grid.scale - grid.origin.x - containerPoint.x;
            var dy = this._xy[2 * i + 1] * grid.scale - grid.origin.y - containerPoint.y;
            var d = dx * dx + dy * dy;
            if (d <= bestDistance) { best = i; bestDistance = d; }
          }
        }
      }
      return { index: best, distance: bestDistance };
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

  // ------------------------------------------------------------------ keyboard
  // A point of a large layer has no element of its own to reach with Tab, and is not in the
  // places list (the panel's search asks the server for it). While such a layer is on, and
  // drawn as points (not as GeoJSON, see _load), the focused map (Tab, or "Skip to
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

  BorderMap.BigPointLayer = BigPointLayer;
  BorderMap.readPointsBody = readBody;
})(window);
