"""Uploads from GIS tools: GeoPackage, zipped Shapefile, KML, CSV, FlatGeobuf and GeoJSON written
by GDAL and geopandas, read with pyogrio and then checked, reprojected and stored as any upload.

Files are written by the tools themselves (pyogrio/geopandas, and GDAL's `ogr2ogr` for the round
trip), not by hand. Values keep their types; nulls are dropped and the report says so.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import geopandas
import orjson
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, shape

from conftest import gdal_tool

TOKEN = {"Authorization": "Bearer test-editor-token"}


def upload(client, body: bytes, query: str, **headers):
    return client.post(f"/api/features?{query}", data=body, headers={**TOKEN, **headers})


def stored(client, layer: str) -> dict[str, dict]:
    return {f["properties"].get("name"): f for f in client.get(f"/api/features?layer={layer}").get_json()["features"]}


def typed_frame(crs: str = "EPSG:4326") -> geopandas.GeoDataFrame:
    frame = geopandas.GeoDataFrame({
        "name": ["Chợ – ផ្សារ", "Bến"],
        "stalls": geopandas.pd.array([40, None], dtype="Int64"),
        "share": [0.25, None],
        "open": geopandas.pd.array([True, None], dtype="boolean"),
        "since": ["2025-12-08", None],  # GDAL's Date fields: see the ogr2ogr round trip below
    }, geometry=[Point(105.5, 11.5), Point(105.6, 11.6)], crs="EPSG:4326")
    return frame.to_crs(crs)


def written(frame: geopandas.GeoDataFrame, tmp_path, suffix: str, driver: str, **options) -> bytes:
    path = tmp_path / f"file{suffix}"
    pyogrio.write_dataframe(frame, path, driver=driver, **options)
    return path.read_bytes()


@pytest.mark.parametrize("suffix, driver", [(".gpkg", "GPKG"), (".fgb", "FlatGeobuf")])
def test_a_typed_file_keeps_its_types_and_drops_nulls_with_a_note(client, tmp_path, suffix, driver):
    body = written(typed_frame(), tmp_path, suffix, driver)
    checked = upload(client, body, f"layer=typed&new_layer_title=Typed&dry_run=1&filename=f{suffix}")
    assert checked.status_code == 200, checked.get_data(as_text=True)
    assert client.get("/api/layers").get_json()[-1]["id"] != "typed"  # a dry run stores nothing
    response = upload(client, body, f"layer=typed&new_layer_title=Typed&filename=f{suffix}")
    assert response.status_code == 201, response.get_data(as_text=True)
    got = stored(client, "typed")
    first = got["Chợ – ផ្សារ"]["properties"]
    assert (first["stalls"], first["share"], first["open"], first["since"]) == (40, 0.25, True, "2025-12-08")
    assert got["Chợ – ផ្សារ"]["geometry"] == {"type": "Point", "coordinates": [105.5, 11.5]}
    second = got["Bến"]["properties"]
    assert not {"stalls", "share", "open", "since"} & set(second)
    assert any(w.startswith("properties: empty (null) values were dropped: ") and "stalls" in w
               for w in response.get_json()["report"]["warnings"])


def test_a_zipped_shapefile_is_reprojected_from_its_prj(client, tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(typed_frame("EPSG:32648"), folder / "zones.shp", encoding="UTF-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.iterdir()):
            zipped.write(path, path.name)
    response = upload(client, archive.getvalue(), "layer=zones&new_layer_title=Zones&filename=zones.zip")
    assert response.status_code == 201, response.get_data(as_text=True)
    report = response.get_json()["report"]
    assert report["reprojected"] and report["source_crs"].startswith("EPSG:32648")
    point = shape(stored(client, "zones")["Chợ – ផ្សារ"]["geometry"])
    assert point.equals_exact(Point(105.5, 11.5), 1e-6)


@pytest.mark.parametrize("columns", ["lonlat", "wkt"])
def test_a_csv_with_lon_lat_or_wkt_columns(client, columns):
    if columns == "lonlat":
        body = "name,lon,lat,stalls\nChợ,105.5,11.5,40\nBến,105.6,11.6,\n".encode()
    else:
        body = 'name,WKT,stalls\nChợ,"POINT (105.5 11.5)",40\nBến,"LINESTRING (105 11, 105.6 11.6)",3\n'.encode()
    response = upload(client, body, "layer=csv&new_layer_title=CSV&filename=places.csv")
    assert response.status_code == 201, response.get_data(as_text=True)
    got = stored(client, "csv")
    assert got["Chợ"]["geometry"] == {"type": "Point", "coordinates": [105.5, 11.5]}
    assert got["Chợ"]["properties"]["stalls"] == 40


def test_a_csv_without_coordinates_says_what_it_needs(client):
    response = upload(client, b"name,stalls\nA,1\n", "layer=csv&new_layer_title=CSV&filename=places.csv")
    assert response.status_code == 422
    assert "lon and lat columns, or a WKT column" in response.get_json()["message"]


@pytest.mark.parametrize("body, problems", [
    ("name,lon,lat\nA,abc,11\nB,105.9,\n",
     ["row 2 (A): lon is “abc”, not a number", "row 3 (B): lat is empty; expected a number"]),
    # Columns named as the file names them (GDAL reads the decimal commas); a blank line counts as a
    # spreadsheet row; a row without a name has no brackets.
    ("Longitude;Latitude;stalls\n105,5;11,5;3\n\n105.5;north;4\n", ["row 4: Latitude is “north”, not a number"]),
    ('name,wkt\nA,"POINT (105.5 11.5)"\nB,POINT (abc)\nC,\n',
     ["row 3 (B): wkt is “POINT (abc)”, not a geometry in WKT (such as POINT (105.9 11.2))",
      "row 4 (C): wkt is empty; expected a geometry in WKT, such as POINT (105.9 11.2)"]),
])
def test_a_csv_row_whose_coordinates_are_not_numbers_is_named_by_row_column_and_value(client, body, problems):
    """Review S7: "feature 1, geometry: expected a geometry object, got null" sent a spreadsheet user
    looking for a feature; the row (header is row 1), its name, the column and the value say where."""
    response = upload(client, body.encode(), "layer=csv&new_layer_title=CSV&filename=places.csv")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["problems"] == problems
    assert client.get("/api/features?layer=csv").status_code == 404  # nothing stored


def test_a_csv_with_two_longitude_columns_reads_lon_and_keeps_x(tmp_path):
    """GDAL 3.12 crashed the whole process (segmentation fault) on a CSV with both x and lon."""
    script = ("from bordermap.ingest import make_layer, plan_import\n"
              "plan = plan_import(b'name,x,y,lon,lat\\nA,500000,1200000,105.5,11.5\\n', "
              "new_layer=make_layer('', title='Both'), filename='both.csv')\n"
              "feature = plan.features[0]\n"
              "import orjson; print(orjson.dumps(feature['geometry']).decode(), feature['properties']['x'], "
              "feature['properties']['y'])\n")
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, (ran.returncode, ran.stderr[-2000:])
    assert ran.stdout.split() == ['{"type":"Point","coordinates":[105.5,11.5]}', "500000", "1200000"]


def test_a_kml_file(client, tmp_path):
    body = written(typed_frame()[["name", "geometry"]], tmp_path, ".kml", "LIBKML")
    response = upload(client, body, "layer=kml&new_layer_title=KML&filename=places.kml")
    assert response.status_code == 201, response.get_data(as_text=True)
    assert stored(client, "kml")["Bến"]["geometry"] == {"type": "Point", "coordinates": [105.6, 11.6]}


@pytest.fixture
def two_layers(tmp_path) -> bytes:
    path = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(typed_frame(), path, layer="markets")
    pyogrio.write_dataframe(typed_frame().iloc[:1], path, layer="piers", append=False)
    return path.read_bytes()


def test_a_file_of_several_layers_asks_which_one_in_the_api(client, two_layers):
    refused = upload(client, two_layers, "layer=two&new_layer_title=Two&filename=two.gpkg")
    assert refused.status_code == 422
    assert "the file holds 2 layers: “markets”, “piers”; choose one (source_layer)" in refused.get_json()["message"]
    chosen = upload(client, two_layers, "layer=two&new_layer_title=Two&filename=two.gpkg&source_layer=piers")
    assert chosen.status_code == 201 and chosen.get_json()["report"]["features"] == 1
    unknown = upload(client, two_layers, "layer=x&new_layer_title=X&source_layer=nope")
    assert unknown.status_code == 422 and "no layer “nope”; it has “markets”, “piers”" in unknown.get_json()["message"]


def test_a_file_of_several_layers_asks_which_one_in_the_cli(two_layers, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from bordermap_app.cli import main

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "two.gpkg"
    path.write_bytes(two_layers)
    asked = CliRunner().invoke(main, ["import", str(path), "--layer", "two", "--new-layer-title", "Two"])
    # Named by the option the command line's reader gives, not the API's parameter (review 12, N8).
    assert asked.exit_code != 0 and "“markets”, “piers”; choose one (--source-layer)" in asked.output
    done = CliRunner().invoke(main, ["import", str(path), "--layer", "two", "--new-layer-title", "Two",
                                     "--source-layer", "markets"])
    assert done.exit_code == 0, done.output
    assert "2 feature(s)" in done.output


def test_a_file_of_several_layers_asks_which_one_on_the_upload_page(client, two_layers):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post("/upload", data={"file": (io.BytesIO(two_layers), "two.gpkg"), "target": "new",
                                        "new_title": "Two", "action": "check"},
                       content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert "The file holds 2 layers: “markets”, “piers”" in html
    assert 'name="source_layer"' in html
    chosen = client.post("/upload", data={"file": (io.BytesIO(two_layers), "two.gpkg"), "target": "new",
                                          "new_title": "Two", "source_layer": "piers", "action": "check"},
                         content_type="multipart/form-data")
    html = chosen.get_data(as_text=True)
    assert chosen.status_code == 200 and "Dry run: 1 feature would be added" in html
    staged = html.split('name="staged" value="')[1].split('"')[0]
    done = client.post("/upload", data={"target": "new", "new_title": "Two", "source_layer": "piers",
                                        "staged": staged, "filename": "two.gpkg", "action": "import"})
    assert done.status_code == 201, done.get_data(as_text=True)
    assert list(stored(client, "two")) == ["Chợ – ផ្សារ"]


# ----------------------------------------------------------------------------- GeoJSON from GIS tools
def test_geojson_written_by_geopandas_with_nulls_in_known_fields_is_accepted(client, tmp_path):
    frame = geopandas.GeoDataFrame({
        "name": ["Gate A", "Gate B"], "status": ["open", None], "status_date": ["2025-12", None],
        "precision_m": [None, 500.0], "location_precision": ["exact", "approximate"], "lanes": [2, 4]},
        geometry=[Point(105.5, 11.5), Point(105.6, 11.6)], crs="EPSG:4326")
    path = tmp_path / "gates.geojson"
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    assert b'"status": null' in path.read_bytes()  # what QGIS, GDAL and geopandas write
    response = upload(client, path.read_bytes(), "layer=gates&new_layer_title=Gates")
    assert response.status_code == 201, response.get_data(as_text=True)
    got = stored(client, "gates")
    assert "status" not in got["Gate B"]["properties"] and got["Gate A"]["properties"]["status"] == "open"
    assert got["Gate B"]["properties"]["precision_m"] == 500.0 and got["Gate A"]["properties"]["lanes"] == 2




ROUND_TRIP = [
    {"type": "Feature", "id": "r-point", "geometry": {"type": "Point", "coordinates": [105.123456, 11.654321]},
     "properties": {"name": "Điểm – ភូមិ", "population": 12345, "share": 0.25, "open": True, "since": "2025-12-08",
                    "status": "open", "status_date": "2025-12", "meta": {"source": "survey", "rank": 2}}},
    {"type": "Feature", "id": "r-line", "geometry": {"type": "LineString", "coordinates": [[105, 11], [106, 11.5]]},
     "properties": {"name": "Đường", "population": 7, "share": 1.5, "open": False}},
    {"type": "Feature", "id": "r-area", "geometry": {"type": "Polygon", "coordinates": [
        [[105, 11], [105.5, 11], [105.5, 11.5], [105, 11]]]}, "properties": {"name": "Vùng"}},
]


@pytest.mark.parametrize("layer", ["mine", "checkpoints"])
def test_a_download_through_ogr2ogr_to_geopackage_comes_back_equal(client, tmp_path, layer):
    """GeoJSON download → `ogr2ogr -f GPKG` → upload: equal geometries (1e-6) and equal values."""
    if layer == "mine":
        body = orjson.dumps({"type": "FeatureCollection", "features": ROUND_TRIP})
        assert upload(client, body, "layer=mine&new_layer_title=Mine").status_code == 201
    download = client.get(f"/api/layers/{layer}.geojson")
    assert download.status_code == 200
    (tmp_path / "layer.geojson").write_bytes(download.get_data())
    converted = subprocess.run([gdal_tool("ogr2ogr"), "-f", "GPKG", str(tmp_path / "layer.gpkg"), str(tmp_path / "layer.geojson")],
                               capture_output=True, text=True, timeout=300)
    assert converted.returncode == 0, converted.stderr
    again = upload(client, (tmp_path / "layer.gpkg").read_bytes(), "layer=again&new_layer_title=Again")
    assert again.status_code == 201, again.get_data(as_text=True)
    before = {f["id"]: f for f in orjson.loads(download.get_data())["features"]}
    after = client.get("/api/features?layer=again").get_json()["features"]
    assert len(after) == len(before)
    for feature in after:
        # The ids are taken (the originals are still there): each keeps its own as source_id.
        original = before[feature["properties"]["source_id"]]
        assert shape(feature["geometry"]).equals_exact(shape(original["geometry"]), 1e-6)
        mine = {k: v for k, v in feature["properties"].items() if k not in ("id", "source_id", "layer", "commitments")}
        theirs = {k: v for k, v in original["properties"].items() if k not in ("id", "layer", "commitments")}
        if layer == "checkpoints":
            mine.pop("kind"), theirs.pop("kind")  # the upload's layer gives its own kind
        assert mine == theirs, feature["properties"]["source_id"]
    assert shapely.__version__  # shapely 2: equals_exact with a tolerance


@pytest.mark.parametrize("body, filename, said", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "sites.csv", "this file is an image (PNG), not a map file"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "sites.geojson", "this file is an image (GIF), not a map file"),
    (b"RIFF\x1a\x00\x00\x00WEBPVP8 ", "sites.geojson", "this file is an image (WebP), not a map file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "sites.xls", "this file is an older Microsoft Office file"),
])
def test_a_picture_or_document_is_refused_for_what_it_is_whatever_its_name(client, body, filename, said):
    """Review 10, M3: a picture named .csv went to GDAL's CSV reader; the first bytes say what it is."""
    response = upload(client, body, f"layer=sites&new_layer_title=Sites&filename={filename}")
    assert response.status_code == 400
    assert response.get_json()["message"].startswith(said), response.get_json()
    assert client.get("/api/features?layer=sites").status_code == 404  # nothing stored


def test_a_shapefile_zip_holding_a_word_document_too_is_still_read(client, tmp_path):
    """Only a ZIP without a Shapefile or KML is said to be an Office file."""
    frame = geopandas.GeoDataFrame({"name": ["Well"]}, geometry=[Point(105.5, 11.5)], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, tmp_path / "wells.shp")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for suffix in (".shp", ".shx", ".dbf", ".prj"):
            archive.write(tmp_path / f"wells{suffix}", f"wells{suffix}")
        archive.writestr("word/document.xml", "<document/>")
    response = upload(client, out.getvalue(), "layer=wells&new_layer_title=Wells&filename=wells.zip")
    assert response.status_code == 201, response.get_data(as_text=True)
