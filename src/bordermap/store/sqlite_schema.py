"""The SQLite store's schema: ordered migrations, the file's version in `PRAGMA user_version`.

A file at version N has had the first N migrations applied. Opening a file applies the ones
it lacks, each in its own `BEGIN IMMEDIATE` transaction together with the new version
number, so a crash leaves the file at the last version fully applied and processes opening
it together apply each step once. Never edit a migration that has shipped: append a new one.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from ..errors import StoreError

# The tables as the first release made them (it kept no version: its files say 0).
_BASELINE = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS layers (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'user')),
    visible INTEGER NOT NULL, position INTEGER NOT NULL,
    style TEXT NOT NULL, description TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS features (
    id TEXT PRIMARY KEY, layer_id TEXT NOT NULL REFERENCES layers(id),
    seq INTEGER NOT NULL, properties TEXT NOT NULL, geometry TEXT NOT NULL,
    minx REAL, miny REAL, maxx REAL, maxy REAL, revision_id INTEGER)""",
    "CREATE INDEX IF NOT EXISTS features_by_layer ON features (layer_id, seq)",
    "CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS commitments (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS user_links (
    commitment_id TEXT NOT NULL, feature_id TEXT NOT NULL,
    PRIMARY KEY (commitment_id, feature_id))""",
    "CREATE INDEX IF NOT EXISTS user_links_by_feature ON user_links (feature_id)",
    """CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, author TEXT NOT NULL,
    action TEXT NOT NULL, layer_id TEXT, summary TEXT NOT NULL, file_sha256 TEXT,
    reverted_by INTEGER, reverts INTEGER)""",
    """CREATE TABLE IF NOT EXISTS changes (
    revision_id INTEGER NOT NULL REFERENCES revisions(id), seq INTEGER NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, before TEXT, after TEXT,
    PRIMARY KEY (revision_id, seq))""",
)


def _baseline(db: sqlite3.Connection) -> None:
    """Version 1: the first release's tables (created, or found as it left them)."""
    for statement in _BASELINE:
        db.execute(statement)
    columns = {row[1] for row in db.execute("PRAGMA table_info(features)")}
    if "revision_id" not in columns:  # files from before features knew their revision
        db.execute("ALTER TABLE features ADD COLUMN revision_id INTEGER")


def _imports_by_file(db: sqlite3.Connection) -> None:
    """Version 2: find an earlier import of the same file into a layer without a scan."""
    db.execute("CREATE INDEX revisions_by_file ON revisions (file_sha256, layer_id)")


def _changes_by_entity(db: sqlite3.Connection) -> None:
    """Version 3: find the later changes to one entity (a revision page, a revert) by index."""
    db.execute("CREATE INDEX changes_by_entity ON changes (entity, entity_id, revision_id)")


def _written_in_chunks(db: sqlite3.Connection) -> None:
    """Version 4: an import lists the features it wrote a chunk of ids per `changes` row
    (entity 'written', see sqlite_history.WRITTEN_CHUNK). Nothing to rewrite: the per-feature
    rows of earlier imports read as before; the version keeps older bordermaps from misreading
    the new rows."""


def _features_by_box(db: sqlite3.Connection) -> None:
    """Version 5: find the features whose bounding box meets a window by index.

    An index on each layer's boxes, west edge first, and the widest box each layer has ever
    held (`layer_widths`, never narrowed): a feature meeting a window has its west edge
    between the window's west minus that width and its east, a band the index walks; the
    other edges are checked in the index itself. Every statement that writes a feature row
    must widen its layer's entry (sqlite_changes.widen). (An R*Tree answers faster, but
    writing to it made a 100,000-point import four times slower; a trigger keeping the
    widths, twice as slow.)
    """
    db.execute("CREATE INDEX features_by_box ON features (layer_id, minx, maxx, miny, maxy)")
    db.execute("CREATE TABLE layer_widths (layer_id TEXT PRIMARY KEY, max_width REAL NOT NULL)")
    db.execute("INSERT INTO layer_widths SELECT layer_id, max(maxx - minx) FROM features"
               " WHERE minx IS NOT NULL GROUP BY layer_id")


def _editors_ledger(db: sqlite3.Connection) -> None:
    """Version 6: documents and commitments editors add (issue 10), apart from the curated ones
    so that a curated update, which replaces `documents` and `commitments`, never touches them.
    `data` is the record as the contract gives it (a document with its `text` and `paragraphs`);
    revisions record them as entities 'document' and 'commitment'."""
    db.execute("CREATE TABLE editor_documents (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL)")
    db.execute("CREATE TABLE editor_commitments (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL)")
def _status_events(db: sqlite3.Connection) -> None:
    """Version 7: dated status events and targets of features and commitments (curated and
    editors'), in a table of their own keyed by entity kind and id (see store/common_events)."""
    db.execute("""CREATE TABLE status_events (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('event', 'target')),
    entity TEXT NOT NULL CHECK (entity IN ('feature', 'commitment')), entity_id TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'user')), seq INTEGER NOT NULL, data TEXT NOT NULL)""")
    db.execute("CREATE INDEX status_events_by_entity ON status_events (entity, entity_id)")


def _layer_bodies(db: sqlite3.Connection) -> None:
    """Version 8: each layer's finished GeoJSON body, kept with the version of the data it was
    built from (see store/common_bodies), and the index that finds a layer's newest revision."""
    db.execute("CREATE TABLE layer_bodies (layer_id TEXT PRIMARY KEY, version TEXT NOT NULL, body BLOB NOT NULL)")
    db.execute("CREATE INDEX revisions_by_layer ON revisions (layer_id, id)")


def _shared_state(db: sqlite3.Connection) -> None:
    """Version 9: editors' unlocked sessions and checked uploads (store/common_shared), which
    were files in the instance folder."""
    db.execute("CREATE TABLE editor_sessions (id TEXT PRIMARY KEY, started REAL NOT NULL)")
    db.execute("CREATE TABLE staged_uploads (sha256 TEXT PRIMARY KEY, staged REAL NOT NULL, body BLOB NOT NULL)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _baseline,
    _imports_by_file,
    _changes_by_entity,
    _written_in_chunks,
    _features_by_box,
    _editors_ledger,
    _status_events,
    _layer_bodies,
    _shared_state,
)
VERSION = len(MIGRATIONS)


def version(db: sqlite3.Connection) -> int:
    """The schema version the file says it has."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def upgrade(db: sqlite3.Connection, path: object) -> None:
    """Apply the migrations the file lacks; StoreError for a file from a newer bordermap.

    `db` must be in autocommit mode (no transaction open).
    """
    while True:
        current = version(db)
        if current > VERSION:
            raise StoreError(f"the store {path} has schema version {current}, newer than this "
                             f"bordermap knows ({VERSION}); upgrade bordermap to open it")
        if current == VERSION:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            if version(db) == current:  # another process may have just applied it
                MIGRATIONS[current](db)
                # PRAGMA takes no parameters; the value is an int we computed.
                db.execute(f"PRAGMA user_version = {current + 1:d}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
