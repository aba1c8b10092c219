"""Keeping the record as editors do it, as review rv22a found it wanting: a revert that later
revisions stand in the way of (H1), two editors correcting one status event (H3)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

TOKEN = "test-editor-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REPORT = ("Viet Nam and Cambodia agreed to open the Tan Nam gate to third-country travellers by June.\n\n"
          "Both sides will study the Moc Bai link.")
EVENT = {"subject": "feature:xw-hcmc-moc-bai", "date": "2026-01-15", "date_kind": "exact",
         "status": "under-construction", "confidence": "medium", "note": "Main works began.",
         "source_title": "Main works start", "source_publisher": "A paper", "source_date": "2026-01-16"}


def _text(response, selector: str = "main") -> str:
    found = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(selector)
    return " ".join(found.get_text(" ").split()) if found else ""


def _commitment(client) -> str:
    document = client.post("/api/documents", headers=AUTH, json={
        "title": "Gates: talks", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
        "language": "en", "kind": "news-report", "text": REPORT}).get_json()["id"]
    return client.post("/api/commitments", headers=AUTH, json={
        "sector": "border-affairs", "summary": "Third-country travellers may use the gate by June.",
        "actors": ["Cambodia", "Viet Nam"], "statement": "agreed", "status": "pledged", "stated": "2026-03-02",
        "document": document, "paragraph": 1, "features": ["cp-meun-chey-tan-nam"]}).get_json()["id"]


@pytest.mark.parametrize("lang, later", [("en", "Revisions 3, 4, 5 changed"), ("km", "៣, ៤, ៥"),
                                         ("vi", "3, 4, 5")])
def test_a_revert_that_several_later_revisions_stand_in_the_way_of_says_so(client, lang, later):
    """H1: the confirmation (and the refused revert) answered 500 when more than one later revision
    changed the record: the template gave a function where Jinja's `map` takes a filter's name."""
    cid = _commitment(client)  # revision 2
    for summary in ("By June.", "By July.", "By August."):  # revisions 3, 4 and 5
        assert client.patch(f"/api/commitments/{cid}", json={"summary": summary}, headers=AUTH).status_code == 200
    client.post("/unlock", data={"token": TOKEN})
    asked = client.get(f"/revisions/2/revert?lang={lang}")
    assert asked.status_code == 200, asked.get_data(as_text=True)[:500]
    assert later in _text(asked, "#revert-blocked-later"), _text(asked, "#revert-blocked-later")
    refused = client.post(f"/revisions/2/revert?lang={lang}", data={"confirmed": "yes"})
    assert refused.status_code == 409 and later in _text(refused, "#revert-blocked-later")
    assert client.get(f"/api/commitments/{cid}").get_json()["summary"] == "By August."  # nothing undone


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_correction_made_from_a_page_read_before_anothers_is_refused_and_shows_what_is_stored(client, lang):
    """H3: two editors correcting one event: the later save silently undid the earlier one's note."""
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/history", data=EVENT).status_code == 302
    event_id = "ev-1"  # the store names an event after the revision that added it
    # Both editors open the correction; the first saves a new note.
    first_form = client.get(f"/history/events/{event_id}/correct?lang={lang}")
    second_form = client.get(f"/history/events/{event_id}/correct?lang={lang}")
    based_on = BeautifulSoup(second_form.get_data(as_text=True), "html.parser").select_one(
        "input[name=based_on]")["value"]
    assert BeautifulSoup(first_form.get_data(as_text=True), "html.parser").select_one(
        "input[name=based_on]")["value"] == based_on
    saved = client.post(f"/history/events/{event_id}/correct", data={
        **EVENT, "note": "The first editor's note.", "status": "open", "date_kind": "estimated", "based_on": based_on})
    assert saved.status_code == 302
    # The second changes only the date, from the page read before that save: refused.
    stale = client.post(f"/history/events/{event_id}/correct?lang={lang}",
                        data={**EVENT, "date": "2026-01-24", "based_on": based_on})
    assert stale.status_code == 409, _text(stale)
    said = _text(stale)
    stored_now = _text(stale, "section[aria-labelledby=stored-now] dl")
    assert "The first editor's note." in stored_now, stored_now
    # Each value as the form words it (the review of the change found "open" and raw dates), the
    # date's kind too (a change of it alone showed no notice).
    assert {"en": "Open", "km": "បើកដំណើរការ", "vi": "Đang hoạt động"}[lang] in stored_now, stored_now
    assert {"en": "an estimate: about then", "km": "ការប៉ាន់ស្មាន", "vi": "ước"}[lang] in stored_now, stored_now
    history = client.get("/api/features/xw-hcmc-moc-bai/history").get_json()["history"]
    mine = [e for e in history if e.get("id") == event_id]
    assert mine and mine[0]["note"] == "The first editor's note." and mine[0]["date"] == "2026-01-15"
    assert mine[0]["status"] == "open" and mine[0]["estimated"]
    if lang != "en":
        assert "was changed by revision" not in said and "nothing was saved" not in said, said[:300]
    # Saved again from the refused page, which now stands on the newer revision: made knowingly.
    newer = BeautifulSoup(stale.get_data(as_text=True), "html.parser").select_one("input[name=based_on]")["value"]
    assert newer != based_on
    again = client.post(f"/history/events/{event_id}/correct", data={**EVENT, "date": "2026-01-24", "based_on": newer})
    assert again.status_code == 302


