/* bordermap's canvas renderer: one canvas for every vector layer, large layers in batches.
 *
 * Loaded after Leaflet and before bordermap.js, which hands it to the map.
 */
(function (global) {
  "use strict";

  // The map's one canvas. Shapes of a large layer (option bmBatch) that share a style are
  // traced into one path and filled and stroked once, instead of once per shape; every other
  // shape is drawn by Leaflet's own canvas code. One canvas for all layers keeps every
  // feature clickable (a canvas on top would take the clicks of the ones below).
  var BATCH_SIZE = 64;
  var BatchCanvas = L.Canvas.extend({
    _draw: function () {
      var ctx = this._ctx;
      var bounds = this._redrawBounds;
      ctx.save();
      if (bounds) {
        var size = bounds.getSize();
        ctx.beginPath();
        ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        ctx.clip();
      }
      this._drawing = true;
      this._batch = null;
      for (var entry = this._drawFirst; entry; entry = entry.next) {
        var shape = entry.layer;
        if (!bounds || (shape._pxBounds && shape._pxBounds.intersects(bounds))) shape._updatePath();
      }
      this._flushBatch();
      this._drawing = false;
      ctx.restore();
    },

    _joinBatch: function (shape) {
      var o = shape.options;
      var key = [o.fill, o.fillColor, o.fillOpacity, o.stroke, o.weight, o.color, o.opacity,
                 o._dashArray, o.lineCap, o.lineJoin].join("|");
      // Short paths: one huge path of overlapping shapes fills more slowly than many calls.
      if (this._batch && this._batch.key === key && this._batch.size++ < BATCH_SIZE) return;
      this._flushBatch();
      this._batch = { key: key, options: o, size: 1 };
      this._ctx.beginPath();
    },

    _flushBatch: function () {
      var batch = this._batch;
      if (!batch) return;
      this._batch = null;
      var o = batch.options;
      var ctx = this._ctx;
      if (o.fill) {
        ctx.globalAlpha = o.fillOpacity;
        ctx.fillStyle = o.fillColor || o.color;
        ctx.fill("nonzero"); // overlapping shapes of one batch must not cancel out
      }
      if (o.stroke && o.weight !== 0) {
        ctx.setLineDash(o._dashArray || []);
        ctx.globalAlpha = o.opacity;
        ctx.lineWidth = o.weight;
        ctx.strokeStyle = o.color;
        ctx.lineCap = o.lineCap;
        ctx.lineJoin = o.lineJoin;
        ctx.stroke();
      }
    },

    // A point of a large layer is a stamp: its circle is drawn once per style into a small
    // image, then copied to each point, which costs a fraction of tracing and filling it.
    _updateCircle: function (shape) {
      if (!shape.options.bmBatch) {
        this._flushBatch();
        return L.Canvas.prototype._updateCircle.call(this, shape);
      }
      if (!this._drawing || shape._empty()) return;
      this._flushBatch();
      var stamp = this._stamp(shape);
      var p = shape._point;
      this._ctx.globalAlpha = 1;
      this._ctx.drawImage(stamp.image, p.x - stamp.half, p.y - stamp.half, stamp.size, stamp.size);
    },

    _stamp: function (shape) {
      var o = shape.options;
      var r = Math.max(Math.round(shape._radius), 1);
      var key = [r, o.fill, o.fillColor, o.fillOpacity, o.stroke, o.weight, o.color, o.opacity, o._dashArray].join("|");
      this._stamps = this._stamps || {};
      if (this._stamps[key]) return this._stamps[key];
      var line = o.stroke ? o.weight : 0;
      var half = Math.ceil(r + line / 2 + 1);
      var size = 2 * half;
      var ratio = global.devicePixelRatio || 1;
      var image = document.createElement("canvas");
      image.width = image.height = Math.ceil(size * ratio);
      var ctx = image.getContext("2d");
      ctx.scale(ratio, ratio);
      ctx.beginPath();
      ctx.arc(half, half, r, 0, Math.PI * 2, false);
      if (o.fill) {
        ctx.globalAlpha = o.fillOpacity;
        ctx.fillStyle = o.fillColor || o.color;
        ctx.fill();
      }
      if (o.stroke && o.weight !== 0) {
        ctx.setLineDash(o._dashArray || []);
        ctx.globalAlpha = o.opacity;
        ctx.lineWidth = o.weight;
        ctx.strokeStyle = o.color;
        ctx.stroke();
      }
      this._stamps[key] = { image: image, half: half, size: size };
      return this._stamps[key];
    },

    _updatePoly: function (shape, closed) {
      if (!shape.options.bmBatch) {
        this._flushBatch();
        return L.Canvas.prototype._updatePoly.call(this, shape, closed);
      }
      var rings = shape._parts;
      if (!this._drawing || !rings.length) return;
      this._joinBatch(shape);
      var ctx = this._ctx;
      for (var i = 0; i < rings.length; i++) {
        var ring = rings[i];
        ctx.moveTo(ring[0].x, ring[0].y);
        for (var j = 1; j < ring.length; j++) ctx.lineTo(ring[j].x, ring[j].y);
        if (closed) ctx.closePath();
      }
    },
  });
  global.BorderMapBatchCanvas = BatchCanvas;
})(window);
