"""A Khmer page numbers a document's paragraphs in Khmer digits, and a paragraph's own leading
number is not said twice (review 25a, #10): the checked document showed "1. ១. ភាគី…", its
heading counting in Khmer digits. Only a leading number equal to the paragraph's is left out, and
only on the page: the stored text keeps it.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import DESKTOP, screenshot

TOKEN = "test-editor-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PARAGRAPHS = ["១. ភាគីទាំងពីរបានឯកភាពបើកច្រកព្រំដែនអន្តរជាតិថ្មីមួយនៅខេត្តតាកែវ។",
              "២. ភាគីទាំងពីរបានប្តេជ្ញាបញ្ចប់ការសិក្សាផ្លូវល្បឿនលឿនក្នុងឆ្នាំនេះ។",
              "៥. ភាគីទាំងពីរនឹងជួបគ្នាម្តងទៀតនៅភ្នំពេញ។"]  # the publisher's own "5", not the list's 3
SHOWN = ["ភាគីទាំងពីរបានឯកភាពបើកច្រកព្រំដែនអន្តរជាតិថ្មីមួយនៅខេត្តតាកែវ។",
         "ភាគីទាំងពីរបានប្តេជ្ញាបញ្ចប់ការសិក្សាផ្លូវល្បឿនលឿនក្នុងឆ្នាំនេះ។", PARAGRAPHS[2]]
DOCUMENT = {"title": "សេចក្តីថ្លែងការណ៍ព័ត៌មាន", "publisher": "ក្រសួងការបរទេស", "date": "2026-03-02",
            "date_precision": "day", "language": "km", "kind": "press-release", "text": "\n\n".join(PARAGRAPHS)}


def _texts(html: str) -> list[str]:
    return [p.get_text() for p in BeautifulSoup(html, "html.parser").select(".bm-paragraphs .bm-paragraph-text")]


def test_a_paragraphs_own_number_is_not_repeated_after_the_lists(client):
    client.post("/unlock", data={"token": TOKEN})
    checked = client.post("/ledger/documents?lang=km", data={"action": "check", **DOCUMENT})
    assert checked.status_code == 200
    assert _texts(checked.get_data(as_text=True)) == SHOWN
    saved = client.post("/ledger/documents?lang=km", data={"action": "save", **DOCUMENT})
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"])
    assert _texts(page.get_data(as_text=True)) == SHOWN
    document_id = saved.headers["Location"].split("/documents/")[1].split("?")[0]
    stored = client.get(f"/api/documents/{document_id}/paragraphs", headers=AUTH).get_json()
    assert [p["text"] for p in stored["paragraphs"]] == PARAGRAPHS  # the publisher's text, whole
    picker = client.get(f"/ledger/commitments/new?document={document_id}&lang=km").get_data(as_text=True)
    assert [s.get_text() for s in BeautifulSoup(picker, "html.parser").select(".bm-pick-text")] == SHOWN


@pytest.mark.browser
@pytest.mark.parametrize("lang, marker", [("km", "khmer"), ("en", "decimal"), ("vi", "decimal")])
def test_the_paragraphs_are_numbered_in_the_page_digits(live_server, new_tab, lang, marker):
    tab = new_tab(DESKTOP)
    sent = tab.request.post(f"{live_server.url}/api/documents", data=DOCUMENT,
                            headers={**AUTH, "Content-Type": "application/json"})
    assert sent.status == 201, sent.text()
    tab.goto(f"{live_server.url}/upload?token={TOKEN}")
    tab.goto(f"{live_server.url}/ledger/documents/{sent.json()['id']}?lang={lang}")
    assert tab.evaluate("() => getComputedStyle(document.querySelector('.bm-paragraphs')).listStyleType") == marker
    screenshot(tab, f"ledger-paragraph-numbers-{lang}")
