"""Changes to user data in the SQLite store: revisions, and how each is applied and undone.

Every change records an entity's state before and after, so a revision can be inspected and
reverted. A feature an import wrote is recorded as WRITTEN rather than copied: the features
table keeps which revision wrote each row, which is what revert checks.
"""

from __future__ import annotations

from typing import Any

import orjson

from .base import Feature
from .columns import feature_ids
from .common_changes import WRITTEN_CHUNK, ChangingMixin, link_state
from .common_events import EventsMixin
from .rules import now
from .sqlite_history import HistoryMixin, link_key
from .sqlite_rows import bbox, insert_features, rows_of
from .sqlite_runs import CHUNK, current, runs, set_run

# Editors' documents and commitments (see common_ledger): a state is {"id", "seq", "data"}.
_LEDGER_TABLES = {"document": "editor_documents", "commitment": "editor_commitments"}


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def widen(db, layer_id: str, width: float | None) -> None:
    """Record that `layer_id` holds a box `width` degrees wide (see sqlite_schema._features_by_box)."""
    if width is not None:
        db.execute("INSERT INTO layer_widths VALUES (?, ?) ON CONFLICT (layer_id)"
                   " DO UPDATE SET max_width = max(max_width, excluded.max_width)", (layer_id, width))


def _first_rewritten(db, revision_id: int, chunk: str, ids: list[str]) -> tuple[str, str] | None:
    """The first of these features an import wrote (`chunk`, their ids as its `changes` row holds
    them; `ids`, in the order asked) that no longer stands as it wrote it: gone, or written since
    by another revision. One query a chunk, where a look-up per feature made the revert page of a
    100,000-feature import wait 0.6 s for each of its two questions (session 26)."""
    standing = {row[0] for row in db.execute(
        "SELECT id FROM features WHERE revision_id = ? AND id IN (SELECT value FROM json_each(?))",
        (revision_id, chunk))}
    if len(standing) == len(ids):
        return None
    return next(("feature", feature_id) for feature_id in ids if feature_id not in standing)


# The features table's own indexes with the statements that made them (not the primary key's).
_SECONDARY_INDEXES = ("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'features'"
                      " AND sql IS NOT NULL")


