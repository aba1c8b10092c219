/* bordermap share: the map's tool bar beyond the link: fullscreen, measure (measure.js), an
 * image of the current view (PNG, drawn in the browser by the vendored html-to-image, so it
 * works in the offline export too), print, and, on the live page, the embed snippet.
 *
 * Text from data goes in with textContent only; the image's title, date and credits are the
 * page's own.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, t = BM.t, asText = BM.asText;
  var SVG = "http://www.w3.org/2000/svg";

  // Small line icons (24×24), drawn here so no icon font or image is needed.
  var ICONS = {
    fullscreen: "M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5",
    measure: "M3 17 17 3l4 4L7 21zM7 13l2 2M10 10l2 2M13 7l2 2",
    image: "M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9.5a1.5 1.5 0 1 0 0-.01",
    print: "M7 9V4h10v5M7 17H4v-7h16v7h-3M7 14h10v6H7z",
    embed: "M9 7 4 12l5 5M15 7l5 5-5 5",
  };

  function icon(name) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function toolButton(name, label, action) {
    var button = el("button", { type: "button", className: "bm-tool", "data-tool": name, title: label, "aria-label": label }, [icon(name)]);
    button.addEventListener("click", action);
    return button;
  }

  // ------------------------------------------------------------------ fullscreen
  // The map (with its legend) fills the screen; where the browser has no Fullscreen API (an
  // iPhone), the page shows the map alone instead.
  function fullscreenTarget() { return document.getElementById("bm-map"); }
  function isFullscreen() {
    return !!document.fullscreenElement || document.body.classList.contains("bm-fullscreen");
  }
  function toggleFullscreen() {
    var target = fullscreenTarget();
    if (isFullscreen()) {
      if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen();
      document.body.classList.remove("bm-fullscreen");
      changed();
      return;
    }
    var fallback = function () { document.body.classList.add("bm-fullscreen"); changed(); };
    if (target.requestFullscreen) target.requestFullscreen().then(changed, fallback);
    else fallback();
  }
  function changed() {
    var on = isFullscreen();
    var button = document.querySelector('.bm-tool[data-tool="fullscreen"]');
    if (button) {
      // Its name says what a press does; no aria-pressed besides, which would make a screen
      // reader say "Leave fullscreen, pressed" (review 23j, F6).
      var label = on ? t("Leave fullscreen") : t("Fullscreen");
      button.title = label;
      button.setAttribute("aria-label", label);
    }
    document.body.setAttribute("data-bm-fullscreen", String(on));
    BM.map.invalidateSize();
  }
  document.addEventListener("fullscreenchange", changed);

  // ------------------------------------------------------------------ image (PNG)
  function dataDate() {
    var line = document.querySelector(".bm-asof");
    return line ? line.textContent.split(" · ")[0].trim() : asText(BM.config.asOf);
  }

  function titleText() {
    var h1 = document.querySelector(".bm-title");
    return h1 ? h1.textContent.replace(/\s+/g, " ").trim() : document.title;
  }

  function attributionText() {
    var box = BM.map.attributionControl && BM.map.attributionControl.getContainer();
    return box ? box.textContent.replace(/\s+/g, " ").replace(/^\W*Leaflet\W*/, "Leaflet | ").trim() : "";
  }

  // The commitment the panel shows, named as the printed page names it: its summary in the page
  // language (our translation, said so while unreviewed), then its document and paragraph. The
  // legend's first key is its places, and a reader of the image has no panel to look at.
  function commitmentText() {
    var id = BM.panel && BM.panel.selected;
    var c = id && BM.commitments[id];
    if (!c) return "";
    var summary = BM.dataText(c, "summary");
    var doc = BM.documents[c.document] || {};
    return t("Selected commitment: {summary} — {document}, paragraph {n}", {
      summary: summary.text + (summary.translated && !summary.reviewed ? " (" + t("unreviewed translation") + ")" : ""),
      document: BM.documentText(doc, false) + (doc.date ? " (" + BM.documentDate(doc) + ")" : ""), n: BM.num(c.paragraph),
    });
  }

  // What the image says above the map: its title, the selected commitment (if any), then the
  // data's date and the day the image was made.
  BM.imageCaption = function () {
    var made = new Date().toISOString().slice(0, 10);
    return { title: titleText(), commitment: commitmentText(),
             dates: dataDate() + " · " + t("Image made {date}", { date: BM.date(made) }) };
  };

  // What goes into the picture of the map: the features, the legend, the scale, the credits and
  // the date the statuses are of (the time control's heading, not its slider, date field and
  // buttons); not the buttons, the layer switcher or an open measuring box. While the image is
  // made the map wears `bm-imaging` (share.css), so the boxes left are drawn at the size of
  // what they keep: the picture copies each box's size from the page.
  function keep(node) {
    if (!node.classList) return true;
    return !(node.classList.contains("leaflet-control-zoom") || node.classList.contains("bm-maptools") ||
      node.classList.contains("bm-time-body") || node.classList.contains("bm-time-fold") ||
      node.classList.contains("leaflet-control-layers") ||
      node.classList.contains("leaflet-tile-pane") || node.classList.contains("bm-measure") ||
      node.classList.contains("leaflet-control-attribution"));  // the credits go under the picture
  }

  // The places a line may break: after a space, and between two words with none between them
  // (Khmer writes none); the browser's word segmenter knows the language's words.
  function breakable(text) {
    if (!(global.Intl && Intl.Segmenter)) return text.split(/(?=\S)(?<=\s)/);
    var pieces = [], previous = null;
    Array.from(new Intl.Segmenter(BM.lang(), { granularity: "word" }).segment(text)).forEach(function (part) {
      var space = /^\s+$/.test(part.segment);
      var starts = previous && !space && (previous.space || (part.isWordLike && previous.isWordLike));
      if (starts || !pieces.length) pieces.push(part.segment); else pieces[pieces.length - 1] += part.segment;
      previous = { space: space, isWordLike: part.isWordLike };
    });
    return pieces;
  }

  // Lines of `text` that fit `width` on the canvas.
  function wrap(ctx, text, width) {
    var lines = [], line = "";
    breakable(text).forEach(function (piece) {
      var next = line + piece;
      if (line && ctx.measureText(next.trim()).width > width) { lines.push(line.trim()); line = piece; } else line = next;
    });
    if (line.trim()) lines.push(line.trim());
    return lines;
  }

  var FONT = '"Noto Sans Khmer", system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

  // The image: a title band (title, the selected commitment, the data's date, the day it was
  // made), the map as it is on screen with its legend, then the credits.
  BM.mapImage = function () {
    var container = BM.map.getContainer();
    var legend = container.querySelector(".bm-legend-list");
    var wasHidden = legend && legend.hidden;
    if (legend) legend.hidden = false;  // the legend is part of the picture even when folded
    container.classList.add("bm-imaging");
    var done = function () {
      if (legend) legend.hidden = wasHidden;
      container.classList.remove("bm-imaging");
    };
    var ratio = Math.min(2, global.devicePixelRatio || 1);
    var caption = BM.imageCaption();
    return global.htmlToImage.toCanvas(container, { filter: keep, pixelRatio: ratio, backgroundColor: "#eef1f4",
      imagePlaceholder: "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==" })
      .then(function (mapCanvas) {
        done();
        var width = mapCanvas.width, pad = 16 * ratio;
        var canvas = document.createElement("canvas");
        var ctx = canvas.getContext("2d");
        var big = "600 " + (20 * ratio) + "px " + FONT, small = (13 * ratio) + "px " + FONT;
        // Each block of lines: its font, colour and line height.
        ctx.font = big;
        var blocks = [{ font: big, color: "#1b2733", step: 26 * ratio, lines: wrap(ctx, caption.title, width - 2 * pad) }];
        ctx.font = small;
        if (caption.commitment) {
          blocks.push({ font: small, color: "#1b2733", step: 20 * ratio, lines: wrap(ctx, caption.commitment, width - 2 * pad) });
        }
        blocks.push({ font: small, color: "#4a5866", step: 20 * ratio, lines: [caption.dates] });
        var credits = wrap(ctx, attributionText() + " · bordermap " + asText(BM.config.appVersion), width - 2 * pad);
        var head = pad + pad / 2 + blocks.reduce(function (sum, block) { return sum + block.lines.length * block.step; }, 0);
        var foot = pad / 2 + credits.length * 18 * ratio + pad / 2;
        canvas.width = width;
        canvas.height = head + mapCanvas.height + foot;
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.textBaseline = "top";
        var y = pad;
        blocks.forEach(function (block) {
          ctx.font = block.font;
          ctx.fillStyle = block.color;
          block.lines.forEach(function (line) { ctx.fillText(line, pad, y); y += block.step; });
        });
        ctx.drawImage(mapCanvas, 0, head);
        ctx.font = small;
        ctx.fillStyle = "#4a5866";
        credits.forEach(function (line, i) { ctx.fillText(line, pad, head + mapCanvas.height + pad / 2 + i * 18 * ratio); });
        return canvas;
      }, function (error) {
        done();
        throw error;
      });
  };

  // The file's name says which day the map shows: the chosen one ("bordermap-as-of-2025-12-09-…"),
  // so that a reader saving several days gets a file for each; today's view, the day the image
  // was made ("bordermap-2026-12-03-…"), so that such files sort by when they were made.
  function imageName() {
    var c = BM.map.getCenter();
    var day = BM.asOf ? "as-of-" + BM.asOf : new Date().toISOString().slice(0, 10);
    return "bordermap-" + day + "-" + c.lat.toFixed(2) + "_" + c.lng.toFixed(2) + ".png";
  }

  // What the image button is doing, said to a screen reader (review 33b, #4: it said nothing).
  var imageStatus = null;
  function sayImage(text) {
    if (!imageStatus) {
      imageStatus = el("p", { className: "bm-visually-hidden bm-image-status", role: "status", "aria-live": "polite" });
      document.body.appendChild(imageStatus);
    }
    imageStatus.textContent = text;
  }

  // The button is busy, not disabled, while the image is made: a disabled button drops the
  // keyboard's focus to the page (review 33b, #4); a second press meanwhile does nothing.
  function downloadImage(event) {
    var button = event.currentTarget;
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    button.setAttribute("aria-busy", "true");
    var ready = function () { button.removeAttribute("aria-disabled"); button.removeAttribute("aria-busy"); };
    document.body.setAttribute("data-bm-image", "working");
    sayImage(t("Making the image…"));
    BM.mapImage().then(function (canvas) {
      canvas.toBlob(function (blob) {
        var name = imageName();
        var link = el("a", { href: URL.createObjectURL(blob), download: name });
        document.body.appendChild(link);
        link.click();
        link.parentNode.removeChild(link);
        global.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
        ready();
        sayImage(t("The image is saved as {name}.", { name: name }));
        document.body.setAttribute("data-bm-image", "done");
      }, "image/png");
    }).catch(function (error) {
      ready();
      sayImage("");
      document.body.setAttribute("data-bm-image", "failed");
      global.alert(t("The image could not be made: {reason}", { reason: asText(error && error.message || error) }));
    });
  }

  // ------------------------------------------------------------------ print
  // The print stylesheet (share.css) lays the map out for one A4 landscape page; the map is
  // told its new size before the page is printed, and again after.
  function relayout() { if (BM.map) BM.map.invalidateSize({ animate: false }); }
  // While printing, what is drawn in slices (a large layer's points) is drawn at once.
  global.addEventListener("beforeprint", function () { BM.printing = true; relayout(); });
  global.addEventListener("afterprint", function () { BM.printing = false; relayout(); });
  if (global.matchMedia) {
    var print = global.matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", relayout);
  }

  // ------------------------------------------------------------------ embed
  // The snippet that puts this view in another site's page; only sites the server's operator
  // listed (BORDERMAP_EMBED_ORIGINS) may show it. It keeps the whole view the page's hash holds
  // (urlstate.js): the place, the selection, the day chosen (at), the search and the filters;
  // leaving out the day showed today's status on a map its author had set to another day
  // (review rv21a, M1).
  function embedUrl() {
    var base = new URL(BM.config.links.embed, global.location.href);
    var lang = BM.lang();
    if (lang !== "en") base.searchParams.set("lang", lang);
    var state = BM.state.read();
    var keep = Object.keys(state).sort().filter(function (k) { return state[k]; }).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(state[k]);
    });
    return base.toString() + (keep.length ? "#" + keep.join("&") : "");
  }

  // (Written without regular expressions holding quotes, which Babel's extractor misreads.)
  var ENTITIES = [["&", "&amp;"], ["\u0022", "&quot;"], ["<", "&lt;"], [">", "&gt;"]];
  function attribute(text) {
    return ENTITIES.reduce(function (out, pair) { return out.split(pair[0]).join(pair[1]); }, text);
  }

  function snippet() {
    return '<iframe src="' + attribute(embedUrl()) + '" width="800" height="500" ' +
      'style="border:0;max-width:100%" title="' + attribute(titleText()) + '" loading="lazy" allowfullscreen></iframe>';
  }

  function openEmbed() {
    var existing = document.getElementById("bm-embed-dialog");
    if (existing) { existing.parentNode.removeChild(existing); return; }
    var code = el("textarea", { id: "bm-embed-code", readonly: "readonly", rows: "4", spellcheck: "false" });
    code.value = snippet();
    var copy = el("button", { type: "button", className: "bm-button-small", text: t("Copy") });
    var close = el("button", { type: "button", className: "bm-button-small", text: t("Close") });
    var note = el("p", { className: "bm-embed-note" });
    var origins = BM.config.links.embedOrigins || "";
    note.textContent = origins
      ? t("Sites allowed to show it: {origins}.", { origins: origins })
      : t("No other site may show the map yet: the server's operator lists the sites allowed in BORDERMAP_EMBED_ORIGINS.");
    var box = el("div", { id: "bm-embed-dialog", className: "bm-embed", role: "dialog", "aria-modal": "true",
                          "aria-labelledby": "bm-embed-title" }, [
      el("h2", { id: "bm-embed-title", text: t("Embed this view") }),
      el("label", { for: "bm-embed-code", text: t("Paste this into the page that should show the map:") }),
      code, note, el("div", { className: "bm-measure-actions" }, [copy, close]),
    ]);
    copy.addEventListener("click", function () {
      code.select();
      var done = function () { copy.textContent = t("Copied"); };
      if (global.navigator.clipboard) global.navigator.clipboard.writeText(code.value).then(done, function () { document.execCommand("copy"); done(); });
      else { document.execCommand("copy"); done(); }
    });
    // Closed, it gives the focus back to what opened it (the Embed button); open, Tab goes
    // round its own controls only, as a dialog's should.
    var opener = document.activeElement;
    close.addEventListener("click", function () {
      box.parentNode.removeChild(box);
      if (opener && opener !== document.body && document.contains(opener)) opener.focus();
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close.click(); return; }
      if (event.key !== "Tab") return;
      var first = code, last = close;
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
    });
    BM.map.getContainer().parentNode.appendChild(box);
    code.focus();
    code.select();
  }

  // ------------------------------------------------------------------ the tool bar
  BM.on("ready", function () {
    var map = BM.map;
    var control = L.control({ position: "topright" });  // under the layers: the left holds the zoom and the labels of Cambodia
    control.onAdd = function () {
      var bar = el("div", { className: "bm-maptools leaflet-bar", role: "toolbar", "aria-label": t("Map tools") });
      bar.appendChild(toolButton("fullscreen", t("Fullscreen"), toggleFullscreen));
      var measure = toolButton("measure", t("Measure a distance"), function (event) { BM.measure.toggle(event); });
      measure.setAttribute("aria-pressed", "false");
      BM.on("measure-mode", function (on) { measure.setAttribute("aria-pressed", String(on)); });
      bar.appendChild(measure);
      if (global.htmlToImage) bar.appendChild(toolButton("image", t("Download image (PNG)"), downloadImage));
      bar.appendChild(toolButton("print", t("Print"), function () { global.print(); }));
      if (BM.config.mode === "live" && BM.config.links && BM.config.links.embed) {
        bar.appendChild(toolButton("embed", t("Embed this view"), openEmbed));
      }
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    };
    control.addTo(map);
    document.body.setAttribute("data-bm-tools", "ready");
  });
})(window);
