"""CORS on what only reads, never on what changes; ETag/Last-Modified with 304; gzip."""

from __future__ import annotations

import gzip

import orjson
import pytest

TOKEN = {"Authorization": "Bearer test-editor-token"}
READ_ONLY = ["/api/layers", "/api/features?layer=checkpoints", "/api/features/cp-bavet-moc-bai",
             "/api/commitments", "/api/documents", "/api/layers/checkpoints.geojson", "/ogc/",
             "/ogc/collections", "/ogc/collections/checkpoints/items?limit=2", "/ogc/api",
             "/api/layers/checkpoints.gpkg", "/api/commitments.csv", "/api/documents.json", "/api/bordermap.gpkg"]


def upload(client, layer="mine"):
    body = orjson.dumps({"type": "Feature", "properties": {"name": "x"},
                         "geometry": {"type": "Point", "coordinates": [105, 11]}})
    return client.post(f"/api/features?layer={layer}&new_layer_title=Mine", data=body, headers=TOKEN)


@pytest.mark.parametrize("url", READ_ONLY)
def test_cors_on_read_only_endpoints(client, url):
    response = client.get(url, headers={"Origin": "https://umap.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_no_cors_on_changes(client):
    created = upload(client)
    assert created.status_code == 201 and "Access-Control-Allow-Origin" not in created.headers
    for response in (client.options("/api/features", headers={"Origin": "https://x.example",
                                                               "Access-Control-Request-Method": "POST"}),
                     client.delete("/api/layers/mine", headers=TOKEN),
                     client.post("/api/revisions/1/revert", headers=TOKEN),
                     client.get("/upload"), client.get("/revisions")):
        assert "Access-Control-Allow-Origin" not in response.headers, response.request.path


@pytest.mark.parametrize("url", READ_ONLY)
def test_etag_and_304(client, url):
    first = client.get(url)
    tag = first.headers["ETag"]
    assert tag.startswith('W/"') and first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag


@pytest.mark.parametrize("url", READ_ONLY)
def test_last_modified_and_304_on_if_modified_since(client, url):
    first = client.get(url)
    modified = first.headers["Last-Modified"]
    again = client.get(url, headers={"If-Modified-Since": modified})
    assert again.status_code == 304 and again.data == b""
    older = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert older.status_code == 200 and older.data == first.data


def test_if_modified_since_sees_a_change(client):
    modified = client.get("/api/layers").headers["Last-Modified"]
    assert upload(client).status_code == 201
    # The change is in the same second or later: Last-Modified moves, or the ETag tells.
    response = client.get("/api/layers", headers={"If-Modified-Since": modified})
    changed = client.get("/api/layers").headers["Last-Modified"]
    assert (response.status_code == 200) == (changed != modified)


def test_etag_changes_with_the_data(client):
    tag = client.get("/api/layers").headers["ETag"]
    assert upload(client).status_code == 201
    response = client.get("/api/layers", headers={"If-None-Match": tag})
    assert response.status_code == 200 and response.headers["ETag"] != tag
    assert any(layer["id"] == "mine" for layer in orjson.loads(response.data))


def test_etag_differs_by_representation(client):
    json_tag = client.get("/ogc/collections", headers={"Accept": "application/json"}).headers["ETag"]
    html = client.get("/ogc/collections", headers={"Accept": "text/html", "If-None-Match": json_tag})
    assert html.status_code == 200 and html.mimetype == "text/html"


def test_gzip_when_accepted(client):
    plain = client.get("/api/features?layer=provinces-kh")
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    packed = client.get("/api/features?layer=provinces-kh", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    small = client.get("/api/features/cp-bavet-moc-bai", headers={"Accept-Encoding": "gzip"})
    assert len(small.data) > 0 and ("Content-Encoding" not in small.headers or len(small.data) < 1024 * 4)
    refused = client.get("/api/features", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


@pytest.mark.parametrize("query", ["limit=10", "bbox=104,10,106,12&limit=5", "layer=checkpoints&offset=3"])
def test_api_features_refuses_paging_it_does_not_do(client, query):
    response = client.get(f"/api/features?{query}")
    assert response.status_code == 400
    message = orjson.loads(response.data)["message"]
    assert "/ogc/collections/" in message and ("limit" in message or "offset" in message)
