"""The shared store: PostgreSQL with PostGIS, for several app servers on one database.

Chosen with `BORDERMAP_DATABASE_URL=postgresql://...`. Each process keeps a small pool of
connections. Reads run in read-only REPEATABLE READ transactions (one snapshot per call);
every change runs in one READ COMMITTED transaction that first locks the `writer` row of
`meta` (`SELECT ... FOR UPDATE`), so writers from every process take turns: each sees what
the previous one committed, ids and duplicate checks are settled without races, and revision
ids increase in commit order. Readers never wait for writers.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from typing import Iterator

import orjson
import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg.types.json import set_json_loads
from psycopg_pool import ConnectionPool, PoolTimeout

from ..curated import CuratedData
from ..errors import Conflict, MalformedInput, NotFound, StoreUnavailable, TooLarge
from . import postgis_schema, postgis_watch, redacted, scrubbed
from .base import Feature, Store
from .common_bodies import BodiesMixin, written_body
from .common_events import curated_rows
from .common_reading import ReadingMixin
from .common_shared import SharedStateMixin
from .points import PostGISPoints
from .postgis_changes import ChangesMixin
from .postgis_errors import unavailable
from .postgis_states import dumps
from .postgis_watch import BoundedConnection

logger = logging.getLogger(__name__)

# How long the pool's attempt to reconnect goes on (its waits 1, 2, 4 s, then what is left)
# before it is given up and the next request starts another.
RECONNECT_S = 8.0
# A network cut or a host that died leaves a connection waiting on an answer that never comes:
# libpq's TCP keepalives and its bound on unacknowledged data end it within about 20 s, and the
# request gets the 503 of a lost connection (review rv21e, F1). A database process that hangs
# while its host answers for it is not seen so: postgis_watch bounds each wait then.
TCP_OPTIONS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 2,
               "tcp_user_timeout": 20_000, "connect_timeout": 10}


def tcp_options(url: str) -> dict[str, int]:
    """TCP_OPTIONS but those the database URL sets itself (an operator's choice is kept)."""
    given = conninfo_to_dict(url)
    return {key: value for key, value in TCP_OPTIONS.items() if key not in given}


class PostGISStore(PostGISPoints, BodiesMixin, SharedStateMixin, ChangesMixin, ReadingMixin, Store):
    """Store in a PostgreSQL database with PostGIS; every change is one locked transaction."""

    def __init__(self, url: str, *, pool_size: int = 8, statement_timeout_ms: int = 30_000,
                 wait_s: float = 10.0):
        """Connect, and bring the schema up to date (see postgis_schema).

        A call that finds no working connection within `wait_s` seconds (the database is down,
        or every connection is busy), or loses it midway, raises DatabaseUnavailable.
        """
        self.url = url
        self.where = redacted(url)
        self._timeout = int(statement_timeout_ms)
        try:
            with psycopg.connect(url, autocommit=True, **tcp_options(url)) as conn:
                self.schema_upgrade = postgis_schema.upgrade(conn, self.where)
        except psycopg.Error as error:
            said = scrubbed(str(error).strip(), url)
            raise StoreUnavailable(f"cannot reach the database {self.where}: {said}") from error
        # Each connection is checked as it is handed out: after the database restarts, broken
        # ones are replaced instead of failing a request each. The pool tries to reconnect after
        # waits that double (1, 2, 4 … s); after RECONNECT_S it gives that attempt up, and the
        # next request starts another at once, so a server answers within seconds of the
        # database's return, not after a wait grown to half a minute (review 20, F9).
        self._sweeping = threading.Lock()
        self._pool = ConnectionPool(url, connection_class=BoundedConnection, kwargs=tcp_options(url), min_size=1,
                                    max_size=max(1, int(pool_size)), open=True, configure=self._configure,
                                    check=self._check, name="bordermap", timeout=wait_s,
                                    reconnect_timeout=RECONNECT_S)

    def _check(self, conn: psycopg.Connection) -> None:
        """The pool's check of a connection it hands out. A broken one means the database went
        away since: every idle connection is as broken. The pool, finding them one by one, waits
        1, 2, 4 … s between finds, so that a server holding six idle connections answered 503
        after 10 s with the database long back (review 32b, #1). The first broken one has the
        others checked at once, apart (`ConnectionPool.check`), and new ones made in their place."""
        try:
            ConnectionPool.check_connection(conn)
        except Exception:
            if self._sweeping.acquire(blocking=False):
                threading.Thread(target=self._sweep, name="bordermap-pool-sweep", daemon=True).start()
            raise

    def _sweep(self) -> None:
        try:
            self._pool.check()
        except Exception:  # a pool closed meanwhile: nothing to sweep
            logger.debug("the pool's sweep stopped", exc_info=True)
        finally:
            self._sweeping.release()

    def _configure(self, conn: psycopg.Connection) -> None:
        set_json_loads(orjson.loads, conn)  # the standard library's is several times slower
        # Each wait for the database bounded by the client too (postgis_watch): a database that
        # stopped answering holds a request for the timeout and a grace, not as long as it stops.
        conn.bordermap_bound_s = self._timeout / 1000 + postgis_watch.GRACE_S if self._timeout > 0 else 0.0
        conn.execute("SELECT set_config('statement_timeout', %s, false)", (str(self._timeout),))
        conn.commit()

    def close(self) -> None:
        self._pool.close()

    # --- connections ---------------------------------------------------------------------
    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        try:
            with self._pool.connection() as conn:
                yield conn
        except psycopg.errors.ProgramLimitExceeded as error:
            # A value too large for an index row (an SQLSTATE of class 54, which psycopg files
            # under OperationalError): the change's, not the database's being away. It was said
            # as "the database is unavailable" (review rv21f, L3); nothing was stored.
            raise TooLarge("a value of this change is too large for the database to store: "
                           f"{error.diag.message_primary or 'a program limit was exceeded'}") from error
        except psycopg.DataError as error:
            if "NUL" not in str(error):
                raise
            # psycopg refuses a NUL character in any text it sends; SQLite stores and compares
            # it. Said as the request's problem, not a 500 with a traceback (review 23a, F4).
            raise MalformedInput("text holding a NUL character (\\x00, %00 in an address) can be neither "
                                 "stored nor looked up: take it out") from None
        except (psycopg.OperationalError, PoolTimeout) as error:
            raise unavailable(error, self.where, scrubbed(str(error).strip(), self.url), self._timeout) from error

    @contextmanager
    def _read(self) -> Iterator[psycopg.Cursor]:
        with self._connection() as conn, conn.transaction(), conn.cursor(row_factory=dict_row) as db:
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield db

    @contextmanager
    def _write(self) -> Iterator[psycopg.Cursor]:
        with self._connection() as conn, conn.transaction(), conn.cursor(row_factory=dict_row) as db:
            db.execute("SELECT 1 FROM meta WHERE key = 'writer' FOR UPDATE")
            yield db

    @contextmanager
    def _side_write(self) -> Iterator[psycopg.Cursor]:
        # No writer lock: a session or a checked file is no change to the data.
        with self._connection() as conn, conn.transaction(), conn.cursor(row_factory=dict_row) as db:
            yield db

    # --- reading (the rest is common_reading.ReadingMixin's) ------------------------------
    _P = "%s"
    _JOIN_IN_ORDER = "JOIN"
    # From each geometry's own positions (the generated `geom`), in double precision.
    _EXTENT = ("min(ST_XMin(f.geom)) AS w, min(ST_YMin(f.geom)) AS s, max(ST_XMax(f.geom)) AS e,"
               " max(ST_YMax(f.geom)) AS n")

    @staticmethod
    def _load(value):
        return value  # psycopg decodes json columns itself (with orjson, see _configure)

    @staticmethod
    def _in_ids(ids: list[str]) -> tuple[str, list[str]]:
        return "= ANY(%s)", ids

    @staticmethod
    def _bbox_source(db, layer_id, bbox):
        west, south, east, north = bbox
        # `&&` finds the candidates on the GiST index, whose boxes are 32-bit floats rounded
        # outwards; the geometry's own box (in doubles) decides.
        exact_y = "ST_YMin(f.geom) <= %s AND ST_YMax(f.geom) >= %s"
        if west <= east:
            window = ("f.geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) AND ST_XMin(f.geom) <= %s"
                      f" AND ST_XMax(f.geom) >= %s AND {exact_y}")
            params = [west, south, east, north, east, west, north, south]
        else:  # across the antimeridian: from west to 180, and from -180 to east
            window = ("(f.geom && ST_MakeEnvelope(%s, %s, 180, %s, 4326) OR f.geom && ST_MakeEnvelope(-180, %s,"
                      f" %s, %s, 4326)) AND (ST_XMax(f.geom) >= %s OR ST_XMin(f.geom) <= %s) AND {exact_y}")
            params = [west, south, north, south, east, north, west, east, north, south]
        # OFFSET 0 keeps the planner from pairing the window with the layer's own index: without
        # statistics (just after a large import) it walked every feature of the layer for that.
        return (f"(SELECT f.id, f.layer_id, f.seq, f.properties, f.geometry FROM features f WHERE {window}"
                " OFFSET 0) f", "TRUE", params)

    _FEATURE_COLUMNS = "f.id, f.layer_id, f.properties, f.geometry"

    def features(self, layer_id: str | None = None) -> list[Feature]:
        with self._read() as db:
            if layer_id is not None:
                if db.execute("SELECT 1 FROM layers WHERE id = %s", (layer_id,)).fetchone() is None:
                    raise NotFound(f"no layer with id {layer_id!r}")
                rows = db.execute(f"SELECT {self._FEATURE_COLUMNS} FROM features f WHERE layer_id = %s"
                                  " ORDER BY seq", (layer_id,)).fetchall()
            else:
                rows = db.execute(f"SELECT {self._FEATURE_COLUMNS} FROM features f JOIN layers l"
                                  " ON l.id = f.layer_id ORDER BY l.position, l.id, f.seq").fetchall()
            links = self._link_index(db)
        return [self._feature_from_row(row, links) for row in rows]

    # --- kept bodies (see common_bodies) ---------------------------------------------------
    _SCHEMA_VERSION = postgis_schema.VERSION

    def _build_body(self, db: psycopg.Cursor, layer_id: str | None) -> bytes:
        where, order, args = (("", "l.position, l.id, f.seq", ()) if layer_id is None
                              else ("WHERE f.layer_id = %s", "f.seq", (layer_id,)))
        # The stored texts as they were written (a `json` column keeps its text), passed through.
        rows = db.execute("SELECT f.id, f.layer_id, f.properties::text AS properties, f.geometry::text AS geometry"
                          f" FROM features f JOIN layers l ON l.id = f.layer_id {where} ORDER BY {order}",
                          args).fetchall()
        return written_body(((row["id"], row["layer_id"], row["properties"], row["geometry"]) for row in rows),
                            self._link_index(db))

    @staticmethod
    def _kept_body(db: psycopg.Cursor, layer_id: str, version: str) -> bytes | None:
        row = db.execute("SELECT body FROM layer_bodies WHERE layer_id = %s AND version = %s",
                         (layer_id, version), binary=True).fetchone()
        return None if row is None else row["body"]

    def _keep_body(self, layer_id: str, version: str, body: bytes) -> None:
        # No writer lock: a kept body is no change to the data, and two servers keeping the
        # same layer's body at once only take turns on its row.
        # The bodies of deleted layers go first, so that each server locks rows in one order.
        with self._connection() as conn, conn.transaction():
            conn.execute("DELETE FROM layer_bodies WHERE layer_id NOT IN (SELECT id FROM layers)")
            conn.execute("INSERT INTO layer_bodies VALUES (%s, %s, %b) ON CONFLICT (layer_id)"
                         " DO UPDATE SET version = excluded.version, body = excluded.body",
                         (layer_id, version, body))

    # --- curated data --------------------------------------------------------------------
    def sync_curated(self, curated: CuratedData) -> bool:
        with self._write() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'curated_version'").fetchone()
            if row is not None and row["value"] == curated.version:
                return False
            self._refuse_editor_clash(db, curated)
            curated_ids = [layer.id for layer, _ in curated.layers]
            clash = db.execute("SELECT id FROM layers WHERE origin = 'user' AND id = ANY(%s) ORDER BY id",
                               (curated_ids,)).fetchone()
            if clash:
                raise Conflict(f"curated layer id {clash['id']!r} is taken by a user layer")
            db.execute("DELETE FROM features WHERE layer_id IN (SELECT id FROM layers WHERE origin = 'curated')")
            db.execute("DELETE FROM layers WHERE origin = 'curated'")
            db.executemany(
                "INSERT INTO layers VALUES (%s, %s, %s, 'curated', %s, %s, %s::json, %s)",
                [(layer.id, layer.title, layer.kind, layer.visible, layer.position, dumps(layer.style),
                  layer.description) for layer, _ in curated.layers],
            )
            with db.copy("COPY features (id, layer_id, seq, properties, geometry) FROM STDIN") as copy:
                for layer, features in curated.layers:
                    for seq, feature in enumerate(features):
                        copy.write_row((feature["id"], layer.id, seq, dumps(feature["properties"]),
                                        dumps(feature["geometry"])))
            # User layers keep their place after the curated ones.
            db.execute(
                "UPDATE layers SET position = %s + n.i FROM (SELECT id, row_number() OVER"
                " (ORDER BY position, id) - 1 AS i FROM layers WHERE origin = 'user') n WHERE layers.id = n.id",
                (len(curated.layers),),
            )
            db.execute("DELETE FROM documents")
            db.executemany("INSERT INTO documents VALUES (%s, %s, %s::json)",
                           [(d["id"], seq, dumps(d)) for seq, d in enumerate(curated.documents)])
            db.execute("DELETE FROM status_events WHERE origin = 'curated'")
            db.executemany("INSERT INTO status_events VALUES (%s, %s, %s, %s, %s, %s, %s::json)",
                           curated_rows(curated.history, dumps))
            db.execute("DELETE FROM commitments")
            db.executemany("INSERT INTO commitments VALUES (%s, %s, %s::json)",
                           [(c["id"], seq, dumps(c)) for seq, c in enumerate(curated.commitments)])
            db.executemany(
                "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [("curated_version", curated.version), ("curated_as_of", curated.as_of)],
            )
            # When, by the database's clock: a Last-Modified must move when the data does, and
            # the curated data's own date may be older than the last revision (review 20, F7).
            # (Never before the last revision, as revisions never go before the one they follow.)
            db.execute("INSERT INTO meta SELECT 'curated_loaded_at', to_char(greatest(clock_timestamp(), (SELECT"
                       " created_at FROM revisions ORDER BY id DESC LIMIT 1)) AT TIME ZONE 'UTC',"
                       " 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"') ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            return True
