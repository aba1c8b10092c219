"""The upload page's problems and notes in the reader's language.

The library writes every problem in English (the API and the logs keep them so);
`bordermap.ingest.explain` names the feature (for the page and the command line) and adds a hint. Here the page puts
each one, as explain wrote it, into Khmer or Vietnamese: the problems editors meet most have a
sentence of their own in the catalogue, their figures and names carried over; a problem
without one keeps its English words, with the feature and the hint in the reader's language.
tests/test_problem_words.py makes the library write each of these problems and checks that its
sentence is found, so a change of wording in the library cannot go unnoticed.
"""

from __future__ import annotations

import re

from bordermap import revision_words
from bordermap.i18n import N_, Messages
from bordermap.ingest.format_checks import NAMES as FORMAT_NAMES
from bordermap.ingest.not_maps import KINDS as FILE_KINDS

from . import structure_words
from .problem_tables import HINTS, MESSAGES, ON_THE_COMMAND_LINE, ON_THE_PAGE

# A problem about one field of a body ("features[0]: no feature with id 'x'"), its path and what
# is wrong there: the editors' forms, the commands and the API each say it at that field.
PROBLEM_PATH = re.compile(r"(?P<path>[\w.\[\]]+): (?P<message>.*)", re.S)
# The same on the command line, which names the option that gave the value ("--kind: expected …":
# review 28, #4; Khmer and Vietnamese said it in English, the option standing where a field would).
_OPTION = re.compile(r"(?P<option>--[a-z][a-z-]*): (?P<message>.+)", re.S)
FORMATS = frozenset(FORMAT_NAMES.values())  # said in the reader's language where a message names one

# The upload form's fields, as the library names them in a problem.
FIELDS = {"source_layer": N_("Layer in the file (when it holds several)"), "author": N_("Your name"),
          "encoding": N_("Text encoding"),
          "crs (given with the upload)": N_("CRS of the coordinates (given with the upload)")}

_FEATURE = re.compile(r"\bfeature (\d+)(?= “|[,;:)]|\Z)")
_ROW = re.compile(r"\brow (\d+)(?= \(|[,;:)]|\Z)")
# "feature 3 “Depot”, properties.status: ...", "row 2 (Depot): ...", "row 2 (Depot), status: ...",
# "geometry: ..." or
# "crs (given with the upload): ..."
_WHO_AND_PATH = re.compile(r"(?P<head>feature \d+(?: “[^”]*”)?(?:, [^:]+)?|row \d+(?: \(.*?\))?(?:, [^:]+)?"
                           r"|\(top level\)|[\w.\[\]()]+(?: \([\w ]+\))?): (?P<message>.*)", re.S)


# What a JSON reader (orjson) says is wrong at the place a syntax error gives.
JSON_REASONS = {
    "trailing comma is not allowed": N_("a comma before a closing bracket or brace is not allowed"),
    "unexpected end of data": N_("the text ends before the JSON does (a bracket, brace or quote is not closed)"),
    "unexpected character, expected ':' after key": N_("expected “:” after a key"),
    "unexpected character, expected a string key": N_("expected a key in double quotes"),
    "unexpected content after document": N_("more text follows the end of the JSON"),
    "number with leading zero is not allowed": N_("a number may not start with 0"),
    "found text where a JSON value should start": N_("found text where a JSON value should start"),
    # The commonest mistake of a file edited by hand: a missing comma, or a bracket not closed.
    "unexpected character, expected ',' or '}'": N_("expected a comma or “}” here: a comma between two members "
                                                    "of an object, or the brace that closes it"),
    "unexpected character, expected ',' or ']'": N_("expected a comma or “]” here: a comma between two values "
                                                    "of a list, or the bracket that closes it"),
    "unexpected character, expected a JSON value": N_("expected a value here: a number, a text in double quotes, "
                                                      "true, false, null, a list or an object"),
    "invalid escaped sequence in string": N_("a backslash in a text starts no escape JSON knows (a backslash "
                                             "itself is written \\\\)"),
    "unexpected control character in string": N_("a text holds a tab or line break as it is (JSON writes them "
                                                 "\\t and \\n)"),
    "no low surrogate in string": N_("a text holds half of a \\u escape pair"),
    "number is infinity when parsed as double": N_("a number too large to be read"),
    "no digit after sign": N_("a minus sign with no number after it"),
}
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_NUMBER = re.compile(r"(-?)(\d{1,3}(?:,\d{3})+|\d+)(?![\d.])")
_GEOS_REASON = re.compile(r"(?P<reason>[\w -]+) at (?P<at>\[[^\]]*\])")
_DESCRIBED = re.compile(r"(?P<what>an array of|an integer of) (?P<n>\d+) (?:item\(s\)|digits)")
# The hint validate._case_hint adds to a type given in the wrong case.
_CASE_HINT = re.compile(r'(?P<message>.+) \(types are case-sensitive: write "(?P<name>\w+)"\)', re.S)
# The named groups that may hold a figure of the file: kept as the file writes it (`quoted`).
FIGURES = frozenset({"got", "south", "north", "low", "high", "west", "east", "lat", "first", "second", "last", "x",
                     "box", "bounds"})
