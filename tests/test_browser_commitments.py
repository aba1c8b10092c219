"""The commitments panel in a real browser: linking both ways, search, shared links, keyboard,
phone size, and hostile text that must stay text."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from bordermap.model import Layer
from bordermap.paths import geodata_dir
from bordermap_app import create_app
from conftest import SOURCES_DIR, TILE_HOST, LiveServer, click_feature, open_map, screenshot, tab_until

pytestmark = pytest.mark.browser

MEUN_CHEY = "cp-meun-chey-tan-nam"
INFRASTRUCTURE = "c-pr71-28"  # better links from the Meun Chey-Tan Nam checkpoint
HIGHLIGHT_COLOR = "#d01c8b"  # magenta: no legend symbol or layer uses this hue


# ----------------------------------------------------------------------------- helpers
def listed(page) -> list[str]:
    """Commitment ids in the panel's list, top to bottom."""
    return page.eval_on_selector_all(".bm-list .bm-item", "items => items.map(b => b.dataset.commitment)")


def hash_state(page) -> dict[str, str]:
    return page.evaluate("BorderMap.state.read()")


def highlighted(page, ids: list[str]) -> dict[str, bool]:
    """Whether each feature's Leaflet layer wears the highlight style."""
    return page.evaluate(
        """([ids, color]) => Object.fromEntries(ids.map(id => {
            const entry = BorderMap.features[id];
            // Points wear the highlight as their fill, lines and areas as their stroke.
            const look = entry && (entry.layer.setRadius ? entry.layer.options.fillColor : entry.layer.options.color);
            return [id, look === color];
        }))""",
        [ids, HIGHLIGHT_COLOR],
    )


def wait_for_bounds(page, ids: list[str]) -> None:
    """Wait until the map's view holds every one of the features (the fit is animated)."""
    page.wait_for_function(
        """(ids) => {
            const wanted = BorderMap.boundsOf(ids);
            return !!wanted && BorderMap.map.getBounds().contains(wanted);
        }""",
        arg=ids,
        timeout=5000,
    )


def links_of(item: dict) -> list[str]:
    return item["features"] + item["provinces"] + item.get("user_features", [])


def api_ids(client, **query) -> list[str]:
    return [c["id"] for c in client.get("/api/commitments", query_string=query).get_json()]


def searched(page, query: str) -> None:
    """Wait until the panel has applied the search (it waits for typing to pause)."""
    page.wait_for_function("(q) => BorderMap.state.read().q === q", arg=query)


def clean(page) -> None:
    assert page.console_errors == []
    assert all(TILE_HOST in url for url in page.outside_requests), page.outside_requests


# ----------------------------------------------------------------------------- (a) panel → map
def test_clicking_a_commitment_highlights_fits_and_cites(page, live_server, client):
    item = client.get(f"/api/commitments/{INFRASTRUCTURE}").get_json()
    document = next(d for d in client.get("/api/documents").get_json() if d["id"] == item["document"])
    ids = links_of(item)
    assert MEUN_CHEY in ids and len(ids) >= 2
    open_map(page, live_server.url + "/")
    assert not any(highlighted(page, ids).values()), "nothing is highlighted before a choice"

    page.click(f'.bm-item[data-commitment="{INFRASTRUCTURE}"]')
    detail = page.wait_for_selector(".bm-detail:not([hidden])")
    assert detail.is_visible()
    assert page.text_content("#bm-detail-title") == item["summary"]

    assert highlighted(page, ids) == {i: True for i in ids}
    assert highlighted(page, ["cp-bavet-moc-bai", "kh-kampot"]) == {"cp-bavet-moc-bai": False, "kh-kampot": False}
    wait_for_bounds(page, ids)

    citation = page.inner_text(".bm-citation")
    assert document["title"] in citation and f"paragraph {item['paragraph']}" in citation
    assert document["publisher"] in citation
    quote_box = page.locator(".bm-quote blockquote")
    assert quote_box.is_visible()
    assert quote_box.inner_text().strip() == item["quote"]["text"].strip()
    assert document["publisher"] in page.inner_text(".bm-quote figcaption")
    assert hash_state(page)["commitment"] == INFRASTRUCTURE
    screenshot(page, "commitments-panel-to-map")

    # Back to the list: the highlight goes with the selection.
    page.click(".bm-back")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert not any(highlighted(page, ids).values())
    assert "commitment" not in hash_state(page)
    clean(page)


