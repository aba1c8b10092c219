"""Checks on the curated point and line layers written by geodata/scripts/build_features.py."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, shape

from bordermap.model import FEATURE_STATUSES

GEODATA = Path(__file__).parents[1] / "geodata"
FEATURE_FILES = ["checkpoints", "expressways", "railways", "corridors", "places"]
KINDS = {
    "checkpoints": {"checkpoint"},
    "expressways": {"expressway", "connecting-point"},
    "railways": {"railway"},
    "corridors": {"corridor"},
    "places": {"place"},
}
STATUSES = set(FEATURE_STATUSES)  # the one vocabulary, from the model
CHECKPOINT_IDS = {
    "cp-meun-chey-tan-nam", "cp-bavet-moc-bai", "cp-trapeang-phlong-xa-mat",
    "cp-trapeang-sre-hoa-lu", "cp-o-yadav-le-thanh", "cp-dak-dam-bu-prang",
    "cp-nam-lyr-dak-peur", "cp-prek-chak-ha-tien", "cp-phnom-den-tinh-bien",
    "cp-kaam-samnor-vinh-xuong", "cp-banteay-chakrey-dinh-ba", "cp-kaoh-roka-thuong-phuoc",
    "cp-binh-hiep", "cp-chrey-thom-khanh-binh",
}
PLACE_IDS = {
    "place-phnom-penh", "place-ho-chi-minh-city", "place-siem-reap", "place-bavet",
    "place-prey-veng-town", "place-tay-ninh-town", "place-svay-rieng-town", "place-neak-loeung",
    "place-ha-noi",
}
NEAR_M = 2_000
_TO_METRIC = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)


def metric(geom):
    """Reproject to UTM 48N so that distances come out in metres."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_METRIC.transform(xy[:, 0], xy[:, 1])))