def _document(client, text: str = REPORT) -> str:
    return client.post("/api/documents", headers=AUTH, json={
        "title": "Gates: talks", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
        "language": "en", "kind": "news-report", "text": text}).get_json()["id"]


def _event_citing(document: str, paragraph: int, **extra) -> dict:
    return {"entity": "feature", "entity_id": "xw-hcmc-moc-bai", "date": "2026-03-05", "precision": "day",
            "estimated": False, "status": "under-construction", "document": document, "paragraph": paragraph,
            "confidence": "high", "note": "Work began.", **extra}


@pytest.mark.parametrize("lang, now", [("en", "Its status now is in progress"), ("vi", "đang thực hiện")])
def test_the_commitment_form_says_its_status_is_the_stated_one_and_what_it_is_now(client, lang, now):
    """H2: an editor changed the form's Status to record progress: it rewrote what the document
    said (the statement's event), and the map went on showing the later event's status."""
    cid = _commitment(client)
    event = {"entity": "commitment", "entity_id": cid, "date": "2026-06-01", "precision": "day", "estimated": False,
             "status": "in-progress", "document": "doc-ed-1", "paragraph": 1, "confidence": "high",
             "note": "The gate took its first third-country travellers."}
    assert client.post("/api/history/events", json=event, headers=AUTH).status_code == 201
    client.post("/unlock", data={"token": TOKEN})
    form = client.get(f"/ledger/commitments/{cid}/edit?lang={lang}")
    label = _text(form, "label[for=c-status]")
    note = _text(form, "#c-status-note")
    assert now in note and "ev-3" in note, note
    assert client.get(f"/ledger/commitments/{cid}/edit?lang={lang}").status_code == 200
    if lang == "en":
        assert label == "Status when stated" and "on the status history page" in note, (label, note)
        assert BeautifulSoup(form.get_data(as_text=True), "html.parser").select_one(
            "#c-status-note a")["href"].startswith("/history")
    # A new commitment has no status since: the note says only where changes are recorded.
    fresh = _text(client.get(f"/ledger/commitments/new?lang={lang}"), "#c-status-note")
    assert fresh and now not in fresh


def test_a_document_edit_that_would_change_a_paragraph_a_status_event_cites_is_refused(client):
    """M1: only commitments' citations were checked; an event citing ¶1 went on citing new words."""
    document = _document(client)
    assert client.post("/api/history/events", json=_event_citing(document, 2), headers=AUTH).status_code == 201
    edited = client.put(f"/api/documents/{document}", headers=AUTH, json={
        "title": "Gates: talks", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
        "language": "en", "kind": "news-report", "text": REPORT.replace("study", "build")})
    assert edited.status_code == 409, edited.get_json()
    assert edited.get_json()["problems"] == [
        "status event ev-2 cites paragraph 2: correct it to cite another source, or retract it, first"]
    assert "study the Moc Bai link" in client.get(f"/api/documents/{document}/paragraphs", headers=AUTH).get_data(
        as_text=True)
    # A change to a paragraph nobody cites is made.
    kept = client.put(f"/api/documents/{document}", headers=AUTH, json={
        "title": "Gates: talks", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
        "language": "en", "kind": "news-report", "text": REPORT.replace("by June", "by July")})
    assert kept.status_code == 200, kept.get_json()


