"""CORS on what only reads, never on what changes; ETag/Last-Modified with 304; gzip."""

from __future__ import annotations

import gzip
import re

import orjson
import pytest

TOKEN = {"Authorization": "Bearer test-editor-token"}
READ_ONLY = ["/api/layers", "/api/features?layer=checkpoints", "/api/features/cp-bavet-moc-bai",
             "/api/commitments", "/api/documents", "/api/layers/checkpoints.geojson", "/ogc/",
             "/ogc/collections", "/ogc/collections/checkpoints/items?limit=2", "/ogc/api",
             "/api/layers/checkpoints.gpkg", "/api/commitments.csv", "/api/documents.json", "/api/bordermap.gpkg",
             "/api/history", "/api/features/cp-bavet-moc-bai/history", "/api/commitments/c-pr71-27/history",
             "/api/scorecard", "/api/search?q=bavet"]


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


@pytest.mark.parametrize("url", READ_ONLY + ["/ogc/collections/checkpoints/items/cp-bavet-moc-bai",
                                              "/api/layers/checkpoints/search?q=bavet", "/api/licences"])
def test_a_cross_origin_read_may_be_conditional(client, url):
    """Review 12, N5: a page elsewhere that fetched with If-None-Match (to revalidate what it
    kept) failed outright: the preflight allowed neither the header nor the method."""
    preflight = client.options(url, headers={"Origin": "https://umap.example", "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "if-none-match,accept-language"})
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert {m.strip() for m in preflight.headers["Access-Control-Allow-Methods"].split(",")} == {"GET", "HEAD"}
    allowed = {h.strip().lower() for h in preflight.headers["Access-Control-Allow-Headers"].split(",")}
    assert allowed == {"if-none-match", "if-modified-since", "accept", "accept-language"}
    tag = client.get(url, headers={"Origin": "https://umap.example"}).headers["ETag"]
    again = client.get(url, headers={"Origin": "https://umap.example", "If-None-Match": tag})
    assert again.status_code == 304 and again.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url, method", [
    ("/api/features?layer=mine", "POST"), ("/api/features/x", "DELETE"), ("/api/layers/mine", "DELETE"),
    ("/ogc/collections/mine/items", "POST"), ("/ogc/collections/mine/items/x", "PUT"),
    ("/ogc/collections/mine/items/x", "PATCH"), ("/ogc/collections/mine/items/x", "DELETE"),
    ("/api/revisions/1/revert", "POST"), ("/api/history/events", "POST"), ("/api/commitments", "POST"),
    ("/api/revisions", "GET"), ("/upload", "GET")])
def test_a_cross_origin_change_stays_refused_at_its_preflight(client, url, method):
    """A preflight for a change, or for an editor's page, is answered without any CORS header,
    so the browser sends nothing (the write endpoints stay as they were)."""
    preflight = client.options(url, headers={"Origin": "https://x.example", "Access-Control-Request-Method": method,
                                             "Access-Control-Request-Headers": "authorization,content-type"})
    assert not {name for name in preflight.headers.keys() if name.lower().startswith("access-control-")}, url


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
    assert older.status_code == 200 and _unstamped(older.data) == _unstamped(first.data)


def _unstamped(body: bytes) -> bytes:
    """A body without the OGC items' `timeStamp` (when the response was made, to the second):
    two answers a second apart differ there alone."""
    return re.sub(rb'"timeStamp":"[^"]*"', b'"timeStamp":""', body)


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


@pytest.mark.parametrize("url, headers", [
    ("/ogc/collections?f=html", {}), ("/ogc/collections/checkpoints", {"Accept": "text/html"}),
    ("/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=html", {}), ("/api/search?q=bavet", {}),
    # A province: a gate pair has no name of its own in Khmer (its gates' names are not its, 24a #9).
    ("/api/layers/provinces-kh/search?q=svay", {})])
def test_a_page_in_the_readers_language_is_validated_in_that_language(client, url, headers):
    """Review 12, N4: the OGC pages in English, Khmer and Vietnamese carried one ETag and
    `Vary: Accept` alone, so a Khmer request revalidating the English page's tag got 304 and a
    cache kept showing the English page. The searches name layers in the reader's language too."""
    answers = {lang: client.get(url, headers={**headers, "Accept-Language": lang}) for lang in ("en", "km", "vi")}
    assert answers["km"].data != answers["en"].data
    assert len({answer.headers["ETag"] for answer in answers.values()}) == 3
    for lang, answer in answers.items():
        assert {"Accept-Language"} <= {part.strip() for part in answer.headers["Vary"].split(",")}, lang
    english = answers["en"].headers["ETag"]
    khmer = client.get(url, headers={**headers, "Accept-Language": "km", "If-None-Match": english})
    assert khmer.status_code == 200 and khmer.data == answers["km"].data
    again = client.get(url, headers={**headers, "Accept-Language": "en-GB,en;q=0.9", "If-None-Match": english})
    assert again.status_code == 304 and "Accept-Language" in again.headers["Vary"]
    # Named in the address, the language is the address's: no Accept-Language in Vary, one tag.
    joined = "&" if "?" in url else "?"
    named = [client.get(f"{url}{joined}lang=vi", headers={**headers, "Accept-Language": lang}) for lang in ("en", "km")]
    assert named[0].headers["ETag"] == named[1].headers["ETag"] and named[0].data == named[1].data
    assert "Accept-Language" not in named[0].headers.get("Vary", "")


