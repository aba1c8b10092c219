"""The bad-input corpus: each upload must be refused with a precise message and change nothing."""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import orjson
import pytest
import shapely

from bordermap import edits, ingest
from bordermap.curated import load_curated
from bordermap.errors import BordermapError
from bordermap.ingest import validate
from bordermap.ingest.parse import Limits
from bordermap.store import open_store
from bordermap_app import create_app

TOKEN = "corpus-editor-token"  # editor tokens are at least 16 characters
AUTH = {"Authorization": f"Bearer {TOKEN}"}
URL = "/api/features?layer=mine&new_layer_title=Mine"


def fc(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(geometry, properties=None, **members) -> dict:
    return {"type": "Feature", "properties": {} if properties is None else properties, "geometry": geometry, **members}


def point(x=105.5, y=11.5) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def polygon(ring) -> dict:
    return {"type": "Polygon", "coordinates": [ring]}


SQUARE = [[105.0, 11.0], [105.1, 11.0], [105.1, 11.1], [105.0, 11.1], [105.0, 11.0]]


def dumps(value) -> bytes:
    return orjson.dumps(value)


def deep(levels: int):
    value = "bottom"
    for _ in range(levels):
        value = {"x": value}
    return value


# (case id, request body, expected status, text the message or one problem must contain)
CORPUS = [
    # --- JSON syntax and encoding: 400 with the position
    ("truncated-json", b'{"type": "FeatureCollection",', 400, "not valid JSON at line 1, column 30"),
    ("trailing-comma", b'{"type": "Feature", "properties": {}, "geometry": null,}', 400, "trailing comma is not allowed"),
    ("nan-literal", b'{"type":"Feature","properties":{},\n"geometry":{"type":"Point","coordinates":[NaN, 1]}}', 400,
     "not valid JSON at line 2, column 43"),
    ("infinity-number", b'{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e999, 1]}}', 400,
     "number is infinity"),
    ("empty-body", b"", 400, "the file is empty"),
    ("invalid-utf8", b'{"type":"Feature","properties":{"name":"\xff"},"geometry":null}', 400, "not valid JSON"),
    ("lone-surrogate", b'{"type":"Feature","properties":{"name":"\\ud800"},"geometry":null}', 400, "surrogate"),
    # --- GeoJSON structure: 422 with the JSON path
    ("top-level-array", b"[1, 2]", 422, "(top level): expected a GeoJSON object, got [1, 2]"),
    ("bare-geometry", dumps(point()), 422, 'type: expected "Feature" or "FeatureCollection", got "Point"'),
    ("type-case", dumps({"type": "featurecollection", "features": []}), 422, 'types are case-sensitive: write "FeatureCollection"'),
    ("features-not-array", dumps({"type": "FeatureCollection", "features": {}}), 422, "features: expected an array of Features, got an object"),
    ("features-empty", dumps(fc()), 422, "features: expected at least one Feature, got an empty array"),
    ("feature-type-case", dumps(fc({"type": "feature", "properties": {}, "geometry": point()})), 422,
     'features[0].type: expected "Feature", got "feature"'),
    ("properties-missing", dumps(fc({"type": "Feature", "geometry": point()})), 422,
     "features[0].properties: expected an object or null, got nothing"),
    ("geometry-null", dumps(fc(feature(None))), 422, "features[0].geometry: expected a geometry object, got null"),
    ("geometry-type-case", dumps(fc(feature({"type": "point", "coordinates": [105, 11]}))), 422,
     'features[0].geometry.type: expected one of Point'),
    ("coordinates-missing", dumps(fc(feature({"type": "Point"}))), 422,
     "features[0].geometry.coordinates: expected the coordinates of a Point, got nothing"),
    ("id-boolean", dumps(fc(feature(point(), id=True))), 422, "features[0].id: expected a string or a number, got true"),
    ("duplicate-key", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
                      b'"geometry":{"type":"Point","type":"Polygon","coordinates":[105,11]}}]}', 422,
     "features[0].geometry: key 'type' appears 2 times"),
    # A repeated key wherever it is, on files the fast checks count the colons of and on others;
    # before any other problem of the file.
    ("duplicate-property", b'{"type":"FeatureCollection","features":[' + dumps(feature(point(), {"name": "A"})) +
     b',{"type":"Feature","properties":{"name":"B","name":"C"},"geometry":{"type":"Point","coordinates":[105,11]}}]}',
     422, "features[1].properties: key 'name' appears 2 times"),
    ("duplicate-feature-member", b'{"type":"FeatureCollection","features":[{"type":"Feature","type":"Feature",'
                                 b'"properties":{"a:b":"12:30"},"geometry":{"type":"Point","coordinates":[105,11]}}]}',
     422, "features[0]: key 'type' appears 2 times"),
    ("duplicate-top-level", b'{"type":"FeatureCollection","name":"x","name":"y","features":['
                            + dumps(feature(point(), {"name": "A"})) + b']}', 422, "(top level): key 'name' appears 2 times"),
    ("duplicate-hidden-by-escaped-colon", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                                          b'{"note":"12\\u003a30","note":"x"},"geometry":{"type":"Point","coordinates":[105,11]}}]}',
     422, "features[0].properties: key 'note' appears 2 times"),
    ("duplicate-before-other-problems", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                                        b'{"a":1,"a":2},"geometry":{"type":"Pointy","coordinates":[105,11]}}]}',
     422, "features[0].properties: key 'a' appears 2 times"),
    ("nesting-too-deep", dumps(fc(feature(point(), {"x": deep(40)}))), 422, "expected nesting of at most 32 levels"),
    ("nested-collection", dumps(fc(feature({"type": "GeometryCollection", "geometries": [
        {"type": "GeometryCollection", "geometries": [point()]}]}))), 422, "nesting them is not supported"),
    # --- positions and geometry
    ("position-one-number", dumps(fc(feature({"type": "Point", "coordinates": [105.5]}))), 422,
     "features[0].geometry.coordinates: expected a position of 2 or 3 numbers, got 1"),
    ("position-four-numbers", dumps(fc(feature({"type": "LineString", "coordinates": [[105, 11], [105.1, 11.1, 0, 7]]}))), 422,
     "features[0].geometry.coordinates[1]: expected a position of 2 or 3 numbers, got 4"),
    ("coordinate-string", dumps(fc(feature(point(), {}), feature({"type": "Point", "coordinates": [105.5, "11.5"]}))), 422,
     'features[1].geometry.coordinates[1]: expected a number, got "11.5"'),
    ("coordinate-boolean", dumps(fc(feature({"type": "MultiPoint", "coordinates": [[105.5, 11.5], [true_ := True, 11]]}))), 422,
     "features[0].geometry.coordinates[1][0]: expected a number, got true"),
    ("line-one-position", dumps(fc(feature({"type": "LineString", "coordinates": [[105, 11]]}))), 422,
     "features[0].geometry.coordinates: a line needs at least 2 positions, got 1"),
    ("ring-not-closed", dumps(fc(feature(polygon([[105.1, 11.2], [105.2, 11.2], [105.2, 11.3], [105.3, 11.2]])))), 422,
     "features[0].geometry.coordinates[0]: ring is not closed (first [105.1, 11.2], last [105.3, 11.2])"),
    ("ring-three-positions", dumps(fc(feature(polygon([[105, 11], [105.1, 11], [105, 11]])))), 422,
     "features[0].geometry.coordinates[0]: a ring needs at least 4 positions, got 3"),
    ("polygon-wrong-depth", dumps(fc(feature({"type": "Polygon", "coordinates": SQUARE}))), 422,
     "features[0].geometry.coordinates[0]: expected an array of positions, got a position [105.0, 11.0]"),
    ("self-intersection", dumps(fc(feature(polygon([[105, 11], [105.1, 11.1], [105.1, 11], [105, 11.1], [105, 11]])))), 422,
     "features[0].geometry: invalid Polygon: Self-intersection at [105.05, 11.05]"),
    ("longitude-out-of-range", dumps(fc(feature(point(200.5, 11)))), 422,
     "features[0].geometry.coordinates: expected a longitude within -180…180, got 200.5"),
    ("lat-lon-swapped", dumps(fc(feature(point(11.55, 104.92)))), 422,
     "positions look like [latitude, longitude] (first 11.55, second 104.92)"),
    # --- coordinate reference systems
    ("projected-without-crs", dumps(fc(feature(point(491_000, 1_268_000)))), 422,
     "numbers that look projected (x 491,000…491,000, y 1,268,000…1,268,000 in 1 feature(s)) and the file declares no CRS"),
    ("unknown-crs-member", dumps({**fc(feature(point())), "crs": {"type": "name", "properties": {"name": "EPSG:999999"}}}), 422,
     "crs.properties: unknown CRS EPSG:999999"),
    ("linked-crs-member", dumps({**fc(feature(point())), "crs": {"type": "link", "properties": {"href": "http://x"}}}), 422,
     "crs: expected a named CRS"),
    ("crs-not-a-code", None, 422, "crs (given with the upload): expected a CRS code such as EPSG:32648, got '+proj=utm'"),
    ("degrees-with-projected-crs", None, 422, "expected metres in EPSG:32648 (WGS 84 / UTM zone 48N)"),
    # --- known properties
    ("name-not-text", dumps(fc(feature(point(), {"name": 5}))), 422, "features[0].properties.name: expected text, got 5"),
    ("status-unknown", dumps(fc(feature(point(), {"status": "Open"}))), 422,
     'features[0].properties.status: expected one of open, inaugurated'),
    ("precision-negative", dumps(fc(feature(point(), {"location_precision": "approximate", "precision_m": -5}))), 422,
     "features[0].properties.precision_m: expected a positive number, got -5"),
    ("approximate-without-radius", dumps(fc(feature(point(), {"location_precision": "approximate"}))), 422,
     'features[0].properties.precision_m: expected a radius in metres when location_precision is "approximate"'),
    ("source-javascript-url", dumps(fc(feature(point(), {"sources": [{"title": "x", "url": "javascript:alert(1)"}]}))), 422,
     'features[0].properties.sources[0].url: expected an http:// or https:// address, got "javascript:alert(1)"'),
    ("sources-not-objects", dumps(fc(feature(point(), {"sources": ["a"]}))), 422,
     "features[0].properties.sources[0]: expected an object with title"),
    # --- hostile text
    ("control-character", dumps(fc(feature(point(), {"name": "a\u0000b"}))), 422,
     "features[0].properties.name: expected plain text, got a control character U+0000 at character 2"),
    ("bidi-override", dumps(fc(feature(point(), {"note": "abc\u202egpj.exe"}))), 422,
     "features[0].properties.note: expected plain text, got a control character U+202E"),
    ("text-too-long", dumps(fc(feature(point(), {"description": "x" * 10_001}))), 422,
     "features[0].properties.description: text is 10,001 characters long; the limit is 10,000"),
    # --- limits (this app: 50 features, 1,000 positions, 200,000 bytes)
    ("too-many-features", dumps(fc(*[feature(point()) for _ in range(51)])), 413, "the file holds 51 features; the limit is 50"),
    ("too-many-vertices", dumps(fc(feature({"type": "LineString", "coordinates": [[105 + i / 1e4, 11] for i in range(1001)]}))), 413,
     "the file holds 1,001 positions; the limit is 1,000"),
    # --- what the file is, when it is not UTF-8 GeoJSON text
    ("gzip", gzip.compress(dumps(fc(feature(point())))), 400,
     "the file is gzip-compressed, not GeoJSON text: decompress it (gunzip)"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", 400, "the file is a ZIP archive that cannot be opened"),
    ("multipart", b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.geojson"\r\n\r\n'
                  + dumps(fc(feature(point()))) + b"\r\n--xyz--\r\n", 400,
     "this is a multipart form upload; send the GeoJSON file itself as the body"),
    ("latin-1", '{"type":"Feature","properties":{"name":"Tây Ninh"},"geometry":null}'.encode("latin-1"), 400,
     "not valid JSON at line 1, column 42 (byte 41): byte 0xE2 is not UTF-8 text; the file may be in Latin-1"),
    ("utf-16-broken", "\ufeff{}".encode("utf-16-le") + b"\x00\xd8", 400,
     "the file looks like UTF-16 (little-endian) text but byte 6 is not valid UTF-16 (little-endian)"),
    ("huge-coordinate", b'{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e308,11]}}', 422,
     "feature.geometry.coordinates: 1e+308 is not a coordinate in any CRS"),
    ("huge-integer-coordinate", b'{"type":"Feature","properties":{},"geometry":{"type":"Point",'
                                b'"coordinates":[123456789012345678901234567890,11]}}', 422,
     "feature.geometry.coordinates[0]: expected a number, got an integer of 30 digits"),
    ("huge-integer-radius", b'{"type":"Feature","properties":{"location_precision":"approximate",'
                            b'"precision_m":123456789012345678901234567890},"geometry":{"type":"Point",'
                            b'"coordinates":[105,11]}}', 422,
     "feature.properties.precision_m: expected a positive number, got an integer of 30 digits"),
    ("projected-with-degrees-crs", dumps({**fc(feature(point(491_000, 1_268_000))),
                                          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}),
     422, "look projected (x 491,000…491,000, y 1,268,000…1,268,000 in 1 feature(s)) and the CRS is OGC:CRS84 "
          "(WGS 84 (CRS84)), which is in degrees; give the projected CRS instead"),
    ("id-control-character", dumps(fc(feature(point(), id="a\u202eb"))), 422,
     "features[0].id: expected plain text, got a control character U+202E at character 2: remove it"),
    ("properties-id-too-long", dumps(fc(feature(point(), {"id": "x" * 1_001}))), 422,
     "features[0].properties.id: text is 1,001 characters long; the limit is 1,000"),
    # --- RFC 7946: bbox, reserved member names, depth inside geometries
    ("bbox-wrong-length", dumps(fc(feature(point(), bbox=[105, 11, 106]))), 422,
     "features[0].bbox: expected an array [west, south, east, north] (or 6 numbers with elevations), got 3 item(s)"),
    ("bbox-south-above-north", dumps(fc(feature(point(), bbox=[105, 12, 106, 11]))), 422,
     "features[0].bbox: south (12) is greater than north (11); expected [west, south, east, north]"),
    ("bbox-strings", dumps(fc(feature(point(), bbox=["105", 11, 106, 12]))), 422,
     'features[0].bbox[0]: expected a number, got "105"'),
    ("bbox-not-an-array", dumps({**fc(feature(point())), "bbox": "105,11,106,12"}), 422,
     'bbox: expected an array [west, south, east, north]'),
    ("bbox-misses-geometry", dumps({**fc(feature(point())), "bbox": [100, 0, 101, 1]}), 422,
     "bbox: [100,0,101,1] does not contain its geometry, whose bounds are [105.5, 11.5, 105.5, 11.5]; "
     "correct the bbox or remove it"),
    # The key written with an escape: the same member, found whether or not the features took the fast path.
    ("bbox-escaped-misses-geometry", dumps({**fc(feature(point())), "bbox": [100, 0, 101, 1]}).replace(b'"bbox"', b'"\\u0062box"'),
     422, "bbox: [100,0,101,1] does not contain its geometry"),
    ("feature-bbox-escaped-wrong", dumps(fc(feature(point(), bbox=[105, 12, 106, 11]))).replace(b'"bbox"', b'"\\u0062box"'),
     422, "features[0].bbox: south (12) is greater than north (11)"),
    ("geometry-bbox-misses-geometry", dumps(fc(feature({**polygon(SQUARE), "bbox": [105.0, 11.0, 105.05, 11.1]}))), 422,
     "features[0].geometry.bbox: [105.0,11.0,105.05,11.1] does not contain its geometry"),
    ("coordinates-on-feature", dumps(fc(feature(point(), coordinates=[105, 11]))), 422,
     'features[0].coordinates: a Feature must not have a "coordinates" member (RFC 7946 §7.1); remove or rename it'),
    ("geometry-on-collection", dumps({**fc(feature(point())), "geometry": point()}), 422,
     'geometry: a FeatureCollection must not have a "geometry" member (RFC 7946 §7.1)'),
    ("properties-on-collection", dumps({**fc(feature(point())), "properties": {}}), 422,
     'properties: a FeatureCollection must not have a "properties" member'),
    ("properties-on-geometry", dumps(fc(feature({**point(), "properties": {"a": 1}}))), 422,
     'features[0].geometry.properties: a geometry must not have a "properties" member'),
    ("features-on-geometry-part", dumps(fc(feature({"type": "GeometryCollection", "geometries": [{**point(), "features": []}]}))),
     422, 'features[0].geometry.geometries[0].features: a geometry must not have a "features" member'),
    ("deep-member-in-geometry", json.dumps(fc(feature({**point(), "x": deep(900)}))).encode(), 422,
     "features[0].geometry" + ".x" * 29 + ": expected nesting of at most 32 levels"),
    ("deep-member-in-collection-part", dumps(fc(feature({"type": "GeometryCollection", "geometries": [{**point(), "x": deep(40)}]}))),
     422, "features[0].geometry.geometries[0]" + ".x" * 27 + ": expected nesting of at most 32"),
    ("outside-the-crs-area", dumps({**fc(feature(point(4e7, 1e6))), "crs": {"type": "name", "properties": {"name": "EPSG:32648"}}}),
     422, "features[0].geometry.coordinates: could not be reprojected: the positions lie outside the area where the CRS is defined"),
    ("body-too-large", dumps(fc(feature(point(), {"description": "x" * 9_000}))) + b" " * 200_000, 413,
     "the request body is larger than the limit of 200,000 bytes"),
]
EXTRA_QUERY = {"crs-not-a-code": ("+proj=utm", dumps(fc(feature(point())))),
               "degrees-with-projected-crs": ("EPSG:32648", dumps(fc(feature(point()))))}


LIMITS = Limits(max_bytes=200_000, max_features=50, max_vertices=1_000)
# Refused by the web layer before the pipeline sees the body: checked over HTTP only.
HTTP_ONLY = {"body-too-large"}
# A few cases go over HTTP too, to show the API answers with the pipeline's error.
OVER_HTTP = ["truncated-json", "ring-not-closed", "too-many-features", "body-too-large"]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """One store for the whole corpus: planning an import only reads it."""
    return open_store(tmp_path_factory.mktemp("corpus") / "instance", load_curated())


@pytest.fixture(scope="module")
def baseline(corpus_store) -> str:
    """The corpus store as every case must leave it."""
    return snapshot(corpus_store)


@pytest.fixture(scope="module")
def limited_app(tmp_path_factory):
    return create_app({
        "TESTING": True, "INSTANCE_PATH": str(tmp_path_factory.mktemp("limited") / "instance"),
        "EDITOR_TOKEN": TOKEN, "MAX_FEATURES": "50", "MAX_VERTICES": "1000", "MAX_UPLOAD_BYTES": "200000",
    })


def snapshot(store) -> str:
    """Everything a user could see change: layers, features, links, revisions."""
    state = {
        "layers": [layer.to_dict() for layer in store.layers()],
        "features": store.features(),
        "commitments": store.commitments(),
        "history": [revision.to_dict() for revision in store.history()],
    }
    return hashlib.sha256(orjson.dumps(state)).hexdigest()


def plan(body: bytes, store, crs: str | None = None, limits: Limits = LIMITS, **options):
    """Plan an import into a new layer, as `POST /api/features?layer=mine&new_layer_title=Mine` does."""
    return ingest.plan_import(body, layer="mine", new_layer=ingest.make_layer("mine", title="Mine"),
                              crs=crs, limits=limits, store=store, **options)


def refusal(body: bytes, store, crs: str | None = None, **options) -> BordermapError:
    with pytest.raises(BordermapError) as caught:
        plan(body, store, crs, **options)
    return caught.value


def test_the_corpus_is_large_and_distinct():
    assert len(CORPUS) >= 25
    assert len({case[0] for case in CORPUS}) == len(CORPUS)
    assert len({case[1] for case in CORPUS if case[1] is not None}) == len([c for c in CORPUS if c[1] is not None])


@pytest.mark.parametrize("name,body,status,expected", [case for case in CORPUS if case[0] not in HTTP_ONLY],
                         ids=[case[0] for case in CORPUS if case[0] not in HTTP_ONLY])
def test_bad_input_is_refused_precisely_and_changes_nothing(corpus_store, baseline, name, body, status, expected):
    crs = None
    if name in EXTRA_QUERY:
        crs, body = EXTRA_QUERY[name]
    error = refusal(body, corpus_store, crs)
    assert error.status == status
    said = [error.message] + error.problems
    assert any(expected in line for line in said), said
    assert snapshot(corpus_store) == baseline


@pytest.mark.parametrize("name", OVER_HTTP)
def test_bad_input_over_http_is_refused_precisely_and_changes_nothing(limited_app, name):
    _, body, status, expected = next(case for case in CORPUS if case[0] == name)
    store = limited_app.extensions["bordermap.store"]
    before = snapshot(store)
    response = limited_app.test_client().post(URL, data=body, headers=AUTH)
    assert response.status_code == status, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["status"] == status
    said = [answer["message"]] + answer.get("problems", [])
    assert any(expected in line for line in said), said
    assert "Traceback" not in response.get_data(as_text=True)
    assert snapshot(store) == before


def test_every_problem_is_listed_not_only_the_first(corpus_store):
    body = dumps(fc(feature(point(), {"name": 1}), feature({"type": "Point", "coordinates": [1]}),
                    feature(point(), {"status": "done"})))
    error = refusal(body, corpus_store)
    paths = [problem.split(":")[0] for problem in error.problems]
    # Every property problem at once, and the geometries' problems with them (issue 14 §6), in the
    # file's order.
    assert paths == ["features[0].properties.name", "features[1].geometry.coordinates", "features[2].properties.status"]
    assert error.message.endswith("(and 2 more)")


def test_the_web_form_shows_problems_as_a_page(tmp_path):
    from io import BytesIO

    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "EDITOR_TOKEN": TOKEN,
                      "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    response = client.post("/upload", data={
        "token": TOKEN, "target": "new", "new_title": "Mine", "action": "check",
        "file": (BytesIO(dumps(fc(feature(polygon([[105.1, 11.2], [105.2, 11.2], [105.2, 11.3], [105.3, 11.2]]))))), "bad.geojson"),
    }, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "ring is not closed (first [105.1, 11.2], last [105.3, 11.2])" in html
    assert "The check found 1 problem" in html  # a check stores nothing: it does not say so (review 10, N1)


# ------------------------------------------------------------------------------- the one text rule
HOSTILE_TEXT = [
    ("x" * 200_000, "text is 200,000 characters long; the limit is"),
    ("map\u202egpj.geojson", "expected plain text, got a control character U+202E at character 4: remove it"),
    ("red\x1b[31m.geojson", "expected plain text, got a control character U+001B at character 4"),
    ("bell\x07.geojson", "expected plain text, got a control character U+0007 at character 5"),
    ("next\x85line", "expected plain text, got a control character U+0085 at character 5"),
    ("two\r\n 1  2026-01-01  forged", "expected one line of text, got a line break or tab U+000D at character 4"),
]
GOOD_BODY = dumps(fc(feature(point(), {"name": "Gate"})))


@pytest.mark.parametrize("value,expected", HOSTILE_TEXT, ids=["long", "bidi", "escape", "bell", "c1", "crlf"])
def test_every_stored_text_follows_the_one_text_rule(corpus_store, baseline, value, expected):
    """The file name, the author, a layer's title, the summary and properties are all checked alike."""
    error = refusal(GOOD_BODY, corpus_store, filename=value)
    assert error.status == 422 and f"filename: {expected}" in error.message
    with pytest.raises(BordermapError, match=f"new_layer_title: {re.escape(expected)}"):
        ingest.make_layer("mine", title=value)
    with pytest.raises(BordermapError, match=f"author: {re.escape(expected)}"):
        edits.author_name(value, "editor")
    planned = plan(GOOD_BODY, corpus_store)
    with pytest.raises(BordermapError, match=f"author: {re.escape(expected)}"):
        ingest.run_import(corpus_store, planned, author=value)
    planned.filename = value  # a plan made by other code is checked again before it is stored
    with pytest.raises(BordermapError, match=f"filename: {re.escape(expected)}"):
        ingest.run_import(corpus_store, planned, author="editor")
    assert snapshot(corpus_store) == baseline
    if "line break" not in expected:  # a description may hold line breaks, nothing else
        problem = refusal(dumps(fc(feature(point(), {"description": value}))), corpus_store,
                          limits=Limits(max_text=10_000)).problems[0]
        assert problem.startswith("features[0].properties.description: ") and expected.split(" the limit")[0] in problem


def test_property_names_are_one_line(corpus_store):
    error = refusal(dumps(fc(feature(point(), {"a\nb": "x"}))), corpus_store)
    assert error.problems == ["features[0].properties (the name of a property): expected one line of text, "
                              "got a line break or tab U+000A at character 2: put it on one line"]


def test_a_description_keeps_its_line_breaks(corpus_store):
    planned = plan(dumps(fc(feature(point(), {"description": "first line\r\n\tsecond"}))), corpus_store)
    assert planned.features[0]["properties"]["description"] == "first line\r\n\tsecond"


# ------------------------------------------------------------------------------- encodings, numbers, CRS
@pytest.mark.parametrize("encoding,name", [("utf-16", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)"),
                                           ("utf-32", "UTF-32 (little-endian)"), ("utf-32-be", "UTF-32 (big-endian)")])
def test_utf16_and_utf32_files_are_read_and_said_to_be(corpus_store, encoding, name):
    text = dumps(fc(feature(point(), {"name": "Tây Ninh ស្វាយរៀង"}))).decode()
    planned = plan(text.encode(encoding), corpus_store)
    assert planned.features[0]["properties"]["name"] == "Tây Ninh ស្វាយរៀង"
    assert f"(file): the file is in {name}; it was read as such and its text is kept as UTF-8" in \
        [str(w) for w in planned.warnings]


def test_integers_beyond_64_bits_are_kept_exactly_and_said_to_be(corpus_store):
    body = (b'{"type":"FeatureCollection","features":[{"type":"Feature","id":123456789012345678901234567890,'
            b'"properties":{"population":123456789012345678901234567890,"big":[-99999999999999999999]},'
            b'"geometry":{"type":"Point","coordinates":[105.5,11.5]}}]}')
    planned = plan(body, corpus_store)
    props = planned.features[0]["properties"]
    assert props["population"] == "123456789012345678901234567890"
    assert props["big"] == "[-99999999999999999999]"
    assert planned.features[0]["id"] == "123456789012345678901234567890"
    warnings = [str(w) for w in planned.warnings]
    assert "features[0].properties.population: holds an integer beyond 64 bits; kept exactly, as text" in warnings
    assert "features[0].properties.big: holds an integer beyond 64 bits; kept exactly, as JSON text" in warnings


def test_a_lone_feature_declaring_its_crs_is_reprojected(corpus_store):
    body = dumps({**feature(point(491_000, 1_268_000)), "crs": {"type": "name", "properties": {"name": "EPSG:32648"}}})
    planned = plan(body, corpus_store)
    assert planned.source_crs == "EPSG:32648"
    assert planned.report()["reprojected"] is True


def test_ids_bordermap_cannot_use_are_kept_whole_or_said_to_be_empty(corpus_store):
    long_id = "zone/" + "x" * 300
    body = dumps(fc(feature(point(), {"name": "long"}, id=long_id), feature(point(), {"name": "empty"}, id=""),
                    feature(point(), {"name": "float"}, id=1.5)))
    planned = plan(body, corpus_store)
    by_name = {f["properties"]["name"]: f for f in planned.features}
    assert by_name["long"]["properties"]["source_id"] == long_id  # whole, not quoted or cut
    assert by_name["float"]["properties"]["source_id"] == "1.5"
    assert "source_id" not in by_name["empty"]["properties"]
    warnings = [str(w) for w in planned.warnings]
    assert "id: 1 feature id(s) were empty: they get new ids on import" in warnings
    assert any(w.startswith("id: 2 feature id(s) were not usable as ids") for w in warnings)


# ------------------------------------------------------------------------------- rounding
# A hole whose first vertex lies 4 cm from its shell's slanted edge: valid as written, but
# rounding to 6 decimals (about 0.1 m) would push that vertex across the edge.
NEAR_SHELL = [[105.0, 11.0], [105.3, 11.0], [105.3, 11.1], [105.0, 11.0]]
NEAR_HOLE = [[105.1837469, 11.0612486], [105.25, 11.02], [105.25, 11.05], [105.1837469, 11.0612486]]


def stored_geometry(planned, i: int = 0):
    return shapely.from_geojson(orjson.dumps(planned.features[i]["geometry"]))


def test_a_valid_polygon_stays_valid_when_rounding_would_break_it(corpus_store):
    body = dumps(fc(feature({"type": "Polygon", "coordinates": [NEAR_SHELL, NEAR_HOLE]}), feature(polygon(SQUARE))))
    planned = plan(body, corpus_store)
    assert stored_geometry(planned).is_valid
    assert [105.1837469, 11.0612486] in orjson.loads(orjson.dumps(planned.features[0]["geometry"]))["coordinates"][1]
    assert "features[0].geometry: kept 7 decimals instead of 6: rounding to 6 (about 0.1 m) would make it invalid " \
           "(Self-intersection at [105.184, 11.0612])" in [str(w) for w in planned.warnings]
    assert not any(str(w).startswith("features[1]") for w in planned.warnings)  # others are rounded as before
    assert orjson.loads(orjson.dumps(planned.features[1]["geometry"]))["coordinates"][0][1] == [105.1, 11.0]


def test_a_polygon_invalid_in_the_file_is_blamed_on_the_file(corpus_store):
    bowtie = [[105.0, 11.0], [105.1, 11.1], [105.1, 11.0], [105.0, 11.1], [105.0, 11.0]]
    error = refusal(dumps(fc(feature(polygon(bowtie)))), corpus_store)
    assert error.problems == ["features[0].geometry: invalid Polygon: Self-intersection at [105.05, 11.05]; "
                              "ask for a repair to fix it (--repair, or the repair box)"]
    planned = plan(dumps(fc(feature(polygon(bowtie)))), corpus_store, repair=True)
    assert stored_geometry(planned).is_valid


# ------------------------------------------------------------------------------- bbox and the antimeridian
def test_a_sound_bbox_is_accepted_even_across_the_antimeridian(corpus_store):
    split = {"type": "MultiLineString", "coordinates": [[[179.5, 10.0], [180.0, 10.5]], [[-180.0, 10.5], [-179.5, 11.0]]]}
    body = dumps({**fc(feature(polygon(SQUARE), bbox=[105.0, 11.0, 105.1, 11.1]),
                       feature({**split, "bbox": [179.5, 10.0, -179.5, 11.0]}, bbox=[179.5, 10.0, 0.0, -179.5, 11.0, 0.0])),
                  "bbox": [105.0, 10.0, -179.5, 11.1]})
    planned = plan(body, corpus_store)
    assert len(planned.features) == 2
    assert not any("antimeridian" in str(w) for w in planned.warnings)


def test_a_line_that_jumps_across_the_antimeridian_is_warned_about(corpus_store):
    body = dumps(fc(feature({"type": "LineString", "coordinates": [[179.9, 10.0], [-179.9, 10.1]]})))
    warnings = [str(w) for w in plan(body, corpus_store).warnings]
    assert "features[0].geometry: a segment goes from longitude 179.9 to -179.9: maps draw it the long way round " \
           "the world; if it crosses the antimeridian, cut it there into two parts (RFC 7946 §3.1.9)" in warnings


def test_problems_of_every_kind_are_listed_at_once_in_the_files_order(corpus_store):
    """A file is not fixed one kind of mistake per upload: an unclosed ring, a latitude beyond 90
    and a polygon that crosses itself, in three features, are reported together, by feature."""
    bow_tie = {"type": "Polygon", "coordinates": [[[105, 11], [106, 12], [106, 11], [105, 12], [105, 11]]]}
    open_ring = {"type": "Polygon", "coordinates": [[[105, 11], [106, 11], [106, 12], [105.5, 12.5]]]}
    body = dumps(fc(feature(point()), feature(bow_tie), feature(point(105, 206.1)), feature(open_ring),
                    feature(point())))
    error = refusal(body, corpus_store)
    paths = [problem.split(":")[0] for problem in error.problems]
    assert paths == ["features[1].geometry", "features[2].geometry.coordinates", "features[3].geometry.coordinates[0]"]
    assert "Self-intersection" in error.problems[0] and "206.1" in error.problems[1]
    assert "ring is not closed" in error.problems[2]
    # Each alone is found as before.
    for index, geometry in ((1, bow_tie), (3, open_ring)):
        alone = refusal(dumps(fc(feature(geometry))), corpus_store)
        assert alone.problems[0].split(":", 1)[1] == error.problems[[1, 3].index(index) * 2].split(":", 1)[1]


def test_a_feature_with_a_propertys_error_still_has_its_positions_checked(corpus_store):
    body = dumps(fc(feature(point(105, 206.1), {"status": "done"}), feature(point())))
    paths = [problem.split(":")[0] for problem in refusal(body, corpus_store).problems]
    assert paths == ["features[0].properties.status", "features[0].geometry.coordinates"]


def test_feature_paths_are_written_when_asked_for_and_behave_as_the_list():
    """A collection's paths are written one by one as a problem names a feature; they index,
    slice, count and compare as the list of every path written beforehand did."""
    document = {"type": "FeatureCollection", "features": [{"type": "Feature"}] * 5}
    _, paths, _ = validate.check_document(document)
    written = [f"features[{i}]" for i in range(5)]
    assert isinstance(paths, validate.FeaturePaths)
    assert len(paths) == 5 and list(paths) == written and paths == written
    assert paths[0] == "features[0]" and paths[-1] == "features[4]" and paths[1:4:2] == written[1:4:2]
    assert [paths[i] for i in (3, 1)] == ["features[3]", "features[1]"]
    with pytest.raises(IndexError):
        paths[5]
    assert paths != written[:4] and paths != "features[0]"