class ChangesMixin(EventsMixin, ChangingMixin, HistoryMixin):
    """The changing half of SQLiteStore (which provides `_read` and `_write`): how its SQL
    records and applies a change; the steps around them are common_changes.ChangingMixin's."""

    def _begin_revision(self, db, *, author, action, layer_id, summary, file_sha256=None, reverts=None) -> int:
        # Every change starts here, and the kept layer bodies' version is read from what it writes
        # (store/common_bodies): `layer_id` None when the change may touch another layer's
        # features, a commitment or links.
        cursor = db.execute(
            "INSERT INTO revisions (created_at, author, action, layer_id, summary, file_sha256, reverts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now(), author, action, layer_id, summary, file_sha256, reverts),
        )
        return cursor.lastrowid

    @staticmethod
    def _record(db, revision_id: int, entity: str, entity_id: str, before, after) -> None:
        """Append a change to a revision (its number is the next in that revision)."""
        db.execute(
            "INSERT INTO changes SELECT ?, (SELECT coalesce(max(seq), -1) + 1 FROM changes"
            " WHERE revision_id = ?), ?, ?, ?, ?",
            (revision_id, revision_id, entity, entity_id,
             None if before is None else _dumps(before), None if after is None else _dumps(after)),
        )

    # Each entity kind is read and written through these two, so revert can apply any change.
    def _state(self, db, entity: str, entity_id: str) -> Any:
        if entity == "layer":
            row = db.execute("SELECT * FROM layers WHERE id = ?", (entity_id,)).fetchone()
            return None if row is None else {k: row[k] for k in row.keys()}
        if entity == "feature":
            row = db.execute("SELECT * FROM features WHERE id = ?", (entity_id,)).fetchone()
            return None if row is None else {k: row[k] for k in row.keys()}
        if entity == "event":
            return self._event_state(db, entity_id)
        if entity == "link":
            commitment_id, feature_id = entity_id.split("\t")
            row = db.execute(
                "SELECT 1 FROM user_links WHERE commitment_id = ? AND feature_id = ?",
                (commitment_id, feature_id),
            ).fetchone()
            return None if row is None else {"commitment_id": commitment_id, "feature_id": feature_id}
        if entity in _LEDGER_TABLES:
            row = db.execute(f"SELECT id, seq, data FROM {_LEDGER_TABLES[entity]} WHERE id = ?",
                             (entity_id,)).fetchone()
            return None if row is None else {"id": row["id"], "seq": row["seq"], "data": orjson.loads(row["data"])}
        raise ValueError(entity)

    def _apply(self, db, entity: str, entity_id: str, state: dict | None) -> None:
        table = {"layer": "layers", "feature": "features", "link": "user_links", "event": "status_events",
                 **_LEDGER_TABLES}[entity]
        if entity in _LEDGER_TABLES and state is not None:
            state = {**state, "data": _dumps(state["data"])}
        if entity == "link":
            commitment_id, feature_id = entity_id.split("\t")
            db.execute(
                "DELETE FROM user_links WHERE commitment_id = ? AND feature_id = ?",
                (commitment_id, feature_id),
            )
        else:
            db.execute(f"DELETE FROM {table} WHERE id = ?", (entity_id,))
        if state is not None:
            if entity == "feature" and state.get("minx") is not None:
                widen(db, state["layer_id"], state["maxx"] - state["minx"])
            columns = ", ".join(state)
            marks = ", ".join("?" for _ in state)
            db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(state.values()))

    def _change(self, db, revision_id: int, entity: str, entity_id: str, after: dict | None) -> None:
        """Set an entity's state and record it; a feature's links go with it when it goes."""
        if entity == "feature" and after is None:
            for (commitment_id,) in db.execute(
                "SELECT commitment_id FROM user_links WHERE feature_id = ? ORDER BY commitment_id",
                (entity_id,),
            ).fetchall():
                self._change(db, revision_id, "link", link_key(commitment_id, entity_id), None)
        before = self._state(db, entity, entity_id)
        self._apply(db, entity, entity_id, after)
        self._record(db, revision_id, entity, entity_id, before, after)

    # --- the hooks of common_changes.ChangingMixin ----------------------------------------
    @staticmethod
    def _key(entity: str, entity_id: str, commitment_id: str | None = None) -> tuple[str, str]:
        return (entity, link_key(commitment_id, entity_id) if entity == "link" else entity_id)

    def _set_states(self, db, revision_id: int, steps) -> None:
        # A long run of feature and link steps (reverting an import, or that revert) is applied
        # a chunk at a time, recording what the steps one by one would (sqlite_runs).
        for as_run, some in runs(steps):
            if as_run:
                set_run(db, revision_id, some, widen)
                continue
            for (entity, entity_id), after in some:
                self._change(db, revision_id, entity, entity_id, after)

    @staticmethod
    def _event_row_state(state: dict) -> dict:
        return {**state, "data": _dumps(state["data"])}

    @staticmethod
    def _new_layer_state(new_layer, position: int) -> dict:
        return {"id": new_layer.id, "title": new_layer.title, "kind": new_layer.kind,
                "origin": "user", "visible": 1, "position": position,
                "style": _dumps(new_layer.style), "description": new_layer.description}

    def _write_import(self, db, revision_id, layer_id, features, ids, next_seq, links) -> None:
        seq = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM changes WHERE revision_id = ?",
                         (revision_id,)).fetchone()[0]
        rows, widest = rows_of(features, ids, next_seq)
        # An import that at least doubles the table (a first large upload): its two secondary
        # indexes are dropped and built again after the rows, in one sorted pass each, which is
        # quicker than inserting into them row by row in the file's order (research 21: 100,000
        # points into a fresh store, 7.7% of the whole import). Inside the transaction: a reader
        # never finds them missing.
        rebuilt = db.execute(_SECONDARY_INDEXES).fetchall() \
            if len(ids) >= (db.execute("SELECT max(rowid) FROM features").fetchone()[0] or 0) else []
        for name, _ in rebuilt:
            db.execute(f'DROP INDEX "{name}"')
        # One statement per table, not per feature: large imports stay fast.
        db.executemany(insert_features(layer_id, revision_id), rows)
        for _, statement in rebuilt:  # each as the schema made it, read back from the file
            db.execute(statement)
        widen(db, layer_id, widest)
        # The rows are not copied into `changes`: the features table says which revision
        # wrote each one, and `changes` lists their ids a chunk per row (see WRITTEN_CHUNK),
        # where a row per feature and its two index entries took as long as the features.
        db.executemany(
            "INSERT INTO changes VALUES (?, ?, 'written', ?, NULL, ?)",
            ((revision_id, seq + k, layer_id, _dumps(ids[k:k + WRITTEN_CHUNK]))
             for k in range(0, len(ids), WRITTEN_CHUNK)),
        )
        seq += len(ids)
        pairs = [(commitment_id, feature_id) for commitment_id in links for feature_id in ids]
        db.executemany("INSERT INTO user_links VALUES (?, ?)", pairs)
        db.executemany(
            "INSERT INTO changes VALUES (?, ?, 'link', ?, NULL, ?)",
            ((revision_id, seq + k, link_key(c, f), _dumps(link_state(c, f))) for k, (c, f) in enumerate(pairs)),
        )

    def _feature_state(self, db, feature_id: str) -> dict | None:
        return self._state(db, "feature", feature_id)

    @staticmethod
    def _replaced_state(state: dict, feature: Feature, properties: dict, revision_id: int) -> dict:
        geometry = feature["geometry"]
        box = feature.get("bbox")
        if box is None or len(box) != 4:
            box = bbox(geometry)
        return {**state, "properties": _dumps(properties), "geometry": _dumps(geometry),
                "minx": box[0], "miny": box[1], "maxx": box[2], "maxy": box[3], "revision_id": revision_id}

    def _undo_steps(self, db, revision_id: int) -> tuple[list, tuple[str, str] | None]:
        steps: list = []
        changed = None
        rows = db.execute("SELECT revision_id, seq, entity, entity_id, before, after FROM changes"
                          " WHERE revision_id = ? ORDER BY seq", (revision_id,)).fetchall()
        rows.reverse()
        held: dict = {}  # the states of the features and links of chunk `loaded` of the rows
        loaded = -1
        for k, (_, _, entity, entity_id, before, after) in enumerate(rows):
            if entity == "written":  # a chunk of an import's features, asked for at once
                ids = orjson.loads(after)
                ids.reverse()
                if changed is None:
                    changed = _first_rewritten(db, revision_id, after, ids)
                steps += [(("feature", feature_id), None) for feature_id in ids]
                continue
            if changed is None:
                if entity in ("feature", "link"):
                    if k // CHUNK != loaded:  # the states of a chunk of rows, read at once
                        loaded = k // CHUNK
                        held = current(db, [(r[2], r[3]) for r in rows[loaded * CHUNK:(loaded + 1) * CHUNK]
                                            if r[2] in ("feature", "link")])
                    now_held = held.get((entity, entity_id))
                else:
                    now_held = self._state(db, entity, entity_id)
                if now_held != (None if after is None else orjson.loads(after)):
                    changed = (entity, entity_id)
            steps.append(((entity, entity_id), None if before is None else orjson.loads(before)))
        return steps, changed

    @staticmethod
    def _touched_after(db, revision_id: int, key: tuple[str, str]) -> tuple[str, object, list[int]]:
        entity, entity_id = key
        ids = {r[0] for r in db.execute(
            "SELECT DISTINCT revision_id FROM changes WHERE entity = ? AND entity_id = ? AND revision_id > ?",
            (entity, entity_id, revision_id))}
        if entity == "feature":
            # An import lists the features it wrote in chunks (WRITTEN_CHUNK); the text search
            # only spares json_each the chunks that cannot hold the id.
            ids |= {r[0] for r in db.execute(
                "SELECT DISTINCT c.revision_id FROM changes c, json_each(c.after) j WHERE c.entity = 'written'"
                " AND c.revision_id > ? AND instr(c.after, ?) > 0 AND j.value = ?",
                (revision_id, _dumps(entity_id), entity_id))}
        shown = tuple(entity_id.split("\t", 1)) if entity == "link" else entity_id
        return entity, shown, sorted(ids)

    @staticmethod
    def _assign_ids(db, layer_id: str, features: list[Feature], given: set[str],
                    existing: set[str] | None = None) -> list[str]:
        """Ids for features that have none: `<layer>-<n>`, counting on from the last one given;
        `existing` (the store's ids with the layer's prefix) is read when not given."""
        key = f"next_id:{layer_id}"
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        n = int(row[0]) if row else 1
        prefix = f"{layer_id}-"
        if existing is None:
            existing = ChangesMixin._prefixed_ids(db, layer_id)
        taken = given | existing
        their_ids = feature_ids(features)
        wanted = their_ids.count(None)
        fresh: list[str] = []
        while len(fresh) < wanted:  # a large import numbers its features in one go
            batch = [f"{prefix}{k}" for k in range(n, n + wanted - len(fresh))]
            n += len(batch)
            fresh += [candidate for candidate in batch if candidate not in taken] if taken else batch
        numbered = iter(fresh)
        ids = fresh if wanted == len(their_ids) else \
            [feature_id if feature_id is not None else next(numbered) for feature_id in their_ids]
        db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, str(n)),
        )
        return ids

    @staticmethod
    def _prefixed_ids(db, layer_id: str) -> set[str]:
        """The store's ids that start with `<layer>-`, which numbering skips."""
        # '.' sorts right after '-', so this range is every id starting with the prefix.
        return {r[0] for r in db.execute("SELECT id FROM features WHERE id >= ? AND id < ?",
                                         (f"{layer_id}-", f"{layer_id}."))}
