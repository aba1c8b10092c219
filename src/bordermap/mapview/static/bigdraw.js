/* bordermap large layers, drawn: each view's points stamped onto a canvas of the layer's own in
 * slices, the old view's canvas following Leaflet's zoom animation meanwhile, and the grid of
 * the points drawn that finds the one nearest a click, the pointer or the map's centre. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;
  var sliced = BorderMap.bigPoints.sliced;

  // Stamping a point costs far more than projecting one (microseconds on a slowed phone, whose
  // canvas has three pixels to the point): the clock is checked often while drawing.
  var DRAW_CHECK_EVERY = 256;
  var CELL = 8;  // pixels: the side of a cell of the grid that finds the point under a click
  // Below this zoom a point is a small dot of its fill colour: thousands of full circles with
  // their outlines, overlapping, read as one blot of the outline's colour.
  var FULL_FROM_ZOOM = 10;

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

  BorderMap.BigPointLayer.include({
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
  });
})(window);
