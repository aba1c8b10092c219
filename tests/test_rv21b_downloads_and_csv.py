"""Review 21b, low findings on downloads and CSV uploads: a download uploaded again keeps its
booleans (CSV) and says nothing of elevations (KML); a CSV's name column titles its features;
the Shapefile download says which features it split; the OGC API's `limit` refusal says what
the README says."""

from __future__ import annotations

import csv
import io
import zipfile

import orjson
import pytest

from bordermap.ingest import geo_read, kml_coordinates

TOKEN = {"Authorization": "Bearer test-editor-token"}
ELEVATION = "the third coordinate (elevation) was dropped"
POINTS = [
    {"type": "Feature", "id": "gate-open", "geometry": {"type": "Point", "coordinates": [106.1372, 11.0681]},
     "properties": {"name": "Mộc Bài", "open": True, "lanes": 4}},
    {"type": "Feature", "id": "gate-shut", "geometry": {"type": "Point", "coordinates": [106.1488, 11.0752]},
     "properties": {"name": "Xa Mát", "open": False, "lanes": 2}},
    {"type": "Feature", "id": "gate-road", "geometry": {"type": "LineString",
                                                        "coordinates": [[106.09, 11.05], [106.11, 11.06]]},
     "properties": {"name": "Đường", "lanes": 1}},  # no `open`: a gap in the boolean column
]
COLLECTION = {"type": "Feature", "id": "gate-and-road", "properties": {"name": "Gate and road"},
              "geometry": {"type": "GeometryCollection", "geometries": [
                  {"type": "Point", "coordinates": [106.1372, 11.0681]},
                  {"type": "LineString", "coordinates": [[106.09, 11.05], [106.11, 11.06]]}]}}


def upload(client, body: bytes, query: str):
    return client.post(f"/api/features?{query}", data=body, headers=TOKEN)


def new_layer(client, layer: str, features: list[dict]) -> None:
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    response = upload(client, body, f"layer={layer}&new_layer_title={layer}")
    assert response.status_code == 201, response.get_data(as_text=True)


def stored(client, layer: str) -> dict[str, dict]:
    """The layer's features by their name."""
    features = client.get(f"/api/features?layer={layer}").get_json()["features"]
    return {feature["properties"].get("name", feature["id"]): feature for feature in features}


# ----------------------------------------------------------------------------- L1
def test_a_csv_download_uploaded_again_keeps_its_booleans(client):
    """`open: true` came back as 1, and popups and the OGC API then showed numbers."""
    new_layer(client, "gates", POINTS)
    data = client.get("/api/layers/gates.csv").get_data()
    assert b",true," in data and b",false," in data  # as a spreadsheet shows them
    response = upload(client, data, "layer=again&new_layer_title=Again&filename=gates.csv")
    assert response.status_code == 201, response.get_data(as_text=True)
    again = stored(client, "again")
    assert again["Mộc Bài"]["properties"]["open"] is True
    assert again["Xa Mát"]["properties"]["open"] is False
    assert "open" not in again["Đường"]["properties"]  # the gap stays a gap
    assert again["Mộc Bài"]["properties"]["lanes"] == 4  # numbers stay numbers


def test_bordermap_own_booleans_read_back_from_new_and_old_csv_downloads(client):
    """The curated `highlight` comes back a boolean from today's download (true/false) and from one
    made before (1/0); a user's own column of 1 and 0 stays numbers."""
    data = client.get("/api/layers/checkpoints.csv").get_data()
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert {row["highlight"] for row in rows} == {"true", "false"}
    for body in (data, data.replace(b",true,", b",1,").replace(b",false,", b",0,")):
        report = upload(client, body, "layer=mine&new_layer_title=Mine&dry_run=1&filename=checkpoints.csv")
        assert report.status_code == 200, report.get_data(as_text=True)[:600]
        highlights = {row["properties"].get("highlight") for row in report.get_json()["report"]["preview"]}
        assert highlights <= {True, False, None} and True in highlights
    own = upload(client, b"name,lon,lat,paved\nA,105.1,11.1,1\nB,105.2,11.2,0\n",
                 "layer=mine&new_layer_title=Mine&dry_run=1&filename=roads.csv")
    assert [row["properties"]["paved"] for row in own.get_json()["report"]["preview"]] == [1, 0]


