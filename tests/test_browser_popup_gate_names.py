"""A gate pair's popup says whose each gate's name is (review 24a, #9): ម៉ឺនជ័យ stood in the line of
names under "Meun Chey – Tan Nam", where a reader took it for the pair's Khmer name; it is the
Cambodian gate's own. The line under the title holds the pair's own names only; each gate has a
row of its own, in every language, each name marked with the language it is in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, clean, open_map, screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}

# The gate rows as a reader sees them, in each language: the Khmer name with its English one for a
# reader of another language; Tân Nam is Tan Nam with its accents, said once.
GATES = {
    "en": ["Cambodian gate: ម៉ឺនជ័យ (Meun Chey)", "Vietnamese gate: Tân Nam"],
    "km": ["ច្រកទ្វារខាងកម្ពុជា៖ ម៉ឺនជ័យ", "ច្រកទ្វារខាងវៀតណាម៖ Tân Nam"],
    "vi": ["Cửa khẩu phía Campuchia: ម៉ឺនជ័យ (Meun Chey)", "Cửa khẩu phía Việt Nam: Tân Nam"],
}
# The pair's own names under its title: no source gives one in Khmer.
LOCALS = {"en": "Tân Nam – Meun Chey", "km": "Tân Nam – Meun Chey", "vi": "Meun Chey – Tan Nam"}


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_each_gates_name_is_said_to_be_that_gates(new_tab, live_server, lang, device):
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang={lang}#feature=cp-meun-chey-tan-nam")
    popup = tab.locator('.leaflet-popup-content [data-feature="cp-meun-chey-tan-nam"]')
    expect(popup).to_be_visible()
    # The line under the title: the pair's names, not its Cambodian gate's.
    expect(popup.locator(".bm-locals")).to_have_text(LOCALS[lang])
    assert "ម៉ឺនជ័យ" not in popup.locator(".bm-popup-title").inner_text()
    expect(popup.locator(".bm-gate")).to_have_text(GATES[lang])
    # Right under the names, before the kind and status.
    rows = popup.locator(":scope > *").all_inner_texts()
    assert rows.index(GATES[lang][0]) == 2 and rows.index(GATES[lang][1]) == 3, rows
    # Each name marked with its language where the page's is another.
    khmer = popup.locator(".bm-gate").first.locator(".bm-value > span").first
    vietnamese = popup.locator(".bm-gate").last.locator(".bm-value > span").first
    if lang != "km":
        expect(khmer).to_have_attribute("lang", "km")
    if lang != "vi":
        expect(vietnamese).to_have_attribute("lang", "vi")
    if lang == "vi":
        expect(popup.locator(".bm-gate").first.locator("span[lang=en]")).to_have_text("Meun Chey")
    screenshot(tab, f"popup-gate-names-{lang}-{device['viewport']['width']}")
    clean(tab)


# Prey Vor – Binh Hiep: no Khmer name for Prey Vor, whose English name is our transliteration of
# the spelling of the Vietnamese reports, Brây Vo (review rv25b, #3: it read as a Cambodian
# source's name); Bình Hiệp is Binh Hiep with its accents, said once. Prek Chak – Ha Tien: the
# Vietnamese gate's other name in brackets, the same in every language (review rv25b, #9:
# "Hà Tiên (Ha Tien (Xa Xia))", and on the Vietnamese page no Xa Xia at all); Ha Tien is Hà Tiên
# without its accents, so not said again.
OTHER_GATES = {
    ("cp-binh-hiep", "en"): ["Cambodian gate: Prey Vor (our transliteration)", "Vietnamese gate: Bình Hiệp"],
    ("cp-binh-hiep", "km"): ["ច្រកទ្វារខាងកម្ពុជា៖ Prey Vor (ការចម្លងអក្សររបស់យើង)", "ច្រកទ្វារខាងវៀតណាម៖ Bình Hiệp"],
    ("cp-binh-hiep", "vi"): ["Cửa khẩu phía Campuchia: Brây Vo", "Cửa khẩu phía Việt Nam: Bình Hiệp"],
    ("cp-prek-chak-ha-tien", "en"): ["Cambodian gate: Prek Chak", "Vietnamese gate: Hà Tiên (Xa Xia)"],
    ("cp-prek-chak-ha-tien", "km"): ["ច្រកទ្វារខាងកម្ពុជា៖ Prek Chak", "ច្រកទ្វារខាងវៀតណាម៖ Hà Tiên (Xa Xia)"],
    ("cp-prek-chak-ha-tien", "vi"): ["Cửa khẩu phía Campuchia: Prek Chak", "Cửa khẩu phía Việt Nam: Hà Tiên (Xa Xia)"],
}
# The languages marked in the Cambodian gate's row: a name's, where the page's is another (the
# mark is in the page's): Brây Vo, on the Vietnamese page, is the page's own.
CAMBODIAN_LANGS = {"cp-binh-hiep": {"en": [], "km": ["en"], "vi": []},
                   "cp-prek-chak-ha-tien": {"en": [], "km": ["en"], "vi": ["en"]}}


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("feature", ["cp-binh-hiep", "cp-prek-chak-ha-tien"])
def test_a_gates_name_is_given_as_its_sources_give_it(new_tab, live_server, feature, lang):
    tab = new_tab(DESKTOP)
    open_map(tab, f"{live_server.url}/?lang={lang}#feature={feature}")
    popup = tab.locator(f'.leaflet-popup-content [data-feature="{feature}"]')
    expect(popup.locator(".bm-gate")).to_have_text(OTHER_GATES[feature, lang])
    cambodian = popup.locator(".bm-gate").first
    assert cambodian.locator(".bm-value span[lang]").evaluate_all(
        "(spans) => spans.map((s) => s.lang)") == CAMBODIAN_LANGS[feature][lang]
    # The transliteration's mark is in the page's language, not the name's.
    if feature == "cp-binh-hiep" and lang != "vi":
        assert cambodian.locator(".bm-name-status").evaluate("(s) => s.closest('[lang]').lang") == lang
    # Xa Xia is English (no source writes it with its accents), beside the Vietnamese Hà Tiên.
    if feature == "cp-prek-chak-ha-tien":
        names = popup.locator(".bm-gate").last.locator(".bm-value > span")
        assert names.evaluate_all("(spans) => spans.map((s) => [s.textContent, s.closest('[lang]').lang])") == [
            ["Hà Tiên", "vi"], ["Xa Xia", "en"]]
    screenshot(tab, f"popup-gate-names-{feature}-{lang}")
    clean(tab)
