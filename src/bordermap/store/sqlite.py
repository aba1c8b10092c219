"""The embedded store: one SQLite file in the instance folder, changed only in transactions."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import orjson

from ..curated import CuratedData
from ..errors import Conflict, NotFound
from . import sqlite_schema
from .base import Feature, Store
from .common_bodies import BodiesMixin, written_body
from .common_events import curated_rows
from .common_reading import ReadingMixin
from .common_shared import SharedStateMixin
from .points import SQLitePoints
from .rules import now
from .sqlite_changes import ChangesMixin, _dumps, widen
from .sqlite_rows import bbox as _bbox

# Each feature as `features` gives it, encoded as orjson does: `properties` is the stored object
# with `layer` and `commitments` after its own members (json_quote escapes as orjson does).
_BODY_SQL = (
    "SELECT CAST('{{\"type\":\"FeatureCollection\",\"features\":[' || coalesce(group_concat(text, ','), '') || ']}}'"
    " AS BLOB), count(*) FROM ("
    " SELECT format('{{\"type\":\"Feature\",\"id\":%s,\"geometry\":%s,\"properties\":%.*s%s\"layer\":%s,"
    "\"commitments\":%s}}}}', json_quote(f.id), f.geometry, length(CAST(f.properties AS BLOB)) - 1, f.properties,"
    " CASE WHEN f.properties = '{{}}' THEN '' ELSE ',' END, json_quote(f.layer_id), coalesce(k.ids, '[]')) AS text"
    " FROM features f JOIN layers l ON l.id = f.layer_id LEFT JOIN temp.body_links k ON k.feature_id = f.id"
    " {where} ORDER BY {order})"
)


_CHECKPOINTS = threading.Lock()  # guards each store's list of checkpoint threads
PAGE_SIZE = 16384  # bytes, of a file this store creates (see SQLiteStore.__init__)


def _checkpoint_and_close(db: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database (PASSIVE: it waits for no reader or writer),
    then close the connection. A failure leaves it to the next commit's own checkpoint."""
    try:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:
        pass
    finally:
        db.close()


