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