# ----------------------------------------------------------------------------- L2
def test_a_kml_download_uploaded_again_says_nothing_of_elevations(client):
    new_layer(client, "gates", POINTS)
    data = client.get("/api/layers/gates.kml").get_data()
    assert b"106.1372,11.0681" in data and b"106.1372,11.0681,0" not in data  # two dimensions
    response = upload(client, data, "layer=again&new_layer_title=Again&filename=gates.kml&dry_run=1")
    assert response.status_code == 200, response.get_data(as_text=True)
    report = response.get_json()["report"]
    assert report["features"] == 3
    assert not [warning for warning in report["warnings"] if ELEVATION in warning], report["warnings"]


def test_a_kml_from_google_earth_with_altitudes_of_0_says_nothing_of_them(client):
    """Google Earth writes `,0` on every position ("on the ground"): no elevation was lost."""
    kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
           '<Placemark><name>Gate</name><Point><coordinates>106.1372,11.0681,0</coordinates></Point></Placemark>'
           '<Placemark><name>Road</name><LineString><coordinates>106.09,11.05,0 106.11,11.06,0</coordinates>'
           '</LineString></Placemark>'
           '<Placemark><name>Hill</name><Point><coordinates>106.2,11.1,85</coordinates></Point></Placemark>'
           '</Document></kml>').encode()
    response = upload(client, kml, "layer=ge&new_layer_title=GE&filename=places.kml&dry_run=1")
    assert response.status_code == 200, response.get_data(as_text=True)
    said = [warning for warning in response.get_json()["report"]["warnings"] if ELEVATION in warning]
    assert len(said) == 1 and " on 1 feature(s)" in said[0], said  # the hill's 85 m only


@pytest.mark.parametrize("coordinates, dropped", [
    ([106.1, 11.0, 0], 0), ([106.1, 11.0, 12.5], 1), ([[106.1, 11.0, 0], [106.2, 11.1, 0]], 0),
    ([[106.1, 11.0, 0], [106.2, 11.1, 3]], 1),
])
def test_only_elevations_other_than_0_are_said_dropped(client, coordinates, dropped):
    kind = "Point" if isinstance(coordinates[0], float) else "LineString"
    features = [{"type": "Feature", "properties": {"name": f"F{i}"},
                 "geometry": {"type": kind, "coordinates": coordinates}} for i in range(3)]
    response = upload(client, orjson.dumps({"type": "FeatureCollection", "features": features}),
                      "layer=z&new_layer_title=Z&dry_run=1")
    said = [warning for warning in response.get_json()["report"]["warnings"] if ELEVATION in warning]
    assert said == ([f"geometry: {ELEVATION} on 3 feature(s); bordermap keeps longitude and latitude"]
                    if dropped else []), said


def test_elevations_are_counted_by_geometry_at_every_depth():
    square = lambda height: [[[105, 11, 0], [105.5, 11, 0], [105.5, 11.5, height], [105, 11, 0]]]  # noqa: E731
    shapes = [{"type": "MultiPolygon", "coordinates": [square(0), square(0)]},
              {"type": "MultiPolygon", "coordinates": [square(0), square(7)]},
              {"type": "MultiPolygon", "coordinates": [square(3)]},
              {"type": "MultiPolygon", "coordinates": [square(0)]}]
    assert geo_read.build_geometries(shapes, [f"features[{i}]" for i in range(4)])[2] == 2


def test_altitudes_in_text_are_left_as_written():
    """A name or description quoting coordinates is text (LIBKML writes it as CDATA)."""
    raw = (b"<name><![CDATA[<coordinates>1,2,0</coordinates>]]></name><!-- 3,4,0 -->"
           b"<coordinates>\n  106.1,11,0\n  106.5,11.2,0\n</coordinates><coordinates>106,0 5,6,7</coordinates>")
    assert kml_coordinates.on_the_ground(raw) == (
        b"<name><![CDATA[<coordinates>1,2,0</coordinates>]]></name><!-- 3,4,0 -->"
        b"<coordinates>\n  106.1,11\n  106.5,11.2\n</coordinates><coordinates>106,0 5,6,7</coordinates>")


