"""A layer's download keeps each feature's geometry type and its dates, and uploads again as it
was: no Polygon made a MultiPolygon, no date made text or a time, no cut name left behind
(review 15, F13 and F14)."""

from __future__ import annotations

import io
import subprocess
import zipfile

import orjson
import pyogrio
import pytest
from shapely.geometry import shape

from conftest import gdal_tool

TOKEN = {"Authorization": "Bearer test-editor-token"}
SQUARE = [[105, 11], [105.5, 11], [105.5, 11.5], [105, 11]]
# A province split by a river is a MultiPolygon beside Polygons; a road in two pieces a
# MultiLineString beside LineStrings. `opened` holds dates alone; `said` and `noted` look like
# dates and are not all ISO calendar dates (a month, a year, 30 February, a day written out).
AREAS = [
    {"type": "Feature", "id": "one-area", "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
     "properties": {"name": "One", "opened": "2025-12-08", "said": "2025-12", "noted": "2025-02-30"}},
    {"type": "Feature", "id": "two-areas", "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[x + 1, y] for x, y in SQUARE]], [[[x + 2, y] for x, y in SQUARE]]]},
     "properties": {"name": "Two", "opened": None, "said": "2026-01-07", "noted": "08/12/2025"}},
]
ROADS = [
    {"type": "Feature", "id": "one-road", "geometry": {"type": "LineString", "coordinates": [[105, 12], [106, 12.5]]},
     "properties": {"name": "Road", "opened": "2024-02-29", "said": "2024-03-01", "noted": "1 March 2024"}},
    {"type": "Feature", "id": "two-roads", "geometry": {"type": "MultiLineString", "coordinates": [
        [[105, 13], [106, 13.5]], [[107, 13], [108, 13.5]]]},
     "properties": {"name": "Roads", "opened": "2023-01-31", "said": "2023", "noted": None}},
]
LAYERS = {"areas": AREAS, "roads": ROADS, "mixed": AREAS + ROADS}


@pytest.fixture
def layers(client):
    for layer, features in LAYERS.items():
        body = orjson.dumps({"type": "FeatureCollection", "features": features})
        response = client.post(f"/api/features?layer={layer}&new_layer_title={layer}", data=body, headers=TOKEN)
        assert response.status_code == 201, response.get_data(as_text=True)
    return LAYERS


def upload_again(client, data: bytes, filename: str, layer: str, source_layer: str = "") -> dict[str, dict]:
    """The features of a download uploaded as a new layer, by the id they had: {id: feature}."""
    chosen = f"&source_layer={source_layer}" if source_layer else ""
    response = client.post(f"/api/features?layer={layer}&new_layer_title=Again&filename={filename}{chosen}",
                           data=data, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)[:600]
    features = client.get(f"/api/features?layer={layer}").get_json()["features"]
    return {feature["properties"]["source_id"]: feature for feature in features}


