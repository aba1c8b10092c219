"""On a phone-sized screen the map, the panel, popups and labels fit and stay usable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import (
    INFRASTRUCTURE,
    MEUN_CHEY,
    clean,
    highlighted,
    links_of,
    map_at_rest,
    open_map,
    screenshot,
    wait_for_bounds,
)

pytestmark = pytest.mark.browser


def test_phone_sized_screen_keeps_map_usable(phone, live_server):
    open_map(phone, live_server.url + "/")
    box = phone.eval_on_selector(".folium-map", "el => el.getBoundingClientRect().toJSON()")
    assert box["width"] >= 380 and box["height"] >= 300
    screenshot(phone, "map-phone")


def test_phone_sized_screen_keeps_panel_and_map_usable(phone, live_server, client):
    tab = phone
    open_map(tab, live_server.url + "/")
    box = lambda sel: tab.eval_on_selector(sel, "e => e.getBoundingClientRect().toJSON()")  # noqa: E731
    map_box, panel_box = box(".folium-map"), box("#bm-panel")
    # The map keeps at least 60% of the screen (issue 14); the panel below it stays usable.
    assert map_box["width"] >= 380 and map_box["height"] >= 0.6 * 780
    assert panel_box["width"] >= 380 and panel_box["height"] >= 180
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
    expect(tab.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    map_at_rest(tab)  # panned to show the whole popup
    inner = popup.bounding_box()
    map_box = box(".folium-map")
    assert inner["y"] >= map_box["top"] - 1 and inner["y"] + inner["height"] <= map_box["bottom"] + 1
    assert inner["x"] >= map_box["left"] and inner["x"] + inner["width"] <= map_box["right"]
    assert tab.locator(".leaflet-popup .bm-commitments button").first.is_visible()
    screenshot(tab, "commitments-phone-popup")
    assert tab.console_errors == []


def test_permanent_labels_are_names_that_fit_a_phone(phone, live_server):
    open_map(phone, live_server.url + "/")
    map_at_rest(phone)
    label = phone.locator(".leaflet-tooltip.bm-label-permanent")
    expect(label).to_be_visible()
    assert label.text_content() == "Meun Chey – Tan Nam"
    box = label.bounding_box()
    frame = phone.eval_on_selector(".folium-map", "e => e.getBoundingClientRect().toJSON()")
    control = phone.eval_on_selector(".leaflet-control-layers", "e => e.getBoundingClientRect().toJSON()")
    assert box["x"] >= frame["left"] and box["x"] + box["width"] <= frame["right"], "not cut off"
    clear_of_control = (box["x"] + box["width"] <= control["left"] or box["y"] >= control["bottom"]
                        or box["y"] + box["height"] <= control["top"])
    assert clear_of_control, "not under the layer control"
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.bm-label-permanent')).fontSize)")
    assert size >= 12
    screenshot(phone, "review-phone-label")

    # The status is still in the popup.
    phone.evaluate(f"() => BorderMap.openFeature('{MEUN_CHEY}')")
    assert "Inaugurated" in phone.wait_for_selector(".leaflet-popup .bm-popup").inner_text()
    clean(phone)


def test_the_open_layer_list_is_above_the_legend_on_a_phone(phone, live_server):
    """Review 7, S9: with the legend open, the layer list opened underneath it and the time
    control, half hidden and hard to tap. Each of its choices is the topmost thing where it is."""
    open_map(phone, live_server.url + "/?lang=vi#at=2024-06-01")
    if phone.locator(".bm-legend-toggle[aria-expanded=false]").count():
        phone.click(".bm-legend-toggle")
    # The layers button's click, as Leaflet opens the list (a tap emulated here also brushes the
    # control's edge, which folds it again at once).
    phone.dispatch_event(".leaflet-control-layers-toggle", "click")
    phone.wait_for_selector(".leaflet-control-layers-overlays label", state="visible")
    covered = phone.evaluate("""() => [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
        .filter((label) => {
            const r = label.getBoundingClientRect();
            // Only those in view in the list (it scrolls: the rest are below its edge).
            const list = document.querySelector('.leaflet-control-layers-expanded').getBoundingClientRect();
            const y = r.top + r.height / 2;
            if (r.bottom > innerHeight || y < list.top || y > list.bottom) return false;
            const top = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
            return !(top && label.contains(top));
        }).map((label) => label.textContent.trim())""")
    assert covered == [], covered
    screenshot(phone, "layers-over-legend-phone")


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_open_commitment_scrolls_in_the_panel_never_the_page(new_tab, live_server, lang):
    """Review rv19, M3: in Khmer and Vietnamese, the screen reader's "(unreviewed translation)"
    inside an open commitment, positioned out of sight, lay below the panel and made the whole
    page 480–570 px taller: the map and header scrolled away over blank white."""
    tab = new_tab({"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True})
    open_map(tab, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27")
    expect(tab.locator(".bm-detail")).to_be_visible()
    tab.evaluate("document.getElementById('bm-panel').scrollTop = 1e6")
    assert tab.evaluate("document.scrollingElement.scrollHeight") <= 844
    clean(tab)
