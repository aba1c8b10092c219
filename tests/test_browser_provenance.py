"""What editors uploaded is marked as theirs wherever a reader meets it (popup, the commitment's
"Where it applies", layer control, legend, the export), with who added it and when; a location
whose precision the file does not give reads "unknown", never "exact"."""

from __future__ import annotations

import orjson
import pytest
from playwright.sync_api import expect

from bordermap.mapview.export import build_export
from conftest import MEUN_CHEY, clean, map_at_rest, open_map
from test_browser_first_view import DESKTOP, PHONE, keep

pytestmark = pytest.mark.browser

COMMITMENT = "c-pr71-07"  # investment in the border provinces: where an editor might add zones
MARK = {"en": "Added by editors", "km": "បន្ថែមដោយអ្នកកែសម្រួល", "vi": "Do biên tập viên thêm"}
UNKNOWN = {"en": "unknown", "km": "មិនដឹង", "vi": "không rõ"}


@pytest.fixture
def uploaded(client):
    features = [
        {"type": "Feature", "id": "zone-silent", "properties": {"name": "Bavet zone"},
         "geometry": {"type": "Point", "coordinates": [106.10, 11.08]}},
        {"type": "Feature", "id": "zone-said", "properties": {"name": "Moc Bai park", "location_precision": "approximate",
                                                              "precision_m": 800},
         "geometry": {"type": "Point", "coordinates": [106.20, 11.05]}},
    ]
    response = client.post(f"/api/features?layer=zones&new_layer_title=Economic+zones&link={COMMITMENT}&author=Dara",
                           headers={"Authorization": "Bearer test-editor-token"},
                           data=orjson.dumps({"type": "FeatureCollection", "features": features}))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["revision"]


def popup_text(tab, feature_id: str) -> str:
    tab.evaluate(f"BorderMap.openFeature('{feature_id}')")
    popup = tab.locator(f'.leaflet-popup .bm-popup[data-feature="{feature_id}"]')
    expect(popup).to_be_visible()
    return popup.inner_text()


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_upload_is_marked_with_its_author_and_date_everywhere(new_tab, live_server, uploaded, lang):
    tab = new_tab(DESKTOP)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    day = tab.evaluate(f"BorderMap.date('{uploaded['created_at'][:10]}')")
    text = popup_text(tab, "zone-silent")
    assert MARK[lang] in text and "Dara" in text and day in text
    # One "by" (review 24a, #8: "Added by editors by an editor, 2026-12-05").
    assert f"{MARK[lang]} · Dara, {day}" in " ".join(text.split()), text
    assert UNKNOWN[lang] in text, "a file that says nothing of precision is not 'exact'"
    keep(tab, f"provenance-popup-{lang}")
    assert UNKNOWN[lang] not in popup_text(tab, "zone-said")
    assert MARK[lang] not in popup_text(tab, MEUN_CHEY), "the curated data carries no editors' mark"
    tab.evaluate("() => { BorderMap.map.closePopup(); }")

    # The commitment's places: the editors' ones marked, the curated ones not.
    tab.evaluate(f"BorderMap.panel.open('{COMMITMENT}')")
    places = tab.locator(".bm-detail .bm-places li")
    expect(places.first).to_be_visible()
    marked = tab.eval_on_selector_all(".bm-detail .bm-places li", """items => items.map(li =>
        [li.querySelector('button').dataset.feature, !!li.querySelector('.bm-editor-mark')])""")
    assert {fid for fid, mark in marked if mark} == {"zone-silent", "zone-said"}
    assert any(not mark for _, mark in marked), "the curated provinces are listed unmarked"
    tab.locator(".bm-detail .bm-places li.bm-place-editor").first.scroll_into_view_if_needed()
    map_at_rest(tab)
    keep(tab, f"provenance-panel-{lang}")

    # Its own group in the legend and in the layer control.
    expect(tab.locator(".bm-legend-list li[data-key=editors]")).to_contain_text(MARK[lang])
    expect(tab.locator(".bm-legend-list li.bm-legend-editor")).to_contain_text("Economic zones")
    expect(tab.locator(".bm-user-layers summary")).to_contain_text(MARK[lang])
    clean(tab)


def test_the_phone_popup_marks_an_upload_too(new_tab, live_server, uploaded):
    tab = new_tab(PHONE)
    open_map(tab, live_server.url + "/")
    text = popup_text(tab, "zone-silent")
    assert "Added by editors" in text and "Dara" in text
    keep(tab, "provenance-popup-phone")
    clean(tab)


def test_the_export_marks_an_upload_as_the_page_does(app, offline_tab, uploaded, tmp_path):
    path = tmp_path / "map.html"
    path.write_text(build_export(app.extensions["bordermap.store"]), encoding="utf-8")
    open_map(offline_tab, path.as_uri())
    text = popup_text(offline_tab, "zone-silent")
    assert "Added by editors" in text and "Dara" in text and "unknown" in text
    expect(offline_tab.locator(".bm-legend-list li[data-key=editors]")).to_be_visible()
    keep(offline_tab, "provenance-export")
    assert offline_tab.console_errors == []


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_an_upload_without_an_author_or_a_kind_reads_in_the_page_language(new_tab, live_server, client, lang):
    """Review rv19, M5: a popup said "by editor" and "Kind: user" on a Vietnamese or Khmer page,
    the name an unnamed editor is kept under and the layer's own kind, where the revisions page
    says "an editor"."""
    feature = {"type": "Feature", "id": "pier-1", "properties": {"name": "Pier"},
               "geometry": {"type": "Point", "coordinates": [106.15, 11.1]}}
    response = client.post("/api/features?layer=piers&new_layer_title=Piers&author=editor",
                           headers={"Authorization": "Bearer test-editor-token"},
                           data=orjson.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert response.status_code == 201, response.get_json()
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    text = popup_text(tab, "pier-1")
    assert {"km": "អ្នកកែសម្រួល", "vi": "một biên tập viên"}[lang] in text, text
    assert "editor" not in text and "user" not in text, text
    clean(tab)
