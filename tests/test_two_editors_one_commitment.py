"""Two editors changing the same commitment (review 13, F3): the edit form sends every field, so
the second save silently undid the first editor's change and its revision claimed a change the
second editor never made; two PATCHes at once could each drop the other's field."""

from __future__ import annotations

import threading

import pytest
from bs4 import BeautifulSoup

from test_editor_refusals import commitment_form, editor  # noqa: F401 - the fixture
from test_ledger import AUTH, commitment_body, document_body


def _based_on(page: str) -> str:
    field = BeautifulSoup(page, "html.parser").select_one("input[name=based_on]")
    assert field is not None, "the edit form carries the revision it was read at"
    return field["value"]


@pytest.mark.parametrize("lang, said", [
    ("en", "commitment c-ed-1 was changed by revision"),
    ("vi", "cam kết c-ed-1 đã được thay đổi bởi lần sửa đổi"),
    ("km", "ការប្តេជ្ញា c-ed-1 ត្រូវបានផ្លាស់ប្តូរដោយការកែប្រែ"),
])
def test_a_save_after_another_editors_save_is_refused_and_undoes_nothing(editor, app, lang, said):  # noqa: F811
    store = app.extensions["bordermap.store"]
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1", target="2027"), headers=AUTH).status_code == 201
    form_a = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    form_b = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    saved = editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                        data=commitment_form(target="2028", based_on=_based_on(form_a)))
    assert saved.status_code == 302
    revisions = len(store.history())
    summary = "Third-country travellers may use the Meun Chey gate by July."
    refused = editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                          data=commitment_form(target="2027", summary=summary, based_on=_based_on(form_b)))
    assert refused.status_code == 409
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    alert = page.select_one("[role=alert]").get_text(" ", strip=True)
    assert said.lower() in alert.lower(), alert
    assert summary in str(page.select_one("[name=summary]"))  # the editor's words are kept to try again
    commitment = store.commitment("c-ed-1")
    assert commitment["target"] == "2028" and commitment["summary"] != summary  # editor A's change stands
    assert len(store.history()) == revisions
    # Opened again, the form carries the newer revision and the save goes through.
    again = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    assert editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                       data=commitment_form(target="2028", summary=summary, based_on=_based_on(again))).status_code == 302
    assert store.commitment("c-ed-1")["summary"] == summary


# The form as each language shows it (the actors by their names in it), and what the refusal
# then says (review 31a, #5).
ACTORS_SHOWN = {"en": "Cambodia, Viet Nam", "km": "កម្ពុជា, វៀតណាម", "vi": "Campuchia, Việt Nam"}
STORED_NOW = {"en": ("Target", "2028", "after you opened it, so nothing was saved: what is stored now is shown above "
                     "the form"),
              "km": ("គោលដៅ", "2028", "អ្វីដែលបានរក្សាទុកឥឡូវនេះ បង្ហាញនៅខាងលើទម្រង់"),
              "vi": ("Mục tiêu", "2028", "nội dung đang được lưu hiện ở phía trên biểu mẫu")}


@pytest.mark.parametrize("lang", sorted(STORED_NOW))
def test_the_refusal_lists_only_what_the_other_editor_changed_and_says_one_way_on(editor, lang):  # noqa: F811
    """Review 31a, #5: a Khmer or Vietnamese form sends the actors by their names in its language,
    stored as the vocabulary's keys: the refusal listed "Actors" as changed, though no one had, and
    its sentence said "open it again" where the box under it said "Save again"."""
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1", target="2027"), headers=AUTH).status_code == 201
    form_a = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    assert ACTORS_SHOWN[lang] in str(BeautifulSoup(form_a, "html.parser").select_one("[name=actors]"))
    ours = commitment_form(actors=ACTORS_SHOWN[lang], based_on=_based_on(form_a))
    assert editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}", data={**ours, "target": "2028"}).status_code == 302
    refused = editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}", data={**ours, "target": "2029"})
    assert refused.status_code == 409
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    field, value, sentence = STORED_NOW[lang]
    listed = [(dt.get_text(strip=True), dd.get_text(strip=True)) for dt, dd in
              zip(page.select("#stored-now ~ dl dt"), page.select("#stored-now ~ dl dd"), strict=True)]
    assert listed == [(field, value)], listed
    alert = page.select_one("[role=alert]").get_text(" ", strip=True)
    assert sentence in alert, alert


