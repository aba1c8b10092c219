"""The PostGIS store's schema: ordered migrations, the database's version in `schema_version`.

A database at version N has had the first N migrations applied. `upgrade` applies the ones it
lacks in one transaction holding an advisory lock, so app servers started together apply each
step once and a failed step leaves the database as it was. Never edit a migration that has
shipped: append a new one.

Ids are `COLLATE "C"` so that ordering and prefix ranges follow code points, as in Python
and in the SQLite store, whatever the database's locale. JSON members are `json`, not
`jsonb`: `json` keeps the text as given, so properties come back in their order. `geom`
is computed by PostGIS from the GeoJSON geometry, so the two cannot drift apart.
"""

from __future__ import annotations

import logging
from typing import Callable

import psycopg

from ..errors import StoreError

log = logging.getLogger(__name__)

# Any constant would do: it only has to differ from other applications' advisory locks.
_LOCK = 0x626F72646D6170  # "bordermap"

_BASELINE = (
    'CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL)',
    # The row every change locks first: writers take turns, so revision ids follow commit order.
    "INSERT INTO meta VALUES ('writer', '')",
    """CREATE TABLE layers (
    id text COLLATE "C" PRIMARY KEY, title text NOT NULL, kind text NOT NULL,
    origin text NOT NULL CHECK (origin IN ('curated', 'user')),
    visible boolean NOT NULL, position integer NOT NULL,
    style json NOT NULL, description text NOT NULL DEFAULT '')""",
    """CREATE TABLE features (
    id text COLLATE "C" PRIMARY KEY, layer_id text COLLATE "C" NOT NULL REFERENCES layers(id),
    seq integer NOT NULL, properties json NOT NULL, geometry json NOT NULL, revision_id bigint,
    geom geometry(Geometry, 4326) GENERATED ALWAYS AS (CASE WHEN json_typeof(geometry) = 'object'
        THEN ST_SetSRID(ST_GeomFromGeoJSON(geometry::text), 4326) END) STORED)""",
    "CREATE INDEX features_by_layer ON features (layer_id, seq)",
    "CREATE INDEX features_by_geom ON features USING gist (geom)",
    'CREATE TABLE documents (id text COLLATE "C" PRIMARY KEY, seq integer NOT NULL, data json NOT NULL)',
    'CREATE TABLE commitments (id text COLLATE "C" PRIMARY KEY, seq integer NOT NULL, data json NOT NULL)',
    """CREATE TABLE user_links (
    commitment_id text COLLATE "C" NOT NULL, feature_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (commitment_id, feature_id))""",
    "CREATE INDEX user_links_by_feature ON user_links (feature_id)",
    """CREATE TABLE revisions (
    id bigint PRIMARY KEY CHECK (id > 0), created_at timestamptz NOT NULL, author text NOT NULL,
    action text NOT NULL, layer_id text COLLATE "C", summary text NOT NULL, file_sha256 text,
    reverted_by bigint, reverts bigint)""",
    "CREATE INDEX revisions_by_file ON revisions (file_sha256, layer_id)",
    "CREATE INDEX revisions_by_layer ON revisions (layer_id, id)",
    # A change's entity is a layer or feature id; a link's is its feature id with its commitment
    # beside it. `written`: a feature an import added, kept in `features` (see postgis_history).
    """CREATE TABLE changes (
    revision_id bigint NOT NULL REFERENCES revisions(id), seq integer NOT NULL,
    entity text NOT NULL CHECK (entity IN ('layer', 'feature', 'link')),
    entity_id text COLLATE "C" NOT NULL, commitment_id text COLLATE "C",
    before json, after json, written boolean NOT NULL DEFAULT false,
    PRIMARY KEY (revision_id, seq))""",
    "CREATE INDEX changes_by_entity ON changes (entity, entity_id, revision_id)",
)


def _baseline(conn: psycopg.Connection) -> None:
    """Version 1: every table, with the spatial index."""
    for statement in _BASELINE:
        conn.execute(statement)


def _editors_ledger(conn: psycopg.Connection) -> None:
    """Version 2: documents and commitments editors add (issue 10), apart from the curated ones
    so that a curated update never touches them; revisions record them as entities 'document'
    and 'commitment' (the check on `changes.entity` widens to take them)."""
    conn.execute('CREATE TABLE editor_documents (id text COLLATE "C" PRIMARY KEY, seq integer NOT NULL,'
                 ' data json NOT NULL)')
    conn.execute('CREATE TABLE editor_commitments (id text COLLATE "C" PRIMARY KEY, seq integer NOT NULL,'
                 ' data json NOT NULL)')
    conn.execute("ALTER TABLE changes DROP CONSTRAINT changes_entity_check")
    conn.execute("ALTER TABLE changes ADD CONSTRAINT changes_entity_check CHECK"
                 " (entity IN ('layer', 'feature', 'link', 'document', 'commitment'))")