def test_without_the_sources_folder_the_citation_stands_alone(browser, tmp_path, monkeypatch):
    monkeypatch.delenv("BORDERMAP_SOURCES_DIR", raising=False)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst"), "SOURCES_DIR": None})
    server = LiveServer(app)
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    try:
        open_map(tab, f"{server.url}/#commitment={INFRASTRUCTURE}")
        tab.wait_for_selector(".bm-detail:not([hidden])")
        assert "paragraph 15" in tab.inner_text(".bm-citation")
        assert tab.locator(".bm-quote").count() == 0
        screenshot(tab, "commitments-citation-without-sources")
        assert errors == []
    finally:
        context.close()
        server.close()


# ----------------------------------------------------------------------------- (b) map → panel
def test_a_checkpoint_popup_lists_its_commitments_and_opens_one(page, live_server, client):
    feature = client.get(f"/api/features/{MEUN_CHEY}").get_json()
    expected = feature["properties"]["commitments"]
    assert INFRASTRUCTURE in expected
    open_map(page, live_server.url + "/")
    page.evaluate("() => { BorderMap.map.setView([11.45, 106.0], 9, { animate: false }); }")
    page.wait_for_timeout(200)
    click_feature(page, MEUN_CHEY)

    popup = page.wait_for_selector(".leaflet-popup-content .bm-popup", timeout=5000)
    assert popup.get_attribute("data-feature") == MEUN_CHEY
    buttons = page.locator(".bm-popup .bm-commitments button[data-commitment]")
    assert sorted(buttons.evaluate_all("bs => bs.map(b => b.dataset.commitment)")) == sorted(expected)
    summary = client.get(f"/api/commitments/{INFRASTRUCTURE}").get_json()["summary"]
    button = page.locator(f'.bm-popup button[data-commitment="{INFRASTRUCTURE}"]')
    assert button.inner_text() == summary
    assert hash_state(page)["feature"] == MEUN_CHEY
    screenshot(page, "commitments-map-popup")

    button.click()
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert page.text_content("#bm-detail-title") == summary
    page.wait_for_selector(".leaflet-popup", state="detached", timeout=2000)
    state = hash_state(page)
    assert state["commitment"] == INFRASTRUCTURE and "feature" not in state
    assert page.get_attribute(f'.bm-item[data-commitment="{INFRASTRUCTURE}"]', "aria-current") == "true"
    assert highlighted(page, [MEUN_CHEY]) == {MEUN_CHEY: True}
    screenshot(page, "commitments-map-to-panel")
    clean(page)


# ----------------------------------------------------------------------------- (c) search
def test_search_finds_the_same_with_and_without_accents(page, live_server, client):
    expected = api_ids(client, q="tay ninh")
    assert {"c-pr71-27", INFRASTRUCTURE} <= set(expected)
    total = len(api_ids(client))
    assert len(expected) < total
    open_map(page, live_server.url + "/")
    assert len(listed(page)) == total

    results = {}
    for query, name in (("tay ninh", "plain"), ("Tây Ninh", "accented")):
        box = page.locator("#bm-search")
        box.fill("")
        box.press_sequentially(query, delay=15)
        # The list follows the search once typing pauses: wait for the search to be applied.
        searched(page, query)
        page.wait_for_function("(n) => document.querySelectorAll('.bm-list .bm-item').length === n",
                               arg=len(expected))
        results[query] = listed(page)
        assert page.inner_text(".bm-count-line").startswith(f"{len(expected)} of {total}")
        assert hash_state(page)["q"] == query
        screenshot(page, f"commitments-search-{name}")
    assert results["tay ninh"] == results["Tây Ninh"]
    assert sorted(results["tay ninh"]) == sorted(expected)

    # "Viet Nam" is written without accents in the summaries: only folding finds it typed in Vietnamese.
    for query in ("viet nam cultural week", "VIỆT NAM Cultural Week"):
        page.locator("#bm-search").fill("")
        page.locator("#bm-search").press_sequentially(query, delay=10)
        searched(page, query)
        assert listed(page) == api_ids(client, q="viet nam cultural week") != []

    page.locator("#bm-search").fill("no such place anywhere")
    searched(page, "no such place anywhere")
    page.wait_for_selector(".bm-list .bm-muted")
    assert listed(page) == []
    clean(page)


