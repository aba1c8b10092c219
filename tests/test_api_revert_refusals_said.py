"""A revert the API refuses, and a document change that would break what cites it, are described
in the request's language (review rv25b, #1: the refusal of a revert bringing a status event back
onto a reworded paragraph, and one that a later revision stood in the way of, were English to a
Khmer or Vietnamese reader); `message` stays English for scripts."""

from __future__ import annotations

import re

import pytest

from bordermap_app import api_words
from test_rv22a_keeping_the_record import AUTH, REPORT, _commitment, _document, _event_citing

KHMER = re.compile("[\u1780-\u17ff]")
VIETNAMESE = re.compile("[ăâđêôơưạ-ỹ]", re.I)
SCRIPTS = {"km": KHMER, "vi": VIETNAMESE}
# The kinds of record as the revisions pages name them.
KIND = {"km": {"status event": "ព្រឹត្តិការណ៍ស្ថានភាព", "commitment": "ការប្តេជ្ញា", "feature": "ធាតុ"},
        "vi": {"status event": "sự kiện tình trạng", "commitment": "cam kết", "feature": "đối tượng"}}
DOCUMENT = {"title": "Gates: talks", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
            "language": "en", "kind": "news-report"}


def _said(answer, lang: str, english: str) -> str:
    body = answer.get_json()
    assert answer.status_code == 409, body
    assert body["message"].startswith(english), body["message"]
    assert body["description"] != body["message"] and SCRIPTS[lang].search(body["description"]), body
    assert any(pattern.match(body["message"]) for pattern, _ in api_words.MESSAGES), body["message"]
    return body["description"]


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_revert_onto_a_reworded_paragraph_is_refused_in_the_readers_language(client, lang):
    document = _document(client)  # revision 1
    assert client.post("/api/history/events", json=_event_citing(document, 2), headers=AUTH).status_code == 201
    assert client.delete("/api/history/events/ev-2", headers=AUTH).status_code == 200  # revision 3
    edit = client.put(f"/api/documents/{document}", headers=AUTH,
                      json={**DOCUMENT, "text": REPORT.replace("study", "build")})
    assert edit.status_code == 200
    said = _said(client.post("/api/revisions/3/revert", headers={**AUTH, "Accept-Language": lang}), lang,
                 "reverting would bring back status event ev-2 (paragraph 2)")
    assert "ev-2" in said and document in said and ("២" if lang == "km" else "2") in said
    # The revert it stands in the way of names it, in the reader's words too.
    said = _said(client.post("/api/revisions/2/revert", headers={**AUTH, "Accept-Language": lang}), lang,
                 "cannot revert revision 2: event 'ev-2' was changed by a later revision, revision 3")
    assert ("ការកែប្រែ ៣" if lang == "km" else "lần sửa đổi 3") in said
    # The kind of record changed is said before its id, as the English says it (review rv25b).
    assert KIND[lang]["status event"] + " 'ev-2'" in said


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_commitment_edit_reverted_onto_a_reworded_paragraph_is_refused_in_the_readers_language(client, lang):
    cid = _commitment(client)  # revision 1 the document, 2 the commitment citing paragraph 1
    moved = client.patch(f"/api/commitments/{cid}", json={"paragraph": 2}, headers=AUTH)
    assert moved.status_code == 200  # revision 3
    edit = client.put("/api/documents/doc-ed-1", headers=AUTH,
                      json={**DOCUMENT, "text": REPORT.replace("by June", "by July")})
    assert edit.status_code == 200, edit.get_json()
    _said(client.post("/api/revisions/3/revert", headers={**AUTH, "Accept-Language": lang}), lang,
          f"reverting would bring back commitment {cid} (paragraph 1)")


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_revert_after_several_later_revisions_names_them_in_the_readers_language(client, lang):
    cid = _commitment(client)
    for summary in ("By June.", "By July.", "By August."):  # revisions 3, 4 and 5
        assert client.patch(f"/api/commitments/{cid}", json={"summary": summary}, headers=AUTH).status_code == 200
    said = _said(client.post("/api/revisions/2/revert", headers={**AUTH, "Accept-Language": lang}), lang,
                 "cannot revert revision 2: commitment")
    assert ("៥" if lang == "km" else "5") in said
    assert f"{KIND[lang]['commitment']} '{cid}'" in said


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_document_change_under_a_citation_is_refused_in_the_readers_language(client, lang):
    _commitment(client)  # the commitment cites paragraph 1 of doc-ed-1 (revision 1)
    said = _said(client.put("/api/documents/doc-ed-1", headers={**AUTH, "Accept-Language": lang},
                            json={**DOCUMENT, "text": REPORT.replace("Tan Nam", "Tân Nam")}), lang,
                 "this change to document 'doc-ed-1' would break 1 citation(s)")
    assert "doc-ed-1" in said
    _said(client.post("/api/revisions/1/revert", headers={**AUTH, "Accept-Language": lang}), lang,
          "removing document 'doc-ed-1' would break 1 citation(s)")


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_revert_refused_for_a_feature_changed_since_names_the_feature_in_the_readers_language(client, lang):
    gate = {"type": "Feature", "id": "gate-1", "properties": {"name": "Gate"},
            "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}
    assert client.post("/api/features?layer=gates&new_layer_title=Gates", json=gate,
                       headers=AUTH).status_code == 201  # revision 1
    assert client.delete("/api/features/gate-1", headers=AUTH).status_code == 200  # revision 2
    said = _said(client.post("/api/revisions/1/revert", headers={**AUTH, "Accept-Language": lang}), lang,
                 "cannot revert revision 1: feature 'gate-1' was changed by a later revision, revision 2")
    assert f"{KIND[lang]['feature']} 'gate-1'" in said