@pytest.mark.parametrize("lang, said", [("en", "This status event is already in the record as ev-1"),
                                        ("vi", "ev-1"), ("km", "ev-1")])
def test_the_same_status_event_sent_again_is_refused_naming_the_one_kept(client, lang, said):
    """M2: Back after "Add the event" and Add again stored the same event twice, and the panel
    and popups listed it twice."""
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/history", data=EVENT).status_code == 302
    again = client.post(f"/history?lang={lang}", data=EVENT)
    assert again.status_code == 409
    box = _text(again, "[role=alert]")
    assert said in box, box
    if lang != "en":
        assert "already in the record" not in box, box
    history = client.get("/api/features/xw-hcmc-moc-bai/history").get_json()["history"]
    assert [e["id"] for e in history if e.get("origin") == "user"] == ["ev-1"]
    # Another day, or another note, is another event.
    assert client.post("/history", data={**EVENT, "date": "2026-01-16"}).status_code == 302


@pytest.mark.parametrize("lang, cites", [("en", "Reverting it would take away or change a paragraph"),
                                         ("km", "ev-2"), ("vi", "ev-2")])
def test_reverting_a_document_something_cites_says_so_before_it_is_asked(client, lang, cites):
    """M4: the confirmation offered the revert; the refusal came after the press, in English
    ("c-ed-1: cites paragraph 2"), with no next step and the button offered again."""
    document = _document(client)  # revision 1
    assert client.post("/api/history/events", json=_event_citing(document, 1), headers=AUTH).status_code == 201
    client.post("/unlock", data={"token": TOKEN})
    asked = client.get(f"/revisions/1/revert?lang={lang}")
    notice = _text(asked, "#revert-blocked-citations")
    assert cites in notice, notice
    assert BeautifulSoup(asked.get_data(as_text=True), "html.parser").select_one("#confirm-revert") is None
    assert BeautifulSoup(asked.get_data(as_text=True), "html.parser").select_one(
        "#revert-blocked-citations a")["href"].startswith("/history/events/ev-2/correct")
    refused = client.post(f"/revisions/1/revert?lang={lang}", data={"confirmed": "yes"})
    assert refused.status_code == 409 and cites in _text(refused, "#revert-blocked-citations")
    if lang != "en":
        assert "cites paragraph" not in _text(refused) and "would break" not in _text(refused)


@pytest.mark.parametrize("form, field, value", [
    ("/ledger/commitments", "stated", "២០២៦-០១-២០"),
    ("/history", "date", "២០២៦-០១-១៥"),
])
def test_a_date_in_khmer_digits_is_read_as_that_date(client, form, field, value):
    """L1: Khmer pages write dates in Khmer digits, and a date typed so was "no such date"."""
    client.post("/unlock", data={"token": TOKEN})
    if form == "/history":
        answer = client.post("/history?lang=km", data={**EVENT, field: value})
        assert answer.status_code == 302
        history = client.get("/api/features/xw-hcmc-moc-bai/history").get_json()["history"]
        assert [e["date"] for e in history if e.get("origin") == "user"] == ["2026-01-15"]
        return
    document = _document(client)
    answer = client.post(f"{form}?lang=km", data={
        "summary": "Third-country travellers may use the gate by June.", "sector": "border-affairs",
        "statement": "agreed", "status": "pledged", field: value, "document": document, "paragraph": "១",
        "actors": "Cambodia, Viet Nam", "features": "cp-meun-chey-tan-nam"})
    assert answer.status_code in (302, 303), _text(answer, "[role=alert]")
    added = [c for c in client.get("/api/commitments").get_json() if c.get("origin") == "editor"]
    assert added and added[0]["stated"] == "2026-01-20" and added[0]["paragraph"] == 1


