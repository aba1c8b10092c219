"""A shared address restores what its sender saw: selection, filters, search, view, an open popup."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from conftest import (
    MEUN_CHEY,
    api_ids,
    clean,
    hash_state,
    highlighted,
    links_of,
    listed,
    map_at_rest,
    map_view,
    open_map,
    screenshot,
)

pytestmark = pytest.mark.browser


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
    view = map_view(page)
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


@pytest.mark.parametrize("view, zoom", [("&view=11.9050,105.6390,7", 7), ("", 9)])
def test_a_shared_link_to_a_feature_keeps_the_view_it_carries(page, live_server, view, zoom):
    """Review rv19, L2: a link with the sender's view (zoom 7) opened the feature's popup on a
    map reframed to zoom 9 around it. Without a view, the map still comes close to the feature."""
    open_map(page, f"{live_server.url}/#feature={MEUN_CHEY}{view}")
    popup = page.wait_for_selector(".leaflet-popup .bm-popup", timeout=5000)
    assert popup.get_attribute("data-feature") == MEUN_CHEY
    assert map_view(page)[2] == zoom
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


def test_a_shared_commitment_link_on_a_phone_frames_its_places(phone, live_server, client):
    item = client.get("/api/commitments/c-pr71-16").get_json()
    ids = item["features"] + item["provinces"]
    open_map(phone, live_server.url + "/#commitment=c-pr71-16")
    phone.wait_for_selector(".bm-detail:not([hidden])")
    phone.wait_for_function(
        """(ids) => {
            const wanted = BorderMap.boundsOf(ids);
            return !!wanted && BorderMap.map.getBounds().contains(wanted);
        }""",
        arg=ids, timeout=5000,
    )
    size = phone.evaluate("BorderMap.map.getSize()")
    frame = phone.eval_on_selector(".folium-map", "e => e.getBoundingClientRect().toJSON()")
    assert size["y"] == round(frame["height"]), "the map knows its size beside the panel"
    # The view written to the link is the one shown, once the map stands still.
    map_at_rest(phone)
    lat, lng, zoom = map(float, phone.evaluate("BorderMap.state.read().view").split(","))
    center = map_view(phone)
    assert abs(lat - center[0]) < 1e-3 and abs(lng - center[1]) < 1e-3 and zoom == center[2]
    screenshot(phone, "review-phone-shared-commitment")
    clean(phone)


def test_a_shared_commitment_link_without_a_view_frames_its_places_closely(page, live_server):
    # The page's own first moves write a view into the address; that must not count as the
    # link's view, or the map stays at the default, far wider one.
    open_map(page, live_server.url + "/#commitment=c-pr71-27")
    page.wait_for_selector(".bm-detail:not([hidden])")
    map_at_rest(page)
    assert page.evaluate("BorderMap.map.getZoom()") >= 8
    assert page.evaluate("""() => BorderMap.map.getBounds().contains(
        BorderMap.boundsOf(['cp-meun-chey-tan-nam', 'kh-prey-veng', 'vn-tay-ninh']))""")


@pytest.mark.parametrize("start", ["#commitment=c-pr71-27", ""])
def test_a_link_within_the_open_page_to_a_commitment_it_does_not_show_says_so(page, live_server, client, start):
    """Review 9, S1: pasted into a tab that already showed the map, a link to a withdrawn or
    mistyped commitment changed the address and nothing else: another commitment stayed open
    under it, or the list showed with no word."""
    open_map(page, f"{live_server.url}/?lang=km{start}")
    if start:
        page.wait_for_selector(".bm-detail:not([hidden])")
    page.evaluate("() => { location.hash = '#commitment=c-pr71-99'; }")
    notice = page.wait_for_selector(".bm-missing-commitment", timeout=5000)
    assert "c-pr71-99" in notice.text_content()
    page.wait_for_selector(".bm-detail", state="hidden")
    assert page.evaluate("BorderMap.panel.selected") is None
    item = client.get("/api/commitments/c-pr71-27").get_json()
    assert not any(highlighted(page, links_of(item)).values()), "the places of c-pr71-27 are not marked any more"
    assert "commitment" not in hash_state(page)
    page.evaluate("() => { location.hash = '#commitment=c-pr71-27'; }")  # a good link ends the notice
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert page.query_selector(".bm-missing-commitment") is None
    clean(page)


@pytest.mark.parametrize("lang", ["en", "km"])
def test_a_shared_commitment_link_on_a_phone_shows_the_commitment_in_the_panel(phone, live_server, lang):
    """Review 9, S2: on a phone the detail opened below the panel's fold, under the intro and
    the filters, where nothing said it was; a tap brings it to the top, so does a link now."""
    open_map(phone, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27")
    phone.wait_for_selector(".bm-detail:not([hidden])")
    panel = phone.eval_on_selector("#bm-panel", "e => e.getBoundingClientRect().toJSON()")
    for selector in (".bm-detail .bm-back", "#bm-detail-title"):
        box = phone.eval_on_selector(selector, "e => e.getBoundingClientRect().toJSON()")
        assert panel["top"] <= box["top"] and box["bottom"] <= panel["bottom"], (selector, box, panel)
    screenshot(phone, f"shared-commitment-link-phone-{lang}")
    clean(phone)


NOT_A_DAY = {"en": "is not a day of the calendar", "km": None, "vi": None}


@pytest.mark.parametrize("lang, at", [("km", "2025-13-45"), ("en", "2025-02-30"), ("vi", "2025-00-10")])
def test_a_link_whose_date_is_no_day_says_so_and_the_page_is_whole(new_tab, live_server, lang, at):
    """Review 32a, #5: a link's "#at=2025-13-45" threw in the page's script and left it without
    its tool bar, intro and scorecard; "2025-02-30" was dropped without a word."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}#at={at}")
    note = tab.locator(".bm-time-note")
    note.wait_for(state="visible", timeout=5000)
    said = note.text_content()
    assert at in said and "{date}" not in said
    if NOT_A_DAY[lang]:
        assert NOT_A_DAY[lang] in said
    else:
        assert "calendar" not in said  # in the page's language
    assert tab.locator(".leaflet-control .bm-tool, .bm-tools button").count() > 0 or \
        tab.locator(".leaflet-control-container .leaflet-bar a, .leaflet-control-container .leaflet-bar button").count() > 3
    assert tab.evaluate("BorderMap.asOf") is None and "at=" not in tab.evaluate("location.hash")
    assert tab.locator(".bm-scorecard, #bm-scorecard").count() > 0
    screenshot(tab, f"link-date-not-a-day-{lang}")
    clean(tab)


@pytest.mark.parametrize("lang, query", [("en", "ម៉ឺនជ័យ"), ("vi", "ម៉ឺនជ័យ"), ("km", "បាវិត"), ("km", "bavet")])
def test_a_commitment_is_found_by_any_name_of_its_places(new_tab, live_server, client, lang, query):
    """Review 32a, #7: typing Meun Chey's Khmer name found the place and none of its two
    commitments, and Bavet's Khmer name missed a commitment of the gate it found; the API's `q`
    found them all. The panel now finds what the API does."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}#q={quote(query)}")
    tab.wait_for_function("document.querySelectorAll('.bm-list .bm-item').length > 0", timeout=5000)
    expected = api_ids(client, q=query)
    assert expected and sorted(listed(tab)) == sorted(expected), (listed(tab), expected)
    clean(tab)
