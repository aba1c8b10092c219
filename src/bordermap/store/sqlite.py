"""The embedded store: one SQLite file in the instance folder, changed only in transactions."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import orjson

from ..curated import CuratedData
from ..errors import Conflict, NotFound
from ..model import Layer
from . import sqlite_schema
from .base import Feature, Store
from .sqlite_changes import ChangesMixin, _bbox, _dumps


def _feature_text(feature_id: str, layer_json: str, properties: str, geometry: str, commitments: str) -> str | None:
    """A feature as `features` gives it, encoded, written around its stored text; None when the
    stored properties name `layer` or `commitments` themselves (then they must be decoded)."""
    if '"layer"' in properties or '"commitments"' in properties or properties[:1] != "{" \
            or properties[-1:] != "}":
        return None
    head = properties[:-1]
    return (f'{{"type":"Feature","id":{_dumps(feature_id)},"geometry":{geometry},"properties":{head}'
            f'{"" if head == "{" else ","}"layer":{layer_json},"commitments":{commitments}}}}}')


class SQLiteStore(ChangesMixin, Store):
    """Store in a SQLite file; every change is one `BEGIN IMMEDIATE` transaction."""

    def __init__(self, path: Path | str):
        """Open (or create) the file and bring its schema up to date (see sqlite_schema)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = self._connect()
        try:
            db.execute("PRAGMA journal_mode=WAL")
            found = sqlite_schema.version(db)
            sqlite_schema.upgrade(db, self.path)
            self.schema_upgrade = (found, sqlite_schema.VERSION)
        finally:
            db.close()

    # --- connections ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=60000")
        db.execute("PRAGMA cache_size=-65536")  # 64 MiB: a large import is written in one go
        # With WAL, NORMAL never corrupts and a killed process loses nothing committed; only a
        # power cut may drop the last transactions. It saves an fsync on every commit.
        db.execute("PRAGMA synchronous=NORMAL")
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

    def _feature_rows(self, db: sqlite3.Connection, layer_id: str | None, columns: str = "f.*",
                      plain: bool = False) -> list:
        """The rows of a layer's features (of every layer's: None) in order; plain tuples when
        `plain` (a sqlite3.Row per row costs as much as reading it)."""
        cursor = db.cursor()
        if plain:
            cursor.row_factory = None
        if layer_id is None:
            return cursor.execute(f"SELECT {columns} FROM features f JOIN layers l ON l.id = f.layer_id "
                                  "ORDER BY l.position, l.id, f.seq").fetchall()
        if db.execute("SELECT 1 FROM layers WHERE id = ?", (layer_id,)).fetchone() is None:
            raise NotFound(f"no layer with id {layer_id!r}")
        return cursor.execute(f"SELECT {columns} FROM features f WHERE layer_id = ? ORDER BY seq",
                              (layer_id,)).fetchall()

    def features(self, layer_id: str | None = None) -> list[Feature]:
        with self._read() as db:
            rows = self._feature_rows(db, layer_id)
            links = self._link_index(db)
        return [self._feature_from_row(row, links) for row in rows]

    def features_geojson(self, layer_id: str | None = None) -> bytes:
        # The stored geometry and properties texts are passed through: decoding and encoding
        # every geometry again took most of the answer's time.
        with self._read() as db:
            rows = self._feature_rows(db, layer_id, "f.id, f.layer_id, f.properties, f.geometry", plain=True)
            links = self._link_index(db)
        linked = {feature_id: _dumps(ids) for feature_id, ids in links.items()}
        layers = {layer: _dumps(layer) for layer in {row[1] for row in rows}}
        parts = []
        for row in rows:
            feature_id, layer, properties, geometry = row
            text = _feature_text(feature_id, layers[layer], properties, geometry, linked.get(feature_id, "[]"))
            if text is None:
                columns = dict(zip(("id", "layer_id", "properties", "geometry"), row, strict=False))
                text = _dumps(self._feature_from_row(columns, links))
            parts.append(text)
        return b'{"type":"FeatureCollection","features":[' + ",".join(parts).encode() + b"]}"

    def feature(self, feature_id: str) -> Feature:
        with self._read() as db:
            row = db.execute("SELECT * FROM features WHERE id = ?", (feature_id,)).fetchone()
            if row is None:
                raise NotFound(f"no feature with id {feature_id!r}")
            links = self._link_index(db)
        return self._feature_from_row(row, links)

    def feature_properties(self, feature_ids):
        ids = _dumps(list(dict.fromkeys(feature_ids)))
        with self._read() as db:
            rows = db.execute(
                "SELECT id, properties FROM features WHERE id IN (SELECT value FROM json_each(?))", (ids,)
            ).fetchall()
        return {row["id"]: orjson.loads(row["properties"]) for row in rows}

    def documents(self) -> list[dict[str, Any]]:
        with self._read() as db:
            rows = db.execute("SELECT data FROM documents ORDER BY seq").fetchall()
        return [orjson.loads(row["data"]) for row in rows]

    def _commitments(self, db: sqlite3.Connection) -> list[dict[str, Any]]:
        user: dict[str, list[str]] = {}
        # Only links to features that exist count, whatever happened to the others.
        for row in db.execute(
            "SELECT commitment_id, feature_id FROM user_links l WHERE EXISTS"
            " (SELECT 1 FROM features f WHERE f.id = l.feature_id) ORDER BY commitment_id, feature_id"
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

    # --- curated data --------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def last_revision(self):
        with self._read() as db:
            row = db.execute("SELECT id, created_at FROM revisions ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else (row[0], row[1])

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
                        "INSERT INTO features VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
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
