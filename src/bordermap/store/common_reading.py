"""The reading half every SQL backend shares: rows to domain objects, and the queries alike in both.

The store class itself declares its dialect: `_P`, how it marks a parameter; `_in_ids(ids)`,
the SQL that follows `id` to keep only these ids, and its one parameter; `_load(value)`, a
JSON column's value as the driver gives it, decoded; `_bbox_source(bbox)`, the FROM clause
and condition that find the features (`f`) whose bounding box meets a window by its spatial
index, with their parameters in the order they appear (given the read transaction, and the layer or None);
`_JOIN_IN_ORDER`, the join that reads its left side first; `_EXTENT`, the four aggregates
of a layer's extent over its features `f`, named w, s, e and n. (On the class, not as mixin defaults,
so that no mixin's stub can shadow them.)
"""

from __future__ import annotations

from datetime import timezone
from typing import Any

from ..errors import NotFound
from ..model import Layer, Revision
from .base import Feature
from .rules import version_of

# LIMIT with no end: both dialects take a number, not the same word for "all".
_NO_LIMIT = 2**62
_LAYER_QUERY = "SELECT l.*, (SELECT count(*) FROM features f WHERE f.layer_id = l.id) AS n FROM layers l"


def _iso(moment) -> str:
    """A stored time as text: SQLite keeps ISO 8601 text, PostgreSQL gives a datetime."""
    return moment if isinstance(moment, str) else moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def revision_from_row(row, created_at: str) -> Revision:
    """A `revisions` row (with its change count `n` and `first_feature`) as the contract shows it."""
    return Revision(
        id=row["id"], created_at=created_at, author=row["author"], action=row["action"],
        layer_id=row["layer_id"], summary=row["summary"], file_sha256=row["file_sha256"],
        reverted_by=row["reverted_by"], reverts=row["reverts"], changes=row["n"],
        first_feature_id=row["first_feature"],
    )


