"""Review rv20, M2: the status history page told an editor "If the date is wrong, correct the
event" and offered only Retract; correcting was the command line's and the API's alone."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_ledger import AUTH, TOKEN, commitment_body, document_body


@pytest.fixture
def editor(client):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    answer = client.post("/api/commitments", json=commitment_body("doc-ed-1", stated="2026-03-02"), headers=AUTH)
    assert answer.status_code == 201, answer.get_json()
    return client


# Dated before the commitment was stated (2026-03-02): stored, with a warning that links the correction.
EARLY = {"subject": "commitment:c-ed-1", "date": "2026-02-20", "date_kind": "exact", "status": "in-progress",
         "confidence": "medium", "note": "Works began.", "document": "doc-ed-1", "paragraph": "2"}


def form_values(html: str) -> dict[str, str]:
    page = BeautifulSoup(html, "html.parser")
    form = page.select_one("#event-form")
    values = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    values.update({select["name"]: (select.select_one("option[selected]") or {}).get("value", "")
                   for select in form.select("select[name]")})
    return {"action": form["action"], **values}


@pytest.mark.parametrize("lang, correct, saved", [
    ("en", "Correct", "Corrected status event ev-3 as revision 4."),
    ("km", "កែ", "បានកែព្រឹត្តិការណ៍ស្ថានភាព ev-3 ជាការកែប្រែ ៤។"),
    ("vi", "Sửa", "Đã sửa sự kiện tình trạng ev-3 thành lần sửa đổi 4."),
])
def test_an_event_is_corrected_from_the_page_the_warning_links(editor, client, lang, correct, saved):
    store = client.application.extensions["bordermap.store"]
    added = client.post(f"/history?lang={lang}", data=EARLY, follow_redirects=True)
    page = BeautifulSoup(added.get_data(as_text=True), "html.parser")
    warning = page.select_one(".bm-notice-warning")
    link = warning.select_one("a")
    assert link["href"].startswith("/history/events/ev-3/correct"), warning
    listed = [a for a in page.select(".bm-events a") if a.get_text(" ").split()[0] == correct]
    assert len(listed) == 1 and "/history/events/ev-3/correct" in listed[0]["href"]

    shown = client.get(link["href"])
    assert shown.status_code == 200
    # Its title and heading name the correction, and the list's link goes to its notice (review 33b, #8).
    heading = {"en": "Correct status event ev-3", "km": "កែព្រឹត្តិការណ៍ស្ថានភាព ev-3",
               "vi": "Sửa sự kiện tình trạng ev-3"}.get(lang)
    corrected = BeautifulSoup(shown.get_data(as_text=True), "html.parser")
    if heading:
        assert corrected.h2.get_text(strip=True) == heading and corrected.title.get_text().startswith(heading)
    assert listed[0]["href"].endswith("#correcting") and corrected.select_one("#correcting")
    values = form_values(shown.get_data(as_text=True))
    assert values["action"].startswith("/history/events/ev-3/correct")
    assert {k: values[k] for k in EARLY} == EARLY  # the form holds the event as it stands

    fixed = client.post(values["action"], data={**EARLY, "date": "2026-03-05"}, follow_redirects=True)
    notices = [" ".join(n.get_text().split())
               for n in BeautifulSoup(fixed.get_data(as_text=True), "html.parser").select(".bm-notice")]
    assert notices == [saved]  # and no warning: the day is after the statement now
    events = [e for e in store.status_events() if e["origin"] == "user"]
    assert [(e["id"], e["date"]) for e in events] == [("ev-3", "2026-03-05")]  # in its place, not a second one


def test_a_correction_with_a_problem_keeps_the_form_and_changes_nothing(editor, client):
    store = client.application.extensions["bordermap.store"]
    client.post("/history", data=EARLY)
    before = store.status_events()
    refused = client.post("/history/events/ev-3/correct?lang=vi", data={**EARLY, "date": "2026-02-30"})
    assert refused.status_code == 422
    values = form_values(refused.get_data(as_text=True))
    assert values["action"].startswith("/history/events/ev-3/correct") and values["date"] == "2026-02-30"
    assert store.status_events() == before
    assert client.get("/history/events/cur-nope/correct").status_code == 404
    curated = next(e for e in store.status_events() if e["origin"] == "curated")
    assert client.get(f"/history/events/{curated['id']}/correct").status_code == 409
