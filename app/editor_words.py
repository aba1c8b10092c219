"""The editors' pages in the reader's language: the data's vocabulary, place names, refusals.

The library, the stored data and the API keep ids and English. The ledger, status-history and
revisions pages name each id as `geodata/vocabulary.toml` does in the page language (the labels
the map's panel shows), a place by its name, and say the library's refusals in the catalogue's words, ids and paths
carried over.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask
from markupsafe import Markup, escape

from bordermap import revision_words, vocabulary
from bordermap.errors import BordermapError
from bordermap.i18n import N_, Messages, clip, text_lang

from .language import words
from .problem_words import PROBLEM_PATH, localized
from .resources import store

log = logging.getLogger(__name__)

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
    (as the map's panel gives it), else the English."""
    own = vocabulary.current_translations(item).get(lang, {}).get("summary")
    return (own, lang) if own else (item.get("summary", ""), "en")


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


# --- refusals ---------------------------------------------------------------------------------
# What the ledger's checks (bordermap.ledger.records, bordermap.history) write after "path: ",
# and the sentence the catalogue translates; named groups are carried over untranslated.
_PROBLEMS = tuple((re.compile(pattern + r"\Z", re.S), sentence) for pattern, sentence in (
    (r"no feature with id (?P<id>.+)", N_("no feature with id %(id)s")),
    (r"(?P<id>.+) is a place or an area, which takes no status; statuses are recorded for checkpoints, roads, "
     r"railways and the features of editors' layers",
     N_("%(id)s is a place or an area, which takes no status; statuses are recorded for checkpoints, roads, "
        "railways and the features of editors' layers")),
    (r"choose from the list or type a feature's id, not both \(chose (?P<chose>.+), typed (?P<typed>.+)\)",
     N_("choose from the list or type a feature's id, not both (chose %(chose)s, typed %(typed)s)")),
    (r"no document with id (?P<id>.+)", N_("no document with id %(id)s")),
    (r"no commitment with id (?P<id>.+)", N_("no commitment with id %(id)s")),
    (r"document (?P<id>.+) has paragraphs 1 to (?P<count>\d+), not (?P<n>-?\d+)",
     N_("document %(id)s has paragraphs 1 to %(count)s, not %(n)s")),
    (r"expected a paragraph number from 1, got (?P<got>.+)", N_("expected a paragraph number from 1, got %(got)s")),
    (r"expected a date (?P<shape>[YMD-]+), got (?P<got>.+)", N_("expected a date %(shape)s, got %(got)s")),
    (r"no such date: (?P<got>.+)", N_("there is no such date as %(got)s")),
    (r"expected a date shaped as the date \((?P<example>[0-9-]+)\), got (?P<got>.+)",
     N_("expected a date written as the date is (%(example)s), got %(got)s")),
    (r"expected a date after the date \((?P<date>[0-9-]+)\), got (?P<got>.+)",
     N_("expected a date after the date (%(date)s), got %(got)s")),
    (r"(?P<got>.+) is after today: an event records what has happened; give what is planned as a target",
     N_("%(got)s is after today: an event records what has happened; give what is planned as a target")),
    (r"(?P<got>.+) is after today: a document is entered once it has been published",
     N_("%(got)s is after today: a document is entered once it has been published")),
    (r"(?P<got>.+) is after today: a commitment is recorded once a published document states it; give what is "
     r"planned as its target",
     N_("%(got)s is after today: a commitment is recorded once a published document states it; give what is "
        "planned as its target")),
    (r"(?P<got>.+) is after the date of document (?P<id>.+) \((?P<date>[0-9-]+)\): a document reports what was "
     r"stated by the day it came out",
     N_("%(got)s is after the date of document %(id)s (%(date)s): a document reports what was stated by the day "
        "it came out")),
    (r"expected an ISO date \(2025-12-08, 2025-12 or 2025\), got (?P<got>.+)",
     N_("expected a date such as 2025-12-08, 2025-12 or 2025, got %(got)s")),
    (r"expected a non-empty list of names, got (?P<got>.+)", N_("expected a non-empty list of names, got %(got)s")),
    (r"expected a document and paragraph, or a title, publisher and date",
     N_("give a document and its paragraph, or the title, publisher and date of a published item")),
    (r"expected an http:// or https:// address, got (?P<got>.+)",
     N_("expected an address starting with http:// or https://, got %(got)s")),
    # A document's text in another script than its language's (bordermap.ledger.scripts); the
    # language to choose is named as the form's list names it.
    (r"the text is in Khmer script \((?P<share>\d+%) of its letters\): choose \w+ \((?P<code>km)\), or paste the "
     r"text in the language chosen",
     N_("the text is in Khmer script (%(share)s of its letters): choose %(language)s, or paste the text in the "
        "language chosen")),
    (r"the text is in Latin script \((?P<share>\d+%) of its letters\), not Khmer: choose \w+ \((?P<code>en|vi)\), "
     r"or paste the text in Khmer",
     N_("the text is in Latin script (%(share)s of its letters), not Khmer: choose %(language)s, or paste the text "
        "in Khmer")),
    (r"much of the text is in Khmer script \((?P<share>\d+%) of its letters\): choose \w+ \((?P<code>km)\), unless "
     r"the document is in the language chosen and quotes Khmer",
     N_("much of the text is in Khmer script (%(share)s of its letters): choose %(language)s, unless the document "
        "is in the language chosen and quotes Khmer")),
    (r"much of the text is in Latin script \((?P<share>\d+%) of its letters\): choose \w+ \((?P<code>en|vi)\), "
     r"unless the document is in Khmer and quotes another language",
     N_("much of the text is in Latin script (%(share)s of its letters): choose %(language)s, unless the document "
        "is in Khmer and quotes another language")),
    (r"the text has Vietnamese diacritics \((?P<share>\d+%) of its words\): choose \w+ \((?P<code>vi)\), unless "
     r"the document is in the language chosen and quotes Vietnamese",
     N_("the text has Vietnamese diacritics (%(share)s of its words): choose %(language)s, unless the document is "
        "in the language chosen and quotes Vietnamese")),
    (r"the text has no Vietnamese diacritics: choose \w+ \((?P<code>en)\), unless the document is in Vietnamese "
     r"written without them",
     N_("the text has no Vietnamese diacritics: choose %(language)s, unless the document is in Vietnamese written "
        "without them")),
))
_COUNTS = frozenset({"count", "n", "share"})


