"""Review 5 (rest): a document's page on a Khmer or Vietnamese page gave the language of its text
by that language's own name ("English") and the town it was issued in in Latin letters. The
language is named in the page's language (CLDR), the town by its sourced name in it where the
curated towns give one, and a name left in Latin letters is marked `lang="en"`."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bordermap.i18n import messages
from bordermap.ledger.naming import issued_at, language_name

# (the language of the text, where it was issued and its `lang`) on each page, for the two
# curated documents: PR 71/2025 (English, Phnom Penh) and the VNS report (English, Ha Noi).
EXPECTED = {
    ("kh-mfa-pr71-2025", "en"): ("English", "Phnom Penh", None),
    ("kh-mfa-pr71-2025", "km"): ("អង់គ្លេស", "ភ្នំពេញ", None),
    ("kh-mfa-pr71-2025", "vi"): ("Tiếng Anh", "Phnôm Pênh", None),
    ("vns-chinh-sar-sokha", "en"): ("English", "Ha Noi", None),
    ("vns-chinh-sar-sokha", "km"): ("អង់គ្លេស", "Ha Noi", "en"),  # no source we hold gives it in Khmer
    ("vns-chinh-sar-sokha", "vi"): ("Tiếng Anh", "Hà Nội", None),
}


def _facts(client, document_id: str, lang: str) -> dict:
    client.post("/unlock", data={"token": "test-editor-token"})
    response = client.get(f"/ledger/documents/{document_id}?lang={lang}")
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    terms = page.select(".bm-facts dt")
    return {dt.get_text(): dt.find_next_sibling("dd") for dt in terms}


@pytest.mark.parametrize(("document_id", "lang"), sorted(EXPECTED))
def test_a_documents_language_and_place_are_in_the_pages_language(client, document_id, lang):
    words = messages(lang)
    facts = _facts(client, document_id, lang)
    language, place, place_lang = EXPECTED[document_id, lang]
    said = facts[words.gettext("Language of the text")]
    assert said.get_text() == language and said.get("lang") is None
    where = facts[words.gettext("Place")]
    assert where.get_text() == place
    assert where.get("lang") == place_lang


def test_an_editors_place_not_among_the_towns_stays_as_written_and_marked(app):
    store = app.extensions["bordermap.store"]
    assert issued_at(store, "Kampong Cham", "km") == ("Kampong Cham", "en")
    assert issued_at(store, "  phnom penh ", "km") == ("ភ្នំពេញ", "km")  # case and spaces aside
    assert issued_at(store, "ភ្នំពេញ", "vi") == ("Phnôm Pênh", "vi")  # typed in Khmer, read in Vietnamese
    assert issued_at(store, "Hà Nội", "en") == ("Ha Noi", "en")


@pytest.mark.parametrize(("code", "lang", "name"), [("vi", "km", "វៀតណាម"), ("km", "vi", "Tiếng Khmer"),
                                                   ("km", "en", "Khmer"), ("fr", "vi", "Tiếng Pháp"),
                                                   ("xx-nowhere", "km", "xx-nowhere")])
def test_a_language_is_named_as_cldr_names_it_in_the_reader_s(code, lang, name):
    assert language_name(code, lang) == name
