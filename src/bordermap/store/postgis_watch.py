"""A bound, kept by the client, on how long one statement waits for the database.

The database stops a statement after its `statement_timeout`; a database that does not answer
at all (its process hung while its host still acknowledges the packets, a storage stall, a
proxy in between that stopped forwarding) stops nothing, and libpq waits for as long as that
lasts: every request holding a connection then waited with it, 90 s and more, and the server
said nothing (review rv21e, F1). Each statement is watched here: one that is still waiting
GRACE_S after the database's own timeout has its connection's socket shut down, which ends the
wait with the error of a lost connection (the 503 of postgis_errors), and the pool replaces the
connection. The statement was cut off before its answer, so its transaction is not committed.

Watched: what the store's cursors execute and fetch (`WatchedCursor`, `WatchedServerCursor`).
A COPY of a large import streams for as long as the file needs, and is not.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import socket
import threading
import time
from contextlib import contextmanager
from typing import Iterator

import psycopg

GRACE_S = 10.0  # beyond the database's statement timeout
log = logging.getLogger(__name__)


class Watch:
    """One thread that shuts down the socket of a connection whose statement outlived its bound."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int]] = []
        self._watched: dict[int, psycopg.Connection] = {}
        self._ids = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self.cut = 0  # connections ended so, for the log and the tests

    @contextmanager
    def statement(self, conn: psycopg.BaseConnection, bound_s: float) -> Iterator[None]:
        token = next(self._ids)
        with self._changed:
            self._watched[token] = conn
            heapq.heappush(self._due, (time.monotonic() + bound_s, token))
            self._start()
            self._changed.notify()
        try:
            yield
        finally:
            with self._changed:
                self._watched.pop(token, None)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="bordermap-statement-watch", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._due and self._due[0][1] not in self._watched:
                    heapq.heappop(self._due)  # answered in time
                if not self._due:
                    self._changed.wait()
                    continue
                due, token = self._due[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._changed.wait(wait)
                    continue
                heapq.heappop(self._due)
                conn = self._watched.pop(token, None)
            if conn is not None:
                bound = getattr(conn, "bordermap_bound_s", 0.0)
                log.warning("a statement waited %.0f s for the database without an answer (its own timeout "
                            "and a grace): its connection is closed, the request answered 503", bound)
                _shut_down(conn)
                self.cut += 1


def _shut_down(conn: psycopg.BaseConnection) -> None:
    """End the connection's wait: its socket shut down (through a copy of its descriptor, which is
    closed after; libpq's own is closed when the pool discards the connection)."""
    try:
        fd = os.dup(conn.pgconn.socket)
    except (OSError, psycopg.OperationalError):
        return  # closed meanwhile
    sock = socket.socket(fileno=fd)
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


WATCH = Watch()


class _Watched:
    """The statements of a cursor of the store's connections, each within its bound: the
    connection's `bordermap_bound_s` (set by the store when it configures the connection)."""

    def _bound(self) -> float:
        return getattr(self.connection, "bordermap_bound_s", None) or 0.0

    @contextmanager
    def _watched(self) -> Iterator[None]:
        bound = self._bound()
        if not bound:
            yield
            return
        with WATCH.statement(self.connection, bound):
            yield

    def execute(self, *args, **kwargs):
        with self._watched():
            return super().execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):
        with self._watched():
            return super().executemany(*args, **kwargs)


class WatchedCursor(_Watched, psycopg.Cursor):
    """The store's client-side cursor: its results come whole with `execute`."""


class WatchedServerCursor(_Watched, psycopg.ServerCursor):
    """The store's server-side cursor (a large layer read a chunk at a time): each fetch waits
    for the database too."""

    def fetchmany(self, *args, **kwargs):
        with self._watched():
            return super().fetchmany(*args, **kwargs)

    def fetchone(self, *args, **kwargs):
        with self._watched():
            return super().fetchone(*args, **kwargs)

    def fetchall(self, *args, **kwargs):
        with self._watched():
            return super().fetchall(*args, **kwargs)