def test_filters_narrow_the_list(page, live_server, client):
    open_map(page, live_server.url + "/")
    page.select_option("#bm-filter-sector", "transport")
    assert sorted(listed(page)) == sorted(api_ids(client, sector="transport"))
    page.select_option("#bm-filter-status", "pledged")
    assert sorted(listed(page)) == sorted(api_ids(client, sector="transport", status="pledged"))
    documents = client.get("/api/documents").get_json()
    other = next(d["id"] for d in documents if d["id"] != "kh-mfa-pr71-2025")
    page.select_option("#bm-filter-sector", "")
    page.select_option("#bm-filter-status", "")
    page.select_option("#bm-filter-doc", other)
    assert sorted(listed(page)) == sorted(api_ids(client, document=other))
    assert hash_state(page) .get("doc") == other
    clean(page)


# ----------------------------------------------------------------------------- (d) shared URL
def test_a_shared_link_restores_selection_filters_and_view(page, live_server, client):
    chosen = "c-pr71-27"
    item = client.get(f"/api/commitments/{chosen}").get_json()
    link = (f"{live_server.url}/#commitment={chosen}&q={quote('Tây Ninh')}&sector=border-affairs"
            f"&doc=kh-mfa-pr71-2025&status=done&view=11.3000,105.9000,9")
    open_map(page, link)
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert page.text_content("#bm-detail-title") == item["summary"]
    assert page.input_value("#bm-search") == "Tây Ninh"
    assert page.input_value("#bm-filter-sector") == "border-affairs"
    assert page.input_value("#bm-filter-doc") == "kh-mfa-pr71-2025"
    assert page.input_value("#bm-filter-status") == "done"
    expected = api_ids(client, q="Tây Ninh", sector="border-affairs", document="kh-mfa-pr71-2025", status="done")
    assert chosen in expected and sorted(listed(page)) == sorted(expected)
    view = page.evaluate("(() => { const c = BorderMap.map.getCenter(); return [c.lat, c.lng, BorderMap.map.getZoom()]; })()")
    assert view[2] == 9
    assert abs(view[0] - 11.3) < 0.01 and abs(view[1] - 105.9) < 0.01
    assert highlighted(page, links_of(item)) == {i: True for i in links_of(item)}
    state = hash_state(page)
    assert state["commitment"] == chosen and state["q"] == "Tây Ninh" and state["sector"] == "border-affairs"
    screenshot(page, "commitments-shared-link")
    clean(page)


def test_a_shared_link_to_a_feature_opens_its_popup(page, live_server):
    open_map(page, f"{live_server.url}/#feature={MEUN_CHEY}")
    popup = page.wait_for_selector(".leaflet-popup .bm-popup", timeout=5000)
    assert popup.get_attribute("data-feature") == MEUN_CHEY
    # The popup sits inside the map, not cut off at its edges.
    box = page.eval_on_selector(".leaflet-popup", "e => e.getBoundingClientRect().toJSON()")
    frame = page.eval_on_selector(".folium-map", "e => e.getBoundingClientRect().toJSON()")
    assert box["top"] >= frame["top"] and box["bottom"] <= frame["bottom"]
    assert box["left"] >= frame["left"] and box["right"] <= frame["right"]
    screenshot(page, "commitments-shared-feature")
    clean(page)


def test_a_link_within_the_open_page_applies_its_selection(page, live_server, client):
    open_map(page, live_server.url + "/")
    page.evaluate("() => { location.hash = '#commitment=c-pr71-27&sector=border-affairs'; }")
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert page.text_content("#bm-detail-title") == client.get("/api/commitments/c-pr71-27").get_json()["summary"]
    assert page.input_value("#bm-filter-sector") == "border-affairs"
    assert sorted(listed(page)) == sorted(api_ids(client, sector="border-affairs"))
    page.evaluate(f"() => {{ location.hash = '#feature={MEUN_CHEY}'; }}")
    page.wait_for_selector(f'.leaflet-popup .bm-popup[data-feature="{MEUN_CHEY}"]')
    page.wait_for_selector(".bm-detail", state="hidden")
    assert len(listed(page)) == len(api_ids(client))
    clean(page)


def test_an_unknown_filter_in_a_link_does_not_hide_everything(page, live_server, client):
    open_map(page, f"{live_server.url}/#sector=no-such-sector")
    assert page.input_value("#bm-filter-sector") == ""
    assert len(listed(page)) == len(api_ids(client))
    assert "sector" not in hash_state(page)
    clean(page)