def load(name):
    return json.loads((GEODATA / f"{name}.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def features():
    return {name: load(name)["features"] for name in FEATURE_FILES}


@pytest.fixture(scope="module")
def by_id(features):
    return {f["id"]: f for feats in features.values() for f in feats}


@pytest.fixture(scope="module")
def boundary_m():
    geoms = [shape(f["geometry"]) for f in load("boundary")["features"]]
    return metric(shapely.union_all(geoms))


@pytest.fixture(scope="module")
def provinces_m():
    out = {}
    for name in ("provinces-kh", "provinces-vn", "provinces-vn-pre2025"):
        for f in load(name)["features"]:
            out[f["id"]] = metric(shape(f["geometry"]))
    return out


def positions(geometry):
    """All [lon, lat] positions of a Point or LineString."""
    coords = geometry["coordinates"]
    return [coords] if geometry["type"] == "Point" else coords


def decimals(value):
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


@pytest.mark.parametrize("name", FEATURE_FILES)
def test_file_is_rfc7946_feature_collection(name):
    raw = (GEODATA / f"{name}.geojson").read_bytes()
    data = json.loads(raw.decode("utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data, "RFC 7946 drops the crs member"
    ids = [f["id"] for f in data["features"]]
    assert ids == sorted(ids), f"{name}: features not sorted by id"
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    for i, f in enumerate(data["features"]):
        where = f"{name}.features[{i}] ({f.get('id')})"
        assert f["type"] == "Feature", where
        assert f["geometry"]["type"] in {"Point", "LineString"}, where
        assert f["id"] == f["properties"]["id"], where
        assert re.fullmatch(r"[a-z0-9-]+", f["id"]), where
        if f["geometry"]["type"] == "LineString":
            assert len(f["geometry"]["coordinates"]) >= 2, where
        for pos in positions(f["geometry"]):
            assert len(pos) == 2, f"{where}: position {pos} is not [lon, lat]"
            lon, lat = pos
            assert -180 <= lon <= 180 and -90 <= lat <= 90, f"{where}: {pos} out of range"
            # Everything here lies in mainland South-East Asia: catches swapped [lat, lon].
            assert 99 < lon < 110 and 8 < lat < 23, f"{where}: {pos} looks like [lat, lon]"
            assert decimals(lon) <= 6 and decimals(lat) <= 6, f"{where}: {pos} has > 6 decimals"


@pytest.mark.parametrize("name", FEATURE_FILES)
def test_every_feature_has_schema_properties(name, features):
    for f in features[name]:
        p, where = f["properties"], f"{name}:{f['id']}"
        assert p["kind"] in KINDS[name], where
        for key in ("name", "description"):
            assert isinstance(p.get(key), str) and p[key].strip(), f"{where}: {key} missing"
        assert p["location_precision"] in {"exact", "approximate"}, where
        if p["location_precision"] == "approximate":
            assert isinstance(p.get("precision_m"), int) and p["precision_m"] > 0, where
        if "status" in p:
            assert p["status"] in STATUSES, where
        if "status_date" in p:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", p["status_date"]), where
        assert p["sources"], f"{where}: no sources"
        for s in p["sources"]:
            for key in ("title", "publisher", "date"):
                assert isinstance(s.get(key), str) and s[key].strip(), f"{where}: source {key}"
            if "url" in s:
                assert s["url"].startswith(("http://", "https://")), where


def test_all_fourteen_gate_pairs_present(features):
    cps = features["checkpoints"]
    assert {f["id"] for f in cps} == CHECKPOINT_IDS
    for f in cps:
        p = f["properties"]
        assert f["geometry"]["type"] == "Point"
        assert p["gate_kh"] and p["gate_vn"], f["id"]
        assert p["checkpoint_type"] in {"international", "main", "secondary", "unconfirmed"}
        assert p["province_kh"].startswith("kh-") and p["province_vn"].startswith("vn-")
        assert p["province_vn_pre2025"].startswith("vn-pre2025-")
        assert p["location_precision"] == "approximate", "no source gives gate coordinates"


def test_checkpoint_provinces_exist(features, provinces_m):
    for f in features["checkpoints"]:
        p = f["properties"]
        for key in ("province_kh", "province_vn", "province_vn_pre2025"):
            assert p[key] in provinces_m, f"{f['id']}: {key} {p[key]!r} is not a province id"


def test_checkpoints_sit_on_the_boundary(features, boundary_m):
    for f in features["checkpoints"]:
        d = boundary_m.distance(metric(shape(f["geometry"])))
        assert d <= NEAR_M, f"{f['id']} is {d:.0f} m from the boundary line"


def test_checkpoints_touch_both_named_provinces(features, provinces_m):
    for f in features["checkpoints"]:
        pt, p = metric(shape(f["geometry"])), f["properties"]
        for key in ("province_kh", "province_vn", "province_vn_pre2025"):
            d = provinces_m[p[key]].distance(pt)
            assert d <= NEAR_M, f"{f['id']} is {d:.0f} m from {p[key]}"


def test_only_meun_chey_tan_nam_is_highlighted(features):
    highlighted = [f["id"] for f in features["checkpoints"] if f["properties"].get("highlight")]
    assert highlighted == ["cp-meun-chey-tan-nam"]
    p = next(f for f in features["checkpoints"] if f["id"] == "cp-meun-chey-tan-nam")["properties"]
    assert p["status"] == "inaugurated" and p["status_date"] == "2025-12-08"
    assert p["province_kh"] == "kh-prey-veng" and p["province_vn"] == "vn-tay-ninh"
    others = {f["properties"]["status"] for f in features["checkpoints"]
              if f["id"] != "cp-meun-chey-tan-nam"}
    assert others == {"open"}


def test_places_present(features):
    assert {f["id"] for f in features["places"]} == PLACE_IDS
    for f in features["places"]:
        publishers = [s["publisher"] for s in f["properties"]["sources"]]
        assert "GeoNames" in publishers, f"{f['id']}: GeoNames attribution missing"


def _distance_m(a, b):
    return metric(Point(a)).distance(metric(Point(b)))


@pytest.mark.parametrize("line_id, start_place, end_place, start_km, end_km", [
    ("xw-phnom-penh-bavet", "place-phnom-penh", "place-bavet", 15, 15),
    # Ring Road 3 in Cu Chi is about 20 km from the city centre, so the HCMC end gets more room.
    ("xw-hcmc-moc-bai", "place-ho-chi-minh-city", "cp-bavet-moc-bai", 25, 15),
    ("rail-phnom-penh-hcmc", "place-phnom-penh", "place-ho-chi-minh-city", 15, 15),
])
def test_line_ends_near_named_places(by_id, line_id, start_place, end_place, start_km, end_km):
    coords = by_id[line_id]["geometry"]["coordinates"]
    ends = {tuple(coords[0]), tuple(coords[-1])}
    start = by_id[start_place]["geometry"]["coordinates"]
    end = by_id[end_place]["geometry"]["coordinates"]
    assert min(_distance_m(e, start) for e in ends) <= start_km * 1000, f"{line_id} far from {start_place}"
    assert min(_distance_m(e, end) for e in ends) <= end_km * 1000, f"{line_id} far from {end_place}"


def test_expressways(by_id):
    # Only preliminary packages of HCMC - Moc Bai were scheduled from Aug 2025; no source says
    # its main works began, so it is planned, not under construction.
    for xid, km, status in (("xw-phnom-penh-bavet", 135, "under-construction"),
                            ("xw-hcmc-moc-bai", 51, "planned")):
        p = by_id[xid]["properties"]
        assert p["kind"] == "expressway" and p["status"] == status
        assert p["length_km"] == km and p["status_date"]
    cp = by_id["xw-connecting-point"]
    assert cp["properties"]["kind"] == "connecting-point"
    assert cp["properties"]["status"] == "under-discussion"
    assert _distance_m(cp["geometry"]["coordinates"],
                       by_id["cp-bavet-moc-bai"]["geometry"]["coordinates"]) <= 4000


def test_rail_and_corridor_are_indicative(by_id):
    rail = by_id["rail-phnom-penh-hcmc"]["properties"]
    assert rail["kind"] == "railway" and rail["status"] == "study"
    assert rail["indicative"] is True and "indicative" in rail["description"].lower()
    corridor = by_id["gms-sec-central"]["properties"]
    assert corridor["kind"] == "corridor" and corridor["indicative"] is True
