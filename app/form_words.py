"""The editors' forms' words: each field by the name a reader finds on the form, and the
sentences the ledger's checks (bordermap.ledger.records, bordermap.history) are said in.

The library and the API keep the English; `refusal_words` says a whole refusal with these.
"""

from __future__ import annotations

import re

from bordermap.i18n import N_, Messages

# The forms' lists whose choices a refusal names as the form does: by the vocabulary's labels
# (`editor_words.label`), or by these.
OPTIONS = {"date_precision": {"day": N_("day"), "month": N_("month"), "year": N_("year")},
           "language": {"en": "English", "km": "ខ្មែរ", "vi": "Tiếng Việt"}}

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
    # A target's range written backwards (bordermap.ledger.records; review 33a, #4).
    (r"the range (?P<got>'.+') ends before it begins: give its first date first",
     N_("the range %(got)s ends before it begins: give its first date first")),
    # Paragraphs that number themselves otherwise than the count (bordermap.ledger.actions.document_warnings).
    (r"paragraph (?P<n>\d+) begins with its own number (?P<own>\d+): the text numbers its paragraphs otherwise "
     r"than they are counted here, and a commitment cites the count \(¶\d+\), not the number printed",
     N_("paragraph %(n)s begins with its own number %(own)s: the text numbers its paragraphs otherwise than they "
        "are counted here, and a commitment cites the count (¶%(n)s), not the number printed")),
))
_COUNTS = frozenset({"count", "n", "own", "share"})


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
                values["language"] = OPTIONS["language"].get(values.pop("code"), "")
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
FIELD_PATH = re.compile(r"(?:event\.|document\.|commitment\.)?(?P<name>[a-z_.]+?)(?:\[(?P<index>\d+)\])?")


# A field whose label is a whole phrase, named briefly where a refusal names it.
_BRIEF = {"feature_id": N_("Feature id")}


def field_name(path: str, here: Messages) -> str:
    """The form's name of the field a problem's path names, in the page language (briefly where
    its label is a phrase, `_BRIEF`); the path as it is when no form field has it."""
    found = FIELD_PATH.fullmatch(path)
    if found is None or found["name"] not in FIELDS:
        return path
    name = here.gettext(_BRIEF.get(found["name"]) or FIELDS[found["name"]])
    return name if found["index"] is None else f"{name} {here.numeral(str(int(found['index']) + 1))}"