# ----------------------------------------------------------------------------- (e) keyboard
def test_keyboard_reaches_search_and_opens_and_closes_a_commitment(page, live_server):
    open_map(page, live_server.url + "/")
    assert tab_until(page, "el.id === 'bm-search'"), "Tab never reaches the search box"
    assert tab_until(page, "el.classList.contains('bm-item')"), "Tab never reaches a commitment"
    chosen = page.evaluate("document.activeElement.dataset.commitment")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "keyboard focus must be visible"
    screenshot(page, "commitments-keyboard-focus")

    page.keyboard.press("Enter")
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert hash_state(page)["commitment"] == chosen
    assert page.evaluate("document.activeElement.id") == "bm-detail-title"
    screenshot(page, "commitments-keyboard-open")

    page.keyboard.press("Escape")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert "commitment" not in hash_state(page)
    assert page.evaluate("document.activeElement.dataset.commitment") == chosen
    clean(page)


def test_keyboard_opens_a_place_popup_and_comes_back(page, live_server):
    open_map(page, f"{live_server.url}/#commitment={INFRASTRUCTURE}")
    page.wait_for_selector(".bm-detail:not([hidden])")
    page.focus("#bm-detail-title")
    assert tab_until(page, f"el.dataset.feature === '{MEUN_CHEY}'"), "Tab never reaches the place"
    page.keyboard.press("Enter")
    page.wait_for_selector(f'.leaflet-popup .bm-popup[data-feature="{MEUN_CHEY}"]')
    assert page.evaluate("!!document.activeElement.closest('.leaflet-popup')"), "focus goes into the popup"
    assert tab_until(page, "el.dataset.commitment && el.closest('.leaflet-popup')", limit=5)
    screenshot(page, "commitments-keyboard-popup")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert page.evaluate("document.activeElement.dataset.feature") == MEUN_CHEY
    assert page.locator(".bm-detail").is_visible(), "Escape in the popup leaves the panel's selection"
    clean(page)


