"""A NUL character (%00) in an address or a value: 404 or 400 on either store, never a 500 with a
traceback in the log. PostgreSQL cannot even look such text up; SQLite could (review 23a, F4)."""

from __future__ import annotations

import logging

import orjson
import pytest

from bordermap_app import create_app

TOKEN = {"Authorization": "Bearer test-editor-token"}
NOT_THERE = ["/api/features/%00", "/ogc/collections/%00", "/api/layers/%00.csv", "/api/commitments/%00",
             "/api/layers/%00/search?q=a", "/api/layers/%00/points", "/ogc/collections/checkpoints/items/%00"]


@pytest.fixture(params=["sqlite", "postgis"])
def client(request, tmp_path):
    config = {"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "k" * 32,
              "EDITOR_TOKEN": "test-editor-token", "WTF_CSRF_ENABLED": False}
    if request.param == "postgis":
        config["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    app = create_app(config)
    yield app.test_client()
    app.extensions["bordermap.store"].close()


def test_an_address_holding_a_nul_is_not_found(client, caplog):
    with caplog.at_level(logging.ERROR):
        for path in NOT_THERE:
            assert client.get(path).status_code == 404, path
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_value_holding_a_nul_is_the_requests_problem(client, caplog):
    with caplog.at_level(logging.ERROR):
        listed = client.get("/api/features?layer=%00")
        assert listed.status_code in (400, 404), listed.get_data(as_text=True)
        event = {"entity": "feature", "entity_id": "cp-bavet-moc-bai\u0000", "date": "2026-01", "status": "open",
                 "note": "x", "source": {"document": "kh-mfa-pr71-2025", "paragraph": 1}}
        added = client.post("/api/history/events", data=orjson.dumps(event),
                            headers={**TOKEN, "Content-Type": "application/json"})
        assert added.status_code in (400, 404, 422), added.get_data(as_text=True)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
