"""The instance folder and the store in it, opened the same way by the web app and the CLI."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from .curated import CuratedData, load_curated
from .errors import StoreUnavailable, storage_error
from .settings import Database
from .store import STORE_FILE, SQLiteStore, Store, open_store

log = logging.getLogger(__name__)
_PROBE = "SELECT 1 FROM sqlite_master LIMIT 1"  # the first read opens the log index


class InstanceStore(SQLiteStore):
    """The SQLite store, which keeps answering reads when its folder cannot be written.

    SQLite opens the write-ahead log's index (`-shm`) on a connection's first read; in a
    read-only folder that fails, and so does a store file the server may not write. Such a
    connection is replaced by a read-only one; a change through it is refused by SQLite, which
    `errors.storage_error` reports as StoreUnavailable.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False):
        self.read_only = read_only
        self._warned = False
        if read_only:
            self.path = Path(path)  # the schema and journal mode are not ours to set here
        else:
            super().__init__(path)

    def _connect(self) -> sqlite3.Connection:
        if not self.read_only:
            db = None
            try:
                db = super()._connect()
                db.execute(_PROBE).fetchall()
                return db
            except sqlite3.OperationalError as error:
                if db is not None:
                    db.close()
                if not isinstance(storage_error(error), StoreUnavailable):
                    raise
                if not self._warned:  # once, not on every request
                    log.warning("%s cannot be written (%s): reading it read-only", self.path, error)
                    self._warned = True
        return self._connect_read_only()

    def _connect_read_only(self) -> sqlite3.Connection:
        # mode=ro still reads the write-ahead log; immutable=1 works where even the log's index
        # cannot be created (the last changes not yet copied into the file are then not seen).
        error: sqlite3.Error | None = None
        for option in ("mode=ro", "immutable=1"):
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?{option}", uri=True, timeout=60,
                                 isolation_level=None, check_same_thread=False)
            db.row_factory = sqlite3.Row
            try:
                db.execute(_PROBE).fetchall()
                return db
            except sqlite3.Error as exc:
                db.close()
                error = exc
        raise StoreUnavailable(f"the store {self.path} cannot be read ({error}); check that the file "
                               "is there and readable by the server's user")


def said_upgrade(store: Store, where: object) -> None:
    """One line in the log when opening the store upgraded its schema: an operator who left
    `bordermap db upgrade` out sees that, and when, a migration ran (review rv21e, F5)."""
    found, now = getattr(store, "schema_upgrade", (None, None))
    if found is not None and found != now:
        log.info("the schema of %s was brought from version %s to %s", where, found, now)


def open_instance_store(folder: Path | str, curated: CuratedData | None = None) -> Store:
    """The store in the instance folder, its curated data (default: `load_curated()`) brought up to date.

    A folder the server cannot write is served read-only, as long as it holds a store.
    """
    folder = Path(folder)
    path = folder / STORE_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(f"the instance folder {folder} could not be created ({error.strerror}); "
                               "set BORDERMAP_INSTANCE_PATH to a folder the server's user can write") from None
    try:
        store = InstanceStore(path)
        said_upgrade(store, path)
        store.sync_curated(curated if curated is not None else load_curated())
        return store
    except (OSError, sqlite3.Error) as error:
        typed = storage_error(error, f"the instance folder {folder}")
        if typed is None:
            raise
        if not path.is_file():
            raise typed from None
        log.warning("%s: %s; serving the stored data read-only", folder, typed.message)
    return InstanceStore(path, read_only=True)


def open_database_store(database: Database, curated: CuratedData | None = None, *, load: bool = True) -> Store:
    """The PostgreSQL store `database` names. Several servers share it; the instance folder then
    holds no data.

    Its curated data is loaded (default: `load_curated()`) only into a database that holds none;
    `bordermap db upgrade` is the one step that replaces it, and says so. Any other opening, a
    server's start or a read-only command, serves the curated data the database holds,
    with a warning when its own differs: a server of an older release restarting, or a command
    run from another checkout, put its own data back for every reader (review 20, F1).
    """
    curated = curated if curated is not None else load_curated()
    store = open_store(None, None, database_url=database.url, pool_size=database.pool_size,
                       statement_timeout_ms=database.statement_timeout_ms, wait_s=database.wait_s)
    said_upgrade(store, store.where)
    if not load:  # `bordermap db upgrade`, which loads or replaces it and says which
        return store
    try:
        held = store.curated_version()
        if held is None:
            store.sync_curated(curated)
        elif held != curated.version:
            log.warning("the database holds curated data %s (as of %s); this copy of bordermap has %s "
                        "(as of %s): serving the database's. `bordermap db upgrade` from the release "
                        "whose curated data should be served replaces it.",
                        held, store.curated_as_of(), curated.version, curated.as_of)
    except BaseException:
        store.close()
        raise
    return store