def shapefiles(data: bytes, folder) -> dict[str, str]:
    """The zip's Shapefiles unpacked into `folder`: {layer name: path}."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    return {path.stem: str(path) for path in sorted(folder.glob("*.shp"))}


@pytest.mark.parametrize("fmt", ["gpkg", "fgb"])
@pytest.mark.parametrize("layer", ["areas", "roads"])
def test_single_and_multi_shapes_upload_again_each_as_it_was(client, layers, tmp_path, fmt, layer):
    """GDAL wrote such a layer as "Multi Polygon": a Polygon came back a MultiPolygon of one part."""
    data = client.get(f"/api/layers/{layer}.{fmt}").get_data()
    path = tmp_path / f"{layer}.{fmt}"
    path.write_bytes(data)
    assert pyogrio.read_info(path)["geometry_type"] == "Unknown"  # GeoPackage's GEOMETRY: any type
    again = upload_again(client, data, f"{layer}.{fmt}", f"again-{fmt}")
    assert sorted(again) == sorted(feature["id"] for feature in layers[layer])
    for feature in layers[layer]:
        got = again[feature["id"]]["geometry"]
        assert got["type"] == feature["geometry"]["type"], (fmt, feature["id"])
        assert shape(got).equals_exact(shape(feature["geometry"]), 1e-6), (fmt, feature["id"])


@pytest.mark.parametrize("fmt", ["gpkg", "shp.zip"])
def test_a_column_of_dates_is_a_date_field_and_uploads_again_as_the_same_dates(client, layers, tmp_path, fmt):
    """A GIS filters a Date field as dates, and an upload reads it back as the same text, not a time."""
    data = client.get(f"/api/layers/mixed.{fmt}").get_data()
    if fmt == "shp.zip":
        paths = shapefiles(data, tmp_path)
    else:
        (tmp_path / f"mixed.{fmt}").write_bytes(data)
        paths = {"mixed": str(tmp_path / f"mixed.{fmt}")}
    for path in paths.values():
        info = pyogrio.read_info(path)
        types = dict(zip(info["fields"], info["dtypes"], strict=True))
        assert types["opened"] == "datetime64[D]", (fmt, path)
        assert types["said"] == types["noted"] == "object", (fmt, path)  # not all calendar dates: text
    for name in paths:
        again = upload_again(client, data, f"mixed.{fmt}", f"again-{name}-{fmt.replace('.', '-')}",
                             source_layer=name if len(paths) > 1 else "")
        for feature in AREAS + ROADS:
            if feature["id"] not in again:
                continue  # in the zip's other Shapefile
            for key in ("opened", "said", "noted"):
                assert again[feature["id"]]["properties"].get(key) == feature["properties"][key], (fmt, key)
            assert again[feature["id"]]["geometry"]["type"] == feature["geometry"]["type"], (fmt, feature["id"])


def test_the_shapefile_download_uploads_again_without_a_cut_commitment_property(client, layers, tmp_path):
    """dBase cut `commitments` to `commitment`: the upload dropped the one bordermap sets itself
    by its name and kept the cut one on every feature, as "[]"."""
    data = client.get("/api/layers/mixed.shp.zip").get_data()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        fields = archive.read("FIELDS.txt").decode()
    assert not [line for line in fields.splitlines() if line.endswith("\tcommitments")]
    assert "commitments" in fields  # said to be left out, and where to find it
    paths = shapefiles(data, tmp_path)
    for path in paths.values():
        assert not {"commitment", "commitments"} & set(pyogrio.read_info(path)["fields"])
    for name in paths:
        for feature in upload_again(client, data, "mixed.shp.zip", f"again-{name}", source_layer=name).values():
            assert [key for key in feature["properties"] if key.startswith("commitment")] == ["commitments"]
            assert feature["properties"]["commitments"] == []  # bordermap's own: no link comes with a file


# FlatGeobuf has no Date field (its columns hold a time too, which would come back as
# 2025-12-08T00:00:00): the dates stay text there.
@pytest.mark.parametrize("fmt, geometry, opened", [
    ("gpkg", "Geometry: Unknown (any)", "opened: Date"),
    ("fgb", "Geometry: Unknown (any)", "opened: String"),
    ("shp.zip", "Geometry: Polygon", "opened: Date"),
])
def test_gis_programs_read_the_types_written(client, layers, tmp_path, fmt, geometry, opened):
    """As GDAL's ogrinfo (Debian 12's, which QGIS on Debian is built on) reads the downloads."""
    data = client.get(f"/api/layers/areas.{fmt}").get_data()
    if fmt == "shp.zip":
        path = shapefiles(data, tmp_path)["areas"]
    else:
        path = tmp_path / f"areas.{fmt}"
        path.write_bytes(data)
    said = subprocess.run([gdal_tool("ogrinfo"), "-ro", "-so", "-al", str(path)], capture_output=True, text=True, timeout=300)
    assert said.returncode == 0, said.stderr
    lines = [line.strip() for line in said.stdout.splitlines()]
    assert geometry in lines, said.stdout
    assert any(line.startswith(opened + " ") for line in lines), said.stdout
