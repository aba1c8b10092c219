/* A commitment's detail in the panel: what it says, where it applies and its source. */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t, nt = BM.nt, num = BM.num, withLang = BM.withLang;
  var Panel = BM.panel;
  var linksOf = Panel.linksOf, leftOut = Panel.leftOut;

  function renderDetail(c) {
    var box = Panel.root.querySelector(".bm-detail");
    box.textContent = "";
    if (!c) { box.hidden = true; return; }
    box.hidden = false;
    var doc = BM.documents[c.document] || {};
    var back = el("button", { type: "button", className: "bm-back", text: t("← All commitments") });
    back.addEventListener("click", function () { Panel.close(); });
    box.appendChild(back);
    var summary = BM.dataText(c, "summary");
    box.appendChild(el("h2", withLang({ id: "bm-detail-title", tabindex: "-1", text: summary.text }, summary.lang)));
    if (c.origin === "editor") {
      // Not from the curated release: an editor added it in the product (see the revisions).
      box.appendChild(el("p", { className: "bm-badge bm-badge-editor", text: t("Added by editors") }));
    }
    var note = BM.translationNote(c, "summary");
    if (note) box.appendChild(note);
    var facts = el("dl", { className: "bm-facts" });
    // Everything in the page language: the vocabulary's labels, dates, and our translation of
    // the target (a span of years is written in the page's digits).
    var target = BM.dataText(c, "target");
    var years = /^[0-9\s\u2013-]+$/.test(target.text);
    // Each year, month or day of it as the page writes dates (2027-06: "tháng 6 năm 2027"; ២០២៧ in Khmer).
    var targetNode = target.text && el("span", years
      ? { text: target.text.replace(/\d{4}(?:-\d{2}(?!\d))?(?:-\d{2}(?!\d))?/g, BM.date) }
      : withLang({ text: target.text }, target.lang));
    var actors = el("span");
    (c.actors || []).forEach(function (actor, i) {
      if (i) actors.appendChild(document.createTextNode(", "));
      actors.appendChild(BM.labelNode("actors", actor));
    });
    [[t("Sector"), c.sector && BM.labelNode("sectors", c.sector)], [t("Statement"), c.statement && BM.labelNode("statements", c.statement)],
      [t("Status"), c.status && BM.labelNode("commitment_statuses", c.status)], [t("Stated"), c.stated && BM.date(c.stated)],
      [t("Target"), targetNode], [t("Actors"), (c.actors || []).length && actors]].forEach(function (pair) {
      if (!pair[1]) return;
      facts.appendChild(el("dt", { text: pair[0] }));
      facts.appendChild(el("dd", null, [pair[1]]));
    });
    box.appendChild(facts);
    var labelNote = BM.unreviewedLabelNote(facts);
    if (labelNote) box.appendChild(labelNote);
    BM.emit("commitment-detail", { box: box, commitment: c });

    var cite = el("p", { className: "bm-citation" }, [el("strong", { text: t("Source:") + " " })].concat(Panel.citation(c)));
    var href = BM.safeUrl(doc.url);
    if (href) {
      cite.appendChild(document.createTextNode(" "));
      cite.appendChild(el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: t("(online copy)") }));
    }
    box.appendChild(cite);
    if (c.quote && c.quote.text) {
      var source = doc.publisher ? t("Text of the source, © {publisher}", { publisher: asText(doc.publisher) })
        : asText(c.quote.attribution);
      box.appendChild(el("figure", { className: "bm-quote" }, [
        // The publisher's own words, in the document's language.
        el("blockquote", withLang({ text: c.quote.text }, c.quote.language || doc.language || "en")),
        el("figcaption", { text: t("{source} — paragraph {n}, quoted for reference", { source: source, n: num(c.paragraph) }) }),
      ]));
    }

    var ids = linksOf(c);
    box.appendChild(el("h3", { text: t("Where it applies") }));
    if (!ids.length) {
      box.appendChild(el("p", { className: "bm-muted", text: t("This commitment names no place on the map.") }));
    } else {
      var ul = el("ul", { className: "bm-places" });
      ids.forEach(function (id) {
        if (leftOut(id)) {
          ul.appendChild(el("li", { className: "bm-place-elsewhere" }, [
            BM.nameNode(BM.localName(BM.elsewhere[id], id)), " ",
            el("span", { className: "bm-muted", text: t("(not in this file)") }),
          ]));
          return;
        }
        // A place an editor added is marked as such beside the curated ones.
        var mark = BM.editorMark ? BM.editorMark(null, id, false) : null;
        ul.appendChild(el("li", mark ? { className: "bm-place-editor" } : null, [
          BM.nameNode(BM.featureLocalName(id), { type: "button", className: "bm-linkbutton", "data-feature": id }, "button"),
          mark ? " " : null, mark,
        ]));
      });
      box.appendChild(ul);
    }
    // Where we link more places than the paragraph names, our reading says so.
    if (c.links_reading) {
      box.appendChild(el("p", { className: "bm-reading" }, [el("strong", { text: t("Our reading:") + " " })]
        .concat(BM.dataTextNodes(c, "links_reading"))));
    }
  }

  Panel.renderDetail = renderDetail;
})(window);
