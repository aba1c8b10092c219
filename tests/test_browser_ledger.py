"""Issue 10 end to end in Chromium: an editor pastes this morning's news report, sees its numbered
paragraphs and suggested places, adds two commitments with links, sees them on the map and in the
panel, and reverts one. Desktop and phone; screenshots kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, highlighted, open_map, screenshot

pytestmark = pytest.mark.browser

TOKEN = "test-editor-token"
SHOTS = Path("/work/notes/shots/ledger")
# A short report in the manner of a news agency's, written for this test.
REPORT = """HÀ NỘI — Viet Nam and Cambodia agreed on Monday to open the Mon Chay – Tan Nam gate to third-country travellers by June.

Deputy ministers of transport agreed to finish the study of the Ho Chi Minh City – Moc Bai expressway link to Bavet this year.

Both sides pledged to hold the next border talks in Phnom Penh.

Ha Noi, 2 March 2026"""


def keep(tab, name: str) -> None:
    path = screenshot(tab, name)
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def add_commitment(tab, url: str, paragraph: int, place: str, summary: str, sector: str, status: str) -> str:
    tab.goto(url)
    tab.get_by_role("link", name=f"Add a commitment citing ¶{paragraph}").click()
    # The picker shows each paragraph's text, the cited one chosen.
    chosen = tab.locator(f"input[name=paragraph][value='{paragraph}']")
    expect(chosen).to_be_checked()
    box = tab.locator(f"input[name=features][value='{place}']")
    expect(box).not_to_be_checked()  # suggested only: nothing linked without the editor's choice
    box.check()
    tab.fill("#c-summary", summary)
    tab.select_option("#c-sector", sector)
    tab.select_option("#c-statement", "agreed")
    tab.select_option("#c-status", status)
    tab.fill("#c-stated", "2026-03-02")
    tab.get_by_role("button", name="Add the commitment").click()
    tab.get_by_text("Saved as revision").wait_for()
    return tab.url.split("/commitments/")[1].split("/")[0]


def test_a_report_to_commitments_on_the_map_and_a_revert(new_tab, live_server):
    tab = new_tab(DESKTOP)
    tab.goto(f"{live_server.url}/upload?token={TOKEN}")  # the start-up link unlocks editing
    tab.goto(live_server.url + "/ledger")
    tab.fill("#doc-title", "Gates and roads: talks in Ha Noi")
    tab.fill("#doc-publisher", "A test news service")
    tab.fill("#doc-date", "2026-03-02")
    tab.select_option("#doc-kind", "news-report")
    tab.fill("#doc-text", REPORT)
    tab.get_by_role("button", name="Check: number the paragraphs").click()
    preview = tab.locator("#preview")
    expect(preview).to_contain_text("Check: 3 numbered paragraphs")
    expect(tab.locator("#para-1")).to_contain_text("open the Mon Chay – Tan Nam gate")
    # Each suggested place by its name (its id kept on the element).
    expect(tab.locator('#para-1 .bm-suggestions [data-id="cp-meun-chey-tan-nam"]')).to_have_text("Meun Chey – Tan Nam")
    expect(tab.locator('#para-2 .bm-suggestions [data-id="xw-hcmc-moc-bai"]')).to_have_text(
        "Ho Chi Minh City – Moc Bai Expressway")
    assert tab.locator("#para-4").count() == 0  # the dateline is not a paragraph
    keep(tab, "ledger-check-desktop")
    tab.get_by_role("button", name="Save the document").click()
    tab.get_by_text("Saved as revision 1.").wait_for()
    # The window's title (what a screen reader says first) is the outcome, not its links too.
    assert tab.title().startswith("Saved as revision 1. · "), tab.title()
    document_url = tab.url.split("?")[0]
    keep(tab, "ledger-document-desktop")

    first = add_commitment(tab, document_url, 1, "cp-meun-chey-tan-nam",
                           "Third-country travellers may use the Meun Chey gate by June.", "border-affairs", "pledged")
    keep(tab, "ledger-commitment-saved-desktop")
    assert tab.title().startswith("Saved as revision 2. · "), tab.title()
    assert "See it on the map" not in tab.title() and "Inspect" not in tab.title(), tab.title()
    second = add_commitment(tab, document_url, 2, "xw-hcmc-moc-bai",
                            "The study of the expressway link to Bavet is to end this year.", "transport",
                            "under-study")
    assert (first, second) == ("c-ed-1", "c-ed-2")

    tab.get_by_role("link", name="See it on the map").click()
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=30000)
    tab.wait_for_selector(".bm-detail:not([hidden])")
    expect(tab.locator("#bm-detail-title")).to_have_text("The study of the expressway link to Bavet is to end this year.")
    expect(tab.locator(".bm-badge-editor")).to_have_text("Added by editors")
    expect(tab.locator(".bm-quote blockquote")).to_contain_text("Deputy ministers of transport agreed")
    assert highlighted(tab, ["xw-hcmc-moc-bai"]) == {"xw-hcmc-moc-bai": True}
    keep(tab, "ledger-on-the-map-desktop")
    tab.click(".bm-back")
    item = tab.locator(f'.bm-item[data-commitment="{first}"]')
    expect(item).to_contain_text("added by editors")
    item.click()
    expect(tab.locator("#bm-detail-title")).to_have_text("Third-country travellers may use the Meun Chey gate by June.")
    assert highlighted(tab, ["cp-meun-chey-tan-nam"]) == {"cp-meun-chey-tan-nam": True}

    # Revert the second commitment: gone from the panel and the map.
    tab.goto(live_server.url + "/revisions/3")
    tab.get_by_role("button", name="Revert revision 3").click()
    tab.click("#confirm-revert")  # the page asks before it reverts
    tab.get_by_text("Reverted revision 3 as revision 4.").wait_for()
    open_map(tab, live_server.url + "/")
    expect(tab.locator(f'.bm-item[data-commitment="{first}"]')).to_have_count(1)
    expect(tab.locator(f'.bm-item[data-commitment="{second}"]')).to_have_count(0)
    assert tab.console_errors == []


def test_the_commitment_form_on_a_phone_and_from_the_keyboard(new_tab, live_server, client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"title": "Talks", "publisher": "A test news service", "date": "2026-03-02", "language": "en",
            "kind": "news-report", "text": REPORT}
    assert client.post("/api/documents", json=body, headers=auth).status_code == 201
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/upload?token={TOKEN}")
    tab.goto(live_server.url + "/ledger/commitments/new?document=doc-ed-1&paragraph=1")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form is {width} px wide on a 390 px phone"
    expect(tab.locator(".bm-pick-text").first).to_contain_text("HÀ NỘI — Viet Nam and Cambodia agreed")
    keep(tab, "ledger-commitment-form-phone")
    # From the keyboard: the picker's radios move with the arrow keys, the place ticks with space.
    tab.focus("input[name=paragraph][value='1']")
    tab.keyboard.press("ArrowDown")
    expect(tab.locator("input[name=paragraph][value='2']")).to_be_checked()
    tab.focus("input[name=features][value='cp-meun-chey-tan-nam']")
    tab.keyboard.press("Space")
    expect(tab.locator("input[name=features][value='cp-meun-chey-tan-nam']")).to_be_checked()
    tab.goto(live_server.url + "/ledger?lang=km")
    expect(tab.locator("h2")).to_have_text("ឯកសារ និងការប្តេជ្ញា")
    keep(tab, "ledger-page-phone-km")


def test_a_whole_country_commitment_highlights_the_country(new_tab, live_server):
    tab = new_tab(DESKTOP)
    open_map(tab, live_server.url + "/#commitment=c-pr71-13")
    tab.wait_for_selector(".bm-detail:not([hidden])")
    # The countries layer is off by default; the selection turns it on and paints Cambodia.
    assert tab.evaluate("BorderMap.layerShown('countries')")
    assert highlighted(tab, ["country-kh", "country-vn"]) == {"country-kh": True, "country-vn": False}
    expect(tab.locator(".bm-detail .bm-places")).to_contain_text("Cambodia")
    expect(tab.locator(".bm-detail")).not_to_contain_text("names no place")
    keep(tab, "ledger-country-highlight-desktop")
    tab.click(".bm-back")
    assert not tab.evaluate("BorderMap.layerShown('countries')")
