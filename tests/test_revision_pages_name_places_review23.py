"""Review 23, F5: the revision pages named an uploaded feature by its English `name` on a Khmer or
Vietnamese page though it had `name_km` / `name_vi` (the map's popup uses those), showed its
geometry as "Point" or "LineString", and their summary read "… from request body into depots":
the file name an API POST or an OGC create records, and the layer by its id, not its title.

A feature is now named as the map names it for the page language, its shape said in words; an
import through the API says so, and the layer the revision is on is named by its title with its id.
"""

from __future__ import annotations

import orjson
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from bordermap import revision_words
from bordermap.i18n import messages
from bordermap_app.revision_pages import _geometry
from conftest import screenshot
from test_editors_pages_i18n import read, visible
from test_ledger import AUTH

DEPOT = {"name": "Chantrea depot", "name_km": "ឃ្លាំងចន្ទ្រា", "name_vi": "Kho Chantrea"}
ROAD = {"name": "Long road to the border", "name_km": "ផ្លូវវែងឆ្ពោះទៅច្រកព្រំដែន", "name_vi": "Đường dài tới cửa khẩu"}
YARD = {"name": "Polygon yard", "name_km": "ទីធ្លា", "name_vi": "Bãi chứa"}
TITLE = "ឃ្លាំង និងផ្លូវ"  # the layer's title, as an editor wrote it
UPLOAD = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": DEPOT, "geometry": {"type": "Point", "coordinates": [106.0, 11.1]}},
    {"type": "Feature", "properties": ROAD,
     "geometry": {"type": "LineString", "coordinates": [[106.0, 11.1], [106.1, 11.2], [106.2, 11.25]]}},
    {"type": "Feature", "properties": {"name": "Only English"}, "geometry": {"type": "Point", "coordinates": [106.3, 11.3]}}]}
CREATED = {"type": "Feature", "properties": YARD,
           "geometry": {"type": "Polygon", "coordinates": [[[106, 11], [106.01, 11], [106.01, 11.01], [106, 11]]]}}
# The shapes in the page's words (the catalogues' "a point at latitude …", "a line of … points"
# and "an area of … points"), and what the page said before.
SHAPES = {"km": ("ចំណុចមួយនៅរយៈទទឹង ១១.១ រយៈបណ្ដោយ ១០៦", "ខ្សែមួយមានចំណុច ៣", "តំបន់មួយមានចំណុច ៤"),
          "vi": ("một điểm tại vĩ độ 11,1, kinh độ 106", "một đường gồm 3 điểm", "một vùng gồm 4 điểm"),
          "en": ("a point at latitude 11.1, longitude 106", "a line of 3 points", "an area of 4 points")}
THIRD = {"km": "ចំណុចមួយនៅរយៈទទឹង ១១.៣ រយៈបណ្ដោយ ១០៦.៣", "vi": "một điểm tại vĩ độ 11,3, kinh độ 106,3"}
ENGLISH_LEFT = ("Point", "LineString", "Polygon", "request body", "Chantrea depot", "Long road", "Polygon yard")


@pytest.fixture
def uploaded(client):
    """Revision 1 imports DEPOT, ROAD and a feature named only in English into a new layer
    titled TITLE through the API; revision 2 adds YARD through the OGC API's create."""
    sent = client.post("/api/features", query_string={"layer": "depots", "new_layer_title": TITLE},
                       data=orjson.dumps(UPLOAD), headers=AUTH)
    assert sent.status_code == 201, sent.get_data(as_text=True)
    created = client.post("/ogc/collections/depots/items", data=orjson.dumps(CREATED),
                          headers={**AUTH, "Content-Type": "application/geo+json"})
    assert created.status_code == 201, created.get_data(as_text=True)
    return client


def names_column(html: str) -> list[tuple[str, str | None, str]]:
    """Each feature change's (name, its `lang` mark, shape) as the changes table shows them."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for row in soup.select("table.bm-numbered > tbody > tr"):
        cells = row.find_all("td", recursive=False)
        if len(cells) == 5 and cells[2].get_text().startswith("depots-"):
            name = cells[4].select_one("span:not(.bm-muted)")
            shape = cells[4].select_one(".bm-muted")
            found.append((name.get_text() if name else "", name.get("lang") if name else None,
                          shape.get_text() if shape else ""))
    return found


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_feature_is_named_as_the_map_names_it_with_its_shape_in_words(uploaded, lang):
    """The review's case: "Chantrea depot Point" on the Khmer page, where the map says ឃ្លាំងចន្ទ្រា."""
    first = uploaded.get(f"/revisions/1?lang={lang}").get_data(as_text=True)
    point, line, _ = SHAPES[lang]
    assert names_column(first) == [(DEPOT[f"name_{lang}"], None, point), (ROAD[f"name_{lang}"], None, line),
                                   # no name in the page's language: the English one, marked so
                                   ("Only English", "en", THIRD[lang])]
    second = uploaded.get(f"/revisions/2?lang={lang}").get_data(as_text=True)
    assert names_column(second) == [(YARD[f"name_{lang}"], None, SHAPES[lang][2])]
    for html in (first, second):
        table = visible(html, "table.bm-numbered")
        assert not [word for word in ENGLISH_LEFT if word in table], table