# ----------------------------------------------------------------------------- L3
@pytest.mark.parametrize("header", ["Tên", "ឈ្មោះ", "Name", "NAME", "tên"])
def test_a_csv_name_column_titles_its_features(client, header):
    """`Tên` stayed a property of its own, and the popup was titled by the id (rv-vicsv-1)."""
    body = f"{header},Kinh độ,Vĩ độ\nCửa khẩu Mộc Bài,106.1372,11.0681\n1975,106.1488,11.0752\n".encode()
    response = upload(client, body, "layer=vi&new_layer_title=VI&filename=cua-khau.csv")
    assert response.status_code == 201, response.get_data(as_text=True)
    features = client.get("/api/features?layer=vi").get_json()["features"]
    assert [feature["properties"].get("name") for feature in features] == ["Cửa khẩu Mộc Bài", "1975"]
    assert all(header not in feature["properties"] for feature in features)


def test_a_csv_with_a_name_column_keeps_its_other_name_columns(client):
    body = "name,Tên,lon,lat\nMoc Bai,Mộc Bài,106.1372,11.0681\n".encode()
    response = upload(client, body, "layer=vi&new_layer_title=VI&filename=cua-khau.csv")
    assert response.status_code == 201, response.get_data(as_text=True)
    properties = client.get("/api/features?layer=vi").get_json()["features"][0]["properties"]
    assert properties["name"] == "Moc Bai" and properties["Tên"] == "Mộc Bài"


def test_a_csv_row_that_cannot_be_placed_is_named_by_its_ten_column(client):
    body = "Tên,Kinh độ,Vĩ độ\nMộc Bài,106.14x,11.0681\n".encode()
    response = upload(client, body, "layer=vi&new_layer_title=VI&filename=cua-khau.csv")
    assert response.status_code == 422
    assert response.get_json()["problems"] == ["row 2 (Mộc Bài): Kinh độ is “106.14x”, not a number"]


# ----------------------------------------------------------------------------- L7
def test_the_shapefile_download_says_which_features_it_split(client):
    new_layer(client, "mixed", [*POINTS[:1], COLLECTION])
    with zipfile.ZipFile(io.BytesIO(client.get("/api/layers/mixed.shp.zip").get_data())) as archive:
        fields = archive.read("FIELDS.txt").decode()
        assert {"mixed-points.shp", "mixed-lines.shp"} <= set(archive.namelist())
    assert "GeometryCollection" in fields
    assert "gate-and-road (points, lines)" in fields
    assert "gate-open" not in fields  # a point of its own is not split


def test_a_shapefile_download_with_nothing_split_says_nothing_of_splitting(client):
    new_layer(client, "gates", POINTS)
    with zipfile.ZipFile(io.BytesIO(client.get("/api/layers/gates.shp.zip").get_data())) as archive:
        assert "Split" not in archive.read("FIELDS.txt").decode()


# ----------------------------------------------------------------------------- L8
@pytest.mark.parametrize("limit", ["0", "-1", "ten", "00"])
def test_the_limit_refusal_says_what_a_large_limit_does(client, limit):
    answer = client.get(f"/ogc/collections/checkpoints/items?limit={limit}")
    assert answer.status_code == 400
    message = answer.get_json()["message"]
    assert message == f"limit: expected a whole number of at least 1 (a limit above 10,000 counts as 10,000), " \
                      f"got '{limit}'"
    assert "9223372036854775807" not in message


@pytest.mark.parametrize("limit", ["20000", "9223372036854775808", "9" * 5000])
def test_a_limit_above_the_maximum_counts_as_the_maximum(client, limit):
    answer = client.get(f"/ogc/collections/provinces-vn-pre2025/items?limit={limit}")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.get_json()["numberReturned"] == 63
