"""OGC API – Features Part 4 (Create, Replace, Update, Delete) on user layers, over HTTP.

Named after the abstract tests of Part 4's conformance classes that apply: create-replace-delete
(POST, PUT, DELETE), update (PATCH as JSON Merge Patch), optimistic-locking-etags (If-Match),
features (GeoJSON bodies checked as an upload is). Curated collections refuse every write.
"""

from __future__ import annotations

import orjson
import pytest

TOKEN = {"Authorization": "Bearer test-editor-token"}
ITEMS = "/ogc/collections/mine/items"


def point(lon: float = 105.5, lat: float = 11.5, **properties) -> dict:
    return {"type": "Feature", "properties": {"name": "Bến", **properties},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


@pytest.fixture
def mine(client):
    """A user layer `mine` with features a and b; a is linked to a commitment."""
    body = orjson.dumps({"type": "FeatureCollection", "features": [
        {**point(105.1, 11.1, name="A", rank=1, note="kept"), "id": "a"},
        {**point(105.2, 11.2, name="B"), "id": "b"}]})
    response = client.post("/api/features?layer=mine&new_layer_title=Mine", data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)
    return client


def etag(client, feature_id: str) -> str:
    response = client.get(f"{ITEMS}/{feature_id}")
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('"'), "a strong ETag, as If-Match compares strongly"
    return response.headers["ETag"]


def body_type(method: str) -> str:
    """The Content-Type a change sends: a merge patch for PATCH, GeoJSON for POST and PUT (each
    refuses the other with 415, review 23, #9)."""
    return "application/merge-patch+json" if method == "patch" else "application/geo+json"


def state(client) -> tuple:
    return (client.get(f"{ITEMS}?limit=100").get_json()["features"], client.get("/api/revisions").get_json())


# ----------------------------------------------------------------------------- create-replace-delete
def test_ats_crd_post_op_creates_a_feature_at_its_location(mine):
    response = mine.post(ITEMS, data=orjson.dumps(point(105.3, 11.3, name="New", depth=2.5)),
                         headers={**TOKEN, "Content-Type": "application/geo+json"})
    assert response.status_code == 201, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert location.startswith("http://localhost/ogc/collections/mine/items/mine-")
    created = mine.get(location)
    assert created.status_code == 200
    assert created.headers["ETag"] == response.headers["ETag"]
    body = created.get_json()
    assert body["geometry"] == {"type": "Point", "coordinates": [105.3, 11.3]}
    assert body["properties"]["name"] == "New"
    revision = response.get_json()["revision"]
    assert (revision["action"], revision["layer_id"], revision["changes"]) == ("import", "mine", 1)
    assert f"/api/revisions/{revision['id']}" in response.headers["Link"]
    assert "Access-Control-Allow-Origin" not in response.headers  # no CORS on changes


def test_ats_features_post_body_takes_the_upload_checks_and_changes_nothing_when_refused(mine):
    before = state(mine)
    open_ring = {"type": "Feature", "properties": {"name": "Zone"},
                 "geometry": {"type": "Polygon", "coordinates": [[[105, 11], [105.1, 11], [105.1, 11.1], [105, 11.2]]]}}
    response = mine.post(ITEMS, data=orjson.dumps(open_ring), headers=TOKEN)
    assert response.status_code == 422
    assert response.get_json()["problems"] == [
        "feature.geometry.coordinates[0]: ring is not closed (first [105, 11], last [105, 11.2])"]
    assert mine.post(ITEMS, data=b"{not json", headers=TOKEN).status_code in (400, 422)
    assert state(mine) == before


def test_ats_crd_put_op_replaces_the_feature_as_one_revision_that_reverts(mine):
    tag = etag(mine, "a")
    before = mine.get(f"{ITEMS}/a").get_json()
    new = {"type": "Feature", "id": "a", "properties": {"name": "A moved", "open": True, "lanes": 4},
           "geometry": {"type": "LineString", "coordinates": [[105.0, 11.0], [105.4, 11.4]]}}
    response = mine.put(f"{ITEMS}/a", data=orjson.dumps(new), headers={**TOKEN, "If-Match": tag})
    assert response.status_code == 204, response.get_data(as_text=True)
    assert response.headers["ETag"] != tag
    after = mine.get(f"{ITEMS}/a")
    assert after.headers["ETag"] == response.headers["ETag"]
    got = after.get_json()
    assert got["geometry"] == new["geometry"]
    assert got["properties"]["name"] == "A moved" and "note" not in got["properties"]
    revisions = mine.get("/api/revisions").get_json()
    assert (revisions[0]["action"], revisions[0]["summary"]) == ("replace", "replaced feature a")
    assert len(revisions) == 2  # the import, then this one
    assert mine.post(f"/api/revisions/{revisions[0]['id']}/revert", headers=TOKEN).status_code == 201
    assert mine.get(f"{ITEMS}/a").get_json()["geometry"] == before["geometry"]


def test_ats_crd_delete_op_removes_the_feature(mine):
    response = mine.delete(f"{ITEMS}/b", headers={**TOKEN, "If-Match": etag(mine, "b")})
    assert response.status_code == 204
    assert mine.get(f"{ITEMS}/b").status_code == 404
    assert [f["id"] for f in mine.get(ITEMS).get_json()["features"]] == ["a"]
    assert mine.get("/api/revisions").get_json()[0]["action"] == "delete"


def test_ats_crd_put_and_delete_of_an_unknown_feature_are_not_found(mine):
    headers = {**TOKEN, "If-Match": '"1"'}
    assert mine.put(f"{ITEMS}/nope", data=orjson.dumps(point()), headers=headers).status_code == 404
    assert mine.delete(f"{ITEMS}/nope", headers=headers).status_code == 404
    # A feature of another collection is not this collection's.
    assert mine.delete("/ogc/collections/checkpoints/items/a", headers=headers).status_code in (404, 409)


def test_ats_features_put_body_naming_another_feature_is_refused(mine):
    before = state(mine)
    response = mine.put(f"{ITEMS}/a", data=orjson.dumps({**point(), "id": "b"}),
                        headers={**TOKEN, "If-Match": etag(mine, "a")})
    assert response.status_code == 422
    assert "'b'" in response.get_json()["message"] and "'a'" in response.get_json()["message"]
    assert state(mine) == before


# ----------------------------------------------------------------------------- update
def test_ats_update_patch_op_merges_as_rfc_7396(mine):
    rank = mine.get(f"{ITEMS}/a").get_json()["properties"]["rank"]
    patch = {"properties": {"name": "A renamed", "note": None, "tags": ["x", "y"]}}
    response = mine.patch(f"{ITEMS}/a", data=orjson.dumps(patch),
                          headers={**TOKEN, "If-Match": etag(mine, "a"), "Content-Type": "application/merge-patch+json"})
    assert response.status_code == 204, response.get_data(as_text=True)
    got = mine.get(f"{ITEMS}/a").get_json()
    assert got["geometry"] == {"type": "Point", "coordinates": [105.1, 11.1]}  # not in the patch: kept
    assert got["properties"]["name"] == "A renamed"
    assert "note" not in got["properties"]  # null removes
    assert got["properties"]["rank"] == rank  # untouched members stay
    assert mine.get("/api/revisions").get_json()[0]["action"] == "replace"


def test_ats_update_patched_feature_is_checked_as_a_whole(mine):
    before = state(mine)
    bad = {"geometry": {"type": "Point", "coordinates": [505.0, 11.0]}}
    response = mine.patch(f"{ITEMS}/a", data=orjson.dumps(bad),
                          headers={**TOKEN, "If-Match": etag(mine, "a"), "Content-Type": "application/merge-patch+json"})
    assert response.status_code == 422
    assert "505" in response.get_data(as_text=True)
    assert state(mine) == before


def test_ats_update_patch_in_another_format_is_refused(mine):
    response = mine.patch(f"{ITEMS}/a", data=b'[{"op": "remove", "path": "/properties/note"}]',
                          headers={**TOKEN, "If-Match": etag(mine, "a"), "Content-Type": "application/json-patch+json"})
    assert response.status_code == 415
    assert "application/merge-patch+json" in response.get_json()["message"]


# ----------------------------------------------------------------------------- optimistic-locking-etags
def test_ats_etags_a_feature_answers_a_strong_etag_and_304(mine):
    tag = etag(mine, "a")
    again = mine.get(f"{ITEMS}/a", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag


def test_a_link_to_a_commitment_changes_the_features_etag_not_its_version(mine):
    """Review 20, F2: the tag was the revision that last wrote the feature, so a cache asking
    again after a commitment named it got 304 and kept the body without the commitment."""
    before = etag(mine, "b")
    commitment = mine.get("/api/commitments").get_json()[0]["id"]
    assert mine.post(f"/api/commitments/{commitment}/links", data=b'{"features": ["b"]}',
                     headers=TOKEN).status_code == 201
    again = mine.get(f"{ITEMS}/b", headers={"If-None-Match": before})
    assert again.status_code == 200 and commitment in again.get_json()["properties"]["commitments"]
    assert again.headers["ETag"] != before
    assert mine.get(f"{ITEMS}/b", headers={"If-None-Match": again.headers["ETag"]}).status_code == 304
    # The feature itself did not change: a change made against the earlier tag still applies,
    # and its answer's tag is the one a GET gives.
    changed = mine.patch(f"{ITEMS}/b", data=b'{"properties": {"rank": 3}}',
                         headers={**TOKEN, "If-Match": before, "Content-Type": "application/merge-patch+json"})
    assert changed.status_code == 204
    assert changed.headers["ETag"] == etag(mine, "b")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_ats_etags_a_stale_if_match_is_412_and_changes_nothing(mine, method):
    stale = etag(mine, "a")
    assert mine.patch(f"{ITEMS}/a", data=b'{"properties": {"rank": 2}}',
                      headers={**TOKEN, "If-Match": stale, "Content-Type": "application/merge-patch+json"}
                      ).status_code == 204
    before = state(mine)
    body = {"put": orjson.dumps(point()), "patch": b'{"properties": {"rank": 3}}', "delete": None}[method]
    response = getattr(mine, method)(f"{ITEMS}/a", data=body, headers={
        **TOKEN, "If-Match": stale, "Content-Type": body_type(method)})
    assert response.status_code == 412
    assert "changed since you read it" in response.get_json()["message"]
    assert state(mine) == before


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_ats_etags_a_change_without_if_match_is_428(mine, method):
    before = state(mine)
    body = {"put": orjson.dumps(point()), "patch": b'{"properties": {"rank": 3}}', "delete": None}[method]
    response = getattr(mine, method)(f"{ITEMS}/a", data=body, headers={**TOKEN, "Content-Type": body_type(method)})
    assert response.status_code == 428
    assert "If-Match" in response.get_json()["message"]
    assert state(mine) == before


def test_ats_etags_a_weak_tag_never_matches(mine):
    tag = etag(mine, "a")
    response = mine.delete(f"{ITEMS}/a", headers={**TOKEN, "If-Match": "W/" + tag})
    assert response.status_code == 412
    assert mine.get(f"{ITEMS}/a").status_code == 200


def test_ats_etags_star_matches_whatever_is_there(mine):
    assert mine.delete(f"{ITEMS}/a", headers={**TOKEN, "If-Match": "*"}).status_code == 204


# ----------------------------------------------------------------------------- who may write where
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_curated_collections_refuse_writes_with_a_message(client, method):
    feature_id = client.get("/ogc/collections/checkpoints/items?limit=1").get_json()["features"][0]["id"]
    url = "/ogc/collections/checkpoints/items" + ("" if method == "post" else f"/{feature_id}")
    before = client.get("/ogc/collections/checkpoints/items?limit=1000").get_json()
    response = getattr(client, method)(url, data=orjson.dumps(point()), headers={
        **TOKEN, "If-Match": "*", "Content-Type": body_type(method)})
    assert response.status_code == 409
    assert "curated" in response.get_json()["message"] and "layer of your own" in response.get_json()["message"]
    assert client.get("/ogc/collections/checkpoints/items?limit=1000").get_json()["features"] == before["features"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_need_the_editor_token(mine, method):
    before = state(mine)
    url = ITEMS + ("" if method == "post" else "/a")
    response = getattr(mine, method)(url, data=orjson.dumps(point()), headers={
        "If-Match": "*", "Content-Type": body_type(method)})
    assert response.status_code == 401
    assert state(mine) == before


def test_the_api_definition_still_answers(mine):
    assert mine.get("/ogc/api").status_code == 200
