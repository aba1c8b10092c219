"""The API's refusals in the reader's language: its parameters, ids, headers and tokens.

The library and the views write each refusal in English, and the JSON answer keeps it so as
`message` (scripts match it); `description`, which QGIS and other OGC API clients show, and the
error page say it in the request's language (`language.page_language`) where the catalogue has
a sentence for it. The ids, the text the reader sent and the parameters' names are carried over
as written, counts in the language's digits. A message without a sentence (the upload's have
theirs in `problem_words`) stays English, and is marked so. tests/test_api_words.py makes the
API refuse each of these and checks that its sentence is found, so a change of wording in the
library cannot go unnoticed.
"""

from __future__ import annotations

import re

from bordermap import revision_words
from bordermap.i18n import DEFAULT_LANGUAGE, N_, Messages

from . import problem_words

# A value as Python's repr() quotes it, in a message ('nope', or "it's"): the reader's own text.
_QUOTED = r"(?:'.*?'|\".*?\")"
# The named groups that are counts (written in the reader's digits); the others are kept as written.
COUNTS = frozenset({"n", "limit", "low", "high", "value", "later"})
# The parts of a date-time that may be out of range (bordermap.ogc_params._UNITS).
UNITS = {"year": N_("year"), "month": N_("month"), "hour": N_("hour"), "minute": N_("minute"),
         "second": N_("second"), "offset's hours": N_("hours of the UTC offset"),
         "offset's minutes": N_("minutes of the UTC offset")}
_UNIT = "|".join(map(re.escape, UNITS))
# The kinds of record a revision changes, as a refused revert names them (bordermap.store.rules:
# feature, layer, link, document, commitment, event), said as the revisions page says them.
_ENTITY = "|".join(map(re.escape, revision_words.ENTITIES))

