"""The editors' pages in the reader's language: the data's vocabulary, the names of places,
commitments and layers (in a revision's summary too), who made a change.

The library, the stored data and the API keep ids and English. The ledger, status-history and
revisions pages name each id as `geodata/vocabulary.toml` does in the page language (the labels
the map's panel shows) and a place by its name; `refusal_words` says the library's refusals in the
catalogue's words, ids and paths carried over.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from markupsafe import Markup, escape

from bordermap import revision_words, vocabulary
from bordermap.i18n import N_, Messages, clip, text_lang

from .language import words

# A document's kind (bordermap.ledger.records.DOCUMENT_KINDS) and an event's confidence.
DOCUMENT_KINDS = {"press-release": N_("press release"), "news-report": N_("news report"),
                  "agreement": N_("agreement"), "minutes": N_("meeting minutes"),
                  "joint-statement": N_("joint statement"), "speech": N_("speech"), "other": N_("other kind")}
CONFIDENCES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
# The vocabulary's tables (vocabulary.toml), by the name the forms give each field.
_TABLES = {"sector": "sectors", "statement": "statements", "status": "commitment_statuses",
           "feature_status": "feature_statuses", "commitment_status": "commitment_statuses", "actor": "actors"}


def label(field: str, key: Any, here: Messages) -> str:
    """The page-language label of a vocabulary id (`field`: sector, statement, status,
    feature_status, commitment_status, kind or confidence); the id itself when it has none."""
    if key is None or key == "":
        return ""
    if field == "kind":
        return here.gettext(DOCUMENT_KINDS[key]) if key in DOCUMENT_KINDS else str(key)
    if field == "confidence":
        return here.gettext(CONFIDENCES[key]) if key in CONFIDENCES else str(key)
    return vocabulary.labels(here.lang).get(_TABLES[field], {}).get(key, str(key))


def place_names(store, ids, lang: str) -> dict[str, tuple[str, str]]:
    """{feature id: (name, its language)} for the features among `ids` (one store call): the
    sourced name in `lang` where the data has one, else the English name (`vocabulary.local_name`).
    A Viet Nam province before the 1 July 2025 merger says so, where "Tây Ninh, Tây Ninh" named it
    and the province after it alike (review rv22a, L4)."""
    wanted = list(dict.fromkeys(ids))
    found = store.feature_properties(wanted) if wanted else {}
    here = words()
    return {fid: place_name(props, fid, lang, here) for fid, props in found.items()}


def place_name(properties: dict, feature_id: str, lang: str, here: Messages) -> tuple[str, str]:
    """One feature's (name, its language) as `place_names` gives it, from its properties: for a
    caller that reads them itself (the status-history form reads whole layers' properties)."""
    name, name_lang = vocabulary.local_name(properties, lang, feature_id)
    if properties.get("admin_period") == "pre-2025":
        return here.gettext(N_("%(name)s (before 1 July 2025)"), name=name), name_lang
    return name, name_lang


# What a place is, as its popup's heading says it (popupcontent.js, `kinds`): a checkpoint by its type.
PLACE_KINDS = {"international": N_("international checkpoint"), "main": N_("main checkpoint"),
               "unconfirmed": N_("unconfirmed checkpoint"), "checkpoint": N_("checkpoint"),
               "connecting-point": N_("connecting point"), "province": N_("province"), "boundary": N_("boundary"),
               "expressway": N_("expressway"), "railway": N_("railway"), "corridor": N_("corridor"),
               "country": N_("country")}  # a town's "place" is left out: the line already says "places"


def place_kinds(store, ids, here: Messages) -> dict[str, str]:
    """{feature id: what it is in the page language, as its popup says it} for the features among
    `ids` whose name `place_names` gives in another language than the page's (no source names
    them in it): beside the English name, the reader of a Khmer or Vietnamese page reads what the
    place is in their words (review rv25a, #5). An editors' own kind, which has no translation,
    is left out."""
    wanted = list(dict.fromkeys(ids))
    said = {}
    for fid, props in (store.feature_properties(wanted) if wanted else {}).items():
        if place_name(props, fid, here.lang, here)[1] in (here.lang, ""):
            continue
        kind = PLACE_KINDS.get(props.get("checkpoint_type") or props.get("kind"))
        if kind is not None:
            said[fid] = here.gettext(kind)
    return said


# How much of a commitment's summary names it in a line (a revision, an event): its start.
COMMITMENT_NAME_CHARS = 60


def commitment_summary(item: dict, lang: str) -> tuple[str, str]:
    """A commitment's summary and its language: our translation into `lang` where there is one
    (as the map's panel gives it), else the record's own, in the language its letters are in (an
    editors' summary may be Khmer or Vietnamese: review 31a, #12, it was marked English)."""
    own = vocabulary.current_translations(item).get(lang, {}).get("summary")
    if own:
        return own, lang
    summary = item.get("summary", "")
    return summary, text_lang(summary) or "en"


def commitment_names(store, ids, lang: str) -> dict[str, tuple[str, str]]:
    """{commitment id: (the start of its summary, its language)} for the commitments among `ids`."""
    wanted = set(ids)
    found = {}
    for item in store.commitments() if wanted else ():
        if item["id"] in wanted:
            text, text_lang = commitment_summary(item, lang)
            found[item["id"]] = (clip(text, COMMITMENT_NAME_CHARS), text_lang)
    return found


def summary(text: str, here: Messages, names: dict[str, tuple[str, str]] | None = None) -> str | Markup:
    """A revision's summary in the page language (`revision_words.describe`), each feature it
    names by its id shown by its name in `names` (from `summary_names`), the id beside it, and
    each commitment (keyed "commitment:<id>") by its id, the start of its summary beside it."""
    if not names:  # a page: in English too, said in words (a count in its number, a status by its label)
        return revision_words.describe(text, here, lambda item_id, kind="feature": item_id)
    # Marks stand for the places while the sentence is put together, then become markup:
    # everything around them is escaped, a name in another language carries its own `lang`.
    marks = {key: f"\x00{n}\x00" for n, key in enumerate(names)}

    def named(item_id: str, kind: str = "feature") -> str:
        key = item_id if kind == "feature" else f"{kind}:{item_id}"
        return marks.get(key, item_id)

    shown = escape(revision_words.describe(text, here, named))
    for key, mark in marks.items():
        if mark in shown:
            name, lang = names[key]
            other = Markup(' lang="{}"').format(lang) if lang and lang != here.lang else ""
            kind, _, commitment_id = key.partition(":") if key.startswith("commitment:") else ("", "", "")
            if key.startswith("layer:"):  # a layer by its title, as the map's layer list names it
                said = Markup('<span class="bm-layer"{}>{}</span> (<code>{}</code>)').format(
                    other, name, key.removeprefix("layer:"))
            elif kind:
                said = Markup('<code>{}</code> (<span class="bm-commitment-name"{}>{}</span>)').format(
                    commitment_id, other, name)
            elif name == key:
                said = Markup("<code>{}</code>").format(key)
            else:
                said = Markup('<span class="bm-place"{}>{}</span> (<code>{}</code>)').format(other, name, key)
            shown = Markup(shown.replace(mark, said))
    return shown


def layer_names(store, ids, here: Messages) -> dict[str, tuple[str, str]]:
    """{layer id: (its title as the map's layer list says it, its language)} for the layers among
    `ids` that are there (a deleted one is named by its id): a curated layer's title in the page
    language, an editor's as they wrote it."""
    wanted = set(ids)
    return {layer.id: layer_title(layer, here) for layer in (store.layers() if wanted else ())
            if layer.id in wanted and layer.title}


def layer_title(layer, here: Messages) -> tuple[str, str]:
    """A layer's (title, its language) as the map's layer list says it: a curated layer's in the
    page language, an editor's as they wrote it."""
    title = here.gettext(layer.title) if layer.origin == "curated" else layer.title
    return title, here.lang if title != layer.title else text_lang(title) or ""


def summary_names(store, summaries, lang: str) -> dict[str, tuple[str, str]]:
    """The names of the features, commitments and layers these revision summaries name, for
    `summary` (a commitment's keyed "commitment:<id>", a layer's "layer:<id>"; a store call for
    each kind)."""
    summaries = list(summaries)
    named = place_names(store, revision_words.feature_ids(summaries), lang)
    commitments = commitment_names(store, revision_words.commitment_ids(summaries), lang)
    layers = layer_names(store, revision_words.layer_ids(summaries), words())
    return {**named, **{f"commitment:{cid}": said for cid, said in commitments.items()},
            **{f"layer:{lid}": said for lid, said in layers.items()}}



# The names a change is recorded under when its author gave none (edit.py, upload_page.py, revisions.py,
# edit_api.py, ledger_pages.py, history_pages.py): the stored name stays English, a page says it in
# its language.
DEFAULT_AUTHORS = {"editor": N_("an editor"), "api": N_("a program, through the API")}


# The name the command line gives a change (app/cli.py): "<user> (command line)".
_COMMAND_LINE = re.compile(r"(?P<user>.+) \(command line\)", re.S)


def who(author: str, here: Messages) -> str:
    """Who made a change, as a page in `here`'s language names them: a name given as it was, the
    command line's "(command line)" after it in the page's language."""
    if author in DEFAULT_AUTHORS:
        return here.gettext(DEFAULT_AUTHORS[author])
    found = _COMMAND_LINE.fullmatch(author or "")
    return author if found is None else here.gettext(N_("%(user)s (command line)"), user=found["user"])


def init_app(app: Flask) -> None:
    """The helpers, as template globals (so the imported macros see them too), in the request's language."""
    from .refusal_words import refusal  # imported here: refusal_words names a list's choices by `label`

    helpers = {"vocab_label": lambda field, key: label(field, key, words()),
               "refusal": lambda error, instead=None, checking=False: refusal(error, words(), instead, checking),
               "revision_status": lambda name, entity=None: revision_words.status(name, words(), entity),
               "page_date": lambda value: words().date(value),
               "page_digits": lambda text: words().digits(text),
               "revision_summary": lambda text, names=None: summary(text, words(), names),
               "who": lambda author: who(author, words())}
    for name, helper in helpers.items():
        app.add_template_global(helper, name)
    app.add_template_filter(clip, "clip")
    app.add_template_global(text_lang, "text_lang")
