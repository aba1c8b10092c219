"""Reading revisions in the SQLite store, and turning its recorded rows into `Change`s.

The `changes` table keeps each entity's row as JSON text (a feature an import wrote as
WRITTEN: the features table says which revision wrote each row). Only this module reads that
text back, and it hands out domain objects.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Iterator

import orjson

from ..errors import NotFound
from ..model import Change, Layer, Revision, RevisionPage
from .common_changes import WRITTEN_CHUNK
from .common_events import event_from_state
from .common_reading import revision_from_row

# The `after` of a feature an import added: "the row in features whose revision_id is this one".
WRITTEN = '"written"'
# SQLite integers are signed 64-bit; a larger id cannot name a stored revision.
_MAX_ID = 2**63 - 1
# Since schema version 4 an import records the features it wrote a chunk per row
# (common_changes.WRITTEN_CHUNK); files written before keep one WRITTEN row per feature.
_COUNT = "coalesce(max(seq + CASE WHEN entity = 'written' THEN json_array_length(after) ELSE 1 END), 0)"


def expand_written(rows: Iterable[tuple]) -> Iterator[tuple]:
    """`changes` rows (revision_id, seq, entity, entity_id, before, after) in seq order, with
    each chunk of written features as the per-feature rows it stands for."""
    for row in rows:
        if row[2] != "written":
            yield tuple(row)
            continue
        revision_id, seq = row[0], row[1]
        for k, feature_id in enumerate(orjson.loads(row[5])):
            yield revision_id, seq + k, "feature", feature_id, None, WRITTEN


def link_key(commitment_id: str, feature_id: str) -> str:
    """How a link is named in the `changes` table (never outside this backend)."""
    return commitment_id + "\t" + feature_id


def _layer_state(row: dict) -> Layer:
    return Layer(id=row["id"], title=row["title"], kind=row["kind"], origin=row["origin"],
                 visible=bool(row["visible"]), position=row["position"],
                 style=orjson.loads(row["style"]), description=row["description"])


def _feature_state(row: dict) -> dict[str, Any]:
    return {"type": "Feature", "id": row["id"], "geometry": orjson.loads(row["geometry"]),
            "properties": orjson.loads(row["properties"]), "layer": row["layer_id"]}


def as_change(entity: str, entity_id: str, before: dict | None, after: dict | None) -> Change:
    """A change from the rows the backend recorded (decoded from JSON, or None)."""
    if entity == "link":
        return Change("link", tuple(entity_id.split("\t", 1)), before, after)
    if entity in ("document", "commitment"):
        return Change(entity, entity_id, None if before is None else before["data"],
                      None if after is None else after["data"])
    if entity == "event":
        return Change("event", entity_id, None if before is None else event_from_state(before, orjson.loads),
                      None if after is None else event_from_state(after, orjson.loads))
    state = {"layer": _layer_state, "feature": _feature_state}[entity]
    return Change(entity, entity_id, None if before is None else state(before),
                  None if after is None else state(after))


class HistoryMixin:
    """The reading half of revisions for SQLiteStore (which provides `_read`)."""

    @staticmethod
    def _revision(db: sqlite3.Connection, revision_id: int) -> Revision:
        if not isinstance(revision_id, int) or not 0 < revision_id <= _MAX_ID:
            raise NotFound(f"no revision {revision_id}")
        row = db.execute(
            f"SELECT r.*, (SELECT {_COUNT} FROM changes c WHERE c.revision_id = r.id) AS n, "
            "(SELECT CASE entity WHEN 'written' THEN json_extract(after, '$[0]') ELSE entity_id END"
            " FROM changes c WHERE c.revision_id = r.id AND c.entity IN ('feature', 'written') "
            "ORDER BY seq LIMIT 1) AS first_feature "
            "FROM revisions r WHERE r.id = ?",
            (revision_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no revision {revision_id}")
        return revision_from_row(row, row["created_at"])

    def history(self, layer_id=None):
        with self._read() as db:
            if layer_id is None:
                ids = [r[0] for r in db.execute("SELECT id FROM revisions ORDER BY id DESC")]
            else:
                ids = [r[0] for r in db.execute(
                    "SELECT id FROM revisions WHERE layer_id = ? ORDER BY id DESC", (layer_id,))]
            return [self._revision(db, i) for i in ids]

    @staticmethod
    def _written(db: sqlite3.Connection, revision_id: int, feature_id: str) -> dict | None:
        """The row an import wrote: in the table if still as written, else as the first later
        change that replaced or removed it kept it."""
        row = db.execute("SELECT * FROM features WHERE id = ? AND revision_id = ?",
                         (feature_id, revision_id)).fetchone()
        if row is not None:
            return dict(row)
        for (before,) in db.execute(
            "SELECT before FROM changes WHERE entity = 'feature' AND entity_id = ? AND revision_id > ?"
            " AND before IS NOT NULL ORDER BY revision_id, seq",
            (feature_id, revision_id),
        ):
            state = orjson.loads(before)
            if state.get("revision_id") == revision_id:
                return state
        return None

    def revision(self, revision_id, offset=0, limit=100):
        # Clamped to what SQLite integers hold: an absurd page is empty or whole, never an error.
        offset, limit = min(max(0, int(offset)), _MAX_ID), min(max(0, int(limit)), _MAX_ID)
        with self._read() as db:
            revision = self._revision(db, revision_id)
            changes = []
            # A revision's changes are numbered 0, 1, 2, … (seq), so a page is a range of the key;
            # a chunk of written features that began before the page may reach into it.
            rows = db.execute(
                "SELECT revision_id, seq, entity, entity_id, before, after FROM changes"
                " WHERE revision_id = ? AND seq >= ? ORDER BY seq LIMIT ?",
                (revision_id, max(0, offset - WRITTEN_CHUNK + 1), min(limit + WRITTEN_CHUNK, _MAX_ID)),
            ).fetchall()
            for _, seq, entity, entity_id, before, after in expand_written(rows):
                if seq < offset:
                    continue
                if len(changes) >= limit:
                    break
                before = None if before is None else orjson.loads(before)
                if after == WRITTEN:
                    after = self._written(db, revision_id, entity_id)
                else:
                    after = None if after is None else orjson.loads(after)
                changes.append(as_change(entity, entity_id, before, after))
        return RevisionPage(revision=revision, changes=changes, total=revision.changes, offset=offset)
