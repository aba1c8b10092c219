"""A server starting, or a read-only command, while another process holds a lock (review 20, F5).

Every start took the writer lock, so during a long import a starting server and even
`bordermap revisions list` failed at the statement timeout; and a start that had to wait for
another process's schema upgrade (its advisory lock) waited in silence.
"""

from __future__ import annotations

import logging
import threading

import psycopg
from click.testing import CliRunner

from bordermap.curated import load_curated
from bordermap.instance import open_database_store, open_instance_store
from bordermap.settings import Database
from bordermap.store import postgis_schema
from bordermap_app.cli import main


def _hold_writer_lock(url: str) -> psycopg.Connection:
    """A connection in the middle of a long import: it holds the store's writer lock."""
    held = psycopg.connect(url)
    held.execute("SELECT 1 FROM meta WHERE key = 'writer' FOR UPDATE")
    return held


def test_a_server_starts_and_a_command_reads_during_a_long_import(postgres_url, tmp_path):
    curated = load_curated()
    open_database_store(Database(url=postgres_url), curated).close()  # the database, set up
    held = _hold_writer_lock(postgres_url)
    try:
        quick = Database(url=postgres_url, statement_timeout_ms=500)
        store = open_database_store(quick, curated)  # a server starting
        try:
            assert store.curated_version() == curated.version
        finally:
            store.close()
        env = {"BORDERMAP_DATABASE_URL": postgres_url, "BORDERMAP_DB_STATEMENT_TIMEOUT_MS": "500",
               "BORDERMAP_INSTANCE_PATH": str(tmp_path / "cli")}
        listed = CliRunner().invoke(main, ["revisions", "list"], env=env)
        assert listed.exit_code == 0, listed.output
    finally:
        held.close()


def test_a_start_that_waits_for_a_schema_upgrade_says_so(postgres_url, caplog):
    with psycopg.connect(postgres_url, autocommit=True) as other:  # another process upgrading
        other.execute("SELECT pg_advisory_lock(%s)", (postgis_schema._LOCK,))
        opened: list = []
        starting = threading.Thread(target=lambda: opened.append(open_database_store(Database(url=postgres_url))))
        with caplog.at_level(logging.WARNING, logger="bordermap.store.postgis_schema"):
            starting.start()
            starting.join(timeout=3)
            assert starting.is_alive() and not opened  # it waits, and the log says for what
            assert "waiting for another bordermap process to finish upgrading the schema" in caplog.text
            other.execute("SELECT pg_advisory_unlock(%s)", (postgis_schema._LOCK,))
            starting.join(timeout=60)
        assert opened and "is over; going on" in caplog.text
    store = opened[0]
    try:
        assert store.curated_version() == load_curated().version
    finally:
        store.close()

    # Once the schema is up to date a start takes no lock at all: it does not wait for one held.
    with psycopg.connect(postgres_url, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (postgis_schema._LOCK,))
        again: list = []
        starting = threading.Thread(target=lambda: again.append(open_database_store(Database(url=postgres_url))))
        starting.start()
        starting.join(timeout=30)
        assert again, "a start waited for a lock it does not need"
        again[0].close()


def test_a_sqlite_store_up_to_date_opens_while_an_import_writes(tmp_path):
    curated = load_curated()
    open_instance_store(tmp_path, curated)
    import sqlite3

    writer = sqlite3.connect(tmp_path / "bordermap.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
    try:
        store = open_instance_store(tmp_path, curated)
        assert store.curated_version() == curated.version and not store.read_only
    finally:
        writer.execute("ROLLBACK")
        writer.close()
