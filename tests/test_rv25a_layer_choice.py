"""Review rv25a, #4: a file of several layers (a GPX of waypoints and a track, a GeoPackage of two
tables) offers its layers as a choice on the upload page, each with its number of features and
their kind in the page's words (points, lines, areas: review rv25b, #13); the refusal is said at that choice, not at the file, which is kept and checked again
with the layer chosen. The API's English refusal lists the layers too."""

from __future__ import annotations

import io

import geopandas
import pytest
import shapely
from bs4 import BeautifulSoup

TOKEN = {"Authorization": "Bearer test-editor-token"}

PATROL = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="11.0681" lon="106.1372"><name>Gate</name></wpt>
  <trk><name>Patrol</name><trkseg>
    <trkpt lat="11.0600" lon="106.1200"></trkpt><trkpt lat="11.0700" lon="106.1400"></trkpt>
  </trkseg></trk>
</gpx>
""".encode()


@pytest.fixture
def markets_and_roads(tmp_path) -> bytes:
    path = tmp_path / "two.gpkg"
    geopandas.GeoDataFrame({"name": ["Chợ A", "Chợ B"]}, crs="EPSG:4326", geometry=[
        shapely.Point(105.5, 11.5), shapely.Point(105.6, 11.6)]).to_file(path, layer="markets")
    geopandas.GeoDataFrame({"name": ["NR1"]}, crs="EPSG:4326", geometry=[
        shapely.LineString([(105.5, 11.5), (105.7, 11.7)])]).to_file(path, layer="roads")
    return path.read_bytes()


def check(client, lang: str = "en", **data):
    return client.post(f"/upload?lang={lang}", data={"target": "new", "new_title": "Two", "action": "check", **data},
                       content_type="multipart/form-data")


def choice(html: str) -> dict[str, str]:
    """The layers offered: each radio's value and what its label says."""
    soup = BeautifulSoup(html, "html.parser")
    return {radio["value"]: " ".join(soup.select_one(f'label[for="{radio["id"]}"]').get_text(" ").split())
            for radio in soup.select('[role=radiogroup] input[type=radio][name="source_layer"]')}


@pytest.mark.parametrize("lang, markets, roads", [
    ("en", "markets (2 points)", "roads (1 line)"),
    ("km", "markets (ចំណុច ២)", "roads (ខ្សែ ១)"),
    ("vi", "markets (2 điểm)", "roads (1 đường)")])
def test_a_geopackage_of_two_layers_offers_them_at_the_layer_field_and_is_checked_again_kept(
        client, markets_and_roads, lang, markets, roads):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = check(client, lang, file=(io.BytesIO(markets_and_roads), "two.gpkg"))
    html = page.get_data(as_text=True)
    assert page.status_code == 422, html
    assert choice(html) == {"markets": markets, "roads": roads}
    soup = BeautifulSoup(html, "html.parser")
    group = soup.select_one("[role=radiogroup]")
    alert = soup.select_one("[role=alert]")
    # The refusal is the choice's: the group is marked and described by it, the file input is not.
    problem = alert.select_one('[data-for="source_layer"]')
    assert problem is not None and alert["data-invalid"].split() == ["source_layer"]
    assert group["aria-invalid"] == "true" and problem["id"] in group["aria-describedby"].split()
    assert soup.select_one(f"#{group['aria-labelledby']}").get_text(strip=True) == \
        soup.select_one('label[for="crs"]').find_next("legend").get_text(strip=True)
    # The file is kept, and said to be: no new choice of it is needed.
    kept = soup.select_one("#kept-file")
    assert kept is not None and "two.gpkg" in kept.get_text()
    staged = soup.select_one('input[name="staged"]')["value"]
    assert len(staged) == 64
    again = check(client, lang, staged=staged, filename="two.gpkg", source_layer="roads")
    html = again.get_data(as_text=True)
    assert again.status_code == 200, html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#report") is not None and soup.select_one("[role=alert]") is None
    # Still a choice, the one read ticked, nothing marked wrong.
    assert list(choice(html)) == ["markets", "roads"]
    assert soup.select_one('input[name="source_layer"][checked]')["value"] == "roads"
    assert not soup.select_one("[role=radiogroup]").has_attr("aria-invalid")


