"""Move a whole SQLite store into an empty PostGIS database, and prove nothing was lost.

Every table goes across in one PostgreSQL transaction holding the store's writer lock: layers,
features, documents, commitments, links, revisions with their changes, and the store's own
counters. Before it commits, each table is read back from both sides, each side decoded by
its own backend's rules into the same plain records, and the counts and SHA-256 of those
records must agree; otherwise nothing is kept.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

import orjson

from ..errors import Conflict, InvalidInput, NotFound, StoreError
from ..model import Change, Layer
from . import postgis_history, sqlite_history, sqlite_schema
from .sqlite import SQLiteStore


@dataclass(frozen=True)
class TableCheck:
    """One table's rows and checksum, as read back from the source and from the copy."""

    table: str
    rows: int
    sha256: str


def _text(value: str | None) -> Any:
    return None if value is None else orjson.loads(value)


def _when(value: Any) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _state(value: Any) -> Any:
    if isinstance(value, Layer):
        return asdict(value)
    return value


def _change(change: Change, written: bool) -> list:
    return [change.entity, list(change.id) if isinstance(change.id, tuple) else change.id,
            _state(change.before), "written" if written else _state(change.after)]


# --- the source, as SQLite keeps it --------------------------------------------------------
def _sqlite_state(entity: str, state: dict | None) -> dict | None:
    """A SQLite change state (row with JSON text columns) as the PostGIS store records it."""
    if state is None or entity in ("link", "document", "commitment"):
        return state
    if entity == "layer":
        return {**state, "visible": bool(state["visible"]), "style": _text(state["style"])}
    if entity == "event":
        return {**state, "data": _text(state["data"])}
    return {"id": state["id"], "layer_id": state["layer_id"], "seq": state["seq"],
            "properties": _text(state["properties"]), "geometry": _text(state["geometry"]),
            "revision_id": state.get("revision_id")}


def _records(table: str) -> tuple:
    """_TABLES' entry for a table of records (`id`, `seq`, JSON `data`)."""
    query = f"SELECT id, seq, data FROM {table} ORDER BY id"
    return (query, lambda r: [r[0], r[1], _text(r[2])], query, lambda r: [r["id"], r["seq"], r["data"]])


# Per table: the query on each side, ordered by key, and how each side's row becomes a record.
_TABLES: dict[str, tuple[str, Callable, str, Callable]] = {
    "meta": (
        "SELECT key, value FROM meta ORDER BY key", lambda r: [r[0], r[1]],
        "SELECT key, value FROM meta WHERE key <> 'writer' ORDER BY key", lambda r: [r["key"], r["value"]],
    ),
    "layers": (
        "SELECT id, title, kind, origin, visible, position, style, description FROM layers ORDER BY id",
        lambda r: [r[0], r[1], r[2], r[3], bool(r[4]), r[5], _text(r[6]), r[7]],
        "SELECT id, title, kind, origin, visible, position, style, description FROM layers ORDER BY id",
        lambda r: [r["id"], r["title"], r["kind"], r["origin"], r["visible"], r["position"], r["style"],
                   r["description"]],
    ),
    "features": (
        "SELECT id, layer_id, seq, properties, geometry, revision_id FROM features ORDER BY id",
        lambda r: [r[0], r[1], r[2], _text(r[3]), _text(r[4]), r[5]],
        "SELECT id, layer_id, seq, properties, geometry, revision_id FROM features ORDER BY id",
        lambda r: [r["id"], r["layer_id"], r["seq"], r["properties"], r["geometry"], r["revision_id"]],
    ),
    **{table: _records(table) for table in ("documents", "commitments", "editor_documents", "editor_commitments")},
    "user_links": (
        "SELECT commitment_id, feature_id FROM user_links ORDER BY commitment_id, feature_id",
        lambda r: [r[0], r[1]],
        "SELECT commitment_id, feature_id FROM user_links ORDER BY commitment_id, feature_id",
        lambda r: [r["commitment_id"], r["feature_id"]],
    ),
    "status_events": (
        "SELECT id, kind, entity, entity_id, origin, seq, data FROM status_events ORDER BY id",
        lambda r: [*r[:6], _text(r[6])],
        "SELECT id, kind, entity, entity_id, origin, seq, data FROM status_events ORDER BY id",
        lambda r: [r["id"], r["kind"], r["entity"], r["entity_id"], r["origin"], r["seq"], r["data"]],
    ),
    "revisions": (
        "SELECT id, created_at, author, action, layer_id, summary, file_sha256, reverted_by, reverts"
        " FROM revisions ORDER BY id",
        lambda r: [r[0], _when(r[1]), *r[2:]],
        "SELECT id, created_at, author, action, layer_id, summary, file_sha256, reverted_by, reverts"
        " FROM revisions ORDER BY id",
        lambda r: [r["id"], _when(r["created_at"]), r["author"], r["action"], r["layer_id"], r["summary"],
                   r["file_sha256"], r["reverted_by"], r["reverts"]],
    ),
    "changes": (
        "SELECT revision_id, seq, entity, entity_id, before, after FROM changes ORDER BY revision_id, seq",
        lambda r: [r[0], r[1], *_change(sqlite_history.as_change(
            r[2], r[3], _text(r[4]), None if r[5] == sqlite_history.WRITTEN else _text(r[5])),
            r[5] == sqlite_history.WRITTEN)],
        "SELECT revision_id, seq, entity, entity_id, commitment_id, before, after, written FROM changes"
        " ORDER BY revision_id, seq",
        lambda r: [r["revision_id"], r["seq"], *_change(postgis_history.as_change(
            r["entity"], r["entity_id"], r["commitment_id"], r["before"], r["after"]), r["written"])],
    ),
}