@pytest.mark.parametrize("lang, shown", [("en", "Cambodia, Viet Nam"), ("vi", "Campuchia, Việt Nam"),
                                         ("km", "កម្ពុជា, វៀតណាម")])
def test_actors_are_offered_and_read_in_the_pages_language(client, lang, shown):
    """M3: the form offered "Cambodia, Viet Nam" in English on every page, and "Campuchia, Việt
    Nam" typed on a Vietnamese page was stored as a name no page translated."""
    client.post("/unlock", data={"token": TOKEN})
    form = BeautifulSoup(client.get(f"/ledger/commitments/new?lang={lang}").get_data(as_text=True), "html.parser")
    assert form.select_one("#c-actors")["value"] == shown
    document = _document(client)
    answer = client.post(f"/ledger/commitments?lang={lang}", data={
        "summary": "Third-country travellers may use the gate by June.", "sector": "border-affairs",
        "statement": "agreed", "status": "pledged", "stated": "2026-03-02", "document": document, "paragraph": "1",
        "actors": f"{shown}, Lao PDR", "features": "cp-meun-chey-tan-nam"})
    assert answer.status_code in (302, 303), _text(answer, "[role=alert]")
    added = [c for c in client.get("/api/commitments").get_json() if c.get("origin") == "editor"]
    assert added[0]["actors"] == ["Cambodia", "Viet Nam", "Lao PDR"]  # an actor the vocabulary lacks, as typed
    edit = BeautifulSoup(client.get(f"/ledger/commitments/{added[0]['id']}/edit?lang={lang}").get_data(as_text=True),
                         "html.parser")
    assert edit.select_one("#c-actors")["value"] == f"{shown}, Lao PDR"


@pytest.mark.parametrize("lang, before", [("en", "Tay Ninh (before 1 July 2025)"), ("vi", "Tây Ninh (trước")])
def test_a_province_before_the_merger_is_told_apart_from_the_one_after(app, lang, before):
    """L4: suggestions listed "Tây Ninh, Tây Ninh": the province before the 1 July 2025 merger and
    the one after it, named alike."""
    from bordermap_app.editor_words import place_names

    with app.test_request_context(f"/?lang={lang}"):
        names = place_names(app.extensions["bordermap.store"], ["vn-pre2025-tay-ninh", "vn-tay-ninh"], lang)
    assert names["vn-pre2025-tay-ninh"][0].startswith(before), names
    assert names["vn-tay-ninh"][0] in ("Tay Ninh", "Tây Ninh") and len(set(n for n, _ in names.values())) == 2


@pytest.mark.parametrize("lang, said", [("en", "dara (command line)"), ("vi", "dara (dòng lệnh)")])
def test_every_page_says_the_command_lines_author_in_its_language(app, lang, said):
    """L3: "(command line)" stayed English on the revert confirmation and the history pages, which
    name an author through editor_words.who, as the revisions pages now do."""
    from bordermap_app.editor_words import who
    from bordermap_app.language import words

    with app.test_request_context(f"/?lang={lang}"):
        assert who("dara (command line)", words()) == said
        assert who("Lan", words()) == "Lan"


def test_a_document_like_one_in_the_record_is_said_on_check_and_after_save(client):
    """L2: a second document with the same title, publisher and date, its text differing only in
    a word, went through without a word: the same article entered twice."""
    first = _document(client)
    client.post("/unlock", data={"token": TOKEN})
    form = {"title": "GATES: talks ", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
            "language": "en", "kind": "news-report", "text": REPORT.replace("June", "July")}
    checked = client.post("/ledger/documents", data={**form, "action": "check"})
    assert checked.status_code == 200 and first in _text(checked, "#alike-documents"), _text(checked, "#alike-documents")
    saved = client.post("/ledger/documents", data={**form, "action": "save"}, follow_redirects=True)
    assert first in _text(saved, "#alike-documents")
    other = client.post("/ledger/documents", data={**form, "date": "2026-03-03", "action": "check"})
    assert _text(other, "#alike-documents") == ""  # another day's report is another document


