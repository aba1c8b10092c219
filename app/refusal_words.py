"""A refused change as every editors' form says it, in the reader's language: each problem by
the form's name for its field (`form_words`), a required field or a choice in one sentence, the
problems counted under one heading; a server's failure said without its details.

The library and the API keep the English.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from bordermap import revision_words
from bordermap.errors import BordermapError
from bordermap.i18n import N_, Messages, clip

from .editor_words import label
from .form_words import FIELD_PATH, FIELDS, OPTIONS, field_name, form_sentence
from .problem_words import PROBLEM_PATH, localized
from .resources import store

log = logging.getLogger(__name__)

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
# (`label`), or by form_words.OPTIONS.
_LISTS = frozenset({"sector", "statement", "status", "kind", "date_precision", "language"})


def _option(path: str, field: str, key: str, here: Messages) -> str:
    """One choice of a form's list as the form names it."""
    if field == "date_precision":
        return here.gettext(OPTIONS[field][key]) if key in OPTIONS[field] else key
    if field == "language":
        return OPTIONS[field].get(key, key)
    if path.startswith("event."):  # the history form's status: a feature's or a commitment's
        return revision_words.status(key, here)
    return label(field, key, here)


def _choice(path: str, message: str, here: Messages) -> str | None:
    """A refused choice from one of the forms' lists in the page language: "choose one" when
    none was chosen, else the choices as the form names them (not their ids); None when the
    problem is another."""
    field, found = FIELD_PATH.fullmatch(path), _CHOICE.fullmatch(message)
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
    (r"name at least one actor", N_("name at least one actor")),
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
        return localized(text, here)
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
    path = FIELD_PATH.fullmatch(found["path"]) if found is not None else None
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
