"""Two app servers, each its own process, on one PostgreSQL database: what an organisation
with a reverse proxy in front of several servers runs. Clients import through both at once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import orjson
import pytest

TOKEN = "multi-server-token"
CLIENTS, IMPORTS = 8, 50  # 400 imports, spread over both servers (the size)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _call(url: str, method: str = "GET", body: bytes | None = None, author: str = "t") -> tuple[int, object]:
    request = urllib.request.Request(url, data=body, method=method, headers={
        "Authorization": f"Bearer {TOKEN}", "X-Bordermap-Author": author})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, orjson.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, orjson.loads(error.read() or b"null")


class Server:
    """`bordermap serve` in a process of its own, on a free loopback port."""

    def __init__(self, database_url: str, instance: str, **settings: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "BORDERMAP_DATABASE_URL": database_url, "BORDERMAP_INSTANCE_PATH": instance,
               "BORDERMAP_EDITOR_TOKEN": TOKEN, "BORDERMAP_DB_POOL_SIZE": "4",
               **{f"BORDERMAP_{name}": value for name, value in settings.items()}}
        self.log = open(f"{instance}.log", "w+b")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from bordermap_app.cli import main; main()",
             "serve", "--host", "127.0.0.1", "--port", str(self.port), "--threads", "4"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_until_ready(self, limit: float = 120) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                pytest.fail(f"server exited: {self.log.read().decode(errors='replace')[-2000:]}")
            try:
                if _call(self.url + "/api/layers")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)  # polling a port that is not open yet: there is no event to wait on
        pytest.fail(f"server on port {self.port} did not answer within {limit} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@contextmanager
def _started(pair: list[Server]):
    """The servers, each answering; all stopped afterwards."""
    try:
        for server in pair:
            server.wait_until_ready()
        yield pair
    finally:
        for server in pair:
            server.stop()


@pytest.fixture
def servers(postgres_url, tmp_path):
    with _started([Server(postgres_url, str(tmp_path / f"instance-{k}")) for k in range(2)]) as pair:
        yield pair


def _file(client: int, n: int) -> bytes:
    """A GeoJSON file of three unnamed points (the server gives them ids), tagged by import."""
    return orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"import {client}-{n} point {k}", "tag": f"{client}-{n}"},
         "geometry": {"type": "Point", "coordinates": [105.0 + client / 100, 11.0 + n / 100 + k / 1000]}}
        for k in range(3)]})


@pytest.mark.slow
def test_two_servers_on_one_database_store_every_import_once(servers):
    first, second = servers
    status, body = _call(first.url + "/api/features?layer=shared&new_layer_title=Shared", "POST",
                         _file(99, 0), author="setup")
    assert status == 201, body

    def client(c: int) -> list[tuple[int, object]]:
        answers = []
        for n in range(IMPORTS):
            server = servers[(c + n) % 2]
            answers.append(_call(server.url + "/api/features?layer=shared", "POST", _file(c, n), author=f"c{c}"))
        return answers

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = [answer for result in pool.map(client, range(CLIENTS)) for answer in result]
    assert [status for status, _ in answers] == [201] * CLIENTS * IMPORTS, [b for s, b in answers if s != 201][:3]

    # Both servers see the same data: every import exactly once, every id once.
    layer = [_call(server.url + "/api/features?layer=shared")[1]["features"] for server in servers]
    assert layer[0] == layer[1]
    tags = Counter(feature["properties"]["tag"] for feature in layer[0])
    assert tags == {f"{c}-{n}": 3 for c in range(CLIENTS) for n in range(IMPORTS)} | {"99-0": 3}
    assert len({feature["id"] for feature in layer[0]}) == len(layer[0]) == 3 * (CLIENTS * IMPORTS + 1)

    # Revisions: one per import, numbered 1..401 without gaps, each client's in its order.
    history = [_call(server.url + "/api/revisions")[1] for server in servers]
    assert history[0] == history[1]
    assert [r["id"] for r in history[0]] == list(range(CLIENTS * IMPORTS + 1, 0, -1))
    answered = sorted(body["revision"]["id"] for _, body in answers)
    assert answered == list(range(2, CLIENTS * IMPORTS + 2))
    for c in range(CLIENTS):
        mine = [r["id"] for r in reversed(history[0]) if r["author"] == f"c{c}"]
        assert mine == sorted(mine) and len(mine) == IMPORTS

    # A revert on one server is what the other one shows at once.
    undone = history[0][0]["id"]
    status, body = _call(first.url + f"/api/revisions/{undone}/revert", "POST", author="reviewer")
    assert status == 201, body
    status, detail = _call(second.url + f"/api/revisions/{undone}")
    assert status == 200 and detail["revision"]["reverted_by"] == body["revision"]["id"]
    remaining = _call(second.url + "/api/features?layer=shared")[1]["features"]
    assert len(remaining) == 3 * CLIENTS * IMPORTS
    # And the second server refuses to revert it again: it sees the first server's revert.
    assert _call(second.url + f"/api/revisions/{undone}/revert", "POST")[0] == 409


def _send(url: str, method: str, body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers={
        "Authorization": f"Bearer {TOKEN}", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_an_etag_holds_across_two_servers_on_one_database(servers):
    """Clients that read one version of a feature replace it through both servers at once: the
    store compares the version inside its write, so exactly one replacement wins."""
    first, second = servers
    status, _ = _call(first.url + "/api/features?layer=shared&new_layer_title=Shared", "POST", _file(1, 1))
    assert status == 201
    feature_id = _call(first.url + "/api/features?layer=shared")[1]["features"][0]["id"]
    item = f"/ogc/collections/shared/items/{feature_id}"
    tags = {_send(server.url + item, "GET")[1]["ETag"] for server in servers}
    assert len(tags) == 1
    tag = tags.pop()

    def replace(n: int):
        body = orjson.dumps({"type": "Feature", "properties": {"name": f"writer {n}"},
                             "geometry": {"type": "Point", "coordinates": [105.5, 11.0 + n / 100]}})
        status, _, answer = _send(servers[n % 2].url + item, "PUT", body,
                                  {"If-Match": tag, "Content-Type": "application/geo+json"})
        return n, status, answer[:200]

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(replace, range(8)))
    assert sorted(status for _, status, _ in outcomes) == [204] + [412] * 7, outcomes
    winner = next(n for n, status, _ in outcomes if status == 204)
    for server in servers:
        stored = orjson.loads(_send(server.url + item, "GET")[2])
        assert stored["properties"]["name"] == f"writer {winner}"
    assert [r["action"] for r in _call(first.url + "/api/revisions")[1]].count("replace") == 1


class _Browser:
    """What a browser keeps across a proxy without sticky sessions: one cookie jar for every
    server (cookies are not told apart by port), forms sent as multipart with their CSRF token."""

    def __init__(self):
        import http.cookiejar

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=120) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, fields: dict, file: tuple[str, bytes]) -> tuple[int, str]:
        boundary = "bordermap-test-boundary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file[0]}"\r\n'
                     f"Content-Type: application/geo+json\r\n\r\n".encode() + file[1] + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _hidden(page: str, name: str) -> str:
    import re

    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
    assert found, f"no {name} in the page"
    return found.group(1)


@pytest.fixture
def servers_sharing_a_key(postgres_url, tmp_path):
    key = "one-key-for-every-server-" + "x" * 24
    with _started([Server(postgres_url, str(tmp_path / f"instance-{k}"), SECRET_KEY=key) for k in range(2)]) as pair:
        yield pair


def test_an_editor_unlocked_on_one_server_checks_on_it_and_imports_through_the_other(servers_sharing_a_key):
    """Review 13, F1 and F2: the unlock and the checked file were files in each server's own
    folder, so behind a proxy without sticky sessions the next server asked for the token again
    and said the checked file was "no longer waiting for import"."""
    first, second = servers_sharing_a_key
    browser = _Browser()
    assert browser.get(f"{first.url}/upload?token={TOKEN}")[0] == 200
    status, page = browser.get(f"{second.url}/upload")
    assert status == 200 and 'name="token"' not in page  # unlocked there too: no token asked for
    status, checked = browser.post(f"{first.url}/upload", {
        "csrf_token": _hidden(page, "csrf_token"), "action": "check", "target": "new",
        "new_id": "parks", "new_title": "Parks", "kind": "park", "color": "#1b7837"}, ("parks.geojson", _file(1, 1)))
    assert status == 200, checked[-2000:]
    staged = _hidden(checked, "staged")
    status, imported = browser.post(f"{second.url}/upload", {
        "csrf_token": _hidden(checked, "csrf_token"), "action": "import", "target": "new", "new_id": "parks",
        "new_title": "Parks", "kind": "park", "color": "#1b7837", "staged": staged, "filename": "parks.geojson"},
        ("", b""))
    assert status == 201 and 'id="imported-title"' in imported, imported[-2000:]
    assert len(_call(first.url + "/api/features?layer=parks")[1]["features"]) == 3
    # Locking on one server locks the session on both.
    status, page = browser.get(f"{second.url}/upload")
    lock = browser.post(f"{second.url}/lock", {"csrf_token": _hidden(page, "csrf_token")}, ("", b""))
    assert lock[0] in (200, 303), lock
    assert 'name="token"' in browser.get(f"{first.url}/upload")[1]
