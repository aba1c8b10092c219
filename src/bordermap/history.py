"""Status events and targets: what they hold, how they are checked, and the curated ones.

An event says that on a date (with its precision, and whether the date is estimated) a feature
or a commitment had a status, on the evidence of a source, in a short note of our own. A target
says which status was meant to be reached by when. `bordermap.timeline` reads them as of a date.

Events and targets cross the store contract as dicts:
`{"id", "kind": "event"|"target", "entity": "feature"|"commitment", "entity_id", "origin":
"curated"|"user", ...}` plus, for an event, `date`, `precision`, `estimated`, `status`,
`source`, `confidence`, `note` (and optionally `by`, true when the date is only a bound: its
source, of that date, reports the status as already held; and `date_note`); for a target,
`status`, `target`,
`set`, `source`, `note`. A `source` is `{"document", "paragraph"}` (a documents.toml id) or
`{"title", "publisher", "date"}` with an optional `url`; curated files cite by id and are
resolved here.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from pathlib import Path
from typing import Any, Mapping

from .errors import CuratedDataError, InvalidInput
from .model import FEATURE_STATUSES
from .sources import known_paragraph_count


def _quoted(value: Any) -> str:
    """A value an editor gave, quoted as every refusal quotes one (JSON: "2026/1/1")."""
    from .ingest.validate import describe  # imported here: ingest imports this module

    return describe(value)


ENTITIES = ("feature", "commitment")
PRECISIONS = {"day": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
              "year": re.compile(r"^\d{4}$")}
CONFIDENCES = ("high", "medium", "low")
# The statuses and their meanings: docs/data-model.md.
COMMITMENT_STATUSES = ("pledged", "under-discussion", "under-study", "in-progress", "ongoing", "done",
                       "dropped")
_TARGET = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:(?:-|/)(\d{4}(?:-\d{2}(?:-\d{2})?)?))?$")
NOTE_LIMIT = 600
STATEMENT_NOTE = "Statement, as the document cited records it."


def statuses(entity: str) -> tuple[str, ...]:
    return FEATURE_STATUSES if entity == "feature" else COMMITMENT_STATUSES


def precision_of(date: str) -> str | None:
    """"day", "month" or "year" for an ISO date of that shape; None for anything else."""
    return next((name for name, shape in PRECISIONS.items() if shape.match(date or "")), None)


def first_day(date: str) -> str:
    """The first day a (partial) date covers: "2014" → "2014-01-01"."""
    return {4: date + "-01-01", 7: date + "-01"}.get(len(date), date)


def last_day(date: str) -> str:
    """The last day a (partial) date covers: "2027" → "2027-12-31", "2026-02" → "2026-02-28"."""
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:])
        following = _dt.date(year + month // 12, month % 12 + 1, 1)
        return (following - _dt.timedelta(days=1)).isoformat()
    return date


def target_days(target: str) -> list[str]:
    """The days, months or years a target names ("2027-06", "2026-2030": both ends); none for
    one that names no date (a figure to reach)."""
    found = _TARGET.match((target or "").strip())
    return [part for part in found.groups() if part] if found else []


def deadline(target: str) -> str | None:
    """The last day a target allows: the end of its range ("2026-2030" → "2030-12-31"); None
    when it names no date (a figure to reach)."""
    days = target_days(target)
    return last_day(days[-1]) if days else None


def _real_date(value: str) -> bool:
    try:
        _dt.date.fromisoformat(first_day(value))
        return True
    except ValueError:
        return False


DATE_REQUIRED = "required: give a date as YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known"


def _text(data: Mapping, key: str, where: str, problems: list[str], *, required: bool = True,
          limit: int = NOTE_LIMIT, missing: str = "required: give it a value") -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            problems.append(f"{where}.{key}: {missing}")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}.{key}: expected text, got {type(value).__name__}")
        return ""
    from .ingest.text import one_line, text_problems  # the ingest package imports the store

    problems += [str(p) for p in text_problems(value, f"{where}.{key}", one_line(limit))]
    return value


def check_source(source: Any, where: str, documents: Mapping[str, Mapping]) -> list[str]:
    """Problems with an event's source: a known document and a paragraph, or a title,
    publisher and date (ISO) with an optional http(s) URL."""
    if not isinstance(source, Mapping):
        return [f"{where}: expected a document and paragraph, or a title, publisher and date"]
    problems: list[str] = []
    if "document" in source:
        if source["document"] not in documents:
            problems.append(f"{where}.document: no document with id {source['document']!r}")
        paragraph = source.get("paragraph")
        if not isinstance(paragraph, int) or isinstance(paragraph, bool) or paragraph < 1:
            problems.append(f"{where}.paragraph: expected a paragraph number from 1, got {_quoted(paragraph)}")
        elif source["document"] in documents:
            count = known_paragraph_count(documents[source["document"]])
            if count is not None and paragraph > count:  # worded as the ledger's check words it
                problems.append(f"{where}.paragraph: document {source['document']!r} has paragraphs 1 to {count}, "
                                f"not {paragraph}")
        return problems
    if not any(str(source.get(key) or "").strip() for key in ("title", "publisher", "date", "url")):
        # Nothing of either kind: one problem that says both ways, not three about the second.
        return [f"{where}: expected a document and paragraph, or a title, publisher and date"]
    _text(source, "title", where, problems, limit=300)
    _text(source, "publisher", where, problems, limit=200)
    date = _text(source, "date", where, problems, limit=10)
    if date and (precision_of(date) is None or not _real_date(date)):
        problems.append(f"{where}.date: expected an ISO date (2025-12-08, 2025-12 or 2025), got {_quoted(date)}")
    url = source.get("url")
    if url is not None and not (isinstance(url, str) and re.match(r"^https?://\S+$", url) and len(url) < 1000):
        problems.append(f"{where}.url: expected an http:// or https:// address, got {_quoted(url)}")
    return problems


def event_problems(event: Mapping, where: str, documents: Mapping[str, Mapping]) -> list[str]:
    """Every rule an event breaks (without checking that its feature or commitment exists)."""
    problems: list[str] = []
    entity = event.get("entity")
    if entity not in ENTITIES and (entity or event.get("entity_id")):  # none at all: entity_id's "required" says it
        problems.append(f"{where}.entity: expected 'feature' or 'commitment', got {entity!r}")
    _text(event, "entity_id", where, problems, limit=200)
    # A missing date is asked for in the shape it takes, as the commitment form asks (review 24a, #13).
    date = _text(event, "date", where, problems, limit=10, missing=DATE_REQUIRED)
    if date:
        if precision_of(date) is None or not _real_date(date):
            problems.append(f"{where}.date: expected an ISO date (2025-12-08, 2025-12 or 2025), got {_quoted(date)}")
        elif event.get("precision") != precision_of(date):
            problems.append(f"{where}.precision: the date {_quoted(date)} is given to the {precision_of(date)}, "
                            f"got precision {_quoted(event.get('precision'))}")
    if not isinstance(event.get("estimated"), bool):
        problems.append(f"{where}.estimated: expected true or false, got {_quoted(event.get('estimated'))}")
    if "by" in event and not isinstance(event["by"], bool):
        problems.append(f"{where}.by: expected true or false, got {_quoted(event['by'])}")
    elif event.get("by") and event.get("estimated") is True:
        problems.append(f"{where}.by: a date that is a bound (by) is the source's own date, not an estimate: "
                        "give by or estimated, not both")
    if event.get("status") in (None, ""):
        problems.append(f"{where}.status: required: give it a value")
    elif entity in ENTITIES and event.get("status") not in statuses(entity):
        problems.append(f"{where}.status: expected one of {', '.join(statuses(entity))}, "
                        f"got {_quoted(event.get('status'))}")
    if event.get("confidence") not in CONFIDENCES:
        problems.append(f"{where}.confidence: expected high, medium or low, got {_quoted(event.get('confidence'))}")
    _text(event, "note", where, problems)
    _text(event, "date_note", where, problems, required=False)
    problems += check_source(event.get("source"), f"{where}.source", documents)
    return problems


def check_event(event: Mapping, documents: Mapping[str, Mapping], where: str = "event",
                also: list[str] | tuple = ()) -> None:
    """InvalidInput listing every problem (`also`'s with the event's), when there is one."""
    problems = [*also, *event_problems(event, where, documents)]
    if problems:
        raise InvalidInput(f"the status event breaks {len(problems)} rule(s)", problems=problems)


# The fields of an editor's event, as the API reads them (`source` as the event carries it, or
# its parts flat, as the form sends them).
EVENT_FIELDS = ("entity", "entity_id", "date", "status", "note", "confidence", "estimated", "by", "date_note",
                "document", "paragraph", "source_title", "source_publisher", "source_date", "source_url", "source")
# What an event read back from the API also carries: given again, they are taken as said
# (the store gives the id and origin; the precision follows the date, and must agree with it).
_READ_BACK = ("kind", "precision", "id", "origin")
_SOURCE_FIELDS = {"document": "document", "paragraph": "paragraph", "title": "source_title",
                  "publisher": "source_publisher", "date": "source_date", "url": "source_url"}


def api_event_fields(body: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """An API body's fields as `editor_event` reads them, and the problems of its keys.

    `source` may be given as an event carries it (GET /api/history answers so): {document,
    paragraph} or {title, publisher, date, url}. A key that is no field of an event is a problem
    named by its path, where it would otherwise be dropped unseen (a misspelt "source_tilte"
    read as no title at all)."""
    fields = {key: value for key, value in body.items() if key != "source"}
    problems = [f"event.{key}: not a field of a status event (expected one of {', '.join(EVENT_FIELDS)})"
                for key in body if key not in EVENT_FIELDS and key not in _READ_BACK]
    date, precision = body.get("date"), body.get("precision")
    if precision is not None and isinstance(date, str) and precision_of(date) not in (None, precision):
        problems.append(f"event.precision: follows the date's shape ({precision_of(date)} for {_quoted(date)}), "
                        f"got {_quoted(precision)}")
    source = body.get("source")
    flat = [key for key in _SOURCE_FIELDS.values() if key in body]
    if isinstance(source, Mapping) and flat:
        problems.append(f"event.source: given twice, as an object and as {', '.join(flat)}; give one")
    elif isinstance(source, Mapping):
        for key, value in source.items():
            if key in _SOURCE_FIELDS:
                fields.setdefault(_SOURCE_FIELDS[key], value)
            else:
                problems.append(f"event.source.{key}: not a field of a source "
                                f"(expected one of {', '.join(_SOURCE_FIELDS)})")
    elif source is not None:
        problems.append(f"event.source: expected an object such as {{\"document\": …, \"paragraph\": …}} "
                        f"or {{\"title\": …, \"publisher\": …, \"date\": …}}, got {type(source).__name__}")
    return fields, problems


def editor_event(fields: Mapping[str, Any], documents: Mapping[str, Mapping],
                 also: list[str] | tuple = ()) -> dict[str, Any]:
    """An event from an editor's fields (API, CLI or form), checked; InvalidInput otherwise
    (listing `also`'s problems with the event's).

    `fields`: entity, entity_id, date, status, note, confidence (default "medium"), estimated
    (default false), by (default false: see the module's docstring), date_note, and either
    document + paragraph or source_title,
    source_publisher, source_date, source_url. The precision follows the date's shape.
    """
    def flag(value: Any) -> Any:
        if isinstance(value, str) and value.lower() in ("1", "true", "yes", "on"):
            return True
        if isinstance(value, str) and value.lower() in ("", "0", "false", "no", "off"):
            return False
        return False if value is None else value

    date = fields.get("date") or ""
    event: dict[str, Any] = {
        "entity": fields.get("entity"), "entity_id": fields.get("entity_id"),
        "date": date, "precision": precision_of(date) if isinstance(date, str) else None,
        "estimated": flag(fields.get("estimated")), "status": fields.get("status"),
        "confidence": fields.get("confidence") or "medium", "note": fields.get("note"),
    }
    if fields.get("by") is not None:
        event["by"] = flag(fields.get("by"))
    if fields.get("date_note"):
        event["date_note"] = fields["date_note"]
    if fields.get("document"):
        paragraph = fields.get("paragraph")
        try:
            paragraph = int(paragraph) if isinstance(paragraph, str) else paragraph
        except ValueError:
            pass
        event["source"] = {"document": fields["document"], "paragraph": paragraph}
    else:
        source = {"title": fields.get("source_title"), "publisher": fields.get("source_publisher"),
                  "date": fields.get("source_date")}
        if fields.get("source_url"):
            source["url"] = fields["source_url"]
        event["source"] = source
    if isinstance(date, str) and precision_of(date) is not None and _real_date(date) \
            and first_day(date) > latest_today():
        also = [*also, f"event.date: {_quoted(date)} is after today: an event records what has happened; give what "
                       "is planned as a target"]
    check_event(event, documents, also=also)
    return event


def latest_today() -> str:
    """The last day an editor's event, document or commitment's statement may have: today where
    the day began first (UTC+14), so that an editor in Phnom Penh or Ha Noi (UTC+7) may record
    what happened today there."""
    return (_dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(hours=14)).date().isoformat()


# --- the curated history (geodata/history.toml) ------------------------------------------------
def _cited(entry: Mapping, where: str, sources: Mapping[str, Mapping], documents: Mapping[str, Mapping]) -> dict:
    """An entry's `source` id as the source itself."""
    source_id = entry.get("source")
    if source_id in documents:
        return {"document": source_id, "paragraph": entry.get("paragraph")}
    if source_id in sources:
        return {k: v for k, v in sources[source_id].items() if k in ("title", "publisher", "date", "url")}
    raise CuratedDataError(f"history.toml: {where}.source: no source or document with id {source_id!r}")


def _entity(entry: Mapping, where: str) -> tuple[str, str]:
    kinds = [kind for kind in ENTITIES if kind in entry]
    if len(kinds) != 1:
        raise CuratedDataError(f"history.toml: {where}: give one of feature = \"id\" or commitment = \"id\"")
    return kinds[0], entry[kinds[0]]


def statement_event(item: Mapping) -> dict[str, Any]:
    """A commitment's first event: its statement, with the status the document gave it.

    `statement` marks it so that the map shows its note, an interface string, in the page's
    language (`STATEMENT_NOTE` is marked for the gettext catalogues in historyview.js)."""
    return {"entity": "commitment", "entity_id": item["id"], "date": item["stated"], "precision": "day",
            "estimated": False, "status": item["status"],
            "source": {"document": item["document"], "paragraph": item["paragraph"]},
            "confidence": "high", "note": STATEMENT_NOTE, "statement": True}


def load_history(folder: Path, commitments: list[Mapping], documents: list[Mapping]) -> list[dict[str, Any]]:
    """Every curated event and target: each commitment's statement, then history.toml's entries,
    with ids (`<entity id>@<date>`, `<entity id>@target-<n>`) and sources resolved.

    CuratedDataError, naming the entry, when one breaks a rule.
    """
    path = folder / "history.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        sources_path = folder / "facts" / "sources.toml"
        sources = {s["id"]: s for s in tomllib.loads(sources_path.read_text(encoding="utf-8")).get("sources", [])} \
            if sources_path.exists() else {}
    except tomllib.TOMLDecodeError as exc:
        raise CuratedDataError(f"history.toml: {exc}") from exc
    by_id = {d["id"]: d for d in documents}
    result: list[dict[str, Any]] = []
    taken: set[str] = set()

    def add(kind: str, entry: dict[str, Any], base: str) -> None:
        entry_id, n = base, 1
        while entry_id in taken:
            n += 1
            entry_id = f"{base}-{n}"
        taken.add(entry_id)
        result.append({"id": entry_id, "kind": kind, "origin": "curated", **entry})

    for item in commitments:
        add("event", statement_event(item), f"{item['id']}@{item['stated']}")
    problems: list[str] = []
    for index, entry in enumerate(raw.get("events", [])):
        where = f"events[{index}]"
        entity, entity_id = _entity(entry, where)
        event = {k: v for k, v in entry.items() if k not in (*ENTITIES, "source", "paragraph")}
        event.update(entity=entity, entity_id=entity_id, source=_cited(entry, where, sources, by_id))
        problems += event_problems(event, where, by_id)
        add("event", event, f"{entity_id}@{entry.get('date')}")
    for index, entry in enumerate(raw.get("targets", [])):
        where = f"targets[{index}]"
        entity, entity_id = _entity(entry, where)
        target = {k: v for k, v in entry.items() if k not in (*ENTITIES, "source", "paragraph")}
        target.update(entity=entity, entity_id=entity_id, source=_cited(entry, where, sources, by_id))
        if target.get("status") not in statuses(entity):
            problems.append(f"{where}.status: expected one of {', '.join(statuses(entity))}")
        if "target" in target and deadline(target["target"]) is None:
            problems.append(f"{where}.target: expected 2027, 2027-06, 2026-2030 or 2025-10-20/2025-10-30, "
                            f"got {target['target']!r}")
        add("target", target, f"{entity_id}@target-{index + 1}")
    if problems:
        raise CuratedDataError(f"history.toml: {len(problems)} entr(ies) break the rules", problems=problems)
    return result