from test_store_contract import backend_store_fixture  # noqa: E402 - the contract's two stores

store = backend_store_fixture()


def test_the_same_event_sent_twice_at_once_is_stored_once(store):
    """The change's review, M2: the check read the events before a second transaction wrote, so
    two quick presses both passed it. Both wait at a barrier, then add at once, on either store."""
    import threading

    from bordermap.errors import Conflict

    event = {"entity": "feature", "entity_id": "town", "date": "2026-01-15", "status": "under-construction",
             "confidence": "medium", "note": "Works began.",
             "source": {"title": "Works start", "publisher": "A paper", "date": "2026-01-16"}}
    barrier, outcomes = threading.Barrier(2), []

    def add():
        barrier.wait()
        try:
            outcomes.append(store.add_status_event(dict(event), author="editor").id)
        except Conflict as refused:
            outcomes.append(refused.message)

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([o for o in outcomes if isinstance(o, int)]) == 1, outcomes
    assert [e["id"] for e in store.status_events("feature", "town") if e["origin"] == "user"] == \
        [f"ev-{next(o for o in outcomes if isinstance(o, int))}"]


def test_a_revert_brings_back_no_status_event_citing_a_document_that_went(client):
    """The change's review, M3: with the event retracted, its document could go (nothing cited
    it), and then reverting the retraction brought the event back citing a document no longer
    in the record. The revert is refused, as one bringing back a commitment would be."""
    document = _document(client)  # revision 1
    assert client.post("/api/history/events", json=_event_citing(document, 2), headers=AUTH).status_code == 201
    assert client.delete("/api/history/events/ev-2", headers=AUTH).status_code == 200  # revision 3
    assert client.post("/api/revisions/1/revert", headers=AUTH).status_code == 201  # the document goes
    back = client.post("/api/revisions/3/revert", headers=AUTH)
    assert back.status_code == 404 and f"no document with id '{document}'" in back.get_json()["message"]
    history = client.get("/api/features/xw-hcmc-moc-bai/history").get_json()["history"]
    assert [e for e in history if e.get("origin") == "user"] == []


def test_a_target_in_khmer_digits_is_read_as_that_month(client):
    """The change's review, L3: the Target field was left out when Khmer digits were read."""
    client.post("/unlock", data={"token": TOKEN})
    document = _document(client)
    answer = client.post("/ledger/commitments?lang=km", data={
        "summary": "Third-country travellers may use the gate by June.", "sector": "border-affairs",
        "statement": "agreed", "status": "pledged", "stated": "2026-03-02", "document": document, "paragraph": "1",
        "actors": "Cambodia", "features": "cp-meun-chey-tan-nam", "target": "២០២៦-០៦"})
    assert answer.status_code in (302, 303), _text(answer, "[role=alert]")
    assert [c["target"] for c in client.get("/api/commitments").get_json() if c.get("origin") == "editor"] == ["2026-06"]


def test_editors_texts_are_marked_with_the_language_they_are_in(client):
    """L3: on a Khmer page an editor's English summary and Vietnamese note carried no `lang`, so a
    screen reader read them in a Khmer voice."""
    _commitment(client)
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/history", data={**EVENT, "note": "Đã khởi công đường cao tốc."}).status_code == 302
    ledger = BeautifulSoup(client.get("/ledger?lang=km").get_data(as_text=True), "html.parser")
    summary = next(span for span in ledger.select("li span") if "Third-country" in span.get_text())
    assert summary.get("lang") == "en"
    history = BeautifulSoup(client.get("/history?lang=km").get_data(as_text=True), "html.parser")
    note = next(span for span in history.select(".bm-events li span") if "khởi công" in span.get_text())
    assert note.get("lang") == "vi"
    on_its_own = BeautifulSoup(client.get("/history?lang=vi").get_data(as_text=True), "html.parser")
    assert next(span for span in on_its_own.select(".bm-events li span")
                if "khởi công" in span.get_text()).get("lang") is None  # the page's own language


