"""Review 31a, #10: the public ledger page links each document; a reader following a link was
answered 401 and asked for an editor token. A reader now gets the document's page without its
text (which stays with the editors), with the commitments citing it, each a link to the map."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_ledger import AUTH, REPORT, TOKEN, commitment_body, document_body


@pytest.fixture
def recorded(client):
    assert client.post("/api/documents", json=document_body(url="https://example.org/talks"),
                       headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    return client


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_reader_follows_the_ledgers_links_to_pages_that_answer(recorded, lang):
    listing = BeautifulSoup(recorded.get(f"/ledger?lang={lang}").get_data(as_text=True), "html.parser")
    links = [a["href"] for a in listing.select("ul.bm-list a[href]")]
    assert any("/ledger/documents/doc-ed-1" in href for href in links)
    for href in links:
        if href.startswith("/ledger"):
            assert recorded.get(href).status_code == 200, href
    # An editors' commitment is a link to the map, not to its editors' form.
    assert any(href.endswith("#commitment=c-ed-1") for href in links), links
    # The editors' document says how many commitments cite it, as a curated one does.
    assert "1" in listing.find("a", href=lambda h: h and "doc-ed-1" in h).parent.get_text()


def test_a_readers_document_page_has_its_facts_and_what_cites_it_and_not_its_text(recorded):
    answer = recorded.get("/ledger/documents/doc-ed-1?lang=en")
    assert answer.status_code == 200
    page = BeautifulSoup(answer.get_data(as_text=True), "html.parser")
    assert page.h2.get_text(strip=True) == "Gates and roads: talks in Ha Noi"
    facts = " ".join(page.select_one("dl.bm-facts").get_text(" ").split())
    assert "A test news service" in facts and "https://example.org/talks" in facts
    text = page.get_text(" ")
    for paragraph in REPORT.split("\n\n")[:3]:
        assert paragraph[:40] not in text
    assert not page.select("ol.bm-paragraphs li") and not page.find(string=lambda s: s and "Add a commitment" in s)
    [citing] = page.select("ul.bm-citing a")
    assert citing["href"].endswith("#commitment=c-ed-1")
    # A curated document too; an unknown one is a 404, not a request for a token.
    assert recorded.get("/ledger/documents/kh-mfa-pr71-2025").status_code == 200
    assert recorded.get("/ledger/documents/doc-ed-99").status_code == 404


def test_an_editor_still_gets_the_paragraphs_to_add_commitments_from(recorded):
    recorded.post("/unlock", data={"token": TOKEN})
    page = BeautifulSoup(recorded.get("/ledger/documents/doc-ed-1").get_data(as_text=True), "html.parser")
    assert len(page.select("ol.bm-paragraphs li")) == 3
    assert "/ledger/commitments/c-ed-1/edit" in page.select_one("ul.bm-citing a")["href"]


@pytest.mark.parametrize("lang, mark", [("km", "ការបកប្រែមិនទាន់ពិនិត្យ"), ("vi", None)])
def test_our_translations_on_a_documents_page_are_marked_unreviewed(client, lang, mark):
    """Review 32a, #6: the commitments citing a curated document were listed in our machine
    translations without the mark the map gives them."""
    page = BeautifulSoup(client.get(f"/ledger/documents/kh-mfa-pr71-2025?lang={lang}").get_data(as_text=True),
                         "html.parser")
    items = page.select("ul.bm-citing li")
    assert items and all(item.select_one(".bm-unreviewed") for item in items if item.select_one('[lang]') is None)
    if mark:
        assert mark in items[0].select_one(".bm-unreviewed").get_text()
    english = BeautifulSoup(client.get("/ledger/documents/kh-mfa-pr71-2025?lang=en").get_data(as_text=True),
                            "html.parser")
    assert not english.select("ul.bm-citing .bm-unreviewed")


def test_a_document_with_no_address_does_not_send_the_reader_to_it(client):
    """Review 32a, #14: "read it where it was published", on a page with no address to follow."""
    page = BeautifulSoup(client.get("/ledger/documents/kh-mfa-pr71-2025").get_data(as_text=True), "html.parser")
    note = page.select_one("#reader-note").get_text()
    assert "no public copy" in note and "read it where it was published" not in note


def test_the_editors_documents_are_marked_with_their_language(recorded):
    """Review 33b, #7: on a Khmer or Vietnamese page the editors' English title and publisher had no
    lang, where the curated documents' had."""
    page = BeautifulSoup(recorded.get("/ledger?lang=km").get_data(as_text=True), "html.parser")
    link = page.find("a", href=lambda h: h and "/ledger/documents/doc-ed-1" in h)
    assert link["lang"] == "en" and link.find_next("span").find("span", lang="en").get_text() == "A test news service"
