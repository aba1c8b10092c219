"""Retiring an editors' commitment (review 10, S2) is asked and refused as retracting a status
event is: the commitment shown, a reason and the editor's name asked; a refusal shows the same
page in the page language with what was typed; the revision keeps the reason and the name."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_editor_refusals import box
from test_editors_pages_i18n import visible
from test_ledger import AUTH, TOKEN, commitment_body, document_body


@pytest.fixture
def editor(client):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    return client


RETIRE = {"en": ("Retire commitment c-ed-1?", "Your name (optional)", "The retirement was not stored: 1 problem",
                 "Reason: "),
          "km": ("ដកការប្តេជ្ញា c-ed-1 ចេញឬ?", "ឈ្មោះរបស់អ្នក (ស្រេចចិត្ត)", "ការដកចេញមិនត្រូវបានរក្សាទុកទេ៖ បញ្ហា ១",
                 "មូលហេតុ៖ "),
          "vi": ("Thu hồi cam kết c-ed-1?", "Tên của bạn (không bắt buộc)", "Việc thu hồi chưa được lưu: 1 vấn đề",
                 "Lý do: ")}


@pytest.mark.parametrize("lang", sorted(RETIRE))
def test_retiring_asks_first_and_a_refusal_keeps_what_was_typed(editor, lang):
    """S2: a refused reason dropped the editor on the bare 422 page (details in English, said
    twice, the form and the reason gone); there was no name field. Retiring asks first, as
    retracting an event does: the commitment shown, a reason and a name; a refusal shows the same
    page with the box in the page language, what was typed kept, nothing stored."""
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    edit = BeautifulSoup(editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True),
                         "html.parser")
    asked = editor.get(edit.select_one('a[href*="/retire"]')["href"])
    title, name_label, heading, reason_words = RETIRE[lang]
    page = BeautifulSoup(asked.get_data(as_text=True), "html.parser")
    assert asked.status_code == 200 and visible(str(page), "h2") == title
    assert "Third-country travellers" in visible(str(page), "#retired-commitment")
    assert visible(str(page), 'label[for="retire-author"]') == name_label
    # The refusal names the reason's field by the word its label starts with (review 11, N3).
    assert visible(str(page), 'label[for="retire-reason"]').startswith(reason_words.rstrip(":៖ "))
    assert editor.get("/api/revisions").get_json()[0]["action"] == "commitment-add"  # asking stores nothing

    refused = editor.post(f"/ledger/commitments/c-ed-1/retire?lang={lang}",
                          data={"confirmed": "yes", "reason": "Duplicate\x07", "author": "Trần Thị Mai"})
    said, problems, _ = box(refused.get_data(as_text=True))
    assert refused.status_code == 422 and said == heading, said
    assert len(problems) == 1 and problems[0].startswith(reason_words) and "U+0007" in problems[0], problems
    if lang != "en":
        assert "expected plain text" not in problems[0]
    kept = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    assert kept.select_one("#retire-reason")["value"] == "Duplicate\x07"
    assert kept.select_one("#retire-author")["value"] == "Trần Thị Mai"
    for href in [a["href"] for a in kept.select(".bm-langs a[href]")]:  # its language links open it
        assert editor.get(href).status_code == 200, href
    assert editor.get("/api/revisions").get_json()[0]["action"] == "commitment-add"
    assert "retired" not in editor.get("/api/commitments/c-ed-1").get_json()


RETIRED = {"en": "retired commitment c-ed-1: Duplicate of c-ed-2",
           "km": "បានដកការប្តេជ្ញា c-ed-1 ចេញ៖ Duplicate of c-ed-2",
           "vi": "đã thu hồi cam kết c-ed-1: Duplicate of c-ed-2"}


def test_a_retirement_keeps_its_reason_and_its_editors_name(editor):
    """S2: every retirement was recorded as "an editor", and its reason was on neither the
    revision's page nor /revisions (only the API had it)."""
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    done = editor.post("/ledger/commitments/c-ed-1/retire",
                       data={"confirmed": "yes", "reason": " Duplicate of c-ed-2 ", "author": "Trần Thị Mai"})
    assert done.status_code == 302 and "/revisions/3" in done.headers["Location"]
    latest = editor.get("/api/revisions").get_json()[0]
    assert latest["action"] == "commitment-retire" and latest["author"] == "Trần Thị Mai"
    assert latest["summary"] == RETIRED["en"]
    for lang, line in RETIRED.items():
        assert line in visible(editor.get(f"/revisions?lang={lang}").get_data(as_text=True), "#revisions")
        assert line in visible(editor.get(f"/revisions/3?lang={lang}").get_data(as_text=True), "h2")
    # The name is offered again, as the other forms offer it.
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    again = BeautifulSoup(editor.get("/ledger/commitments/c-ed-2/retire").get_data(as_text=True), "html.parser")
    assert again.select_one("#retire-author")["value"] == "Trần Thị Mai"
    # A retired commitment is not retired twice: its page says it is retired, with no form.
    twice = editor.post("/ledger/commitments/c-ed-1/retire?lang=vi", data={"confirmed": "yes"})
    assert twice.status_code == 409 and "đã bị thu hồi" in visible(twice.get_data(as_text=True), "main")
    assert not BeautifulSoup(twice.get_data(as_text=True), "html.parser").select("#retire-form")


