"""Review 31a, #12: the editors' events list on /history said less than the map does.

- An event entered as an estimate showed as a plain "2026"; the popup says "about 2026". Its
  note on the date and its confidence were not shown either.
- A commitment whose summary an editor wrote in Vietnamese was marked English (`lang="en"`) on
  a Khmer page, for a screen reader to read in the wrong voice.
- The address of a retracted event's retraction said only that there is no such event; it now
  says which revision took it back.
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_history_form import GOOD
from test_ledger import AUTH, TOKEN, commitment_body, document_body

ABOUT = {"en": "about 2026", "km": "ប្រហែល ២០២៦", "vi": "khoảng năm 2026"}
CONFIDENCE = {"en": "confidence: medium", "km": "កម្រិតទំនុកចិត្ត៖ មធ្យម", "vi": "độ tin cậy: trung bình"}
TAKEN_BACK = {"en": "revision 3 took it back", "km": "ការកែប្រែ ៣ បានដកវាចេញ", "vi": "lần sửa đổi 3 đã rút lại"}


def events(client, lang):
    page = BeautifulSoup(client.get(f"/history?lang={lang}").get_data(as_text=True), "html.parser")
    return page.select("ul.bm-events > li")


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_estimate_is_said_about_with_its_date_note_and_confidence(client, lang):
    client.post("/unlock", data={"token": TOKEN})
    added = client.post(f"/history?lang={lang}", data={**GOOD, "date": "2026", "date_kind": "estimated",
                                                       "date_note": "The report says early in the year."})
    assert added.status_code == 302, added.get_data(as_text=True)[:3000]
    [item] = events(client, lang)
    text = " ".join(item.get_text(" ").split())
    assert ABOUT[lang] in text, text
    assert "The report says early in the year." in text and CONFIDENCE[lang] in text, text


def test_an_editors_vietnamese_summary_is_marked_vietnamese(client):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    summary = "Hai bên mở cửa khẩu Mộc Bài cho khách nước thứ ba."
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1", summary=summary),
                       headers=AUTH).status_code == 201
    event = {"entity": "commitment", "entity_id": "c-ed-1", "date": "2026-06-01", "precision": "day",
             "estimated": False, "status": "in-progress", "document": "doc-ed-1", "paragraph": 1,
             "confidence": "high", "note": "Work began."}
    assert client.post("/api/history/events", json=event, headers=AUTH).status_code == 201
    for lang in ("en", "km"):
        [item] = events(client, lang)
        name = item.select_one(".bm-commitment-name")
        assert name.get("lang") == "vi", name
    [item] = events(client, "vi")
    assert item.select_one(".bm-commitment-name").get("lang") is None


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_retracted_events_address_says_what_took_it_back(client, lang):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/history", data=GOOD).status_code == 302  # revision 1: ev-1
    assert client.post("/history", data={**GOOD, "date": "2026-01-20"}).status_code == 302  # revision 2: ev-2
    assert client.post("/history/events/ev-1/retract", data={"confirmed": "yes"}).status_code == 302  # revision 3
    answer = client.get(f"/history/events/ev-1/retract?lang={lang}")
    assert answer.status_code == 404
    assert TAKEN_BACK[lang] in " ".join(BeautifulSoup(answer.get_data(as_text=True), "html.parser").get_text(" ").split())
    # An id never in the record is still just unknown.
    never = client.get(f"/history/events/ev-99/retract?lang={lang}")
    assert never.status_code == 404 and TAKEN_BACK[lang][-12:] not in never.get_data(as_text=True)


def test_correcting_a_retracted_event_through_the_api_says_what_took_it_back(client):
    """Review 33a, #7: DELETE and the page said which revision took it back, PUT did not."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    event = {"entity": "feature", "entity_id": "xw-hcmc-moc-bai", "date": "2026-01-15", "precision": "day",
             "estimated": False, "status": "under-construction", "confidence": "medium", "note": "Works began.",
             "source": {"title": "Works start", "publisher": "A paper", "date": "2026-01-16"}}
    added = client.post("/api/history/events", json=event, headers=auth).get_json()["revision"]["id"]
    taken = client.delete(f"/api/history/events/ev-{added}", headers=auth).get_json()["revision"]["id"]
    answer = client.put(f"/api/history/events/ev-{added}", json=event, headers=auth)
    assert answer.status_code == 404
    assert answer.get_json()["message"] == f"no status event with id 'ev-{added}': revision {taken} took it back"
