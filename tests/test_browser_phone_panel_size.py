"""Review 23c, F7: below the map on a phone the commitments panel keeps under a third of the
screen, five lines of Khmer at a time. Its reader makes it larger and smaller again with one
button, named in the page's language; the map keeps a strip of its places, sized anew."""

from __future__ import annotations

import pytest

from conftest import frames_painted, open_map, screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LABELS = {"en": ("Make the panel larger", "Make the panel smaller"),
          "km": ("ពង្រីកផ្ទាំង", "បង្រួមផ្ទាំង"), "vi": ("Phóng to khung", "Thu nhỏ khung")}

SIZES = """() => {
    const box = (node) => node.getBoundingClientRect();
    const map = document.getElementById('bm-map'), panel = document.getElementById('bm-panel');
    const leaflet = BorderMap.map.getSize();
    const shown = (selector) => [...document.querySelectorAll(selector)].filter((n) => n.offsetParent !== null).length;
    return {panel: box(panel).height, map: box(map).height, leafletHeight: leaflet.y,
            tools: shown('.leaflet-control:not(.leaflet-control-zoom):not(.leaflet-control-attribution):not(.leaflet-control-scale)'),
            zoom: shown('.leaflet-control-zoom')};
}"""


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_phone_panel_grows_and_shrinks_at_the_readers_word(new_tab, live_server, lang):
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27")
    button = tab.locator(".bm-panel-size")
    larger, smaller = LABELS[lang]
    assert button.get_attribute("aria-label") == larger and button.get_attribute("aria-expanded") == "false"
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    before = tab.evaluate(SIZES)
    assert before["panel"] < 0.35 * 844 and before["tools"] > 0, before

    button.tap()
    frames_painted(tab, 2)
    grown = tab.evaluate(SIZES)
    screenshot(tab, f"phone-panel-larger-{lang}")
    assert button.get_attribute("aria-label") == smaller and button.get_attribute("aria-expanded") == "true"
    assert grown["panel"] > 2 * before["panel"] and grown["map"] >= 180, grown
    # Leaflet was told: it draws into the strip the map now has, not the room it had.
    assert abs(grown["leafletHeight"] - grown["map"]) <= 1, grown
    assert grown["tools"] == 0 and grown["zoom"] == 1, grown
    # What the reader was reading stays at the panel's top, clear of the button.
    title = tab.locator("#bm-detail-title").bounding_box()
    assert title["y"] >= button.bounding_box()["y"] + button.bounding_box()["height"] - 1 or \
        title["x"] + title["width"] <= button.bounding_box()["x"], (title, button.bounding_box())

    button.tap()
    frames_painted(tab, 2)
    again = tab.evaluate(SIZES)
    assert button.get_attribute("aria-label") == larger
    assert abs(again["panel"] - before["panel"]) <= 1 and again["tools"] == before["tools"], (before, again)
    assert abs(again["leafletHeight"] - again["map"]) <= 1, again


def test_beside_the_map_the_panel_has_no_size_button(new_tab, live_server):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=en")
    assert not tab.locator(".bm-panel-size").is_visible()


OVERLAPS = """() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect();
    const apart = (a, b) => a.bottom <= b.top || b.bottom <= a.top || a.right <= b.left || b.right <= a.left;
    const zoom = box('.leaflet-control-zoom');
    return {time: apart(box('.bm-time'), zoom), legend: apart(box('.bm-legend'), zoom),
            scrolls: document.querySelector('.bm-legend').scrollHeight > document.querySelector('.bm-legend').clientHeight};
}"""


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_open_legend_leaves_the_zoom_buttons_clear_on_a_phone(new_tab, live_server, lang):
    """Review 24a, #4: on a phone the open legend pushed the time control ("Today's status") up over
    the zoom-out button; it now scrolls within the room below the zoom buttons."""
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    tab.tap(".bm-legend-toggle")
    frames_painted(tab, 2)
    screenshot(tab, f"phone-legend-open-{lang}")
    found = tab.evaluate(OVERLAPS)
    assert found["time"] and found["legend"], found
    tab.tap(".bm-time-shown")  # the time control unfolded: taller, the legend's room less
    frames_painted(tab, 2)
    found = tab.evaluate(OVERLAPS)
    assert found["time"] and found["legend"], found
    assert tab.locator(".leaflet-control-zoom-out").is_enabled()


def test_a_tap_leaves_no_hover_name_behind_on_a_touch_screen(new_tab, live_server):
    """Review 24a, #5: on a phone, the checkpoint tapped and a commitment chosen in its popup, the
    hover name of the province under the finger ("Tbong Khmum") stayed over the framed map:
    nothing hovers on a touch screen to take it away."""
    from conftest import MEUN_CHEY, map_at_rest

    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang=en")
    x, y = tab.evaluate("""(id) => {
        const at = BorderMap.map.latLngToContainerPoint(BorderMap.features[id].layer.getLatLng());
        const box = BorderMap.map.getContainer().getBoundingClientRect();
        return [box.left + at.x, box.top + at.y];
    }""", MEUN_CHEY)
    # A tap as a phone's browser passes it on: the pointer's events at the spot, which then stays
    # "hovered" until the next tap elsewhere.
    tab.mouse.click(x, y)
    tab.wait_for_selector(f'.leaflet-popup-content .bm-popup[data-feature="{MEUN_CHEY}"]')
    map_at_rest(tab)
    tab.locator(".leaflet-popup-content .bm-commitments button.bm-linkbutton").first.click()
    tab.wait_for_selector(".bm-detail:not([hidden])")
    map_at_rest(tab)
    # A name closed fades out first (Leaflet): none is left once that is done.
    tab.wait_for_function("() => !document.querySelector('.leaflet-tooltip:not(.bm-label-css)')", timeout=3000)


# Every box of text in the panel that lies at the height of the size button, and the button's.
UNDER_THE_BUTTON = """() => {
    const button = document.querySelector('.bm-panel-size').getBoundingClientRect();
    const hit = [];
    const walker = document.createTreeWalker(document.getElementById('bm-panel'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || node.parentElement.closest('.bm-panel-sizer')) continue;
        const range = document.createRange(); range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width && r.right > button.left && r.left < button.right && r.bottom > button.top && r.top < button.bottom)
                hit.push(node.textContent.trim().slice(0, 40));
        }
    }
    return hit;
}"""


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_no_text_of_the_panel_runs_beneath_its_size_button(new_tab, live_server, lang):
    """Review 26, #2: the line under the panel's title ran beneath the round button, which hid
    the end of a word ("trên bản đồ" read "trên ban")."""
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    assert tab.evaluate(UNDER_THE_BUTTON) == []
