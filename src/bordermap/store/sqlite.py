"""The embedded store: one SQLite file in the instance folder, changed only in transactions."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from ..curated import CuratedData
from ..errors import Conflict, InvalidInput, NotFound
from ..model import Layer, Revision
from .base import Feature, Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS layers (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'user')),
    visible INTEGER NOT NULL, position INTEGER NOT NULL,
    style TEXT NOT NULL, description TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS features (
    id TEXT PRIMARY KEY, layer_id TEXT NOT NULL REFERENCES layers(id),
    seq INTEGER NOT NULL, properties TEXT NOT NULL, geometry TEXT NOT NULL,
    minx REAL, miny REAL, maxx REAL, maxy REAL);
CREATE INDEX IF NOT EXISTS features_by_layer ON features (layer_id, seq);
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commitments (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS user_links (
    commitment_id TEXT NOT NULL, feature_id TEXT NOT NULL,
    PRIMARY KEY (commitment_id, feature_id));
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, author TEXT NOT NULL,
    action TEXT NOT NULL, layer_id TEXT, summary TEXT NOT NULL, file_sha256 TEXT,
    reverted_by INTEGER, reverts INTEGER);
CREATE TABLE IF NOT EXISTS changes (
    revision_id INTEGER NOT NULL REFERENCES revisions(id), seq INTEGER NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, before TEXT, after TEXT,
    PRIMARY KEY (revision_id, seq));
"""


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float] | tuple[None, ...]:
    """Bounding box of a GeoJSON geometry, from its positions."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for item in coords:
                walk(item)

    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries", []):
            walk(part.get("coordinates", []))
    else:
        walk(geometry.get("coordinates", []))
    if not xs:
        return (None, None, None, None)
    return (min(xs), min(ys), max(xs), max(ys))


class SQLiteStore(Store):
    """Store in a SQLite file; every change is one `BEGIN IMMEDIATE` transaction."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    # --- connections ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=60000")
        db.execute("PRAGMA cache_size=-65536")  # 64 MiB: a large import is written in one go
        return db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            db.execute("BEGIN")
            yield db
            db.execute("COMMIT")
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    # --- reading -------------------------------------------------------------------------
    def _layer_from_row(self, row: sqlite3.Row) -> Layer:
        return Layer(
            id=row["id"],
            title=row["title"],
            kind=row["kind"],
            origin=row["origin"],
            visible=bool(row["visible"]),
            position=row["position"],
            style=orjson.loads(row["style"]),
            description=row["description"],
            feature_count=row["n"],
        )

    _LAYER_QUERY = (
        "SELECT l.*, (SELECT count(*) FROM features f WHERE f.layer_id = l.id) AS n FROM layers l"
    )

    def layers(self) -> list[Layer]:
        with self._read() as db:
            rows = db.execute(self._LAYER_QUERY + " ORDER BY position, id").fetchall()
        return [self._layer_from_row(row) for row in rows]

    def layer(self, layer_id: str) -> Layer:
        with self._read() as db:
            row = db.execute(self._LAYER_QUERY + " WHERE l.id = ?", (layer_id,)).fetchone()
        if row is None:
            raise NotFound(f"no layer with id {layer_id!r}")
        return self._layer_from_row(row)

    def _link_index(self, db: sqlite3.Connection) -> dict[str, list[str]]:
        """feature id → ids of the commitments that name it."""
        index: dict[str, list[str]] = {}
        for item in self._commitments(db):
            for feature_id in item["features"] + item["provinces"] + item["user_features"]:
                index.setdefault(feature_id, []).append(item["id"])
        return index

    @staticmethod
    def _feature_from_row(row: sqlite3.Row, links: dict[str, list[str]]) -> Feature:
        properties = orjson.loads(row["properties"])
        properties["layer"] = row["layer_id"]
        properties["commitments"] = links.get(row["id"], [])
        return {
            "type": "Feature",
            "id": row["id"],
            "geometry": orjson.loads(row["geometry"]),
            "properties": properties,
        }

    def features(self, layer_id: str | None = None) -> list[Feature]:
        with self._read() as db:
            if layer_id is not None:
                if db.execute("SELECT 1 FROM layers WHERE id = ?", (layer_id,)).fetchone() is None:
                    raise NotFound(f"no layer with id {layer_id!r}")
                rows = db.execute(
                    "SELECT * FROM features WHERE layer_id = ? ORDER BY seq", (layer_id,)
                ).fetchall()
            else:
                rows = db.execute(
                    "SELECT f.* FROM features f JOIN layers l ON l.id = f.layer_id "
                    "ORDER BY l.position, l.id, f.seq"
                ).fetchall()
            links = self._link_index(db)
        return [self._feature_from_row(row, links) for row in rows]

    def feature(self, feature_id: str) -> Feature:
        with self._read() as db:
            row = db.execute("SELECT * FROM features WHERE id = ?", (feature_id,)).fetchone()
            if row is None:
                raise NotFound(f"no feature with id {feature_id!r}")
            links = self._link_index(db)
        return self._feature_from_row(row, links)

    def documents(self) -> list[dict[str, Any]]:
        with self._read() as db:
            rows = db.execute("SELECT data FROM documents ORDER BY seq").fetchall()
        return [orjson.loads(row["data"]) for row in rows]

    def _commitments(self, db: sqlite3.Connection) -> list[dict[str, Any]]:
        user: dict[str, list[str]] = {}
        for row in db.execute(
            "SELECT commitment_id, feature_id FROM user_links ORDER BY commitment_id, feature_id"
        ):
            user.setdefault(row["commitment_id"], []).append(row["feature_id"])
        items = []
        for row in db.execute("SELECT id, data FROM commitments ORDER BY seq"):
            item = orjson.loads(row["data"])
            item.setdefault("features", [])
            item.setdefault("provinces", [])
            item["user_features"] = user.get(row["id"], [])
            items.append(item)
        return items

    def commitments(self) -> list[dict[str, Any]]:
        with self._read() as db:
            return self._commitments(db)

    # --- revisions -----------------------------------------------------------------------
    @staticmethod
    def _now() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")

    def _begin_revision(self, db, *, author, action, layer_id, summary, file_sha256=None, reverts=None) -> int:
        cursor = db.execute(
            "INSERT INTO revisions (created_at, author, action, layer_id, summary, file_sha256, reverts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self._now(), author, action, layer_id, summary, file_sha256, reverts),
        )
        return cursor.lastrowid

    @staticmethod
    def _record(db, revision_id: int, seq: int, entity: str, entity_id: str, before, after) -> None:
        db.execute(
            "INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?)",
            (revision_id, seq, entity, entity_id,
             None if before is None else _dumps(before), None if after is None else _dumps(after)),
        )

    def _revision(self, db, revision_id: int) -> Revision:
        row = db.execute(
            "SELECT r.*, (SELECT count(*) FROM changes c WHERE c.revision_id = r.id) AS n "
            "FROM revisions r WHERE r.id = ?",
            (revision_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no revision {revision_id}")
        return Revision(
            id=row["id"], created_at=row["created_at"], author=row["author"], action=row["action"],
            layer_id=row["layer_id"], summary=row["summary"], file_sha256=row["file_sha256"],
            reverted_by=row["reverted_by"], reverts=row["reverts"], changes=row["n"],
        )

    # Each entity kind is read and written through these two, so revert can apply any change.
    def _state(self, db, entity: str, entity_id: str) -> Any:
        if entity == "layer":
            row = db.execute("SELECT * FROM layers WHERE id = ?", (entity_id,)).fetchone()
            return None if row is None else {k: row[k] for k in row.keys()}
        if entity == "feature":
            row = db.execute("SELECT * FROM features WHERE id = ?", (entity_id,)).fetchone()
            return None if row is None else {k: row[k] for k in row.keys()}
        if entity == "link":
            commitment_id, feature_id = entity_id.split("\t")
            row = db.execute(
                "SELECT 1 FROM user_links WHERE commitment_id = ? AND feature_id = ?",
                (commitment_id, feature_id),
            ).fetchone()
            return None if row is None else {"commitment_id": commitment_id, "feature_id": feature_id}
        raise ValueError(entity)

    def _apply(self, db, entity: str, entity_id: str, state: dict | None) -> None:
        table = {"layer": "layers", "feature": "features", "link": "user_links"}[entity]
        if entity == "link":
            commitment_id, feature_id = entity_id.split("\t")
            db.execute(
                "DELETE FROM user_links WHERE commitment_id = ? AND feature_id = ?",
                (commitment_id, feature_id),
            )
        else:
            db.execute(f"DELETE FROM {table} WHERE id = ?", (entity_id,))
        if state is not None:
            columns = ", ".join(state)
            marks = ", ".join("?" for _ in state)
            db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(state.values()))

    def _change(self, db, revision_id: int, seq: int, entity: str, entity_id: str, after: dict | None) -> None:
        before = self._state(db, entity, entity_id)
        self._apply(db, entity, entity_id, after)
        self._record(db, revision_id, seq, entity, entity_id, before, after)

    # --- changing ------------------------------------------------------------------------
    def _user_layer(self, db, layer_id: str) -> sqlite3.Row:
        row = db.execute("SELECT * FROM layers WHERE id = ?", (layer_id,)).fetchone()
        if row is None:
            raise NotFound(f"no layer with id {layer_id!r}")
        if row["origin"] != "user":
            raise Conflict(f"layer {layer_id!r} is curated; add features to a layer of your own")
        return row

    def add_features(self, layer_id, features, *, author, summary, file_sha256=None, new_layer=None, links=()):
        features = list(features)
        links = list(dict.fromkeys(links))
        with self._write() as db:
            if new_layer is not None:
                if db.execute("SELECT 1 FROM layers WHERE id = ?", (new_layer.id,)).fetchone():
                    raise Conflict(f"a layer with id {new_layer.id!r} already exists")
                layer_id = new_layer.id
            revision_id = self._begin_revision(
                db, author=author, action="import", layer_id=layer_id,
                summary=summary, file_sha256=file_sha256,
            )
            seq = 0
            if new_layer is not None:
                position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM layers").fetchone()[0]
                state = {
                    "id": new_layer.id, "title": new_layer.title, "kind": new_layer.kind,
                    "origin": "user", "visible": 1, "position": position,
                    "style": _dumps(new_layer.style), "description": new_layer.description,
                }
                self._change(db, revision_id, seq, "layer", new_layer.id, state)
                seq += 1
            self._user_layer(db, layer_id)
            for commitment_id in links:
                if db.execute("SELECT 1 FROM commitments WHERE id = ?", (commitment_id,)).fetchone() is None:
                    raise NotFound(f"no commitment with id {commitment_id!r}")
            given = [f["id"] for f in features if f.get("id") is not None]
            taken = self._existing_ids(db, given)
            if taken:
                shown = ", ".join(taken[:10]) + (" …" if len(taken) > 10 else "")
                where = {fid: i for i, fid in enumerate(f.get("id") for f in features)}
                raise Conflict(
                    f"{len(taken)} feature id(s) already exist in the store: {shown}",
                    problems=[f"features[{where[t]}].id: {t!r} is already used" for t in taken[:50]],
                )
            ids = self._assign_ids(db, layer_id, features, set(given))
            next_seq = db.execute(
                "SELECT coalesce(max(seq), -1) + 1 FROM features WHERE layer_id = ?", (layer_id,)
            ).fetchone()[0]
            rows = []
            for offset, (feature, feature_id) in enumerate(zip(features, ids)):
                properties = feature.get("properties") or {}
                if feature.get("id") is None:
                    properties = {**properties, "id": feature_id}
                box = feature.get("bbox")
                minx, miny, maxx, maxy = box if box is not None and len(box) == 4 else _bbox(feature["geometry"])
                rows.append({
                    "id": feature_id, "layer_id": layer_id, "seq": next_seq + offset,
                    "properties": _dumps(properties), "geometry": _dumps(feature["geometry"]),
                    "minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy,
                })
            # One statement per table, not per feature: large imports stay fast.
            db.executemany(
                "INSERT INTO features VALUES (:id, :layer_id, :seq, :properties, :geometry,"
                " :minx, :miny, :maxx, :maxy)",
                rows,
            )
            db.executemany(
                "INSERT INTO changes VALUES (?, ?, 'feature', ?, NULL, ?)",
                ((revision_id, seq + k, row["id"], _dumps(row)) for k, row in enumerate(rows)),
            )
            seq += len(rows)
            pairs = [(commitment_id, feature_id) for commitment_id in links for feature_id in ids]
            db.executemany("INSERT INTO user_links VALUES (?, ?)", pairs)
            db.executemany(
                "INSERT INTO changes VALUES (?, ?, 'link', ?, NULL, ?)",
                ((revision_id, seq + k, c + "\t" + f, _dumps({"commitment_id": c, "feature_id": f}))
                 for k, (c, f) in enumerate(pairs)),
            )
            return self._revision(db, revision_id)

    @staticmethod
    def _assign_ids(db, layer_id: str, features: list[Feature], given: set[str]) -> list[str]:
        """Ids for features that have none: `<layer>-<n>`, counting on from the last one given."""
        key = f"next_id:{layer_id}"
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        n = int(row[0]) if row else 1
        prefix = f"{layer_id}-"
        # '.' sorts right after '-', so this range is every id starting with the prefix.
        existing = {r[0] for r in db.execute(
            "SELECT id FROM features WHERE id >= ? AND id < ?", (prefix, f"{layer_id}."))}
        ids = []
        for feature in features:
            feature_id = feature.get("id")
            while feature_id is None:
                candidate = f"{prefix}{n}"
                n += 1
                if candidate not in given and candidate not in existing:
                    feature_id = candidate
            ids.append(feature_id)
        db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, str(n)),
        )
        return ids

    def taken_ids(self, feature_ids):
        with self._read() as db:
            return set(self._existing_ids(db, list(dict.fromkeys(feature_ids))))

    @staticmethod
    def _existing_ids(db, ids: list[str]) -> list[str]:
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            duplicates = [i for i in ids if i in seen or seen.add(i)]
            raise InvalidInput(
                f"feature ids repeat within the upload: {', '.join(sorted(set(duplicates))[:10])}"
            )
        taken = [r[0] for r in db.execute(
            "SELECT id FROM features WHERE id IN (SELECT value FROM json_each(?))", (_dumps(ids),))]
        order = {feature_id: i for i, feature_id in enumerate(ids)}
        return sorted(taken, key=order.__getitem__)

    def delete_features(self, feature_ids, *, author, summary=""):
        feature_ids = list(feature_ids)
        with self._write() as db:
            rows = []
            for feature_id in feature_ids:
                row = db.execute("SELECT layer_id FROM features WHERE id = ?", (feature_id,)).fetchone()
                if row is None:
                    raise NotFound(f"no feature with id {feature_id!r}")
                self._user_layer(db, row["layer_id"])
                rows.append(row)
            layer_ids = sorted({row["layer_id"] for row in rows})
            revision_id = self._begin_revision(
                db, author=author, action="delete",
                layer_id=layer_ids[0] if len(layer_ids) == 1 else None,
                summary=summary or f"deleted {len(feature_ids)} feature(s)",
            )
            for seq, feature_id in enumerate(feature_ids):
                self._change(db, revision_id, seq, "feature", feature_id, None)
            return self._revision(db, revision_id)

    def delete_layer(self, layer_id, *, author):
        with self._write() as db:
            self._user_layer(db, layer_id)
            revision_id = self._begin_revision(
                db, author=author, action="delete-layer", layer_id=layer_id,
                summary=f"deleted layer {layer_id}",
            )
            ids = [r[0] for r in db.execute("SELECT id FROM features WHERE layer_id = ? ORDER BY seq", (layer_id,))]
            links = [
                r[0] + "\t" + r[1]
                for r in db.execute(
                    "SELECT commitment_id, feature_id FROM user_links WHERE feature_id IN "
                    "(SELECT id FROM features WHERE layer_id = ?)", (layer_id,),
                )
            ]
            seq = 0
            for link_id in links:
                self._change(db, revision_id, seq, "link", link_id, None)
                seq += 1
            for feature_id in ids:
                self._change(db, revision_id, seq, "feature", feature_id, None)
                seq += 1
            self._change(db, revision_id, seq, "layer", layer_id, None)
            return self._revision(db, revision_id)

    def link(self, commitment_id, feature_ids, *, author):
        feature_ids = list(feature_ids)
        with self._write() as db:
            if db.execute("SELECT 1 FROM commitments WHERE id = ?", (commitment_id,)).fetchone() is None:
                raise NotFound(f"no commitment with id {commitment_id!r}")
            for feature_id in feature_ids:
                if db.execute("SELECT 1 FROM features WHERE id = ?", (feature_id,)).fetchone() is None:
                    raise NotFound(f"no feature with id {feature_id!r}")
            revision_id = self._begin_revision(
                db, author=author, action="link", layer_id=None,
                summary=f"linked {len(feature_ids)} feature(s) to {commitment_id}",
            )
            for seq, feature_id in enumerate(feature_ids):
                state = {"commitment_id": commitment_id, "feature_id": feature_id}
                self._change(db, revision_id, seq, "link", commitment_id + "\t" + feature_id, state)
            return self._revision(db, revision_id)

    def history(self, layer_id=None):
        with self._read() as db:
            if layer_id is None:
                ids = [r[0] for r in db.execute("SELECT id FROM revisions ORDER BY id DESC")]
            else:
                ids = [r[0] for r in db.execute(
                    "SELECT id FROM revisions WHERE layer_id = ? ORDER BY id DESC", (layer_id,))]
            return [self._revision(db, i) for i in ids]

    def revision(self, revision_id):
        with self._read() as db:
            revision = self._revision(db, revision_id)
            changes = [
                {
                    "entity": row["entity"],
                    "id": row["entity_id"],
                    "before": None if row["before"] is None else orjson.loads(row["before"]),
                    "after": None if row["after"] is None else orjson.loads(row["after"]),
                }
                for row in db.execute(
                    "SELECT * FROM changes WHERE revision_id = ? ORDER BY seq", (revision_id,)
                )
            ]
        return revision, changes

    def revert(self, revision_id, *, author):
        with self._write() as db:
            original = self._revision(db, revision_id)
            if original.reverted_by is not None:
                raise Conflict(f"revision {revision_id} was already reverted by revision {original.reverted_by}")
            rows = db.execute(
                "SELECT * FROM changes WHERE revision_id = ? ORDER BY seq DESC", (revision_id,)
            ).fetchall()
            for row in rows:
                current = self._state(db, row["entity"], row["entity_id"])
                expected = None if row["after"] is None else orjson.loads(row["after"])
                if current != expected:
                    raise Conflict(
                        f"cannot revert revision {revision_id}: {row['entity']} "
                        f"{row['entity_id'].replace(chr(9), ' → ')!r} was changed by a later revision"
                    )
            new_id = self._begin_revision(
                db, author=author, action="revert", layer_id=original.layer_id,
                summary=f"reverted revision {revision_id} ({original.summary})", reverts=revision_id,
            )
            for seq, row in enumerate(rows):
                before = None if row["before"] is None else orjson.loads(row["before"])
                self._change(db, new_id, seq, row["entity"], row["entity_id"], before)
            db.execute("UPDATE revisions SET reverted_by = ? WHERE id = ?", (new_id, revision_id))
            return self._revision(db, new_id)

    # --- curated data --------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def curated_version(self):
        return self._meta("curated_version")

    def curated_as_of(self):
        return self._meta("curated_as_of")

    def sync_curated(self, curated: CuratedData) -> bool:
        with self._write() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'curated_version'").fetchone()
            if row is not None and row[0] == curated.version:
                return False
            curated_ids = {layer.id for layer, _ in curated.layers}
            clash = db.execute(
                f"SELECT id FROM layers WHERE origin = 'user' AND id IN ({', '.join('?' for _ in curated_ids)})",
                tuple(curated_ids),
            ).fetchall()
            if clash:
                raise Conflict(f"curated layer id {clash[0][0]!r} is taken by a user layer")
            db.execute("DELETE FROM features WHERE layer_id IN (SELECT id FROM layers WHERE origin = 'curated')")
            db.execute("DELETE FROM layers WHERE origin = 'curated'")
            for layer, features in curated.layers:
                db.execute(
                    "INSERT INTO layers VALUES (?, ?, ?, 'curated', ?, ?, ?, ?)",
                    (layer.id, layer.title, layer.kind, int(layer.visible), layer.position,
                     _dumps(layer.style), layer.description),
                )
                for seq, feature in enumerate(features):
                    db.execute(
                        "INSERT INTO features VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (feature["id"], layer.id, seq, _dumps(feature["properties"]),
                         _dumps(feature["geometry"]), *_bbox(feature["geometry"])),
                    )
            # User layers keep their place after the curated ones.
            offset = len(curated.layers)
            for i, (user_id,) in enumerate(
                db.execute("SELECT id FROM layers WHERE origin = 'user' ORDER BY position, id").fetchall()
            ):
                db.execute("UPDATE layers SET position = ? WHERE id = ?", (offset + i, user_id))
            db.execute("DELETE FROM documents")
            for seq, document in enumerate(curated.documents):
                db.execute("INSERT INTO documents VALUES (?, ?, ?)", (document["id"], seq, _dumps(document)))
            db.execute("DELETE FROM commitments")
            for seq, item in enumerate(curated.commitments):
                db.execute("INSERT INTO commitments VALUES (?, ?, ?)", (item["id"], seq, _dumps(item)))
            for key, value in (("curated_version", curated.version), ("curated_as_of", curated.as_of)):
                db.execute(
                    "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            return True