def test_patches_at_once_each_keep_the_others_field(client, app):
    store = app.extensions["bordermap.store"]
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    document_id = "doc-ed-1"
    assert client.post("/api/commitments", json=commitment_body(document_id, target="2027"), headers=AUTH).status_code == 201
    commitment_id = store.commitments()[-1]["id"]
    changes = [{"target": "2030"}, {"summary": "Both gates open to third-country travellers."},
               {"status": "in-progress"}, {"stated": "2026-03-01"}]  # by its document's date (2026-03-02)
    barrier = threading.Barrier(len(changes))
    answers = []

    def patch(change):
        with app.test_client() as own:
            barrier.wait()
            answers.append(own.patch(f"/api/commitments/{commitment_id}", json=change, headers=AUTH).status_code)

    threads = [threading.Thread(target=patch, args=(change,)) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * len(changes)
    stored = store.commitment(commitment_id)
    for change in changes:
        assert {key: stored[key] for key in change} == change, stored


@pytest.mark.parametrize("lang, heading, target", [
    ("en", "What is stored now, where it differs from this form", "Target"),
    ("vi", None, "Mục tiêu"),
])
def test_a_refused_save_shows_what_is_stored_and_a_second_press_saves_knowingly(editor, app, lang, heading,  # noqa: F811
                                                                                target):
    """Review rv20, L3: the refused page kept the second editor's text but never showed the first
    editor's change, and each further press failed the same way until a reload lost the text."""
    store = app.extensions["bordermap.store"]
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1", target="2027"), headers=AUTH).status_code == 201
    form_a = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    form_b = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    assert editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                       data=commitment_form(target="2028", based_on=_based_on(form_a))).status_code == 302
    summary = "Third-country travellers may use the Meun Chey gate by July."
    refused = editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                          data=commitment_form(target="2027", summary=summary, based_on=_based_on(form_b)))
    assert refused.status_code == 409
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    box = page.select_one("section.bm-notice-warning")
    if heading:
        assert box.select_one("h3").get_text(strip=True) == heading
    stored = dict(zip([dt.get_text(strip=True) for dt in box.select("dt")],
                      [dd.get_text(strip=True) for dd in box.select("dd")], strict=True))
    assert stored[target] == "2028"  # editor A's change, shown where B's form differs from it
    assert len(stored) == 2  # and the summary, which B changed; nothing else differs
    assert store.commitment("c-ed-1")["target"] == "2028"  # nothing of B's was stored
    second = editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                         data=commitment_form(target="2027", summary=summary, based_on=_based_on(str(page))))
    assert second.status_code == 302
    assert store.commitment("c-ed-1")["target"] == "2027" and store.commitment("c-ed-1")["summary"] == summary


NOTHING_SAVED = {"en": "Nothing was changed, so nothing was saved.", "km": "គ្មានអ្វីត្រូវបានផ្លាស់ប្ដូរទេ",
                 "vi": "Không có gì thay đổi nên không có gì được lưu."}


@pytest.mark.parametrize("lang", sorted(NOTHING_SAVED))
def test_a_save_that_changes_nothing_records_no_revision(editor, app, lang):  # noqa: F811
    """Review 31a, #7: Save on an unchanged form recorded "edited commitment c-ed-2: nothing", a
    revision the header then named as the editors' last change, and which refused another
    editor's form read before it."""
    store = app.extensions["bordermap.store"]
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1", target="2027"), headers=AUTH).status_code == 201
    form_a = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    form_b = editor.get(f"/ledger/commitments/c-ed-1/edit?lang={lang}").get_data(as_text=True)
    revisions = len(store.history())
    unchanged = editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}", follow_redirects=True,
                            data=commitment_form(target="2027", actors=ACTORS_SHOWN[lang], based_on=_based_on(form_a)))
    said = BeautifulSoup(unchanged.get_data(as_text=True), "html.parser").select_one(".bm-notice-ok").get_text(strip=True)
    assert NOTHING_SAVED[lang] in said, said
    assert len(store.history()) == revisions
    # The other editor's form, read before that press, still saves.
    assert editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                       data=commitment_form(target="2028", actors=ACTORS_SHOWN[lang],
                                            based_on=_based_on(form_b))).status_code == 302
    assert store.commitment("c-ed-1")["target"] == "2028" and len(store.history()) == revisions + 1


def test_the_api_and_the_command_line_record_no_change_of_nothing(client, app, monkeypatch):
    """As the form (review 31a, #7): a PATCH or `commitments edit` that changes nothing records no
    revision (it would refuse another editor's change read before it, over nothing)."""
    from click.testing import CliRunner

    from bordermap_app.cli import main

    store = app.extensions["bordermap.store"]
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1", target="2027"), headers=AUTH).status_code == 201
    read_at = client.get("/api/commitments/c-ed-1").get_json()["revision"]
    revisions = len(store.history())
    same = client.patch("/api/commitments/c-ed-1", json={"target": "2027", "status": "pledged"}, headers=AUTH)
    assert same.status_code == 200 and same.get_json() == {"id": "c-ed-1", "revision": None}
    assert len(store.history()) == revisions
    # A change read before it still saves on that reading.
    changed = client.patch("/api/commitments/c-ed-1", json={"target": "2028", "based_on": read_at}, headers=AUTH)
    assert changed.status_code == 200 and changed.get_json()["revision"]["id"] == revisions + 1

    # The command line, on the same store (the app's instance folder).
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", app.config["INSTANCE_PATH"])
    run = CliRunner().invoke
    revisions = len(store.history())
    for lang, said in (("en", "commitment c-ed-1 is already as given: nothing was changed or saved"),
                       ("vi", "cam kết c-ed-1 đã đúng như đã nêu")):
        answer = run(main, ["--lang", lang, "commitments", "edit", "c-ed-1", "--target", "2028"])
        assert answer.exit_code == 0 and said in answer.stdout and "revision" not in answer.stdout, answer.output
    assert len(store.history()) == revisions
    assert run(main, ["commitments", "edit", "c-ed-1", "--target", "2029"]).stdout.startswith(
        f"edited commitment c-ed-1 as revision {revisions + 1}")
