"""Each province's polygon covers the province: no part of it lies far out at sea.

Natural Earth leaves eleven Vietnamese islands in a unit of no province (VNM+99?). They were once
all given to Quang Ngai, whose outline then ran from the Gulf of Thailand to the Gulf of Tonkin, so
zooming to it showed the whole country. geodata/facts/admin.toml now gives each island its province.
"""
import importlib.util
import json
import tomllib
from pathlib import Path

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

GEODATA = Path(__file__).parents[1] / "geodata"
LAYERS = ["provinces-kh", "provinces-vn", "provinces-vn-pre2025"]
GEOD = Geod(ellps="WGS84")
# The farthest real outlying part of any province here is Tho Chu, some 150 km off Kien Giang's
# (since 2025 An Giang's) coast. The eight islands in the two gulfs that Quang Ngai was given lay
# 500 to 800 km from it; the two nearer ones (Cu Lao Xanh, Cu Lao Cham) are for the island test.
MAX_OFFSHORE_KM = 200


def features(name):
    return json.loads((GEODATA / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def admin():
    with (GEODATA / "facts" / "admin.toml").open("rb") as fh:
        return tomllib.load(fh)


def km_between(a, b) -> float:
    (x1, y1), (x2, y2) = shapely.shortest_line(a, b).coords
    return GEOD.line_length([x1, x2], [y1, y2]) / 1000.0


@pytest.mark.parametrize("layer", LAYERS)
def test_every_part_of_a_province_lies_near_its_main_part(layer):
    far = []
    for f in features(layer):
        parts = sorted(shapely.get_parts(shape(f["geometry"])), key=lambda p: -p.area)
        for part in parts[1:]:
            km = km_between(parts[0], part)
            if km > MAX_OFFSHORE_KM:
                where = [round(c, 2) for c in part.representative_point().coords[0]]
                far.append(f"{f['id']}: part at {where} is {km:.0f} km from the province")
    assert far == []


@pytest.mark.parametrize("layer", ["provinces-vn", "provinces-vn-pre2025"])
def test_quang_ngai_spans_only_quang_ngai(layer):
    # what "zoom to the border provinces" fits to; Ly Son island is the easternmost part
    fid = {"provinces-vn": "vn-quang-ngai", "provinces-vn-pre2025": "vn-pre2025-quang-ngai"}[layer]
    (f,) = [f for f in features(layer) if f["id"] == fid]
    minx, miny, maxx, maxy = shape(f["geometry"]).bounds
    assert 107.0 < minx and maxx < 109.5 and 13.5 < miny and maxy < 15.6, (minx, miny, maxx, maxy)


@pytest.mark.parametrize("layer", ["provinces-vn", "provinces-vn-pre2025"])
def test_each_minor_island_is_in_the_province_that_administers_it(layer):
    into = {f["id"]: f["properties"]["merged_into"] for f in features("provinces-vn-pre2025")}
    provinces = {f["id"]: shape(f["geometry"]) for f in features(layer)}
    rows = admin()["vn_minor_islands"]["islands"]
    assert len(rows) == 11
    got, expected = {}, {}
    for row in rows:
        point = shapely.Point(row["at"])
        got[row["name"]] = min(provinces, key=lambda pid: provinces[pid].distance(point))
        assert provinces[got[row["name"]]].distance(point) < 0.01, row["name"]  # about 1 km
        expected[row["name"]] = row["province"] if layer.endswith("pre2025") else into[row["province"]]
    assert got == expected


@pytest.mark.skipif(importlib.util.find_spec("vietnamadminunits") is None, reason="vietnamadminunits not installed")
def test_minor_island_districts_belong_to_their_provinces_in_vietnamadminunits():
    data = Path(importlib.util.find_spec("vietnamadminunits").origin).parent / "data"
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    districts = {legacy["DICT_PROVINCE"][key]["provinceShort"]: {d["district"] for d in units.values()}
                 for key, units in legacy["DICT_PROVINCE_DISTRICT"].items()}
    facts = admin()
    name_vi = {row["id"]: row["name_vi"] for row in facts["vn_provinces_pre2025"]}
    wrong = [(row["name"], row["district"], name_vi[row["province"]])
             for row in facts["vn_minor_islands"]["islands"]
             if row["district"] not in districts[name_vi[row["province"]]]]
    assert wrong == []


@pytest.fixture
def admin_geometry(monkeypatch):
    monkeypatch.syspath_prepend(str(GEODATA / "scripts"))
    return importlib.import_module("admin_geometry")


def test_an_island_without_a_row_stops_the_build(admin_geometry):
    # the old build handed such parts to one province without a word
    unit = shapely.MultiPolygon([shapely.box(104, 9, 104.1, 9.1), shapely.box(107, 20, 107.1, 20.1)])
    assert admin_geometry.parts_at(unit, [(107.05, 20.05), (104.05, 9.05)], "islands")[0].bounds[0] == 107
    with pytest.raises(SystemExit, match=r"islands: 1 part\(s\) of the unit have no row, at \[\[107"):
        admin_geometry.parts_at(unit, [(104.05, 9.05)], "islands")
    with pytest.raises(SystemExit, match=r"islands\[1\]: expected \[105.0, 9.0\] on one part"):
        admin_geometry.parts_at(unit, [(104.05, 9.05), (105.0, 9.0)], "islands")
