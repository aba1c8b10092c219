/* bordermap: the data's words in the page language. The vocabulary's labels (sectors, statement
 * kinds, statuses, name statuses, actors) come from geodata/vocabulary.toml through the
 * configuration (config.vocabulary); a commitment's summary, reading of its links and target
 * come from our translations (commitment.translations), each marked while nobody has reviewed it.
 */
(function (global) {
  "use strict";
  var BM = global.BorderMap;
  var el = BM.el, asText = BM.asText, t = BM.t;

  function vocabulary() { return (BM.config && BM.config.vocabulary) || {}; }

  // A label of the vocabulary in the page language; the key, readable, where it has none.
  BM.label = function (table, key) {
    var labels = vocabulary()[table] || {};
    var text = labels[key];
    return typeof text === "string" && text ? text : asText(key).replace(/-/g, " ");
  };
  // Whether the page shows this label as a translation nobody has reviewed yet.
  BM.labelUnreviewed = function (table, key) {
    return ((vocabulary().unreviewed || {})[table] || []).indexOf(key) >= 0;
  };
  BM.statusLabel = function (status) { return BM.label("feature_statuses", status); };
  BM.commitmentStatusLabel = function (status) { return BM.label("commitment_statuses", status); };
  BM.statementLabel = function (statement) { return BM.label("statements", statement); };
  BM.sectorLabel = function (sector) { return BM.label("sectors", sector); };
  BM.actorLabel = function (actor) { return BM.label("actors", actor); };

  function explanation() {
    return t("Our translation of our own English text; no person who reads this language has reviewed it yet.");
  }

  // A commitment's text in the page language: {text, lang, translated, reviewed, english}.
  BM.dataText = function (c, field) {
    var english = asText(c && c[field]);
    var own = ((c && c.translations) || {})[BM.lang()];
    if (BM.lang() !== "en" && own && typeof own[field] === "string" && own[field]) {
      return { text: own[field], lang: BM.lang(), translated: true, reviewed: own.reviewed === true, english: english };
    }
    return { text: english, lang: (c && c.language) || "en", translated: false, reviewed: true, english: english };
  };

  // The small mark after a translated text nobody has reviewed (its explanation as a tooltip).
  BM.unreviewedMark = function () {
    return el("span", { className: "bm-unreviewed", title: explanation(), text: t("unreviewed translation") });
  };

  // Inline text (inside a button or a line): the text in its language, then the mark if due.
  BM.dataTextNodes = function (c, field, className) {
    var text = BM.dataText(c, field);
    var nodes = [el("span", BM.withLang({ className: className || "", text: text.text }, text.lang))];
    if (text.translated && !text.reviewed) nodes.push(" ", BM.unreviewedMark());
    return nodes;
  };

  // Under a translated text shown in full: what the mark means, and the English it translates.
  BM.translationNote = function (c, field) {
    var text = BM.dataText(c, field);
    if (!text.translated || text.reviewed) return null;
    return el("details", { className: "bm-translation-note" }, [
      el("summary", null, [BM.unreviewedMark()]),
      el("p", { text: explanation() }),
      el("p", { className: "bm-muted", text: t("The English text:") }),
      el("p", BM.withLang({ className: "bm-english", text: text.english }, "en")),
    ]);
  };

  // A vocabulary label as an element, dotted-underlined with an explanation while unreviewed.
  BM.labelNode = function (table, key, tag) {
    if (!BM.labelUnreviewed(table, key)) return el(tag || "span", { text: BM.label(table, key) });
    return BM.unreviewedLabel(tag || "span", { text: BM.label(table, key) },
      t("Unreviewed translation: no person who reads this language has checked this label yet."));
  };

  // A word of ours not yet reviewed, dotted-underlined. The tooltip reaches only a mouse, so a
  // screen reader is told in words inside it, and BM.unreviewedLabelNote says it to everyone
  // wherever such words are shown.
  BM.unreviewedLabel = function (tag, attrs, explained) {
    attrs.className = ((attrs.className || "") + " bm-unreviewed-label").trim();
    attrs.title = explained;
    var text = attrs.text;
    delete attrs.text;
    var said = { className: "bm-visually-hidden-inline", text: " (" + t("unreviewed translation") + ")" };
    if (attrs.lang) said.lang = BM.lang();  // inside a name in another language, said in the page's
    return el(tag, attrs, [text, el("span", said)]);
  };

  // One line under words marked so: what the dotted underline means.
  BM.unreviewedLabelNote = function (within) {
    if (!within.querySelector(".bm-unreviewed-label")) return null;
    return el("p", { className: "bm-label-note", "aria-hidden": "true",
      text: t("Underlined with dots: our translation, not yet checked by a reader of this language.") });
  };

  // The name of a language a document was issued in, in the page language.
  BM.languageName = function (code) {
    var names = { "en": t("English"), "km": t("Khmer"), "vi": t("Vietnamese") };
    return names[code] || asText(code);
  };
})(window);
