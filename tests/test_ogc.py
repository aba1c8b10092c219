"""OGC API – Features Part 1 at /ogc, tested after the standard's abstract tests (Annex A of
OGC 17-069r4: /conf/core/..., /conf/geojson/..., /conf/html/..., /conf/oas30/...)."""

from __future__ import annotations

import html
import re

import orjson
import pytest

from bordermap import ogc, ogc_items
from bordermap_app.resources import store

TOKEN = {"Authorization": "Bearer test-editor-token"}


def get_json(client, url, status=200, headers=None):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    return orjson.loads(response.data)


def rels(doc):
    """Links by relation; of several with one relation, the first (the JSON one)."""
    found = {}
    for link in doc["links"]:
        found.setdefault(link["rel"], link)
    return found


def upload(client, layer, features, title="My layer"):
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    response = client.post(f"/api/features?layer={layer}&new_layer_title={title}", data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)


def point(feature_id, lon, lat, **props):
    return {"type": "Feature", "id": feature_id, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": feature_id, **props}}


# ----------------------------------------------------------------------------- capabilities
def test_conf_core_root_success(client):
    doc = get_json(client, "/ogc/")
    links = rels(doc)
    assert links["service-desc"]["type"] == ogc.OPENAPI
    assert links["conformance"]["href"].endswith("/ogc/conformance")
    assert links["data"]["href"].endswith("/ogc/collections")
    assert links["self"]["type"] == "application/json" and links["alternate"]["type"] == "text/html"
    assert doc["title"]


def test_conf_core_conformance_success(client):
    doc = get_json(client, "/ogc/conformance")
    assert set(doc["conformsTo"]) == {
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/" + name
        for name in ("core", "oas30", "html", "geojson")} | {
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/" + name
        for name in ("create-replace-delete", "update", "optimistic-locking-etags", "features")}


def test_conf_oas30_oas_definition_and_impl(client):
    """The definition is OpenAPI 3.0 JSON, documents every path and every accepted parameter."""
    response = client.get("/ogc/api")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == ogc.OPENAPI
    doc = orjson.loads(response.data)
    assert doc["openapi"].startswith("3.0")
    for path in ("/", "/api", "/conformance", "/collections", "/collections/{collectionId}",
                 "/collections/{collectionId}/schema", "/collections/{collectionId}/items",
                 "/collections/{collectionId}/items/{featureId}"):
        assert "get" in doc["paths"][path], path
    checkpoints = doc["paths"]["/collections/checkpoints/items"]["get"]["parameters"]
    names = {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in checkpoints}
    assert {"bbox", "limit", "offset", "datetime", "f", "status", "name"} <= names
    limit = doc["components"]["parameters"]["limit"]["schema"]
    assert (limit["default"], limit["maximum"]) == (ogc.DEFAULT_LIMIT, ogc.MAX_LIMIT)


def test_conf_core_fc_md_items_and_extent(client):
    """Every layer, curated and user, is a collection with its items link and its extent."""
    upload(client, "mine", [point("a", 105.0, 11.0), point("b", 106.5, 12.25)])
    layers = get_json(client, "/api/layers")
    doc = get_json(client, "/ogc/collections")
    assert [c["id"] for c in doc["collections"]] == [layer["id"] for layer in layers]
    for item in doc["collections"]:
        assert rels(item)["items"]["href"].endswith(f"/ogc/collections/{item['id']}/items")
        assert item["itemType"] == "feature"
        assert item["extent"]["spatial"]["crs"] == ogc.CRS84
    mine = next(c for c in doc["collections"] if c["id"] == "mine")
    assert mine["extent"]["spatial"]["bbox"] == [[105.0, 11.0, 106.5, 12.25]]
    assert mine["numberOfFeatures"] == 2


def test_conf_core_sfc_md_success(client):
    whole = next(c for c in get_json(client, "/ogc/collections")["collections"] if c["id"] == "checkpoints")
    one = get_json(client, "/ogc/collections/checkpoints")
    assert {k: v for k, v in one.items() if k != "links"} == {k: v for k, v in whole.items() if k != "links"}
    assert rels(one)["self"]["href"].endswith("/ogc/collections/checkpoints?f=json")
    get_json(client, "/ogc/collections/no-such-layer", status=404)


def test_a_collection_links_the_schema_of_every_property_its_features_have(client):
    """Review 12, S1: a GIS client builds its fields from the first page unless the collection
    links a schema; a property only a later feature has (Phnom Penh's `name_vi`, feature 15 of
    provinces-kh) was lost. The schema lists every property, with the JSON types of its values."""
    upload(client, "mine", [point(f"p{i}", 105.0, 11.0, rank=i) for i in range(14)] + [
        point("late", 105.5, 11.5, rank=2.5, open=True, note="Chợ – ផ្សារ", tags=["a"], meta={"k": 1}, mixed=1),
        point("later", 105.6, 11.6, mixed="one")])
    for collection_id, late in (("provinces-kh", "name_vi"), ("mine", "note")):
        link = rels(get_json(client, f"/ogc/collections/{collection_id}"))["describedBy"]
        assert link["type"] == "application/schema+json"
        response = client.get(_local_path(link["href"]))
        assert response.status_code == 200 and response.mimetype == "application/schema+json"
        schema = orjson.loads(response.data)
        assert schema["$id"] == link["href"]
        assert schema["properties"]["type"] == {"type": "string", "enum": ["Feature"]}
        listed = schema["properties"]["properties"]["properties"]
        assert late in listed
        served = get_json(client, f"/ogc/collections/{collection_id}/items?limit=1000")["features"]
        assert set(listed) == {name for f in served for name in f["properties"]} - {"id"}
    assert listed == {"name": {"type": "string"}, "kind": {"type": "string"}, "rank": {"type": "number"},
                      "open": {"type": "boolean"},
                      "note": {"type": "string"}, "tags": {"type": "array"}, "meta": {"type": "object"},
                      "mixed": {"type": ["integer", "string"]}, "layer": {"type": "string"},
                      "commitments": {"type": "array"}}
    provinces = get_json(client, "/ogc/collections/provinces-kh/schema")["properties"]["properties"]["properties"]
    assert provinces["borders_other_country"] == {"type": "boolean"}
    assert provinces["precision_m"] == {"type": "integer"}
    get_json(client, "/ogc/collections/no-such-layer/schema", status=404)
    refused = client.get("/ogc/collections/mine/schema?f=html")
    assert refused.status_code == 400 and "the schema is JSON only" in refused.get_data(as_text=True)


# ----------------------------------------------------------------------------- items
def test_conf_core_fc_response_and_counts(client):
    doc = get_json(client, "/ogc/collections/provinces-vn-pre2025/items")
    assert doc["type"] == "FeatureCollection"
    assert doc["numberMatched"] == 63
    assert doc["numberReturned"] == len(doc["features"]) == 63
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["timeStamp"])


