"""The OGC API's HTML pages, as a reader follows them: from a feature's page to its place on the map."""

from __future__ import annotations

import orjson
import pytest

from conftest import MEUN_CHEY, PHONE, screenshot

pytestmark = pytest.mark.browser

MAP_LINK = {"en": "See it on the map, with the commitments that name it",
            "km": "មើលវានៅលើផែនទី ជាមួយការប្តេជ្ញាដែលដាក់ឈ្មោះវា",
            "vi": "Xem trên bản đồ, cùng các cam kết nêu tên nó"}


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_feature_page_opens_the_feature_on_the_map_with_its_commitments(new_tab, live_server, client, lang):
    """Review 9, S5: "the commitments that name this feature" opened raw JSON, Khmer as \\u escapes;
    the page's link to the map opens its popup, which lists them in the page's language."""
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/ogc/collections/checkpoints/items/{MEUN_CHEY}?f=html&lang={lang}")
    screenshot(tab, f"ogc-feature-{lang}-phone")
    tab.get_by_role("link", name=MAP_LINK[lang], exact=True).click()
    popup = tab.locator(f'.leaflet-popup .bm-popup[data-feature="{MEUN_CHEY}"]')
    popup.wait_for(timeout=30000)
    assert tab.evaluate("document.documentElement.lang") == lang
    named = client.get(f"/api/commitments?feature={MEUN_CHEY}").get_json()
    wanted = sorted(item["id"] for item in named)
    listed = popup.locator("button[data-commitment]").evaluate_all("els => els.map(e => e.dataset.commitment)")
    assert wanted and sorted(set(listed)) == wanted
    screenshot(tab, f"ogc-feature-followed-to-the-map-{lang}-phone")
    assert not tab.console_errors


# Every kind of OGC HTML page, an error included; a user layer's long unbroken value too.
OGC_PAGES = {
    "landing": "/ogc/?f=html", "conformance": "/ogc/conformance?f=html", "collections": "/ogc/collections?f=html",
    "collection": "/ogc/collections/checkpoints?f=html", "provinces": "/ogc/collections/provinces-kh?f=html",
    "items": "/ogc/collections/checkpoints/items?f=html&limit=5", "feature": f"/ogc/collections/checkpoints/items/{MEUN_CHEY}?f=html",
    "user-feature": "/ogc/collections/depots/items/d1?f=html", "api": "/ogc/api?f=html",
    "not-found": "/ogc/collections/nope?f=html", "bad-request": "/ogc/collections/checkpoints/items?f=html&limit=x",
}


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_every_ogc_page_fits_a_phone(new_tab, live_server, lang):
    """Review 12, N3: at 390 px the collection page was 470–489 px wide (its extent, its CRS URI
    and its property filters in unbroken code and table cells), so a reader scrolled sideways."""
    tab = new_tab(PHONE)
    body = orjson.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "id": "d1", "properties": {
        "name": "Kho Mộc Bài", "url": "https://example.org/" + "a-very-long-path-without-a-break" * 6,
        "meta": {"kho_hàng_hoá_xuất_nhập_khẩu_tạm_thời": "x" * 120}},
        "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}]})
    sent = tab.request.post(f"{live_server.url}/api/features?layer=depots&new_layer_title=Depots", data=body,
                            headers={"Authorization": "Bearer test-editor-token", "Content-Type": "application/geo+json"})
    assert sent.status == 201, sent.text()
    widths = {}
    for name, path in OGC_PAGES.items():
        tab.goto(f"{live_server.url}{path}&lang={lang}")
        assert tab.evaluate("document.documentElement.lang") == lang
        widths[name] = tab.evaluate("document.documentElement.scrollWidth")
        if name in ("collection", "feature", "api"):
            screenshot(tab, f"ogc-{name}-{lang}-phone")
    assert widths == {name: 390 for name in OGC_PAGES}
    # The values are there to read, one under another, not cut off.
    tab.goto(f"{live_server.url}/ogc/collections/checkpoints?f=html&lang={lang}")
    crs = tab.locator("table.bm-ogc-facts td", has_text="opengis.net/def/crs")
    box = crs.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # (the error pages' own 404 and 400 are logged as failed loads; nothing else may be)
    assert not [error for error in tab.console_errors if not error.startswith("Failed to load resource")]
