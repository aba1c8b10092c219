"""Odd but harmless requests get a clear answer with the right status, never a 500."""

from __future__ import annotations

import pytest

HUGE = str(2**63)  # one past the largest SQLite integer


@pytest.mark.parametrize("path", ["/assets/leaflet/%00", "/assets/bordermap/bordermap.js%00.png",
                                  "/assets/leaflet/images/%00/x.png"])
def test_a_nul_byte_in_an_asset_path_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Traceback" not in response.data and b"NUL character" in response.data


@pytest.mark.parametrize("method, path", [
    ("get", f"/revisions/{HUGE}"),
    ("get", f"/api/revisions/{HUGE}"),
    ("post", f"/api/revisions/{HUGE}/revert"),
    ("get", f"/revisions/{'9' * 40}"),
])
def test_revision_numbers_past_sqlite_integers_are_not_found(client, method, path):
    response = getattr(client, method)(path, headers={"Authorization": "Bearer test-editor-token"})
    assert response.status_code == 404
    assert b"no revision" in response.data


def test_revert_page_with_a_huge_number_is_not_found(client):
    client.get("/upload?token=test-editor-token")
    response = client.post(f"/revisions/{HUGE}/revert")
    assert response.status_code == 404 and b"no revision" in response.data


@pytest.mark.parametrize("limit", ["\u00b2", "1\u0663", "-1", "x"])
def test_a_revision_limit_that_is_not_a_plain_number_is_refused(client, limit):
    response = client.get("/api/revisions/1", query_string={"limit": limit})
    assert response.status_code == 400
    assert "limit: expected a whole number" in response.get_json()["message"]
