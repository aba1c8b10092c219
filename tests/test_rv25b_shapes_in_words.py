"""Review rv25b, #13: the upload page names a layer's shapes, and the check's report its features'
shapes, in the page's language and in words a reader who is no GIS specialist knows ("3 points",
"1 line", "2 areas"), where it said "Point", "LineString", "MultiPolygon" on every page. The API
keeps GDAL's and GeoJSON's names."""

from __future__ import annotations

import io

import geopandas
import orjson
import pytest
import shapely
from bs4 import BeautifulSoup

from bordermap.ingest import layer_choice

TOKEN = {"Authorization": "Bearer test-editor-token"}


@pytest.fixture
def markets_and_zones(tmp_path) -> bytes:
    """A GeoPackage of two markets and three zones (one of them a MultiPolygon)."""
    path = tmp_path / "two.gpkg"
    geopandas.GeoDataFrame({"name": ["Chợ A", "Chợ B"]}, crs="EPSG:4326", geometry=[
        shapely.Point(105.5, 11.5), shapely.Point(105.6, 11.6)]).to_file(path, layer="markets")
    square = shapely.box(105.5, 11.5, 105.6, 11.6)
    geopandas.GeoDataFrame({"name": ["Z1", "Z2", "Z3"]}, crs="EPSG:4326", geometry=[
        shapely.MultiPolygon([square]), shapely.MultiPolygon([square, shapely.box(105.7, 11.7, 105.8, 11.8)]),
        shapely.MultiPolygon([square])]).to_file(path, layer="zones")
    return path.read_bytes()


def check(client, lang: str, **data):
    client.post("/unlock", data={"token": "test-editor-token"})
    return client.post(f"/upload?lang={lang}", data={"target": "new", "new_title": "Shapes", "action": "check",
                                                     **data}, content_type="multipart/form-data")


def choice(html: str) -> dict[str, str]:
    """The layers offered: each radio's value and what its label says."""
    soup = BeautifulSoup(html, "html.parser")
    return {radio["value"]: " ".join(soup.select_one(f'label[for="{radio["id"]}"]').get_text(" ").split())
            for radio in soup.select('[role=radiogroup] input[type=radio][name="source_layer"]')}


@pytest.mark.parametrize("lang, markets, zones", [
    ("en", "markets (2 points)", "zones (3 areas)"),
    ("km", "markets (ចំណុច ២)", "zones (តំបន់ ៣)"),
    ("vi", "markets (2 điểm)", "zones (3 vùng)")])
def test_the_layer_choice_says_how_many_points_or_areas_in_the_page_language(
        client, markets_and_zones, lang, markets, zones):
    page = check(client, lang, file=(io.BytesIO(markets_and_zones), "two.gpkg"))
    assert page.status_code == 422
    assert choice(page.get_data(as_text=True)) == {"markets": markets, "zones": zones}


@pytest.mark.parametrize("lang, markets, zones", [
    ("en", "markets (points)", "zones (areas)"), ("km", "markets (ចំណុច)", "zones (តំបន់)"),
    ("vi", "markets (điểm)", "zones (vùng)")])
def test_a_layer_not_counted_is_still_said_to_hold_points_or_areas(
        client, markets_and_zones, monkeypatch, lang, markets, zones):
    monkeypatch.setattr(layer_choice, "COUNTED_LAYERS", 1)  # as for a file of more layers than are counted
    page = check(client, lang, file=(io.BytesIO(markets_and_zones), "two.gpkg"))
    assert choice(page.get_data(as_text=True)) == {"markets": markets, "zones": zones}


MIXED = orjson.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": name}, "geometry": geometry} for name, geometry in [
        ("Gate", {"type": "Point", "coordinates": [106.1, 11.1]}),
        ("Road", {"type": "LineString", "coordinates": [[106.1, 11.1], [106.2, 11.2]]}),
        ("Zone", {"type": "Polygon", "coordinates": [[[106, 11], [106.1, 11], [106.1, 11.1], [106, 11]]]}),
        ("Zones", {"type": "MultiPolygon", "coordinates": [[[[106, 11], [106.1, 11], [106.1, 11.1], [106, 11]]]]}),
        ("Gate 2", {"type": "Point", "coordinates": [106.2, 11.2]})]]})


@pytest.mark.parametrize("lang, shapes, rows", [
    ("en", "2 points, 1 line, 2 areas", ["point", "line", "area", "area", "point"]),
    ("km", "ចំណុច ២, ខ្សែ ១, តំបន់ ២", ["ចំណុច", "ខ្សែ", "តំបន់", "តំបន់", "ចំណុច"]),
    ("vi", "2 điểm, 1 đường, 2 vùng", ["điểm", "đường", "vùng", "vùng", "điểm"])])
def test_the_checks_report_says_the_shapes_alike(client, lang, shapes, rows):
    page = check(client, lang, file=(io.BytesIO(MIXED), "mixed.geojson"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#report-shapes").get_text(strip=True) == shapes
    # The table of what would be added names each feature's shape alike (its third column).
    table = soup.select_one("#report table")
    assert [row.select("td")[2].get_text(strip=True) for row in table.select("tbody tr")] == rows


def test_the_api_keeps_the_machine_names(client):
    done = client.post("/api/features?layer=mixed&new_layer_title=Mixed&dry_run=1&lang=km", data=MIXED,
                       headers=TOKEN)
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["report"]["geometry_types"] == {"LineString": 1, "MultiPolygon": 1, "Point": 2,
                                                           "Polygon": 1}