def form_sentence(message: str, here: Messages, more: tuple = ()) -> str | None:
    """A problem's message (what follows its field) in the sentence the editors' forms say it in
    (`_PROBLEMS`, then `more`: (pattern, sentence) pairs), in `here`'s language, a paragraph's
    number and a count in its digits; None when no sentence is for it."""
    for pattern, sentence in _PROBLEMS + tuple(more):
        matched = pattern.match(message)
        if matched is not None:
            values = matched.groupdict()
            for name in _COUNTS & values.keys():  # a paragraph's number, a document's count
                values[name] = here.numeral(values[name])
            if "code" in values:  # a language, as the document form's list names it
                values["language"] = _OPTIONS["language"].get(values.pop("code"), "")
            return here.gettext(sentence) % values
    return None
# The forms' fields as the library names them in a problem ("event.source.title"), and the
# name a reader finds on the form; a list's item keeps its number ("actors[2]": Actors 3).
FIELDS = {"author": N_("Your name"), "reason": N_("Reason"), "title": N_("Title"),
          "publisher": N_("Publisher"), "date": N_("Date"), "date_precision": N_("Date precision"),
          "date_latest": N_("Latest possible date"),
          "place": N_("Place"), "url": N_("Address on the web"), "language": N_("Language of the text"),
          "kind": N_("Kind"), "text": N_("Text"), "summary": N_("Summary"), "sector": N_("Sector"),
          "statement": N_("Statement kind"), "status": N_("Status"), "stated": N_("Stated on"),
          "actors": N_("Actors"), "target": N_("Target"), "document": N_("Document"),
          "paragraph": N_("Paragraph"), "confidence": N_("Confidence"), "note": N_("What happened"),
          "subject": N_("Feature or commitment"), "feature_id": N_("Or a feature of another layer, by its id"),
          "entity_id": N_("Feature or commitment"), "source": N_("Source"), "source.title": N_("Source title"),
          "source.publisher": N_("Source publisher"), "source.date": N_("Source publication date"),
          "source.url": N_("Source address (URL)"), "source.document": N_("Document"),
          "source.paragraph": N_("Paragraph"), "features": N_("Places")}
_FIELD_PATH = re.compile(r"(?:event\.|document\.|commitment\.)?(?P<name>[a-z_.]+?)(?:\[(?P<index>\d+)\])?")


# A field whose label is a whole phrase, named briefly where a refusal names it.
_BRIEF = {"feature_id": N_("Feature id")}


def field_name(path: str, here: Messages) -> str:
    """The form's name of the field a problem's path names, in the page language (briefly where
    its label is a phrase, `_BRIEF`); the path as it is when no form field has it."""
    found = _FIELD_PATH.fullmatch(path)
    if found is None or found["name"] not in FIELDS:
        return path
    name = here.gettext(_BRIEF.get(found["name"]) or FIELDS[found["name"]])
    return name if found["index"] is None else f"{name} {here.numeral(str(int(found['index']) + 1))}"


