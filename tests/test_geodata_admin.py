"""Checks on the curated province and boundary layers made by geodata/scripts/derive_admin.py."""
import json
import re
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

GEODATA = Path(__file__).parents[1] / "geodata"
FILES = ["provinces-kh", "provinces-vn", "provinces-vn-pre2025", "boundary"]
ID_RE = re.compile(r"^[a-z0-9-]+$")
KM_PER_DEG = 111.32

KH_BORDER = {
    "kh-ratanakiri", "kh-mondulkiri", "kh-kratie", "kh-tbong-khmum", "kh-prey-veng",
    "kh-svay-rieng", "kh-kandal", "kh-takeo", "kh-kampot",
}
VN_BORDER = {
    "vn-quang-ngai", "vn-gia-lai", "vn-dak-lak", "vn-lam-dong", "vn-dong-nai", "vn-tay-ninh",
    "vn-dong-thap", "vn-an-giang",
}


def load(name):
    return json.loads((GEODATA / f"{name}.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def layers():
    return {name: load(name) for name in FILES}


def geoms(layer):
    return {f["id"]: shape(f["geometry"]) for f in layer["features"]}


def test_counts(layers):
    assert len(layers["provinces-kh"]["features"]) == 25
    assert len(layers["provinces-vn"]["features"]) == 34
    assert len(layers["provinces-vn-pre2025"]["features"]) == 63
    assert [f["id"] for f in layers["boundary"]["features"]] == ["boundary-kh-vn"]


@pytest.mark.parametrize(
    "name,prefix,country,period,iso_re",
    [
        ("provinces-kh", "kh-", "KH", "current", r"^KH-([1-9]|1[0-9]|2[0-5])$"),
        ("provinces-vn", "vn-", "VN", "current", r"^VN-(\d\d|CT|DN|HN|HP|SG)$"),
        ("provinces-vn-pre2025", "vn-pre2025-", "VN", "pre-2025", r"^VN-(\d\d|CT|DN|HN|HP|SG)$"),
    ],
)
def test_province_properties(layers, name, prefix, country, period, iso_re):
    feats = layers[name]["features"]
    ids = [f["id"] for f in feats]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    isos = [f["properties"]["iso_3166_2"] for f in feats]
    if name != "provinces-vn":
        assert len(set(isos)) == len(isos)
    for f in feats:
        p = f["properties"]
        assert f["id"] == p["id"]
        assert ID_RE.match(p["id"]) and p["id"].startswith(prefix), p["id"]
        if prefix == "vn-":
            assert not p["id"].startswith("vn-pre2025-")
        assert p["kind"] == "province"
        assert p["country"] == country
        assert p["admin_period"] == period
        assert re.match(iso_re, p["iso_3166_2"]), p["iso_3166_2"]
        assert p["name"] and p["description"]
        assert p["name_km" if country == "KH" else "name_vi"]
        assert isinstance(p["borders_other_country"], bool)
        assert p["location_precision"] == "approximate"
        assert isinstance(p["precision_m"], int) and p["precision_m"] > 0
        assert p["sources"] and all({"title", "publisher", "date"} <= set(s) for s in p["sources"])


def test_tbong_khmum_is_kh_25(layers):
    by_id = {f["id"]: f["properties"] for f in layers["provinces-kh"]["features"]}
    assert by_id["kh-tbong-khmum"]["iso_3166_2"] == "KH-25"
    assert by_id["kh-kampong-cham"]["iso_3166_2"] == "KH-3"


def test_merge_links_are_inverse(layers):
    new = {f["id"]: f["properties"]["merged_from"] for f in layers["provinces-vn"]["features"]}
    old = {f["id"]: f["properties"]["merged_into"] for f in layers["provinces-vn-pre2025"]["features"]}
    inverse = {}
    for pid, into in old.items():
        inverse.setdefault(into, set()).add(pid)
    assert {k: set(v) for k, v in new.items()} == inverse
    assert sum(len(v) for v in new.values()) == 63


@pytest.mark.parametrize("name", FILES)
def test_geometries_valid_and_rfc7946(layers, name):
    for f in layers[name]["features"]:
        g = shape(f["geometry"])
        assert g.is_valid, f"{f['id']}: {shapely.is_valid_reason(g)}"
        assert not g.is_empty
        minx, miny, maxx, maxy = g.bounds
        assert 100 < minx and maxx < 112 and 8 < miny and maxy < 24, f["id"]  # lon, lat order
        if name == "boundary":
            assert g.geom_type in ("LineString", "MultiLineString")
            continue
        assert g.geom_type in ("Polygon", "MultiPolygon")
        for poly in shapely.get_parts(g):
            assert poly.exterior.is_ccw, f"{f['id']}: exterior ring is clockwise"
            assert all(not ring.is_ccw for ring in poly.interiors), f"{f['id']}: hole is ccw"


def test_borders_other_country(layers):
    def bordering(name):
        return {f["id"] for f in layers[name]["features"] if f["properties"]["borders_other_country"]}

    assert bordering("provinces-kh") == KH_BORDER
    assert bordering("provinces-vn") == VN_BORDER


def test_tbong_khmum_separate_from_kampong_cham(layers):
    kh = geoms(layers["provinces-kh"])
    tk, kc = kh["kh-tbong-khmum"], kh["kh-kampong-cham"]
    assert tk.intersection(kc).area < 1e-9
    assert tk.touches(kc) or tk.intersection(kc).length > 0
    # both have a sizeable area (each is some 4,500-5,300 km2, roughly 0.4 square degrees)
    assert tk.area > 0.25 and kc.area > 0.25
    # only Tbong Khmum, not what is left of Kampong Cham, reaches Viet Nam
    vn = shapely.union_all(list(geoms(layers["provinces-vn"]).values()))
    assert tk.boundary.intersection(vn.boundary).length > 0.1
    assert kc.boundary.intersection(vn.boundary).length == 0


def test_new_provinces_are_unions_of_old(layers):
    old = geoms(layers["provinces-vn-pre2025"])
    for f in layers["provinces-vn"]["features"]:
        g = shape(f["geometry"])
        union = shapely.union_all([old[m] for m in f["properties"]["merged_from"]])
        assert g.symmetric_difference(union).area < 1e-6 * g.area + 1e-9, f["id"]


def test_boundary_follows_shared_edge(layers):
    kh = shapely.union_all(list(geoms(layers["provinces-kh"]).values()))
    vn = shapely.union_all(list(geoms(layers["provinces-vn"]).values()))
    edge = kh.boundary.intersection(vn.boundary)
    edge = shapely.union_all([g for g in shapely.get_parts(edge) if g.length > 0])
    line = shape(layers["boundary"]["features"][0]["geometry"])
    assert line.hausdorff_distance(edge) * KM_PER_DEG < 2.0
    # the generalised Natural Earth line is shorter than the ~1,137 km cited in the press
    assert 800 < line.length * KM_PER_DEG < 1300


def test_boundary_properties(layers):
    p = layers["boundary"]["features"][0]["properties"]
    assert p["id"] == "boundary-kh-vn" and p["kind"] == "boundary"
    assert p["name"] == "Cambodia–Viet Nam land boundary"
    assert p["name_km"] and p["name_vi"] and p["description"] and p["sources"]
    assert p["location_precision"] == "approximate" and p["precision_m"] > 0


def _numbers(coords):
    if isinstance(coords[0], (int, float)):
        yield from coords
    else:
        for c in coords:
            yield from _numbers(c)


@pytest.mark.parametrize("name", FILES)
def test_coordinates_rounded(layers, name):
    for f in layers[name]["features"]:
        for x in _numbers(f["geometry"]["coordinates"]):
            assert round(x, 6) == x, f"{f['id']}: {x} has more than 6 decimals"


def test_file_sizes():
    sizes = {name: (GEODATA / f"{name}.geojson").stat().st_size for name in FILES}
    assert sum(sizes.values()) < 600_000, sizes
    assert sizes["provinces-kh"] + sizes["provinces-vn"] < 300_000, sizes


def test_countries_are_the_unions_of_their_provinces(layers):
    countries = geoms(load("countries"))
    assert set(countries) == {"country-kh", "country-vn"}
    for country, provinces in (("country-kh", "provinces-kh"), ("country-vn", "provinces-vn")):
        union = shapely.union_all(list(geoms(layers[provinces]).values()))
        assert countries[country].is_valid
        assert countries[country].symmetric_difference(union).area < 1e-6 * union.area, country
    # The two meet along the boundary and do not overlap.
    assert countries["country-kh"].intersection(countries["country-vn"]).area < 1e-9
