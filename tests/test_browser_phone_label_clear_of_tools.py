"""On a phone, the highlighted checkpoint's name stays clear of the map's controls when its
commitment is selected and the map framed on it, and after a tap opens its popup and the map
moves (review 24a, #5: framed for Meun Chey – Tan Nam's commitment, the name ran under the tool bar
at the right). The label placement kept 54 px at the right for the tools, which a finger's 44 px
buttons make 58, and where every side of the marker met a marker or a line the label went back to
that side, under the tools."""

from __future__ import annotations

import pytest

from conftest import clean, map_at_rest, open_map, screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
CHECKPOINT = "cp-meun-chey-tan-nam"

# The label's box and the controls it meets (none, when all is well), with its text.
UNDER = """() => {
    const label = document.querySelector('.leaflet-tooltip.bm-label-permanent');
    const b = label.getBoundingClientRect();
    const meets = (c) => b.left < c.right && c.left < b.right && b.top < c.bottom && c.top < b.bottom;
    const met = [...BorderMap.map.getContainer().querySelectorAll('.leaflet-control')]
        .filter((e) => { const c = e.getBoundingClientRect(); return c.width && c.height && meets(c); })
        .map((e) => e.className);
    const frame = BorderMap.map.getContainer().getBoundingClientRect();
    return { text: label.textContent, hidden: getComputedStyle(label).visibility === 'hidden', met: met,
             inside: b.left >= frame.left && b.right <= frame.right,
             box: [b.left, b.top, b.right, b.bottom].map(Math.round) };
}"""


def _clear(tab) -> dict:
    map_at_rest(tab)
    found = tab.evaluate(UNDER)
    assert not found["hidden"] and found["text"], found
    assert found["met"] == [] and found["inside"], found
    return found


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_selected_checkpoints_name_is_clear_of_the_tools(new_tab, live_server, lang):
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27")
    _clear(tab)
    screenshot(tab, f"phone-label-clear-framed-{lang}")
    # A tap on the checkpoint opens its popup; the map moves to show it.
    x, y = tab.evaluate("""(id) => {
        const map = BorderMap.map, p = map.latLngToContainerPoint(BorderMap.features[id].layer.getLatLng());
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", CHECKPOINT)
    tab.touchscreen.tap(x, y)
    tab.wait_for_selector(f'.leaflet-popup-content [data-feature="{CHECKPOINT}"]')
    _clear(tab)
    # Closed, the label is in view again, still clear of the tools.
    tab.click(".leaflet-popup-close-button")
    tab.wait_for_selector(".leaflet-popup", state="detached")
    _clear(tab)
    screenshot(tab, f"phone-label-clear-closed-{lang}")
    clean(tab)