_FRAMES = {"document": N_("The document was not stored: %(problem)s"),
           "commitment": N_("The commitment was not stored: %(problem)s"),
           "file": N_("The file was not stored: %(problem)s"),
           "retirement": N_("The retirement was not stored: %(problem)s"),
           "status event": N_("The status event was not stored: %(problem)s")}
_NOT_STORED = re.compile(r"the (?P<what>\w+) was not stored: (?P<problem>.*?)(?: \(and \d+ more\))?", re.S)
_EVENT_RULES = re.compile(r"the status event breaks (?P<n>\d+) rule\(s\)")


_CHOICE = re.compile(r"expected one of (?P<allowed>.+), got (?P<got>.+)", re.S)
_NOTHING = frozenset({'""', "''", "null", "None"})  # an empty choice, as the checks write it
# The forms' lists whose choices a refusal names as the form does: by the vocabulary's labels
# (`label`), or by these.
_OPTIONS = {"date_precision": {"day": N_("day"), "month": N_("month"), "year": N_("year")},
            "language": {"en": "English", "km": "ខ្មែរ", "vi": "Tiếng Việt"}}
_LISTS = frozenset({"sector", "statement", "status", "kind", "date_precision", "language"})


def _option(path: str, field: str, key: str, here: Messages) -> str:
    """One choice of a form's list as the form names it."""
    if field == "date_precision":
        return here.gettext(_OPTIONS[field][key]) if key in _OPTIONS[field] else key
    if field == "language":
        return _OPTIONS[field].get(key, key)
    if path.startswith("event."):  # the history form's status: a feature's or a commitment's
        return revision_words.status(key, here)
    return label(field, key, here)


def _choice(path: str, message: str, here: Messages) -> str | None:
    """A refused choice from one of the forms' lists in the page language: "choose one" when
    none was chosen, else the choices as the form names them (not their ids); None when the
    problem is another."""
    field, found = _FIELD_PATH.fullmatch(path), _CHOICE.fullmatch(message)
    if field is None or found is None or field["name"] not in _LISTS:
        return None
    if found["got"] in _NOTHING:
        return here.gettext(N_("choose one"))
    allowed = ", ".join(_option(path, field["name"], key, here) for key in found["allowed"].split(", "))
    return here.gettext(N_("expected one of %(allowed)s, got %(got)s"), allowed=allowed, got=found["got"])


_DOCUMENT_ID = re.compile(r"\A(document )'([^']+)'( has paragraphs )")


def _titled(message: str) -> str:
    """A problem that names a document by its id ("document 'kh-mfa-pr71-2025' has paragraphs
    1 to 18, not 999") names it by its title, as the form's list of documents does."""
    found = _DOCUMENT_ID.match(message)
    if found is None:
        return message
    title = next((d.get("title") for d in store().documents() if d["id"] == found[2]), None)
    return message if not title else f"{found[1]}“{clip(title, 80)}”{found[3]}{message[found.end():]}"


# A field left empty ("note: required: give it a value"), said in one sentence naming the field
# and what to do, not as "What happened: required: give it a value" (review 26, #9).
_REQUIRED = re.compile(r"required: (?P<what>.+)", re.S)
_TO_DO = tuple((re.compile(pattern + r"\Z", re.S), sentence) for pattern, sentence in (
    (r"give it a value", N_("give it a value")),
    (r"choose a document", N_("choose a document")),
    (r"choose a paragraph", N_("choose a paragraph")),
    (r"give a date (?P<shape>[YMD-]+)", N_("give a date %(shape)s")),
    (r"give a date as YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known",
     N_("give a date as YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known")),
))
REQUIRED = N_("“%(field)s” is required: %(what)s")
# A feature id typed that no feature has, said with what to do (review 26, #9).
_NO_FEATURE = re.compile(r"no feature with id (?P<id>.+)", re.S)
NO_FEATURE_TYPED = N_("No feature has the id %(id)s: check the “%(field)s” you typed, or choose the feature "
                      "from the list")


def field_sentence(path: str, where: str, message: str, here: Messages) -> str | None:
    """A refusal said as one sentence that names its field (`where`): a required field left
    empty, a typed feature id no feature has; None for the others."""
    required = _REQUIRED.fullmatch(message)
    if required is not None:
        for pattern, sentence in _TO_DO:
            found = pattern.match(required["what"])
            if found is not None:
                return here.gettext(REQUIRED, field=where, what=here.gettext(sentence) % found.groupdict())
    unknown = _NO_FEATURE.fullmatch(message)
    if unknown is not None and path == "feature_id":
        return here.gettext(NO_FEATURE_TYPED, id=unknown["id"], field=where)
    return None


