/* bordermap URL state: the hash carries the selection (feature, commitment, filters, view) so a
 * link can be shared; it works the same from file:// in the export. */
(function (global) {
  "use strict";

  // What a reader selects: changing one of these is a step of their own in the history.
  var SELECTION = ["commitment", "feature"];

  global.BorderMap.state = {
    read: function () { return this.parse(global.location.hash.replace(/^#/, "")); },
    // The selection an address's hash ("feature=...&view=...") holds.
    parse: function (hash) {
      var out = {};
      if (!hash) return out;
      hash.split("&").forEach(function (pair) {
        var i = pair.indexOf("=");
        if (i < 0) return;
        try {
          out[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
        } catch (e) { /* a malformed pair is ignored */ }
      });
      return out;
    },
    // A reader's step (options.step: a commitment, a place or a feature chosen, or left) gets
    // its own entry in the browser's history, so Back and Forward go from one selection to
    // the next; everything else (the view as the map moves, the search as it is typed, the
    // filters) replaces the current entry. Writes made while the same event is handled are one
    // step: a popup closing as another opens leaves the entry before them as it was.
    write: function (changes, options) {
      var current = this.read();
      Object.keys(changes).forEach(function (key) {
        if (changes[key] === null || changes[key] === undefined || changes[key] === "") delete current[key];
        else current[key] = changes[key];
      });
      var hash = Object.keys(current).sort().map(function (key) {
        return encodeURIComponent(key) + "=" + encodeURIComponent(current[key]);
      }).join("&");
      var before = global.location.hash.replace(/^#/, "");
      if (this.stepFrom === null) {
        this.stepFrom = before;
        var self = this;
        Promise.resolve().then(function () { self.stepFrom = null; self.stepped = false; });
      }
      // A step changes what is selected; a write that only moves the view around the same
      // selection (a popup reopened by Back or Forward, panned into view) pushes nothing.
      var from = this.parse(this.stepFrom);
      var step = !!(options && options.step) && !this.stepped && SELECTION.some(function (key) {
        return (current[key] || null) !== (from[key] || null);
      });
      // The page's own writes are told apart from links followed to another selection.
      this.written = hash;
      try {
        if (step) {
          this.stepped = true;
          global.history.replaceState(null, "", this.url(this.stepFrom));
          global.history.pushState(null, "", this.url(hash));
        } else if (hash !== before) {
          global.history.replaceState(null, "", this.url(hash));
        }
      } catch (e) { global.location.hash = hash; }
      this.followSwitcher(hash);
    },
    url: function (hash) {
      return global.location.pathname + global.location.search + (hash ? "#" + hash : "");
    },
    stepFrom: null,
    stepped: false,
    written: null,
    // The language switcher's links open the same selection in another language.
    followSwitcher: function (hash) {
      Array.prototype.forEach.call(document.querySelectorAll("a[data-lang-switch]"), function (link) {
        link.setAttribute("href", link.getAttribute("href").replace(/#.*$/, "") + (hash ? "#" + hash : ""));
      });
    },
    // A shared address names the page's language, even when the browser's settings chose it
    // (the live page only: the export is in one language, and file: addresses keep no query).
    keepLanguage: function (lang, mode) {
      if (mode !== "live" || lang === "en" || /[?&]lang=/.test(global.location.search)) return;
      var search = global.location.search ? global.location.search + "&lang=" + lang : "?lang=" + lang;
      try { global.history.replaceState(null, "", global.location.pathname + search + global.location.hash); } catch (e) { /* kept as is */ }
    },
  };
})(window);
