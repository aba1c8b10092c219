"""Reading revisions in the PostGIS store, and turning its recorded states into `Change`s.

A change keeps each entity's state as JSON: a layer's columns, a feature's (`id`, `layer_id`,
`seq`, `properties`, `geometry`, `revision_id`), or a link's two ids. A feature an import
added is not copied: the features table says which revision wrote each row (`revision_id`),
and the import's `changes` list the features' ids a chunk per row (entity 'written'; in a
database from before schema 6, a row per feature marked `written`). Only this module reads the
states back, and it hands out domain objects.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any, Iterable, Iterator

from ..errors import NotFound
from ..model import Change, Layer, Revision, RevisionPage
from .common_changes import WRITTEN_CHUNK
from .common_events import event_from_state
from .common_reading import revision_from_row


def _same(value):
    return value  # states are decoded already

# PostgreSQL bigints are signed 64-bit; a larger id cannot name a stored revision.
MAX_ID = 2**63 - 1


def _layer_state(state: dict) -> Layer:
    return Layer(id=state["id"], title=state["title"], kind=state["kind"], origin=state["origin"],
                 visible=state["visible"], position=state["position"], style=state["style"],
                 description=state["description"])


def _feature_state(state: dict) -> dict[str, Any]:
    return {"type": "Feature", "id": state["id"], "geometry": state["geometry"],
            "properties": state["properties"], "layer": state["layer_id"]}


def as_change(entity: str, entity_id: str, commitment_id: str | None, before, after) -> Change:
    """A change from the states the backend recorded."""
    if entity == "link":
        return Change("link", (commitment_id, entity_id), before, after)
    if entity in ("document", "commitment"):
        return Change(entity, entity_id, None if before is None else before["data"],
                      None if after is None else after["data"])
    if entity == "event":
        return Change("event", entity_id, None if before is None else event_from_state(before, _same),
                      None if after is None else event_from_state(after, _same))
    state = {"layer": _layer_state, "feature": _feature_state}[entity]
    return Change(entity, entity_id, None if before is None else state(before),
                  None if after is None else state(after))


def timestamp(value) -> str:
    """A stored `timestamptz` as the contract shows times: UTC, ISO 8601, whole seconds."""
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


# A revision's changes are numbered 0, 1, 2, … (seq), a chunk of written features taking the
# numbers of its ids: how many there are is where the last row ends, read from the key.
_REVISION_QUERY = (
    "SELECT r.*, coalesce((SELECT c.seq + CASE WHEN c.entity = 'written' THEN json_array_length(c.after) ELSE 1 END"
    " FROM changes c WHERE c.revision_id = r.id ORDER BY c.seq DESC LIMIT 1), 0) AS n, "
    "(SELECT CASE WHEN c.entity = 'written' THEN c.after ->> 0 ELSE c.entity_id END FROM changes c"
    " WHERE c.revision_id = r.id AND c.entity IN ('feature', 'written') ORDER BY seq LIMIT 1) AS first_feature"
    " FROM revisions r"
)


def expand_written(rows: Iterable[dict], *, descending: bool = False) -> Iterator[dict]:
    """`changes` rows in seq order (`descending`: last first), each chunk of written features
    (entity 'written', common_changes.WRITTEN_CHUNK) as the per-feature rows it stands for."""
    for row in rows:
        if row["entity"] != "written":
            yield row
            continue
        ids = list(enumerate(row["after"]))
        for k, feature_id in reversed(ids) if descending else ids:
            yield {**row, "seq": row["seq"] + k, "entity": "feature", "entity_id": feature_id,
                   "commitment_id": None, "before": None, "after": None, "written": True}


def _revision_from_row(row: dict) -> Revision:
    return revision_from_row(row, timestamp(row["created_at"]))


class HistoryMixin:
    """The reading half of revisions for PostGISStore (which provides `_read`)."""

    @staticmethod
    def _revision(db, revision_id: int) -> Revision:
        if not isinstance(revision_id, int) or not 0 < revision_id <= MAX_ID:
            raise NotFound(f"no revision {revision_id}")
        row = db.execute(_REVISION_QUERY + " WHERE r.id = %s", (revision_id,)).fetchone()
        if row is None:
            raise NotFound(f"no revision {revision_id}")
        return _revision_from_row(row)

    def history(self, layer_id=None):
        with self._read() as db:
            if layer_id is None:
                rows = db.execute(_REVISION_QUERY + " ORDER BY r.id DESC").fetchall()
            else:
                rows = db.execute(_REVISION_QUERY + " WHERE r.layer_id = %s ORDER BY r.id DESC",
                                  (layer_id,)).fetchall()
        return [_revision_from_row(row) for row in rows]

    def last_revision(self):
        with self._read() as db:
            row = db.execute("SELECT id, created_at FROM revisions ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else (row["id"], timestamp(row["created_at"]))

    @staticmethod
    def _written(db, revision_id: int, feature_id: str) -> dict | None:
        """The row an import wrote: in the table if still as written, else as the first later
        change that replaced or removed it kept it."""
        row = db.execute(
            "SELECT id, layer_id, seq, properties, geometry, revision_id FROM features"
            " WHERE id = %s AND revision_id = %s", (feature_id, revision_id)).fetchone()
        if row is not None:
            return row
        for found in db.execute(
            "SELECT before FROM changes WHERE entity = 'feature' AND entity_id = %s AND revision_id > %s"
            " AND before IS NOT NULL ORDER BY revision_id, seq", (feature_id, revision_id),
        ).fetchall():
            if found["before"].get("revision_id") == revision_id:
                return found["before"]
        return None

    def revision(self, revision_id, offset=0, limit=100):
        # Clamped to what bigints hold: an absurd page is empty or whole, never an error.
        offset, limit = min(max(0, int(offset)), MAX_ID), min(max(0, int(limit)), MAX_ID)
        with self._read() as db:
            revision = self._revision(db, revision_id)
            changes = []
            # A revision's changes are numbered 0, 1, 2, … (seq), so a page is a range of the key;
            # a chunk of written features that began before the page may reach into it.
            rows = db.execute(
                "SELECT seq, entity, entity_id, commitment_id, before, after, written FROM changes"
                " WHERE revision_id = %s AND seq >= %s ORDER BY seq LIMIT %s",
                (revision_id, max(0, offset - WRITTEN_CHUNK + 1), min(limit + WRITTEN_CHUNK, MAX_ID)),
            ).fetchall()
            for row in expand_written(rows):
                if row["seq"] < offset:
                    continue
                if len(changes) >= limit:
                    break
                after = self._written(db, revision_id, row["entity_id"]) if row["written"] else row["after"]
                changes.append(as_change(row["entity"], row["entity_id"], row["commitment_id"],
                                         row["before"], after))
        return RevisionPage(revision=revision, changes=changes, total=revision.changes, offset=offset)
