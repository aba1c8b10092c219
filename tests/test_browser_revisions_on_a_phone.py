"""Review 11, N12: on a phone the revisions table becomes cards without its head, and each card
showed a bare "1" or "2 45b9849dadb6…", figures that said nothing of what they were."""

from __future__ import annotations

import orjson
import pytest

from conftest import PHONE, screenshot

pytestmark = pytest.mark.browser

LABELS = {"en": ("Changes: ", "File SHA-256: "), "km": ("ការផ្លាស់ប្តូរ៖ ", None), "vi": ("Thay đổi: ", None)}


@pytest.mark.parametrize("lang", sorted(LABELS))
def test_a_revision_cards_figures_say_what_they_are(live_server, new_tab, lang):
    body = orjson.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Depot"},
                         "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}]})
    tab = new_tab(PHONE)
    sent = tab.request.post(f"{live_server.url}/api/features?layer=depots&new_layer_title=Depots", data=body,
                            headers={"Authorization": "Bearer test-editor-token", "Content-Type": "application/geo+json"})
    assert sent.status == 201, sent.text()
    tab.goto(f"{live_server.url}/revisions?lang={lang}")
    shown = tab.evaluate("""() => [...document.querySelectorAll('#revisions tbody tr:first-child td')]
        .map((td) => getComputedStyle(td, '::before').content + '|' + td.innerText)""")
    changes, sha = LABELS[lang]
    assert any(cell.startswith(f'"{changes}"|') for cell in shown), shown
    if sha:
        assert any(cell.startswith(f'"{sha}"|') for cell in shown), shown
    screenshot(tab, f"revisions-phone-{lang}")


WHEN = {"en": "When (UTC): ", "km": "ពេលវេលា (UTC)៖ ", "vi": "Thời điểm (UTC): "}


@pytest.mark.parametrize("lang", sorted(WHEN))
def test_a_revision_cards_time_says_it_is_utc(live_server, new_tab, lang):
    """Review 25a, #9: a phone showed "6 tháng 12, 2026 00:18" with nothing saying UTC, which only
    the desktop table's head (hidden on a phone) said; the confirmation of a revert says it too."""
    body = orjson.dumps({"type": "Feature", "properties": {"name": "Depot"},
                         "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}})
    tab = new_tab(PHONE)
    sent = tab.request.post(f"{live_server.url}/api/features?layer=depots&new_layer_title=Depots", data=body,
                            headers={"Authorization": "Bearer test-editor-token", "Content-Type": "application/geo+json"})
    assert sent.status == 201, sent.text()
    tab.goto(f"{live_server.url}/revisions?lang={lang}")
    assert not tab.locator("#revisions thead").is_visible() or tab.evaluate(
        "() => document.querySelector('#revisions thead').getBoundingClientRect().width <= 1")
    shown = tab.evaluate("""() => { const td = document.querySelector('#revisions tbody tr:first-child time').parentElement;
        return getComputedStyle(td, '::before').content + '|' + td.innerText; }""")
    assert shown.startswith(f'"{WHEN[lang]}"|'), shown
    screenshot(tab, f"revisions-phone-time-{lang}")
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/revisions/1/revert?lang={lang}")
    assert tab.locator("time").first.inner_text().endswith(" UTC")
