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


def test_two_thousand_user_layers_are_ready_fast_and_grouped(app, live_server, page):
    add_small_layers(app.extensions["bordermap.store"], MANY)
    started = time.monotonic()
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-bm-ready=true]", timeout=READY_WITHIN_S * 1000)
    elapsed = time.monotonic() - started
    print(f"\n{MANY} user layers: ready in {elapsed:.1f} s")
    assert page.evaluate("Object.keys(BorderMap.drawn).filter(id => id.startsWith('u')).length") == MANY
    assert page.console_errors == []