_LATIN_DIGIT = re.compile("[0-9]")
_QUOTED = re.compile(r'“.*”|".*"|\'.*\'', re.S)
# A decimal sign, or a list's comma, after a digit: what reads otherwise where "," is the decimal sign.
_SIGN_AFTER_DIGIT = re.compile(r"\d[.,]")


def quoted(value: str, here: Messages) -> str:
    """A value of the file as the file writes it. Where the reader's digits or decimal sign are
    not the file's (Khmer's digits; Vietnamese's decimal comma, where the file's 106.121 reads as
    a hundred and six thousand beside our "200.000 đối tượng": review 31b, #2), one holding digits
    is set in quotation marks (“105.5”), so that it reads as the file's; elsewhere as it is."""
    if not value or not _LATIN_DIGIT.search(value) or _QUOTED.fullmatch(value):
        return value
    if here.digits("0") == "0" and (here.number(0.5) == "0.5" or not _SIGN_AFTER_DIGIT.search(value)):
        return value
    return f"“{value}”"


_EXAMPLES = re.compile(r"e\.g\. (?P<first>.+) or (?P<second>.+)\Z")


def count(text: str, here: Messages) -> str:
    """A count as the library wrote it ("12", or "1,234" grouped) in the reader's digits and
    grouping; anything else (a position, "[105.5, 11.5]") as it is."""
    if _GROUPED.fullmatch(text):
        return here.number(int(text.replace(",", "")))
    return here.numeral(text) if text.isdigit() else text


def got(text: str, here: Messages) -> str:
    """What arrived as `ingest.problems.describe` wrote it, in the reader's language where it is words
    ("nothing", "an object", "an array of 7 item(s)"); a value the file holds as it is."""
    if text == "nothing":
        return here.gettext(structure_words.NOTHING)
    if text == "an object":
        return here.gettext(structure_words.AN_OBJECT)
    found = _DESCRIBED.fullmatch(text)
    if found is None:
        return text
    n = int(found["n"])
    if found["what"] == "an array of":
        return here.ngettext("an array of %(num)s item", "an array of %(num)s items", n)
    return here.ngettext("an integer of %(num)s digit", "an integer of %(num)s digits", n)


def _match(text: str, table):
    """The first entry of `table` that says `text`, with its match; a message ending in the hint
    that a type is case-sensitive matched without it (the hint is said after it)."""
    hinted = _CASE_HINT.fullmatch(text)
    if hinted is not None:
        inner = _match(hinted["message"], table)
        if inner is not None:
            return inner[:3] + (hinted["name"],)
    for pattern, sentence, counts in table:
        found = pattern.match(text)
        if found is not None:
            return found, sentence, counts, None
    return None


