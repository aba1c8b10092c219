"""`/healthz` for a proxy or a supervisor (review 20, F12): the proxy could only notice a dead
socket, so a server whose database was out of reach kept its share of requests."""

from __future__ import annotations

from bordermap.errors import DatabaseUnavailable
from bordermap_app import create_app


def test_a_server_whose_store_answers_is_healthy(client):
    answer = client.get("/healthz")
    body = answer.get_json()
    assert answer.status_code == 200 and body["status"] == "ok" and body["store"] == "sqlite"
    assert body["schema"] >= 1 and body["curated"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_server_whose_database_does_not_answer_says_so(app, client, monkeypatch, caplog):
    def down():
        raise DatabaseUnavailable("the database postgresql://u:***@h/db is unavailable: connection refused")

    monkeypatch.setattr(app.extensions["bordermap.store"], "curated_version", down)
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.get_json() == {"status": "unavailable", "store": "sqlite"}
    assert "connection refused" in caplog.text and "connection refused" not in answer.get_data(as_text=True)


def test_a_server_on_postgresql_checks_the_database(postgres_url, tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": postgres_url,
                      "SECRET_KEY": "k" * 32})
    try:
        body = app.test_client().get("/healthz").get_json()
        assert body["status"] == "ok" and body["store"] == "postgresql"
    finally:
        app.extensions["bordermap.store"].close()


def test_a_store_that_hangs_is_answered_for_within_the_wait(app, client, monkeypatch):
    """Review 23a, F7: a database that hangs rather than refuses held each check for the statement
    timeout and the wait, 40 s, and every check a server thread; checks every few seconds took
    them all. The check now answers 503 within the wait, and one still hung answers the next at once."""
    import threading
    import time

    from bordermap_app import pages

    released = threading.Event()
    real = app.extensions["bordermap.store"].curated_version
    monkeypatch.setattr(app.extensions["bordermap.store"], "curated_version", lambda: released.wait(30) and real())
    monkeypatch.setattr(pages, "HEALTH_WAIT_S", 3)
    started = time.monotonic()
    first = client.get("/healthz")
    assert first.status_code == 503 and first.headers["Retry-After"] and time.monotonic() - started < 20
    started = time.monotonic()
    assert client.get("/healthz").status_code == 503 and time.monotonic() - started < 2.5  # not the 3 s again
    released.set()
    deadline = time.monotonic() + 30  # the hung check ends, then a check answers
    while client.get("/healthz").status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.05)