def test_an_english_page_names_a_feature_by_its_english_name(uploaded):
    assert names_column(uploaded.get("/revisions/1?lang=en").get_data(as_text=True))[:2] == [
        ("Chantrea depot", None, SHAPES["en"][0]), ("Long road to the border", None, SHAPES["en"][1])]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_action_names_the_layer_by_its_title_with_its_id(uploaded, lang):
    html = uploaded.get(f"/revisions/2?lang={lang}").get_data(as_text=True)
    action = BeautifulSoup(html, "html.parser").select("dl.bm-facts dd")[2]
    title = action.select_one("span")
    assert title is not None and title.get_text() == TITLE and action.select_one("code").get_text() == "depots", action
    assert title.get("lang") == (None if lang == "km" else "km"), action  # the editor wrote it in Khmer


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_import_through_the_api_does_not_say_request_body(uploaded, lang):
    """What an API POST and an OGC create record as the file's name is said, not shown."""
    for page in ("/revisions", "/revisions/1", "/revisions/2"):
        shown = visible(uploaded.get(f"{page}?lang={lang}").get_data(as_text=True), "main")
        assert "request body" not in shown, (page, shown)
    assert uploaded.get("/api/revisions").get_json()[1]["summary"] == \
        "imported 3 feature(s) from request body into depots"  # as stored


def test_an_english_page_says_an_import_came_through_the_api():
    english = messages("en")
    ids = lambda item_id, kind="feature": item_id  # noqa: E731 - the pages' `named` without names
    assert revision_words.describe("imported 1 feature(s) from request body into depots", english, ids) == \
        "imported 1 feature through the API into depots"
    assert revision_words.describe("imported 2 feature(s) from gates.geojson into gates", english, ids) == \
        "imported 2 features from gates.geojson into gates"
    # The command line and the API: as recorded.
    assert revision_words.describe("imported 1 feature(s) from request body into depots", english) == \
        "imported 1 feature(s) from request body into depots"


def test_a_summary_names_its_layer_where_a_page_names_layers():
    said = revision_words.describe("reverted revision 3 (imported 1 feature(s) from a.geojson into gates)",
                                   messages("en"), lambda item_id, kind="feature": f"<{kind} {item_id}>")
    assert said == "reverted revision 3 (imported 1 feature from a.geojson into <layer gates>)"
    assert revision_words.layer_ids(["imported 1 feature(s) from a b into c into gates", "deleted layer x",
                                     "reverted revision 2 (reverted revision 1 (imported 2 feature(s) from "
                                     "request body into depots))", None]) == ["gates", "depots"]


def test_a_collection_of_shapes_is_said_in_words():
    english = messages("en")
    assert _geometry({"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [1, 2]}, {"type": "Point", "coordinates": [3, 4]}]}, english) == \
        "a collection of 2 shapes"
    assert _geometry({"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}, english) == "2 points"
    assert _geometry(None, english) == ""


# --- needs the catalogues to have /tmp/s22/t_revnames.py's msgids ------------------------------
@pytest.mark.parametrize(("lang", "said"), [("km", "បាននាំចូលធាតុ ៣ តាម API ទៅក្នុង"),
                                            ("vi", "đã nhập 3 đối tượng qua API vào")])
def test_an_import_through_the_api_is_said_in_the_page_language(uploaded, lang, said):
    line = read(uploaded.get(f"/revisions?lang={lang}").get_data(as_text=True), "#revisions tbody tr:last-child")
    assert said in line, line


# --- needs app/editor_words.py to name the layers a summary names (editor_words-layer-names.patch)
@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_summary_names_the_layer_by_its_title_with_its_id(uploaded, lang):
    """The review's heading: "… ទៅក្នុង depots", where the changes list titled the layer ឃ្លាំង និងផ្លូវ."""
    for page, selector in (("/revisions/1", "h2"), ("/revisions", "#revisions tbody tr:last-child td:nth-child(4)")):
        html = uploaded.get(f"{page}?lang={lang}").get_data(as_text=True)
        where = BeautifulSoup(html, "html.parser").select_one(selector)
        layer = where.select_one(".bm-layer")
        assert layer is not None and layer.get_text() == TITLE, where
        assert layer.get("lang") == (None if lang == "km" else "km") and f"{TITLE} (depots)" in where.get_text(), where


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_phone_reads_the_places_by_their_names(live_server, new_tab, lang):
    tab = new_tab({"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True})
    headers = {"Authorization": AUTH["Authorization"], "Content-Type": "application/geo+json"}
    sent = tab.request.post(f"{live_server.url}/api/features?layer=depots&new_layer_title=Depots",
                            data=orjson.dumps(UPLOAD), headers=headers)
    assert sent.status == 201, sent.text()
    tab.goto(f"{live_server.url}/revisions/1?lang={lang}")
    cards = tab.locator("table.bm-numbered > tbody > tr")
    expect(cards.nth(1)).to_contain_text(DEPOT[f"name_{lang}"])
    expect(cards.nth(2)).to_contain_text(ROAD[f"name_{lang}"])
    expect(cards.nth(2)).to_contain_text(SHAPES[lang][1])
    expect(tab.locator("main")).not_to_contain_text("LineString")
    expect(tab.locator("main")).not_to_contain_text("request body")
    screenshot(tab, f"revision-places-phone-360-{lang}")