def test_a_gpx_of_waypoints_and_a_track_offers_the_two_and_the_tracks_points(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = check(client, file=(io.BytesIO(PATROL), "patrol.gpx"))
    assert page.status_code == 422
    assert choice(page.get_data(as_text=True)) == {
        "waypoints": "waypoints – marked places (1 point)", "tracks": "tracks – recorded tracks (1 line)",
        "track_points": "track_points – the points recorded along each track (2 points)"}


def test_a_name_the_file_lacks_offers_the_layers_it_has(client, markets_and_roads):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = check(client, file=(io.BytesIO(markets_and_roads), "two.gpkg"), source_layer="nope")
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and list(choice(html)) == ["markets", "roads"]
    assert BeautifulSoup(html, "html.parser").select_one("[role=radiogroup]")["aria-invalid"] == "true"


def test_the_choice_is_offered_with_the_forms_own_problems(client, markets_and_roads):
    """A new layer without a title, a file of several layers: both said, the layers offered."""
    client.post("/unlock", data={"token": "test-editor-token"})
    page = check(client, file=(io.BytesIO(markets_and_roads), "two.gpkg"), new_title="")
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and list(choice(html)) == ["markets", "roads"]
    inputs = BeautifulSoup(html, "html.parser").select_one("[role=alert]")["data-invalid"].split()
    assert "source_layer" in inputs and "file" not in inputs
    # Two problems, the title's and the choice's: the layers are named once, in the choice's
    # sentence, not each a problem of its own (review 26, #3: "4 problems", three a name each).
    listed = BeautifulSoup(html, "html.parser").select("[role=alert] li")
    assert len(listed) == 2, [li.get_text() for li in listed]
    assert "markets" in listed[1].get_text() and "roads" in listed[1].get_text()


def test_the_api_lists_the_layers_with_its_english_refusal(client, markets_and_roads):
    refused = client.post("/api/features?layer=two&new_layer_title=Two&filename=two.gpkg&lang=km",
                          data=markets_and_roads, headers=TOKEN)
    body = refused.get_json()
    assert refused.status_code == 422
    assert body["message"] == "the file holds 2 layers: “markets”, “roads”; choose one (source_layer)"
    assert body["layers"] == [{"name": "markets", "geometry_type": "Point", "features": 2},
                              {"name": "roads", "geometry_type": "LineString", "features": 1}]


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_in_the_browser_the_choice_is_marked_until_a_layer_is_chosen_and_checked(
        new_tab, live_server, markets_and_roads, tmp_path, device):
    from playwright.sync_api import expect

    from conftest import PHONE, screenshot

    path = tmp_path / "two.gpkg"
    path.write_bytes(markets_and_roads)
    tab = new_tab(PHONE if device == "phone" else None)
    tab.goto(live_server.url + "/upload?lang=vi")
    tab.set_input_files("#file", str(path))
    tab.fill("#new_title", "Two")
    tab.fill("#token", "test-editor-token")
    tab.locator("button[value=check]").click()
    group = tab.get_by_role("radiogroup")
    expect(group).to_have_attribute("aria-invalid", "true")
    expect(tab.locator("#file")).not_to_have_attribute("aria-invalid", "true")
    expect(tab.locator("#kept-file")).to_contain_text("two.gpkg")
    group.scroll_into_view_if_needed()
    screenshot(tab, f"rv25a-layer-choice-{device}")
    tab.get_by_role("radio", name="roads (1 đường)").check()
    expect(group).not_to_have_attribute("aria-invalid", "true")  # a choice made is no longer marked
    tab.locator("button[value=check]").click()
    expect(tab.locator("#report")).to_be_visible()
    expect(tab.get_by_role("radio", name="roads (1 đường)")).to_be_checked()
    assert tab.console_errors == [] or all("422" in error for error in tab.console_errors)
