"""A file streamed a slice at a time (`ingest.stream`, the command line's big imports) gives the
plan a whole-file upload gives: the same features, warnings, and errors at the same places."""

from __future__ import annotations

import json

import orjson
import pytest

from bordermap.errors import BordermapError
from bordermap.ingest import make_layer, plan_import, read_upload, run_import, scanner, stream
from bordermap.store import SQLiteStore
from test_store_contract import curated

SLICE = 7  # features a slice: every test file here spans several


def village(i: int, **props) -> dict:
    return {"type": "Feature", "properties": {"name": f"Phum {i}", "population": 100 + i, **props},
            "geometry": {"type": "Point", "coordinates": [104 + (i % 50) / 100, 11 + (i % 40) / 100]}}


def collection(n: int = 40) -> dict:
    return {"type": "FeatureCollection", "features": [village(i) for i in range(n)]}


def awkward() -> dict:
    """A valid file of everything a scanner could trip on, and every kind of warning."""
    doc = collection(60)
    features = doc["features"]
    features[1]["properties"]["note"] = 'braces { } [ ] and "quotes" \\ and \\" in text'
    features[2]["properties"]["name_km"] = "ច្រកទ្វារអន្តរជាតិ មុនជ័យ {\"}"
    features[3]["properties"]["nested"] = {"a": [1, {"b": "]}"}], "c": {"d": None}}
    features[4]["properties"]["empty"] = None
    features[50]["properties"]["later"] = None
    features[5]["properties"]["commitments"] = ["x"]  # reserved: dropped with a warning
    for i, fid in ((6, "twin"), (55, "twin"), (8, 42), (9, ""), (10, "no spaces allowed"), (12, "p-12")):
        features[i]["id"] = fid
    features[13]["geometry"]["coordinates"] = [120.5, 30.25]  # far from the region
    features[57]["geometry"]["coordinates"] = [121.5, 31.25]
    features[14]["geometry"]["coordinates"] = [104.5, 11.5, 12.0]  # an elevation
    features[20]["geometry"] = {"type": "Polygon", "coordinates": [[[105, 11], [105, 11.1], [105.1, 11.1],
                                                                    [105.1, 11], [105, 11]]]}  # clockwise
    features[21]["properties"]["big"] = 10 ** 30
    doc["name"] = "ផ្លូវ [ { \" \\"
    return doc


def as_bytes(doc: dict, indent: bool = False) -> bytes:
    """The file, integers beyond 64 bits included (orjson cannot write them)."""
    return json.dumps(doc, ensure_ascii=False, indent=2 if indent else None).encode()


def outcome(plan_or_error) -> tuple:
    if isinstance(plan_or_error, BordermapError):
        return type(plan_or_error).__name__, plan_or_error.message, plan_or_error.problems
    plan = plan_or_error
    features = plan.features() if callable(plan.features) else list(plan.features)
    return ("plan", orjson.loads(orjson.dumps(features)), [str(w) for w in plan.warnings],
            orjson.loads(orjson.dumps(plan.report(5))))


def both(tmp_path, raw: bytes, store=None, **options) -> tuple[tuple, tuple]:
    path = tmp_path / "upload.geojson"
    path.write_bytes(raw)
    try:
        whole = plan_import(raw, layer="mine", store=store, filename="upload.geojson", **options)
    except BordermapError as error:
        whole = error
    try:
        streamed = stream.plan_file(path, layer="mine", store=store, slice_features=SLICE, **options)
    except BordermapError as error:
        streamed = error
    try:
        return outcome(whole), outcome(streamed)
    finally:
        if isinstance(streamed, stream.StreamPlan):
            streamed.close()


@pytest.fixture(autouse=True, params=[5, 1 << 20], ids=["5-byte-reads", "1-MB-reads"])
def reads(monkeypatch, request):
    """Reads of 5 bytes cut every string, escape and bracket between two reads (and the scan
    walks each feature a bracket at a time); reads of 1 MB take most features in one step."""
    monkeypatch.setattr(scanner, "BLOCK", request.param)


@pytest.mark.parametrize("indent", [False, True], ids=["compact", "indented"])
def test_an_awkward_file_streams_to_the_whole_files_plan(tmp_path, indent):
    raw = as_bytes(awkward(), indent)
    whole, streamed = both(tmp_path, raw)
    assert whole[0] == "plan"
    assert streamed == whole
    warnings = "\n".join(whole[2])
    for said in ("null) values were dropped: empty, later", "dropped commitments", "repeated within the file",
                 "were empty", "not usable as ids", "2 feature(s) lie outside", "features[13], features[57]",
                 "elevation", "winding", "beyond 64 bits"):
        assert said in warnings