def test_a_json_document_is_one_whatever_the_language(client):
    """The OGC API's JSON documents are the same in every language: one tag, no Accept-Language
    in Vary (a GIS client on a Khmer system shares the English one's cache)."""
    for url in ("/ogc/collections", "/ogc/collections/checkpoints/items?limit=2", "/api/layers"):
        answers = [client.get(url, headers={"Accept-Language": lang}) for lang in ("en", "km")]
        assert answers[0].data == answers[1].data and answers[0].headers["ETag"] == answers[1].headers["ETag"]
        assert "Accept-Language" not in answers[0].headers.get("Vary", ""), url
    tag = client.get("/ogc/collections").headers["ETag"]
    unchanged = client.get("/ogc/collections", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.headers["Vary"] == "Accept"  # as its 200 says


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
    assert "/ogc/collections/" in message and ("limit" in message or "bbox" in message or "offset" in message)


def test_link_headers_where_they_apply(client):
    item = client.get("/ogc/collections/checkpoints/items/cp-bavet-moc-bai")
    assert item.headers["Link"] == '<http://localhost/ogc/collections/checkpoints>; rel="collection"'
    page = client.get("/ogc/collections/checkpoints/items?limit=2")
    assert 'rel="next"' in page.headers["Link"]
    for url in ("/api/layers/checkpoints.geojson", "/api/layers/checkpoints.gpkg", "/api/commitments.csv"):
        assert client.get(url).headers["Link"] == '<http://localhost/api/licences>; rel="license"', url


@pytest.mark.parametrize("url", ["/api/layers/checkpoints.geojson?format=zip", "/api/layers/checkpoints.gpkg?x=1",
                                 "/api/bordermap.gpkg?layers=a"])
def test_downloads_refuse_parameters_they_do_not_take(client, url):
    response = client.get(url)
    assert response.status_code == 400 and "unknown query parameter" in response.get_json()["message"]


def test_a_long_layer_title_is_cut_in_the_upload_pages_list(client):
    """Review 7, N1: a layer's whole title made each option of the upload page's layer list as
    wide as the title, past a phone's screen."""
    title = "Special economic zones named in the provincial master plans of Tay Ninh, Long An and Svay Rieng, 2021-2030"
    body = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}]}
    answer = client.post(f"/api/features?layer=zones&new_layer_title={title}", json=body,
                         headers={"Authorization": "Bearer test-editor-token"})
    assert answer.status_code == 201, answer.get_json()
    client.post("/unlock", data={"token": "test-editor-token"})
    html = client.get("/upload").get_data(as_text=True)
    option = re.search(r'<option value="zones">([^<]*)</option>', html).group(1)
    assert option.startswith("Special economic zones named in the") and "…" in option, option
    assert len(option) < 100 and option.endswith("(zones, 1 feature)")


def test_the_map_reads_the_history_compressed(client):
    """/api/history, which the map reads before it can say any status, went out uncompressed:
    67 KB where gzip makes 10 KB."""
    plain = client.get("/api/history")
    packed = client.get("/api/history", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 3


@pytest.mark.parametrize("url", ["/api/commitments", "/api/scorecard", "/api/commitments/c-pr71-27/history"])
def test_an_answer_as_of_today_is_not_kept_past_the_day(client, monkeypatch, url):
    """A commitment turns overdue or stale overnight with no change to the data: yesterday's tag
    or date does not get a 304 today. An answer for a named day keeps its tag."""
    import datetime

    from bordermap import tracking

    # Days after the store was made (its curated data's load is one of the times it changed).
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(tracking, "today", lambda: tomorrow.isoformat())
    first = client.get(url)
    named = client.get(url + "?at=2026-06-01")
    monkeypatch.setattr(tracking, "today", lambda: (tomorrow + datetime.timedelta(days=1)).isoformat())
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200
    again = client.get(url + "?at=2026-06-01", headers={"If-None-Match": named.headers["ETag"]})
    assert again.status_code == 304
