"""Every layer downloads in every GIS format, and reads back with pyogrio as it was."""

from __future__ import annotations

import io
import math
import os
import shutil
import sqlite3
import subprocess
import zipfile

import orjson
import pyogrio
import pytest
from shapely.geometry import shape

TOKEN = {"Authorization": "Bearer test-editor-token"}
FORMATS = ["gpkg", "csv", "fgb", "kml", "shp.zip"]
# A user layer of every shape type, with typed values, gaps and non-Latin text.
USER_FEATURES = [
    {"type": "Feature", "id": "u-point", "geometry": {"type": "Point", "coordinates": [105.1, 11.2]},
     "properties": {"name": "Điểm – ភូមិ", "population": 12345, "share": 0.25, "open": True, "tags": ["a", "b"]}},
    {"type": "Feature", "id": "u-line", "geometry": {"type": "LineString", "coordinates": [[105, 11], [106, 11.5]]},
     "properties": {"name": "Đường", "population": None, "share": 1.5, "open": False}},
    {"type": "Feature", "id": "u-area", "geometry": {"type": "Polygon", "coordinates": [
        [[105, 11], [105.5, 11], [105.5, 11.5], [105, 11], ]]},
     "properties": {"name": "Vùng", "population": 7, "note": "x" * 300}},
]


@pytest.fixture
def user_layer(client):
    body = orjson.dumps({"type": "FeatureCollection", "features": USER_FEATURES})
    response = client.post("/api/features?layer=mine&new_layer_title=Mine", data=body, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)
    return "mine"


def read_back(data: bytes, fmt: str, tmp_path) -> tuple[dict[str, dict], dict[str, str], list[str]]:
    """{id: row} with geometry, the Shapefile field names (short → full), the files in a zip."""
    names: dict[str, str] = {}
    files: list[str] = []
    if fmt == "shp.zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = archive.namelist()
            archive.extractall(tmp_path)
            lines = archive.read("FIELDS.txt").decode().splitlines()[1:]
            names = dict(line.split("\t") for line in lines if "\t" in line)
        paths = sorted(tmp_path.glob("*.shp"))
    else:
        path = tmp_path / f"download.{fmt}"
        path.write_bytes(data)
        paths = [path]
    rows: dict[str, dict] = {}
    for path in paths:
        frame = pyogrio.read_dataframe(path, datetime_as_string=True)  # a Date field as the upload reads it
        for record in frame.to_dict("records"):
            record = {names.get(key, key): value for key, value in record.items()}
            rows[record["id"]] = record
    return rows, names, files


def same_value(expected, got, fmt: str, name: str) -> bool:
    if expected is None:
        return got is None or (isinstance(got, float) and math.isnan(got)) or got == ""
    if isinstance(expected, (list, dict)):
        text = orjson.dumps(expected).decode()
        if fmt == "shp.zip" and len(text.encode()) > 254:  # dBase keeps 254 bytes; FIELDS.txt says so
            return text.startswith(got) and len(got.encode()) <= 254
        return orjson.loads(got) == expected
    if fmt == "csv":  # CSV keeps text: numbers as written, booleans as true/false
        if isinstance(expected, bool):
            return got == ("true" if expected else "false")
        if isinstance(expected, (int, float)):
            return float(got) == expected
    if isinstance(expected, str) and fmt == "shp.zip" and len(expected.encode()) > 254:
        return expected.startswith(got) and len(got.encode()) <= 254
    if isinstance(expected, bool):
        return bool(got) == expected
    if isinstance(expected, (int, float)):
        return float(got) == float(expected)
    return got == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layer", ["expressways", "provinces-kh", "checkpoints", "mine"])
def test_download_reads_back(client, user_layer, tmp_path, fmt, layer):
    response = client.get(f"/api/layers/{layer}.{fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Disposition"] == f'attachment; filename="{layer}.{fmt}"'
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    features = orjson.loads(client.get(f"/api/features?layer={layer}").data)["features"]
    rows, _, files = read_back(response.data, fmt, tmp_path)
    assert sorted(rows) == sorted(f["id"] for f in features)
    for feature in features:
        row = rows[feature["id"]]
        expected = shape(feature["geometry"])
        got = row["geometry"]
        if got.has_z:  # KML writes points with a height of 0
            from shapely import force_2d
            got = force_2d(got)
        assert got.normalize().equals_exact(expected.normalize(), 1e-6), (feature["id"], fmt)
        for name, value in feature["properties"].items():
            if fmt == "shp.zip" and name == "commitments":  # left out: dBase would cut the name (FIELDS.txt)
                continue
            key = "Name" if fmt == "kml" and name == "name" else name
            assert key in row, (fmt, name, sorted(row))
            assert same_value(value, row[key], fmt, name), (feature["id"], fmt, name, value, row[key])


