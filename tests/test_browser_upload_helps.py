"""The upload page helps: problems name the feature and say how to fix it, the file is kept after
an error, repair closes a ring, far-away features are flagged at the Import button, the picker is
searchable, the lists are filled after an import, the author is remembered, revert asks first."""

from __future__ import annotations

import orjson
import pytest

from conftest import PHONE, screenshot

pytestmark = pytest.mark.browser
TOKEN = "test-editor-token"


def feature(name, geometry, **props):
    return {"type": "Feature", "properties": {"name": name, **props}, "geometry": geometry}


def write(tmp_path, name, features):
    path = tmp_path / name
    path.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": features}))
    return path


OPEN_RING = {"type": "Polygon", "coordinates": [[[106.0, 11.0], [106.1, 11.0], [106.1, 11.1], [106.0, 11.1]]]}


def start(tab, url, path, title="Depots"):
    tab.goto(url + "/upload")
    tab.set_input_files("#file", str(path))
    tab.check("input[name=target][value=new]")
    tab.fill("#new_title", title)
    tab.fill("#token", TOKEN)


def check(tab):
    tab.get_by_role("button", name="Check the file (dry run)").click()
    tab.wait_for_load_state()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_problems_name_the_feature_and_the_file_is_kept(new_tab, live_server, tmp_path, device):
    tab = new_tab(PHONE if device == "phone" else None)
    path = write(tmp_path, "depots.geojson", [
        feature("Depot A", {"type": "Point", "coordinates": [106.1, 11.1]}, status="operating"),
        feature("Yard B", OPEN_RING),
    ])
    start(tab, live_server.url, path)
    check(tab)
    problems = tab.locator(".bm-problems li").all_inner_texts()
    # Every problem of the file at once, each naming its feature from 1 with a way out.
    status = next(p for p in problems if p.startswith("Feature 1 “Depot A”, properties.status"))
    assert "reserves" in status and "rename the property" in status and "site_status" in status
    ring = next(p for p in problems if p.startswith("Feature 2 “Yard B”"))
    assert "ring is not closed" in ring and "Repair invalid geometries" in ring
    assert "features[" not in tab.inner_text(".bm-result-error")
    # The file is kept: ticking repair and checking again needs no new choice of it. The page
    # says where it is kept, and for how long, beside "nothing was stored".
    assert "depots.geojson" in tab.inner_text("#kept-file")
    assert "for 24 hours, then it is deleted" in tab.inner_text("#kept-file")
    # A screen reader is told of the kept file at the input, which says "No file chosen" (review
    # 12a, F14), and of the input's hint and problems.
    described = tab.get_attribute("#file", "aria-describedby").split()
    assert described[:2] == ["kept-file", "file-hint"] and len(described) > 2, described
    screenshot(tab, f"upload-problems-named-{device}")

    fixed = write(tmp_path, "depots.geojson", [
        feature("Depot A", {"type": "Point", "coordinates": [106.1, 11.1]}, site_status="operating"),
        feature("Yard B", OPEN_RING),
    ])
    tab.set_input_files("#file", str(fixed))
    tab.fill("#token", TOKEN) if tab.locator("#token").count() else None
    tab.check("#repair")
    check(tab)
    report = tab.locator("#report")
    report.wait_for()
    assert "Dry run: 2 features would be added" in report.inner_text()
    assert "closed by repeating its first position" in report.inner_text()
    assert "Feature 2 “Yard B”, geometry.coordinates, ring 1" in report.inner_text()
    screenshot(tab, f"upload-ring-closed-{device}")


def test_a_csv_gets_a_message_a_person_understands(page, live_server, tmp_path):
    # A table with no coordinates, saved under a GeoJSON name (one with lon/lat or WKT columns
    # is read as a table and imported).
    path = tmp_path / "gates.geojson"
    path.write_text("name,province\nBavet,Svay Rieng\n")
    start(page, live_server.url, path)
    check(page)
    text = page.inner_text(".bm-result-error")
    assert "looks like a table (CSV)" in text and "upload it as a .csv file" in text
    assert "invalid literal" not in text
    assert "gates.geojson" in page.inner_text("#kept-file")
    screenshot(page, "upload-csv")


def test_far_away_features_are_flagged_at_the_import_button(page, live_server, tmp_path):
    path = write(tmp_path, "mixed.geojson", [
        feature("Near Bavet", {"type": "Point", "coordinates": [106.1, 11.1]}),
        feature("Paris office", {"type": "Point", "coordinates": [2.35, 48.86]}),
    ])
    start(page, live_server.url, path)
    check(page)
    far = page.locator("#far-away")
    assert "feature 2 “Paris office”" in far.inner_text() and "Near Bavet" not in far.inner_text()
    # Right above the button that would import it.
    assert page.evaluate("""() => {
        const far = document.getElementById('far-away'), button = far.nextElementSibling;
        return button.tagName === 'BUTTON' && button.value === 'import';
    }""")
    screenshot(page, "upload-far-away")


def test_picker_lists_fill_after_import_author_remembered_and_revert_asks(page, live_server, tmp_path):
    path = write(tmp_path, "zones.geojson", [feature("Zone", {"type": "Point", "coordinates": [106.1, 11.1]})])
    start(page, live_server.url, path, title="Zones")
    page.fill("#author", "Sokha Dara")
    # The picker: every commitment whole, found by a word, ticked.
    assert page.locator("#links li").count() == 48
    page.fill("#links-filter", "Meun Chey")
    shown = page.locator("#links li:visible")
    assert 0 < shown.count() < 47
    first = shown.first.locator("input")
    chosen = first.get_attribute("value")
    first.check()
    screenshot(page, "upload-picker")
    check(page)
    page.locator("#report").wait_for()
    linked = page.inner_text(".bm-linked")
    assert chosen in linked and len(linked) > len(chosen) + 10, "a name, not a bare id"
    page.get_by_role("button", name="Import 1 feature").click()
    page.locator(".bm-result-ok").wait_for()
    # Without a reload: the new layer and every commitment are there to choose again.
    assert page.locator("#layer option", has_text="Zones").count() == 1
    assert page.locator("#links li").count() == 48
    assert page.input_value("#author") == "Sokha Dara"
    page.goto(live_server.url + "/upload")
    assert page.input_value("#author") == "Sokha Dara", "remembered on the next visit"
    screenshot(page, "upload-after-import")

    page.goto(live_server.url + "/revisions")
    page.locator("#revisions button", has_text="Revert").first.click()
    page.wait_for_selector("#confirm-revert")
    assert "Revert revision" in page.inner_text("h2") and "changes as a new revision" in page.inner_text(".bm-result")
    screenshot(page, "upload-revert-confirm")
    page.get_by_role("link", name="Cancel").click()
    assert page.locator(".bm-reverted").count() == 0, "nothing reverted without the second click"
    page.locator("#revisions button", has_text="Revert").first.click()
    page.click("#confirm-revert")
    page.wait_for_selector(".bm-reverted")
    assert "Sokha Dara" in page.inner_text("#revisions tbody tr:first-child")