class ReadingMixin:
    """The reading half of a SQL store (which provides `_read`, `_P`, `_in_ids` and `_load`)."""

    def _layer_from_row(self, row) -> Layer:
        return Layer(id=row["id"], title=row["title"], kind=row["kind"], origin=row["origin"],
                     visible=bool(row["visible"]), position=row["position"], style=self._load(row["style"]),
                     description=row["description"], feature_count=row["n"])

    def _feature_from_row(self, row, links: dict[str, list[str]]) -> Feature:
        properties = self._load(row["properties"])
        properties["layer"] = row["layer_id"]
        properties["commitments"] = links.get(row["id"], [])
        return {"type": "Feature", "id": row["id"], "geometry": self._load(row["geometry"]),
                "properties": properties}

    def layers(self) -> list[Layer]:
        with self._read() as db:
            rows = db.execute(_LAYER_QUERY + " ORDER BY position, id").fetchall()
        return [self._layer_from_row(row) for row in rows]

    def layer(self, layer_id: str) -> Layer:
        with self._read() as db:
            row = db.execute(_LAYER_QUERY + f" WHERE l.id = {self._P}", (layer_id,)).fetchone()
        if row is None:
            raise NotFound(f"no layer with id {layer_id!r}")
        return self._layer_from_row(row)

    def _link_index(self, db) -> dict[str, list[str]]:
        """feature id → ids of the commitments that name it."""
        index: dict[str, list[str]] = {}
        for item in self._commitments(db):
            if item.get("retired"):
                continue  # a retired record no longer names its places
            for feature_id in item["features"] + item["provinces"] + item["user_features"]:
                index.setdefault(feature_id, []).append(item["id"])
        return index

    def feature(self, feature_id: str) -> Feature:
        with self._read() as db:
            row = db.execute(f"SELECT id, layer_id, properties, geometry FROM features WHERE id = {self._P}",
                             (feature_id,)).fetchone()
            if row is None:
                raise NotFound(f"no feature with id {feature_id!r}")
            links = self._link_index(db)
        return self._feature_from_row(row, links)

    def layer_page(self, layer_id, offset=0, limit=None):
        P = self._P
        page = (_NO_LIMIT if limit is None else max(0, int(limit)), max(0, int(offset)))
        with self._read() as db:
            if db.execute(f"SELECT 1 FROM layers WHERE id = {P}", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            rows = db.execute(f"SELECT id, layer_id, properties, geometry FROM features WHERE layer_id = {P}"
                              f" ORDER BY seq LIMIT {P} OFFSET {P}", (layer_id, *page)).fetchall()
            links = self._link_index(db) if rows else {}
        return [self._feature_from_row(row, links) for row in rows]

    def _rows_by_id(self, db, ids: list[str]) -> list:
        """The rows of the features among `ids` that exist, in the order of `ids`."""
        if not ids:
            return []
        where, param = self._in_ids(ids)
        found = {row["id"]: row for row in db.execute(
            f"SELECT id, layer_id, properties, geometry FROM features WHERE id {where}", (param,))}
        return [found[i] for i in ids if i in found]

    def features_by_id(self, feature_ids):
        ids = list(dict.fromkeys(feature_ids))
        if not ids:
            return []
        with self._read() as db:
            rows = self._rows_by_id(db, ids)
            links = self._link_index(db) if rows else {}
        return [self._feature_from_row(row, links) for row in rows]

    def layer_extent(self, layer_id):
        with self._read() as db:
            if db.execute(f"SELECT 1 FROM layers WHERE id = {self._P}", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            row = db.execute(f"SELECT {self._EXTENT} FROM features f WHERE f.layer_id = {self._P}",
                             (layer_id,)).fetchone()
        return None if row["w"] is None else (float(row["w"]), float(row["s"]), float(row["e"]), float(row["n"]))

    def features_in_bbox(self, layer_id, bbox, *, offset=0, limit=None, leaving_out=()):
        bbox = tuple(float(value) for value in bbox)
        P = self._P
        offset = max(0, int(offset))
        with self._read() as db:
            source, condition, params = self._bbox_source(db, layer_id, bbox)
            if layer_id is not None:
                if db.execute(f"SELECT 1 FROM layers WHERE id = {P}", (layer_id,)).fetchone() is None:
                    raise NotFound(f"no layer with id {layer_id!r}")
                scope, order = f"{source} WHERE {condition} AND f.layer_id = {P}", "f.seq"
                params = [*params, layer_id]
            else:
                # Layer by layer, each by its index (the join's order is the dialect's to keep).
                scope, order = f"layers l {self._JOIN_IN_ORDER} {source} ON f.layer_id = l.id WHERE {condition}", \
                    "l.position, l.id, f.seq"
            if limit is None and offset == 0 and not leaving_out:
                # Everything that matches: read in one pass, and counted as it comes.
                rows = db.execute(f"SELECT f.id, f.layer_id, f.properties, f.geometry FROM {scope} ORDER BY {order}",
                                  params).fetchall()
                total = len(rows)
            else:
                # A page: the matches' ids in order first (the index and each match's place, not its
                # text), then only the page's features; a count over whole rows had every match's
                # properties and geometry read and sorted for a page of ten.
                ids = [row["id"] for row in db.execute(f"SELECT f.id FROM {scope} ORDER BY {order}", params)]
                if leaving_out:
                    gone = set(leaving_out)
                    ids = [feature_id for feature_id in ids if feature_id not in gone]
                total = len(ids)
                end = None if limit is None else offset + max(0, int(limit))
                rows = self._rows_by_id(db, ids[offset:end])  # one snapshot: every id is there
            links = self._link_index(db) if rows else {}
        return total, [self._feature_from_row(row, links) for row in rows]

    def feature_version(self, feature_id: str) -> str:
        with self._read() as db:
            row = db.execute("SELECT f.revision_id, r.created_at FROM features f LEFT JOIN revisions r"
                             f" ON r.id = f.revision_id WHERE f.id = {self._P}", (feature_id,)).fetchone()
        if row is None:
            raise NotFound(f"no feature with id {feature_id!r}")
        return version_of(row["revision_id"], row["created_at"])

    def feature_properties(self, feature_ids):
        where, ids = self._in_ids(list(dict.fromkeys(feature_ids)))
        with self._read() as db:
            rows = db.execute(f"SELECT id, properties FROM features WHERE id {where}", (ids,)).fetchall()
        return {row["id"]: self._load(row["properties"]) for row in rows}

    def documents(self) -> list[dict[str, Any]]:
        with self._read() as db:
            rows = db.execute("SELECT data FROM documents ORDER BY seq").fetchall()
            editors = self._editor_records(db, "document")
        return [{**self._load(row["data"]), "origin": "curated"} for row in rows] + editors

    def _commitments(self, db) -> list[dict[str, Any]]:
        user: dict[str, list[str]] = {}
        # Only links to features that exist count, whatever happened to the others.
        for row in db.execute(
            "SELECT commitment_id, feature_id FROM user_links l WHERE EXISTS"
            " (SELECT 1 FROM features f WHERE f.id = l.feature_id) ORDER BY commitment_id, feature_id"
        ).fetchall():
            user.setdefault(row["commitment_id"], []).append(row["feature_id"])
        items = []
        rows = [{**self._load(row["data"]), "origin": "curated"}
                for row in db.execute("SELECT id, data FROM commitments ORDER BY seq").fetchall()]
        for item in rows + self._editor_records(db, "commitment"):
            item.setdefault("features", [])
            item.setdefault("provinces", [])
            item["user_features"] = user.get(item["id"], [])
            items.append(item)
        return items

    def commitments(self) -> list[dict[str, Any]]:
        with self._read() as db:
            return self._commitments(db)

    def _meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute(f"SELECT value FROM meta WHERE key = {self._P}", (key,)).fetchone()
        return None if row is None else row["value"]

    def curated_version(self):
        return self._meta("curated_version")

    def curated_as_of(self):
        return self._meta("curated_as_of")

    def change_times(self) -> tuple[list[str], str | None]:
        """When the data last changed: the two newest revisions' times, newest first, and when
        the curated data held was loaded (None where no load recorded it); ISO 8601, UTC.

        An HTTP date has whole seconds: two changes within one second cannot be told apart by
        it, and the conditional GETs need to know when that is so (review 20, F7)."""
        with self._read() as db:
            rows = db.execute("SELECT created_at FROM revisions ORDER BY id DESC LIMIT 2").fetchall()
            loaded = db.execute(f"SELECT value FROM meta WHERE key = {self._P}", ("curated_loaded_at",)).fetchone()
        return [_iso(row["created_at"]) for row in rows], None if loaded is None else loaded["value"]