# ----------------------------------------------------------------------------- (f) phone
def test_phone_sized_screen_keeps_panel_and_map_usable(browser, live_server, client):
    context = browser.new_context(viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    try:
        open_map(tab, live_server.url + "/")
        box = lambda sel: tab.eval_on_selector(sel, "e => e.getBoundingClientRect().toJSON()")  # noqa: E731
        map_box, panel_box = box(".folium-map"), box("#bm-panel")
        assert map_box["width"] >= 380 and map_box["height"] >= 250
        assert panel_box["width"] >= 380 and panel_box["height"] >= 250
        assert map_box["bottom"] <= panel_box["top"] + 1, "map and panel must not overlap"
        assert panel_box["bottom"] <= 781
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
        for control in (".leaflet-control-layers", ".bm-legend", ".leaflet-control-zoom"):
            inner = box(control)
            assert inner["top"] >= map_box["top"] and inner["bottom"] <= map_box["bottom"], control
        size = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.bm-item-summary')).fontSize)")
        assert size >= 14, "list text readable on a phone"
        assert box("#bm-search")["height"] >= 32, "search box big enough to tap"
        screenshot(tab, "commitments-phone-list")

        tab.tap(f'.bm-item[data-commitment="{INFRASTRUCTURE}"]')
        tab.wait_for_selector(".bm-detail:not([hidden])")
        assert tab.locator("#bm-detail-title").is_visible()
        item = client.get(f"/api/commitments/{INFRASTRUCTURE}").get_json()
        assert highlighted(tab, links_of(item)) == {i: True for i in links_of(item)}
        wait_for_bounds(tab, [MEUN_CHEY])
        screenshot(tab, "commitments-phone-detail")

        tab.evaluate(f"() => {{ BorderMap.openFeature('{MEUN_CHEY}'); }}")
        popup = tab.wait_for_selector(".leaflet-popup")
        tab.wait_for_timeout(400)
        inner = popup.bounding_box()
        map_box = box(".folium-map")
        assert inner["y"] >= map_box["top"] - 1 and inner["y"] + inner["height"] <= map_box["bottom"] + 1
        assert inner["x"] >= map_box["left"] and inner["x"] + inner["width"] <= map_box["right"]
        assert tab.locator(".leaflet-popup .bm-commitments button").first.is_visible()
        screenshot(tab, "commitments-phone-popup")
        assert errors == []
    finally:
        context.close()


# ----------------------------------------------------------------------------- (g) escaping
HOSTILE = (
    '<script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> '
    "` ${alert(1)} \\u003c \\ \\\" end"
)


@pytest.fixture
def hostile_server(tmp_path, monkeypatch):
    """An app whose curated data has a hostile commitment and whose store has a hostile user layer."""
    data = tmp_path / "geodata"
    shutil.copytree(geodata_dir(), data)
    with open(data / "commitments.toml", "a", encoding="utf-8") as f:
        f.write(
            "\n[[commitments]]\n"
            'id = "c-pr71-99"\n'
            'sector = "transport"\n'
            f"summary = '''{HOSTILE}'''\n"
            f"actors = ['''{HOSTILE}''']\n"
            'statement = "agreed"\n'
            'status = "pledged"\n'
            'stated = "2025-12-09"\n'
            'document = "kh-mfa-pr71-2025"\n'
            "paragraph = 15\n"
            f'features = ["{MEUN_CHEY}"]\n'
            "provinces = []\n"
        )
    monkeypatch.setenv("BORDERMAP_GEODATA_DIR", str(data))
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst"), "SOURCES_DIR": str(SOURCES_DIR)})
    store = app.extensions["bordermap.store"]
    layer = Layer(id="user-hostile", title=HOSTILE, kind="point", origin="user", style={"color": "#7b3294"})
    feature = {
        "type": "Feature",
        "id": "user-hostile-1",
        "geometry": {"type": "Point", "coordinates": [105.6, 11.2]},
        "properties": {
            "id": "user-hostile-1", "kind": "place", "name": HOSTILE, "name_vi": HOSTILE,
            "description": HOSTILE, "status": "proposed", "label": True,
            "sources": [{"title": HOSTILE, "publisher": HOSTILE, "url": "javascript:window.__xss=3"}],
        },
    }
    store.add_features("user-hostile", [feature], author="test", summary="hostile text", new_layer=layer)
    store.link("c-pr71-99", ["user-hostile-1"], author="test")
    server = LiveServer(app)
    yield server
    server.close()


def assert_nothing_ran(page) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    # The page's own script carries the text JSON-escaped; no script or handler holds it raw.
    assert page.evaluate("Array.from(document.scripts).some(s => s.textContent.includes('<script>window.__xss'))") is False
    assert page.locator("[onerror]").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.console_errors == []


def test_hostile_text_shows_as_text_and_runs_nothing(page, hostile_server):
    open_map(page, hostile_server.url + "/")
    # The user feature's permanent label and the layer control show the text as it is.
    page.wait_for_selector(".leaflet-tooltip")
    labels = page.eval_on_selector_all(".leaflet-tooltip", "ts => ts.map(t => t.textContent)")
    assert any(HOSTILE in label for label in labels)
    assert HOSTILE in page.text_content(".leaflet-control-layers")
    assert_nothing_ran(page)

    # The popup of the user feature.
    page.evaluate("() => { BorderMap.openFeature('user-hostile-1'); }")
    popup = page.wait_for_selector('.bm-popup[data-feature="user-hostile-1"]')
    assert popup.query_selector(".bm-popup-title").text_content() == HOSTILE
    assert HOSTILE in popup.query_selector(".bm-description").text_content()
    assert HOSTILE in popup.query_selector(".bm-sources").text_content()
    assert popup.query_selector('.bm-commitments button[data-commitment="c-pr71-99"]').text_content() == HOSTILE
    screenshot(page, "commitments-hostile-popup")
    assert_nothing_ran(page)

    # The hostile commitment also shows in the checkpoint's popup, then in the panel.
    page.evaluate(f"() => {{ BorderMap.openFeature('{MEUN_CHEY}'); }}")
    page.wait_for_selector(f'.bm-popup[data-feature="{MEUN_CHEY}"]')
    page.click('.bm-popup button[data-commitment="c-pr71-99"]')
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert page.text_content("#bm-detail-title") == HOSTILE
    assert HOSTILE in page.text_content(".bm-facts")
    places = page.eval_on_selector_all(".bm-places button", "bs => bs.map(b => b.textContent)")
    assert HOSTILE in places
    item = page.locator('.bm-item[data-commitment="c-pr71-99"] .bm-item-summary')
    assert item.text_content() == HOSTILE
    screenshot(page, "commitments-hostile-panel")
    assert_nothing_ran(page)

    # Typing the hostile text into the search finds the commitment and runs nothing either.
    page.keyboard.press("Escape")
    page.locator("#bm-search").fill("${alert(1)} \\u003c")
    page.wait_for_function("() => document.querySelectorAll('.bm-list .bm-item').length === 1")
    assert listed(page) == ["c-pr71-99"]
    assert_nothing_ran(page)
