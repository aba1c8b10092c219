"""GPX files from GPS receivers and ogr2ogr are read; a CAD drawing, plain text and an empty file
are refused saying what they are (review 21b, M3 and M4).

GPX waypoints and tracks are how field teams record gates. GDAL gives every GPX file five layers,
most of them empty: the one that holds features is read, and a file of waypoints and a track asks
which. Before, a GPX file was refused as "not GeoJSON", a DXF drawing and a .txt as "not valid
JSON", and an empty file in GDAL's words or as "expected a GeoJSON Feature".
"""

from __future__ import annotations

import io
import subprocess

import orjson
import pytest
from shapely.geometry import shape

from bordermap.errors import BordermapError
from bordermap.ingest import make_layer, plan_import
from conftest import gdal_tool

TOKEN = {"Authorization": "Bearer test-editor-token"}

GATES = [  # (name, name_km, name_vi, lon, lat)
    ("Bavet", "ច្រកព្រំដែនបាវិត", "Cửa khẩu Bavet", 106.1372, 11.0681),
    ("Mộc Bài", "ច្រកមុកបៃ", "Cửa khẩu quốc tế Mộc Bài", 106.1488, 11.0752),
    ("Prey Vor", "ព្រៃវ", "Cửa khẩu Xa Mát", 106.1201, 11.0632),
]

# As a GPS program writes it: waypoints with elevation and time, and a track of one patrol.
WAYPOINTS_AND_TRACK = f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Garmin Desktop App" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="{GATES[0][4]}" lon="{GATES[0][3]}"><ele>12.5</ele><time>2025-03-01T08:15:00Z</time>
    <name>{GATES[0][1]}</name><desc>{GATES[0][2]}</desc><sym>Flag, Blue</sym></wpt>
  <wpt lat="{GATES[1][4]}" lon="{GATES[1][3]}"><ele>9</ele><name>{GATES[1][2]}</name></wpt>
  <trk><name>Tuần tra – ល្បាត</name><trkseg>
    <trkpt lat="11.0600" lon="106.1200"><ele>10</ele><time>2025-03-01T08:00:00Z</time></trkpt>
    <trkpt lat="11.0650" lon="106.1300"><ele>11</ele><time>2025-03-01T08:05:00Z</time></trkpt>
    <trkpt lat="11.0700" lon="106.1400"><ele>11</ele><time>2025-03-01T08:10:00Z</time></trkpt>
  </trkseg></trk>
