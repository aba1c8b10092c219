"""A place's name shown by hovering it goes with Escape, the pointer left where it is (WCAG
1.4.13, content on hover: dismissible; review 23j, F4): a long one covered the map around it
until the pointer moved. The permanent labels stay."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import clean, map_at_rest, open_map

pytestmark = pytest.mark.browser

GATE = "cp-dak-dam-bu-prang"
AT = """(id) => {
    const map = BorderMap.map, p = map.latLngToContainerPoint(BorderMap.features[id].layer.getLatLng());
    const box = map.getContainer().getBoundingClientRect();
    return [box.left + p.x, box.top + p.y];
}"""


@pytest.mark.parametrize("lang", ["en", "km"])
def test_escape_hides_the_name_the_pointer_shows(page, live_server, lang):
    open_map(page, f"{live_server.url}/?lang={lang}")
    map_at_rest(page)
    labels = page.locator(".leaflet-tooltip.bm-label-place").count()
    x, y = page.evaluate(AT, GATE)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    hover = page.locator(".leaflet-tooltip:not(.bm-label-place):not(.bm-label-css)")
    expect(hover.first).to_be_visible()
    page.keyboard.press("Escape")
    expect(hover).to_have_count(0)
    assert page.locator(".leaflet-tooltip.bm-label-place").count() == labels  # the labels stay
    clean(page)
