"""Reading status events as of a date: the status then, targets against actuals, overdue and stale.

Plain functions over the event and target dicts of `bordermap.history` (as a store gives them).
A partial date counts from its first day; a target's deadline is the last day it allows.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Any, Iterable, Mapping

from .errors import InvalidInput
from .history import deadline, first_day

STALE_MONTHS = 24  # default: no event for this long and not done → stale
DONE = {"commitment": ("done",), "feature": ("open", "inaugurated")}
CLOSED = {"commitment": ("done", "dropped"), "feature": ("open", "inaugurated", "cancelled")}
# The scorecard's columns, and which commitment statuses fall in each (when neither overdue nor stale).
# "noted": praise for what had already taken place (a visit, an inauguration), recorded as done
# because the event was; it asked nothing of either side, so it is no progress (review 19, S5).
SCORE_COLUMNS = ("done", "noted", "in-progress", "not-started", "overdue", "stale", "dropped")
NOTED = ("commended",)  # the statements that only praise: done, they are noted, not delivered
_IN_PROGRESS = ("in-progress", "ongoing")


def parse_at(value: str | None, where: str = "at") -> str | None:
    """`at=YYYY-MM-DD` as an ISO date, None when absent; InvalidInput otherwise: a day of that
    shape the calendar lacks is said so, as the OGC API's datetime says it (review 33a, #5)."""
    if value in (None, ""):
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat() if len(value) == 10 else _fail(value, where)
    except ValueError:
        shaped = re.fullmatch(r"(\d{4})-(\d{2})-\d{2}", value)
        if shaped and 1 <= int(shaped[2]) <= 12:
            last = calendar.monthrange(int(shaped[1]), int(shaped[2]))[1]
            raise InvalidInput(f"{where}: {value!r} is not a day of the calendar "
                               f"({shaped[1]}-{shaped[2]} has {last} days)") from None
        return _fail(value, where)


def _fail(value: str, where: str):
    raise InvalidInput(f"{where}: expected a date as YYYY-MM-DD (2025-12-08), got {value!r}")


def ordered(events: Iterable[Mapping]) -> list[Mapping]:
    """Events oldest first: by the first day each covers, then as given."""
    return sorted(events, key=lambda e: first_day(e["date"]))


def since(events: list[Mapping]) -> Mapping | None:
    """The event the latest status dates from (None for no events): the first of the unbroken
    run of that status that ends with the latest event (events oldest first).

    A later report of the same status (a gate found open again in 2011) is not when the status
    began; an earlier event of the run dates it. A bound (`by`) dates it only when it is the
    run's first: then the record knows the status held by that day, not since when."""
    if not events:
        return None
    start = len(events) - 1
    while start and events[start - 1]["status"] == events[-1]["status"]:
        start -= 1
    return events[start]


def _months_between(earlier: str, later: str) -> int:
    a, b = _dt.date.fromisoformat(earlier), _dt.date.fromisoformat(later)
    return (b.year - a.year) * 12 + b.month - a.month - (1 if b.day < a.day else 0)


def _days_between(earlier: str, later: str) -> int:
    return (_dt.date.fromisoformat(later) - _dt.date.fromisoformat(earlier)).days


