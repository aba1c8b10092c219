/* bordermap start-up: reads the configuration, wires the map's parts together, marks the page
 * drawn (body[data-bm-drawn=true]) once the layers shown at first are drawn, which never waits
 * for the commitments, and ready (body[data-bm-ready=true]) once every layer and the commitments
 * are loaded and the panel is built, and follows links to another
 * selection on the same page. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // The configuration is data in the page (a JSON script element), never script source.
  BorderMap.readConfig = function (id) {
    return JSON.parse(document.getElementById(id).textContent);
  };

  function restoreView(map) {
    var view = BorderMap.state.read().view;
    if (!view) return;
    var parts = view.split(",").map(Number);
    // Not animated: labels added while a zoom animation runs would land off their places.
    if (parts.length === 3 && parts.every(isFinite)) map.setView([parts[0], parts[1]], parts[2], { animate: false });
  }

  // The skip links at the top of the page move the focus themselves: following their #target
  // would replace the hash, which holds the selection and the view.
  function wireSkipLinks(map) {
    Array.prototype.forEach.call(document.querySelectorAll("a.bm-skip"), function (link) {
      link.addEventListener("click", function (event) {
        var target = link.getAttribute("data-skip") === "commitments"
          ? document.querySelector(".bm-has-detail #bm-detail-title") || document.getElementById("bm-search")
          : map.getContainer();
        if (!target) return;
        event.preventDefault();
        target.focus();
      });
    });
  }

  function hideEmptySkipLinks() {
    var panel = document.getElementById("bm-panel");
    var link = document.querySelector('a.bm-skip[data-skip="commitments"]');
    if (link && (!panel || !panel.firstChild)) link.hidden = true;
  }

  // A link's feature, opened; one the map does not have (removed since, or a link cut short) is
  // said, as a link's missing commitment is, and leaves the address.
  // A link that carries a view as well keeps it (review rv19, L2: the recipient's map was
  // reframed to zoom 9 around the feature, where the sender had shared zoom 7).
  function openLinkedFeature(id, view) {
    BorderMap.openFeatureAnywhere(id, { keepView: !!view }).then(function (found) {
      if (found || BorderMap.state.read().feature !== id) return;
      BorderMap.state.write({ feature: null });
      if (BorderMap.panel && BorderMap.panel.missingPlace) BorderMap.panel.missingPlace(id);
    });
  }

  // Back and Forward (popstate; hashchange too when the address's hash differs) and links
  // followed to another selection; one traversal may bring both events, the second finds the
  // address as the first left it.
  function followHashChanges(map) {
    var follow = function () {
      var hash = global.location.hash.replace(/^#/, "");
      if (hash === BorderMap.state.written) return;
      BorderMap.state.written = hash;
      var state = BorderMap.state.read();
      // A popup the new state has no place for closes before the view is restored: left open
      // while the panel followed, it was updated and panned the restored view to keep itself in
      // sight (review 24a, #3: Forward to a commitment came back 200 px off its framing).
      if (!state.feature) map.closePopup();
      restoreView(map);
      BorderMap.emit("state-change", state);
      if (state.feature) openLinkedFeature(state.feature, state.view);
    };
    global.addEventListener("hashchange", follow);
    global.addEventListener("popstate", follow);
  }

  // Leaflet's own words and figures in the page language: its credit's title, the popups'
  // close button, and the scale (metric only outside English, in the language's digits).
  function localiseLeaflet(map) {
    var t = BorderMap.t;
    var credit = document.createElement("a");
    credit.href = "https://leafletjs.com";
    credit.title = t("A JavaScript library for interactive maps");
    credit.textContent = "Leaflet";
    map.attributionControl.setPrefix(credit.outerHTML);
    map.on("popupopen", function (event) {
      var button = event.popup.getElement() && event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button) { button.setAttribute("aria-label", t("Close popup")); button.title = t("Close popup"); }
    });
    var Scale = L.Control.Scale.extend({
      _updateScale: function (scale, text, ratio) {
        L.Control.Scale.prototype._updateScale.call(this, scale, text, ratio);
        scale.textContent = text.replace(/[0-9]+/g, function (n) { return BorderMap.num(+n); });
      },
    });
    new Scale({ imperial: BorderMap.lang() === "en" }).addTo(map);
  }

  // A short line over the top of the map for what the reader asked and the server could not
  // give (review 20, F10: a layer switched on during an outage stayed empty, said nowhere).
  // One line per `key`, replaced when said again; `clearNotice(key)` takes it away, as does its
  // close button. Said to a screen reader as it comes (role=alert).
  var notices = {};
  BorderMap.notice = function (key, text) {
    var map = BorderMap.map;
    if (!map) return null;
    BorderMap.clearNotice(key);
    var t = BorderMap.t;
    var close = BorderMap.el("button", { type: "button", className: "bm-map-notice-close", "aria-label": t("Close"),
                                         title: t("Close"), text: "\u00d7" });
    var line = BorderMap.el("div", { className: "bm-map-notice", role: "alert", "data-notice": key },
                            [BorderMap.el("span", { text: text }), close]);
    close.addEventListener("click", function () { BorderMap.clearNotice(key); });
    L.DomEvent.disableClickPropagation(line);
    L.DomEvent.disableScrollPropagation(line);
    map.getContainer().appendChild(line);
    notices[key] = line;
    return line;
  };
  BorderMap.clearNotice = function (key) {
    if (notices[key]) notices[key].remove();
    delete notices[key];
  };

  // Resolves once the first view drawn by the server (first_view.py), when the page shows one, has
  // been painted: the map's own drawing is one long task, and with the scripts already there it
  // would otherwise run before the page's first frame, which would then wait for it. A frame
  // seldom comes later than a tenth of a second (a hidden tab has none).
  function afterFirstView() {
    var picture = document.getElementById("bm-firstview");
    if (!picture || !picture.getClientRects().length) return Promise.resolve();
    return new Promise(function (done) {
      requestAnimationFrame(function () { setTimeout(done, 0); });
      setTimeout(done, 100);
    });
  }

  BorderMap.init = function (map, config, options) {
    BorderMap.map = map;
    BorderMap.config = config;
    // The selection as the link gave it, before the page's own moves write a view into it.
    BorderMap.initialState = BorderMap.state.read();
    options = options || {};
    // Every vector layer goes on one renderer (set before the first one is added).
    if (!map.options.renderer) map.options.renderer = BorderMap.vectorRenderer(config);
    var plain = L.layerGroup();
    var baseLayers = {};
    var t = BorderMap.t;
    if (options.basemap) baseLayers[t("OpenStreetMap (online)")] = options.basemap;
    baseLayers[t("Plain background")] = plain;
    if (!options.basemap) plain.addTo(map);
    // An export opened with no network: once the first tiles have all failed and none has come,
    // the plain background takes the basemap's place (and its credit goes), so the file stops
    // asking for tiles it cannot get. Online, the first tile loads and nothing changes.
    if (options.basemap && config.mode === "export") {
      var failed = 0, loaded = false;
      options.basemap.on("tileload", function () { loaded = true; });
      options.basemap.on("tileerror", function () {
        failed += 1;
        if (loaded || failed < 4 || !map.hasLayer(options.basemap)) return;
        map.removeLayer(options.basemap);
        plain.addTo(map);
        BorderMap.basemapOffline = true;
      });
    }

    map.attributionControl.addAttribution(BorderMap.asText(config.dataAttribution));
    BorderMap.state.keepLanguage(BorderMap.lang(), config.mode);
    BorderMap.state.followSwitcher(global.location.hash.replace(/^#/, ""));
    if (map.zoomControl) {  // Leaflet's own buttons, named in the page language
      [[map.zoomControl._zoomInButton, t("Zoom in")], [map.zoomControl._zoomOutButton, t("Zoom out")]].forEach(function (pair) {
        if (!pair[0]) return;
        pair[0].title = pair[1];
        pair[0].setAttribute("aria-label", pair[1]);
      });
    }
    localiseLeaflet(map);
    restoreView(map);
    wireSkipLinks(map);
    // "Skip to map" lands here: a region named the map, which says where its places are read.
    var container = map.getContainer();
    var about = container.appendChild(BorderMap.el("p", { id: "bm-map-about", className: "bm-visually-hidden",
      text: t("The arrow keys move the map; its places are listed under “Places on the map”, beside the commitments.") }));
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", t("Map"));
    container.setAttribute("aria-describedby", about.id);
    // The page's own region around it (what a reader without the script has) is then one too
    // many: two regions named "Map", one inside the other (review 33b, #13).
    var wrap = document.getElementById("bm-map");
    if (wrap && wrap !== container && wrap.contains(container)) {
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
    // Escape closes a popup the keyboard is in (Leaflet listens only while the map itself has focus).
    map.getPane("popupPane").addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); map.closePopup(); }
    });
    // And a popup a shared link opened, while nothing has the focus yet (review rv20, L4: it
    // stayed open until the reader clicked inside it).
    var shown = null;
    map.on("popupopen", function (event) { shown = event.popup; });
    map.on("popupclose", function (event) { if (shown === event.popup) shown = null; });
    document.addEventListener("keydown", function (event) {
      var focused = document.activeElement;
      if (event.key !== "Escape" || !shown || (focused && focused !== document.body)) return;
      map.closePopup(shown);
    });
    // A place's name shown by hovering or focusing it goes with Escape, the pointer left where it
    // is (WCAG 1.4.13; review 23j, F4): a long one covered the map around it. Labels stay.
    var hovered = null;
    map.on("tooltipopen", function (event) { if (!event.tooltip.options.permanent) hovered = event.tooltip; });
    map.on("tooltipclose", function (event) { if (hovered === event.tooltip) hovered = null; });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && hovered) map.closeTooltip(hovered);
    });
    // Where nothing hovers (a touch screen), such a name is only what a tap leaves behind, over the
    // popup the tap opens, which names the place anyway, and then over the map (review 24a, #5:
    // "Tbong Khmum" stayed over the map framed for the commitment chosen in that popup). Not
    // shown there; the labels stay.
    if (global.matchMedia && global.matchMedia("(hover: none)").matches) {
      map.on("tooltipopen", function (event) {
        if (!event.tooltip.options.permanent) map.closeTooltip(event.tooltip);
      });
    }
    // Leaflet's buttons are links with role=button (zoom, a popup's close): Space presses them
    // as it presses a button, where it scrolled the page.
    map.getContainer().addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== " " || !target.matches || !target.matches("a[role=button]")) return;
      event.preventDefault();
      target.click();
    });
    BorderMap.labels.attach(map);
    map.on("moveend", function () {
      var c = map.getCenter();
      BorderMap.state.write({ view: c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + map.getZoom() });
    });

    var drawn = function () {
      // The map's own layers now show what the server drew for the first view (first_view.py).
      var firstView = document.getElementById("bm-firstview");
      if (firstView) firstView.remove();
      document.body.setAttribute("data-bm-drawn", "true");
      BorderMap.emit("drawn", BorderMap);
    };
    // Moved before its layers are drawn, the map would slide under the picture of its first view.
    map.once("movestart zoomstart", function () { document.documentElement.classList.add("bm-no-firstview"); });
    if (BorderMap.foldCreditsNow) BorderMap.foldCreditsNow(map);
    return afterFirstView().then(function () {
      return BorderMap.loadAndDraw(config, drawn);
    }).then(function () {
      // The controls are built once, from what was drawn.
      BorderMap.legendControl().addTo(map);
      BorderMap.fitLegend();
      BorderMap.layerControl(baseLayers);
      BorderMap.ready = true;
      document.body.setAttribute("data-bm-ready", "true");
      BorderMap.emit("ready", BorderMap);
      // Every control is on the map now (the ready listeners add some: the time control), so
      // what frames a selection can measure what covers the map.
      BorderMap.emit("placed", BorderMap);
      // The panel's "loading" line, when the panel did not replace it (no commitments, or
      // they failed to load).
      var waiting = document.querySelector("#bm-panel > .bm-panel-loading");
      if (waiting) waiting.remove();
      hideEmptySkipLinks();
      var wanted = BorderMap.state.read().feature;
      // The view as the link gave it: the page's own first moves write one into the address too.
      if (wanted) openLinkedFeature(wanted, BorderMap.initialState.view);
      // A link to another selection on this same page (the hash changes, the page stays).
      followHashChanges(map);
    });
  };
})(window);
