/* bordermap layers: loading each layer's data, drawing it, and showing or hiding a layer. */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // A layer with more features than this is drawn in batches and gets its popups and
  // tooltips only when a feature is first clicked or hovered: 50,000 points draw in a second.
  var LARGE_LAYER = 1000;
  BorderMap.LARGE_LAYER = LARGE_LAYER;
  // The batching canvas: static/batchcanvas.js, loaded before this file.
  BorderMap.BatchCanvas = global.BorderMapBatchCanvas;

  // The one renderer every vector layer of the map goes on. A map whose layers are few and small
  // (the default map's 150 features) is drawn as SVG: the browser rasterises it off the page's
  // thread, where Leaflet's canvas is filled by that thread at each redraw and copied to the
  // compositor (four times the pixels on a phone's dense screen). `make bench`'s first view came
  // 5–10% sooner with it, on a desktop and on the slowed phone. A large layer, or one fetched only
  // when switched on, keeps the batching canvas: thousands of SVG elements draw more slowly.
  BorderMap.vectorRenderer = function (config) {
    var layers = config.layers || [];
    var counted = layers.every(function (layerConfig) {
      return !layerConfig.onDemand && typeof layerConfig.count === "number";
    });
    var total = layers.reduce(function (sum, layerConfig) { return sum + (layerConfig.count || 0); }, 0);
    return counted && total <= LARGE_LAYER ? L.svg() : new BorderMap.BatchCanvas();
  };

  function featureId(feature) {
    return feature.id !== undefined ? feature.id : (feature.properties || {}).id;
  }

  function isComposite(feature) {
    var type = feature.geometry && feature.geometry.type;
    return type === "GeometryCollection" || type === "MultiPoint";
  }

  // A collection is a group with one layer per part, each styled as its own geometry type. Each
  // part carries a feature of its own geometry, for its style, and answers for the whole
  // feature through bmOwner.
  function compositeLayer(feature, styleOf, pointToLayer) {
    var whole = L.featureGroup();
    BorderMap.geometryParts(feature.geometry).forEach(function (geometry) {
      var part = { type: "Feature", id: feature.id, properties: feature.properties, geometry: geometry };
      var layer = L.GeoJSON.geometryToLayer(part, { pointToLayer: pointToLayer });
      if (!layer) return;
      layer.setStyle(styleOf(part));
      layer.feature = part;
      layer.defaultOptions = layer.options;
      layer.bmOwner = whole;
      whole.addLayer(layer);
    });
    whole.feature = feature;
    return whole;
  }

  // The layer that stands for a whole feature: a part's group, or the layer itself.
  function ownerOf(layer) {
    return layer && layer.bmOwner ? layer.bmOwner : layer;
  }

  // The layers that draw a feature, each with its own .feature: the parts of a group, or the layer.
  BorderMap.partLayers = function (layer) {
    return layer instanceof L.FeatureGroup ? layer.getLayers() : [layer];
  };

  // ------------------------------------------------------------------ visibility
  // Layers shown or hidden through this interface are the program's doing; any other change
  // (the layer control) is the reader's, and listeners are told which.
  var programmatic = 0;
  function setShown(layerId, shown) {
    var entry = BorderMap.layers[layerId];
    if (!entry || BorderMap.map.hasLayer(entry.group) === shown) return;
    programmatic++;
    try {
      if (shown) entry.group.addTo(BorderMap.map);
      else BorderMap.map.removeLayer(entry.group);
    } finally {
      programmatic--;
    }
  }
  BorderMap.showLayer = function (layerId) { setShown(layerId, true); };
  BorderMap.hideLayer = function (layerId) { setShown(layerId, false); };
  BorderMap.layerShown = function (layerId) {
    var entry = BorderMap.layers[layerId];
    return !!entry && BorderMap.map.hasLayer(entry.group);
  };
  // The reader's own choice, from a control that is not Leaflet's.
  BorderMap.setLayerShownByReader = function (layerId, shown) {
    var entry = BorderMap.layers[layerId];
    if (!entry) return;
    if (shown) entry.group.addTo(BorderMap.map);
    else BorderMap.map.removeLayer(entry.group);
  };

  // The layers share one renderer, which draws them in the order they were added: a layer shown
  // again (Viet Nam's provinces after an earlier day, or by the reader) would be drawn over the
  // checkpoints and the boundary, dimming them with its fill. Those configured above it are
  // brought back on top, in their order.
  function restack(layerId) {
    var order = (BorderMap.config.layers || []).map(function (layerConfig) { return layerConfig.id; });
    order.slice(order.indexOf(layerId) + 1).forEach(function (id) {
      var entry = BorderMap.layers[id];
      if (entry && !entry.onDemand && BorderMap.map.hasLayer(entry.group) && entry.group.bringToFront) {
        entry.group.bringToFront();
      }
    });
  }

  // Tells listeners when a layer is shown or hidden, and whether the reader did it.
  function announce(group, layerConfig) {
    group.on("add", function () { restack(layerConfig.id); });
    group.on("add remove", function (event) {
      BorderMap.emit("layer-visibility", { id: layerConfig.id, shown: event.type === "add", byReader: !programmatic });
    });
  }

  // ------------------------------------------------------------------ drawing
  // `owner`: the large layer (biglayer.js) this group draws for, which is the layer's entry.
  function drawLayer(layerConfig, collection, owner) {
    var features = (collection && collection.features) || [];
    var batch = features.length > LARGE_LAYER;
    var styleOf = function (feature) {
      var style = BorderMap.styleFor(layerConfig, feature);
      if (batch) style.bmBatch = true;
      return style;
    };
    var group = L.geoJSON(null, {
      style: styleOf,
      pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, styleOf(feature)); },
      onEachFeature: function (feature, layer) {
        BorderMap.features[featureId(feature)] = { feature: feature, layer: layer, layerId: layerConfig.id };
        var props = feature.properties;
        if (props && (props.highlight === true || props.label === true)) BorderMap.ensureTooltip(layer);
      },
    });
    // One set of listeners for the whole layer: events from each feature reach its group.
    // An event from a part of a collection is handled by the part's owner, which has the feature.
    group.on("click", function (event) {
      var layer = ownerOf(event.propagatedFrom || event.layer);
      if (!layer || layer.getPopup()) return; // a bound popup opens itself
      L.DomEvent.stop(event);
      BorderMap.ensurePopup(layer);
      layer.openPopup(event.latlng);
    });
    group.on("mouseover", function (event) {
      var layer = ownerOf(event.propagatedFrom || event.layer);
      if (!layer || layer.getTooltip()) return;
      var tooltip = BorderMap.ensureTooltip(layer);
      layer.openTooltip(tooltip.options.sticky ? event.latlng : undefined);
    });
    group.on("popupopen", function (event) {
      var id = featureId(ownerOf(event.propagatedFrom || event.layer).feature);
      // A feature opened is the reader's step (one restored from the address writes nothing new).
      BorderMap.state.write({ feature: id }, { step: true });
      BorderMap.emit("feature-open", id);
    });
    group.on("popupclose", function (event) {
      var id = featureId(ownerOf(event.propagatedFrom || event.layer).feature);
      if (BorderMap.state.read().feature === id) BorderMap.state.write({ feature: null });
    });
    if (!owner) announce(group, layerConfig);
    var addComposite = function (feature) {
      var layer = compositeLayer(feature, styleOf, group.options.pointToLayer);
      group.options.onEachFeature(feature, layer);
      group.addLayer(layer);
    };
    if (batch) {
      // Large layers skip L.GeoJSON.addData, which styles every feature twice over; each layer
      // is made once, with the style it keeps.
      features.forEach(function (feature) {
        var geometry = feature.geometry;
        if (!geometry) return;
        if (isComposite(feature)) { addComposite(feature); return; }
        var style = styleOf(feature);
        var layer = geometry.type === "Point"
          ? L.circleMarker(L.latLng(geometry.coordinates[1], geometry.coordinates[0]), style)
          : L.GeoJSON.geometryToLayer(feature, { style: styleOf, pointToLayer: group.options.pointToLayer });
        if (geometry.type !== "Point") layer.setStyle(style);
        layer.feature = feature;
        layer.defaultOptions = layer.options;
        group.options.onEachFeature(feature, layer);
        group.addLayer(layer);
      });
    } else {
      features.forEach(function (feature) {
        if (feature.geometry && isComposite(feature)) addComposite(feature);
        else group.addData(feature);
      });
    }
    if (owner) return group;
    BorderMap.layers[layerConfig.id] = { config: layerConfig, group: group, count: features.length };
    BorderMap.drawn[layerConfig.id] = features.length;
    return group;
  }
  // A large layer that is not all points is drawn as any other, once fetched (biglayer.js).
  BorderMap.drawLayerFor = function (owner, layerConfig, collection) {
    return drawLayer(layerConfig, collection, owner);
  };
  BorderMap.fetchJSON = fetchJSON;

  // A layer too large to come with the page: listed now, with its count, and fetched only
  // when it is switched on (static/biglayer.js).
  function registerOnDemand(layerConfig) {
    var group = new BorderMap.BigPointLayer(layerConfig);
    announce(group, layerConfig);
    BorderMap.layers[layerConfig.id] = { config: layerConfig, group: group, count: layerConfig.count, onDemand: true };
    BorderMap.drawn[layerConfig.id] = layerConfig.count;
  }

  // `after`, when given, is a promise the request waits for: what the first view does not need
  // is asked for, decoded and used only once the drawn map is painted (the page has one thread).
  function fetchJSON(url, after) {
    if (after) return after.then(function () { return fetchJSON(url); });
    // A plain GET, so it is served by the <link rel="preload"> the page started in its head.
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  // Resolves once the frame that paints what is drawn now is done: the second animation frame
  // from now starts only then, and a task queued from it runs after it, so the panel's work
  // never holds that frame back. After a second at the latest, since a tab in the background
  // gets no frames.
  function afterPaint() {
    return new Promise(function (done) {
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { setTimeout(done, 0); });
      });
      setTimeout(done, 1000);
    });
  }

  function loadCommitments(config, after) {
    var c = config.commitments || {};
    var take = function (data) {
      (data.commitments || []).forEach(function (item) { BorderMap.commitments[item.id] = item; });
      (data.documents || []).forEach(function (item) { BorderMap.documents[item.id] = item; });
      BorderMap.sectors = data.sectors || {};
      BorderMap.history = data.history || { feature: {}, commitment: {} };
      // An export limited to some layers: the names of linked places it leaves out.
      BorderMap.elsewhere = data.elsewhere || {};
    };
    if (c.data) return after.then(function () { take(c.data); });
    if (!c.url) return Promise.resolve();
    var history = c.historyUrl ? fetchJSON(c.historyUrl, after) : Promise.resolve(null);
    return Promise.all([fetchJSON(c.url, after), fetchJSON(c.documentsUrl, after), history]).then(function (answers) {
      take({ commitments: answers[0], documents: answers[1], sectors: c.sectors, history: answers[2] });
    });
  }

  function noteError(error) {
    BorderMap.loadErrors = (BorderMap.loadErrors || []).concat([String(error)]);
  }

  // Each layer's features: one request per layer, or, with config.bundleUrl, one request for
  // every layer, whose features each name their layer.
  function layerLoads(config, after) {
    var layers = config.layers || [];
    var bundle = config.bundleUrl ? fetchJSON(config.bundleUrl).then(function (collection) {
      var byLayer = {};
      (collection.features || []).forEach(function (feature) {
        var layerId = (feature.properties || {}).layer;
        (byLayer[layerId] = byLayer[layerId] || []).push(feature);
      });
      return byLayer;
    }) : null;
    return layers.map(function (layerConfig) {
      var data = layerConfig.data ? Promise.resolve(layerConfig.data)
        : bundle ? bundle.then(function (byLayer) {
          return { type: "FeatureCollection", features: byLayer[layerConfig.id] || [] };
        })
        : fetchJSON(layerConfig.url, layerConfig.visible ? null : after);
      return data.then(
        function (collection) { return { config: layerConfig, data: collection }; },
        function (error) { return { config: layerConfig, error: error }; }
      );
    });
  }

  // Draws the layers shown by default as soon as their data is here (most come inside the page):
  // the map never waits for the commitments (the panel's) or for the layers that start hidden,
  // which are asked for once the drawn map is painted, so the reader sees the map first.
  // `onDrawn` runs once the shown layers are drawn; the promise resolves once everything is
  // loaded and drawn. A load that fails is noted in BorderMap.loadErrors.
  BorderMap.loadAndDraw = function (config, onDrawn) {
    (config.layers || []).forEach(function (layerConfig) { if (layerConfig.onDemand) registerOnDemand(layerConfig); });
    config = Object.assign({}, config, { layers: (config.layers || []).filter(function (layerConfig) {
      return !layerConfig.onDemand;
    }) });
    var painted;
    var whenPainted = new Promise(function (done) { painted = done; });
    var loads = layerLoads(config, whenPainted);
    var commitments = loadCommitments(config, whenPainted).catch(noteError);
    var draw = function (results, show) {
      results.forEach(function (result) {
        if (result.error) { noteError(result.error); return; }
        drawLayer(result.config, result.data);
        if (show) BorderMap.showLayer(result.config.id);
      });
    };
    var shown = loads.filter(function (load, i) { return config.layers[i].visible; });
    var hidden = loads.filter(function (load, i) { return !config.layers[i].visible; });
    // Shown layers are drawn together, in the configuration's order (the canvas stacks them so).
    var drawn = Promise.all(shown).then(function (results) {
      BorderMap.labels.hold();
      try {
        draw(results, true);
      } finally {
        BorderMap.labels.resume();
      }
      if (onDrawn) onDrawn();
      afterPaint().then(painted);
    });
    // A failure before the map is drawn must not leave the rest waiting for a paint.
    drawn.catch(painted);
    return Promise.all([drawn, whenPainted.then(function () { return Promise.all(hidden); }).then(function (results) {
      draw(results, false);
    }), commitments]);
  };
})(window);