def _sentence(text: str, table, here: Messages, *, start: bool = False) -> str | None:
    """`text` in the sentence of `table` that says it, in `here`'s language (with `start`, as
    the start of an item, with a capital); None when none does."""
    matched = _match(text, table)
    if matched is None:
        return None
    found, sentence, counts, hint = matched
    values = found.groupdict()
    for name in counts & values.keys():
        values[name] = count(values[name], here)
    if values.get("got") and "got" not in counts:  # "got nothing", "got an object": the library's words
        described = got(values["got"], here)
        values["got"] = described if described != values["got"] else quoted(values["got"], here)
    for name in (FIGURES - {"got"} - counts) & values.keys():
        values[name] = quoted(values[name], here)
    if values.get("what") in structure_words.PARTS:
        values["what"] = here.gettext(structure_words.PARTS[values["what"]])
    if values.get("numbers"):  # "x 700,000…700,000, y 1,220,000…": each figure in the reader's way
        values["numbers"] = _NUMBER.sub(lambda m: m.group(1) + count(m.group(2), here), values["numbers"])
    if values.get("what") in JSON_REASONS:
        values["what"] = here.gettext(JSON_REASONS[values["what"]])
    elif values.get("what") in FILE_KINDS:
        values["what"] = here.gettext(values["what"])
    for name in ("kind", "format"):
        if values.get(name) in FORMATS:  # "zipped Shapefile"; the others are names
            values[name] = here.gettext(values[name])
    reason = _GEOS_REASON.fullmatch(values.get("reason") or "")
    if reason is not None and reason["reason"] in structure_words.GEOS_REASONS:  # GEOS's words, said
        values["reason"] = here.gettext(structure_words.REASON_AT, at=quoted(reason["at"], here),
                                        reason=here.gettext(structure_words.GEOS_REASONS[reason["reason"]]))
    if values.get("driver") == "nothing it knows":
        values["driver"] = here.gettext(structure_words.NOTHING_KNOWN)
    if values.get("when"):  # a revision's time: the language's date and digits (review rv21e, F6)
        values["when"] = revision_words.when(values["when"], here)
    examples = _EXAMPLES.match(values.get("examples") or "")
    if examples is not None:
        values["examples"] = here.gettext(N_("e.g. %(first)s or %(second)s"), **examples.groupdict())
    said = (_capital(here.gettext(sentence)) if start else here.gettext(sentence)) % values
    if hint is None:
        return said
    return here.gettext(N_('%(problem)s (types are case-sensitive: write "%(name)s")'), problem=said, name=hint)


def _messages(page: bool, api: bool):
    return MESSAGES if api else ON_THE_PAGE if page else ON_THE_COMMAND_LINE


def has_sentence(problem: str, *, page: bool = True, api: bool = False) -> bool:
    """Whether `localized` says the problem itself in a sentence of the catalogue (and not only
    its feature, or its hint)."""
    problem = problem.partition(" — ")[0]
    found = _WHO_AND_PATH.match(problem)
    text = found["message"] if found is not None else problem
    return _match(text, _messages(page, api)) is not None


# The place inside a feature, as explain says it ("geometry.coordinates, ring 1, position 4"):
# each item of an array by what it is and its number from 1, as the feature is numbered.
PLACES = {"position": N_("position %(n)s"), "ring": N_("ring %(n)s"), "line": N_("line %(n)s"),
          "polygon": N_("polygon %(n)s"), "part": N_("part %(n)s"), "number": N_("number %(n)s"),
          "item": N_("item %(n)s")}
_PLACE = re.compile(rf"(?<=, )(?P<what>{'|'.join(PLACES)}) (?P<n>\d+)(?=, |\Z)")
_WHO = re.compile(r"(?P<what>feature|row) (?P<n>\d+)(?P<name> “[^”]*”| \(.*?\))?(?P<rest>.*)", re.S)
# A list item starts with a capital: the feature or row it is about, the place in the file
# ("At features[0].geometry", a JSON path counted from 0 as JSON counts), or the sentence.
_STARTS = {"feature": N_("Feature %(n)s"), "row": N_("Row %(n)s")}
AT_PATH = N_("At %(path)s: %(problem)s")
WHOLE_FILE = N_("The file as a whole: %(problem)s")


