"""A throw-away PostgreSQL 15 + PostGIS cluster on a Unix socket in a temporary folder.

`initdb` and `pg_ctl` come from Debian's `postgresql-15-postgis-3` (BORDERMAP_PG_BIN names
another bin folder). Run as root, the server runs as the `postgres` user (it refuses root).
It listens on no TCP port. The tests (tests/postgres_cluster.py) and `make bench` both use it.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PG_BIN = Path(os.environ.get("BORDERMAP_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "bordermap_template"


class Cluster:
    """A running cluster: `url(db)` connects over its socket; `create_database` hands out fresh ones."""

    def __init__(self, folder: Path, user: str | None):
        self.folder = folder
        self.data = folder / "data"
        self.user = user  # who runs the server; None: whoever runs the tests
        self.names = itertools.count(1)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.folder)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}"

    def start(self) -> None:
        """Make the cluster (the first time) and start its server; RuntimeError if it fails."""
        if not self.data.exists():
            init = self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                            "-E", "UTF8", "--locale=C.UTF-8")
            if init.returncode:
                raise RuntimeError(f"initdb failed: {init.stderr or init.stdout}")
        # A throw-away cluster: durability settings off for speed, no TCP, the socket here.
        options = (f"-k {self.folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")
        started = self.run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                           "-l", str(self.folder / "server.log"), "-o", options)
        if started.returncode:
            log = (self.folder / "server.log").read_text() if (self.folder / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr}{log}")

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server: "immediate" to throw it away, "fast" as an operator's restart does
        (sessions are ended, transactions in progress rolled back)."""
        self.run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data))

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)

    def create_database(self) -> str:
        """A fresh database with PostGIS, copied from the template; returns its URL."""
        name = f"test_{os.getpid()}_{next(self.names)}"
        # FILE_COPY: with fsync off, copying the files beats logging every block of PostGIS's tables.
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE} STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1].split("?", 1)[0]
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Unavailable(RuntimeError):
    """No PostgreSQL with PostGIS to run here: the message says what is missing."""


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """Start a cluster with a PostGIS template database, yield it, then stop and remove it.

    Unavailable (before anything is left behind) when PostgreSQL, PostGIS or psycopg is missing.
    """
    if not (PG_BIN / "initdb").exists():
        raise Unavailable(f"PostgreSQL 15 not found in {PG_BIN}")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable("psycopg is not installed (pip install -e '.[postgres]')") from None
    user = None
    # A Unix socket's path must fit in about 100 bytes: a long TMPDIR would not do.
    folder = Path(tempfile.mkdtemp(prefix="bordermap-pg-", dir=None if len(tempfile.gettempdir()) < 60 else "/tmp"))
    if os.geteuid() == 0:  # the server refuses to run as root
        user = "postgres"
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    os.chmod(folder, 0o700)
    cluster = Cluster(folder, user)
    try:
        try:
            cluster.start()
        except RuntimeError as error:
            raise Unavailable(f"the PostgreSQL test cluster did not start: {error}") from None
        try:
            cluster.sql(f"CREATE DATABASE {TEMPLATE}")
            cluster.sql("CREATE EXTENSION postgis", TEMPLATE)
        except Exception as error:  # noqa: BLE001 - reported as the reason it is unavailable
            raise Unavailable(f"PostGIS is not available: {str(error).strip()}") from None
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
