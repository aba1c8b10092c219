"""A database that stops answering without closing anything (its process hung while its host
acknowledges the packets, a stalled disk, a proxy that stopped forwarding): a request ends in
the 503 of a lost connection after the statement timeout and a grace, not when the database
comes back (review rv21e, F1: 90 s and 130 s, and /healthz said nothing)."""

from __future__ import annotations

import glob
import socket
import threading
import time

import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bordermap.errors import DatabaseUnavailable
from bordermap.store import postgis_watch
from bordermap.store.postgis import PostGISStore


class FreezingProxy:
    """TCP on loopback to the cluster's socket, byte for byte, until `freeze`: then it reads
    nothing and sends nothing, and keeps every connection open."""

    def __init__(self, unix_path: str):
        self.unix_path = unix_path
        self.frozen = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.socket(socket.AF_UNIX)
            server.connect(self.unix_path)
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        while True:
            while self.frozen.is_set():
                time.sleep(0.05)
            try:
                data = source.recv(65536)
                if not data:
                    break
                while self.frozen.is_set():  # frozen midway: what was read is held, as a hung peer would
                    time.sleep(0.05)
                target.sendall(data)
            except OSError:
                break
        for end in (source, target):
            try:
                end.close()
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def proxied(postgres_url):
    params = conninfo_to_dict(postgres_url)
    sockets = glob.glob(f"{params['host']}/.s.PGSQL.*")
    assert sockets, params
    proxy = FreezingProxy(sockets[0])
    params.update(host="127.0.0.1", port=str(proxy.port))
    yield proxy, make_conninfo(**params)
    proxy.frozen.clear()
    proxy.close()


def _in_time(call, limit_s: float):
    """What `call` returned or raised, and how long it took; AssertionError past `limit_s` (the
    call is left waiting in its thread)."""
    done: dict = {}

    def run():
        started = time.monotonic()
        try:
            done["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            done["error"] = error
        done["took"] = time.monotonic() - started
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit_s)
    assert not thread.is_alive(), f"still waiting after {limit_s} s"
    return done


def _layers_once_it_answers(store):
    """The store's layers once the database answers again (a fresh connection replaces the cut one)."""
    for _ in range(40):
        answer = _in_time(store.layers, 20)
        if "value" in answer:
            return answer["value"]
        time.sleep(0.25)
    raise AssertionError(f"the store did not answer again: {answer}")


def test_a_request_to_a_database_that_stopped_answering_ends_in_a_503(proxied, monkeypatch):
    proxy, url = proxied
    monkeypatch.setattr(postgis_watch, "GRACE_S", 1.0)
    store = PostGISStore(url, pool_size=2, statement_timeout_ms=1000, wait_s=2)
    try:
        assert store.layers() == []  # through the proxy, answering (an empty store)
        proxy.frozen.set()
        done = _in_time(store.layers, 20)
        assert isinstance(done.get("error"), DatabaseUnavailable), done
        assert done["took"] < 8, done  # 1 s of timeout and 1 s of grace, where it waited for ever
        assert done["error"].status == 503
        # The database answers again: so does the store, on a connection of its own.
        proxy.frozen.clear()
        assert _layers_once_it_answers(store) == []
    finally:
        proxy.frozen.clear()
        store.close()


def test_a_slow_answer_within_the_bound_is_waited_for(proxied, monkeypatch):
    """The bound is on a database that stopped, not on one that is slow: a pause shorter than
    the statement timeout and its grace costs nothing."""
    proxy, url = proxied
    monkeypatch.setattr(postgis_watch, "GRACE_S", 1.0)
    store = PostGISStore(url, pool_size=1, statement_timeout_ms=2000, wait_s=2)
    try:
        store.layers()
        proxy.frozen.set()
        threading.Timer(1.0, proxy.frozen.clear).start()  # a pause of 1 s, within 2 + 1
        done = _in_time(store.layers, 20)
        assert "value" in done and done["took"] >= 0.9, done
    finally:
        proxy.frozen.clear()
        store.close()


def test_a_change_to_a_database_that_stopped_answering_ends_in_a_503_and_stores_nothing(proxied, monkeypatch):
    from test_store_contract import point, user_layer

    proxy, url = proxied
    monkeypatch.setattr(postgis_watch, "GRACE_S", 1.0)
    store = PostGISStore(url, pool_size=2, statement_timeout_ms=1000, wait_s=2)
    try:
        store.layers()
        proxy.frozen.set()
        done = _in_time(lambda: store.add_features("mine", [point("a")], author="ana", summary="one",
                                                   new_layer=user_layer()), 20)
        assert isinstance(done.get("error"), DatabaseUnavailable) and done["took"] < 8, done
        proxy.frozen.clear()
        assert _layers_once_it_answers(store) == []  # nothing of the cut change was stored
    finally:
        proxy.frozen.clear()
        store.close()
