"""The OGC API read by real clients over HTTP: GDAL's OAPIF driver (`ogrinfo`) and OWSLib.

Named after the Part 1 abstract tests they prove. Without `ogrinfo` the GDAL tests are
skipped, except in CI (`CI=true`), where they fail: `.ci/run` installs gdal-bin.
"""

from __future__ import annotations

import os
import re
import subprocess

import orjson
import pytest
import requests

from conftest import LiveServer, gdal_tool

TOKEN = {"Authorization": "Bearer test-editor-token"}


@pytest.fixture
def server(app):
    client = app.test_client()
    # A user layer too, with characters a careless encoder would lose.
    body = orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"u{i}", "properties": {"name": f"Điểm {i} – ភូមិ", "rank": i},
         "geometry": {"type": "Point", "coordinates": [105 + i / 10, 11 + i / 20]}} for i in range(25)]})
    response = client.post("/api/features?layer=mine&new_layer_title=Mine", data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)
    live = LiveServer(app)
    yield live
    live.close()






def test_a_copy_by_ogr2ogr_keeps_a_property_only_a_later_page_has(server, tmp_path):
    """Review 12, S1: GDAL makes a layer's fields from its first page (10 features in GDAL 3.6)
    unless the collection links a schema; Phnom Penh's Vietnamese name, feature 15 of
    provinces-kh and the only one that has it, was dropped from the copy without a word."""
    copy = tmp_path / "provinces.gpkg"
    result = subprocess.run([gdal_tool("ogr2ogr"), str(copy), f"OAPIF:{server.url}/ogc", "provinces-kh"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "already exists" not in result.stderr  # no field twice (GDAL names the second `id2`)
    shown = subprocess.run([gdal_tool("ogrinfo"), "-ro", str(copy), "provinces-kh", "-where", "id = 'kh-phnom-penh'"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"^  name_vi \(String\) = Phnôm Pênh$", shown.stdout, re.MULTILINE), shown.stdout
    assert re.search(r"^  name_km \(String\) = ភ្នំពេញ$", shown.stdout, re.MULTILINE), shown.stdout


def test_conf_core_fc_md_items_with_gdal_ogrinfo(server):
    """GDAL lists every collection with the feature count and extent the app gives."""
    layers = requests.get(f"{server.url}/api/layers", timeout=30).json()
    result = subprocess.run(
        [gdal_tool("ogrinfo"), "-ro", "-so", "-al", f"OAPIF:{server.url}/ogc"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CPL_DEBUG": "OFF"},
    )
    assert result.returncode == 0, result.stderr
    counts = dict(re.findall(r"^Layer name: (\S+)\n(?:.*\n)*?Feature Count: (\d+)", result.stdout, re.MULTILINE))
    assert counts == {layer["id"]: str(layer["feature_count"]) for layer in layers}
    assert "mine" in counts and counts["mine"] == "25"
    assert "ERROR" not in result.stderr


def test_conf_core_fc_op_paging_with_gdal(server):
    """GDAL pages through a collection larger than its page by `next` links and reads every field."""
    result = subprocess.run(
        [gdal_tool("ogrinfo"), "-ro", "-al", "-oo", "PAGE_SIZE=10", f"OAPIF:{server.url}/ogc", "mine"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(re.findall(r"^OGRFeature\(mine\)", result.stdout, re.MULTILINE)) == 25
    assert "Điểm 24 – ភូមិ" in result.stdout


def test_conf_core_fc_bbox_response_with_gdal(server):
    result = subprocess.run(
        [gdal_tool("ogrinfo"), "-ro", "-so", "-spat", "105.95", "11.45", "106.25", "11.65",
         f"OAPIF:{server.url}/ogc", "mine"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # Points 10..12 lie at lon 106.0..106.2, lat 11.5..11.6.
    assert re.search(r"^Feature Count: 3$", result.stdout, re.MULTILINE), result.stdout


def test_conf_core_fc_limit_and_bbox_with_owslib(server):
    """OWSLib reads collections, then items with bbox, and pages with limit and offset."""
    from owslib.ogcapi.features import Features

    api = Features(server.url + "/ogc")
    assert {c["id"] for c in api.collections()["collections"]} >= {"checkpoints", "mine"}
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
    boxed = api.collection_items("mine", bbox=[105.95, 11.45, 106.25, 11.65])
    assert sorted(f["id"] for f in boxed["features"]) == ["u10", "u11", "u12"]
    seen = []
    for offset in range(0, 25, 10):
        page = api.collection_items("mine", limit=10, offset=offset)
        assert page["numberMatched"] == 25
        seen += [f["id"] for f in page["features"]]
    assert seen == [f"u{i}" for i in range(25)]
    one = api.collection_item("mine", "u3")
    assert one["properties"]["name"] == "Điểm 3 – ភូមិ"


def test_part4_create_replace_delete_round_trip_with_owslib(server, monkeypatch):
    """OWSLib creates a feature, replaces it and deletes it; each change is one revision."""
    import owslib.ogcapi
    from owslib.ogcapi.features import Features

    # OWSLib keeps its request headers in one module-level dict that every client updates.
    monkeypatch.setattr(owslib.ogcapi, "REQUEST_HEADERS", dict(owslib.ogcapi.REQUEST_HEADERS))
    api = Features(server.url + "/ogc", headers=TOKEN)
    assert "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete" in \
        api.conformance()["conformsTo"]
    created = {"type": "Feature", "properties": {"name": "Chợ mới – ផ្សារថ្មី", "stalls": 40},
               "geometry": {"type": "Point", "coordinates": [105.9, 11.9]}}
    assert api.collection_item_create("mine", created)
    location = api.response_headers["Location"]
    feature_id = location.rsplit("/", 1)[1]
    got = api.collection_item("mine", feature_id)
    assert got["properties"]["name"] == "Chợ mới – ផ្សារថ្មី"
    assert got["geometry"]["coordinates"] == [105.9, 11.9]

    tag = api.response_headers["ETag"]
    replacing = Features(server.url + "/ogc", headers={"If-Match": tag})
    replaced = {"type": "Feature", "properties": {"name": "Chợ cũ"},
                "geometry": {"type": "Point", "coordinates": [105.8, 11.8]}}
    assert replacing.collection_item_update("mine", feature_id, replaced)
    got = api.collection_item("mine", feature_id)
    assert (got["properties"]["name"], got["geometry"]["coordinates"]) == ("Chợ cũ", [105.8, 11.8])

    # The tag read before the replacement is stale now: refused, nothing changes.
    with pytest.raises(RuntimeError, match="changed since you read it"):
        Features(server.url + "/ogc", headers={"If-Match": tag}).collection_item_delete("mine", feature_id)
    assert api.collection_item("mine", feature_id)["properties"]["name"] == "Chợ cũ"

    fresh = api.response_headers["ETag"]
    assert Features(server.url + "/ogc", headers={"If-Match": fresh}).collection_item_delete("mine", feature_id)
    assert requests.get(location, timeout=30).status_code == 404
    actions = [r["action"] for r in requests.get(f"{server.url}/api/revisions", timeout=30).json()[:3]]
    assert actions == ["delete", "replace", "import"]


@pytest.mark.parametrize("language", ["km", "vi"])
def test_gdal_pages_on_a_khmer_or_vietnamese_system(server, language):
    """A client that sends Accept-Language (GDAL, QGIS and browsers on such a system do) pages
    through a collection as any other: its links are the resources' own addresses."""
    result = subprocess.run(
        [gdal_tool("ogrinfo"), "-ro", "-al", "-oo", "PAGE_SIZE=10", f"OAPIF:{server.url}/ogc", "mine"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "GDAL_HTTP_HEADERS": f"Accept-Language: {language}"},
    )
    assert result.returncode == 0, result.stderr
    assert len(re.findall(r"^OGRFeature\(mine\)", result.stdout, re.MULTILINE)) == 25
    assert "ERROR" not in result.stderr