def test_conf_core_fc_limit_response(client):
    doc = get_json(client, "/ogc/collections/provinces-vn-pre2025/items?limit=5")
    assert doc["numberReturned"] == len(doc["features"]) == 5 and doc["numberMatched"] == 63
    # Above the maximum is no error: the maximum is used.
    doc = get_json(client, "/ogc/collections/provinces-vn-pre2025/items?limit=50000")
    assert doc["numberReturned"] == 63


def test_conf_core_fc_limit_default(app, client):
    upload(client, "many", [point(f"p{i}", 105 + i / 1000, 11.0) for i in range(ogc.DEFAULT_LIMIT + 5)])
    doc = get_json(client, "/ogc/collections/many/items")
    assert doc["numberReturned"] == ogc.DEFAULT_LIMIT and doc["numberMatched"] == ogc.DEFAULT_LIMIT + 5


def test_conf_core_fc_links_next_prev(client):
    """Following `next` from the first page visits every feature once; `prev` goes back."""
    expected = [f["id"] for f in get_json(client, "/ogc/collections/provinces-vn-pre2025/items?limit=100")["features"]]
    seen, url, pages = [], "/ogc/collections/provinces-vn-pre2025/items?limit=10", 0
    while url:
        doc = get_json(client, url)
        pages += 1
        seen += [f["id"] for f in doc["features"]]
        links = rels(doc)
        assert ("prev" in links) == (pages > 1)
        url = links["next"]["href"] if "next" in links else None
    assert seen == expected and pages == 7
    headers = client.get("/ogc/collections/provinces-vn-pre2025/items?limit=10&offset=10").headers["Link"]
    assert 'offset=20&f=json>; rel="next"' in headers and 'offset=0&f=json>; rel="prev"' in headers
    doc = get_json(client, "/ogc/collections/provinces-vn-pre2025/items?limit=10&offset=20")
    previous = get_json(client, rels(doc)["prev"]["href"])
    assert [f["id"] for f in previous["features"]] == expected[10:20]


