"""Review rv25b: a GPX file's route points and track points (GDAL's layers route_points and
track_points, each point with its elevation and time) were read by the API and the command line
when named, but the upload page's layer choice never offered them, and once it showed there was no
field left to name them in. They are offered after their routes and tracks, counted, and checked
and previewed like any other layer."""

from __future__ import annotations

import io

import orjson
import pytest
from bs4 import BeautifulSoup

from test_gpx_dxf_and_empty_uploads import WAYPOINTS_AND_TRACK

TOKEN = {"Authorization": "Bearer test-editor-token"}

# A planned route of four points and a track of three: a GPS's two kinds of line.
ROUTE_AND_TRACK = b"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="OsmAnd" xmlns="http://www.topografix.com/GPX/1/1">
  <rte><name>Planned</name>
    <rtept lat="11.06" lon="106.12"/><rtept lat="11.065" lon="106.13"/>
    <rtept lat="11.07" lon="106.14"/><rtept lat="11.075" lon="106.15"/>
  </rte>
  <trk><name>Driven</name><trkseg>
    <trkpt lat="11.06" lon="106.12"><time>2025-03-01T08:00:00Z</time></trkpt>
    <trkpt lat="11.065" lon="106.13"><time>2025-03-01T08:05:00Z</time></trkpt>
    <trkpt lat="11.07" lon="106.14"><time>2025-03-01T08:10:00Z</time></trkpt>
  </trkseg></trk>
</gpx>
"""
# The same patrol without its waypoints: one track, read without a choice.
ONLY_A_TRACK = WAYPOINTS_AND_TRACK[:WAYPOINTS_AND_TRACK.index(b"  <wpt")] + \
    WAYPOINTS_AND_TRACK[WAYPOINTS_AND_TRACK.index(b"  <trk>"):]


def check(client, lang: str = "en", **data):
    client.post("/unlock", data={"token": "test-editor-token"})
    return client.post(f"/upload?lang={lang}", data={"target": "new", "new_title": "Patrol", "action": "check",
                                                     **data}, content_type="multipart/form-data")


def choice(soup: BeautifulSoup) -> dict[str, str]:
    return {radio["value"]: " ".join(soup.select_one(f'label[for="{radio["id"]}"]').get_text(" ").split())
            for radio in soup.select('[role=radiogroup] input[type=radio][name="source_layer"]')}


def ticked(soup: BeautifulSoup) -> list[str]:
    return [radio["value"] for radio in soup.select('input[name="source_layer"][checked]')]


def previewed(soup: BeautifulSoup) -> list[dict]:
    """The features the check's preview map draws."""
    return orjson.loads(soup.select_one("#preview-data").get_text())["features"]


# Each layer by GDAL's name (what the import takes), what it holds in the reader's words, and its count.
@pytest.mark.parametrize("lang, offered", [
    ("en", {"routes": "routes – planned routes (1 line)",
            "route_points": "route_points – the points of each planned route (4 points)",
            "tracks": "tracks – recorded tracks (1 line)",
            "track_points": "track_points – the points recorded along each track (3 points)"}),
    ("km", {"routes": "routes – ផ្លូវដែលបានគ្រោង (ខ្សែ ១)",
            "route_points": "route_points – ចំណុចនៃផ្លូវដែលបានគ្រោងនីមួយៗ (ចំណុច ៤)",
            "tracks": "tracks – ផ្លូវដែលបានកត់ត្រា (ខ្សែ ១)",
            "track_points": "track_points – ចំណុចដែលបានកត់ត្រាតាមបណ្ដោយផ្លូវនីមួយៗ (ចំណុច ៣)"}),
    ("vi", {"routes": "routes – các lộ trình dự kiến (1 đường)",
            "route_points": "route_points – các điểm của từng lộ trình dự kiến (4 điểm)",
            "tracks": "tracks – các đường đi đã ghi lại (1 đường)",
            "track_points": "track_points – các điểm đã ghi dọc theo từng đường đi (3 điểm)"})])
def test_the_points_of_a_route_and_a_track_are_offered_after_them_counted(client, lang, offered):
    page = check(client, lang, file=(io.BytesIO(ROUTE_AND_TRACK), "drive.gpx"))
    assert page.status_code == 422
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    assert choice(soup) == offered
    assert list(choice(soup)) == ["routes", "route_points", "tracks", "track_points"]  # each after its line
    # GDAL's English names are marked so on a Khmer or Vietnamese page, for a screen reader's voice.
    names = [span.get("lang") for span in soup.select("[role=radiogroup] .bm-layer-name")]
    assert names == [None if lang == "en" else "en"] * 4


