"""What the upload page and the command line say about a file, or features, already imported
(review rv21b): the second layer of a GeoPackage is not the first imported again (M2), the same
file checked again as a new layer names the page's own way to import it again (M5), and a
download of a layer uploaded back into it says its features would be there twice (M1)."""

from __future__ import annotations

import io

import geopandas as gpd
import orjson
import pyogrio
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from shapely.geometry import LineString, Point

from bordermap_app.cli import main

TOKEN = "test-editor-token"
ZONES = gpd.GeoDataFrame({"name": ["Bavet zone", "Moc Bai zone"]},
                         geometry=[Point(106.137, 11.068), Point(106.146, 11.078)], crs="EPSG:4326")
ROADS = gpd.GeoDataFrame({"name": ["Road to the gate"]},
                         geometry=[LineString([(106.13, 11.06), (106.14, 11.07)])], crs="EPSG:4326")


@pytest.fixture
def two_layers(tmp_path) -> bytes:
    path = tmp_path / "gates.gpkg"
    pyogrio.write_dataframe(ZONES, path, layer="zones")
    pyogrio.write_dataframe(ROADS, path, layer="roads")
    return path.read_bytes()


def _post(client, lang="en", **data):
    return client.post(f"/upload?lang={lang}", data=data, content_type="multipart/form-data")


def _notes(response) -> str:
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return " ".join(li.get_text(" ", strip=True) for li in page.select(".bm-warnings li"))


def _alert(response) -> str:
    found = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("[role=alert]")
    return found.get_text(" ", strip=True) if found else ""


def test_the_second_layer_of_a_geopackage_is_not_taken_for_the_first_imported_again(client, two_layers):
    client.post("/unlock", data={"token": TOKEN})
    first = _post(client, target="new", new_title="Gates", new_id="gates", source_layer="zones", action="import",
                  file=(io.BytesIO(two_layers), "gates.gpkg"))
    assert first.status_code == 201, _alert(first)
    roads = _post(client, target="existing", layer="gates", source_layer="roads", action="check",
                  file=(io.BytesIO(two_layers), "gates.gpkg"))
    assert roads.status_code == 200 and "already imported" not in _notes(roads), _notes(roads)
    imported = _post(client, target="existing", layer="gates", source_layer="roads", action="import",
                     file=(io.BytesIO(two_layers), "gates.gpkg"))
    assert imported.status_code == 201, _alert(imported)
    # The same layer of the file again is still known, and refused without the box ticked.
    zones = _post(client, target="existing", layer="gates", source_layer="zones", action="check",
                  file=(io.BytesIO(two_layers), "gates.gpkg"))
    assert "This file was already imported into gates as revision 1" in _notes(zones), _notes(zones)
    refused = _post(client, target="existing", layer="gates", source_layer="zones", action="import",
                    file=(io.BytesIO(two_layers), "gates.gpkg"))
    assert refused.status_code == 409
    names = sorted(f["properties"]["name"] for f in client.get("/api/features?layer=gates").get_json()["features"])
    assert names == ["Bavet zone", "Moc Bai zone", "Road to the gate"]
    # The revision says which layer of the file it read.
    revision = client.get("/revisions/2").get_data(as_text=True)
    assert "Layer read from the file" in revision and "<code>roads</code>" in revision


def test_the_second_layer_of_a_geopackage_from_the_command_line(two_layers, tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "gates.gpkg"
    path.write_bytes(two_layers)
    run = CliRunner().invoke
    assert run(main, ["import", str(path), "--layer", "gates", "--new-layer-title", "Gates",
                      "--source-layer", "zones"]).exit_code == 0
    roads = run(main, ["import", str(path), "--layer", "gates", "--source-layer", "roads"])
    assert roads.exit_code == 0, roads.output
    again = run(main, ["import", str(path), "--layer", "gates", "--source-layer", "roads"])
    assert again.exit_code != 0 and "(--allow-duplicate)" in again.output and "allow_duplicate" not in again.output


@pytest.mark.parametrize("lang, said", [
    ("en", "choose gates under “A layer of yours”, check the file again and tick “Import it again”"),
    ("km", "ឯកសារនេះត្រូវបាននាំចូលរួចហើយ"),
    ("vi", "Tệp này đã được nhập"),
])
def test_the_same_file_as_a_new_layer_again_names_the_pages_own_way(client, two_layers, lang, said):
    client.post("/unlock", data={"token": TOKEN})
    new = {"target": "new", "new_title": "Gates", "new_id": "gates", "source_layer": "zones"}
    assert _post(client, **new, action="import", file=(io.BytesIO(two_layers), "gates.gpkg")).status_code == 201
    again = _post(client, lang, **new, action="check", file=(io.BytesIO(two_layers), "gates.gpkg"))
    text = _alert(again)
    assert again.status_code == 409 and said in text and "allow_duplicate" not in text, text


def test_the_same_file_as_a_new_layer_from_the_command_line_names_its_option(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "gates.geojson"
    path.write_text(ZONES.to_json())
    args = ["import", str(path), "--layer", "gates", "--new-layer-title", "Gates"]
    assert CliRunner().invoke(main, args).exit_code == 0
    again = CliRunner().invoke(main, args)
    assert again.exit_code != 0 and "with --allow-duplicate" in again.output, again.output
    khmer = CliRunner().invoke(main, ["--lang", "km", *args])
    assert "--layer gates" in khmer.output and "(in English)" not in khmer.output, khmer.output


@pytest.mark.parametrize("fmt, name", [("geojson", "gates.geojson"), ("gpkg", "gates.gpkg")])
def test_a_download_uploaded_back_into_its_layer_says_its_features_would_be_there_twice(client, fmt, name):
    client.post("/unlock", data={"token": TOKEN})
    done = _post(client, target="new", new_title="Gates", new_id="gates", action="import",
                 file=(io.BytesIO(ZONES.to_json().encode()), "zones.geojson"))
    assert done.status_code == 201, _alert(done)
    download = client.get(f"/api/layers/gates.{fmt}").data
    back = _post(client, target="existing", layer="gates", action="check", file=(io.BytesIO(download), name))
    notes = _notes(back)
    assert back.status_code == 200
    assert "2 feature(s) of this file are already in gates with the same id and geometry" in notes, notes
    # The same ids moved elsewhere (edited in a GIS, say) are not said to be there twice.
    stored = orjson.loads(client.get("/api/layers/gates.geojson").data)
    for feature in stored["features"]:
        feature["geometry"]["coordinates"][0] += 0.01
    moved = _post(client, target="existing", layer="gates", action="check",
                  file=(io.BytesIO(orjson.dumps(stored)), "moved.geojson"))
    assert "already used in the store" in _notes(moved)  # the ids are the same: compared, then
    assert "already in gates" not in _notes(moved), _notes(moved)


def test_a_file_of_one_layer_is_the_same_import_whether_its_layer_is_named_or_not(client, tmp_path):
    path = tmp_path / "zones.gpkg"
    pyogrio.write_dataframe(ZONES, path, layer="zones")
    client.post("/unlock", data={"token": TOKEN})
    assert _post(client, target="new", new_title="Gates", new_id="gates", action="import",
                 file=(io.BytesIO(path.read_bytes()), "zones.gpkg")).status_code == 201
    named = _post(client, target="existing", layer="gates", source_layer="zones", action="check",
                  file=(io.BytesIO(path.read_bytes()), "zones.gpkg"))
    assert "This file was already imported into gates as revision 1" in _notes(named), _notes(named)