def test_conf_core_fc_bbox_response(client):
    """Only features whose bounding box meets the bbox; six numbers and the antimeridian too."""
    checkpoints = get_json(client, "/ogc/collections/checkpoints/items")["features"]
    bavet = next(f for f in checkpoints if f["id"] == "cp-bavet-moc-bai")
    lon, lat = bavet["geometry"]["coordinates"]
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    doc = get_json(client, f"/ogc/collections/checkpoints/items?bbox={box}")
    assert [f["id"] for f in doc["features"]] == ["cp-bavet-moc-bai"] and doc["numberMatched"] == 1
    six = f"{lon - 0.01},{lat - 0.01},0,{lon + 0.01},{lat + 0.01},10"
    doc = get_json(client, f"/ogc/collections/checkpoints/items?bbox={six}")
    assert doc["numberMatched"] == 1
    # A box crossing the antimeridian (west 170, east -170) holds none of the border.
    assert get_json(client, "/ogc/collections/checkpoints/items?bbox=170,-10,-170,60")["numberMatched"] == 0
    # A line is found by a box that meets only its middle.
    assert get_json(client, "/ogc/collections/railways/items?bbox=105.5,10.9,105.6,11.6")["numberMatched"] == 1


def test_conf_core_fc_bbox_with_paging(client):
    everything = get_json(client, "/ogc/collections/provinces-kh/items?bbox=104,10,107,12")
    page = get_json(client, "/ogc/collections/provinces-kh/items?bbox=104,10,107,12&limit=3&offset=3")
    assert page["numberMatched"] == everything["numberMatched"] > 6
    assert [f["id"] for f in page["features"]] == [f["id"] for f in everything["features"]][3:6]
    assert "bbox=104%2C10%2C107%2C12" in rels(page)["next"]["href"]


def test_the_read_api_takes_a_bbox_too(client):
    """`/api/features?bbox=` answers what `/ogc/.../items?bbox=` does, whole and unpaged."""
    box = "104,10,107,12"
    ogc_ids = [f["id"] for f in get_json(client, f"/ogc/collections/provinces-kh/items?bbox={box}&limit=1000")["features"]]
    api = client.get(f"/api/features?layer=provinces-kh&bbox={box}")
    assert api.status_code == 200 and api.mimetype == "application/geo+json"
    assert [f["id"] for f in api.get_json()["features"]] == ogc_ids and len(ogc_ids) > 6
    everywhere = client.get(f"/api/features?bbox={box}").get_json()["features"]
    assert {f["properties"]["layer"] for f in everywhere} > {"provinces-kh", "checkpoints"}
    refused = client.get("/api/features?layer=provinces-kh&bbox=107,10,104")
    assert refused.status_code == 400 and refused.get_json()["message"].startswith("bbox: expected 4 or 6")
    assert client.get(f"/api/features?layer=nope&bbox={box}").status_code == 404


def test_property_filter(client):
    features = get_json(client, "/ogc/collections/checkpoints/items")["features"]
    wanted = [f["id"] for f in features if f["properties"]["status"] == "open"]
    doc = get_json(client, "/ogc/collections/checkpoints/items?status=open")
    assert [f["id"] for f in doc["features"]] == wanted and 0 < len(wanted) < len(features)
    doc = get_json(client, "/ogc/collections/checkpoints/items?status=open&checkpoint_type=international&limit=1")
    assert doc["numberMatched"] == sum(1 for f in features if f["properties"]["status"] == "open"
                                       and f["properties"]["checkpoint_type"] == "international")
    assert "status=open" in rels(doc)["next"]["href"]


def test_property_filter_numbers_and_booleans(client):
    upload(client, "typed", [point("a", 105, 11, population=12345, capital=True),
                             point("b", 105, 11, population=7, capital=False)])
    assert [f["id"] for f in get_json(client, "/ogc/collections/typed/items?population=12345")["features"]] == ["a"]
    assert [f["id"] for f in get_json(client, "/ogc/collections/typed/items?capital=false")["features"]] == ["b"]


def test_conf_core_fc_time_definition_and_response(client):
    """`datetime` is accepted and checked; no feature carries a time yet, so none matches."""
    for value in ("2025-12-08", "2025-12-08T09:00:00Z", "2025-01-01/..", "../2026-01-01T00:00:00%2B07:00"):
        doc = get_json(client, f"/ogc/collections/checkpoints/items?datetime={value}")
        assert doc["numberMatched"] == 0
    get_json(client, "/ogc/collections/checkpoints/items?datetime=yesterday", status=400)


@pytest.mark.parametrize("query, named", [
    ("colour=red", "'colour'"),
    ("limit=10&sortby=name&foo=1", "'foo', 'sortby'"),
    ("layer=checkpoints", "'layer'"),  # a computed property is no filter
])
def test_conf_core_query_param_unknown(client, query, named):
    doc = get_json(client, f"/ogc/collections/checkpoints/items?{query}", status=400)
    assert named in doc["message"]


