"""An open popup is clear of the legend and of the other controls over the map (time control,
zoom, layers, tools, scale, credits), and inside the map: clicked beside the legend, or opened
by a link, on a desktop and on a phone, in each language (the legend's size differs by
language)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, clean, click_feature, map_at_rest, open_map, screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
CHECKPOINT = "cp-binh-hiep"  # a point drawn at the map's first view
EXPRESSWAY = "xw-phnom-penh-bavet"  # its popup opens near the time control above the legend

# Moves the map (not animated) so the feature is `dx` right of the legend's right edge and `dy`
# below its top: where a reader clicks a place beside the legend.
BESIDE_THE_LEGEND = """([id, dx, dy]) => {
    const map = BorderMap.map, legend = document.querySelector('.bm-legend').getBoundingClientRect();
    const frame = map.getContainer().getBoundingClientRect();
    const wanted = L.point(legend.right - frame.left + dx, legend.top - frame.top + dy);
    map.panBy(map.latLngToContainerPoint(BorderMap.features[id].layer.getLatLng()).subtract(wanted), { animate: false });
}"""

# The popup's body and its tip (apart: a control beside the tip leaves the body clear), the map's
# box, and each control's shown on the map.
BOXES = """() => {
    const rect = e => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
    return {
        popup: ['.leaflet-popup-content-wrapper', '.leaflet-popup-tip-container']
            .map(s => Object.assign(rect(document.querySelector(s)), { name: s })),
        map: rect(BorderMap.map.getContainer()),
        controls: [...BorderMap.map.getContainer().querySelectorAll('.leaflet-control')]
            .map(e => Object.assign(rect(e), { name: e.className }))
            .filter(r => r.right > r.left && r.bottom > r.top),
    };
}"""


def _popup_shown(tab, feature_id: str) -> dict:
    """Wait for the feature's popup to stand still, faded in, and measure it against the controls."""
    tab.wait_for_selector(f'.leaflet-popup .bm-popup[data-feature="{feature_id}"]')
    expect(tab.locator(".leaflet-popup")).to_have_css("opacity", "1")
    map_at_rest(tab)
    return tab.evaluate(BOXES)


def _assert_clear(boxes: dict) -> None:
    frame = boxes["map"]
    legend = [control for control in boxes["controls"] if "bm-legend" in control["name"]]
    assert legend, boxes
    for part in boxes["popup"]:
        assert frame["left"] <= part["left"] and part["right"] <= frame["right"], boxes
        assert frame["top"] <= part["top"] and part["bottom"] <= frame["bottom"], boxes
        for control in legend + boxes["controls"]:  # the legend first, the finding's subject
            apart = (control["right"] <= part["left"] or part["right"] <= control["left"]
                     or control["bottom"] <= part["top"] or part["bottom"] <= control["top"])
            assert apart, (control["name"], control, part)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_popup_clicked_beside_the_legend_is_clear_of_it(new_tab, live_server, device, lang):
    """Review F16: a popup opened beside the legend was drawn under it; at 1280×860 its
    property names lost their first letters ("n_lan:" for "so_lan")."""
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    map_at_rest(tab)
    desktop = device is DESKTOP
    # On a phone the legend is folded to its button: the place is just right of it.
    tab.evaluate(BESIDE_THE_LEGEND, [CHECKPOINT, 30 if desktop else 20, 40 if desktop else 12])
    map_at_rest(tab)
    click_feature(tab, CHECKPOINT)
    _assert_clear(_popup_shown(tab, CHECKPOINT))
    screenshot(tab, f"popup-clear-of-legend-{device['viewport']['width']}-{lang}")
    clean(tab)


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_linked_popup_is_clear_of_the_controls(new_tab, live_server, device):
    """Opened by a link (`#feature=`), the expressway's popup lay over the time control's
    corner on a desktop, and its close button met the layers button on a phone."""
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang=en#feature={EXPRESSWAY}")
    _assert_clear(_popup_shown(tab, EXPRESSWAY))
    screenshot(tab, f"popup-linked-clear-of-controls-{device['viewport']['width']}")
    clean(tab)


LANDSCAPE_TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}
LANDSCAPE_PHONE = {"viewport": {"width": 844, "height": 390}, "is_mobile": True, "has_touch": True,
                   "device_scale_factor": 3}


@pytest.mark.parametrize("device", [LANDSCAPE_TABLET, LANDSCAPE_PHONE], ids=["tablet-landscape", "phone-landscape"])
def test_a_popup_on_a_landscape_tablet_or_phone_is_clear_of_the_open_legend(new_tab, live_server, device):
    """Review 17, F1: on a landscape tablet (the legend open at first) and a landscape phone, no
    place on the map was clear of the legend and the time control, and every popup lost lines
    under them ("Status", "Location"). The popup keeps above the bottom corner's controls, and
    where it still has no clear place they are folded, which the reader can undo."""
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang=vi")
    map_at_rest(tab)
    tab.evaluate("document.querySelector('.bm-legend-toggle[aria-expanded=false]')?.click()")  # open, as a reader may
    assert tab.evaluate("document.querySelector('.bm-legend-toggle').getAttribute('aria-expanded')") == "true"
    tab.evaluate(f"location.hash = 'feature={EXPRESSWAY}'")
    _assert_clear(_popup_shown(tab, EXPRESSWAY))
    screenshot(tab, f"popup-folds-overlays-{device['viewport']['width']}")
    clean(tab)


@pytest.mark.parametrize("lang", ["km", "vi"])
@pytest.mark.parametrize("viewport", [(1280, 800), (1440, 900)])
def test_a_desktop_popup_keeps_its_height_beside_the_open_legend(new_tab, live_server, lang, viewport):
    """Review 23c, F1: on a 1280×800 desktop every popup was a 140 px box holding 1,500 px of
    text, its fourth line cut through the Khmer letters: its height left room for the whole
    bottom-left corner (time control and open legend), though it opens beside them. It now has
    its full height and is still clear of every control."""
    width, height = viewport
    tab = new_tab({"viewport": {"width": width, "height": height}})
    open_map(tab, f"{live_server.url}/?lang={lang}#feature=cp-meun-chey-tan-nam")
    boxes = _popup_shown(tab, "cp-meun-chey-tan-nam")
    _assert_clear(boxes)
    shown = tab.evaluate("document.querySelector('.leaflet-popup-content').clientHeight")
    assert shown >= 300, shown
    screenshot(tab, f"popup-desktop-height-{width}-{lang}")
    clean(tab)