@pytest.mark.parametrize("lang, said", [
    ("en", "Status event ev-2 would cite paragraph 2, reworded since: record it again, citing the paragraph as it "
           "reads now, rather than bring it back"),
    ("km", "ព្រឹត្តិការណ៍ស្ថានភាព ev-2 នឹងដកស្រង់កថាខណ្ឌ ២ ដែលត្រូវបានសរសេរឡើងវិញតាំងពីពេលនោះ"),
    ("vi", "Sự kiện tình trạng ev-2 sẽ trích dẫn đoạn 2, đoạn này đã được viết lại từ đó"),
])
def test_a_revert_brings_back_no_status_event_onto_a_paragraph_reworded_since(client, lang, said):
    """Review rv22f, M3, its other half: with the event retracted nothing cited paragraph 2, which
    was rewritten; reverting the retraction brought the event back citing words it never cited."""
    document = _document(client)  # revision 1
    assert client.post("/api/history/events", json=_event_citing(document, 2), headers=AUTH).status_code == 201
    assert client.delete("/api/history/events/ev-2", headers=AUTH).status_code == 200  # revision 3
    reworded = client.put(f"/api/documents/{document}", headers=AUTH, json={
        "title": "Gates: talks", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
        "language": "en", "kind": "news-report", "text": REPORT.replace("study", "build")})
    assert reworded.status_code == 200, reworded.get_json()
    back = client.post("/api/revisions/3/revert", headers=AUTH)
    assert back.status_code == 409 and back.get_json()["problems"] == [  # the API's words stay English
        "status event ev-2 would cite paragraph 2, reworded since: record it again, citing the paragraph as it "
        "reads now, rather than bring it back"]
    client.post("/unlock", data={"token": TOKEN})
    refused = client.post(f"/revisions/3/revert?lang={lang}", data={"confirmed": "yes"})
    assert refused.status_code == 409 and said in _text(refused), _text(refused)
    history = client.get("/api/features/xw-hcmc-moc-bai/history").get_json()["history"]
    assert [e for e in history if e.get("origin") == "user"] == []


@pytest.mark.parametrize("lang, said", [
    ("en", "Status event ev-2 would cite paragraph 2, reworded since"),
    ("km", "ព្រឹត្តិការណ៍ស្ថានភាព ev-2 នឹងដកស្រង់កថាខណ្ឌ ២"),
    ("vi", "Sự kiện tình trạng ev-2 sẽ trích dẫn đoạn 2"),
])
def test_the_confirmation_says_a_revert_onto_a_reworded_paragraph_is_refused_before_it_is_pressed(client, lang, said):
    """Review rv25b, #2: the confirmation offered the revert, refused only after the press, and
    then offered the button again; the revert a later revision stood in the way of sent the editor
    to revert that one first, which would be refused in turn."""
    document = _document(client)  # revision 1
    assert client.post("/api/history/events", json=_event_citing(document, 2), headers=AUTH).status_code == 201
    assert client.delete("/api/history/events/ev-2", headers=AUTH).status_code == 200  # revision 3
    assert client.put(f"/api/documents/{document}", headers=AUTH, json={
        "title": "Gates: talks", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
        "language": "en", "kind": "news-report", "text": REPORT.replace("study", "build")}).status_code == 200
    client.post("/unlock", data={"token": TOKEN})
    asked = client.get(f"/revisions/3/revert?lang={lang}")
    assert asked.status_code == 200 and said in _text(asked), _text(asked)
    page = BeautifulSoup(asked.get_data(as_text=True), "html.parser")
    assert page.select_one("#confirm-revert") is None and page.select_one("#revert-what") is None
    assert page.select_one("#back-to-revisions") is not None
    # Revision 2 added the event that revision 3 retracted: reverting 3 first is no way out.
    earlier = client.get(f"/revisions/2/revert?lang={lang}")
    assert earlier.status_code == 200 and said in _text(earlier, "#revert-blocked-later"), _text(earlier)
    # A revert that nothing stands in the way of is still offered.
    free = client.get(f"/revisions/4/revert?lang={lang}")
    assert BeautifulSoup(free.get_data(as_text=True), "html.parser").select_one("#confirm-revert") is not None
