/* bordermap URL state: the hash carries the selection (feature, commitment, filters, view) so a
 * link can be shared; it works the same from file:// in the export. */
(function (global) {
  "use strict";

  global.BorderMap.state = {
    read: function () {
      var out = {};
      var hash = global.location.hash.replace(/^#/, "");
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
    write: function (changes) {
      var current = this.read();
      Object.keys(changes).forEach(function (key) {
        if (changes[key] === null || changes[key] === undefined || changes[key] === "") delete current[key];
        else current[key] = changes[key];
      });
      var hash = Object.keys(current).sort().map(function (key) {
        return encodeURIComponent(key) + "=" + encodeURIComponent(current[key]);
      }).join("&");
      var url = global.location.pathname + global.location.search + (hash ? "#" + hash : "");
      // The page's own writes are told apart from links followed to another selection.
      this.written = hash;
      try { global.history.replaceState(null, "", url); } catch (e) { global.location.hash = hash; }
      this.followSwitcher(hash);
    },
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