class SQLiteStore(SQLitePoints, BodiesMixin, SharedStateMixin, ChangesMixin, ReadingMixin, Store):
    """Store in a SQLite file; every change is one `BEGIN IMMEDIATE` transaction."""

    def __init__(self, path: Path | str):
        """Open (or create) the file and bring its schema up to date (see sqlite_schema)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = self._connect()
        try:
            # A new file's pages are 16 KiB, not SQLite's 4: a large import's rows and index entries
            # go into a quarter as many pages, 7% of writing 100,000 points (session 26). SQLite
            # takes the size only before the file's first table (and never in WAL mode): an
            # existing file keeps its own.
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")
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
    def _write(self, busy_timeout_ms: int | None = None, *,
               checkpoint_after: bool = False, foreign_keys: bool = True) -> Iterator[sqlite3.Connection]:
        """One change in one transaction. With `checkpoint_after` (an import), its commit takes
        no checkpoint of the write-ahead log: a thread copies the log into the database once the
        change is committed and answered (a passive checkpoint, which waits for no reader or
        writer; SQLite's documentation proposes it), where the commit of a 100,000-feature import
        spent a tenth of a second in it (research 21). `close` waits for it. Without
        `foreign_keys`, the caller checks the references its statements make itself (SQLite only
        turns them off outside a transaction: here, before it begins)."""
        db = self._connect()
        handed = False
        try:
            if not foreign_keys:
                db.execute("PRAGMA foreign_keys=OFF")
            if busy_timeout_ms is not None:  # how long to wait for another writer, when not the default
                db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            if checkpoint_after:
                db.execute("PRAGMA wal_autocheckpoint=0")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            if checkpoint_after:
                thread = threading.Thread(target=_checkpoint_and_close, args=(db,), name="bordermap-checkpoint",
                                          daemon=True)
                with _CHECKPOINTS:  # the store's own list (a read-only InstanceStore runs no __init__)
                    pending = self.__dict__.setdefault("_pending_checkpoints", [])
                    pending[:] = [t for t in pending if t.is_alive()] + [thread]
                thread.start()
                handed = True
        finally:
            if not handed:
                db.close()

    def _import_write(self):
        # An import's rows all name one layer, written into its INSERT as a literal
        # (sqlite_rows.insert_features), which `_begin_import` found in this transaction
        # (`_user_layer`), and its `changes` the revision `_begin_import` wrote: SQLite's
        # foreign key checks would look the same layer up again for each row, 5% of writing
        # 100,000 points (session 25). tests/test_store_batches_contract.py checks that an import
        # into a layer that is not there or is curated is refused, and that SQLite's own
        # `foreign_key_check` finds nothing after imports.
        return self._write(checkpoint_after=True, foreign_keys=False)

    def close(self) -> None:
        """Wait for the checkpoints imports left to a thread (nothing else stays open)."""
        with _CHECKPOINTS:
            pending = self.__dict__.pop("_pending_checkpoints", [])
        for thread in pending:
            thread.join()

    def _side_write(self):
        return self._write()

    # --- reading (the rest is common_reading.ReadingMixin's) ------------------------------
    _P = "?"
    _JOIN_IN_ORDER = "CROSS JOIN"  # SQLite's planner keeps the tables of a CROSS JOIN in order
    # Each row's box is its geometry's, written with it (sqlite_rows.rows_of).
    _EXTENT = "min(f.minx) AS w, min(f.miny) AS s, max(f.maxx) AS e, max(f.maxy) AS n"
    _load = staticmethod(orjson.loads)

    @staticmethod
    def _in_ids(ids: list[str]) -> tuple[str, str]:
        return "IN (SELECT value FROM json_each(?))", _dumps(ids)

    @staticmethod
    def _bbox_source(db, layer_id, bbox):
        west, south, east, north = bbox
        box = "f.maxx >= ? AND f.miny <= ? AND f.maxy >= ?"
        if west > east:  # across the antimeridian: from west to 180, and from -180 to east
            return "features f", "(f.maxx >= ? OR f.minx <= ?) AND f.miny <= ? AND f.maxy >= ?", \
                [west, east, north, south]
        # The west edge of a box meeting the window lies within the layer's widest box of the
        # window's west (see sqlite_schema._features_by_box): a band of the index, not the layer.
        widest = db.execute("SELECT max(max_width) FROM layer_widths" + (" WHERE layer_id = ?" if layer_id else ""),
                            (layer_id,) if layer_id else ()).fetchone()[0] or 0.0
        return "features f", f"f.minx >= ? AND f.minx <= ? AND {box}", \
            [west - widest - 1e-9, east, west, north, south]

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

    def feature_properties(self, feature_ids):
        # Plain rows, the ids walked in the order given: a sqlite3.Row per feature, and the
        # `IN (json_each)` plan, made most of the commitments list's time with 20,000 links.
        ids = _dumps(list(dict.fromkeys(feature_ids)))
        with self._read() as db:
            cursor = db.cursor()
            cursor.row_factory = None
            rows = cursor.execute("SELECT f.id, f.properties FROM json_each(?) j CROSS JOIN features f"
                                  " ON f.id = j.value", (ids,)).fetchall()
        loads = orjson.loads
        return {feature_id: loads(properties) for feature_id, properties in rows}

    def _build_body(self, db: sqlite3.Connection, layer_id: str | None) -> bytes:
        # SQLite writes the body itself, around the stored geometry and properties texts, in one
        # string: decoding and encoding every geometry again took most of the answer's time,
        # and even writing each feature in Python took three times orjson's. Where a feature's
        # stored properties name `layer` or `commitments` themselves (they must then be decoded),
        # the body is written again a feature at a time below: `"layer"` and `"commitments"`
        # occur once per feature in the body written here unless some stored text holds them
        # (a string inside a value is escaped, `\\"layer\\"`, and does not count).
        links = self._link_index(db)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS body_links (feature_id TEXT PRIMARY KEY, ids TEXT NOT NULL)")
        db.execute("DELETE FROM temp.body_links")
        db.executemany("INSERT INTO temp.body_links VALUES (?, ?)",
                       ((feature_id, _dumps(ids)) for feature_id, ids in links.items()))
        where, order, args = (("", "l.position, l.id, f.seq", ()) if layer_id is None
                              else ("WHERE f.layer_id = ?", "f.seq", (layer_id,)))
        body, count = db.execute(_BODY_SQL.format(where=where, order=order), args).fetchone()
        if body.count(b'"layer"') == count and body.count(b'"commitments"') == count:
            return body
        return written_body(self._feature_rows(db, layer_id, "f.id, f.layer_id, f.properties, f.geometry",
                                               plain=True), links)

    # --- kept bodies (see common_bodies) ---------------------------------------------------
    _SCHEMA_VERSION = sqlite_schema.VERSION

    @staticmethod
    def _kept_body(db: sqlite3.Connection, layer_id: str, version: str) -> bytes | None:
        row = db.execute("SELECT body FROM layer_bodies WHERE layer_id = ? AND version = ?",
                         (layer_id, version)).fetchone()
        return None if row is None else row[0]

    def _keep_body(self, layer_id: str, version: str, body: bytes) -> None:
        # A body is kept only when the file is free within a moment: a request never waits
        # behind a long import to store what it has already built.
        with self._write(busy_timeout_ms=100) as db:
            db.execute("INSERT INTO layer_bodies VALUES (?, ?, ?) ON CONFLICT (layer_id)"
                       " DO UPDATE SET version = excluded.version, body = excluded.body",
                       (layer_id, version, body))
            db.execute("DELETE FROM layer_bodies WHERE layer_id NOT IN (SELECT id FROM layers)")

    # --- curated data --------------------------------------------------------------------
    def last_revision(self):
        with self._read() as db:
            row = db.execute("SELECT id, created_at FROM revisions ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else (row[0], row[1])

    def sync_curated(self, curated: CuratedData) -> bool:
        # Data already up to date is seen by a read, without waiting for the writer lock a long
        # import holds (review 20, F5); the write checks again, holding it.
        if self.curated_version() == curated.version:
            return False
        with self._write() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'curated_version'").fetchone()
            if row is not None and row[0] == curated.version:
                return False
            self._refuse_editor_clash(db, curated)
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
                    box = _bbox(feature["geometry"])
                    db.execute(
                        "INSERT INTO features VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                        (feature["id"], layer.id, seq, _dumps(feature["properties"]),
                         _dumps(feature["geometry"]), *box),
                    )
                    widen(db, layer.id, None if box[0] is None else box[2] - box[0])
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
            db.execute("DELETE FROM status_events WHERE origin = 'curated'")
            db.executemany("INSERT INTO status_events VALUES (?, ?, ?, ?, ?, ?, ?)",
                           curated_rows(curated.history, _dumps))
            # When it was loaded (`change_times`), never before the last revision: the curated
            # data's own date may be older than that, and a Last-Modified must move with the data.
            newest = db.execute("SELECT max(created_at) FROM revisions").fetchone()[0]
            loaded = max(now(), newest) if newest else now()
            for key, value in (("curated_version", curated.version), ("curated_as_of", curated.as_of),
                               ("curated_loaded_at", loaded)):
                db.execute(
                    "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            return True
