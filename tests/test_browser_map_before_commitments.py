"""The first view: the map draws the layers shown at first without waiting for the commitments
(the side panel's) or for the layers that start hidden, and needs no request for its data."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import screenshot

pytestmark = pytest.mark.browser


def test_map_draws_while_the_commitments_are_held_back(page, live_server, client):
    held = []  # answered only once the map is drawn: the map must not need them
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("**/api/commitments*", lambda route: held.append(route))
    page.route("**/api/documents*", lambda route: held.append(route))
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-bm-drawn=true]", timeout=30000)

    shown = [layer for layer in client.get("/api/layers").get_json() if layer["visible"]]
    drawn = page.evaluate("BorderMap.drawn")
    for layer in shown:
        assert drawn.get(layer["id"]) == layer["feature_count"], layer["id"]
    on_map = page.evaluate("Object.keys(BorderMap.layers).filter((id) => BorderMap.layerShown(id))")
    assert sorted(on_map) == sorted(layer["id"] for layer in shown)
    # The panel is still waiting for its data; the page is not marked ready.
    assert page.get_attribute("body", "data-bm-ready") is None
    # The data shown at first came inline: no layer of the first view was requested.
    asked = {parse_qs(urlsplit(url).query).get("layer", [""])[0] for url in requested if "/api/features" in url}
    assert asked.isdisjoint(layer["id"] for layer in shown), asked
    # The panel keeps its room meanwhile, saying what it waits for: the drawn map does not move.
    assert page.is_visible("#bm-panel .bm-panel-loading[role=status]")
    width = page.evaluate("BorderMap.map.getSize().x")
    screenshot(page, "first-view-before-commitments")

    assert held, "the page asked for the commitments"
    for route in held:
        route.continue_()
    page.wait_for_selector("body[data-bm-ready=true]", timeout=30000)
    page.wait_for_selector("#bm-panel .bm-list button, #bm-panel .bm-list li", timeout=10000)
    assert page.query_selector("#bm-panel .bm-panel-loading") is None
    assert page.evaluate("BorderMap.map.getSize().x") == width
    # The hidden layers were loaded after, for the layer control and the panel's links.
    layers = client.get("/api/layers").get_json()
    drawn = page.evaluate("BorderMap.drawn")
    assert all(drawn.get(layer["id"]) == layer["feature_count"] for layer in layers)
    assert page.console_errors == []
