"""Links to the downloads: in the layer control (every layer in every format, the whole dataset)
and at the foot of the commitments panel; each link answers with its file. The export, which
has no server, says where the downloads are instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bordermap.mapview.export import ExportOptions, build_export, write_export
from conftest import PHONE, open_map, screenshot

pytestmark = pytest.mark.browser
SHOTS = Path("/work/notes/shots/gis")


def keep(tab, name: str) -> None:
    path = screenshot(tab, name)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / path.name)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_layer_control_and_the_panel_link_to_every_download(app, live_server, page, lang):
    store = app.extensions["bordermap.store"]
    open_map(page, f"{live_server.url}/?lang={lang}")
    page.locator(".leaflet-control-layers").hover()
    section = page.locator(".leaflet-control-layers .bm-downloads")
    assert section.locator("li").count() == 0  # built when opened
    section.locator("summary").click()
    rows = section.locator("li[data-download-layer]")
    rows.first.wait_for()
    assert rows.count() == len(store.layers())
    hrefs = section.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert f"{live_server.url}/api/bordermap.gpkg" in hrefs
    for ext in ("geojson", "gpkg", "csv", "kml", "fgb", "shp.zip"):
        assert f"{live_server.url}/api/layers/checkpoints.{ext}" in hrefs
    keep(page, f"downloads-layer-control-{lang}")
    foot = page.locator("#bm-panel .bm-downloads-foot")
    foot.scroll_into_view_if_needed()
    foot_links = foot.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert foot_links == [f"{live_server.url}/api/commitments.csv", f"{live_server.url}/api/commitments.json",
                          f"{live_server.url}/api/bordermap.gpkg"]
    keep(page, f"downloads-panel-{lang}")
    for href in foot_links + [f"{live_server.url}/api/layers/checkpoints.gpkg"]:
        answer = page.request.get(href)
        assert answer.status == 200 and answer.headers["content-disposition"].startswith("attachment"), href
    assert page.console_errors == []


def test_downloads_on_a_phone(live_server, new_tab):
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang=km")
    foot = tab.locator("#bm-panel .bm-downloads-foot")
    foot.scroll_into_view_if_needed()
    assert foot.locator("a").count() == 3
    keep(tab, "downloads-phone-km")


def test_the_export_says_where_the_downloads_are(app, tmp_path, offline_tab):
    store = app.extensions["bordermap.store"]
    out = tmp_path / "bordermap.html"
    write_export(build_export(store, ExportOptions()), out)
    offline_tab.goto(out.as_uri())
    offline_tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)
    note = offline_tab.locator("#bm-panel .bm-downloads-foot")
    assert "/api/bordermap.gpkg" in note.inner_text() and note.locator("a").count() == 0
    keep(offline_tab, "downloads-export-note")
