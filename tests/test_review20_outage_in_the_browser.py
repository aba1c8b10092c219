"""A reader whose map is open while the server cannot answer (review 20, F10).

During a database outage a large layer switched on stayed empty, ticked and keyed in the legend,
with nothing said; and the panel's search of the large layers kept saying "Looking in the large
layers…". Now the map says in the page's language that the server could not answer and how to
try again, and a search that gets no answer is given up and says "try again".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bordermap import layer_points
from bordermap.model import Layer
from conftest import open_map, screenshot
from test_browser_big_layer import _layer_checkbox

pytestmark = pytest.mark.browser

N = 60
PHONE_844 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NOT_SHOWN = {
    "en": "The server could not answer, so Villages is not shown. Switch the layer off and on again to try again.",
    "vi": "Máy chủ không thể trả lời, nên Villages không được hiển thị. Hãy tắt rồi bật lại lớp này để thử lại.",
    "km": "ម៉ាស៊ីនមេមិនអាចឆ្លើយតបបានទេ ដូច្នេះ Villages មិនត្រូវបានបង្ហាញទេ។",
}


@pytest.fixture
def big_app(app, monkeypatch):
    monkeypatch.setattr(layer_points, "LARGE_LAYER_FEATURES", N - 1)  # 60 points are a large layer here
    features = [{"type": "Feature", "id": f"v{i}", "properties": {"name": f"Village {i}"},
                 "geometry": {"type": "Point", "coordinates": [104 + i * 0.01, 11 + i * 0.01]}} for i in range(N)]
    app.extensions["bordermap.store"].add_features(
        "villages", features, author="t", summary="villages",
        new_layer=Layer(id="villages", title="Villages", kind="village", origin="user", style={"color": "#1b7837"}))
    return app


@pytest.fixture
def server(big_app, live_server):
    return live_server




def _unavailable(route):
    route.fulfill(status=503, content_type="application/json", headers={"Retry-After": "10"},
                  body='{"error": "Service unavailable", "message": "down", "status": 503}')


@pytest.mark.parametrize("lang, device", [("vi", PHONE_844), ("km", PHONE_844), ("en", None)])
def test_a_layer_that_cannot_be_loaded_is_said_on_the_map(server, new_tab, lang, device):
    tab = new_tab(device)
    open_map(tab, f"{server.url}/?lang={lang}")
    tab.route("**/api/layers/villages/points*", _unavailable)  # the database went down meanwhile
    _layer_checkbox(tab).click()
    tab.wait_for_selector('canvas.bm-bigpoints[data-layer="villages"][data-state="failed"]')
    notice = tab.locator('.bm-map-notice[data-notice="layer:villages"]')
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NOT_SHOWN[lang])
    assert notice.get_attribute("role") == "alert"
    box = notice.bounding_box()
    frame = tab.evaluate("(() => { const r = BorderMap.map.getContainer().getBoundingClientRect();"
                         " return {x: r.x, width: r.width}; })()")
    assert box["x"] >= frame["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    tab.keyboard.press("Escape")  # the layer list closed, as a reader leaves it
    expect(tab.locator(".leaflet-control-layers-expanded")).to_have_count(0)
    screenshot(tab, f"review20-layer-not-loaded-{lang}")

    # The server answers again: switched off and on, the layer is drawn and the line goes.
    tab.unroute("**/api/layers/villages/points*")
    box = _layer_checkbox(tab)
    box.click()
    expect(notice).to_have_count(0)
    box.click()
    tab.wait_for_selector('canvas.bm-bigpoints[data-layer="villages"][data-state="drawn"]')
    expect(notice).to_have_count(0)


@pytest.mark.parametrize("lang, said", [("vi", "Máy chủ không trả lời được việc tìm trong Villages; hãy thử lại sau giây lát."),
                                        ("en", "The server could not answer the search in Villages; try again in a moment.")])
def test_a_search_the_server_does_not_answer_is_given_up(server, new_tab, lang, said):
    tab = new_tab()
    open_map(tab, f"{server.url}/?lang={lang}")
    tab.evaluate("BorderMap.farSearchLimitMs = 1500")  # (20 s on a real page)
    held = []
    tab.route("**/api/layers/villages/search?*", lambda route: held.append(route))  # never answered
    tab.fill("#bm-search", "village 7")
    far = tab.locator(".bm-found-far")
    expect(far).to_contain_text(said, timeout=10000)
    expect(far).not_to_contain_text("large layers match")  # not said to hold nothing: it was not searched
    expect(far).not_to_contain_text("lớp lớn")
    screenshot(tab, f"review20-search-not-answered-{lang}")
    for route in held:
        route.abort()