def test_members_around_the_features_count_in_every_slice(tmp_path):
    doc = collection(30)
    text = orjson.dumps(doc)
    # crs after the features, a bbox, a byte order mark
    raw = b"\xef\xbb\xbf" + text[:-1] + b',"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}' \
        + b',"bbox":[104,11,104.5,11.4]}'
    whole, streamed = both(tmp_path, raw)
    assert whole[0] == "plan" and streamed == whole
    too_small = raw.replace(b'"bbox":[104,11,104.5,11.4]', b'"bbox":[104,11,104.1,11.1]')
    whole, streamed = both(tmp_path, too_small)
    assert whole[0] == "InvalidInput" and "bbox" in whole[1]
    assert streamed == whole
    projected = text.replace(b'"FeatureCollection",', b'"FeatureCollection","crs":{"type":"name",'
                             b'"properties":{"name":"EPSG:32648"}},')
    whole, streamed = both(tmp_path, projected)
    assert "look like longitude/latitude" in whole[1]
    assert streamed == whole


def test_an_id_repeated_in_far_apart_slices_is_found(tmp_path):
    doc = collection(50)
    doc["features"][1]["id"] = doc["features"][48]["id"] = "same"
    doc["features"][2]["id"] = "unique"
    whole, streamed = both(tmp_path, orjson.dumps(doc))
    assert streamed == whole
    ids = [f.get("id") for f in streamed[1]]
    assert ids[1] is None and ids[48] is None and ids[2] == "unique"
    assert streamed[1][48]["properties"]["source_id"] == "same"


def test_ids_already_in_the_store_are_found(tmp_path):
    store = SQLiteStore(tmp_path / "s.sqlite")
    store.sync_curated(curated())
    doc = collection(20)
    store.add_features("mine", [village(0)], author="a", summary="s", new_layer=make_layer("mine", title="Mine"))
    doc["features"][15]["id"] = "town"  # the curated feature's
    whole, streamed = both(tmp_path, orjson.dumps(doc), store=store)
    assert "already used in the store" in "\n".join(whole[2])
    assert streamed == whole
    store.close()


@pytest.mark.parametrize("damage", [
    "bad-geometry-late", "errors-in-two-slices", "missing-colon-late", "not-utf8-late", "unbalanced-late",
    "truncated", "null-feature", "not-a-feature", "too-deep",
])
def test_errors_name_the_same_places(tmp_path, damage):
    doc = collection(60)
    features = doc["features"]
    if damage == "bad-geometry-late":
        features[58]["geometry"]["coordinates"] = [105]
    elif damage == "errors-in-two-slices":
        features[3]["geometry"]["type"] = "point"
        features[44]["properties"]["name"] = 5
        features[59]["geometry"] = None
    elif damage == "null-feature":
        features.insert(40, None)
    elif damage == "not-a-feature":
        features[33]["type"] = "feature"
    elif damage == "too-deep":
        deep: list = []
        for _ in range(40):
            deep = [deep]
        features[47]["properties"]["deep"] = deep
    raw = orjson.dumps(doc, option=orjson.OPT_INDENT_2)
    late = raw.rfind(b'"population"')
    if damage == "missing-colon-late":
        raw = raw[:late] + b'"oops" 1,' + raw[late:]
    elif damage == "not-utf8-late":
        raw = raw[:late] + b'"caf\xe9": 1,' + raw[late:]
    elif damage == "unbalanced-late":
        raw = raw[:late] + b'"x": [1, 2},' + raw[late:]
    elif damage == "truncated":
        raw = raw[:-20]
    whole, streamed = both(tmp_path, raw)
    assert whole[0] != "plan"
    assert streamed == whole


def test_files_it_does_not_take_are_said(tmp_path):
    feature = orjson.dumps(village(1))
    for raw in (feature, orjson.dumps([village(1)]), orjson.dumps(collection(3)).decode().encode("utf-16"),
                b'{"type":"FeatureCollection","features":[]}', b'{"type":"FeatureCollection","features":[1,2]}'):
        path = tmp_path / "x.geojson"
        path.write_bytes(raw)
        with pytest.raises(stream.NotStreamable):
            stream.plan_file(path, layer="mine")