def track(entity: str, items: Iterable[Mapping], at: str, *, stale_months: int = STALE_MONTHS) -> dict[str, Any]:
    """One feature's or commitment's record as of `at` (an ISO day), from its events and targets.

    `status` is the latest event's on or before `at` (None before the first one: it did not
    exist yet), and `status_date` the day it has held since (`since`); `history` lists those
    events oldest first; `targets` each with `deadline`, `actual` (the first event reaching its
    status, if by `at`), `slippage_days`
    (actual or `at` minus deadline, when past it) and `overdue` (deadline passed, not reached),
    with, when overdue, `last_report` (the newest event's or the target's own date) and
    `unconfirmed` (no source after the deadline: nothing says it was missed, only not reached);
    `status_by` (that date is a bound: the status held by then, since when unknown) and
    `status_estimated` (that date is our estimate);
    `overdue` (any target overdue) and `stale` (not closed, and no event for `stale_months`).
    """
    items = list(items)
    events = [e for e in ordered(i for i in items if i["kind"] == "event") if first_day(e["date"]) <= at]
    latest = events[-1] if events else None
    targets = []
    for target in (i for i in items if i["kind"] == "target"):
        if target.get("set") and first_day(target["set"]) > at:
            continue  # not given yet
        due = deadline(target.get("target", ""))
        reached = next((e for e in events if e["status"] == target["status"]
                        or (target["status"] in DONE[entity] and e["status"] in DONE[entity]
                            and DONE[entity].index(e["status"]) >= DONE[entity].index(target["status"]))), None)
        actual = reached["date"] if reached else None
        entry = {k: v for k, v in target.items() if k not in ("kind", "entity", "entity_id", "origin")}
        entry.update(deadline=due, actual=actual, overdue=bool(due and not reached and due < at))
        if entry["overdue"]:
            # Past its date with no source after it: the record cannot say it was missed, only
            # that nothing since says it was reached (`last_report`, the newest word on it).
            heard = [first_day(d) for d in (latest["date"] if latest else None, target.get("set")) if d]
            entry["last_report"] = max(heard) if heard else None
            entry["unconfirmed"] = not heard or max(heard) <= due
        if due and reached and first_day(actual) > due:
            entry["slippage_days"] = _days_between(due, first_day(actual))
        elif due and not reached and due < at:
            entry["slippage_days"] = _days_between(due, at)
        else:
            entry["slippage_days"] = 0 if due else None
        targets.append(entry)
    closed = latest is not None and latest["status"] in CLOSED[entity]
    began = since(events)
    stale = bool(latest and not closed and _months_between(first_day(latest["date"]), at) >= stale_months)
    return {
        "status": latest["status"] if latest else None,
        "status_date": began["date"] if began else None,
        "status_by": bool(began and began.get("by")),  # the date is a bound: held by then at the latest
        "status_estimated": bool(began and began.get("estimated")),
        "first_date": events[0]["date"] if events else None,
        "history": [dict(e) for e in events],
        "targets": targets,
        "overdue": any(target["overdue"] for target in targets) and latest["status"] not in ("dropped", "cancelled"),
        "stale": stale,
    }


def score(record: Mapping, statement: str | None = None) -> str | None:
    """The scorecard column a commitment's record falls in (None before its statement); its
    `statement` tells praise for a past event ("noted") from a commitment carried out ("done")."""
    status = record["status"]
    if status is None:
        return None
    if status == "done" and statement in NOTED:
        return "noted"
    if status in ("done", "dropped"):
        return status
    if record["overdue"]:
        return "overdue"
    if record["stale"]:
        return "stale"
    return "in-progress" if status in _IN_PROGRESS else "not-started"


def by_entity(items: Iterable[Mapping]) -> dict[tuple[str, str], list[Mapping]]:
    """Events and targets grouped by (entity, entity id)."""
    grouped: dict[tuple[str, str], list[Mapping]] = {}
    for item in items:
        grouped.setdefault((item["entity"], item["entity_id"]), []).append(item)
    return grouped


def scorecard(commitments: Iterable[Mapping], field: str) -> list[dict[str, Any]]:
    """Commitments (each with its `tracking` record) counted by column, per value of `field`
    (`sector` or `document`), in the order values first appear."""
    rows: dict[str, dict[str, Any]] = {}
    for item in commitments:
        column = score(item["tracking"], item.get("statement"))
        if column is None:
            continue
        row = rows.setdefault(item[field], {"key": item[field], "total": 0, **dict.fromkeys(SCORE_COLUMNS, 0)})
        row[column] += 1
        row["total"] += 1
    return list(rows.values())