@pytest.mark.parametrize("url", ["/ogc/?x=1", "/ogc/conformance?limit=1", "/ogc/collections?bbox=1,2,3,4",
                                 "/ogc/collections/checkpoints?q=a", "/ogc/api?y=2",
                                 "/ogc/collections/checkpoints/items/cp-bavet-moc-bai?limit=1"])
def test_conf_core_query_param_unknown_everywhere(client, url):
    assert get_json(client, url, status=400)["status"] == 400


@pytest.mark.parametrize("query, says", [
    ("limit=0", "limit"), ("limit=ten", "limit"), ("limit=-1", "limit"), ("offset=-5", "offset"),
    ("bbox=1,2,3", "bbox"), ("bbox=a,b,c,d", "bbox"), ("bbox=0,20,10,10", "bbox"), ("bbox=0,0,200,10", "bbox"),
    ("bbox=nan,0,1,1", "bbox"), ("f=xml", "f:"), ("limit=5&limit=6", "more than once"),
])
def test_conf_core_query_param_invalid(client, query, says):
    doc = get_json(client, f"/ogc/collections/checkpoints/items?{query}", status=400)
    assert says in doc["message"]


# ----------------------------------------------------------------------------- one feature
def test_conf_core_f_success_and_links(client):
    doc = get_json(client, "/ogc/collections/checkpoints/items/cp-bavet-moc-bai")
    assert doc["type"] == "Feature" and doc["id"] == "cp-bavet-moc-bai"
    links = rels(doc)
    assert links["self"]["type"] == "application/geo+json"
    assert links["collection"]["href"].endswith("/ogc/collections/checkpoints")
    related = links["related"]["href"]
    assert related.endswith("/api/commitments?feature=cp-bavet-moc-bai")
    commitments = get_json(client, related[related.index("/api/"):])
    assert commitments and {c["id"] for c in commitments} <= set(doc["properties"]["commitments"]) | {
        c["id"] for c in commitments}
    # Each feature of an items page links the same way.
    page = get_json(client, "/ogc/collections/checkpoints/items?limit=2")
    assert all(rels(f)["related"]["href"].endswith(f"feature={f['id']}") for f in page["features"])


def test_conf_core_f_op_not_found(client):
    get_json(client, "/ogc/collections/checkpoints/items/no-such-feature", status=404)
    # A feature of another collection is not this collection's.
    get_json(client, "/ogc/collections/places/items/cp-bavet-moc-bai", status=404)
    get_json(client, "/ogc/collections/nope/items/cp-bavet-moc-bai", status=404)


def test_conf_geojson_content(client):
    response = client.get("/ogc/collections/checkpoints/items?limit=1")
    assert response.headers["Content-Type"] == "application/geo+json"
    response = client.get("/ogc/collections/checkpoints/items/cp-bavet-moc-bai")
    assert response.headers["Content-Type"] == "application/geo+json"


# ----------------------------------------------------------------------------- HTML
@pytest.mark.parametrize("url", ["/ogc/", "/ogc/conformance", "/ogc/api", "/ogc/collections",
                                 "/ogc/collections/checkpoints", "/ogc/collections/checkpoints/items",
                                 "/ogc/collections/checkpoints/items/cp-bavet-moc-bai"])
def test_conf_html_definition(client, url):
    """Every resource is HTML by `f=html` and by an Accept header that prefers it."""
    for response in (client.get(url + ("&" if "?" in url else "?") + "f=html"),
                     client.get(url, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})):
        assert response.status_code == 200
        assert response.mimetype == "text/html"
        assert "Accept" in response.headers["Vary"]
    assert client.get(url, headers={"Accept": "application/json"}).mimetype != "text/html"


def test_conf_html_content_and_escaping(client):
    upload(client, "html", [point("<b>x</b>", 105, 11, note="<script>alert(1)</script>")])
    page = client.get("/ogc/collections/html/items?f=html").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>x</b>" not in page
    page = client.get("/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=html").get_data(as_text=True)
    assert "Bavet – Moc Bai" in page and "/api/commitments?feature=cp-bavet-moc-bai" in page
    errors = client.get("/ogc/collections/nope?f=html")
    assert errors.status_code == 404 and errors.mimetype == "text/html"


