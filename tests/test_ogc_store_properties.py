"""A write through OGC API – Features Part 4 may not set what the store keeps itself (`layer`,
`commitments`): it was dropped and answered 204, with a revision and a new ETag, so the client
believed it done and others' If-Match failed (review 23b, #6). A feature sent back as it was
read still replaces."""

from __future__ import annotations

import orjson
import pytest

from tests.test_ogc_part4 import ITEMS, TOKEN, etag, mine, point, state  # noqa: F401  (the fixture)

PATCH = {**TOKEN, "Content-Type": "application/merge-patch+json"}


@pytest.mark.parametrize(("method", "body", "problem"), [
    ("patch", {"properties": {"commitments": ["c-pr71-13"]}}, "feature.properties.commitments: set by bordermap"),
    ("patch", {"properties": {"layer": "checkpoints"}}, "feature.properties.layer: set by bordermap"),
    ("put", point(105.1, 11.1, name="A", layer="checkpoints"), "feature.properties.layer: set by bordermap"),
    ("put", point(105.1, 11.1, name="A", commitments=["c-pr71-13"]), "feature.properties.commitments: set by"),
])
def test_setting_the_stores_own_properties_is_refused_and_changes_nothing(mine, method, body, problem):  # noqa: F811
    before, tag = state(mine), etag(mine, "a")
    headers = {**(PATCH if method == "patch" else TOKEN), "If-Match": tag}
    response = getattr(mine, method)(f"{ITEMS}/a", data=orjson.dumps(body), headers=headers)
    assert response.status_code == 422, response.get_data(as_text=True)
    said = " ".join(response.get_json()["problems"])
    assert problem in said and ("/links" in said or "collection" in said)
    assert state(mine) == before and etag(mine, "a") == tag


def test_a_feature_put_back_as_read_still_replaces(mine):  # noqa: F811
    read = mine.get(f"{ITEMS}/a")
    feature = read.get_json()
    assert feature["properties"]["layer"] == "mine" and "commitments" in feature["properties"]
    feature["properties"]["name"] = "A, renamed"
    response = mine.put(f"{ITEMS}/a", data=orjson.dumps(feature), headers={**TOKEN, "If-Match": read.headers["ETag"]})
    assert response.status_code == 204, response.get_data(as_text=True)
    assert mine.get(f"{ITEMS}/a").get_json()["properties"]["name"] == "A, renamed"


def test_a_post_that_sets_them_is_refused_too(mine):  # noqa: F811
    """Review 23k, #2: c612f94 refused them on PUT and PATCH; a POST still dropped them with a 201."""
    before = state(mine)
    headers = {**TOKEN, "Content-Type": "application/geo+json"}
    one = mine.post(ITEMS, data=orjson.dumps(point(name="N", commitments=["c-pr71-13"])), headers=headers)
    assert one.status_code == 422 and "feature.properties.commitments: set by bordermap" in " ".join(
        one.get_json()["problems"]), one.get_data(as_text=True)
    several = mine.post(ITEMS, headers=headers, data=orjson.dumps({"type": "FeatureCollection", "features": [
        point(name="A2", layer="mine"), point(name="B2", layer="checkpoints")]}))
    assert several.status_code == 422
    assert any(p.startswith("features[1].properties.layer: set by bordermap") for p in several.get_json()["problems"])
    assert state(mine) == before
    kept = mine.post(ITEMS, data=orjson.dumps(point(name="C", layer="mine", commitments=[])), headers=headers)
    assert kept.status_code == 201, kept.get_data(as_text=True)  # as a GET gives them: the same
