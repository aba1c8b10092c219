"""The dry run shows a map of what would be added, at the Import button, far-away features flagged."""

from __future__ import annotations

import pytest

from conftest import DESKTOP, screenshot
from test_browser_upload_helps import check, feature, start, write

pytestmark = pytest.mark.browser
PHONE_844 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_dry_run_maps_what_would_be_added_and_flags_the_far_one(new_tab, live_server, tmp_path, device):
    tab = new_tab(PHONE_844 if device == "phone" else DESKTOP)
    path = write(tmp_path, "mixed.geojson", [
        feature("Paris office", {"type": "Point", "coordinates": [2.35, 48.86]}),
        feature("Near Bavet", {"type": "Point", "coordinates": [106.13, 11.07]}),
    ])
    start(tab, live_server.url, path)
    check(tab)
    holder = tab.locator("#preview-map[data-ready=true]")
    holder.wait_for()
    drawn = tab.locator("#preview-map .leaflet-overlay-pane path.leaflet-interactive")
    assert drawn.count() == 2 and holder.get_attribute("data-drawn") == "2"
    # The far one is drawn apart (dashed, in the legend's "far" colour) and named on the map.
    dashes = [drawn.nth(i).get_attribute("stroke-dasharray") for i in range(2)]
    assert sorted(d is not None for d in dashes) == [False, True]
    far_colour = tab.evaluate("getComputedStyle(document.querySelector('.bm-preview-key-far')).backgroundColor")
    assert far_colour in tab.evaluate("""() => [...document.querySelectorAll(
        '#preview-map path.leaflet-interactive[stroke-dasharray]')].map(p => p.getAttribute('stroke'))""")
    assert tab.locator(".leaflet-tooltip.bm-preview-far").all_inner_texts() == ["1 · Paris office"]
    # The map is fitted to both features: each lies inside the map's box.
    box = holder.bounding_box()
    for i in range(2):
        mark = drawn.nth(i).bounding_box()
        assert box["x"] <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"]
        assert box["y"] <= mark["y"] and mark["y"] + mark["height"] <= box["y"] + box["height"]
    # Text says what it shows; a legend line for the far colour; reachable from the keyboard.
    text = tab.inner_text("#preview-text")
    assert "2 features that would be added" in text and "1 of them lies far from the border region" in text
    assert "Far from the border region" in tab.inner_text(".bm-preview-legend")
    assert holder.get_attribute("aria-describedby") == "preview-text"
    assert holder.get_attribute("tabindex") == "0"
    zoom = float(holder.get_attribute("data-zoom"))
    holder.focus()
    tab.keyboard.press("Equal")  # Leaflet's "+" key: zooms in while the map has the focus
    tab.wait_for_function("z => Number(document.getElementById('preview-map').dataset.zoom) > z", arg=zoom)
    holder.focus()
    tab.keyboard.press("Minus")
    tab.wait_for_function("z => Number(document.getElementById('preview-map').dataset.zoom) === z", arg=zoom)
    # From the map, Tab goes on to its controls, not to each unnamed shape (review 33b, #9: the
    # table below lists the features by name).
    holder.focus()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.tagName.toLowerCase()") != "path"
    # At the button: the map, then the far-away list, then Import.
    button = tab.get_by_role("button", name="Import 2 features")
    box = holder.bounding_box()  # again: focusing the map scrolled the page since it was measured
    assert box["y"] + box["height"] <= button.bounding_box()["y"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= tab.viewport_size["width"]
    tab.locator("#preview").scroll_into_view_if_needed()
    screenshot(tab, f"upload-preview-{device}")
    assert tab.console_errors == [] and tab.outside_requests == []


@pytest.mark.parametrize(("lang", "says"), [("km", "ឆ្ងាយពីតំបន់ព្រំដែន"), ("vi", "nằm xa vùng biên giới")])
def test_the_preview_speaks_the_page_language_on_a_phone(new_tab, live_server, tmp_path, lang, says):
    tab = new_tab(PHONE_844)
    path = write(tmp_path, "mixed.geojson", [
        feature("Paris office", {"type": "Point", "coordinates": [2.35, 48.86]}),
        feature("Near Bavet", {"type": "Point", "coordinates": [106.13, 11.07]}),
    ])
    tab.goto(f"{live_server.url}/upload?lang={lang}")
    tab.set_input_files("#file", str(path))
    tab.check("input[name=target][value=new]")
    tab.fill("#new_title", "Depots")
    tab.fill("#token", "test-editor-token")
    tab.locator("button[name=action][value=check]").click()
    tab.locator("#preview-map[data-ready=true]").wait_for()
    assert tab.evaluate("document.documentElement.lang") == lang
    assert says in tab.inner_text("#preview")
    assert tab.locator("#preview-map path.leaflet-interactive").count() == 2
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.locator("#preview").scroll_into_view_if_needed()
    screenshot(tab, f"upload-preview-phone-{lang}")
    assert tab.console_errors == [] and tab.outside_requests == []