def _who(head: str, here: Messages) -> str:
    """The feature or row a problem is about as the start of an item ("Feature 3 “Depot”,
    geometry.coordinates, position 2"), in the reader's words and digits; a name as written."""
    found = _WHO.fullmatch(head)
    rest = _PLACE.sub(lambda m: here.gettext(PLACES[m["what"]], n=here.numeral(m["n"])), found["rest"])
    return here.gettext(_STARTS[found["what"]], n=here.numeral(found["n"])) + (found["name"] or "") + rest


def _capital(text: str) -> str:
    """`text` (a sentence of the catalogue, before its values are put in) with a capital first
    letter; a sentence that starts with a value of the file (a placeholder) as it is."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


# The note on null values dropped, whole: "properties: empty (null) values were dropped: kind, name"
# read as three colons in a row after "note:" (review 28, #1); said as one sentence in every
# language, English included, the properties named and counted.
_NULLS_DROPPED = re.compile(r"properties: empty \(null\) values were dropped: (?P<names>.+)\Z", re.S)


def note(text: str, here: Messages, *, start: bool = True) -> str | None:
    """A note said whole in one sentence of `here`'s language (with `start`, with a capital); None
    for any other problem or note."""
    found = _NULLS_DROPPED.match(text)
    if found is None:
        return None
    names = found["names"]
    said = here.ngettext("empty (null) values were dropped from the property %(names)s",
                         "empty (null) values were dropped from the properties %(names)s",
                         len(names.split(", ")), names=names)
    return said[:1].upper() + said[1:] if start else said


def localized(problem: str, here: Messages, *, page: bool = True, api: bool = False, start: bool = True) -> str:
    """One problem or note as explain wrote it, in the language of `here`, as an item of a list
    (with `start` False, as what follows a field's name: "Title: give the new layer a title"):
    starting with a capital, its counts (and the number of the feature it is about, and of the
    place in it) in that language's digits; with `page` False (the command line), without the
    sentences that point to the upload page's own controls; with `api`, only the sentences
    that name neither the page's controls nor the command's options."""
    whole = note(problem, here, start=start)
    if whole is not None:
        return whole
    option = None if page or api else _OPTION.fullmatch(problem)
    if option is not None:  # "--kind: expected …": the option as typed, what follows in a sentence
        return here.gettext(N_("%(field)s: %(problem)s"), field=option["option"],
                            problem=localized(option["message"], here, page=False, start=False))
    messages = _messages(page, api)
    problem, dash, hint = problem.partition(" — ")
    if dash:
        hint = _sentence(hint, HINTS, here) or hint
    found = _WHO_AND_PATH.match(problem)
    head = found["head"] if found is not None else ""
    if found is not None and head == "(file)":  # a note on the whole file, whose sentence says so
        problem = _sentence(found["message"], messages, here, start=start) or found["message"]
    elif found is not None and head in FIELDS:  # the API's names of the form's fields
        message = _sentence(found["message"], messages, here) or found["message"]
        problem = here.gettext(N_("%(field)s: %(problem)s"), field=here.gettext(FIELDS[head]), problem=message)
    elif found is not None and _WHO.fullmatch(head):  # the language's colon (Khmer "៖") after the feature
        message = _sentence(found["message"], messages, here) or found["message"]
        problem = here.gettext(N_("%(field)s: %(problem)s"), field=_who(head, here), problem=message)
    elif found is not None:
        message = _sentence(found["message"], messages, here)
        if message is not None:  # the place in the file, said to be one
            problem = here.gettext(WHOLE_FILE, problem=message) if head == "(top level)" else \
                here.gettext(AT_PATH, path=head, problem=message)
    else:
        problem = _sentence(problem, messages, here, start=start) or problem
    text = _ROW.sub(lambda m: here.gettext(N_("row %(n)s"), n=here.numeral(m.group(1))),
                    problem + (" — " + hint if dash else ""))
    return _FEATURE.sub(lambda m: here.gettext(N_("feature %(n)s"), n=here.numeral(m.group(1))), text)
