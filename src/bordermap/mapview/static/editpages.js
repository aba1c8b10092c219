/* bordermap editors' pages: the commitments picker filters as one types, the commitment form's
 * place finder finds as one types and adds a place without leaving the page, and the name an
 * editor gives is offered again next time (also kept by the server after an import). */
(function () {
  "use strict";

  // A refused form: each input a problem is about is marked, and linked to the problem's words
  // (aria-describedby), so that a screen reader says why, not only "invalid". The alert's
  // data-invalid names those inputs; each problem's data-for, the input it is about.
  function markInvalid() {
    var alert = document.querySelector("[role=alert][data-invalid]");
    if (!alert) return;
    var about = {};
    Array.prototype.forEach.call(alert.querySelectorAll("[data-for][id]"), function (problem) {
      var name = problem.getAttribute("data-for");
      (about[name] = about[name] || []).push(problem.id);
    });
    Array.prototype.forEach.call(document.querySelectorAll("form.bm-form"), function (form) {
      alert.getAttribute("data-invalid").split(" ").filter(Boolean).forEach(function (name) {
        Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (input) {
          // A choice of radio buttons is marked as one, by its group (the page marks it already).
          if (input.type === "hidden" || input.type === "radio") return;
          input.setAttribute("aria-invalid", "true");
          var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          (about[name] || []).forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); });
          if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
          input.setAttribute("data-problems", (about[name] || []).join(" "));
        });
      });
      orderAndLink(alert, form);
      // A corrected input is no longer marked, nor described by the problem it no longer has.
      form.addEventListener("input", function (event) {
        var input = event.target;
        if (input.type === "radio") input = input.closest("[role=radiogroup]") || input;
        if (input.getAttribute("aria-invalid") !== "true") return;
        input.removeAttribute("aria-invalid");
        var gone = (input.getAttribute("data-problems") || "").split(" ");
        var kept = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && gone.indexOf(id) < 0;
        });
        if (kept.length) input.setAttribute("aria-describedby", kept.join(" "));
        else input.removeAttribute("aria-describedby");
        input.removeAttribute("data-problems");
      });
    });
  }

  // The problems in the order of the fields they are about, each a link that takes the focus to
  // its field (review 33b, #12: the list ran Summary, Sector … while the form begins with the
  // document, and its items were plain text). A problem about no field keeps its place first.
  function orderAndLink(alert, form) {
    var list = alert.querySelector("ul.bm-problems");
    var items = list ? Array.prototype.slice.call(list.children) : [];
    var fieldOf = function (item) {
      var name = item.getAttribute("data-for");
      var input = name && form.querySelector('[name="' + name + '"]:not([type=hidden])');
      return input || null;
    };
    var place = function (item) {
      var input = fieldOf(item);
      if (!input) return -1;
      return Array.prototype.indexOf.call(form.querySelectorAll("input, select, textarea"), input);
    };
    items.map(function (item, n) { return { item: item, key: place(item), n: n }; })
      .sort(function (a, b) { return a.key - b.key || a.n - b.n; })
      .forEach(function (entry) { list.appendChild(entry.item); });
    Array.prototype.forEach.call(alert.querySelectorAll("[data-for]"), function (item) {
      var input = fieldOf(item);
      if (!input || !input.id || item.querySelector("a")) return;
      var link = document.createElement("a");
      link.href = "#" + input.id;
      while (item.firstChild) link.appendChild(item.firstChild);
      item.appendChild(link);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        input.focus();
      });
    });
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function picker() {
    var filter = document.getElementById("links-filter");
    var list = document.getElementById("links");
    if (!filter || !list) return;
    filter.addEventListener("input", function () {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(list.querySelectorAll("li"), function (item) {
        var text = fold(item.textContent);
        var box = item.querySelector("input");
        // A ticked commitment stays in sight, so a choice is never hidden.
        item.hidden = !(box && box.checked) && !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }

  // Every editors' form's "Your name" field (upload, ledger, history): the name given last.
  function author() {
    Array.prototype.forEach.call(document.querySelectorAll('form input[name="author"]'), function (field) {
      try {
        if (!field.value) field.value = window.localStorage.getItem("bordermap-author") || "";
        field.form.addEventListener("submit", function () {
          if (field.value) window.localStorage.setItem("bordermap-author", field.value);
        });
      } catch (e) { /* storage off: the server's memory of the name still serves */ }
    });
  }

  // An editors' form is sent once: a second click before the next page came stored a document
  // twice (review 18, F5). The button is not disabled, which would leave its value out of the
  // form; a form sent is marked, and a page brought back from the history forgets it.
  function sendOnce() {
    Array.prototype.forEach.call(document.querySelectorAll("form[method=post], form[method=POST]"), function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.sent) { event.preventDefault(); return; }
        // Marked once every handler has run: a script that sends the form its own way is not stopped.
        window.setTimeout(function () { if (!event.defaultPrevented) form.dataset.sent = "1"; }, 0);
      });
    });
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(document.querySelectorAll("form[data-sent]"), function (form) {
        delete form.dataset.sent;
      });
    });
  }

  // The history form offers only the statuses that fit the chosen subject, a feature's or a
  // commitment's (the page's style sheet hides the others too; a disabled option cannot be
  // chosen on a phone's picker either).
  function statuses() {
    var subject = document.getElementById("subject");
    var status = document.getElementById("status");
    if (!subject || !status) return;
    var fit = function () {
      var kind = (subject.value || "").split(":")[0];
      var lost = false;
      Array.prototype.forEach.call(status.querySelectorAll("option[data-for]"), function (option) {
        var fits = !kind || (" " + option.getAttribute("data-for") + " ").indexOf(" " + kind + " ") >= 0;
        option.disabled = option.hidden = !fits;
        if (!fits && option.selected) lost = true;
      });
      // A status that no longer fits is unchosen, not replaced by the first that fits (review 18, F9).
      var none = status.querySelector('option[value=""]');
      var first = status.querySelector("option[data-for]:not([disabled])");
      if (lost && (none || first)) (none || first).selected = true;
    };
    subject.addEventListener("change", fit);
    fit();
  }

  // The commitment form's place finder (templates/_ledger_macros.html, place_finder): without
  // this script, Find and Add send the form back to the server, which keeps what was typed.
  // With it, the places are found as one types (GET /api/search) and a place found is added to
  // the list of places as a ticked box; the words it says come from the finder's data-*
  // attributes, in the page language.
  function places() {
    var finder = document.getElementById("place-finder");
    var box = document.getElementById("place-q");
    var results = document.getElementById("place-results");
    var status = document.getElementById("place-status");
    var list = document.getElementById("place-list");
    if (!finder || !box || !results || !status || !list) return;
    var words = finder.dataset;
    var asked = 0;
    var timer = null;

    function fill(text, values) {
      return text.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
    }
    function digits(n) {
      return String(n).replace(/[0-9]/g, function (d) { return words.digits.charAt(+d); });
    }
    function say(text) { status.textContent = text; }
    function boxOf(id) {
      return Array.prototype.find.call(list.querySelectorAll('input[name="features"]'),
                                       function (input) { return input.value === id; });
    }
    function span(className, text, lang) {
      var element = document.createElement("span");
      element.className = className;
      element.textContent = text;
      if (lang && lang !== words.lang) element.lang = lang;
      return element;
    }
    // One place found, as the server draws it: a button that adds it, or its name when it is
    // ticked in the list already.
    function result(place) {
      var ticked = boxOf(place.id);
      var linked = ticked && ticked.checked;
      var item = document.createElement(linked ? "span" : "button");
      item.className = "bm-place-result" + (linked ? " bm-place-linked" : "");
      if (!linked) {
        item.type = "button";
        item.dataset.id = place.id;
        item.dataset.name = place.name;
        item.dataset.nameLang = place.name_lang || "";
      }
      item.appendChild(span("bm-place-name", place.name, place.name_lang));
      if (place.also) {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(span("bm-place-also", "(" + place.also + ")", place.also_lang));
      }
      var where = span("bm-place-where", "");
      where.appendChild(span("", place.layer_title, place.layer_title_lang));
      where.appendChild(document.createTextNode(" · "));
      var code = document.createElement("code");
      code.textContent = place.id;
      where.appendChild(code);
      item.appendChild(where);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(span("bm-place-add", linked ? words.linked : words.add));
      var row = document.createElement("li");
      row.appendChild(item);
      return row;
    }
    function show(answer, query) {
      results.textContent = "";
      answer.places.forEach(function (place) { results.appendChild(result(place)); });
      if (!answer.places.length) return say(fill(words.none, { query: query }));
      say(fill(words.found, { query: query, count: digits(answer.places.length) }) + (answer.more ? " " + words.more : ""));
    }
    function find() {
      clearTimeout(timer);
      var query = box.value.trim();
      var mine = ++asked;
      if (!query) {
        results.textContent = "";
        return say("");
      }
      var url = words.url + "?q=" + encodeURIComponent(query) + "&limit=" + words.limit + "&lang=" + words.lang;
      fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (answer) {
        if (mine === asked) show(answer, query);  // an older answer arriving late is dropped
      }).catch(function () {
        if (mine === asked) say(words.failed);
      });
    }
    // The place ticked in the list: its box if the list has one (a suggestion), else a new one.
    function add(button) {
      var id = button.dataset.id;
      var ticked = boxOf(id);
      if (!ticked) {
        var label = document.createElement("label");
        label.className = "bm-check bm-place-added";
        ticked = document.createElement("input");
        ticked.type = "checkbox";
        ticked.name = "features";
        ticked.value = id;
        var text = document.createElement("span");
        var name = span("bm-place", button.dataset.name, button.dataset.nameLang);
        name.dataset.id = id;
        var code = document.createElement("code");
        code.className = "bm-muted";
        code.textContent = id;
        text.appendChild(name);
        text.appendChild(document.createTextNode(" "));
        text.appendChild(code);
        label.appendChild(ticked);
        label.appendChild(text);
        list.appendChild(label);
      }
      ticked.checked = true;
      var shown = document.createElement("span");  // found, and now in the list
      shown.className = "bm-place-result bm-place-linked";
      while (button.firstChild) shown.appendChild(button.firstChild);
      var mark = shown.querySelector(".bm-place-add");
      if (mark) mark.textContent = words.linked;
      button.parentNode.replaceChild(shown, button);
      say(fill(words.added, { place: button.dataset.name }));
      box.focus();  // ready for the next place; the list above shows this one ticked
      box.select();
    }
    function buttons() { return Array.prototype.slice.call(results.querySelectorAll("button.bm-place-result")); }

    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(find, 200);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // find here, rather than send the form with its first button
        event.preventDefault();
        find();
      } else if (event.key === "ArrowDown" && buttons().length) {
        event.preventDefault();
        buttons()[0].focus();
      }
    });
    results.addEventListener("keydown", function (event) {
      var all = buttons();
      var at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var next = at + (event.key === "ArrowDown" ? 1 : -1);
        if (next < 0) box.focus();
        else all[Math.min(next, all.length - 1)].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        box.focus();
      }
    });
    results.addEventListener("click", function (event) {
      var button = event.target.closest("button.bm-place-result");
      if (!button) return;
      event.preventDefault();  // the server's Add buttons send the form without the script
      add(button);
    });
    var go = document.getElementById("place-find");
    if (go) go.addEventListener("click", function (event) { event.preventDefault(); find(); });
    finder.setAttribute("data-ready", "true");  // what the browser tests wait on
  }

  // A sent form's page comes back with its outcome: the refusal, what was stored, what a check
  // found. The focus goes to its heading and the page's title starts with it, so that a screen
  // reader says what happened (an alert already in a page as it loads is not reliably spoken).
  var OUTCOMES = [".bm-result-error[role=alert]", ".bm-result-ok", "#report", "#preview", ".bm-notice[role=status]"];

  function announceOutcome() {
    var box = null;
    for (var i = 0; i < OUTCOMES.length && !box; i++) box = document.querySelector(OUTCOMES[i]);
    if (!box) return;
    var heading = box.querySelector("h2, h3, h4") || box;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
    // The title says the outcome, not the links beside it ("See it on the map", "Inspect revision
    // 14": review 24a, #7): a box without a heading gives its first line, without the lists and
    // buttons of what to do next, nor a link that begins a sentence of its own. A link inside the
    // sentence is part of it ("Added status event ev-12 as revision 12.": review rv25a, #8,
    // where the title said "as .").
    var source = heading !== box ? heading : box.querySelector("p") || box;
    var words = source.cloneNode(true);
    Array.prototype.forEach.call(words.querySelectorAll("ul, button"), function (node) { node.remove(); });
    Array.prototype.forEach.call(words.querySelectorAll("a"), function (link) {
      var before = "";
      for (var node = link.previousSibling; node; node = node.previousSibling) before = node.textContent + before;
      if (/^\s*$|[.!?:\u17d4]\s*$/.test(before)) link.remove();
    });
    var said = words.textContent.replace(/\s+/g, " ").trim();
    if (said) document.title = said + " · " + document.title;
  }

  // The menu, where a phone shows it as one row that scrolls sideways (bordermap.css): the current
  // page's link in view from the start, and the edge with more links beyond it faded, so that a
  // reader sees the row goes on (review 12). Where the row fits, nothing moves.
  function menuRow() {
    var nav = document.querySelector(".bm-page .bm-nav");
    if (!nav) return;
    function edges() {
      var more = [];
      if (nav.scrollLeft > 1) more.push("before");
      if (nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 1) more.push("after");
      if (more.join(" ") !== (nav.getAttribute("data-more") || "")) nav.setAttribute("data-more", more.join(" "));
    }
    var current = nav.querySelector("[aria-current=page]");
    if (current && nav.scrollWidth > nav.clientWidth) {
      // Its start a little in from the row's (room for the faded edge), or the row's end.
      var start = current.getBoundingClientRect().left - nav.getBoundingClientRect().left + nav.scrollLeft;
      nav.scrollLeft = Math.max(0, Math.min(start - 40, nav.scrollWidth - nav.clientWidth));
    }
    edges();
    nav.addEventListener("scroll", edges, { passive: true });
    // A link the keyboard reaches is brought into view whole (Chrome leaves one half past the
    // row's edge where it is), clear of the faded edge (the row's scroll-padding).
    nav.addEventListener("focusin", function (event) {
      var link = event.target.closest && event.target.closest("a");
      if (link) link.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
    window.addEventListener("resize", edges);
    nav.setAttribute("data-ready", "true");  // what the browser tests wait on
  }

  document.addEventListener("DOMContentLoaded", function () {
    picker(); author(); statuses(); places(); markInvalid(); announceOutcome(); sendOnce(); menuRow();
  });
})();
