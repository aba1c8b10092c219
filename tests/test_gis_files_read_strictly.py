"""GIS files read as they are written, or refused saying why (review 12: M2, S2, S3, N1, N2).

A KML coordinate GDAL would read as another place is refused with its feature and its value; a
file GDAL cannot read, or that holds nothing, is refused in a sentence of our own that names the
file as uploaded, never a server path or SQL; a Vietnamese Shapefile in CP1258 keeps every
letter; GeoJSON text sequences are read on the API as on the command line. Files are written by
the tools themselves (pyogrio, GDAL's `ogr2ogr`), then damaged the way the review damaged them.
"""

from __future__ import annotations

import io
import zipfile

import geopandas
import pyogrio
import pytest
from shapely.geometry import LineString, Point

TOKEN = {"Authorization": "Bearer test-editor-token"}
COORDINATES = "expected longitude,latitude or longitude,latitude,altitude (numbers separated by commas, " \
              "positions by spaces)"


def upload(client, body: bytes, query: str):
    return client.post(f"/api/features?{query}", data=body, headers=TOKEN)


def depots() -> geopandas.GeoDataFrame:
    return geopandas.GeoDataFrame(
        {"name": ["Truck park Bavet", "Depot Kampot", "Feeder road"]},
        geometry=[Point(106.16, 11.07), Point(104.18, 10.61), LineString([(105.9, 11.2), (106.1, 11.1), (106.3, 11.0)])],
        crs="EPSG:4326")


@pytest.fixture
def kml(tmp_path) -> str:
    """depots() as GDAL's KML driver (ogr2ogr's) writes them."""
    path = tmp_path / "depots.kml"
    pyogrio.write_dataframe(depots(), path, driver="KML")
    text = path.read_text()
    assert "<coordinates>104.18,10.61</coordinates>" in text and "105.9,11.2 106.1,11.1 106.3,11.0" in text
    return text


# Review 12, M2: GDAL read each of these as another place, and the check said all was well.
@pytest.mark.parametrize("written, as_written, said", [
    ("104.18,10.61", "104.18,10.6l", ["feature 2 “Depot Kampot”, coordinates: “10.6l” is not a number"]),
    ("104.18,10.61", "104.18,abc", ["feature 2 “Depot Kampot”, coordinates: “abc” is not a number"]),
    ("104.18,10.61", "104.18 10.61",  # lon and lat apart: GDAL read [0, 0]
     [f"feature 2 “Depot Kampot”, coordinates: “104.18” is not a position: {COORDINATES}",
      f"feature 2 “Depot Kampot”, coordinates: “10.61” is not a position: {COORDINATES}"]),
    ("<coordinates>104.18,10.61</coordinates>", "<coordinates></coordinates>",  # GDAL read [0, 0]
     [f"feature 2 “Depot Kampot”, coordinates: no positions: {COORDINATES}"]),
    ("106.1,11.1", "106.1;11.1",  # GDAL dropped a vertex and moved another
     [f"feature 3 “Feeder road”, coordinates: “106.1;11.1” is not a position: {COORDINATES}"]),
])
def test_a_kml_coordinate_gdal_would_misread_is_refused_with_its_feature_and_value(client, kml, written,
                                                                                     as_written, said):
    body = kml.replace(written, as_written, 1).encode()
    checked = upload(client, body, "layer=depots&new_layer_title=Depots&dry_run=1&filename=depots.kml")
    assert checked.status_code == 422, checked.get_data(as_text=True)
    assert checked.get_json()["problems"] == said
    refused = upload(client, body, "layer=depots&new_layer_title=Depots&filename=depots.kml")
    assert refused.status_code == 422 and client.get("/api/features?layer=depots").status_code == 404


def _kmz(kml: str) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as kmz:
        kmz.writestr("doc.kml", kml)
    return archive.getvalue()


def test_every_bad_kml_coordinate_is_said_at_once_inside_a_kmz_too(client, kml):
    body = _kmz(kml.replace("104.18,10.61", "104.18,10.6l").replace("106.1,11.1", "106.1;11.1"))
    refused = upload(client, body, "layer=depots&new_layer_title=Depots&filename=depots.kmz")
    assert refused.status_code == 422
    assert [problem.split(":")[0] for problem in refused.get_json()["problems"]] == [
        "feature 2 “Depot Kampot”, coordinates", "feature 3 “Feeder road”, coordinates"]
    sound = upload(client, _kmz(kml), "layer=depots&new_layer_title=Depots&filename=depots.kmz&dry_run=1")
    assert sound.status_code == 200 and sound.get_json()["report"]["features"] == 3


def test_kml_coordinates_written_as_gdal_reads_them_are_taken(client, kml):
    """Spaces beside a comma, an exponent, a sign, a third number and line breaks between
    positions are read by GDAL as meant: none is refused."""
    body = kml.replace("104.18,10.61", "+1.0418e2 , 10.61,0").replace(
        "105.9,11.2 106.1,11.1 106.3,11.0", "\n\t105.9, 11.2\n\t106.1,11.1\n\t106.3,11.0\n").encode()
    done = upload(client, body, "layer=depots&new_layer_title=Depots&filename=depots.kml")
    assert done.status_code == 201, done.get_data(as_text=True)
    got = {f["properties"]["name"]: f["geometry"] for f in client.get("/api/features?layer=depots").get_json()["features"]}
    assert got["Depot Kampot"] == {"type": "Point", "coordinates": [104.18, 10.61]}
    assert got["Feeder road"]["coordinates"] == [[105.9, 11.2], [106.1, 11.1], [106.3, 11.0]]

