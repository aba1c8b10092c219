"""An editor's feature opened on the map shows what its file says of it: its own properties (a
count, a depth, yes/no) under their own names, and its opening date as the editor wrote it, not
folded away as the curated team's English notes."""

from __future__ import annotations

import orjson
import pytest

from conftest import open_map, screenshot

pytestmark = pytest.mark.browser

TOKEN = {"Authorization": "Bearer test-editor-token"}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_editors_feature_shows_its_files_properties(client, live_server, new_tab, lang):
    body = orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "well-1",
         "properties": {"name": "Krabau well", "depth_m": 75.5, "traders": 1200, "seasonal": True,
                        "opened": "2025-12-08", "owner": "Commune council"},
         "geometry": {"type": "Point", "coordinates": [105.82, 11.64]}}]})
    assert client.post("/api/features?layer=wells&new_layer_title=Wells", data=body,
                       headers=TOKEN).status_code == 201
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}#feature=well-1")
    popup = tab.locator(".leaflet-popup-content .bm-popup")
    popup.wait_for(timeout=15000)
    rows = tab.evaluate("""() => [...document.querySelectorAll('.bm-popup .bm-file-properties .bm-row')]
        .map(r => r.textContent.replace(/\\s+/g, ' ').trim())""")
    expected = {"en": ["depth_m: 75.5", "traders: 1,200", "seasonal: yes", "owner: Commune council"],
                "vi": ["depth_m: 75,5", "traders: 1.200", "seasonal: có", "owner: Commune council"]}[lang]
    assert rows == expected
    heading = {"en": "From the file:", "vi": "Từ tệp tải lên:"}[lang]
    assert popup.locator(".bm-file-properties > .bm-label").inner_text() == heading
    # The editor's own words are shown as they are, not as the curated team's untranslated notes.
    assert popup.locator("details.bm-english-only").count() == 0
    assert "2025-12-08" in popup.inner_text()
    screenshot(tab, f"user-popup-{lang}")
    assert tab.console_errors == []


def test_a_curated_feature_shows_none_of_this(live_server, new_tab):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=vi#feature=cp-meun-chey-tan-nam")
    popup = tab.locator(".leaflet-popup-content .bm-popup")
    popup.wait_for(timeout=15000)
    assert popup.locator(".bm-file-properties").count() == 0
    assert popup.locator("details.bm-english-only").count() == 1  # its notes are ours, in English