def test_the_track_points_chosen_are_checked_previewed_and_imported_each_with_its_time(client):
    page = check(client, file=(io.BytesIO(ROUTE_AND_TRACK), "drive.gpx"))
    staged = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one('input[name="staged"]')["value"]
    again = check(client, staged=staged, filename="drive.gpx", source_layer="track_points")
    html = again.get_data(as_text=True)
    assert again.status_code == 200, html
    soup = BeautifulSoup(html, "html.parser")
    assert ticked(soup) == ["track_points"] and len(choice(soup)) == 4  # still a choice, this one read
    assert soup.select_one("#report-shapes").get_text(strip=True) == "3 points"
    drawn = previewed(soup)
    assert [f["geometry"]["type"] for f in drawn] == ["Point"] * 3
    assert [f["geometry"]["coordinates"] for f in drawn] == [[106.12, 11.06], [106.13, 11.065], [106.14, 11.07]]
    done = client.post("/upload", data={"target": "new", "new_title": "Patrol", "action": "import",
                                        "staged": staged, "filename": "drive.gpx", "source_layer": "track_points"},
                       content_type="multipart/form-data")
    assert done.status_code == 201, done.get_data(as_text=True)
    features = client.get("/api/features?layer=patrol").get_json()["features"]
    assert [f["properties"]["time"] for f in features] == \
        ["2025-03-01T08:00:00Z", "2025-03-01T08:05:00Z", "2025-03-01T08:10:00Z"]


def test_a_gpx_of_one_track_is_read_without_a_choice_and_offers_its_points(client):
    page = check(client, file=(io.BytesIO(ONLY_A_TRACK), "patrol.gpx"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html  # the track, read as before: no refusal
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("[role=alert]") is None
    assert choice(soup) == {"tracks": "tracks – recorded tracks (1 line)",
                            "track_points": "track_points – the points recorded along each track (3 points)"}
    assert ticked(soup) == ["tracks"]  # the layer read is the one ticked
    assert not soup.select_one("[role=radiogroup]").has_attr("aria-invalid")
    assert [f["geometry"]["type"] for f in previewed(soup)] == ["MultiLineString"]
    staged = soup.select_one('input[name="staged"]')["value"]
    points = BeautifulSoup(check(client, staged=staged, filename="patrol.gpx", source_layer="track_points")
                           .get_data(as_text=True), "html.parser")
    assert ticked(points) == ["track_points"] and len(previewed(points)) == 3


def test_a_track_imported_as_ticked_is_known_again_when_sent_without_a_layer(client):
    """The track ticked is sent by name on import: the same import as the file read without one."""
    page = check(client, file=(io.BytesIO(ONLY_A_TRACK), "patrol.gpx"))
    staged = BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one('input[name="staged"]')["value"]
    done = client.post("/upload", data={"target": "new", "new_title": "Patrol", "action": "import",
                                        "staged": staged, "filename": "patrol.gpx", "source_layer": "tracks"},
                       content_type="multipart/form-data")
    assert done.status_code == 201, done.get_data(as_text=True)
    again = client.post("/api/features?layer=patrol&filename=patrol.gpx", data=ONLY_A_TRACK, headers=TOKEN)
    assert again.status_code == 409 and "already imported" in again.get_json()["message"], again.get_json()


def test_the_api_lists_the_points_layers_with_the_layers_of_a_gpx_file(client):
    refused = client.post("/api/features?layer=drive&new_layer_title=Drive&filename=drive.gpx",
                          data=ROUTE_AND_TRACK, headers=TOKEN)
    body = refused.get_json()
    assert refused.status_code == 422
    # Counted and named as the choice lists them (review 26, #3: "2 layers" above a choice of 4).
    assert body["message"] == ("the file holds 4 layers: “routes”, “route_points”, “tracks”, “track_points”; "
                               "choose one (source_layer)")
    assert body["problems"] == [f"source_layer: {layer['name']}" for layer in body["layers"]]
    assert [(layer["name"], layer["features"]) for layer in body["layers"]] == [
        ("routes", 1), ("route_points", 4), ("tracks", 1), ("track_points", 3)]
