"""A map with thousands of user layers: the page becomes ready quickly and the layer control
groups them under one entry instead of listing each one beside the curated layers."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from bordermap.model import Layer
from bordermap_app import create_app
from conftest import SOURCES_DIR, open_map, screenshot

pytestmark = pytest.mark.browser

MANY = 2000
# Generous: on a loaded 2-core machine the page is ready in a few seconds; before grouping,
# 500 layers took 145 s and 2,000 never finished.
READY_WITHIN_S = 60


@pytest.fixture
def app(tmp_path):
    """The app on a store in memory-backed storage where there is some: each of the 2,000
    layers is its own committed revision, which costs ~20 ms on disk and ~3 ms in memory."""
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path
    yield create_app({"TESTING": True, "INSTANCE_PATH": str(folder / "instance"), "SOURCES_DIR": str(SOURCES_DIR),
                      "EDITOR_TOKEN": "test-editor-token", "WTF_CSRF_ENABLED": False})
    if folder != tmp_path:
        shutil.rmtree(folder, ignore_errors=True)


def add_small_layers(store, count: int) -> None:
    """`count` user layers of one point each, written straight into the store."""
    for i in range(count):
        lon, lat = 104.2 + (i % 50) * 0.04, 10.8 + (i // 50) * 0.04
        store.add_features(
            f"u{i}", [{"type": "Feature", "id": f"u{i}-p", "properties": {"name": f"Site {i}"},
                       "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}}],
            author="t", summary="one site",
            new_layer=Layer(id=f"u{i}", title=f"Editor layer {i:04d}", kind="site", origin="user",
                            style={"color": "#1b7837"}),
        )


def user_layers_shown(page) -> int:
    return page.evaluate("Object.keys(BorderMap.layers).filter(id => /^u\\d+$/.test(id) && BorderMap.layerShown(id)).length")


def test_two_thousand_user_layers_are_ready_fast_and_grouped(app, live_server, page, browser):
    add_small_layers(app.extensions["bordermap.store"], MANY)
    started = time.monotonic()
    page.goto(live_server.url + "/", timeout=READY_WITHIN_S * 1000)
    page.wait_for_selector("body[data-bm-ready=true]", timeout=READY_WITHIN_S * 1000)
    elapsed = time.monotonic() - started
    print(f"\n{MANY} user layers: ready in {elapsed:.1f} s")
    assert page.evaluate("Object.keys(BorderMap.drawn).filter(id => /^u\\d+$/.test(id)).length") == MANY
    assert user_layers_shown(page) == MANY

    # The curated layers keep their own entries; the added ones are one folded group with a count.
    control = page.locator(".leaflet-control-layers")
    control.hover()
    overlays = page.locator(".leaflet-control-layers-overlays > label")
    assert overlays.count() == len([c for c in page.evaluate("BorderMap.config.layers") if c["origin"] != "user"])
    group = page.locator(".bm-user-layers")
    assert group.locator("summary").inner_text() == "Added by editors (2,000 layers)"
    assert not group.locator(".bm-user-list").is_visible(), "thousands of layers start folded"
    group.locator("summary").click()
    assert group.locator(".bm-user-list input").count() == MANY
    screenshot(page, "many-layers-control")

    # A layer of the group turns off and on again; "Show all" brings every one back.
    one = group.locator('.bm-user-list input[data-layer="u7"]')
    one.scroll_into_view_if_needed()
    one.uncheck()
    assert not page.evaluate("BorderMap.layerShown('u7')")
    assert group.locator(".bm-user-all").evaluate("box => box.indeterminate")
    group.locator(".bm-user-all").check()
    assert user_layers_shown(page) == MANY
    group.locator(".bm-user-all").uncheck()
    assert user_layers_shown(page) == 0
    assert group.locator('.bm-user-list input[data-layer="u7"]').is_checked() is False
    # A curated layer toggled in Leaflet's part of the control leaves the group where it was.
    page.get_by_text("GMS Southern Economic Corridor (indicative)").click()
    assert page.evaluate("BorderMap.layerShown('corridors')")
    assert group.locator(".bm-user-list input").count() == MANY
    assert page.console_errors == []

    # On a phone the control still opens and the group fits the screen.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                else route.abort())
    try:
        phone.goto(live_server.url + "/", timeout=READY_WITHIN_S * 1000)
        phone.wait_for_selector("body[data-bm-ready=true]", timeout=READY_WITHIN_S * 1000)
        phone.locator(".leaflet-control-layers-toggle").tap()
        phone.locator(".bm-user-layers summary").tap()
        box = phone.locator(".leaflet-control-layers").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        screenshot(phone, "many-layers-control-phone")
    finally:
        context.close()


def test_a_few_user_layers_are_listed_open(app, live_server, page):
    add_small_layers(app.extensions["bordermap.store"], 3)
    open_map(page, live_server.url + "/")
    group = page.locator(".bm-user-layers")
    assert group.locator("summary").inner_text() == "Added by editors (3 layers)"
    page.locator(".leaflet-control-layers").hover()
    assert group.locator(".bm-user-list").is_visible()
    assert [line.strip() for line in group.locator(".bm-user-list").inner_text().split("\n")] == [
        "Editor layer 0000 (1)", "Editor layer 0001 (1)", "Editor layer 0002 (1)"]
    assert page.console_errors == []
