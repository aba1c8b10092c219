/* bordermap about: the one line that says what the map shows and from which documents, the order
 * of the commitments' sectors (and a note saying what it is), and the map's credits, folded into
 * a button on a small screen. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, withLang = BM.withLang;
  var CREDITS_ROOM = 320;  // px the credits need beside the bottom left controls, or they fold

  function placed(c) {
    return [].concat(c.features || [], c.provinces || [], c.user_features || []).length > 0;
  }

  // Sectors with the most commitments that name a place on the map come first (the map is about
  // where things apply), then those with the most commitments; ties keep the usual order. (The
  // note said "name the most places", which is not what is counted: review 32a, #10.)
  BM.sectorOrder = function () {
    var keys = Object.keys(BM.sectors || {});
    var withPlaces = {}, total = {};
    Object.keys(BM.commitments).forEach(function (id) {
      var c = BM.commitments[id];
      total[c.sector] = (total[c.sector] || 0) + 1;
      if (placed(c)) withPlaces[c.sector] = (withPlaces[c.sector] || 0) + 1;
    });
    return keys.map(function (key, n) { return { key: key, n: n }; }).sort(function (a, b) {
      return (withPlaces[b.key] || 0) - (withPlaces[a.key] || 0) || (total[b.key] || 0) - (total[a.key] || 0) || a.n - b.n;
    }).map(function (item) { return item.key; });
  };

  // "Ministry of Foreign Affairs and International Cooperation, PR 71/2025 MFA.IC (2025-12-11)":
  // the publisher's and the document's own words, in the document's language.
  // `titled`: the title too, for a document that would read like another one listed (two press
  // releases of one publisher on one day, neither numbered).
  function documentText(doc, titled) {
    var publisher = asText(doc.publisher || "").split(",")[0];
    var text = [publisher, doc.number ? asText(doc.number) : "", titled ? asText(doc.title) : ""].filter(Boolean).join(", ");
    return text || asText(doc.title);
  }

  BM.documentText = documentText;  // the panel's notices and the map's image (share.js) cite a document as the intro does

  function documentNode(doc, titled) {
    var text = documentText(doc, titled);
    var node = el("span", { className: "bm-about-doc" }, [el("span", withLang({ text: text }, doc.language || "en"))]);
    if (doc.date) node.appendChild(document.createTextNode(" (" + BM.documentDate(doc) + ")"));
    // On an earlier day, marked as popups mark a source published after it (review rv21a, L2).
    if (BM.publishedLater && BM.publishedLater(doc.date)) {
      node.appendChild(document.createTextNode(" "));
      node.appendChild(el("span", { className: "bm-later-mark", text: t("(published later)") }));
    }
    return node;
  }

  // The commitments and the documents as of the time control's date (timeline.js): a document
  // none of them cites (all its commitments were stated later, or an editors' document with no
  // commitment yet) is left out: nothing shown was summarised from it.
  function aboutLine() {
    var cited = {};
    Object.keys(BM.commitments).forEach(function (id) { cited[BM.commitments[id].document] = true; });
    var ids = Object.keys(BM.documents).filter(function (id) { return cited[id]; });
    var n = Object.keys(BM.commitments).length;
    if (!n && BM.asOf) return el("p", { className: "bm-about", id: "bm-about", text: BM.noneYet() });
    var line = el("p", { className: "bm-about", id: "bm-about" }, [
      nt("The map shows where {n} commitment of Cambodia and Viet Nam applies, summarised from:",
         "The map shows where {n} commitments of Cambodia and Viet Nam apply, summarised from:", n), " ",
    ]);
    // How each document reads in short, and how many read so.
    var shortly = function (doc) { return documentText(doc, false) + "|" + asText(doc.date || ""); };
    var alike = {};
    ids.forEach(function (id) { alike[shortly(BM.documents[id])] = (alike[shortly(BM.documents[id])] || 0) + 1; });
    ids.forEach(function (id, i) {
      if (i) line.appendChild(document.createTextNode("; "));
      var doc = BM.documents[id];
      line.appendChild(documentNode(doc, alike[shortly(doc)] > 1));
    });
    line.appendChild(document.createTextNode(t("{sentence}.", { sentence: "" })));  // the language's full stop
    return line;
  }

  function addToPanel() {
    var root = document.getElementById("bm-panel");
    if (!root || !root.firstChild || root.querySelector(".bm-about")) return;
    var title = root.querySelector(".bm-panel-title");
    root.insertBefore(aboutLine(), title ? title.nextSibling : root.firstChild);
    var count = root.querySelector(".bm-count-line");
    if (count) {
      count.parentNode.insertBefore(el("p", { className: "bm-order-note",
        text: t("Sectors with the most commitments that name a place on the map come first.") }), count.nextSibling);
    }
  }

  // Another "as of" date: the count and the documents follow.
  function refreshLine() {
    var old = document.getElementById("bm-about");
    if (old) old.parentNode.replaceChild(aboutLine(), old);
  }

  // The credits stay one tap away on a small screen instead of covering the map's foot.
  var creditsFolding = false;  // set up once, on a small screen before the map is drawn
  function foldCredits(map) {
    var container = map.getContainer();
    var attribution = container.querySelector(".leaflet-control-attribution");
    if (!attribution || creditsFolding) return;
    creditsFolding = true;
    var button = el("button", { type: "button", className: "bm-credits-toggle", "aria-expanded": "false",
      title: t("Map credits"), text: "© " + t("Credits") });
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", { className: "leaflet-control bm-credits" }, [button]);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
    var corner = container.querySelector(".leaflet-bottom.leaflet-left");
    var credits = attribution.parentNode;  // the bottom right corner
    var others = [corner, container.querySelector(".leaflet-top.leaflet-right")].filter(Boolean);
    // Do the credits, as they are laid out now, cover a control of another corner?
    var clash = function () {
      var a = attribution.getBoundingClientRect();
      return a.width > 0 && others.some(function (box) {
        return Array.prototype.some.call(box.children, function (child) {
          var c = child.getBoundingClientRect();
          return c.width > 0 && a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom;
        });
      });
    };
    // On a wide map the credits wrap onto one or two lines beside the scale; over an opened
    // legend or time control they take the room right of them instead, a few lines more; where
    // that room is too narrow (a phone held sideways: review 17, F4) they fold as on a phone.
    var apply = function () {
      var fold = BM.smallScreen();  // a phone either way up: a button, as the map has little room to spare
      var folded = container.classList.contains("bm-credits-folded");
      credits.style.left = "";
      if (!fold && corner) {
        container.classList.remove("bm-credits-folded");
        if (clash()) {
          var map = container.getBoundingClientRect(), reach = 0;
          Array.prototype.forEach.call(corner.children, function (child) {
            var c = child.getBoundingClientRect();
            if (c.width > 0) reach = Math.max(reach, c.right - map.left);
          });
          if (map.width - reach < CREDITS_ROOM) fold = true;
          else {
            credits.style.left = Math.ceil(reach + 8) + "px";
            fold = clash();
            if (fold) credits.style.left = "";
          }
        }
        container.classList.toggle("bm-credits-folded", folded);
      }
      if (fold && !folded) {
        container.classList.add("bm-credits-closed");  // folded now: shown when asked for
        button.setAttribute("aria-expanded", "false");
      }
      container.classList.toggle("bm-credits-folded", fold);
      if (!fold) container.classList.remove("bm-credits-closed");
    };
    container.classList.add("bm-credits-closed");
    button.addEventListener("click", function () {
      var closed = container.classList.toggle("bm-credits-closed");
      button.setAttribute("aria-expanded", String(!closed));
    });
    // Escape, on the button or in the credits, closes them and leaves the focus on the button
    // (review rv22b, L1).
    BM.closeOnEscape(credits, function () {
      return container.classList.contains("bm-credits-folded") && !container.classList.contains("bm-credits-closed");
    }, function () {
      container.classList.add("bm-credits-closed");
      button.setAttribute("aria-expanded", "false");
    }, button);
    apply();
    map.on("resize", apply);
    // The legend or the time control opened or closed, or the legend grew with a layer.
    if (corner) corner.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("button")) global.requestAnimationFrame(apply);
    });
    if (corner) corner.addEventListener("keyup", function (event) {
      if (event.key === "Escape") global.requestAnimationFrame(apply);  // one of them folded by Escape
    });
    BM.on("layer-visibility", function () { global.requestAnimationFrame(apply); });
  }

  // On a small screen the tools fold into a menu, so the header keeps to two lines.
  function wireMenu() {
    var button = document.querySelector(".bm-menu-toggle");
    var bar = document.querySelector(".bm-bar");
    if (!button || !bar) return;
    var set = function (open) {
      bar.classList.toggle("bm-menu-open", open);
      button.setAttribute("aria-expanded", String(open));
    };
    button.addEventListener("click", function () { set(!bar.classList.contains("bm-menu-open")); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && bar.classList.contains("bm-menu-open")) { set(false); button.focus(); }
    });
  }
  wireMenu();

  BM.on("commitments-change", refreshLine);
  // A small screen folds its credits whatever else the map's corners hold: at once, so the whole
  // attribution never covers the map's foot while the layers and the panel load (it did until
  // the page was ready: review 29, #6). A larger one waits for the corners' controls.
  BM.foldCreditsNow = function (map) {
    if (BM.smallScreen()) foldCredits(map);
  };
  BM.on("ready", function () {
    addToPanel();
    foldCredits(BM.map);
  });
})(window);
