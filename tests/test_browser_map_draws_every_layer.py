"""The map page in a real browser: every layer draws, with or without the basemap, and a checkpoint
opens its popup."""

from __future__ import annotations

import pytest

from conftest import (
    click_feature,
    map_at_rest,
    open_map,
    screenshot,
)

pytestmark = pytest.mark.browser


def test_every_layer_draws_and_meun_chey_opens(page, live_server, client):
    layers = client.get("/api/layers").get_json()
    open_map(page, live_server.url + "/")

    drawn = page.evaluate("BorderMap.drawn")
    on_map = page.evaluate(
        "Object.fromEntries(Object.entries(BorderMap.layers).map(([id, l]) => [id, BorderMap.map.hasLayer(l.group)]))"
    )
    for layer in layers:
        assert drawn[layer["id"]] == layer["feature_count"] > 0, layer["id"]
        assert on_map[layer["id"]] is layer["visible"], layer["id"]
    # The layer control offers every layer by its title.
    control_text = page.text_content(".leaflet-control-layers")
    for layer in layers:
        assert layer["title"] in control_text

    page.evaluate("() => { BorderMap.map.setView([11.45, 106.0], 9); }")
    map_at_rest(page)
    click_feature(page, "cp-meun-chey-tan-nam")
    popup = page.wait_for_selector(".leaflet-popup-content .bm-popup", timeout=5000)
    text = popup.inner_text()
    assert "Meun Chey" in text and "Tan Nam" in text
    assert "2025-12-08" in text
    assert "approximate" in text
    # Both sides of the pair: gates and provinces, by name, each gate said to be its side's.
    assert "Cambodian gate: ម៉ឺនជ័យ (Meun Chey)" in text and "Vietnamese gate: Tân Nam" in text
    assert "Prey Veng – Tay Ninh" in text
    screenshot(page, "map-meun-chey-popup")
    assert page.console_errors == []
    assert all("tile.openstreetmap.org" in url for url in page.outside_requests)


def test_page_works_without_the_basemap(page, live_server):
    """Tiles are refused by the page fixture; boundaries and features still draw."""
    open_map(page, live_server.url + "/")
    assert page.evaluate("BorderMap.drawn['boundary']") == 1
    assert page.evaluate("BorderMap.drawn['checkpoints']") >= 14
    screenshot(page, "map-default")
