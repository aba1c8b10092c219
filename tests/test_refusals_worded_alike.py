"""Review 31a, #9: refusals said the same thing in two ways, or in programmer's notation.

- An empty "Actors" field was "Actors: expected a non-empty list of names, got []"; it is now
  said as every other empty field is: "“Actors” is required: name at least one actor".
- An impossible day on the status-history form was "expected an ISO date (...), got
  "2026-02-30"", where the document and commitment forms say there is no such date; all three
  now say the same. A date of another shape keeps saying the shapes it may take.
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_history_form import GOOD
from test_ledger import AUTH, TOKEN, document_body
from test_ledger_pages_places import FORM

NO_ACTOR = {"en": "“Actors” is required: name at least one actor"}
NO_SUCH_DAY = {"en": 'Date: no such date: "2026-02-30"'}


def refusal(response) -> str:
    box = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(".bm-error, [role=alert]")
    assert box is not None, response.get_data(as_text=True)[:2000]
    return " ".join(box.get_text(" ").split())


@pytest.fixture
def editor(client):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    return client


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_empty_actors_field_is_asked_for_as_other_fields_are(editor, lang):
    answer = editor.post(f"/ledger/commitments?lang={lang}", data={**FORM, "actors": "", "action": "save"})
    assert answer.status_code == 422
    said = refusal(answer)
    assert "[]" not in said and "non-empty" not in said
    if lang in NO_ACTOR:
        assert NO_ACTOR[lang] in said
    else:
        assert "name at least one actor" not in said
    assert editor.get("/api/commitments").get_json() == [] or all(
        c.get("origin") != "editor" for c in editor.get("/api/commitments").get_json())
    # The API says it in its own words, still at its place.
    answer = editor.post("/api/commitments", json={**FORM, "paragraph": 1, "actors": [],
                                                   "features": ["cp-meun-chey-tan-nam"]}, headers=AUTH)
    assert "actors: required: name at least one actor" in answer.get_json()["problems"]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_impossible_day_is_said_alike_on_the_history_and_commitment_forms(editor, lang):
    history = refusal(editor.post(f"/history?lang={lang}", data={**GOOD, "date": "2026-02-30"}))
    commitment = refusal(editor.post(f"/ledger/commitments?lang={lang}",
                                     data={**FORM, "stated": "2026-02-30", "action": "save"}))
    said = [line for line in (history, commitment) if "2026-02-30" in line]
    assert len(said) == 2
    if lang in NO_SUCH_DAY:
        assert NO_SUCH_DAY[lang] in history
    # The same sentence after each form's name for the field.
    assert history.split('"2026-02-30"')[0][-12:] == commitment.split('"2026-02-30"')[0][-12:]
    assert "ISO" not in history


def test_a_date_of_another_shape_still_says_the_shapes(editor):
    said = refusal(editor.post("/history", data={**GOOD, "date": "15/01/2026"}))
    assert "2025-12-08, 2025-12 or 2025" in said
