/* bordermap labels: permanent names on the map (the inaugurated checkpoint, towns), placed where
 * they fit and hidden when zoomed too far out to read. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // Room kept free at the map's right edge for the layer control and the legend.
  var RIGHT_CONTROLS = 54;
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
      SIDES.forEach(function (side) { L.DomUtil.removeClass(container, "leaflet-tooltip-" + side); });
      L.DomUtil.addClass(container, "leaflet-tooltip-" + direction);
      L.DomUtil.setPosition(container, pos.add(L.point(this.options.offset)).add(this._getAnchor()));
    },
  });

  // A permanent label goes right of its marker, or where it fits without running off the map or
  // under the controls on the right (a phone's narrow map): a boxed label (with its pointer)
  // above the marker next, a plain place name left of it next. Measuring and moving are apart,
  // so that every label is measured before any moves (one layout for all of them).
  function measureLabel(tooltip) {
    var map = BorderMap.map;
    var node = tooltip.getElement();
    if (held || !map || !node || !tooltip.getLatLng() || !map.hasLayer(tooltip)) return null;
    return { at: map.latLngToContainerPoint(tooltip.getLatLng()), width: node.offsetWidth,
             height: node.offsetHeight, right: map.getSize().x - RIGHT_CONTROLS };
  }

  function applyLabel(tooltip, gap, order, size) {
    if (!size) return;
    var at = size.at, width = size.width, right = size.right;
    var fits = {
      right: at.x + gap + width <= right,
      left: at.x - gap - width >= 2,
      top: at.x - width / 2 >= 2 && at.x + width / 2 <= right && at.y - gap - size.height >= 2,
    };
    var direction = order.filter(function (side) { return fits[side]; })[0] ||
      (at.x > right - at.x ? "left" : "right");
    if (tooltip.options.direction === direction) return;
    tooltip.options.direction = direction;
    tooltip.options.offset = L.point(direction === "right" ? gap : direction === "left" ? -gap : 0,
                                     direction === "top" ? -gap : 0);
    tooltip.update();
  }

  function placeAll() {
    var sizes = placers.map(function (placer) { return placer.measure(); });
    placers.forEach(function (placer, i) { placer.apply(sizes[i]); });
  }

  BorderMap.labels = {
    // boxed: a boxed label prefers going above its marker to going left of it.
    track: function (layer, tooltip, gap, boxed) {
      var order = boxed ? ["right", "top", "left"] : ["right", "left", "top"];
      var placer = {
        measure: function () { return measureLabel(tooltip); },
        apply: function (size) { applyLabel(tooltip, gap, order, size); },
      };
      layer.on("tooltipopen", function () { placer.apply(placer.measure()); });
      placers.push(placer);
    },

    // While the layers of the first view are added, labels are not placed one by one as they
    // open (each would be measured right after the previous one moved); `resume` places them all.
    hold: function () { held = true; },
    resume: function () {
      held = false;
      placeAll();
    },

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