def test_a_streamed_plan_stores_what_the_whole_plan_stores_as_one_revision(tmp_path):
    raw = as_bytes(awkward())
    path = tmp_path / "upload.geojson"
    path.write_bytes(raw)
    stores = [SQLiteStore(tmp_path / f"{name}.sqlite") for name in ("whole", "streamed")]
    for store in stores:
        store.sync_curated(curated())
        store.add_features("mine", [village(0) | {"id": "p-12"}], author="a", summary="first",
                           new_layer=make_layer("mine", title="Mine"))
    whole = run_import(stores[0], plan_import(raw, layer="mine", store=stores[0], links=["c1"]), author="ana")
    with stream.plan_file(path, layer="mine", store=stores[1], links=["c1"], slice_features=SLICE) as plan:
        streamed = stream.store_plan(stores[1], plan, author="ana")
    assert (whole.summary, whole.action) == (streamed.summary, streamed.action)
    assert [r.id for r in stores[1].history()] == [streamed.id, 1]
    assert orjson.loads(orjson.dumps(stores[1].features("mine"))) == orjson.loads(orjson.dumps(stores[0].features("mine")))
    assert stores[1].commitment("c1")["user_features"] == stores[0].commitment("c1")["user_features"]
    stores[1].revert(streamed.id, author="ana")
    assert len(stores[1].features("mine")) == 1
    for store in stores:
        store.close()


def test_nothing_is_stored_when_a_late_slice_is_bad(tmp_path):
    doc = collection(60)
    doc["features"][59]["geometry"]["coordinates"] = [[1, 2]]
    path = tmp_path / "bad.geojson"
    path.write_bytes(orjson.dumps(doc))
    store = SQLiteStore(tmp_path / "s.sqlite")
    store.sync_curated(curated())
    with pytest.raises(BordermapError) as refused:
        stream.plan_file(path, new_layer=make_layer("", title="Villages"), store=store, slice_features=SLICE)
    assert refused.value.problems[0].startswith("features[59].geometry.coordinates")
    assert store.history() == [] and "villages" not in {layer.id for layer in store.layers()}
    store.close()


def test_the_scan_cuts_whole_features(tmp_path):
    raw = as_bytes(awkward())
    path = tmp_path / "a.geojson"
    path.write_bytes(raw)
    found = stream.scan(path, slice_features=SLICE)
    assert found.features == 60 and len(found.slices) == 9
    for first, end, n in found.slices:
        assert len(orjson.loads(b"[" + raw[first:end] + b"]")) == n
    assert read_upload.FAR_NAMED == 5  # the merged warning names as many as the whole file's


def as_sequence(doc: dict, separator: bytes) -> bytes:
    """The features as a GeoJSON text sequence (RFC 8142: each record after 0x1E) or one a line."""
    return b"".join((b"\x1e" if separator == b"\x1e" else b"") + json.dumps(feature, ensure_ascii=False).encode()
                    + b"\n" for feature in doc["features"])


def same_but_the_file(whole: tuple, streamed: tuple) -> bool:
    """Equal outcomes, but for the report's file name and SHA-256 (two files are compared)."""
    if whole[0] != "plan" or streamed[0] != "plan":
        return whole == streamed
    strip = {"file", "file_sha256"}
    return whole[:3] == streamed[:3] and {k: v for k, v in whole[3].items() if k not in strip} == \
        {k: v for k, v in streamed[3].items() if k not in strip}


@pytest.mark.parametrize("separator", [b"\x1e", b"\n"], ids=["text-sequence", "newline-delimited"])
@pytest.mark.parametrize("damage", [None, "bad-geometry-late", "same-id-far-apart"])
def test_a_sequence_of_features_plans_as_their_collection(tmp_path, separator, damage):
    doc = awkward()
    if damage == "bad-geometry-late":
        doc["features"][58]["geometry"]["coordinates"] = [105]
    elif damage == "same-id-far-apart":
        doc["features"][0]["id"] = doc["features"][59]["id"] = "again"
    path = tmp_path / "features.geojsons"
    path.write_bytes(as_sequence(doc, separator))
    try:
        whole = outcome(plan_import(as_bytes(doc), layer="mine", filename="features.geojsons"))
    except BordermapError as error:
        whole = outcome(error)
    try:
        with stream.plan_file(path, layer="mine", slice_features=SLICE) as plan:
            assert plan.scan.sequence
            streamed = outcome(plan)
    except BordermapError as error:
        streamed = outcome(error)
    assert same_but_the_file(whole, streamed)


def test_a_broken_record_is_placed_in_the_sequence(tmp_path):
    text = as_sequence(collection(30), b"\n")
    lines = text.splitlines(keepends=True)
    lines[24] = lines[24].replace(b'"population":', b'"population"', 1)
    path = tmp_path / "broken.geojsons"
    path.write_bytes(b"".join(lines))
    with pytest.raises(BordermapError) as refused:
        stream.plan_file(path, layer="mine", slice_features=SLICE)
    column = lines[24].index(b'"population"') + len(b'"population"') + 2
    assert refused.value.message.startswith(f"not valid JSON at line 25, column {column} ")
    path.write_bytes(b" ".join(line.rstrip(b"\n") for line in lines[:3]))  # no line breaks between records
    with pytest.raises(BordermapError) as refused:
        stream.plan_file(path, layer="mine")
    assert refused.value.message.startswith("not valid JSON at line 1")
