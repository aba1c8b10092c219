"""Large uploaded layers take the batched drawing path; they must draw, answer clicks and highlight
like small ones."""

from __future__ import annotations

import pytest

from bordermap.model import Layer
from conftest import (
    click_feature,
    map_at_rest,
    open_map,
    screenshot,
)

pytestmark = pytest.mark.browser


HOSTILE = '<img src=x onerror="window.__xss=1"> ${window.__xss=2} \\ `'


def _points(n: int) -> list[dict]:
    features = []
    for i in range(n):
        lon, lat = 104.0 + (i % 60) * 0.05, 10.6 + (i // 60) * 0.05
        features.append({"type": "Feature", "id": f"v{i}", "properties": {"name": f"Village {i}"},
                         "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}})
    features[0]["properties"]["name"] = HOSTILE
    return features


def _squares(n: int) -> list[dict]:
    features = []
    for i in range(n):
        x, y = 106.5 + (i % 40) * 0.04, 11.2 + (i // 40) * 0.04
        ring = [[x, y], [x + 0.03, y], [x + 0.03, y + 0.03], [x, y + 0.03], [x, y]]
        features.append({"type": "Feature", "id": f"sq{i}", "properties": {"name": f"Plot {i}"},
                         "geometry": {"type": "Polygon",
                                      "coordinates": [[[round(a, 6), round(b, 6)] for a, b in ring]]}})
    return features


def test_large_layers_draw_open_popups_and_highlight(app, live_server, page):
    store = app.extensions["bordermap.store"]
    store.add_features("villages", _points(3000), author="t", summary="villages",
                       new_layer=Layer(id="villages", title="Villages", kind="village", origin="user",
                                       style={"color": "#1b7837"}))
    store.add_features("plots", _squares(1200), author="t", summary="plots",
                       new_layer=Layer(id="plots", title="Plots", kind="plot", origin="user",
                                       style={"color": "#762a83", "fill": "#c2a5cf"}))
    store.link("c-pr71-27", ["v5"], author="t")

    open_map(page, live_server.url + "/")
    assert page.evaluate("BorderMap.drawn['villages']") == 3000
    assert page.evaluate("BorderMap.drawn['plots']") == 1200

    # A click on a point of the large layer opens its popup, with its text as text.
    page.evaluate("() => { BorderMap.map.setView([10.6, 104.0], 12, {animate: false}); }")
    map_at_rest(page)
    click_feature(page, "v0")
    popup = page.wait_for_selector(".leaflet-popup-content .bm-popup")
    assert HOSTILE in popup.inner_text()
    assert page.query_selector(".leaflet-popup-content img") is None

    # A polygon of the large layer answers a click too.
    page.evaluate("() => { BorderMap.map.closePopup(); "
                  "BorderMap.map.setView([11.215, 106.515], 13, {animate: false}); }")
    map_at_rest(page)
    box = page.evaluate("() => BorderMap.map.getContainer().getBoundingClientRect().toJSON()")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # The closed village popup fades out for 200 ms: wait for the plot's own popup.
    assert "Plot 0" in page.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature^="sq"]').inner_text()

    # The commitment linked to a village highlights it.
    page.click('.bm-item[data-commitment="c-pr71-27"]')
    page.wait_for_function("() => BorderMap.panel.highlighted.length > 0")
    assert "v5" in page.evaluate("BorderMap.panel.highlighted")
    map_at_rest(page)
    screenshot(page, "large-layers")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.console_errors == []
