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


def test_a_feature_version_from_the_lost_timeline_does_not_let_a_change_through(tmp_path, monkeypatch):
    """A client read feature f at revision 2 of the timeline that was lost with the restore; the
    restored database writes its own revision 2 over f later. The client's If-Match names a
    state it never saw: refused (412), nothing changed."""
    ogc_items = "/ogc/collections/mine/items"
    first = b'{"type":"FeatureCollection","features":[{"type":"Feature","id":"f","properties":{"name":"%s"},' \
            b'"geometry":{"type":"Point","coordinates":[105.1,11.1]}}]}'
    patch = {"Content-Type": "application/merge-patch+json", **AUTH}

    def timeline(folder, day: str, name: bytes):
        client = _app(folder).test_client()
        monkeypatch.setattr(sqlite_changes, "now", lambda: f"2026-12-0{day}T10:00:00+00:00")
        assert client.post("/api/features?layer=mine&new_layer_title=Mine", data=first % b"F",
                           headers=AUTH).status_code == 201
        monkeypatch.setattr(sqlite_changes, "now", lambda: f"2026-12-0{day}T11:00:00+00:00")
        tag = client.get(f"{ogc_items}/f").headers["ETag"]
        assert client.patch(f"{ogc_items}/f", data=b'{"properties":{"name":"%s"}}' % name,
                            headers={**patch, "If-Match": tag}).status_code == 204  # revision 2
        return client

    lost = timeline(tmp_path / "lost", "1", b"lost")
    restored = timeline(tmp_path / "restored", "3", b"restored")
    seen = lost.get(f"{ogc_items}/f").headers["ETag"]  # revision 2 of the lost timeline
    answer = restored.patch(f"{ogc_items}/f", data=b'{"properties":{"name":"overwritten"}}',
                            headers={**patch, "If-Match": seen})
    assert answer.status_code == 412
    assert restored.get(f"{ogc_items}/f").get_json()["properties"]["name"] == "restored"
    current = restored.get(f"{ogc_items}/f").headers["ETag"]
    assert current != seen
    assert restored.patch(f"{ogc_items}/f", data=b'{"properties":{"name":"next"}}',
                          headers={**patch, "If-Match": current}).status_code == 204