def test_shapefile_zip_splits_by_shape_type(client, user_layer):
    with zipfile.ZipFile(io.BytesIO(client.get("/api/layers/mine.shp.zip").data)) as archive:
        names = set(archive.namelist())
        assert {f"mine-{kind}.{ext}" for kind in ("points", "lines", "polygons")
                for ext in ("shp", "shx", "dbf", "prj", "cpg")} <= names
        assert archive.read("mine-points.cpg").decode().strip().upper() in ("UTF-8", "UTF8")
        assert "WGS" in archive.read("mine-points.prj").decode()
        assert "LICENSE.txt" in names and "FIELDS.txt" in names
        assert "Texts longer than 254 bytes were cut" in archive.read("FIELDS.txt").decode()
    with zipfile.ZipFile(io.BytesIO(client.get("/api/layers/checkpoints.shp.zip").data)) as archive:
        assert {"checkpoints.shp", "checkpoints.dbf"} <= set(archive.namelist())


def test_licence_inside_files(client, tmp_path):
    path = tmp_path / "p.gpkg"
    path.write_bytes(client.get("/api/layers/provinces-kh.gpkg").data)
    info = pyogrio.read_info(path)
    assert "CC BY 4.0" in info["layer_metadata"]["LICENSE"] and "Natural Earth" in info["dataset_metadata"]["LICENSE"]
    path = tmp_path / "p.fgb"
    path.write_bytes(client.get("/api/layers/provinces-kh.fgb").data)
    assert "GeoNames" in pyogrio.read_info(path)["layer_metadata"]["DESCRIPTION"]
    assert b"Made with Natural Earth." in client.get("/api/layers/boundary.kml").data
    with zipfile.ZipFile(io.BytesIO(client.get("/api/layers/provinces-kh.shp.zip").data)) as archive:
        text = archive.read("LICENSE.txt").decode()
    assert "Public domain" in text and "CC-BY-4.0" in text
    geojson = orjson.loads(client.get("/api/layers/checkpoints.geojson").data)
    assert "Natural Earth" in geojson["license"] and "bordermap contributors" in geojson["attribution"]


def test_user_layer_licence_says_the_uploader(client, user_layer):
    with zipfile.ZipFile(io.BytesIO(client.get("/api/layers/mine.shp.zip").data)) as archive:
        assert "bordermap grants none" in archive.read("LICENSE.txt").decode()


def test_own_geojson_download_imports_again(client, user_layer):
    """The licence members of the GeoJSON download do not stop it coming back in."""
    data = client.get("/api/layers/mine.geojson").data
    response = client.post("/api/features?layer=again&new_layer_title=Again&dry_run=1", data=data, headers=TOKEN)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_licences_endpoint(client):
    data = orjson.loads(client.get("/api/licences").data)
    assert data["code"]["spdx"] == "MIT"
    by_id = {source["id"]: source for source in data["sources"]}
    assert by_id["geonames"]["spdx"] == "CC-BY-4.0" and by_id["openstreetmap-tiles"]["spdx"] == "ODbL-1.0"
    assert by_id["natural-earth"]["licence"] == "Public domain" and by_id["openstreetmap-tiles"]["layers"] == []
    layers = {layer["id"] for layer in orjson.loads(client.get("/api/layers").data)}
    # Every curated layer has at least one source, and every source names real layers.
    for source in data["sources"]:
        assert set(source["layers"]) <= layers
    assert layers == {name for source in data["sources"] for name in source["layers"]}


@pytest.mark.parametrize("url, status", [("/api/layers/nope.gpkg", (404,)), ("/api/layers/checkpoints.xls", (404,))])
def test_download_errors(client, url, status):
    assert client.get(url).status_code in status