def _status_events(conn: psycopg.Connection) -> None:
    """Version 3: dated status events and targets of features and commitments (curated and
    editors'), in a table of their own keyed by entity kind and id (see store/common_events);
    a revision's changes may now be to an event."""
    conn.execute("""CREATE TABLE status_events (
    id text COLLATE "C" PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('event', 'target')),
    entity text NOT NULL CHECK (entity IN ('feature', 'commitment')), entity_id text COLLATE "C" NOT NULL,
    origin text NOT NULL CHECK (origin IN ('curated', 'user')), seq integer NOT NULL, data json NOT NULL)""")
    conn.execute("CREATE INDEX status_events_by_entity ON status_events (entity, entity_id)")
    conn.execute("ALTER TABLE changes DROP CONSTRAINT changes_entity_check")
    conn.execute("ALTER TABLE changes ADD CONSTRAINT changes_entity_check"
                 " CHECK (entity IN ('layer', 'feature', 'link', 'document', 'commitment', 'event'))")


def _layer_bodies(conn: psycopg.Connection) -> None:
    """Version 4: each layer's finished GeoJSON body, kept with the version of the data it was
    built from (see store/common_bodies); stored out of line and uncompressed, so that it
    reads without being unpacked."""
    conn.execute('CREATE TABLE layer_bodies (layer_id text COLLATE "C" PRIMARY KEY, version text NOT NULL,'
                 ' body bytea NOT NULL)')
    conn.execute("ALTER TABLE layer_bodies ALTER COLUMN body SET STORAGE EXTERNAL")


def _shared_state(conn: psycopg.Connection) -> None:
    """Version 5: editors' unlocked sessions and checked uploads (store/common_shared), which
    were files in each server's own instance folder, so another server did not see them."""
    conn.execute('CREATE TABLE editor_sessions (id text COLLATE "C" PRIMARY KEY, started double precision NOT NULL)')
    conn.execute('CREATE TABLE staged_uploads (sha256 text COLLATE "C" PRIMARY KEY, staged double precision NOT NULL,'
                 ' body bytea NOT NULL)')


def _written_chunks(conn: psycopg.Connection) -> None:
    """Version 6: an import records the features it wrote a chunk of ids per `changes` row
    (entity 'written', see common_changes.WRITTEN_CHUNK), where a row per feature took a third
    of a large import's store step; the rows written before stay as they are and read the same."""
    conn.execute("ALTER TABLE changes DROP CONSTRAINT changes_entity_check")
    conn.execute("ALTER TABLE changes ADD CONSTRAINT changes_entity_check CHECK"
                 " (entity IN ('layer', 'feature', 'link', 'document', 'commitment', 'event', 'written'))")


MIGRATIONS: tuple[Callable[[psycopg.Connection], None], ...] = (_baseline, _editors_ledger, _status_events,
                                                                _layer_bodies, _shared_state, _written_chunks)
VERSION = len(MIGRATIONS)


def version(conn: psycopg.Connection) -> int:
    """The schema version the database says it has (0: no bordermap tables yet)."""
    # Read from pg_class, as of this statement: to_regclass answers from the session's catalog
    # cache, which still says "no such table" after another process's upgrade was committed
    # while this one waited for it (see `upgrade`).
    exists = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relname = 'schema_version' AND n.nspname = ANY (current_schemas(false)))").fetchone()[0]
    if not exists:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return 0 if row is None else row[0]


def upgrade(conn: psycopg.Connection, where: str) -> tuple[int, int]:
    """Apply the migrations the database lacks; (version found, version now).

    StoreError when the database is from a newer bordermap or lacks PostGIS. `conn` must
    have no transaction open; it is committed on success and rolled back on failure.
    """
    try:
        with conn.transaction():
            found = version(conn)
            if found == VERSION:  # the usual start: no lock to take, nothing to wait for (review 20, F5)
                return found, VERSION
            if not conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (_LOCK,)).fetchone()[0]:
                log.warning("waiting for another bordermap process to finish upgrading the schema of %s "
                            "(it holds the advisory lock %d: `bordermap db upgrade`, or a server of a newer "
                            "release starting); this one goes on once that is committed or rolled back",
                            where, _LOCK)
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                log.warning("the other process's schema upgrade of %s is over; going on", where)
            found = version(conn)
            if found > VERSION:
                raise StoreError(f"the database {where} has schema version {found}, newer than this "
                                 f"bordermap knows ({VERSION}); upgrade bordermap to use it")
            if found < VERSION:
                if conn.execute("SELECT to_regtype('geometry') IS NULL").fetchone()[0]:
                    raise StoreError(f"the database {where} lacks PostGIS: run CREATE EXTENSION postgis "
                                     "in it (as a user allowed to), then start again")
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
                for step in MIGRATIONS[found:]:
                    step(conn)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (%s)", (VERSION,))
    except psycopg.errors.InsufficientPrivilege as error:
        # Said as the missing PostGIS is said (review rv21e, F8): PostgreSQL's own words named a
        # schema and a statement, not what to do.
        raise StoreError(f"the database {where} does not let this role create tables (PostgreSQL said: "
                         f"{str(error).strip().splitlines()[0]}): on PostgreSQL 15 only the owner of the "
                         "schema may; make the app's role the database's owner (createdb --owner=ROLE), or "
                         "GRANT CREATE ON SCHEMA to it, then start again") from error
    except psycopg.Error as error:
        raise StoreError(f"could not upgrade the database {where}: {str(error).strip()}") from error
    return found, VERSION