@pytest.mark.parametrize("lang, line", [("km", "បានដកការប្តេជ្ញា c-ed-1 ចេញ"), ("vi", "đã thu hồi cam kết c-ed-1")])
def test_a_retirement_recorded_without_its_reason_still_reads_in_the_page_language(lang, line):
    """The summaries recorded before the reason was in them, and those without one."""
    from bordermap.i18n import messages
    from bordermap.revision_words import describe

    words = messages(lang)
    assert describe("retired commitment c-ed-1", words) == line
    colon = "៖ " if lang == "km" else ": "
    assert describe("reverted revision 4 (retired commitment c-ed-1: merged)", words).endswith(f"({line}{colon}merged)")


def test_a_curated_commitment_is_not_offered_for_retirement(editor):
    assert editor.get("/ledger/commitments/c-pr71-01/retire").status_code == 422
    assert editor.post("/ledger/commitments/c-pr71-01/retire", data={"confirmed": "yes"}).status_code == 422
    assert editor.get("/api/revisions").get_json()[0]["action"] == "document-add"


def test_a_retired_commitment_takes_no_new_status_event(editor):
    """Review 11, N8: /history still offered a retired commitment, and an event added for it was
    stored, giving a status to a commitment shown nowhere."""
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    assert editor.post("/ledger/commitments/c-ed-1/retire", data={"confirmed": "yes"}).status_code == 302
    form = BeautifulSoup(editor.get("/history").get_data(as_text=True), "html.parser")
    assert form.select_one('#event-form option[value="commitment:c-ed-1"]') is None
    assert form.select_one('#event-form option[value="commitment:c-pr71-02"]') is not None
    event = {"entity": "commitment", "entity_id": "c-ed-1", "date": "2026-11-20", "status": "done",
             "confidence": "medium", "note": "Opened.",
             "source": {"title": "Opened", "publisher": "A paper", "date": "2026-11-20"}}
    answer = editor.post("/api/history/events", json=event, headers=AUTH)
    assert answer.status_code == 409 and "retired" in answer.get_json()["message"], answer.get_json()
    sent = editor.post("/history?lang=vi", data={
        "subject": "commitment:c-ed-1", "date": "2026-11-20", "status": "done", "confidence": "medium",
        "note": "Opened.", "source_title": "Opened", "source_publisher": "A paper", "source_date": "2026-11-20"})
    assert sent.status_code == 409 and "thu hồi" in visible(sent.get_data(as_text=True), "[role=alert]")
    assert [r["action"] for r in editor.get("/api/revisions").get_json()][0] == "commitment-retire"


def test_the_events_in_a_reverts_way_name_their_commitment(editor):
    """Review 11, N4: the blocked revert of a commitment's addition listed "ev-3 · c-ed-1 ·
    2026-11-20 · in progress", the commitment by its id alone."""
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    event = {"entity": "commitment", "entity_id": "c-ed-1", "date": "2026-11-20", "status": "in-progress",
             "confidence": "medium", "note": "Begun.", "source": {"title": "Begun", "publisher": "A paper",
                                                                  "date": "2026-11-20"}}
    assert editor.post("/api/history/events", json=event, headers=AUTH).status_code == 201
    page = visible(editor.get("/revisions/2/revert").get_data(as_text=True), "main").replace("( ", "(").replace(" )", ")")
    assert "ev-3 · c-ed-1 (Third-country travellers may use the Meun Chey gate by June.) · 2026-11-20" in page, page