@pytest.mark.parametrize("ending", ["shp", "json", "xyz", "GPKG", "zip", "geojson.zip", ""])
def test_a_wrong_download_ending_says_the_ones_there_are(client, user_layer, ending):
    """Review 12, N6: `.shp`, the first ending a GIS user tries, answered 405 "Method Not Allowed"
    (the editing API's DELETE on the same address), which says nothing of the `.shp.zip` there is."""
    for layer in ("checkpoints", user_layer):
        name = f"{layer}.{ending}" if ending else layer
        response = client.get(f"/api/layers/{name}", headers={"Origin": "https://umap.example"})
        assert response.status_code == 404 and response.mimetype == "application/json"
        assert response.get_json()["message"] == (f"no download {name!r}; layer {layer!r} downloads as "
                                                  ".geojson, .gpkg, .fgb, .csv, .kml, .shp.zip")
        assert response.headers["Access-Control-Allow-Origin"] == "*"  # as the downloads' other answers
    assert "no layer with id 'nope'" in client.get("/api/layers/nope.shp").get_json()["message"]
    # Each ending it names is a download indeed; and the layer can still be deleted there.
    for ending in (".geojson", ".gpkg", ".fgb", ".csv", ".kml", ".shp.zip"):
        assert client.get(f"/api/layers/checkpoints{ending}").status_code == 200, ending
    deleted = client.delete(f"/api/layers/{user_layer}", headers={"Authorization": "Bearer test-editor-token"})
    assert deleted.status_code in (200, 204), deleted.get_data(as_text=True)


def test_download_304(client):
    first = client.get("/api/layers/checkpoints.gpkg")
    again = client.get("/api/layers/checkpoints.gpkg", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_parallel_downloads_build_once(app, client, monkeypatch):
    """Eight clients asking at once for a file not built yet cause one build."""
    from concurrent.futures import ThreadPoolExecutor

    from bordermap import downloads

    builds = []
    real = downloads.build
    monkeypatch.setattr(downloads, "build", lambda *a: builds.append(a) or real(*a))
    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda _: app.test_client().get("/api/layers/provinces-vn.gpkg").data, range(8)))
    assert len(builds) == 1 and len(set(bodies)) == 1


def test_a_change_rebuilds_the_download(client, user_layer):
    before = client.get("/api/layers/mine.csv").data
    body = orjson.dumps({"type": "Feature", "id": "u-new", "properties": {"name": "New"},
                         "geometry": {"type": "Point", "coordinates": [105.3, 11.3]}})
    assert client.post("/api/features?layer=mine", data=body, headers=TOKEN).status_code == 201
    after = client.get("/api/layers/mine.csv").data
    assert b"u-new" in after and b"u-new" not in before


def test_a_change_to_another_layer_does_not_rebuild_the_download(app, client, user_layer, monkeypatch):
    """A layer of a million points takes long to write as a GeoPackage: it is written again when
    its own features may have changed, not when another layer or a commitment does."""
    from bordermap import downloads

    builds = []
    real = downloads.build
    monkeypatch.setattr(downloads, "build", lambda *a: builds.append(a) or real(*a))
    features = app.extensions["bordermap.store"].features
    first = client.get("/api/layers/mine.gpkg").data
    geojson = client.get("/api/layers/mine.geojson").data
    body = orjson.dumps({"type": "Feature", "id": "w-new", "properties": {"name": "Well"},
                         "geometry": {"type": "Point", "coordinates": [105.3, 11.3]}})
    assert client.post("/api/features?layer=other&new_layer_title=Other", data=body, headers=TOKEN).status_code == 201
    assert client.get("/api/layers/mine.gpkg").data == first and len(builds) == 1
    kind = type(app.extensions["bordermap.store"])
    monkeypatch.setattr(kind, "features", lambda self, *a, **k: pytest.fail("read again"))
    assert client.get("/api/layers/mine.geojson").data == geojson
    monkeypatch.setattr(kind, "features", lambda self, *a, **k: features(*a, **k))
    # Its own change: written again.
    assert client.post("/api/features?layer=mine", data=body.replace(b"w-new", b"u-new"), headers=TOKEN).status_code == 201
    assert b"u-new" in client.get("/api/layers/mine.geojson").data
    client.get("/api/layers/mine.gpkg")
    assert len(builds) == 2


