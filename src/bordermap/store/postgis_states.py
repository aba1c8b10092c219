"""Entity states in the PostGIS store: read, set and recorded a whole revision at a time.

An entity is a layer, a feature, a link, or an editors' document or commitment, keyed
`(entity, id, commitment id)` (the last only for links). Its state is a dict of its columns,
or None where it does not exist. A revision sets many entities; doing it one statement per entity made a 100,000-feature
revert take half a minute under the writer lock, so `set_states` reads every state it needs
in a few queries, works out in memory what each step changes, in order, and then writes the
result with one statement per table.
"""

from __future__ import annotations

from typing import Any, Iterable

import orjson
from orjson import Fragment

from .common_changes import link_state

Key = tuple[str, str, str | None]

# Editors' documents and commitments (see common_ledger): a state is {"id", "seq", "data"}.
LEDGER_TABLES = {"document": "editor_documents", "commitment": "editor_commitments"}
LAYER_COLUMNS = "id, title, kind, origin, visible, position, style, description"
FEATURE_COLUMNS = "id, layer_id, seq, properties, geometry, revision_id"
# A removed feature's state is only recorded: its JSON is copied as the database holds it, where
# decoding and encoding again that of 100,000 features took a second of their revert (session 26).
FEATURE_AS_TEXT = "id, layer_id, seq, properties::text AS properties, geometry::text AS geometry, revision_id"
EVENT_COLUMNS = "id, kind, entity, entity_id, origin, seq, data"


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _json(value: Any) -> str | None:
    return None if value is None else dumps(value)


def key(entity: str, entity_id: str, commitment_id: str | None = None) -> Key:
    return (entity, entity_id, commitment_id if entity == "link" else None)


