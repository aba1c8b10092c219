/* bordermap labels: permanent names on the map (the inaugurated checkpoint, towns), placed where
 * they fit and hidden when zoomed too far out to read. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // Room kept free at the map's right edge for the layer control and the tool bar: at least
  // this, and as much as they take (a finger's 44 px buttons take 58 px; a label placed by the
  // 54 px of a mouse's ran 4 px under them on a phone: review 24a, #5). Read by `readRoom`.
  var RIGHT_CONTROLS = 54;
  var rightRoom = RIGHT_CONTROLS;
  function readRoom() {
    var map = BorderMap.map;
    if (!map) return;
    var container = map.getContainer(), edge = container.getBoundingClientRect().right;
    rightRoom = RIGHT_CONTROLS;
    Array.prototype.forEach.call(container.querySelectorAll(".leaflet-top.leaflet-right .leaflet-control"), function (control) {
      var r = control.getBoundingClientRect();
      if (r.width && r.height) rightRoom = Math.max(rightRoom, edge - r.left);
    });
  }
  // Leaflet's stylesheet sets a tooltip this much further out on its side (the margins of
  // .leaflet-tooltip-right, -left, -top and -bottom).
  var SIDE_MARGIN = 6;

  // Every permanent label's placing, run again when the view changes: [{measure, apply}].
  var placers = [];
  // While true, labels are not placed as they open (see `hold`).
  var held = false;

  // A permanent label placed without measuring it: its side's corner goes to the point Leaflet
  // computes and the stylesheet moves it by its own size (the `translate` rules of
  // .bm-label-css). Leaflet's own tooltip reads the label's size each time it moves it, and each
  // read just after a label was added made the browser lay the page out again: a tenth of a slow
  // phone's first view went to it.
  var SIDES = ["right", "left", "top", "bottom", "center"];
  BorderMap.LabelTooltip = L.Tooltip.extend({
    _setPosition: function (pos) {
      var direction = this.options.direction;
      if (SIDES.indexOf(direction) < 0) { L.Tooltip.prototype._setPosition.call(this, pos); return; }
      var container = this._container;
      if (container.bmSide !== direction) {  // a class written again still makes the browser restyle it
        SIDES.forEach(function (side) { L.DomUtil.removeClass(container, "leaflet-tooltip-" + side); });
        L.DomUtil.addClass(container, "leaflet-tooltip-" + direction);
        container.bmSide = direction;
      }
      L.DomUtil.setPosition(container, pos.add(L.point(this.options.offset)).add(this._getAnchor()));
    },

    // To another side of its marker: only its place changes (`update` would build its content
    // again, and the browser would shape its text again).
    moveTo: function (side, offset) {
      this.options.direction = side;
      this.options.offset = offset;
      if (this._map && this._latlng) this._updatePosition();
    },
  });

  // A permanent label goes right of its marker, or where it fits without running off the map or
  // under the controls on the right (a phone's narrow map): a boxed label (with its pointer)
  // above the marker next, a plain place name left of it next. `width` and `height` are the
  // label's own size, measured by the caller (with every other label's, in one layout).
  function sideFor(tooltip, width, height) {
    var map = BorderMap.map;
    var how = tooltip.bmLabel;
    var at = map.latLngToContainerPoint(tooltip.getLatLng());
    // Leaflet's stylesheet sets the label a further SIDE_MARGIN out on its side.
    var gap = how.gap + SIDE_MARGIN, right = map.getSize().x - rightRoom;
    var fits = {
      right: at.x + gap + width <= right,
      left: at.x - gap - width >= 2,
      top: at.x - width / 2 >= 2 && at.x + width / 2 <= right && at.y - gap - height >= 2,
    };
    return how.order.filter(function (side) { return fits[side]; })[0] || (at.x > right - at.x ? "left" : "right");
  }

  // The offset that puts a label its gap beyond its marker's centre on `side`.
  function offsetOn(tooltip, side) {
    var gap = tooltip.bmLabel.gap;
    return L.point(side === "right" ? gap : side === "left" ? -gap : 0,
                   side === "top" ? -gap : side === "bottom" ? gap : 0);
  }

  // Where a label's top left corner is on `side`, from the point its offset leads to: the corner
  // of that side goes there, Leaflet's margin moves it out and the stylesheet's translate
  // (.bm-label-css) moves it by the label's own size.
  function cornerOn(side, width, height) {
    return side === "right" ? L.point(SIDE_MARGIN, -height / 2)
      : side === "left" ? L.point(-SIDE_MARGIN - width, -height / 2)
      : side === "top" ? L.point(-width / 2, -SIDE_MARGIN - height)
      : side === "bottom" ? L.point(-width / 2, SIDE_MARGIN)
      : L.point(-width / 2, -height / 2);
  }

  // A label's box on each side of its marker, worked out from the box it has now (as
  // getBoundingClientRect gives it): moving a label and measuring it again would lay the page
  // out once per side.
  function boxesOn(tooltip, now) {
    var width = now.right - now.left, height = now.bottom - now.top;
    var point = L.point(now.left, now.top).subtract(cornerOn(tooltip.options.direction, width, height))
      .subtract(L.point(tooltip.options.offset));
    var boxes = {};
    ["right", "left", "top", "bottom"].forEach(function (side) {
      var corner = point.add(offsetOn(tooltip, side)).add(cornerOn(side, width, height));
      boxes[side] = { left: corner.x, top: corner.y, right: corner.x + width, bottom: corner.y + height };
    });
    return boxes;
  }

  // Puts a label on one side of its marker; nothing is written when it is there already.
  function put(tooltip, side) {
    var offset = offsetOn(tooltip, side);
    if (tooltip.options.direction === side && L.point(tooltip.options.offset).equals(offset)) return;
    tooltip.moveTo(side, offset);
  }

  // Measuring and moving are apart, so that every label is measured before any moves (one layout
  // for all of them).
  function measureLabel(tooltip) {
    var map = BorderMap.map;
    var node = tooltip.getElement();
    if (held || !map || !node || !tooltip.getLatLng() || !map.hasLayer(tooltip)) return null;
    return { width: node.offsetWidth, height: node.offsetHeight };
  }

  function placeAll() {
    if (held) return;
    readRoom();
    var sizes = placers.map(function (placer) { return placer.measure(); });
    placers.forEach(function (placer, i) { placer.apply(sizes[i]); });
  }

  BorderMap.labels = {
    // boxed: a boxed label prefers going above its marker to going left of it.
    track: function (layer, tooltip, gap, boxed) {
      tooltip.bmLabel = { gap: gap, order: boxed ? ["right", "top", "left"] : ["right", "left", "top"] };
      var placer = {
        measure: function () { return measureLabel(tooltip); },
        apply: function (size) { if (size) put(tooltip, sideFor(tooltip, size.width, size.height)); },
      };
      layer.on("tooltipopen", function () {
        if (held) return;
        readRoom();
        placer.apply(placer.measure());
      });
      placers.push(placer);
    },

    // Where a tracked label goes first, given its size; its box on each side; putting it on a
    // side (firstview.js places them all from one measuring of every label).
    sideFor: sideFor,
    boxesOn: boxesOn,
    readRoom: readRoom,
    put: put,

    // While the layers of the first view are added, labels are not placed one by one as they
    // open (each would be measured right after the previous one moved); the drawn map's
    // arrangement (firstview.js) places them all, measuring once for both.
    hold: function () { held = true; },
    resume: function () { held = false; },

    attach: function (map) {
      map.on("zoomend moveend resize", placeAll);
      // Town names crowd each other when zoomed out: they show from zoom 7, where those that
      // would overlap another label are left out (firstview.js).
      var byZoom = function () {
        var minimum = 7;
        map.getContainer().classList.toggle("bm-hide-place-labels", map.getZoom() < minimum);
      };
      map.on("zoomend resize", byZoom);
      byZoom();
    },
  };
})(window);
