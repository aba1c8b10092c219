"""Review 31a, #6: a statement that numbers its own paragraphs "1." to "4." under a plain heading
line had its "1." counted as ¶2 (the heading is ¶1), so an editor citing "paragraph 3" as printed
cited the wrong one, without a word. The check now says so, in the page's language, and where the
numbers agree it says nothing (a statement whose "1." is ¶1 has its number shown once)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_document_language import AUTH, TOKEN, _form

HEADED = ("JOINT STATEMENT ON BORDER COOPERATION\n\n"
          "1. The two prime ministers met in Phnom Penh and reviewed cooperation along the border.\n\n"
          "2. Both sides agreed to complete the connecting point of the two expressways by the end of 2028.\n\n"
          "3. The two sides agreed to upgrade the Meun Chey – Tan Nam checkpoint in 2027.")
NUMBERED = HEADED.split("\n\n", 1)[1]
KHMER = ("សេចក្តីថ្លែងការណ៍រួម\n\n"
         "១. ភាគីទាំងពីរបានឯកភាពបើកច្រកព្រំដែនថ្មី។\n\n"
         "២. ភាគីទាំងពីរបានឯកភាពសិក្សាផ្លូវល្បឿនលឿន។")

SAID = {
    "en": "Text: paragraph 2 begins with its own number 1: the text numbers its paragraphs otherwise than they are "
          "counted here, and a commitment cites the count (¶2), not the number printed",
}


def warnings(page) -> list[str]:
    return [" ".join(w.get_text(" ").split())
            for w in BeautifulSoup(page.get_data(as_text=True), "html.parser").select("#document-warnings p")]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_heading_before_the_statements_own_numbers_is_said_on_the_check(client, lang):
    client.post("/unlock", data={"token": TOKEN})
    page = client.post(f"/ledger/documents?lang={lang}", data=_form("en", HEADED))
    assert page.status_code == 200
    [said] = warnings(page)
    if lang in SAID:
        assert said == SAID[lang]
    else:  # in the page's language and digits, not the library's English
        assert "begins with its own number" not in said and "¶" in said
        assert ("២" in said and "១" in said) if lang == "km" else ("2" in said and "1" in said)
    # The document is stored if the editor saves: the warning stops nothing.
    assert client.post(f"/ledger/documents?lang={lang}", data=_form("en", HEADED, "save")).status_code == 302


def test_numbers_that_agree_with_the_count_say_nothing(client):
    client.post("/unlock", data={"token": TOKEN})
    assert warnings(client.post("/ledger/documents", data=_form("en", NUMBERED))) == []


def test_khmer_digits_are_read_and_the_api_dry_run_warns_too(client):
    checked = client.post("/api/documents?dry_run=1", json={
        "title": "Talks", "publisher": "A test service", "date": "2026-03-02", "language": "km",
        "kind": "news-report", "text": KHMER}, headers=AUTH)
    assert checked.status_code == 200, checked.get_json()
    assert checked.get_json()["warnings"] == [
        "text: paragraph 2 begins with its own number 1: the text numbers its paragraphs otherwise than they are "
        "counted here, and a commitment cites the count (¶2), not the number printed"]


def test_a_year_at_a_paragraphs_start_is_no_number_and_the_api_says_it_in_the_readers_language(client):
    """Review 33a, #8: "2025: a year of cooperation" was read as the paragraph's own number, and
    the API's dry run said the warning in English only."""
    body = {"title": "Talks", "publisher": "A test service", "date": "2026-03-02", "language": "en",
            "kind": "news-report"}
    year = client.post("/api/documents?dry_run=1", json={**body, "text": "Heading line\n\n2025: a year of cooperation, "
                                                           "both sides said."}, headers=AUTH)
    assert year.status_code == 200 and year.get_json()["warnings"] == []
    said = client.post("/api/documents?dry_run=1&lang=vi", json={**body, "text": HEADED}, headers=AUTH).get_json()
    assert said["warnings"][0].startswith("text: paragraph 2 begins with its own number 1")
    [local] = said["localized_warnings"]
    assert "đoạn 2" in local and "paragraph" not in local
