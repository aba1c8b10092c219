"""What the downloads, the read API and the page give of a feature's status without `at`: today's,
as the map shows it (review 31a, #3: after an editor recorded the connecting point approved, the
layer's downloads and `/api/features` still said "under discussion", the stored status)."""

from __future__ import annotations

import csv
import io

import geopandas
import orjson
import pytest

AUTH = {"Authorization": "Bearer test-editor-token"}
APPROVED = {"entity": "feature", "entity_id": "xw-connecting-point", "date": "2026-11", "status": "approved",
            "confidence": "medium", "note": "Both sides approved the connecting point.",
            "source_title": "Connecting point approved", "source_publisher": "A newspaper", "source_date": "2026-11-20"}


def _by_id(collection: dict) -> dict:
    return {feature["id"]: feature["properties"] for feature in collection["features"]}


@pytest.fixture
def approved(client):
    before = _by_id(client.get("/api/features?layer=expressways").get_json())["xw-connecting-point"]
    assert before["status"] == "under-discussion"
    assert client.post("/api/history/events", json=APPROVED, headers=AUTH).status_code == 201
    return client


def test_the_read_api_gives_todays_status_and_any_days_with_at(approved):
    now = _by_id(approved.get("/api/features?layer=expressways").get_json())["xw-connecting-point"]
    assert (now["status"], now["status_date"]) == ("approved", "2026-11")
    every = _by_id(approved.get("/api/features").get_json())["xw-connecting-point"]
    assert every["status"] == "approved"
    boxed = approved.get("/api/features?layer=expressways&bbox=105.5,10.5,107,11.5").get_json()
    assert _by_id(boxed)["xw-connecting-point"]["status"] == "approved"
    one = approved.get("/api/features/xw-connecting-point").get_json()["properties"]
    assert one["status"] == "approved"
    earlier = approved.get("/api/features/xw-connecting-point?at=2024-01-01").get_json()["properties"]
    assert earlier["status"] == "under-discussion"
    # Features without events are as stored; the provinces pass their stored text through.
    assert approved.get("/api/features?layer=provinces-kh").data == approved.get("/api/features?layer=provinces-kh").data


def test_the_downloads_give_todays_status(approved, tmp_path):
    geojson = _by_id(orjson.loads(approved.get("/api/layers/expressways.geojson").data))
    assert geojson["xw-connecting-point"]["status"] == "approved"
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(approved.get("/api/layers/expressways.csv").data
                                                                  .decode("utf-8-sig")))}
    assert (rows["xw-connecting-point"]["status"], rows["xw-connecting-point"]["status_date"]) == ("approved", "2026-11")
    gpkg = tmp_path / "expressways.gpkg"
    gpkg.write_bytes(approved.get("/api/layers/expressways.gpkg").data)
    frame = geopandas.read_file(gpkg)
    assert frame.set_index("id").loc["xw-connecting-point", "status"] == "approved"
    # Retracted, the status is the stored one again, in a file built again.
    event_id = approved.get("/api/revisions").get_json()[0]["summary"].split()[2]
    assert approved.delete(f"/api/history/events/{event_id}", headers=AUTH).status_code == 200
    again = _by_id(orjson.loads(approved.get("/api/layers/expressways.geojson").data))
    assert again["xw-connecting-point"]["status"] == "under-discussion"


def test_the_map_pages_layers_carry_todays_status(approved):
    page = approved.get("/").get_data(as_text=True)
    assert '"status":"approved","status_date":"2026-11"' in page


@pytest.mark.parametrize("query, status, said", [("foo=1", 400, "unknown query parameter 'foo'"),
                                                ("at=1999-13-01", 422, "at: expected a date")])
def test_a_features_address_refuses_what_it_does_not_take(client, query, status, said):
    """Review 31a, #11: `?foo=1` and an impossible `at` were answered as if not there."""
    answer = client.get(f"/api/features/xw-connecting-point?{query}")
    assert answer.status_code == status and said in answer.get_json()["message"], answer.get_json()
