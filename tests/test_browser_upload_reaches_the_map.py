"""The upload page in a real browser: dry run, import, the new layer on the map, hostile text as text."""

from __future__ import annotations

import re

import orjson
import pytest
from playwright.sync_api import expect

from conftest import (
    screenshot,
)

pytestmark = pytest.mark.browser


TOKEN = "test-editor-token"


NAME = '<img src=x onerror="window.__xss=1">'


DESCRIPTION = "<script>window.__xss=2</script> ${window.__xss=3} back\\slash \\u0041 {{7*7}}"


TITLE = "Hostile <b>zones</b> <img src=x onerror=window.__xss=4>"


def upload_file(tmp_path):
    features = [
        {"type": "Feature", "id": "sez-bavet",
         "properties": {"name": NAME, "description": DESCRIPTION, "status": "planned"},
         "geometry": {"type": "Polygon", "coordinates": [[[106.05, 11.05], [106.05, 11.15], [106.2, 11.15],
                                                          [106.2, 11.05], [106.05, 11.05]]]}},
        {"type": "Feature", "id": "survey-line", "properties": {"name": "Surveyed alignment"},
         "geometry": {"type": "LineString", "coordinates": [[105.9, 11.2], [106.1, 11.3], [106.3, 11.25]]}},
        {"type": "Feature", "id": "new-gate", "properties": {"name": "New gate", "note": "${alert(1)}"},
         "geometry": {"type": "Point", "coordinates": [106.0, 11.4]}},
    ]
    path = tmp_path / "hostile.geojson"
    path.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_dry_run_import_and_the_new_layer_on_the_map(page, live_server, tmp_path):
    page.goto(live_server.url + "/upload")
    page.set_input_files("#file", str(upload_file(tmp_path)))
    page.check("input[name=target][value=new]")
    page.fill("#new_title", TITLE)
    page.fill("#new_id", "hostile")
    page.fill("#kind", "economic-zone")
    page.fill("#author", "Browser test")
    page.fill("#token", TOKEN)
    page.get_by_role("button", name="Check the file (dry run)").click()

    report = page.locator("#report")
    report.wait_for()
    assert "Dry run: 3 features would be added" in report.inner_text()
    assert "Nothing has been stored yet" in report.inner_text()
    assert NAME in report.locator("table").inner_text()  # shown as text, not as an image
    assert report.locator("table img").count() == 0
    screenshot(page, "upload-dry-run")
    assert all(layer["id"] != "hostile" for layer in page.request.get(live_server.url + "/api/layers").json())

    page.get_by_role("button", name="Import 3 features").click()
    page.locator("#imported-title").wait_for()
    assert page.inner_text("#imported-title") == f"Imported 3 features into {TITLE}"  # its title, as text
    screenshot(page, "upload-imported")

    page.get_by_role("link", name="See it on the map").click()
    page.wait_for_selector("body[data-bm-ready=true]")
    assert page.evaluate("BorderMap.drawn['hostile']") == 3
    control = page.locator(".leaflet-control-layers-overlays")
    assert TITLE + " (3)" in control.inner_text()
    assert control.locator("img, b").count() == 0

    popup = page.locator(".bm-popup[data-feature='sez-bavet']").first
    popup.wait_for()  # #feature=sez-bavet opens its popup
    text = popup.inner_text()
    assert NAME in text and DESCRIPTION in text
    assert popup.locator("img, script").count() == 0
    page.hover(".leaflet-control-layers")  # expand the layer control for the screenshot
    expect(page.locator(".leaflet-control-layers")).to_have_class(re.compile("leaflet-control-layers-expanded"))
    expect(page.locator(".leaflet-popup").first).to_have_css("opacity", "1")  # faded in
    screenshot(page, "upload-on-map")

    # Each geometry kind is drawn: the polygon and the line as paths, the point as a circle.
    kinds = page.evaluate("""() => Object.values(BorderMap.features)
        .filter(e => e.layerId === 'hostile').map(e => e.feature.geometry.type).sort()""")
    assert kinds == ["LineString", "Point", "Polygon"]
    page.evaluate("BorderMap.openFeature('new-gate')")
    assert "New gate" in page.locator(".bm-popup[data-feature='new-gate']").first.inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.console_errors == []
