"""A database restored from a dump numbers its next revisions as the lost timeline did (review 13,
F4): validators made from the number alone let a cache keep the other timeline's answer."""

from __future__ import annotations

from bordermap.store import sqlite_changes
from bordermap_app import create_app
from conftest import SOURCES_DIR
from test_ledger import AUTH

POINT = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"%s"},'
         b'"geometry":{"type":"Point","coordinates":[105.1,11.1]}}]}')


def _app(folder):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(folder), "SOURCES_DIR": str(SOURCES_DIR),
                       "EDITOR_TOKEN": "test-editor-token", "WTF_CSRF_ENABLED": False})


def test_the_same_revision_number_in_another_timeline_is_not_the_same_answer(tmp_path, monkeypatch):
    lost, restored = _app(tmp_path / "lost").test_client(), _app(tmp_path / "restored").test_client()
    monkeypatch.setattr(sqlite_changes, "now", lambda: "2026-12-01T10:00:00+00:00")
    assert lost.post("/api/features?layer=lost&new_layer_title=Lost", data=POINT % b"A", headers=AUTH).status_code == 201
    monkeypatch.setattr(sqlite_changes, "now", lambda: "2026-12-03T09:30:00+00:00")
    assert restored.post("/api/features?layer=kept&new_layer_title=Kept", data=POINT % b"B",
                         headers=AUTH).status_code == 201
    for path in ("/api/layers", "/api/features", "/ogc/collections", "/api/commitments"):
        seen = lost.get(path)
        assert seen.headers.get("ETag"), path
        again = restored.get(path, headers={"If-None-Match": seen.headers["ETag"]})
        assert again.status_code != 304, path
        assert restored.get(path, headers={"If-None-Match": again.headers["ETag"]}).status_code == 304