def test_the_api_page_says_what_each_path_is_and_takes(client):
    """Each row of the API definition's page named its path only: what it is and its parameters
    were left empty (the template read `item.get`, the dict's own method)."""
    page = client.get("/ogc/api?f=html&lang=vi").get_data(as_text=True)
    rows = re.findall(r"<tr><td><code>GET ([^<]+)</code></td><td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td></tr>", page)
    found = {path: (html.unescape(what), parameters) for path, what, parameters in rows}
    assert found["/"] == ("The landing page", "f")
    assert found["/collections/{collectionId}/schema"] == ("The JSON Schema of a collection's features", "collectionId")
    assert found["/collections/checkpoints/items"][1].startswith("f, limit, offset, bbox, datetime, checkpoint_type")
    assert all(what and parameters for what, parameters in found.values())


def _rows(page: str) -> dict[str, str]:
    """A page's tables of properties as a reader sees them: name → the value's text."""
    return {html.unescape(name): html.unescape(re.sub(r"<[^>]+>", "", shown)) for name, shown in
            re.findall(r'<tr><th scope="row"[^>]*>([^<]+)</th><td[^>]*>(.*?)</td></tr>', page)}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_html_pages_show_values_as_written_in_json(client, lang):
    """Review 12, S4: a Vietnamese source title inside a value showed as \\u escapes
    ("Khai tr\\u01b0\\u01a1ng"), and booleans as Python writes them ("True")."""
    upload(client, "mine", [point("m1", 105, 11, open=True, shut=False, note="Chợ – ផ្សារ",
                                  meta={"nơi": "<b>Tây Ninh</b>", "ok": True, "n": None, "ids": [1, 2.5]})])
    page = client.get(f"/ogc/collections/checkpoints/items/cp-binh-hiep?f=html&lang={lang}").get_data(as_text=True)
    rows = _rows(page)
    assert '"title": "Khai trương cặp cửa khẩu quốc tế Bình Hiệp-Brây Vo"' in rows["sources"]
    assert "Viet Nam's administrative units" in rows["sources"]
    assert rows["highlight"] == "false"
    assert "\\u" not in page
    listed = client.get(f"/ogc/collections/checkpoints/items?f=html&lang={lang}&limit=20").get_data(as_text=True)
    assert "\\u" not in listed and "Khai trương cặp cửa khẩu" in listed
    page = client.get(f"/ogc/collections/mine/items/m1?f=html&lang={lang}").get_data(as_text=True)
    rows = _rows(page)
    assert (rows["open"], rows["shut"], rows["note"]) == ("true", "false", "Chợ – ផ្សារ")
    assert rows["meta"] == '{"nơi": "<b>Tây Ninh</b>", "ok": true, "n": null, "ids": [1, 2.5]}'
    assert "<b>Tây Ninh</b>" not in page  # shown as text, escaped as ever
    assert rows["commitments"] == "[]"


# ----------------------------------------------------------------------------- library
def test_library_items_without_http(app):
    with app.app_context():
        doc = ogc_items.items(store(), "http://example.org/ogc", "checkpoints", {"limit": "3", "offset": "12"})
    assert doc["numberReturned"] == 2 and doc["numberMatched"] == 14
    assert {link["rel"] for link in doc["links"]} == {"self", "alternate", "prev", "collection"}


def test_geometry_bbox():
    assert ogc.geometry_bbox({"type": "Polygon", "coordinates": [[[1, 2], [3, 2], [3, 5], [1, 2]]]}) == (1, 2, 3, 5)
    assert ogc.geometry_bbox({"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [1, 1]},
        {"type": "LineString", "coordinates": [[-2, 0], [4, 3]]}]}) == (-2, 0, 4, 3)
    assert ogc.geometry_bbox(None) is None


def test_collection_links_to_every_download(client):
    doc = get_json(client, "/ogc/collections/checkpoints")
    enclosures = [link for link in doc["links"] if link["rel"] == "enclosure"]
    assert {link["href"].rsplit(".", 1)[-1] for link in enclosures} == {"geojson", "gpkg", "fgb", "csv", "kml", "zip"}
    for link in enclosures:
        response = client.get(link["href"][link["href"].index("/api/"):])
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]


