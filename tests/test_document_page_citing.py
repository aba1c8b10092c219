"""Review 26, #5: a curated document's page on a server without the source documents showed the
heading "Numbered paragraphs" with nothing under it and nothing of the commitments citing it.
It says why there is no text, and every document's page lists the commitments citing it, by
paragraph, in the page's language where we have a translation."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bordermap_app import create_app
from conftest import SOURCES_DIR

NO_TEXT = {"en": "This server does not hold the text of this document",
           "km": "ម៉ាស៊ីនមេនេះមិនមានអត្ថបទនៃឯកសារនេះទេ", "vi": "Máy chủ này không lưu nội dung của văn bản này"}


def _page(client, document_id: str, lang: str) -> BeautifulSoup:
    client.post("/unlock", data={"token": "test-editor-token"})
    response = client.get(f"/ledger/documents/{document_id}?lang={lang}")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_without_the_sources_the_page_says_why_and_lists_what_cites_it(tmp_path, lang):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "EDITOR_TOKEN": "test-editor-token",
                      "WTF_CSRF_ENABLED": False})  # no SOURCES_DIR: citations only
    client = app.test_client()
    commitments = client.get("/api/commitments").get_json()
    document = commitments[0]["document"]
    page = _page(client, document, lang)
    assert not page.select(".bm-paragraphs li")
    assert NO_TEXT[lang] in page.select_one("#no-text").get_text()
    listed = page.select(".bm-citing li")
    citing = [c for c in commitments if c["document"] == document]
    assert len(listed) == len(citing) > 1
    assert {li.select_one("code").get_text() for li in listed} == {c["id"] for c in citing}
    first = min(citing, key=lambda c: (c["paragraph"], c["id"]))
    assert listed[0].select_one("code").get_text() == first["id"]
    assert listed[0].get_text().startswith("¶" + ("១" if lang == "km" and first["paragraph"] == 1 else ""))


def test_with_the_sources_the_paragraphs_come_first_and_the_list_after(client):
    document = client.get("/api/commitments").get_json()[0]["document"]
    page = _page(client, document, "en")
    assert page.select(".bm-paragraphs li") and page.select_one("#no-text") is None
    assert page.select(".bm-citing li")
    assert SOURCES_DIR  # the test app is given the source documents


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_ledger_lists_the_curated_documents_with_what_cites_each(client, lang):
    """Review 27, #4: a curated document's page was reached only by typing its address; the
    ledger's page lists every curated document, linked to its page, with how many commitments
    cite it, and the link leads to that page."""
    client.post("/unlock", data={"token": "test-editor-token"})
    commitments = client.get("/api/commitments").get_json()
    documents = client.get("/api/documents").get_json()
    curated = [d for d in documents if d.get("origin") != "editor"]
    assert curated
    page = BeautifulSoup(client.get(f"/ledger?lang={lang}").get_data(as_text=True), "html.parser")
    for document in curated:
        link = page.select_one(f'a[href^="/ledger/documents/{document["id"]}"]')
        assert link is not None, document["id"]
        assert link.get_text() == document["title"]
        cites = sum(1 for c in commitments if c.get("document") == document["id"])
        line = link.find_parent("li").get_text()
        digits = str(cites).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")) if lang == "km" else str(cites)
        assert digits in line, (line, cites)
        assert client.get(link["href"]).status_code == 200