def problem(text: str, here: Messages) -> str:
    """One problem ("features[2]: no feature with id 'x'") in the page language: the field by
    the form's name for it (`FIELDS`), ids and values kept."""
    found = PROBLEM_PATH.fullmatch(text)
    if found is None:
        return text if here.lang == "en" else localized(text, here)
    where = field_name(found["path"], here)
    said = field_sentence(found["path"], where, found["message"], here)
    if said is not None:
        return said
    message = _titled(found["message"])
    chosen = _choice(found["path"], message, here)
    if chosen is not None:
        message = chosen
    elif here.lang != "en":
        said = form_sentence(message, here)
        if said is not None:
            message = said
        else:
            if where == found["path"]:
                return localized(text, here)
            message = localized(message, here, start=False)
    if where == found["path"]:
        return f"{where}: {message}"
    return here.gettext(N_("%(field)s: %(problem)s"), field=where, problem=message)


# A problem's field as the forms name their inputs (`name=`), where the two differ.
_INPUTS = {"source.title": "source_title", "source.publisher": "source_publisher", "source.date": "source_date",
           "source.url": "source_url", "source.document": "document", "source.paragraph": "paragraph",
           "source": "document", "features": "more_features", "entity_id": "subject"}


def input_of(text: str) -> str | None:
    """The name of the form input one problem is about, if a form has one."""
    found = PROBLEM_PATH.fullmatch(text)
    path = _FIELD_PATH.fullmatch(found["path"]) if found is not None else None
    if path is None or path["name"] not in FIELDS:
        return None
    return _INPUTS.get(path["name"], path["name"])


def refusal(error: BordermapError, here: Messages, instead: dict[str, str] | None = None,
            checking: bool = False) -> dict[str, Any]:
    """A refused change in the page language (the API keeps the English), as every editors' form
    says it (`listed`), each problem by the form's name for its field.

    `instead`: {input name: the form's own sentence}, said once in place of every problem about
    that input, where the form says them beside the field itself."""
    server_side = servers_refusal(error, here)
    if server_side is not None:
        return server_side
    instead = instead or {}
    stored = _NOT_STORED.fullmatch(error.message)
    said: list[tuple[str, str | None]] = []
    for text in error.problems or [stored["problem"] if stored is not None else error.message]:
        name = input_of(text)
        if name in instead and any(about == name for _, about in said):
            continue  # said once already, in the form's sentence
        said.append((instead[name] if name in instead else problem(text, here), name))
    what = stored["what"] if stored is not None else None
    if _EVENT_RULES.fullmatch(error.message) is not None:
        what = "status event"
    return listed(said, here, checking=checking, what=what)


def servers_refusal(error: BordermapError, here: Messages) -> dict[str, Any] | None:
    """A change the server's side could not make (the database unavailable or past its statement
    timeout, a full disk) as a form says it: the reader's sentence in the page language, the
    details (which name the database) in the log, as the API's answer does (review 20, F3: the
    forms showed the driver's English, with the database's address). None for any other error."""
    if not error.user_message:
        return None
    log.warning("a form's change was refused: %s", error.message)
    return listed([(here.gettext(error.user_message), None)], here)


def listed(said: list[tuple[str, str | None]], here: Messages, *, checking: bool = False,
           what: str | None = None) -> dict[str, Any]:
    """The refusal box of every editors' form, from its problems in the page language, each with
    the form input it is about (or None): a `heading` that says once what was not stored (`what`,
    a key of `_FRAMES`; else "nothing"), counting the problems, or after a check, which stores
    nothing, what it found; the `problems`, each said once ({"id", "text", "input"}); `inputs`,
    the inputs they are about."""
    n = len(said)
    if checking:
        heading = here.ngettext("The check found %(num)s problem", "The check found %(num)s problems", n)
    elif what in _FRAMES:
        heading = here.gettext(_FRAMES[what], problem=here.ngettext("%(num)s problem", "%(num)s problems", n))
    else:
        heading = here.ngettext("Nothing was stored: %(num)s problem", "Nothing was stored: %(num)s problems", n)
    problems = [{"id": f"problem-{i}", "text": text, "input": name} for i, (text, name) in enumerate(said, 1)]
    return {"heading": heading, "problems": problems, "inputs": list(dict.fromkeys(name for _, name in said if name))}


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
    helpers = {"vocab_label": lambda field, key: label(field, key, words()),
               "refusal": lambda error, instead=None, checking=False: refusal(error, words(), instead, checking),
               "revision_status": lambda name, entity=None: revision_words.status(name, words(), entity),
               "page_date": lambda value: words().date(value),
               "revision_summary": lambda text, names=None: summary(text, words(), names),
               "who": lambda author: who(author, words())}
    for name, helper in helpers.items():
        app.add_template_global(helper, name)
    app.add_template_filter(clip, "clip")
    app.add_template_global(text_lang, "text_lang")
