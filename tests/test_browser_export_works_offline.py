"""The export opened from file:// with every network request refused: it draws, links both ways
and runs nothing from uploaded text."""

from __future__ import annotations

import pytest

from bordermap.mapview.export import ExportOptions, build_export, write_export
from bordermap.model import Layer
from conftest import (
    TILE_HOST,
    click_feature,
    frames_painted,
    map_at_rest,
    screenshot,
)

pytestmark = pytest.mark.browser


HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> `${window.__xss=3}` \\ \\u003c'


def test_export_works_offline_and_links_both_ways(app, tmp_path, offline_tab):
    store = app.extensions["bordermap.store"]
    out = tmp_path / "bordermap.html"
    write_export(build_export(store, ExportOptions()), out)
    tab = offline_tab
    tab.goto(out.as_uri())
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)

    drawn = tab.evaluate("BorderMap.drawn")
    for layer in store.layers():
        assert drawn[layer.id] == layer.feature_count > 0

    # Map → panel: the checkpoint's popup lists its commitments; one opens in the panel.
    tab.evaluate("() => { BorderMap.map.setView([11.6, 105.9], 9); }")
    map_at_rest(tab)
    click_feature(tab, "cp-meun-chey-tan-nam")
    popup = tab.wait_for_selector(".leaflet-popup-content .bm-popup")
    assert "Meun Chey" in popup.inner_text()
    button = tab.wait_for_selector(".leaflet-popup-content button[data-commitment]")
    commitment_id = button.get_attribute("data-commitment")
    button.click()
    detail = tab.wait_for_selector(".bm-detail:not([hidden])")
    assert "paragraph" in detail.inner_text()

    # Panel → map: the commitment's features are highlighted.
    highlighted = tab.evaluate("BorderMap.panel.highlighted")
    assert "cp-meun-chey-tan-nam" in highlighted
    assert tab.evaluate("BorderMap.features['cp-meun-chey-tan-nam'].layer.options.fillColor") == "#d01c8b"
    assert commitment_id in tab.evaluate("location.hash")
    screenshot(tab, "export-offline")

    assert tab.console_errors == []
    assert all(TILE_HOST in url for url in tab.outside_requests), tab.outside_requests


def test_export_without_basemap_requests_nothing(app, tmp_path, offline_tab):
    store = app.extensions["bordermap.store"]
    out = tmp_path / "plain.html"
    write_export(build_export(store, ExportOptions(basemap=False)), out)
    offline_tab.goto(out.as_uri())
    offline_tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)
    assert offline_tab.evaluate("BorderMap.drawn['boundary']") == 1
    assert offline_tab.outside_requests == []
    assert offline_tab.console_errors == []


def test_uploaded_text_in_an_export_runs_nothing(app, tmp_path, offline_tab):
    store = app.extensions["bordermap.store"]
    store.add_features(
        "hostile",
        [{"type": "Feature", "id": "evil-1", "geometry": {"type": "Point", "coordinates": [105.9, 11.4]},
          "properties": {"name": HOSTILE, "description": HOSTILE,
                         "sources": [{"title": HOSTILE, "url": "javascript:window.__xss=4"}]}}],
        author="test", summary="hostile text",
        new_layer=Layer(id="hostile", title=HOSTILE, kind="point", origin="user", style={"color": "#c00"}),
    )
    out = tmp_path / "hostile.html"
    write_export(build_export(store), out)
    tab = offline_tab
    tab.goto(out.as_uri())
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)
    tab.evaluate("() => { BorderMap.openFeature('evil-1'); }")
    popup = tab.wait_for_selector(".leaflet-popup-content .bm-popup")
    assert HOSTILE in popup.inner_text()
    assert tab.query_selector(".leaflet-popup-content img") is None
    assert tab.query_selector(".leaflet-popup-content a[href^=javascript]") is None
    assert HOSTILE in tab.text_content(".leaflet-control-layers")
    # Nothing may run: once every request the page made has settled (an injected image's
    # onerror fires when its load fails) and the page has painted, an injected handler would have.
    tab.wait_for_load_state("networkidle")
    frames_painted(tab)
    assert tab.evaluate("typeof window.__xss") == "undefined"
    screenshot(tab, "export-hostile-text")
    assert tab.console_errors == []
