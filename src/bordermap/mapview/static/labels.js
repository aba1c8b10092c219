/* bordermap labels: permanent names on the map (the inaugurated checkpoint, towns), placed where
 * they fit and hidden when zoomed too far out to read. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // Room kept free at the map's right edge for the layer control and the legend.
  var RIGHT_CONTROLS = 54;
  // Every permanent label's placing function, run again when the view changes.
  var placers = [];

  // A permanent label goes right of its marker, or where it fits without running off the map or
  // under the controls on the right (a phone's narrow map): a boxed label (with its pointer)
  // above the marker next, a plain place name left of it next.
  function placeLabel(tooltip, gap, order) {
    var map = BorderMap.map;
    var node = tooltip.getElement();
    if (!map || !node || !tooltip.getLatLng() || !map.hasLayer(tooltip)) return;
    var at = map.latLngToContainerPoint(tooltip.getLatLng());
    var width = node.offsetWidth;
    var right = map.getSize().x - RIGHT_CONTROLS;
    var fits = {
      right: at.x + gap + width <= right,
      left: at.x - gap - width >= 2,
      top: at.x - width / 2 >= 2 && at.x + width / 2 <= right && at.y - gap - node.offsetHeight >= 2,
    };
    var direction = order.filter(function (side) { return fits[side]; })[0] ||
      (at.x > right - at.x ? "left" : "right");
    if (tooltip.options.direction === direction) return;
    tooltip.options.direction = direction;
    tooltip.options.offset = L.point(direction === "right" ? gap : direction === "left" ? -gap : 0,
                                     direction === "top" ? -gap : 0);
    tooltip.update();
  }

  BorderMap.labels = {
    // boxed: a boxed label prefers going above its marker to going left of it.
    track: function (layer, tooltip, gap, boxed) {
      var order = boxed ? ["right", "top", "left"] : ["right", "left", "top"];
      var place = function () { placeLabel(tooltip, gap, order); };
      layer.on("tooltipopen", place);
      placers.push(place);
    },

    attach: function (map) {
      map.on("zoomend moveend resize", function () { placers.forEach(function (place) { place(); }); });
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