</gpx>
""".encode()

DXF = b"  0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n  1\nAC1018\n  0\nENDSEC\n  0\nSECTION\n  2\nENTITIES\n" \
      b"  0\nPOINT\n  8\n0\n 10\n106.1372\n 20\n11.0681\n 30\n0.0\n  0\nENDSEC\n  0\nEOF\n"
MAP_FORMATS = "GeoJSON, a GeoPackage, a zipped Shapefile, KML, CSV, FlatGeobuf or GPX"


def upload(client, body: bytes, query: str):
    return client.post(f"/api/features?{query}", data=body, headers=TOKEN)


def stored(client, layer: str) -> list[dict]:
    return client.get(f"/api/features?layer={layer}").get_json()["features"]


def planned(raw: bytes, filename: str, **options):
    return plan_import(raw, new_layer=make_layer("", title="Gates"), filename=filename, **options)


def refused(raw: bytes, filename: str, **options) -> BordermapError:
    with pytest.raises(BordermapError) as caught:
        planned(raw, filename, **options)
    return caught.value


def test_a_gpx_file_written_by_ogr2ogr_imports_its_waypoints_where_they_were_and_with_their_names(client, tmp_path):
    source = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name, "name_km": km, "name_vi": vi, "lanes": i + 2},
         "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for i, (name, km, vi, lon, lat) in enumerate(GATES)]}
    (tmp_path / "gates.geojson").write_bytes(orjson.dumps(source))
    # Fields GPX has no element for are written as <extensions> only when asked (the reviewer's file was).
    written = subprocess.run([gdal_tool("ogr2ogr"), "-f", "GPX", "-dsco", "GPX_USE_EXTENSIONS=YES",
                              str(tmp_path / "gates.gpx"), str(tmp_path / "gates.geojson")],
                             capture_output=True, text=True, timeout=300)
    assert written.returncode == 0, written.stderr
    body = (tmp_path / "gates.gpx").read_bytes()

    response = upload(client, body, "layer=gates&new_layer_title=Gates&filename=gates.gpx")

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["report"]["warnings"] == []  # GPX's twenty empty standard fields say nothing
    got = {feature["properties"]["name"]: feature for feature in stored(client, "gates")}
    assert set(got) == {name for name, *_ in GATES}
    for i, (name, km, vi, lon, lat) in enumerate(GATES):
        assert got[name]["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
        properties = got[name]["properties"]
        # The fields as the file's author named them, not as GDAL reads them back (ogr_name_km).
        assert (properties["name_km"], properties["name_vi"], properties["lanes"]) == (km, vi, i + 2)
        assert not {"ele", "time", "magvar", "geoidheight", "link1_href", "sym", "ogr_name_km"} & set(properties)


def test_a_gpx_of_waypoints_and_a_track_asks_which_on_the_upload_page_then_reads_each(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post("/upload", data={"file": (io.BytesIO(WAYPOINTS_AND_TRACK), "patrol.gpx"), "target": "new",
                                        "new_title": "Patrol", "action": "check"},
                       content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 422, html
    assert "The file holds 3 layers: “waypoints”, “tracks”, “track_points”" in html  # as the choice offers them
    # The track's points are offered with it (rv25b); the file has no route, so no route points.
    assert 'name="source_layer"' in html and "route_points" not in html and 'value="track_points"' in html

    waypoints = planned(WAYPOINTS_AND_TRACK, "patrol.gpx", source_layer="waypoints")
    assert [orjson.loads(g) for g in waypoints.features.geometries] == [
        {"type": "Point", "coordinates": [GATES[0][3], GATES[0][4]]},
        {"type": "Point", "coordinates": [GATES[1][3], GATES[1][4]]}]
    first, second = waypoints.features.properties
    assert (first["name"], first["desc"], first["sym"]) == (GATES[0][1], GATES[0][2], "Flag, Blue")
    assert (first["ele"], first["time"]) == (12.5, "2025-03-01T08:15:00Z")  # elevation and time kept
    assert (second["name"], second["ele"]) == (GATES[1][2], 9.0) and "time" not in second

    tracks = planned(WAYPOINTS_AND_TRACK, "patrol.gpx", source_layer="tracks")
    assert [p["name"] for p in tracks.features.properties] == ["Tuần tra – ល្បាត"]
    line = shape(orjson.loads(tracks.features.geometries[0]))
    assert [list(point) for part in line.geoms for point in part.coords] == \
        [[106.12, 11.06], [106.13, 11.065], [106.14, 11.07]]

    points = planned(WAYPOINTS_AND_TRACK, "patrol.gpx", source_layer="track_points")
    assert [p["time"] for p in points.features.properties] == \
        ["2025-03-01T08:00:00Z", "2025-03-01T08:05:00Z", "2025-03-01T08:10:00Z"]


def test_a_gpx_file_of_only_a_track_is_read_without_a_choice():
    track = WAYPOINTS_AND_TRACK.replace(WAYPOINTS_AND_TRACK[WAYPOINTS_AND_TRACK.index(b"  <wpt"):
                                                            WAYPOINTS_AND_TRACK.index(b"  <trk>")], b"")
    plan = planned(track, "patrol.gpx")
    assert [p["name"] for p in plan.features.properties] == ["Tuần tra – ល្បាត"]


@pytest.mark.parametrize("body, said", [
    # GDAL would read "11,0681" as 11 and "abc" as 0, and skip a point without lat.
    (WAYPOINTS_AND_TRACK.replace(b'lat="11.0681"', b'lat="11,0681"'),
     ["feature 1 “ច្រកព្រំដែនបាវិត”: lat is “11,0681”, not a number"]),
    (WAYPOINTS_AND_TRACK.replace(b'lon="106.1488"', b'lon="abc"'),
     ["feature 2 “Cửa khẩu quốc tế Mộc Bài”: lon is “abc”, not a number"]),
    (WAYPOINTS_AND_TRACK.replace(b'lat="11.0681" ', b""),
     ["feature 1 “ច្រកព្រំដែនបាវិត”: lat is missing; expected a number"]),
])
def test_a_gpx_position_gdal_would_misread_is_refused_by_feature(body, said):
    error = refused(body, "gates.gpx", source_layer="waypoints")
    assert error.problems == said


def test_a_track_point_gdal_would_misread_is_named_by_track_and_point():
    body = WAYPOINTS_AND_TRACK.replace(b'lon="106.1300"', b'lon="106.13.00"')
    assert refused(body, "patrol.gpx", source_layer="tracks").problems == \
        ["feature 1 “Tuần tra – ល្បាត”, point 2: lon is “106.13.00”, not a number"]


def test_a_gpx_file_cut_short_is_refused_not_read_up_to_the_cut():
    cut = WAYPOINTS_AND_TRACK[:WAYPOINTS_AND_TRACK.index(b'<trkpt lat="11.0700"')]
    error = refused(cut, "patrol.gpx", source_layer="tracks")
    assert error.message.startswith("the GPX file is not well-formed XML at line ")
    assert error.message.endswith("it may be damaged or cut short; save or export it again")


def test_a_dxf_drawing_is_refused_as_a_cad_drawing_and_nothing_is_stored(client):
    response = upload(client, DXF, "layer=drawing&new_layer_title=Drawing&filename=gates.dxf")
    assert response.status_code == 400
    assert response.get_json()["message"] == f"this file is a CAD drawing (DXF), not a map file: upload {MAP_FORMATS}"
    assert client.get("/api/features?layer=drawing").status_code == 404


def test_plain_text_is_refused_as_such_and_a_txt_table_with_lon_lat_still_imports(client):
    notes = "Bavet 11.0681 106.1372\nMộc Bài 11.0752 106.1488\n".encode()
    response = upload(client, notes, "layer=notes&new_layer_title=Notes&filename=notes.txt")
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "this file is plain text, not a map file: if it lists places, give it a header row with lon and lat "
        "columns (or a WKT column), separated by commas, and upload it as a .csv file, or upload " + MAP_FORMATS)
    assert client.get("/api/features?layer=notes").status_code == 404
    table = "name,lon,lat\nBavet,106.1372,11.0681\n".encode()
    imported = upload(client, table, "layer=table&new_layer_title=Table&filename=gates.txt")
    assert imported.status_code == 201, imported.get_data(as_text=True)
    assert stored(client, "table")[0]["geometry"]["coordinates"] == [106.1372, 11.0681]


@pytest.mark.parametrize("filename", ["gates.csv", "gates.gpkg", "gates.kml", "gates.kmz", "gates.fgb", "gates.zip",
                                      "gates.geojsons", "gates.geojson", "gates.gpx", "gates.txt"])
@pytest.mark.parametrize("body", [b"", b"\xef\xbb\xbf\r\n"], ids=["0 bytes", "a BOM and a line end"])
def test_an_empty_file_is_said_to_be_empty_whatever_its_name_and_nothing_is_stored(client, filename, body):
    before = client.get("/api/layers").get_json()
    response = upload(client, body, f"layer=empty&new_layer_title=Empty&filename={filename}")
    assert response.status_code == 400
    assert response.get_json()["message"] == "the file is empty"
    assert client.get("/api/layers").get_json() == before


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_an_empty_csv_on_the_upload_page_says_no_words_of_gdal(client, lang):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/upload?lang={lang}", data={"file": (io.BytesIO(b""), "gates.csv"), "target": "new",
                                                     "new_title": "Gates", "action": "check"},
                       content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "not recognized as being in a supported file format" not in html and "prefixing" not in html
    assert "expected a GeoJSON Feature" not in html
