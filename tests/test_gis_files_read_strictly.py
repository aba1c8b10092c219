"""GIS files read as they are written, or refused saying why (review 12: M2, S2, S3, N1, N2).

A KML coordinate GDAL would read as another place is refused with its feature and its value; a
file GDAL cannot read, or that holds nothing, is refused in a sentence of our own that names the
file as uploaded, never a server path or SQL; a Vietnamese Shapefile in CP1258 keeps every
letter; GeoJSON text sequences are read on the API as on the command line. Files are written by
the tools themselves (pyogrio, GDAL's `ogr2ogr`), then damaged the way the review damaged them.
"""

from __future__ import annotations

import io
import subprocess
import zipfile

import geopandas
import orjson
import pyogrio
import pytest
from shapely.geometry import LineString, Point

from conftest import gdal_tool

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


# ----------------------------------------------------------------------------- review 12, S3 and N2
def written(tmp_path, name: str, frame: geopandas.GeoDataFrame, **options) -> bytes:
    path = tmp_path / name
    pyogrio.write_dataframe(frame, path, **options)
    return path.read_bytes()


def test_a_geopackage_cut_short_is_said_to_be_damaged_without_sql(client, tmp_path):
    whole = written(tmp_path, "depots.gpkg", depots())
    refused = upload(client, whole[:len(whole) * 3 // 5], "layer=d&new_layer_title=D&filename=depots.gpkg")
    assert refused.status_code == 400
    message = refused.get_json()["message"]
    assert message == ("the GeoPackage is damaged or cut short: it cannot be read as a database; save or copy it "
                       "again"), message


def test_a_broken_kml_is_named_as_uploaded_not_by_the_servers_copy(client, kml):
    refused = upload(client, kml[:len(kml) // 2].encode(), "layer=d&new_layer_title=D&filename=depots.kml")
    assert refused.status_code == 400
    message = refused.get_json()["message"]
    assert message.startswith("the KML file is not well-formed XML at line "), message
    assert message.endswith(": it may be damaged or cut short; save or export it again"), message
    assert "/tmp" not in message and "bordermap-upload" not in message and "upload.kml" not in message


def test_gdals_other_words_name_the_file_as_uploaded(tmp_path):
    from bordermap.ingest.gdal_errors import refusal

    said = refusal(RuntimeError("ERROR 1: /tmp/bordermap-upload-x1/upload.fgb: Fatal error parsing feature"), "fgb",
                   "FlatGeobuf", "/tmp/bordermap-upload-x1", "depots.fgb")
    assert said.message == "the file could not be read as FlatGeobuf: ERROR 1: depots.fgb: Fatal error parsing feature"
    inside = refusal(RuntimeError("cannot open /vsizip//tmp/bordermap-upload-x1/upload.zip/doc.kml"), "zip",
                     "zipped Shapefile", "/tmp/bordermap-upload-x1", "depots.kmz")
    assert inside.message.endswith("cannot open depots.kmz/doc.kml")


@pytest.mark.parametrize("suffix, driver", [(".gpkg", "GPKG"), (".fgb", "FlatGeobuf"), (".kml", "LIBKML"),
                                            (".shp.zip", "ESRI Shapefile")])
def test_a_file_without_features_says_so_whatever_its_format(client, tmp_path, suffix, driver):
    """Review 12, S3: an empty GeoPackage was refused in GeoJSON's words ("features: expected at least one
    Feature, got an empty array")."""
    empty = depots().iloc[:0]
    if suffix == ".shp.zip":
        pyogrio.write_dataframe(empty, tmp_path / "none.shp")
        body = io.BytesIO()
        with zipfile.ZipFile(body, "w") as archive:
            for part in ("shp", "shx", "dbf", "prj"):
                archive.write(tmp_path / f"none.{part}", f"none.{part}")
        body = body.getvalue()
    else:
        body = written(tmp_path, f"none{suffix}", empty, driver=driver)
    refused = upload(client, body, f"layer=d&new_layer_title=D&filename=none{suffix}")
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert refused.get_json()["message"] == "the file holds no features"


def test_an_unknown_layer_is_refused_with_the_files_layers(client, tmp_path):
    path = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(depots(), path, layer="markets")
    pyogrio.write_dataframe(depots().iloc[:0], path, layer="piers")
    unknown = upload(client, path.read_bytes(), "layer=d&new_layer_title=D&source_layer=nope")
    assert unknown.status_code == 422
    assert unknown.get_json()["message"] == "source_layer: the file has no layer “nope”; it has “markets”, “piers”"
    assert unknown.get_json()["problems"] == ["source_layer: markets", "source_layer: piers"]
    empty = upload(client, path.read_bytes(), "layer=d&new_layer_title=D&source_layer=piers")
    assert empty.status_code == 422 and empty.get_json()["message"] == "the layer “piers” holds no features"


def test_a_flatgeobuf_cut_short_is_not_called_empty(client, tmp_path):
    """Review 12, N2: GDAL reads a FlatGeobuf cut after its header as holding no features, without
    an error; its header says how many it holds."""
    whole = written(tmp_path, "depots.fgb", depots(), layer_options={"SPATIAL_INDEX": "NO"})
    header = 12 + int.from_bytes(whole[8:12], "little")  # magic bytes, header size, header
    refused = upload(client, whole[:header], "layer=d&new_layer_title=D&filename=depots.fgb")
    assert refused.status_code == 400
    assert refused.get_json()["message"] == ("the FlatGeobuf file is cut short: its header announces 3 features, "
                                             "0 could be read")


# ----------------------------------------------------------------------------- review 12, S2


def test_a_vietnamese_shapefile_in_cp1258_keeps_every_letter(client, tmp_path):
    """GDAL's iconv held back the last character of every field name and value ("nam: Cửa khẩu Mộc Bà")."""
    source = tmp_path / "gates.geojson"
    source.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Cửa khẩu Mộc Bài", "province": "Tây Ninh", "lanes": 4},
         "geometry": {"type": "Point", "coordinates": [106.16, 11.07]}}]}))
    made = subprocess.run([gdal_tool("ogr2ogr"), "-lco", "ENCODING=CP1258", str(tmp_path / "gates.shp"), str(source)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "gates.cpg").read_text().strip() == "CP1258"
    dbf = (tmp_path / "gates.dbf").read_bytes()
    assert "Tây Ninh".encode("cp1258") in dbf and "Tây Ninh".encode() not in dbf  # CP1258, not UTF-8
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w") as archive:
        for part in ("shp", "shx", "dbf", "prj", "cpg"):
            archive.write(tmp_path / f"gates.{part}", f"gates.{part}")
    done = upload(client, body.getvalue(), "layer=gates&new_layer_title=Gates&filename=gates.zip")
    assert done.status_code == 201, done.get_data(as_text=True)
    properties = client.get("/api/features?layer=gates").get_json()["features"][0]["properties"]
    assert (properties["name"], properties["province"], properties["lanes"]) == ("Cửa khẩu Mộc Bài", "Tây Ninh", 4)


# ----------------------------------------------------------------------------- review 12, N1
@pytest.mark.parametrize("filename, separated", [("depots.geojsons", "YES"), ("depots.geojsonl", "NO"),
                                                 ("request body", "YES"), ("request body", "NO")])
def test_a_geojson_text_sequence_is_read_on_the_api_as_on_the_command_line(client, tmp_path, filename, separated):
    """Review 12, N1: refused as "not text" (RS-separated) or "more text follows the end of the JSON"."""
    body = written(tmp_path, "depots.geojsons", depots(), driver="GeoJSONSeq", layer_options={"RS": separated})
    assert body.startswith(b"\x1e") == (separated == "YES") and body.count(b"\n") == 3
    done = upload(client, body, f"layer=seq&new_layer_title=Seq&filename={filename}")
    assert done.status_code == 201, done.get_data(as_text=True)
    assert done.get_json()["report"]["geometry_types"] == {"LineString": 1, "Point": 2}
    got = {f["properties"]["name"]: f["geometry"] for f in client.get("/api/features?layer=seq").get_json()["features"]}
    assert got["Depot Kampot"] == {"type": "Point", "coordinates": [104.18, 10.61]}


def test_a_sequences_problems_name_its_records_and_lines(client, tmp_path):
    body = written(tmp_path, "depots.geojsons", depots(), driver="GeoJSONSeq", layer_options={"RS": "NO"})
    far = upload(client, body.replace(b"104.18", b"204.18"), "layer=seq&new_layer_title=Seq&filename=d.geojsonl")
    assert far.status_code == 422
    assert far.get_json()["problems"] == [
        "features[1].geometry.coordinates: expected a longitude within -180…180, got 204.18"]
    lines = body.split(b"\n")
    lines[2] = lines[2].replace(b'"name":', b'"name"', 1)
    broken = upload(client, b"\n".join(lines), "layer=seq&new_layer_title=Seq&filename=d.geojsonl")
    assert broken.status_code == 400
    assert broken.get_json()["message"].startswith("not valid JSON at line 3, column "), broken.get_json()
    assert client.get("/api/features?layer=seq").status_code == 404  # nothing stored


def test_the_upload_page_reads_a_sequence_and_names_its_features(client, tmp_path):
    body = written(tmp_path, "depots.geojsons", depots(), driver="GeoJSONSeq", layer_options={"RS": "YES"})
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post("/upload", data={"file": (io.BytesIO(body), "depots.geojsons"), "target": "new",
                                        "new_title": "Seq", "action": "check"}, content_type="multipart/form-data")
    assert page.status_code == 200 and "Dry run: 3 features would be added" in page.get_data(as_text=True)
    far = client.post("/upload", data={"file": (io.BytesIO(body.replace(b"104.18", b"204.18")), "depots.geojsons"),
                                       "target": "new", "new_title": "Seq", "action": "check"},
                      content_type="multipart/form-data")
    assert far.status_code == 422 and "Feature 2 “Depot Kampot”, geometry.coordinates" in far.get_data(as_text=True)


def test_a_kmz_that_unpacks_past_the_upload_limit_is_refused_before_it_is_read(tmp_path):
    """A small archive can unpack to gigabytes: its KML is refused by its declared size, as the
    same KML uploaded alone would be, before any of it is read into memory."""
    from bordermap.errors import TooLarge
    from bordermap.ingest import plan_import
    from bordermap.ingest.parse import Limits

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as kmz:
        kmz.writestr("doc.kml", '<kml><Document><Placemark><Point><coordinates>105,11</coordinates></Point>'
                                '</Placemark>' + " " * 3_000_000 + "</Document></kml>")
    raw = archive.getvalue()
    assert len(raw) < 100_000
    with pytest.raises(TooLarge, match=r"doc.kml” in the archive is 3,000,\d+ bytes unpacked; the limit is 1,000,000"):
        plan_import(raw, layer="x", filename="big.kmz", limits=Limits(max_bytes=1_000_000))