MESSAGES = tuple((re.compile(pattern + r"\Z", re.S), sentence) for pattern, sentence in (
    # Query parameters (bordermap.ogc_params.refuse_unknown, refuse_repeated); the hints first.
    (r"unknown query parameters? (?P<names>.+?); this resource takes (?P<allowed>.+); only POST /api/features and "
     r"POST /api/documents take dry_run=1 \(a check that stores nothing\)",
     N_("unknown query parameter %(names)s; this address takes %(allowed)s; only POST /api/features and POST "
        "/api/documents take dry_run=1 (a check that stores nothing)")),
    # A yes-or-no parameter of a write (app/edit_api._flag).
    (rf"(?P<name>dry_run|repair|allow_duplicate): expected 1 or 0 \(or true or false\), got (?P<got>{_QUOTED})",
     N_("%(name)s: expected 1 or 0 (or true or false), got %(got)s")),
    (r"unknown query parameters? (?P<names>.+?); this resource takes (?P<allowed>.+); for limit and offset use "
     r"/ogc/collections/<layer>/items",
     N_("unknown query parameter %(names)s; this address takes %(allowed)s; for limit and offset use "
        "/ogc/collections/<layer>/items")),
    (r"unknown query parameters? (?P<names>.+?); this resource takes none; a feature's or a commitment's status on "
     r"a day is /api/features/<id>/history\?at= or /api/commitments/<id>/history\?at=",
     N_("unknown query parameter %(names)s; this address takes none; a feature's or a commitment's status on a "
        "day is /api/features/<id>/history?at= or /api/commitments/<id>/history?at=")),
    (r"unknown query parameters? (?P<names>.+?); this resource takes none",
     N_("unknown query parameter %(names)s; this address takes none")),
    (r"unknown query parameters? (?P<names>.+?); this resource takes (?P<allowed>.+)",
     N_("unknown query parameter %(names)s; this address takes %(allowed)s")),
    (r"parameter (?P<names>.+) given more than once", N_("parameter %(names)s given more than once")),
    # Paging, bbox and datetime of OGC API items (bordermap.ogc_params).
    (r"limit: expected a whole number of at least 1 \(a limit above (?P<limit>[\d,]+) counts as [\d,]+\), "
     rf"got (?P<got>{_QUOTED})",
     N_("limit: expected a whole number of at least 1 (a limit above %(limit)s counts as %(limit)s), got %(got)s")),
    (rf"offset: expected a whole number of at least (?P<n>\d+) \(and at most (?P<limit>\d+)\), got (?P<got>{_QUOTED})",
     N_("offset: expected a whole number of at least %(n)s (and at most %(limit)s), got %(got)s")),
    (rf"bbox: expected 4 or 6 comma-separated numbers \(minLon,minLat,maxLon,maxLat\), got (?P<got>{_QUOTED})",
     N_("bbox: expected 4 or 6 comma-separated numbers (minLon,minLat,maxLon,maxLat), got %(got)s")),
    (r"bbox: the southern edge (?P<south>\S+) is north of the northern edge (?P<north>\S+)",
     N_("bbox: the southern edge %(south)s is north of the northern edge %(north)s")),
    (rf"bbox: expected longitudes in -180\.\.180 and latitudes in -90\.\.90, got (?P<got>{_QUOTED})",
     N_("bbox: expected longitudes in -180..180 and latitudes in -90..90, got %(got)s")),
    (rf"datetime: (?P<got>{_QUOTED}) is not an RFC 3339 date or date-time \(such as 2025-12-08 or "
     r"2025-12-08T09:00:00Z\) nor '\.\.'",
     N_("datetime: %(got)s is not an RFC 3339 date or date-time (such as 2025-12-08 or 2025-12-08T09:00:00Z) nor "
        "'..'")),
    (rf"datetime: (?P<got>{_QUOTED}) has (?P<unit>{_UNIT}) (?P<value>\d+) \(expected (?P<low>\d+) to (?P<high>\d+)\)",
     N_("datetime: %(got)s has %(unit)s %(value)s (expected %(low)s to %(high)s)")),
    (rf"datetime: (?P<got>{_QUOTED}) is not a day of the calendar \((?P<month>\d{{4}}-\d{{2}}) has (?P<n>\d+) days\)",
     N_("datetime: %(got)s is not a day of the calendar (%(month)s has %(n)s days)")),
    (rf"at: (?P<got>{_QUOTED}) is not a day of the calendar \((?P<month>\d{{4}}-\d{{2}}) has (?P<n>\d+) days\)",
     N_("at: %(got)s is not a day of the calendar (%(month)s has %(n)s days)")),
    (rf"datetime: expected an RFC 3339 date-time or an interval start/end, got (?P<got>{_QUOTED})",
     N_("datetime: expected an RFC 3339 date-time or an interval start/end, got %(got)s")),
    (r"datetime: an interval needs at least one end", N_("datetime: an interval needs at least one end")),
    (rf"datetime: the interval (?P<got>{_QUOTED}) ends before it starts \(expected start/end with the start first\)",
     N_("datetime: the interval %(got)s ends before it starts (expected start/end with the start first)")),
    # The OGC API's format (app/ogc_api.py).
    (rf"f: expected one of (?P<allowed>[\w, ]+), got (?P<got>{_QUOTED})",
     N_("f: expected one of %(allowed)s, got %(got)s")),
    (rf"f: the schema is JSON only; expected json, got (?P<got>{_QUOTED})",
     N_("f: the schema is JSON only; expected json, got %(got)s")),
    # A date as of which to read (bordermap.timeline.parse_at).
    (rf"(?P<name>at): expected a date as YYYY-MM-DD \(2025-12-08\), got (?P<got>{_QUOTED})",
     N_("%(name)s: expected a date as YYYY-MM-DD (2025-12-08), got %(got)s")),
    # The searches (bordermap.layer_search.check_query), each alone or both, "; " between them.
    (r"q: expected the words to look for in the layer's names, got nothing",
     N_("q: expected the words to look for in the layer's names, got nothing")),
    (r"q: expected the words to look for in the places' names and ids, got nothing",
     N_("q: expected the words to look for in the places' names and ids, got nothing")),
    (r"q: expected at most (?P<limit>\d+) characters, got (?P<n>\d+)",
     N_("q: expected at most %(limit)s characters, got %(n)s")),
    (rf"limit: expected a whole number from 1 to (?P<limit>\d+), got (?P<got>{_QUOTED})",
     N_("limit: expected a whole number from 1 to %(limit)s, got %(got)s")),
    # A revision's pages of changes (app/edit_api.py).
    (rf"(?P<name>limit|offset): expected a whole number, got (?P<got>{_QUOTED})",
     N_("%(name)s: expected a whole number, got %(got)s")),
    # What an address names that is not there (the store, bordermap.ogc, app/download_api.py).
    (rf"no feature with id (?P<id>{_QUOTED}) in collection (?P<collection>{_QUOTED})",
     N_("no feature with id %(id)s in collection %(collection)s")),
    (rf"no layer with id (?P<id>{_QUOTED})", N_("no layer with id %(id)s")),
    (rf"no feature with id (?P<id>{_QUOTED})", N_("no feature with id %(id)s")),
    (rf"(?P<id>{_QUOTED}) is a place or an area, which takes no status; statuses are recorded for checkpoints, roads, "
     r"railways and the features of editors' layers",
     N_("%(id)s is a place or an area, which takes no status; statuses are recorded for checkpoints, roads, "
        "railways and the features of editors' layers")),
    (rf"no commitment with id (?P<id>{_QUOTED})", N_("no commitment with id %(id)s")),
    (rf"no document with id (?P<id>{_QUOTED})", N_("no document with id %(id)s")),
    (rf"no status event with id (?P<id>{_QUOTED}): revision (?P<n>\d+) took it back",
     N_("no status event with id %(id)s: revision %(n)s took it back")),
    (rf"no status event with id (?P<id>{_QUOTED})", N_("no status event with id %(id)s")),
    (r"no revision (?P<n>\d+)", N_("no revision %(n)s")),
    (rf"no download (?P<name>{_QUOTED}); layer (?P<id>{_QUOTED}) downloads as (?P<endings>[\w., ]+)",
     N_("no download %(name)s; layer %(id)s downloads as %(endings)s")),
    (r"no page, asset or item has an address holding a NUL character \(%00\)",
     N_("no page, asset or item has an address holding a NUL character (%%00)")),
    # The editor token (app/auth.py).
    (r"this needs the editor token: send the header Authorization: Bearer <token>",
     N_("this needs the editor token: send the header Authorization: Bearer <token>")),
    (r"expected the header Authorization: Bearer <token>", N_("expected the header Authorization: Bearer <token>")),
    (r"enter the editor token first", N_("enter the editor token first")),
    (r"editing is disabled: no editor token configured", N_("editing is disabled: no editor token configured")),
    (r"the editor token is not valid; wait (?P<n>\d+) seconds? before the next try",
     N_("the editor token is not valid; wait %(n)s seconds before the next try")),
    (r"too many wrong editor tokens from your address \((?P<address>[^)]*)\); wait (?P<n>\d+) seconds?, then enter "
     r"the token again",
     N_("too many wrong editor tokens from your address (%(address)s); wait %(n)s seconds, then enter the token "
        "again")),
    # Part 4's conditions and bodies (app/ogc_edit_api.py, bordermap.ogc_edit, bordermap.store.rules).
    (r"If-Match: a change to a feature must name the version it replaces; read the feature, then send its ETag as "
     r"If-Match \(or \* to change whatever is there now\)",
     N_("If-Match: a change to a feature must name the version it replaces; read the feature, then send its ETag "
        "as If-Match (or * to change whatever is there now)")),
    (r"If-Match: a weak tag \(W/\"\.\.\.\"\) never matches a change; send the feature's ETag as it was given",
     N_("If-Match: a weak tag (W/\"...\") never matches a change; send the feature's ETag as it was given")),
    (r"If-Match: expected one ETag, got (?P<n>\d+)", N_("If-Match: expected one ETag, got %(n)s")),
    (rf"feature (?P<id>{_QUOTED}) changed since you read it: you sent version (?P<sent>{_QUOTED}), it is now "
     rf"(?P<now>{_QUOTED}); nothing was changed\. Read it again, apply your change, and send the new version",
     N_("feature %(id)s changed since you read it: you sent version %(sent)s, it is now %(now)s; nothing was "
        "changed. Read it again, apply your change, and send the new version")),
    (rf"id: the body names feature (?P<given>{_QUOTED}) but the address names (?P<id>{_QUOTED}); leave the id out or "
     r"give the same one",
     N_("id: the body names feature %(given)s but the address names %(id)s; leave the id out or give the same one")),
    (r"expected one Feature, got a collection of (?P<n>\d+) features",
     N_("expected one Feature, got a collection of %(n)s features")),
    # The two types apart, so that the "or" between them is the reader's (review rv25b, #8).
    (rf"Content-Type: expected (?P<first>[\w/+-]+) or (?P<second>[\w/+-]+) \(a GeoJSON Feature\), "
     rf"got (?P<got>{_QUOTED})",
     N_("Content-Type: expected %(first)s or %(second)s (a GeoJSON Feature), got %(got)s")),
    (rf"Content-Type: expected (?P<types>[\w/+-]+) \(RFC 7396\), got (?P<got>{_QUOTED})",
     N_("Content-Type: expected %(types)s (RFC 7396), got %(got)s")),
    (rf"collection (?P<id>{_QUOTED}) is curated: its features change only through the reviewed data in geodata/, "
     r"never through the API; write to a layer of your own",
     N_("collection %(id)s is curated: its features change only through the reviewed data in geodata/, never "
        "through the API; write to a layer of your own")),
    (rf"layer (?P<id>{_QUOTED}) is curated; add features to a layer of your own",
     N_("layer %(id)s is curated; add features to a layer of your own")),
    # A revert refused (bordermap.store.rules.later_change_conflict, bordermap.store.common_ledger).
    # The kind of record changed is said as the English says it (review rv25b: "'ev-2' was changed").
    (rf"cannot revert revision (?P<n>\d+): (?P<entity>{_ENTITY}) (?P<id>{_QUOTED}|\(.*?\)) was changed by a later "
     r"change",
     N_("cannot revert revision %(n)s: %(entity)s %(id)s was changed by a later change")),
    (rf"cannot revert revision (?P<n>\d+): (?P<entity>{_ENTITY}) (?P<id>{_QUOTED}|\(.*?\)) was changed by a later "
     r"revision, revision (?P<later>\d+); revert revision \d+ first",
     N_("cannot revert revision %(n)s: %(entity)s %(id)s was changed by a later revision, revision %(later)s; "
        "revert revision %(later)s first")),
    (rf"cannot revert revision (?P<n>\d+): (?P<entity>{_ENTITY}) (?P<id>{_QUOTED}|\(.*?\)) was changed by later "
     r"revisions, revisions (?P<all>[\d, ]+); revert revision (?P<later>\d+) \(the newest\) first",
     N_("cannot revert revision %(n)s: %(entity)s %(id)s was changed by later revisions, revisions %(all)s; revert "
        "revision %(later)s (the newest) first")),
    (rf"reverting would bring back status event (?P<id>\S+) \(paragraph (?P<n>\d+)\) of document (?P<doc>{_QUOTED}), "
     r"whose words changed since it was cited",
     N_("reverting would bring back status event %(id)s (paragraph %(n)s) of document %(doc)s, whose words changed "
        "since it was cited")),
    (rf"reverting would bring back commitment (?P<id>\S+) \(paragraph (?P<n>\d+)\) of document (?P<doc>{_QUOTED}), "
     r"whose words changed since it was cited",
     N_("reverting would bring back commitment %(id)s (paragraph %(n)s) of document %(doc)s, whose words changed "
        "since it was cited")),
    (rf"removing document (?P<doc>{_QUOTED}) would break (?P<n>\d+) citation\(s\): (?P<cited>.+)",
     N_("removing document %(doc)s would break %(n)s citation(s): %(cited)s")),
    (rf"this change to document (?P<doc>{_QUOTED}) would break (?P<n>\d+) citation\(s\): (?P<cited>.+)",
     N_("this change to document %(doc)s would break %(n)s citation(s): %(cited)s")),
    # The server's side (app/error_handlers.py, bordermap.queries).
    (r"the request body is larger than the limit of (?P<n>[\d,]+) bytes",
     N_("the request body is larger than the limit of %(n)s bytes")),
    (r"something went wrong on our side; it has been logged",
     N_("something went wrong on our side; it has been logged")),
    (r"the data changed while each of (?P<n>\d+) tries at building this was made; try again in a moment",
     N_("the data changed while each of %(n)s tries at building this was made; try again in a moment")),
))


