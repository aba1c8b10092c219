"""Review rv20's findings on the map page: an editor's citation says which document, and a popup a
shared link opened closes with Escape."""

from __future__ import annotations

import pytest

from conftest import open_map
from test_ledger import AUTH, commitment_body, document_body

pytestmark = pytest.mark.browser


def test_an_editors_commitment_is_cited_by_its_documents_publisher_and_date(live_server, new_tab, client):
    """L1: the popup said only "A test news service, paragraph 1", which did not say which of
    the publisher's documents; the panel gave the title."""
    for day in ("2026-03-02", "2026-03-09"):  # two documents of one publisher
        assert client.post("/api/documents", json=document_body(date=day, title=f"Talks of {day}"),
                           headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-2", stated="2026-03-09"),
                       headers=AUTH).status_code == 201
    for lang, cite in (("en", "A test news service, 2026-03-09, paragraph 1"),
                       ("vi", "A test news service, 9 tháng 3 năm 2026, đoạn 1")):
        tab = new_tab()
        open_map(tab, f"{live_server.url}/?lang={lang}#feature=cp-meun-chey-tan-nam")
        cites = tab.locator(".leaflet-popup-content .bm-popup-cite")
        texts = cites.all_inner_texts()
        assert cite in texts, texts
        found = cites.nth(texts.index(cite)).locator("span").first
        assert found.get_attribute("title") == "Talks of 2026-03-09"
        assert found.get_attribute("lang") == (None if lang == "en" else "en")  # the document's language
        # The curated ones keep their number alone.
        assert any(text.startswith("PR 71/2025") for text in texts), texts


def test_a_popup_a_shared_link_opened_closes_with_escape(live_server, new_tab):
    """L4: it stayed open, the focus on the page's body, until the reader clicked inside it."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/#feature=cp-bavet-moc-bai")
    tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="cp-bavet-moc-bai"]')
    assert tab.evaluate("document.activeElement === document.body")
    tab.keyboard.press("Escape")
    tab.wait_for_selector(".leaflet-popup", state="detached")
    # Escape in a field elsewhere (the search box) is that field's, not the map's.
    open_map(tab, f"{live_server.url}/#feature=cp-bavet-moc-bai")
    tab.wait_for_selector(".leaflet-popup-content")
    tab.focus("#bm-search")
    tab.keyboard.press("Escape")
    assert tab.locator(".leaflet-popup").count() == 1


def test_a_document_titled_with_one_long_word_keeps_the_page_its_width(live_server, new_tab, client):
    """L5: a title of 400 unbroken characters made the document's page 7,522 px wide."""
    long_title = "X" * 400
    assert client.post("/api/documents", json=document_body(title=long_title, text="One.\n\nhttps://example.org/"
                                                            + "a" * 300), headers=AUTH).status_code == 201
    for size in ({"width": 1280, "height": 860}, {"width": 390, "height": 844}):
        tab = new_tab()
        tab.set_viewport_size(size)
        for path in ("/ledger/documents/doc-ed-1", "/ledger"):
            tab.goto(live_server.url + path)
            assert tab.evaluate("document.documentElement.scrollWidth") <= size["width"], (path, size)
