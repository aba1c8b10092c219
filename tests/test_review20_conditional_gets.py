"""A client that revalidates with If-Modified-Since only (`curl -z`, `wget -N`, some caches) is
never told "not modified" for data that changed (review 20, F7).

Two revisions in one second gave one Last-Modified, so a client that read between them got 304
for the second one; and each server stamped revisions with its own clock, so one whose clock
was slow dated a new revision before the last one and its Last-Modified went back in time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import orjson
import psycopg
import pytest

from bordermap.store import sqlite_changes
from bordermap_app import create_app

TOKEN = {"Authorization": "Bearer test-editor-token"}
URL = "/api/features?layer=depots"


def _import(client, n: int):
    body = orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"depot {n}.{i}"},
         "geometry": {"type": "Point", "coordinates": [105 + n / 100, 11 + i / 100]}} for i in range(3)]})
    created = client.get("/api/layers").get_json()
    new = "" if any(layer["id"] == "depots" for layer in created) else "&new_layer_title=Depots"
    answer = client.post(URL + new, data=body, headers=TOKEN)
    assert answer.status_code == 201, answer.get_json()


def _count(answer) -> int:
    return len(orjson.loads(answer.data)["features"])


def _loaded_at(app, moment: str) -> None:
    """The store's curated data loaded at `moment` (the tests' stores are copies of one made when
    the session began, which the clock the test sets would otherwise put after its changes)."""
    with app.extensions["bordermap.store"]._write() as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'curated_loaded_at'", (moment,))


def test_two_changes_in_one_second_are_not_hidden_by_if_modified_since(app, client, monkeypatch):
    _loaded_at(app, "2026-12-04T00:00:00+00:00")
    monkeypatch.setattr(sqlite_changes, "now", lambda: "2026-12-04T00:10:05+00:00")
    _import(client, 1)
    first = client.get(URL)
    _import(client, 2)  # the same second
    again = client.get(URL, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200 and _count(again) == _count(first) + 3
    # The ETag still tells: 304 for what the client holds now.
    assert client.get(URL, headers={"If-None-Match": again.headers["ETag"]}).status_code == 304

    # A change in a second of its own: its date names one state of the data, and gets 304.
    monkeypatch.setattr(sqlite_changes, "now", lambda: "2026-12-04T00:10:06+00:00")
    _import(client, 3)
    latest = client.get(URL)
    assert latest.headers["Last-Modified"] == "Fri, 04 Dec 2026 00:10:06 GMT"
    assert client.get(URL, headers={"If-Modified-Since": latest.headers["Last-Modified"]}).status_code == 304


def _server(postgres_url, tmp_path, name):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / name), "DATABASE_URL": postgres_url,
                      "SECRET_KEY": "k" * 32, "EDITOR_TOKEN": "test-editor-token", "WTF_CSRF_ENABLED": False})
    return app, app.test_client()


@pytest.fixture
def two_servers(postgres_url, tmp_path):
    apps = [_server(postgres_url, tmp_path, name) for name in ("a", "b")]
    yield [client for _, client in apps]
    for app, _ in apps:
        app.extensions["bordermap.store"].close()


def test_servers_sharing_a_database_never_answer_304_for_changed_data(two_servers, postgres_url, monkeypatch):
    a, b = two_servers
    for n in range(4):  # the reviewer's loop: import on A, read on B, import on B, revalidate on B
        _import(a, 2 * n)
        seen = b.get(URL)
        _import(b, 2 * n + 1)
        again = b.get(URL, headers={"If-Modified-Since": seen.headers["Last-Modified"]})
        assert again.status_code == 200 and _count(again) == _count(seen) + 3, n


def test_a_server_whose_clock_is_slow_dates_its_changes_by_the_database(two_servers, postgres_url, monkeypatch):
    a, b = two_servers
    _import(b, 0)
    held = b.get(URL)
    slow = (datetime.now(timezone.utc) - timedelta(minutes=5)).isoformat(timespec="seconds")
    monkeypatch.setattr("bordermap.store.rules.now", lambda: slow)
    monkeypatch.setattr("bordermap.store.postgis_changes.now", lambda: slow, raising=False)
    _import(a, 1)  # A's clock is five minutes slow
    again = b.get(URL, headers={"If-Modified-Since": held.headers["Last-Modified"]})
    assert again.status_code == 200 and _count(again) == _count(held) + 3
    revisions = b.get("/api/revisions", headers=TOKEN).get_json()
    newest = revisions["revisions"][0] if isinstance(revisions, dict) else revisions[0]
    with psycopg.connect(postgres_url) as conn:
        database_now = conn.execute("SELECT now()").fetchone()[0]
    assert abs((database_now - datetime.fromisoformat(newest["created_at"])).total_seconds()) < 60
    assert parsedate_to_datetime(again.headers["Last-Modified"]) >= parsedate_to_datetime(
        held.headers["Last-Modified"])
