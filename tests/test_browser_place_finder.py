"""Review S9 in Chromium: the commitment form's place finder. An editor types a part of a place's
name (in English, Khmer or Vietnamese) and adds it from the keyboard or with a tap, on a desktop
and on a phone; without JavaScript the same form finds and adds through the server. Screenshots
kept (test-artifacts/screenshots, and /work/notes/shots/s9 when it exists)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, clean, screenshot
from test_ledger import AUTH, TOKEN, document_body
from test_ledger_pages_places import FOUND, PROVINCES

pytestmark = pytest.mark.browser

SHOTS = Path("/work/notes/shots/s9")
ADDED = {"en": "Added Tay Ninh: it is ticked in the list of places.",
         "km": "បានបន្ថែម Tay Ninh៖ វាត្រូវបានគូសធីកក្នុងបញ្ជីទីកន្លែង។",
         "vi": "Đã thêm Tây Ninh: nơi này đã được đánh dấu trong danh sách các nơi."}


def keep(tab, name: str) -> None:
    path = screenshot(tab, name)
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


@pytest.fixture
def form_url(client, live_server):
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    return f"{live_server.url}/ledger/commitments/new?document=doc-ed-1&paragraph=1"


def _open(tab, live_server, url: str) -> None:
    tab.goto(f"{live_server.url}/upload?token={TOKEN}")  # the start-up link unlocks editing
    tab.goto(url)
    tab.wait_for_selector("#place-finder[data-ready=true]")


def _focused(tab) -> str:
    return tab.evaluate("document.activeElement.id || document.activeElement.dataset.id || ''")


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_place_is_found_by_name_and_added_from_the_keyboard(new_tab, live_server, client, form_url, lang):
    tab = new_tab(DESKTOP)
    _open(tab, live_server, f"{form_url}&lang={lang}")
    tab.focus("#place-q")
    tab.keyboard.type("tay ninh")
    status = tab.locator("#place-status")
    expect(status).to_have_text(FOUND[lang])
    province = tab.locator('#place-results button[data-id="vn-tay-ninh"]')
    expect(province).to_contain_text(PROVINCES[lang])
    keep(tab, f"s9-finder-results-desktop-{lang}")
    # Down from the box into the results, down again to the province, Enter adds it.
    tab.keyboard.press("ArrowDown")
    assert _focused(tab) == "place-tay-ninh-town"
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    assert _focused(tab) == "vn-tay-ninh"
    tab.keyboard.press("Enter")
    expect(tab.locator('#place-list input[name=features][value="vn-tay-ninh"]')).to_be_checked()
    expect(status).to_have_text(ADDED[lang])
    tab.wait_for_function("document.activeElement.id === 'place-q'")  # ready for the next place
    expect(tab.locator("#place-results .bm-place-linked")).to_contain_text("vn-tay-ninh")
    # A Khmer name finds the gate whose Cambodian side bears it; a click adds it.
    tab.fill("#place-q", "បន្ទាយចក្រី")
    gate = tab.locator('#place-results button[data-id="cp-banteay-chakrey-dinh-ba"]')
    expect(gate).to_contain_text("(បន្ទាយចក្រី)")
    gate.click()
    expect(tab.locator('#place-list input[value="cp-banteay-chakrey-dinh-ba"]')).to_be_checked()
    keep(tab, f"s9-finder-added-desktop-{lang}")
    tab.fill("#c-summary", "The gate will open to tourists from both provinces.")
    tab.select_option("#c-sector", "border-affairs")
    tab.select_option("#c-statement", "agreed")
    tab.select_option("#c-status", "pledged")
    tab.fill("#c-stated", "2026-03-02")
    tab.click("button[name=action][value=save]")
    expect(tab.locator(".bm-result-ok")).to_be_visible()
    saved = client.get("/api/commitments/c-ed-1").get_json()
    assert {"vn-tay-ninh", "cp-banteay-chakrey-dinh-ba"} <= set(saved["features"] + saved.get("provinces", []))
    clean(tab)


def test_the_finder_on_a_phone_in_khmer(new_tab, live_server, form_url):
    tab = new_tab(PHONE)
    _open(tab, live_server, f"{form_url}&lang=km")
    tab.locator("#place-q").scroll_into_view_if_needed()
    tab.fill("#place-q", "moc bai")
    expect(tab.locator('#place-results button[data-id="xw-hcmc-moc-bai"]')).to_contain_text("ផ្លូវល្បឿនលឿន")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form is {width} px wide on a 390 px phone"
    boxes = tab.eval_on_selector_all("#place-results .bm-place-result",
                                     "items => items.map(i => i.getBoundingClientRect().right)")
    assert boxes and max(boxes) <= 390, boxes
    tab.locator("#place-results").scroll_into_view_if_needed()
    keep(tab, "s9-finder-results-phone-km")
    tab.locator('#place-results button[data-id="cp-bavet-moc-bai"]').tap()
    expect(tab.locator('#place-list input[value="cp-bavet-moc-bai"]')).to_be_checked()
    clean(tab)


def test_without_javascript_find_and_add_go_through_the_server(new_tab, live_server, form_url):
    tab = new_tab({**DESKTOP, "java_script_enabled": False})
    tab.goto(f"{live_server.url}/upload?token={TOKEN}")
    tab.goto(f"{form_url}&lang=vi")
    tab.fill("#c-summary", "Both provinces will open the gate.")
    tab.fill("#c-author", "Trần Thị Mai")
    tab.fill("#place-q", "tay ninh")
    tab.click("#place-find")
    expect(tab.locator("#place-status")).to_have_text(FOUND["vi"])
    tab.click('#place-results button[value="vn-tay-ninh"]')
    expect(tab.locator('#place-list input[value="vn-tay-ninh"]')).to_be_checked()
    expect(tab.locator("#c-summary")).to_have_value("Both provinces will open the gate.")
    expect(tab.locator("#c-author")).to_have_value("Trần Thị Mai")
    keep(tab, "s9-finder-no-javascript-desktop-vi")
    # A mistyped id is refused, said in Vietnamese beside the field it was typed in, and kept there.
    tab.fill("#c-more", "vn-tay-nin")
    for field, value in (("#c-sector", "border-affairs"), ("#c-statement", "agreed"), ("#c-status", "pledged")):
        tab.select_option(field, value)
    tab.fill("#c-stated", "2026-03-02")
    tab.click("button[name=action][value=save]")
    expect(tab.locator("#c-more-error")).to_have_text(
        "Không có nơi nào có mã “vn-tay-nin”: hãy kiểm tra cách viết, hoặc tìm nơi đó theo tên ở phía trên.")
    expect(tab.locator("#c-more")).to_have_value("vn-tay-nin")
    expect(tab.locator("#c-author")).to_have_value("Trần Thị Mai")
    expect(tab.locator('#place-list input[value="vn-tay-ninh"]')).to_be_checked()
    tab.locator("#places").scroll_into_view_if_needed()
    keep(tab, "s9-unknown-id-desktop-vi")


def test_a_hostile_name_found_as_one_types_stays_text(app, new_tab, live_server, form_url):
    from bordermap.model import Layer

    app.extensions["bordermap.store"].add_features(
        "hostile", [{"type": "Feature", "id": "h-1", "properties": {"name": "Market <img src=x onerror=alert(1)>"},
                     "geometry": {"type": "Point", "coordinates": [105.9, 11.1]}}],
        author="t", summary="h", new_layer=Layer(id="hostile", title="<b>Sites</b>", kind="site", origin="user"))
    tab = new_tab(DESKTOP)
    _open(tab, live_server, form_url)
    tab.fill("#place-q", "market")
    found = tab.locator('#place-results button[data-id="h-1"]')
    expect(found).to_contain_text("Market <img src=x onerror=alert(1)>")
    expect(found).to_contain_text("<b>Sites</b>")
    assert tab.locator("#place-results img, #place-results b").count() == 0
    found.click()
    expect(tab.locator('#place-list input[value="h-1"]')).to_be_checked()
    assert tab.locator("#place-list img").count() == 0
    clean(tab)
