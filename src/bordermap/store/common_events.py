"""Status events in a SQL store: read, added, corrected and retracted as revisions.

Events and targets live in their own table, `status_events`, keyed by their id and naming the
feature or commitment they are about (`entity`, `entity_id`), so they stay apart from the
tables of the things they describe. Each change is a revision whose one change has entity
"event"; the backend's `_set_states` applies it and revert undoes it like any other.
The backend provides `_write`, `_read`, `_begin_revision`, `_revision`, `_key`, `_set_states`,
`_P`, `_load`, and `_event_row_state(row)` (a row as its `_set_states` takes it).
"""

from __future__ import annotations

from typing import Any, Mapping

from ..errors import Conflict, InvalidInput, NotFound

EVENT_COLUMNS = "id, kind, entity, entity_id, origin, seq, data"
# What a row's columns say; the rest of an event is its `data`.
_KEYS = ("id", "kind", "entity", "entity_id", "origin")


def event_data(event: Mapping[str, Any]) -> dict[str, Any]:
    """The part of an event kept as its `data`."""
    return {k: v for k, v in event.items() if k not in (*_KEYS, "seq")}


def event_from_state(state: Mapping[str, Any], load) -> dict[str, Any]:
    """An event as the contract gives it, from its row (`data` as stored, decoded by `load`)."""
    return {**{k: state[k] for k in _KEYS}, **load(state["data"])}


def curated_rows(events: list[Mapping[str, Any]], dumps) -> list[tuple]:
    """The rows `sync_curated` writes for the curated events and targets, in order."""
    return [(e["id"], e["kind"], e["entity"], e["entity_id"], "curated", seq, dumps(event_data(e)))
            for seq, e in enumerate(events)]


class EventsMixin:
    """Status events for a SQL store (see the module's docstring for what the backend provides)."""

    def _event_state(self, db, event_id: str) -> dict | None:
        row = db.execute(f"SELECT {EVENT_COLUMNS} FROM status_events WHERE id = {self._P}", (event_id,)).fetchone()
        return None if row is None else dict(row)

    def status_events(self, entity=None, entity_id=None):
        where, params = "", ()
        if entity is not None:
            where, params = f" WHERE entity = {self._P} AND entity_id = {self._P}", (entity, entity_id)
        with self._read() as db:
            rows = db.execute(f"SELECT {EVENT_COLUMNS} FROM status_events{where}"
                              " ORDER BY origin, seq", params).fetchall()
        return [event_from_state(row, self._load) for row in rows]

    def _check_entity(self, db, entity: str, entity_id: str) -> None:
        if entity == "commitment":  # a curated one or one editors added (common_ledger)
            curated = self._is_curated(db, "commitment", entity_id)
            record = None if curated else self._editor_record(db, "commitment", entity_id)
            found = curated or record is not None
            if record is not None and record.get("retired"):  # shown nowhere: a status would be too
                raise Conflict(f"commitment {entity_id!r} is retired: revert its retirement before giving it "
                               "a status")
        elif entity == "feature":
            found = db.execute(f"SELECT 1 FROM features WHERE id = {self._P}", (entity_id,)).fetchone() is not None
        else:
            raise InvalidInput(f"entity: expected 'feature' or 'commitment', got {entity!r}")
        if not found:
            raise NotFound(f"no {entity} with id {entity_id!r}")

    def add_status_event(self, event, *, author):
        data = event_data(event)
        with self._write() as db:
            self._check_entity(db, event["entity"], event["entity_id"])
            # The very same event again (a form sent again from the browser's history, or twice
            # at once): refused inside the write, where a second one waits for the first (review
            # rv22a, M2; read before it, two quick presses both passed: the change's review, M2).
            for row in db.execute(f"SELECT {EVENT_COLUMNS} FROM status_events WHERE entity = {self._P} AND "
                                  f"entity_id = {self._P} AND origin = 'user' AND kind = 'event'",
                                  (event["entity"], event["entity_id"])).fetchall():
                if self._load(row["data"]) == data:
                    raise Conflict(f"this status event is already in the record as {row['id']} (the same day, "
                                   "status, source and note): correct that one if it needs it")
            revision_id = self._begin_revision(
                db, author=author, action="event", layer_id=None,
                summary=f"status event for {event['entity']} {event['entity_id']}: "
                        f"{data.get('status')} on {data.get('date')}")
            seq = db.execute("SELECT coalesce(max(seq), -1) + 1 AS n FROM status_events").fetchone()["n"]
            event_id = f"ev-{revision_id}"
            # The event is named after its revision: the summary names it once the number is known,
            # so that a later retraction ("retracted status event ev-5") can be traced back to it.
            db.execute(f"UPDATE revisions SET summary = {self._P} WHERE id = {self._P}",
                       (f"status event {event_id} for {event['entity']} {event['entity_id']}: "
                        f"{data.get('status')} on {data.get('date')}", revision_id))
            state = {"id": event_id, "kind": "event", "entity": event["entity"], "entity_id": event["entity_id"],
                     "origin": "user", "seq": seq, "data": data}
            self._set_states(db, revision_id, [(self._key("event", event_id), self._event_row_state(state))])
            return self._revision(db, revision_id)

    def _user_event(self, db, event_id: str) -> dict:
        state = self._event_state(db, event_id)
        if state is None:
            raise NotFound(f"no status event with id {event_id!r}")
        if state["origin"] != "user":
            raise Conflict(f"status event {event_id!r} is curated: correct it in geodata/history.toml")
        return state

    def correct_status_event(self, event_id, event, *, author, based_on=None):
        with self._write() as db:
            state = self._user_event(db, event_id)
            self._unchanged_since(db, "event", event_id, based_on)
            if (event["entity"], event["entity_id"]) != (state["entity"], state["entity_id"]):
                raise InvalidInput(f"a correction keeps the event's {state['entity']} "
                                   f"{state['entity_id']!r}; add a new event for another")
            data = event_data(event)
            revision_id = self._begin_revision(
                db, author=author, action="event-correct", layer_id=None,
                summary=f"corrected status event {event_id}: {data.get('status')} on {data.get('date')}")
            after = {**state, "data": data}
            self._set_states(db, revision_id, [(self._key("event", event_id), self._event_row_state(after))])
            return self._revision(db, revision_id)

    def retract_status_event(self, event_id, *, author, reason=""):
        with self._write() as db:
            state = self._user_event(db, event_id)
            # What it said, so the retraction reads on its own: which place, which status, when.
            event = event_from_state(state, self._load)
            said = f"{event['entity']} {event['entity_id']}: {event.get('status')} on {event.get('date')}"
            revision_id = self._begin_revision(
                db, author=author, action="event-retract", layer_id=None,
                summary=f"retracted status event {event_id} ({said})" + (f": {reason}" if reason else ""))
            self._set_states(db, revision_id, [(self._key("event", event_id), None)])
            return self._revision(db, revision_id)