# A change refused for its problems: the first, and how many more (bordermap.ingest.problems.raise_for,
# bordermap.ledger.records.raise_for), in the frame the editors' forms say it in (refusal_words).
_REFUSED = re.compile(r"the (?P<what>upload was not imported|\w+ was not stored): (?P<first>.+?)"
                      r"(?: \(and (?P<n>\d+) more\))?\Z", re.S)
# A status event refused for its problems (bordermap.history), which `problems` lists.
_EVENT_RULES = re.compile(r"the status event breaks (?P<n>\d+) rule\(s\)")
FRAMES = {"upload was not imported": N_("the upload was not imported: %(first)s"),
          "document was not stored": N_("The document was not stored: %(problem)s"),
          "commitment was not stored": N_("The commitment was not stored: %(problem)s"),
          "retirement was not stored": N_("The retirement was not stored: %(problem)s"),
          "status event was not stored": N_("The status event was not stored: %(problem)s")}


def _sentence(text: str, here: Messages) -> str | None:
    for pattern, sentence in MESSAGES:
        found = pattern.match(text)
        if found is not None:
            values = found.groupdict()
            for name in COUNTS & values.keys():
                values[name] = problem_words.count(values[name], here)
            if values.get("unit") in UNITS:
                values["unit"] = here.gettext(UNITS[values["unit"]])
            if values.get("entity") in revision_words.ENTITIES:
                values["entity"] = here.gettext(revision_words.ENTITIES[values["entity"]])
            local = here.gettext(sentence)
            # A sentence the catalogue does not have yet is English: said so, not as the reader's.
            return local % values if local != sentence else None
    return None