@pytest.mark.parametrize("fmt", ["gpkg", "fgb"])
def test_whole_numbers_some_features_lack_stay_an_integer_field(client, user_layer, tmp_path, fmt):
    # population is 12345, null and 7: a Real field would give 12345.0 back to a GIS.
    path = tmp_path / f"mine.{fmt}"
    path.write_bytes(client.get(f"/api/layers/mine.{fmt}").get_data())
    info = pyogrio.read_info(path)
    assert dict(zip(info["fields"], info["dtypes"], strict=True))["population"] == "int64"
    read = pyogrio.read_dataframe(path).set_index("id")
    assert read["population"].isna().sum() == 1 and read.loc["u-area", "population"] == 7


# A Shapefile cuts texts at 254 bytes (FIELDS.txt says which): the sources do not come back whole.
@pytest.mark.parametrize("fmt", [fmt for fmt in FORMATS if fmt != "shp.zip"])
def test_a_curated_layers_download_uploads_again_as_it_was(client, fmt):
    """A researcher takes the checkpoints into a GIS and uploads them as a layer of their own:
    sources written as JSON text, CSV's true and false, KML's numbers as text all read back (review 12, S6)."""
    data = client.get(f"/api/layers/checkpoints.{fmt}").get_data()
    response = client.post(f"/api/features?layer=mine&new_layer_title=Mine&dry_run=1&filename=checkpoints.{fmt}",
                           data=data, headers=TOKEN)
    assert response.status_code == 200, response.get_data(as_text=True)[:600]
    report = response.get_json()["report"]
    curated = {f["id"]: f["properties"] for f in client.get("/api/features?layer=checkpoints").get_json()["features"]}
    assert report["features"] == len(curated)
    for row in report["preview"]:
        # The checkpoints' ids are taken (by the checkpoints): each keeps its own as source_id.
        original = curated[row["properties"]["source_id"]]
        for name in ("sources", "highlight", "precision_m", "status", "name_km"):
            if name in original:
                assert row["properties"][name] == original[name], (fmt, row["id"], name)


def test_a_value_that_does_not_read_back_is_named_alone(client):
    csv_text = ("name,lon,lat,highlight,precision_m\n"
                "Pier,105.1,11.1,1,250\nDepot,105.2,11.2,maybe,250\nYard,105.3,11.3,0,-4\n").encode()
    refused = client.post("/api/features?layer=mine&new_layer_title=Mine&dry_run=1&filename=sites.csv",
                          data=csv_text, headers=TOKEN)
    assert refused.status_code == 422
    problems = refused.get_json()["problems"]
    assert len(problems) == 2, problems  # the 1, the 0 and the first 250 read back
    assert any("highlight" in p and '"maybe"' in p for p in problems)
    assert any("precision_m" in p and "-4" in p for p in problems)


def _debian_ogrinfo() -> str:
    """GDAL's ogrinfo as Debian 12 ships it (3.6), which QGIS on Debian reads GeoPackages with."""
    found = "/usr/bin/ogrinfo" if os.path.exists("/usr/bin/ogrinfo") else shutil.which("ogrinfo")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("ogrinfo is missing (apt-get install gdal-bin)", pytrace=False)
        pytest.skip("ogrinfo not found (apt-get install gdal-bin)")
    return found


@pytest.mark.parametrize("url", ["/api/layers/checkpoints.gpkg", "/api/layers/mine.gpkg", "/api/bordermap.gpkg"])
def test_geopackages_open_without_a_warning_in_debians_gdal(client, user_layer, tmp_path, url):
    """Review 12, N7: GDAL 3.12 writes GeoPackage 1.4, of which GDAL 3.6 (Debian 12, and the QGIS
    built on it) warns "may only be partially supported" on every open; the downloads are 1.2."""
    path = tmp_path / url.rsplit("/", 1)[-1]
    path.write_bytes(client.get(url).get_data())
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (0x47504B47,)  # "GPKG"
        assert db.execute("PRAGMA user_version").fetchone() == (10200,)
    said = subprocess.run([_debian_ogrinfo(), "-ro", "-so", "-al", str(path)], capture_output=True, text=True,
                          timeout=300)
    assert said.returncode == 0 and "Feature Count:" in said.stdout, said.stderr
    assert "partially supported" not in said.stderr and "Warning" not in said.stderr, said.stderr
