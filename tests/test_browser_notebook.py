"""`bordermap.notebook` as Jupyter shows it (its `_repr_html_`, an iframe of the whole page),
opened from file:// in Chromium with every network request refused: the features draw and a
popup lists the feature's commitments, as text."""

from __future__ import annotations

import orjson
import pytest

from bordermap import notebook
from conftest import screenshot

pytestmark = pytest.mark.browser
TOKEN = {"Authorization": "Bearer test-editor-token"}
HOSTILE = '<img src=x onerror="window.__xss=1">'
# Leaflet writes a layer control's names as HTML (review 21, F2): the title must stay text.
HOSTILE_TITLE = "Mine <img src=x onerror=window.__xss2=1>"


def _click(tab, frame, feature_id: str) -> None:
    """Click the feature's marker where a person would, inside the notebook's frame."""
    x, y = frame.evaluate("""(id) => {
        const map = window[Object.keys(window).find((k) => k.startsWith("map_"))];
        let found = null;
        map.eachLayer((layer) => { if (layer.feature && layer.feature.id === id) found = layer; });
        map.setView(found.getLatLng(), 10, { animate: false });
        const point = map.latLngToContainerPoint(found.getLatLng());
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + point.x, box.top + point.y];
    }""", feature_id)
    box = tab.locator("iframe").bounding_box()
    tab.mouse.click(box["x"] + x, box["y"] + y)


def test_the_notebook_map_draws_offline_with_commitments_in_popups(app, client, tmp_path, offline_tab):
    body = orjson.dumps({"type": "Feature", "id": "u-hostile", "properties": {"name": HOSTILE},
                         "geometry": {"type": "Point", "coordinates": [105.9, 11.2]}})
    assert client.post("/api/features", query_string={"layer": "mine", "new_layer_title": HOSTILE_TITLE},
                       data=body, headers=TOKEN).status_code == 201
    store = app.extensions["bordermap.store"]
    chosen = ["checkpoints", "boundary", "mine"]
    cell = notebook.show(chosen, store=store)._repr_html_()
    page = tmp_path / "notebook.html"
    page.write_text(f"<!DOCTYPE html><html><body><div class='output_html'>{cell}</div></body></html>",
                    encoding="utf-8")
    tab = offline_tab
    tab.set_viewport_size({"width": 1000, "height": 800})
    tab.goto(page.as_uri())
    frame = tab.frame_locator("iframe")
    drawn = frame.locator("[data-bordermap-drawn]")
    drawn.wait_for(timeout=20000)
    assert int(drawn.get_attribute("data-bordermap-drawn")) == sum(store.layer(i).feature_count for i in chosen)
    child = tab.frames[1]
    assert child.locator(".leaflet-interactive").count() > 0

    commitments = {item["id"]: item for item in store.commitments()}
    linked = store.feature("cp-meun-chey-tan-nam")["properties"]["commitments"]
    assert linked
    _click(tab, child, "cp-meun-chey-tan-nam")
    popup = child.locator(".leaflet-popup-content .bm-nb-popup")
    popup.wait_for(timeout=10000)
    text = popup.inner_text()
    assert "Meun Chey" in text and commitments[linked[0]]["summary"] in text
    assert f"{commitments[linked[0]]['document']} ¶{commitments[linked[0]]['paragraph']}" in text
    screenshot(tab, "notebook-offline")

    _click(tab, child, "u-hostile")
    hostile = child.locator('.leaflet-popup-content .bm-nb-popup[data-feature="u-hostile"] h3')
    hostile.wait_for(timeout=10000)
    assert hostile.inner_text() == HOSTILE
    assert child.evaluate("window.__xss") is None and child.evaluate("window.__xss2") is None
    labels = child.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any(HOSTILE_TITLE in label for label in labels), labels
    assert child.locator(".leaflet-control-layers img").count() == 0
    assert tab.console_errors == []
    assert tab.outside_requests == []
