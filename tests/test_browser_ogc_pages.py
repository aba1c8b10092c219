"""The OGC API's HTML pages, as a reader follows them: from a feature's page to its place on the map."""

from __future__ import annotations

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