def test_conf_oas30_every_reference_resolves(client):
    doc = get_json(client, "/ogc/api")
    refs = re.findall(r'"\$ref":"#/([^"]+)"', orjson.dumps(doc).decode())
    assert refs
    for ref in set(refs):
        node = doc
        for part in ref.split("/"):
            node = node[part]
    operation_ids = [op["operationId"] for path in doc["paths"].values() for op in path.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_a_collection_is_served_from_the_store_without_holding_its_features(app, client, monkeypatch):
    """A layer of a million points must not be read whole for its collection or a page of it:
    the counts, extent and pages come from the store's indexes, a property filter from one pass
    over the properties; and they follow a change to the layer, not to another one."""
    features = [point(f"v{i}", 104 + (i % 40) * 0.025, 10.5 + (i // 40) * 0.01, status="open" if i % 3 else "study",
                      rank=i) for i in range(400)]
    upload(client, "villages", features, title="Villages")
    kind = type(app.extensions["bordermap.store"])
    whole = kind.features
    monkeypatch.setattr(kind, "features", lambda self, *a, **k: pytest.fail("features() read whole"))
    doc = get_json(client, "/ogc/collections/villages")
    assert doc["numberOfFeatures"] == 400
    assert doc["extent"]["spatial"]["bbox"] == [[104.0, 10.5, 104 + 39 * 0.025, 10.5 + 9 * 0.01]]
    assert {"status", "rank", "name"} <= set(doc["queryables"])
    page = get_json(client, "/ogc/collections/villages/items?limit=7&offset=390")
    assert [f["id"] for f in page["features"]] == [f"v{i}" for i in range(390, 397)]
    assert page["numberMatched"] == 400 and page["numberReturned"] == 7
    studied = get_json(client, "/ogc/collections/villages/items?status=study&limit=5&offset=2")
    assert studied["numberMatched"] == len(range(0, 400, 3))
    assert [f["id"] for f in studied["features"]] == [f"v{i}" for i in range(6, 21, 3)]
    assert studied["features"][0]["properties"]["layer"] == "villages"
    # A feature moved and one deleted: the collection follows.
    monkeypatch.setattr(kind, "features", whole)
    response = client.delete("/api/features/v0", headers=TOKEN)
    assert response.status_code in (200, 204), response.get_data(as_text=True)
    doc = get_json(client, "/ogc/collections/villages")
    assert doc["numberOfFeatures"] == 399 and doc["extent"]["spatial"]["bbox"][0][1] == 10.5
    assert get_json(client, "/ogc/collections/villages/items?status=study")["numberMatched"] == len(range(3, 400, 3))


# ----------------------------------------------------------------------------- languages
def _local_path(href: str) -> str:
    return href[href.index("/", len("http://")):]


@pytest.mark.parametrize("language", ["km", "vi"])
def test_links_are_the_same_whatever_language_the_client_asks_for(client, language):
    """Accept-Language (sent by GIS clients and browsers on a Khmer or Vietnamese system) changes
    no address: every link of every resource is followable, and the same as without it."""
    asked = {"Accept-Language": language}
    for url in ("/ogc/?f=json", "/ogc/collections?f=json", "/ogc/collections/checkpoints?f=json",
                "/ogc/collections/checkpoints/items?limit=5&offset=5&f=json",
                "/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=json"):
        doc = get_json(client, url, headers=asked)
        assert doc["links"] == get_json(client, url)["links"]
        for link in doc["links"]:
            assert "lang=" not in link["href"], link
            if link["href"].startswith("http://localhost/ogc/"):
                assert client.get(_local_path(link["href"]), headers=asked).status_code == 200, link
    paged = client.get("/ogc/collections/checkpoints/items?limit=5&offset=5", headers=asked)
    assert "lang=" not in paged.headers["Link"]


@pytest.mark.parametrize("language", ["km", "vi"])
def test_the_html_pages_speak_the_chosen_language_and_switch(client, language):
    page = client.get(f"/ogc/collections/checkpoints/items?limit=2&f=html&lang={language}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert {"km": "ក្នុងចំណោម", "vi": "đối tượng phù hợp"}[language] in text
    assert "matching features" not in text
    switches = re.findall(r'href="([^"]+)" lang="(en|km|vi)" hreflang', text)
    assert {lang for _, lang in switches} == {"en", "km", "vi"}
    for href, _ in switches:  # the switcher's links answer, and keep the page's query
        answered = client.get(href.replace("&amp;", "&"))
        assert answered.status_code == 200 and answered.mimetype == "text/html", href
        assert "limit=2" in href


def test_a_download_linked_from_a_page_in_another_language_answers(app, client):
    """The upload page's download links (edit_api, downloads) carry no `lang`, which those refuse."""
    with app.test_request_context("/upload?lang=vi"):
        from flask import url_for

        for endpoint, values in (("edit_api.download_layer", {"layer_id": "checkpoints"}),
                                 ("downloads.dataset", {}),
                                 ("ogc.collections", {})):
            url = url_for(endpoint, **values)
            assert "lang=" not in url
            assert client.get(url).status_code == 200, url


def test_a_language_chosen_on_the_ogc_pages_is_kept_by_their_links(client):
    """Picking ខ្មែរ on an OGC page, then following "the next page", went back to English."""
    page = client.get("/ogc/collections/checkpoints/items?limit=2&f=html&lang=km").get_data(as_text=True)
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'<a href="([^"]+)"', page)]
    # Every link to another OGC page but the switcher's (which choose another language).
    ogc_links = [h for h in hrefs if "/ogc/" in h and "lang=en" not in h and "lang=vi" not in h]
    assert len(ogc_links) > 5 and all("lang=km" in h for h in ogc_links), ogc_links
    following = next(h for h in ogc_links if "offset=2" in h)
    answered = client.get(following[following.index("/ogc/"):])
    assert answered.status_code == 200 and 'lang="km"' in answered.get_data(as_text=True)
    # The JSON documents' links never carry it.
    assert "lang=" not in client.get("/ogc/collections/checkpoints/items?limit=2&lang=km&f=json").get_data(as_text=True)


@pytest.mark.parametrize("lang, next_page, features_of, whole_layer", [
    ("km", "ទំព័របន្ទាប់", "ធាតុនៃ ច្រកព្រំដែន", "ស្រទាប់ទាំងមូលជាឯកសារ CSV (ធរណីមាត្រជា WKT) មួយ"),
    ("vi", "trang sau", "các đối tượng của Cửa khẩu", "cả lớp trong một tệp CSV (hình học dạng WKT)"),
])
def test_the_ogc_pages_name_their_links_in_the_page_language(client, lang, next_page, features_of, whole_layer):
    """The OGC pages' links ("the next page", "the features of Checkpoints") read in the language
    chosen, the layer's title too; the JSON documents keep English titles, as clients expect."""
    def texts(url: str) -> list[str]:
        return re.findall(r'<a href="[^"]+" type="[^"]+">([^<]+)</a>', client.get(url).get_data(as_text=True))

    items = texts(f"/ogc/collections/checkpoints/items?limit=2&f=html&lang={lang}")
    assert next_page in items and "the next page" not in items
    collection = texts(f"/ogc/collections/checkpoints?f=html&lang={lang}")
    assert any(text.startswith(features_of) for text in collection), collection
    assert whole_layer in collection
    page = client.get(f"/ogc/collections/checkpoints?f=html&lang={lang}").get_data(as_text=True)
    assert "curated layer of" not in page and "Border checkpoints" not in page  # its description too
    assert ("១៤" if lang == "km" else "14") in page
    landing = client.get(f"/ogc/?f=html&lang={lang}").get_data(as_text=True)
    assert "what Cambodia and Viet Nam agree" not in landing and "The layers of the bordermap map" not in landing
    # Every link of these pages is in the page language (none is left as the English title).
    english = {link["title"] for url in ("/ogc/", "/ogc/collections/checkpoints", "/ogc/collections/checkpoints/items?limit=2")
               for link in client.get(url + ("&" if "?" in url else "?") + "f=json").get_json()["links"]}
    for url in ("/ogc/", "/ogc/collections/checkpoints", "/ogc/collections/checkpoints/items?limit=2"):
        shown = texts(url + ("&" if "?" in url else "?") + f"f=html&lang={lang}")
        assert not english & set(shown), english & set(shown)
    json_titles = [link["title"] for link in client.get("/ogc/collections/checkpoints/items?limit=2&f=json",
                                                         headers={"Accept-Language": lang}).get_json()["links"]]
    assert "the next page" in json_titles


def test_the_ogc_landing_page_keeps_the_language_in_its_own_links_and_every_tab_is_titled_in_it(client):
    """Review 7, S8: on /ogc/?f=html&lang=km the links to the landing page itself (/ogc?f=html)
    dropped the language, and the tab titles of the collections, conformance and API pages were
    'collections', 'conformance' and 'api'."""
    page = client.get("/ogc/?f=html&lang=km").get_data(as_text=True)
    own = [h.replace("&amp;", "&") for h in re.findall(r'<li><a href="([^"]+)"', page)]
    ogc_links = [h for h in own if "/ogc" in h]
    assert len(ogc_links) >= 5 and all("lang=km" in h for h in ogc_links), own
    for url, word in (("/ogc/collections", "collections"), ("/ogc/conformance", "conformance"), ("/ogc/api", "api")):
        title = re.search(r"<title>(.*?)</title>", client.get(f"{url}?f=html&lang=vi").get_data(as_text=True)).group(1)
        assert not title.startswith(word), title


def test_the_items_page_says_when_in_the_page_language(client):
    """Review 7, N9: the items page gave its time stamp raw inside a Khmer or Vietnamese sentence."""
    page = client.get("/ogc/collections/checkpoints/items?limit=1&f=html&lang=km").get_data(as_text=True)
    said = re.search(r"<h2>.*?</h2>\s*<p>(.*?)</p>", page, re.S).group(1)
    assert "T" not in said.replace("UTC", "") and not re.search(r"[0-9]", said), said  # Khmer digits, no ISO stamp
    assert re.search(r"[០-៩]{1,2}:[០-៩]{2} UTC", said), said


# Review 9: the feature pages' "commitments that name this feature" opened raw JSON (Khmer as \u
# escapes), with no way to the feature on the map; and the Vietnamese pages named places in English.
MAP_LINK = {"en": "See it on the map, with the commitments that name it", "km": "ផែនទី", "vi": "bản đồ"}


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("feature_id", ["cp-meun-chey-tan-nam", "cp-bavet-moc-bai"])
def test_a_feature_page_opens_its_place_on_the_map_and_says_its_commitments_link_is_json(client, lang, feature_id):
    page = client.get(f"/ogc/collections/checkpoints/items/{feature_id}?f=html&lang={lang}").get_data(as_text=True)
    anchors = dict((href.replace("&amp;", "&"), text) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', page))
    # The map with the feature selected, in the page's language: its popup lists the commitments.
    on_map = anchors.get(f"/?lang={lang}#feature={feature_id}")
    assert on_map is not None and MAP_LINK[lang] in on_map, anchors
    assert client.get(f"/?lang={lang}").status_code == 200
    # The JSON is still linked, and said to be JSON, for programs.
    as_json = anchors[f"http://localhost/api/commitments?feature={feature_id}"]
    assert "JSON" in as_json and {"en": "for programs", "km": "កម្មវិធី", "vi": "chương trình"}[lang] in as_json, as_json
    assert page.index(f"#feature={feature_id}") < page.index("<table")  # found before the property table


def test_the_feature_documents_keep_their_links_for_programs(client):
    """The JSON answers are what OGC clients read: the HTML pages' map link is not in them."""
    doc = get_json(client, "/ogc/collections/checkpoints/items/cp-meun-chey-tan-nam?f=json")
    assert [(link["rel"], link["title"]) for link in doc["links"]] == [
        ("self", "this document as JSON"), ("alternate", "this document as HTML"), ("collection", "its collection"),
        ("related", "the commitments that name this feature")]
    items = get_json(client, "/ogc/collections/checkpoints/items?limit=3")
    assert all("#feature=" not in link["href"] for f in items["features"] for link in f["links"])


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_each_feature_of_the_items_page_opens_on_the_map(client, lang):
    page = client.get(f"/ogc/collections/checkpoints/items?limit=4&f=html&lang={lang}").get_data(as_text=True)
    shown = re.findall(r'<a href="/\?lang=' + lang + r'#feature=([^"]+)">([^<]+)</a>', page)
    ids = [f["id"] for f in get_json(client, "/ogc/collections/checkpoints/items?limit=4")["features"]]
    assert [feature_id for feature_id, _ in shown] == ids
    assert all(text == {"en": "See it on the map", "km": "មើលវានៅលើផែនទី", "vi": "Xem trên bản đồ"}[lang]
               for _, text in shown), shown


def test_the_vietnamese_pages_name_places_as_the_map_does(client):
    """N6: the map says "Tân Nam – Meun Chey" in Vietnamese; the OGC pages said "Meun Chey – Tan Nam"."""
    page = client.get("/ogc/collections/checkpoints/items/cp-meun-chey-tan-nam?f=html&lang=vi").get_data(as_text=True)
    assert re.search(r"<title>Tân Nam – Meun Chey · ", page)
    assert re.search(r"<h2>Tân Nam – Meun Chey</h2>", page)
    # The English name beneath, marked as English; the property table keeps the stored name as data.
    assert '<p class="bm-hint" lang="en">Meun Chey – Tan Nam</p>' in page
    assert '<td class="bm-data" lang="en">Meun Chey – Tan Nam</td>' in page
    items = client.get("/ogc/collections/checkpoints/items?limit=14&f=html&lang=vi").get_data(as_text=True)
    headings = re.findall(r'<h3><a href="[^"]+">(.*?)</a></h3>', items)
    assert "Mộc Bài – Bavet" in headings and "Tân Nam – Meun Chey" in headings
    # A place no source names in Vietnamese keeps its English name, marked as English.
    assert '<span lang="en">Trapeang Sre – Hoa Lu</span>' in headings


def test_a_name_in_another_language_than_the_page_is_marked(client):
    km = client.get("/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=html&lang=km").get_data(as_text=True)
    assert '<h2><span lang="en">Bavet – Moc Bai</span></h2>' in km
    en = client.get("/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=html&lang=en").get_data(as_text=True)
    assert "<h2>Bavet – Moc Bai</h2>" in en and 'class="bm-hint" lang="en"' not in en
