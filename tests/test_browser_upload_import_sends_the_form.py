"""Import after a check sends the form as it is on the page (review 11, S2): a commitment
ticked, or a name changed, after the check was dropped without a word, because Import sent
hidden copies of the values checked."""

from __future__ import annotations

import orjson
import pytest

from conftest import screenshot

pytestmark = pytest.mark.browser

TOKEN = "test-editor-token"


def _file(tmp_path):
    path = tmp_path / "parks.geojson"
    path.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Truck park"},
         "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}]}))
    return path


def test_a_link_ticked_and_a_name_changed_after_the_check_are_what_is_imported(page, live_server, tmp_path):
    page.goto(f"{live_server.url}/upload?token={TOKEN}")
    page.set_input_files("#file", str(_file(tmp_path)))
    page.check("input[name=target][value=new]")
    page.fill("#new_title", "Truck parks")
    page.fill("#kind", "truck-park")
    page.fill("#author", "First Name")
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.locator("#report").wait_for()
    # After the check: tick a commitment and change the name, in the form under the report.
    page.check("#links input[value='c-pr71-27']")
    page.fill("#author", "Second Name")
    screenshot(page, "upload-changed-after-check")
    page.get_by_role("button", name="Import 1 feature").click()
    page.locator("#imported-title").wait_for()
    assert "Second Name" in page.inner_text("main")
    features = page.request.get(f"{live_server.url}/api/layers/truck-parks.geojson").json()["features"]
    assert [f["properties"].get("commitments") for f in features] == [["c-pr71-27"]], features
    revisions = page.request.get(f"{live_server.url}/api/revisions").json()
    assert revisions[0]["author"] == "Second Name"
    assert page.console_errors == []


def test_a_name_made_bad_after_the_check_is_refused_by_the_import(page, live_server, tmp_path):
    page.goto(f"{live_server.url}/upload?token={TOKEN}")
    page.set_input_files("#file", str(_file(tmp_path)))
    page.check("input[name=target][value=new]")
    page.fill("#new_title", "Truck parks")
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.locator("#report").wait_for()
    page.fill("#author", "Mai\u202e")  # a bidirectional override: never stored in a name
    page.get_by_role("button", name="Import 1 feature").click()
    box = page.locator(".bm-result-error[role=alert]")
    box.wait_for()
    page.wait_for_load_state("domcontentloaded")  # the refused page's script marks the inputs
    assert "Your name: " in box.inner_text()
    assert page.get_attribute("#author", "aria-invalid") == "true"
    assert page.request.get(f"{live_server.url}/api/revisions").json() == []
    assert page.locator("#kept-file").count() == 1  # the checked file is still there for the next try
