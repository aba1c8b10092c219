"""Status events and targets: what they hold, their vocabulary and their dates.

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
resolved when they are loaded.

How they are checked is in `history_checks`, an editor's event read from its fields in
`history_editors`, the curated ones loaded in `history_curated`.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Mapping

from .model import FEATURE_STATUSES

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


def real_date(value: str) -> bool:
    """Whether a (partial) ISO date names a day, month or year that exists ("2026-02-30" does not)."""
    try:
        _dt.date.fromisoformat(first_day(value))
        return True
    except ValueError:
        return False


def latest_today() -> str:
    """The last day an editor's event, document or commitment's statement may have: today where
    the day began first (UTC+14), so that an editor in Phnom Penh or Ha Noi (UTC+7) may record
    what happened today there."""
    return (_dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(hours=14)).date().isoformat()


def statement_event(item: Mapping) -> dict[str, Any]:
    """A commitment's first event: its statement, with the status the document gave it.

    `statement` marks it so that the map shows its note, an interface string, in the page's
    language (`STATEMENT_NOTE` is marked for the gettext catalogues in historyview.js)."""
    return {"entity": "commitment", "entity_id": item["id"], "date": item["stated"], "precision": "day",
            "estimated": False, "status": item["status"],
            "source": {"document": item["document"], "paragraph": item["paragraph"]},
            "confidence": "high", "note": STATEMENT_NOTE, "statement": True}


def commitment_target(item: Mapping) -> dict[str, Any] | None:
    """An editors' commitment's target, tracked as a curated `[[targets]]` entry is: to be done
    by the date its `target` names ("2027", "2026-06", "2026-2030"), given on its stated day by
    the document and paragraph it cites. None when the target names no date (a figure to reach)
    or the commitment has no statement yet (a curated one's targets are in history.toml)."""
    target = (item.get("target") or "").strip()
    if deadline(target) is None or not item.get("stated"):
        return None
    return {"entity": "commitment", "entity_id": item["id"], "status": "done", "target": target,
            "set": item["stated"], "source": {"document": item["document"], "paragraph": item["paragraph"]}}