def _problem(text: str, here: Messages) -> str | None:
    """One refusal or problem in its sentence: the API's own, the upload's (`problem_words`), or
    the editors' forms' after the place in the body it names (`form_words`, `refusal_words`); None without one."""
    from .form_words import form_sentence
    from .refusal_words import field_sentence

    local = _sentence(text, here)
    if local is not None:
        return local
    if problem_words.has_sentence(text, api=True):
        return problem_words.localized(text, here, api=True)
    found = problem_words.PROBLEM_PATH.fullmatch(text)
    said = field_sentence(found["path"], found["path"], found["message"], here) if found is not None else None
    if said is not None:  # a field left empty, in one sentence (not "event.note: required: …")
        return said
    local = form_sentence(found["message"], here) if found is not None else None
    return here.gettext(N_("%(field)s: %(problem)s"), field=found["path"], problem=local) if local else None


def said(message: str, here: Messages) -> str | None:
    """An API's refusal in `here`'s language, or None when it has no sentence (and in English,
    whose words are the library's); a change refused for its problems by its first, in the
    editors' frame; two refusals the searches join with "; " each in its sentence."""
    if here.lang == DEFAULT_LANGUAGE:
        return None
    local = _problem(message, here)
    if local is not None:
        return local
    rules = _EVENT_RULES.fullmatch(message)
    if rules is not None:  # a status event refused for its problems, counted as the history page counts them
        counted = here.ngettext("%(num)s problem", "%(num)s problems", int(rules["n"]))
        return here.gettext(FRAMES["status event was not stored"], problem=counted)
    refused = _REFUSED.match(message)
    first = _problem(refused["first"], here) if refused is not None and refused["what"] in FRAMES else None
    if first is not None:
        if refused["n"] is not None:
            first = here.ngettext("%(first)s (and %(num)s more)", "%(first)s (and %(num)s more)", int(refused["n"]),
                                  first=first)
        return here.gettext(FRAMES[refused["what"]], first=first, problem=first)
    parts = message.split("; ")
    if len(parts) == 2:
        first, second = (_sentence(part, here) for part in parts)
        if first is not None and second is not None:
            return here.gettext(N_("%(first)s; %(second)s"), first=first, second=second)
    return None


def problems(listed: list[str], here: Messages) -> list[tuple[str, bool]]:
    """Each problem of a refusal in `here`'s language, and whether it is said in it (False: its
    words are the library's English, its feature named in the reader's)."""
    return [(local, True) if (local := said(problem, here)) is not None
            else (problem_words.localized(problem, here, api=True), False) for problem in listed]
