"""PostgreSQL restarted under a running app server while clients import through it, as an
operator's `pg_ctl restart` or a database fail-over does: while it is down every request is
answered 503 with a message in the reader's language, the server comes back by itself, and no
import is left half stored."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import orjson
import pytest

from bordermap.store.postgis import PostGISStore
from postgres_cluster import own_cluster
from test_multiserver import TOKEN, Server

CLIENTS = 4
POINTS = 5  # per import: a layer of its own holds all five or does not exist


@pytest.fixture
def restartable_cluster():
    """A cluster of its own: stopping the session's would break every other test's connections."""
    yield from own_cluster()


def _request(url: str, body: bytes | None = None, language: str = "en") -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, data=body, method="POST" if body else "GET", headers={
        "Authorization": f"Bearer {TOKEN}", "Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), orjson.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), orjson.loads(error.read() or b"null")


def _file(key: str) -> bytes:
    return orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"{key} point {k}", "import": key},
         "geometry": {"type": "Point", "coordinates": [105.0 + k / 100, 11.0]}} for k in range(POINTS)]})


def _wait_for(condition, limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {limit} s")
        time.sleep(0.1)  # waiting on other threads' answers: there is no event to wait on


@pytest.mark.slow
def test_a_database_restart_during_imports_answers_503_recovers_and_stores_no_half_import(
        restartable_cluster, tmp_path):
    url = restartable_cluster.create_database()
    server = Server(url, str(tmp_path / "instance"), DB_WAIT_S="2")
    answers: dict[str, tuple[int, dict, dict]] = {}
    done = threading.Event()

    def client(c: int) -> None:
        n = 0
        while not done.is_set():
            key = f"c{c}-{n}"
            answers[key] = _request(f"{server.url}/api/features?layer=i-{key}&new_layer_title=I", _file(key))
            n += 1

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    try:
        server.wait_until_ready()
        for thread in threads:
            thread.start()
        created = lambda: sum(1 for status, _, _ in list(answers.values()) if status == 201)  # noqa: E731
        _wait_for(lambda: created() >= 8, 120, "eight imports before the restart")

        restartable_cluster.stop("fast")  # imports in flight are cut off in their transactions
        before_start = len(answers)
        status, headers, body = _request(f"{server.url}/api/layers", language="km")
        assert status == 503, body
        # A read: not told that nothing was changed (review 13, F8).
        # Said in the request's language in `description`; `error` and `message` English, as
        # every answer's are, for the scripts that retry on them (review 32b, #3).
        assert body["description"] == ("មូលដ្ឋានទិន្នន័យមិនបានឆ្លើយតបទាន់ពេល (វាប្រហែលជាកំពុងចាប់ផ្ដើមឡើងវិញ ឬរវល់)។ "
                                       "សូមព្យាយាមម្ដងទៀតក្នុងរយៈពេលមួយនាទី។")
        assert body["message"] == "The database did not answer in time (it may be restarting or busy). Please try again in a minute."
        assert body["error"] == "Service unavailable" and headers["Retry-After"] == "10"
        status, _, body = _request(f"{server.url}/api/layers", language="vi")
        assert status == 503 and body["description"].startswith("Cơ sở dữ liệu không trả lời kịp")
        status, _, body = _request(f"{server.url}/api/features?layer=down&new_layer_title=D", _file("down"))
        assert status == 503 and body["message"].startswith("The database did not answer in time"), body
        _wait_for(lambda: len(answers) >= before_start + CLIENTS, 60, "imports answered while the database is down")

        restartable_cluster.start()
        after_start = created()
        # The same server process, not restarted, takes imports again once its pool reconnects.
        _wait_for(lambda: created() >= after_start + 8, 120, "eight imports after the restart")
    finally:
        done.set()
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=180)
        server.stop()

    statuses = {status for status, _, _ in answers.values()}
    assert statuses == {201, 503}, {k: v for k, v in answers.items() if v[0] not in (201, 503)}
    store = PostGISStore(url, pool_size=1)
    try:
        layers = {layer.id: layer for layer in store.layers() if layer.origin == "user"}
        history = store.history()
    finally:
        store.close()
    # Every import is whole or absent: its layer with all its points and its one revision.
    assert all(layer.feature_count == POINTS for layer in layers.values()), \
        {i: layer.feature_count for i, layer in layers.items() if layer.feature_count != POINTS}
    assert sorted(r.layer_id for r in history) == sorted(layers)
    assert [r.id for r in history] == list(range(len(history), 0, -1))
    # Every import answered 201 is there; one answered 503 was cut off before its commit.
    stored = {layer_id.removeprefix("i-") for layer_id in layers}
    assert {key for key, (status, _, _) in answers.items() if status == 201} == stored
    refused = [key for key, (status, _, _) in answers.items() if status == 503]
    assert refused and not set(refused) & stored
    assert all(answers[key][2]["message"].startswith("The database did not answer in time") for key in refused)


@pytest.mark.slow
def test_a_server_answers_within_seconds_of_the_database_coming_back_after_a_long_outage(
        restartable_cluster, tmp_path):
    """The pool's waits between attempts to reconnect double; uncapped, after an outage of a
    minute and a half a server answered 503 for up to 42 s with the database back (review 20,
    F9). An attempt now gives up after RECONNECT_S and the next request starts another."""
    url = restartable_cluster.create_database()
    server = Server(url, str(tmp_path / "instance"), DB_WAIT_S="2")
    try:
        server.wait_until_ready()
        restartable_cluster.stop("fast")
        outage_ends = time.monotonic() + 40
        while time.monotonic() < outage_ends:  # readers keep asking meanwhile, as a proxy's checks do
            assert _request(f"{server.url}/api/layers")[0] == 503
            time.sleep(0.5)
        restartable_cluster.start()
        back = time.monotonic()
        while _request(f"{server.url}/api/layers")[0] != 200:
            assert time.monotonic() - back < 12, "the server did not answer within 12 s of the database's return"
            time.sleep(0.25)
    finally:
        server.stop()


@pytest.mark.slow
def test_a_pool_full_of_idle_connections_answers_at_once_after_a_restart(restartable_cluster):
    """Review 32b, #1: a server holding six or more idle connections answered its first request
    after a restart of PostgreSQL with a 10 s wait and a 503, the database long back: the pool
    found its broken connections one at a time, waiting 1, 2, 4 … s between them."""
    url = restartable_cluster.create_database()
    store = PostGISStore(url, pool_size=8, wait_s=10)
    try:
        held = threading.Barrier(9)

        def hold():  # eight requests at once leave eight idle connections behind them
            with store._pool.connection():
                held.wait(timeout=30)

        threads = [threading.Thread(target=hold) for _ in range(8)]
        for thread in threads:
            thread.start()
        held.wait(timeout=30)
        for thread in threads:
            thread.join()
        assert store._pool.get_stats()["pool_size"] == 8
        restartable_cluster.stop("fast")
        restartable_cluster.start()
        # Answered, not refused (DatabaseUnavailable) after the wait: the broken ones go together.
        assert store.layers() == []  # an empty store, read: DatabaseUnavailable had it been refused
        assert store._pool.get_stats().get("connections_lost", 0) >= 7
    finally:
        store.close()
