"""An editor's status event as the API, the command line and the form give it: the fields an
API body may carry (a source as an object or flat), and the event built from them and checked,
refused when its date is after today.
"""

from __future__ import annotations

from typing import Any, Mapping

from .history import first_day, latest_today, precision_of, real_date
from .history_checks import check_event, quoted

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
        problems.append(f"event.precision: follows the date's shape ({precision_of(date)} for {quoted(date)}), "
                        f"got {quoted(precision)}")
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
    if isinstance(date, str) and precision_of(date) is not None and real_date(date) \
            and first_day(date) > latest_today():
        also = [*also, f"event.date: {quoted(date)} is after today: an event records what has happened; give what "
                       "is planned as a target"]
    check_event(event, documents, also=also)
    return event
