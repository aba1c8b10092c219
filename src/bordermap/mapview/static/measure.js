/* bordermap measure: the distance between points the reader clicks on the map, along the
 * ellipsoid (WGS 84). A click near a drawn point (a gate, a border marker) starts or ends on it
 * exactly and names it, so "how far is marker 170 from the Moc Bai gate?" has one answer.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, t = BM.t;

  // ------------------------------------------------------------------ geodesy
  // Vincenty's inverse formula on the WGS 84 ellipsoid: metres between two [lat, lon] in
  // degrees, to well under a millimetre for the distances on this map. Nearly antipodal
  // points (where it does not converge) fall back to the great circle on the mean sphere.
  var A = 6378137, F = 1 / 298.257223563, B = A * (1 - F);
  function rad(d) { return d * Math.PI / 180; }

  function greatCircle(lat1, lon1, lat2, lon2) {
    var dLat = rad(lat2 - lat1), dLon = rad(lon2 - lon1);
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function geodesic(lat1, lon1, lat2, lon2) {
    if (lat1 === lat2 && lon1 === lon2) return 0;
    var L = rad(lon2 - lon1);
    var U1 = Math.atan((1 - F) * Math.tan(rad(lat1))), U2 = Math.atan((1 - F) * Math.tan(rad(lat2)));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, previous, sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM, iterations = 0;
    do {
      var sinLambda = Math.sin(lambda), cosLambda = Math.cos(lambda);
      sinSigma = Math.sqrt(Math.pow(cosU2 * sinLambda, 2) +
        Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda, 2));
      if (sinSigma === 0) return 0;
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cosSqAlpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cosSqAlpha ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0;
      var C = F / 16 * cosSqAlpha * (4 + F * (4 - 3 * cosSqAlpha));
      previous = lambda;
      lambda = L + (1 - C) * F * sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    } while (Math.abs(lambda - previous) > 1e-12 && ++iterations < 200);
    if (iterations >= 200) return greatCircle(lat1, lon1, lat2, lon2);
    var uSq = cosSqAlpha * (A * A - B * B) / (B * B);
    var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
      bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return B * bigA * (sigma - deltaSigma);
  }
  BM.geodesic = geodesic;

  // A distance as people read it: metres under 1 km, then km with two decimals (one from 100 km).
  BM.distanceText = function (metres) {
    if (metres < 1000) return t("{n} m", { n: BM.num(Math.round(metres)) });
    var km = metres / 1000;
    return t("{n} km", { n: BM.num(km, km >= 100 ? 1 : 2) });
  };

  // ------------------------------------------------------------------ the tool
  var SNAP_PX = 14;
  var Measure = { active: false, points: [], line: null, marks: null, box: null };

  // Where a point feature is, as its data give it. Its dot may be drawn a few pixels away: markers
  // that fall on one spot are set apart on screen (firstview.js keeps the true place in bmHome),
  // and a distance measured from the dot would be off by kilometres (review rv21a, H2).
  function dataLatLng(entry) {
    var geometry = (entry.feature || {}).geometry;
    if (geometry && geometry.type === "Point" && Array.isArray(geometry.coordinates) && geometry.coordinates.length >= 2) {
      return L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
    }
    return entry.layer.bmHome || entry.layer.getLatLng();
  }

  // The drawn point nearest to a click, within SNAP_PX: {latlng, name, id}, or null. The dot the
  // reader clicked (where it is drawn) says which point; its data say where that point is.
  function snap(map, containerPoint) {
    var best = null, bestPx = SNAP_PX;
    Object.keys(BM.features).forEach(function (id) {
      var entry = BM.features[id];
      if (!entry.layer.getLatLng || !BM.layerShown(entry.layerId)) return;
      var px = map.latLngToContainerPoint(entry.layer.getLatLng()).distanceTo(containerPoint);
      if (px <= bestPx) { bestPx = px; best = { latlng: dataLatLng(entry), name: BM.featureName(id), id: id }; }
    });
    return best;
  }

  function total() {
    var sum = 0;
    for (var i = 1; i < Measure.points.length; i++) {
      var a = Measure.points[i - 1].latlng, b = Measure.points[i].latlng;
      sum += geodesic(a.lat, a.lng, b.lat, b.lng);
    }
    return sum;
  }

  function describe() {
    var box = Measure.box.querySelector(".bm-measure-result");
    var points = Measure.points;
    box.textContent = "";
    if (!points.length) { box.textContent = t("Click a point on the map to start; click more to add stretches. From the keyboard: move the map with the arrow keys and add the point at the cross."); return; }
    var metres = total();
    Measure.box.setAttribute("data-metres", String(metres));
    var named = points.filter(function (p) { return p.name; });
    box.appendChild(el("strong", { className: "bm-measure-distance", text: BM.distanceText(metres) }));
    if (points.length >= 2 && points[0].name && points[points.length - 1].name) {
      box.appendChild(el("span", { text: " " + t("from {a} to {b}", { a: points[0].name, b: points[points.length - 1].name }) }));
    } else if (named.length) {
      box.appendChild(el("span", { text: " · " + named.map(function (p) { return p.name; }).join(" → ") }));
    }
    box.appendChild(el("span", { className: "bm-muted", text: " " + t("(along the WGS 84 ellipsoid)") }));
  }

  function redraw(map) {
    var latlngs = Measure.points.map(function (p) { return p.latlng; });
    Measure.line.setLatLngs(latlngs);
    Measure.marks.clearLayers();
    latlngs.forEach(function (latlng) {
      L.circleMarker(latlng, { radius: 5, color: "#111", weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false })
        .addTo(Measure.marks);
    });
    describe();
    BM.emit("measure", { points: Measure.points.length, metres: total() });
    if (map) map.getContainer().setAttribute("data-measure-points", String(Measure.points.length));
  }

  // Clicks on the map while measuring add points and open no popup: they are taken before
  // Leaflet sees them (capture phase), except on the map's own controls.
  function onClick(event) {
    var map = BM.map;
    if (!Measure.active || event.target.closest(".leaflet-control")) return;
    event.stopPropagation();
    event.preventDefault();
    add(map, map.mouseEventToContainerPoint(event));
  }

  // A point where the reader clicked, or at the map's centre (the keyboard's way: the arrow
  // keys move the map under the cross the tool draws there), snapped to a drawn point near it.
  function add(map, point) {
    var hit = snap(map, point);
    Measure.points.push(hit ? { latlng: hit.latlng, name: hit.name, id: hit.id }
      : { latlng: map.containerPointToLatLng(point), name: null });
    redraw(map);
  }

  function onKey(event) {
    if (event.key === "Escape" && Measure.active) { event.preventDefault(); Measure.stop(); }
  }

  // The arrow keys on the tool's buttons move the map under the cross, as they do on the map:
  // a keyboard user adds points without going back and forth between the map and the box.
  var PAN = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  function onBoxKey(event) {
    var step = PAN[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    var delta = (BM.map.options.keyboardPanDelta || 80) * (event.shiftKey ? 3 : 1);
    BM.map.panBy(L.point(step[0] * delta, step[1] * delta));
  }

  // `event`: the click that opened the tool. Opened from the keyboard (a click of detail 0: Enter
  // or Space on the tool's button), the focus goes to "Add the point at the cross", which is
  // otherwise a dozen Tab stops away, after the other controls (review rv21a, L1).
  Measure.start = function (event) {
    var map = BM.map;
    if (Measure.active) return;
    Measure.active = true;
    map.closePopup();
    Measure.points = [];
    Measure.line = L.polyline([], { color: "#111", weight: 3, dashArray: "6 6", interactive: false }).addTo(map);
    Measure.marks = L.layerGroup().addTo(map);
    map.getContainer().classList.add("bm-measuring");
    // Where the focus goes back to when the tool closes: the button that opened it, as a rule.
    Measure.returnTo = document.activeElement;
    var done = el("button", { type: "button", className: "bm-button-small", text: t("Done") });
    var clear = el("button", { type: "button", className: "bm-button-small", text: t("Clear") });
    var centre = el("button", { type: "button", className: "bm-button-small bm-measure-centre",
                               text: t("Add the point at the cross") });
    done.addEventListener("click", Measure.stop);
    clear.addEventListener("click", function () { Measure.points = []; redraw(map); });
    centre.addEventListener("click", function () {
      var size = map.getSize();
      add(map, L.point(size.x / 2, size.y / 2));
    });
    // Only the result is announced as it changes, not the buttons' names with it (review 23j, F9).
    Measure.box = el("div", { className: "bm-measure", role: "group", "aria-labelledby": "bm-measure-title" }, [
      el("p", { className: "bm-measure-title", id: "bm-measure-title", text: t("Measure a distance") }),
      el("p", { className: "bm-measure-result", role: "status", "aria-live": "polite" }),
      el("div", { className: "bm-measure-actions" }, [centre, clear, done]),
    ]);
    map.getContainer().parentNode.appendChild(Measure.box);
    Measure.box.addEventListener("keydown", onBoxKey);
    map.getContainer().addEventListener("click", onClick, true);
    document.addEventListener("keydown", onKey);
    redraw(map);
    if (event && event.detail === 0) centre.focus();
    BM.emit("measure-mode", true);
  };

  Measure.stop = function () {
    var map = BM.map;
    if (!Measure.active) return;
    Measure.active = false;
    map.getContainer().removeEventListener("click", onClick, true);
    map.removeLayer(Measure.line);
    map.removeLayer(Measure.marks);
    map.getContainer().classList.remove("bm-measuring");
    map.getContainer().removeAttribute("data-measure-points");
    Measure.box.parentNode.removeChild(Measure.box);
    Measure.box = null;
    document.removeEventListener("keydown", onKey);
    var back = Measure.returnTo;
    Measure.returnTo = null;
    if (back && back !== document.body && document.contains(back)) back.focus();
    else map.getContainer().focus();
    BM.emit("measure-mode", false);
  };

  Measure.toggle = function (event) { if (Measure.active) Measure.stop(); else Measure.start(event); };

  // A popup a click opened just before measuring began stays closed while measuring.
  BM.on("ready", function () {
    BM.map.on("popupopen", function () { if (Measure.active) BM.map.closePopup(); });
  });

  BM.measure = Measure;
})(window);