class Changes:
    """The changes of one revision as it is made: numbered in order, written in one COPY."""

    def __init__(self, revision_id: int):
        self.revision_id = revision_id
        self.seq = 0
        self.rows: list[tuple] = []

    def add(self, entity: str, entity_id: str, commitment_id: str | None, before, after) -> None:
        self.rows.append((self.revision_id, self.seq, entity, entity_id, commitment_id, _json(before), _json(after)))
        self.seq += 1

    def write(self, db) -> None:
        with db.copy("COPY changes (revision_id, seq, entity, entity_id, commitment_id, before, after)"
                     " FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)
        self.rows.clear()


def states(db, keys: Iterable[Key], *, as_read: bool = False) -> dict[Key, dict]:
    """The current state of each of these entities (absent ones are left out), in three queries;
    `as_read`: a feature's properties and geometry as the JSON text the database holds
    (orjson.Fragment), for states only written back or recorded, never compared with decoded ones."""
    wanted: dict[str, list[Key]] = {"layer": [], "feature": [], "link": [], "document": [], "commitment": [],
                                    "event": []}
    for k in keys:
        wanted[k[0]].append(k)
    found: dict[Key, dict] = {}
    if wanted["layer"]:
        for row in db.execute(f"SELECT {LAYER_COLUMNS} FROM layers WHERE id = ANY(%s)",
                              ([k[1] for k in wanted["layer"]],)):
            found[("layer", row["id"], None)] = row
    if wanted["feature"]:
        columns = FEATURE_AS_TEXT if as_read else FEATURE_COLUMNS
        for row in db.execute(f"SELECT {columns} FROM features WHERE id = ANY(%s)",
                              ([k[1] for k in wanted["feature"]],)):
            if as_read:
                row["properties"], row["geometry"] = Fragment(row["properties"]), Fragment(row["geometry"])
            found[("feature", row["id"], None)] = row
    if wanted["event"]:
        for row in db.execute(f"SELECT {EVENT_COLUMNS} FROM status_events WHERE id = ANY(%s)",
                              ([k[1] for k in wanted["event"]],)):
            found[("event", row["id"], None)] = row
    if wanted["link"]:
        for row in db.execute(
            "SELECT commitment_id, feature_id FROM user_links WHERE (commitment_id, feature_id)"
            " IN (SELECT * FROM unnest(%s::text[], %s::text[]))",
            ([k[2] for k in wanted["link"]], [k[1] for k in wanted["link"]]),
        ):
            found[("link", row["feature_id"], row["commitment_id"])] = link_state(row["commitment_id"],
                                                                                   row["feature_id"])
    for entity, table in LEDGER_TABLES.items():
        if wanted[entity]:
            for row in db.execute(f"SELECT id, seq, data FROM {table} WHERE id = ANY(%s)",
                                  ([k[1] for k in wanted[entity]],)):
                found[(entity, row["id"], None)] = {"id": row["id"], "seq": row["seq"], "data": row["data"]}
    return found


def set_states(db, changes: Changes, steps: list[tuple[Key, dict | None]]) -> None:
    """Give each entity its new state, in order, recording a change for each step.

    A feature that goes takes its links with it: each is recorded as removed (by commitment
    id) just before the feature, as if it had been a step of its own.
    """
    current = states(db, (k for k, _ in steps), as_read=True)
    going = [k[1] for k, after in steps if k[0] == "feature" and after is None]
    if going:
        for row in db.execute("SELECT commitment_id, feature_id FROM user_links WHERE feature_id = ANY(%s)",
                              (going,)):
            current[("link", row["feature_id"], row["commitment_id"])] = link_state(row["commitment_id"],
                                                                                     row["feature_id"])
    initial = dict(current)
    links_of: dict[str, list[str]] = {}
    for _, feature_id, commitment_id in initial:
        if commitment_id is not None:
            links_of.setdefault(feature_id, []).append(commitment_id)
    for k, after in steps:
        entity, entity_id, commitment_id = k
        if entity == "feature" and after is None:
            for linked in sorted(links_of.get(entity_id, [])):
                link = ("link", entity_id, linked)
                if current.get(link) is not None:
                    changes.add("link", entity_id, linked, current[link], None)
                    current[link] = None
        changes.add(entity, entity_id, commitment_id, current.get(k), after)
        current[k] = after
        if entity == "link" and after is not None:
            links_of.setdefault(entity_id, []).append(commitment_id)
    _write(db, initial, current)


def _write(db, initial: dict[Key, dict], final: dict[Key, dict | None]) -> None:
    """Remove every entity that changed, then insert each one's final state (links last)."""
    existed = {k for k, state in initial.items() if final[k] != state}
    final = {k: state for k, state in final.items() if k in existed or k not in initial}
    by_kind = lambda keys, kind: [k for k in keys if k[0] == kind]  # noqa: E731
    gone_links = by_kind(existed, "link")
    if gone_links:
        db.execute("DELETE FROM user_links WHERE (commitment_id, feature_id)"
                   " IN (SELECT * FROM unnest(%s::text[], %s::text[]))",
                   ([k[2] for k in gone_links], [k[1] for k in gone_links]))
    for kind, table in (("event", "status_events"), ("feature", "features"), ("layer", "layers"),
                        *LEDGER_TABLES.items()):
        gone = by_kind(existed, kind)
        if gone:
            db.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", ([k[1] for k in gone],))
    present = {k: state for k, state in final.items() if state is not None}
    layers = [present[k] for k in by_kind(present, "layer")]
    if layers:
        db.executemany("INSERT INTO layers VALUES (%s, %s, %s, %s, %s, %s, %s::json, %s)",
                       [(s["id"], s["title"], s["kind"], s["origin"], s["visible"], s["position"],
                         dumps(s["style"]), s["description"]) for s in layers])
    features = [present[k] for k in by_kind(present, "feature")]
    if features:
        with db.copy(f"COPY features ({FEATURE_COLUMNS}) FROM STDIN") as copy:
            for s in features:
                copy.write_row((s["id"], s["layer_id"], s["seq"], dumps(s["properties"]), dumps(s["geometry"]),
                                s["revision_id"]))
    for kind, table in LEDGER_TABLES.items():
        records = [present[k] for k in by_kind(present, kind)]
        if records:
            db.executemany(f"INSERT INTO {table} VALUES (%s, %s, %s::json)",
                           [(r["id"], r["seq"], dumps(r["data"])) for r in records])
    events = [present[k] for k in by_kind(present, "event")]
    if events:
        db.executemany(f"INSERT INTO status_events ({EVENT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s::json)",
                       [(s["id"], s["kind"], s["entity"], s["entity_id"], s["origin"], s["seq"], dumps(s["data"]))
                        for s in events])
    links = by_kind(present, "link")
    if links:
        with db.copy("COPY user_links (commitment_id, feature_id) FROM STDIN") as copy:
            for k in links:
                copy.write_row((k[2], k[1]))