def _check(table: str, records: Iterable[list]) -> TableCheck:
    digest = hashlib.sha256()
    count = 0
    for record in records:
        digest.update(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
        count += 1
    return TableCheck(table, count, digest.hexdigest())


def _copy_rows(source: sqlite3.Connection, target) -> None:
    """Write every source table into the target's, in the target's shapes."""
    target.executemany(
        "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        list(source.execute("SELECT key, value FROM meta")))
    plain = {
        "layers": ("SELECT id, title, kind, origin, visible, position, style, description FROM layers",
                   lambda r: (*r[:4], bool(r[4]), *r[5:])),
        "features": ("SELECT id, layer_id, seq, properties, geometry, revision_id FROM features", tuple),
        "documents": ("SELECT id, seq, data FROM documents", tuple),
        "commitments": ("SELECT id, seq, data FROM commitments", tuple),
        "editor_documents": ("SELECT id, seq, data FROM editor_documents", tuple),
        "editor_commitments": ("SELECT id, seq, data FROM editor_commitments", tuple),
        "user_links": ("SELECT commitment_id, feature_id FROM user_links", tuple),
        "status_events": ("SELECT id, kind, entity, entity_id, origin, seq, data FROM status_events", tuple),
        "revisions": ("SELECT id, created_at, author, action, layer_id, summary, file_sha256, reverted_by,"
                      " reverts FROM revisions", tuple),
    }
    for table, (query, shape) in plain.items():
        columns = query.split("SELECT ", 1)[1].split(" FROM", 1)[0]
        with target.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in source.execute(query):
                copy.write_row(shape(row))
    with target.copy("COPY changes (revision_id, seq, entity, entity_id, commitment_id, before, after, written)"
                     " FROM STDIN") as copy:
        for revision_id, seq, entity, entity_id, before, after in source.execute(
                "SELECT revision_id, seq, entity, entity_id, before, after FROM changes"):
            if entity == "written":  # a chunk of an import's features' ids, kept as one (common_changes)
                copy.write_row((revision_id, seq, entity, entity_id, None, None, after, True))
                continue
            commitment_id = None
            if entity == "link":
                commitment_id, entity_id = entity_id.split("\t", 1)
            written = after == sqlite_history.WRITTEN
            states = [_sqlite_state(entity, _text(s)) for s in (before, None if written else after)]
            copy.write_row((revision_id, seq, entity, entity_id, commitment_id,
                            *(None if s is None else orjson.dumps(s).decode() for s in states), written))


def copy_store(sqlite_path: Path | str, database_url: str) -> list[TableCheck]:
    """Copy the SQLite store file into the (empty) PostGIS database; the checks, per table.

    NotFound when the file is missing, InvalidInput when it is no store this bordermap copies (no
    SQLite file, no bordermap schema, a newer one), Conflict when the database already holds
    layers or revisions, StoreError when a table read back differs (then nothing is written). A file of an
    older schema is read from an upgraded copy, never upgraded itself.
    """
    path = Path(sqlite_path)
    if not path.is_file():
        raise NotFound(f"no store file at {path}")
    with tempfile.TemporaryDirectory(prefix="bordermap-copy-") as folder:
        return _copy_from(_of_this_schema(path, Path(folder)), database_url)


def _of_this_schema(path: Path, folder: Path) -> Path:
    """The file to read: `path` itself when its schema is this release's, else a copy of it in
    `folder` brought up to date. The file is left as it was (review rv21e, F2): an operator keeps
    it as the way back, and the release that wrote it must still open it."""
    try:
        return _read_schema(path, folder)
    except sqlite3.DatabaseError as error:  # a gzipped copy, a half-written download; not a lock
        if getattr(error, "sqlite_errorname", "") != "SQLITE_NOTADB":
            raise
        raise InvalidInput(f"{path} is not a SQLite database ({error}): give --from the store's own file "
                           "(bordermap.sqlite in the instance folder) as the server wrote it, not a compressed or "
                           "partial copy") from None


def _read_schema(path: Path, folder: Path) -> Path:
    with closing(_read_only(path)) as db:
        found = sqlite_schema.version(db)
        # The first release wrote no schema version, but its tables are there.
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if found == 0 and not {"layers", "features"} <= tables:
            raise InvalidInput(f"{path} is not a bordermap store: it has no bordermap schema (an empty "
                               "file, or another program's database); nothing was copied")
        if found == sqlite_schema.VERSION:
            return path
        if found > sqlite_schema.VERSION:  # said of the operator's file, not of a copy
            raise InvalidInput(f"the store {path} has schema version {found}, newer than this bordermap knows "
                               f"({sqlite_schema.VERSION}); copy it with the bordermap that wrote it")
        copied = folder / path.name
        with closing(sqlite3.connect(copied)) as into:
            db.backup(into)  # one consistent snapshot, its write-ahead log included
    SQLiteStore(copied).close()  # upgrades the copy, or refuses a file of a newer bordermap
    return copied


def _read_only(path: Path) -> sqlite3.Connection:
    """The SQLite file opened read-only, its name quoted in the URI: a `#` or `?` in it would
    otherwise end the name there, and SQLite open (and create) another file (review rv21f, M2)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _copy_from(path: Path, database_url: str) -> list[TableCheck]:
    from .postgis import PostGISStore  # psycopg is an optional extra

    target = PostGISStore(database_url, pool_size=1)
    source = _read_only(path)
    try:
        source.execute("BEGIN")  # one snapshot of the source, even if an app writes to it meanwhile
        with target._write() as db:
            held = db.execute("SELECT (SELECT count(*) FROM layers) + (SELECT count(*) FROM revisions) AS n")
            if held.fetchone()["n"]:
                raise Conflict(f"the database {target.where} already holds a bordermap store; "
                               "copy into an empty one")
            _copy_rows(source, db)
            checks = []
            for table, (source_query, source_record, target_query, target_record) in _TABLES.items():
                rows, held = source.execute(source_query), db.execute(target_query)
                if table == "changes":  # compared as the changes they stand for, a feature each
                    rows, held = sqlite_history.expand_written(rows), postgis_history.expand_written(held)
                expected = _check(table, map(source_record, rows))
                found = _check(table, map(target_record, held))
                if found != expected:
                    raise StoreError(f"copying table {table} went wrong: {expected.rows} rows "
                                     f"(SHA-256 {expected.sha256[:12]}…) in the file, {found.rows} "
                                     f"(SHA-256 {found.sha256[:12]}…) in the database; nothing was kept")
                checks.append(found)
        return checks
    finally:
        source.close()
        target.close()
