"""The editors' status-history page: add an event (checked, one revision), retract it (after
the page has shown what would be retracted and the editor has confirmed)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup

from bordermap_app import create_app

GOOD = {"subject": "feature:xw-hcmc-moc-bai", "date": "2026-01-15", "status": "under-construction",
        "confidence": "medium", "note": "Main works began.", "source_title": "Main works start",
        "source_publisher": "A paper", "source_date": "2026-01-16"}


def test_the_page_asks_for_the_token_before_it_offers_the_form(client):
    page = client.get("/history").get_data(as_text=True)
    assert 'id="event-form"' not in page and 'id="unlock-token"' in page
    assert client.post("/history", data=GOOD).status_code in (401, 403)


def test_an_editor_adds_and_retracts_an_event(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    assert 'id="event-form"' in client.get("/history").get_data(as_text=True)
    bad = client.post("/history", data={**GOOD, "date": "2026-01-32", "source_date": ""})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Date: no such date: &#34;2026-01-32&#34;" in text and "“Source publication date” is required: give it a value" in text
    assert 'value="Main works began."' in text  # what was typed is kept
    assert client.get("/api/revisions").get_json() == []
    added = client.post("/history", data=GOOD)
    assert added.status_code == 302
    record = client.get("/api/features/xw-hcmc-moc-bai/history?at=2026-02-01").get_json()
    assert record["status"] == "under-construction" and record["targets"][0]["actual"] == "2026-01-15"
    page = client.get("/history").get_data(as_text=True)
    event_id = f"ev-{client.get('/api/revisions').get_json()[0]['id']}"
    assert event_id in page
    shown = client.get(f"/revisions/{event_id[3:]}").get_data(as_text=True)
    shown = " ".join(BeautifulSoup(shown, "html.parser").select_one("table").get_text().split())
    assert "(xw-hcmc-moc-bai): 2026-01-15 · Under construction" in shown  # the status as the legend names it
    asked = client.post(f"/history/events/{event_id}/retract")  # the first press only asks
    assert asked.status_code == 200 and f"Retract status event {event_id}?" in asked.get_data(as_text=True)
    assert client.get("/api/features/xw-hcmc-moc-bai/history?at=2026-02-01").get_json()["status"] == \
        "under-construction"
    assert client.post(f"/history/events/{event_id}/retract", data={"confirmed": "yes"}).status_code == 302
    assert client.get("/api/features/xw-hcmc-moc-bai/history?at=2026-02-01").get_json()["status"] == "planned"


def test_a_large_layers_features_are_not_read_into_the_form(app, client, monkeypatch):
    """A million points with a status would be a million choices and seconds of reading: the
    form offers the other layers' features; the large layer's events go through the API."""
    from bordermap import layer_points
    from bordermap.model import Layer

    monkeypatch.setattr(layer_points, "LARGE_LAYER_FEATURES", 50)
    store = app.extensions["bordermap.store"]
    wells = [{"type": "Feature", "id": f"well-{i}", "properties": {"name": f"Well {i}", "status": "open"},
              "geometry": {"type": "Point", "coordinates": [105 + i * 0.001, 11.2]}} for i in range(60)]
    store.add_features("wells", wells, author="t", summary="wells",
                       new_layer=Layer(id="wells", title="Wells", kind="well", origin="user"))
    store.add_features("ponds", [{**wells[0], "id": "pond-1", "properties": {"name": "Pond", "status": "open"}}],
                       author="t", summary="a pond", new_layer=Layer(id="ponds", title="Ponds", kind="pond",
                                                                        origin="user"))
    read = type(store).features
    monkeypatch.setattr(type(store), "features", lambda self, layer_id=None: pytest.fail(f"read {layer_id}")
                        if layer_id in (None, "wells") else read(self, layer_id))
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.get("/history").get_data(as_text=True)
    assert 'value="feature:pond-1"' in page and 'value="feature:xw-hcmc-moc-bai"' in page
    assert "feature:well-" not in page


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_form_lists_each_place_with_a_status_without_reading_any_layer_whole(app, client, monkeypatch, lang):
    """The form's places are read from the features' properties only (no geometry, no links):
    the same places, named alike, as reading every feature gives, in the page language: the
    curated features with a status, every feature of an editors' layer."""
    from bordermap.model import Layer
    from bordermap.vocabulary import gates_name, local_name

    store = app.extensions["bordermap.store"]
    gauges = [{"type": "Feature", "id": f"gauge-{i}",
               "properties": {"name": f"Gauge {i}", "name_vi": f"Trạm đo {i}", "name_km": f"ស្ថានីយ {i}",
                              **({"status": "open"} if i % 3 else {}), "status_note": "checked"},
               "geometry": {"type": "Point", "coordinates": [105 + i * 0.001, 11.2]}} for i in range(30)]
    store.add_features("gauges", gauges, author="t", summary="gauges",
                       new_layer=Layer(id="gauges", title="Gauges", kind="gauge", origin="user"))
    named = lambda f: (gates_name(f["properties"], lang) or local_name(f["properties"], lang, f["id"]))[0]  # noqa: E731
    by_name = lambda pair: unicodedata.normalize("NFKD", pair[1]).casefold()  # noqa: E731 - each layer's order
    expected = [pair for layer in store.layers() for pair in sorted(
                ((f"feature:{f['id']}", named(f)) for f in store.features(layer.id)
                 if f["properties"].get("status") or layer.origin == "user"), key=by_name)]
    monkeypatch.setattr(type(store), "features", lambda self, layer_id=None: pytest.fail(f"read {layer_id} whole"))
    client.post("/unlock", data={"token": "test-editor-token"})
    page = BeautifulSoup(client.get(f"/history?lang={lang}").get_data(as_text=True), "html.parser")
    listed = [(o["value"], o.get_text()) for o in page.select("#subject option")
              if o["value"].startswith("feature:")]
    assert listed == [(value, f"{name} ({value[8:]})") for value, name in expected]
    assert ("feature:gauge-1", {"en": "Gauge 1", "km": "ស្ថានីយ 1", "vi": "Trạm đo 1"}[lang] + " (gauge-1)") in listed
    # An editors' layer is listed whole (review rv25a, #6): a status is recorded for its first time here.
    assert any(value == "feature:gauge-3" for value, _ in listed)


def _text(html: str, selector: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").select_one(selector).get_text(" ").split())


# What the confirmation says of the event added from GOOD, in each language: the subject by its
# name, the status as the legend names it, the date as the page writes dates, the source.
SHOWN = {
    "en": ("Retract status event ev-1?", "Ho Chi Minh City – Moc Bai Expressway", "Under construction",
           "2026-01-15", "Main works start · A paper · 2026-01-16"),
    "km": ("ដកព្រឹត្តិការណ៍ស្ថានភាព ev-1 វិញឬ?", "Ho Chi Minh City – Moc Bai Expressway", "កំពុងសាងសង់",
           "១៥ មករា ២០២៦", "Main works start · A paper · ១៦ មករា ២០២៦"),
    "vi": ("Rút lại sự kiện tình trạng ev-1?", "Cao tốc TP Hồ Chí Minh – Mộc Bài", "Đang thi công",
           "15 tháng 1 năm 2026", "Main works start · A paper · 16 tháng 1 năm 2026"),
}


@pytest.mark.parametrize("lang", SHOWN)
def test_retracting_shows_the_event_and_asks_before_it_retracts(client, lang):
    """Review N3: "Retract" acted on one click. The first press shows the event (subject, status,
    date, source) with a field for the reason; only the confirming press retracts it."""
    client.post("/unlock", data={"token": "test-editor-token"})
    assert client.post("/history", data={**GOOD, "author": "Trần Thị Mai"}).status_code == 302
    asked = client.post(f"/history/events/ev-1/retract?lang={lang}")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200
    title, subject, status, date, source = SHOWN[lang]
    assert _text(html, "h2") == title
    facts = _text(html, "#retracted-event")
    for shown in (subject, status, date, "Main works began.", source):
        assert shown in facts, (shown, facts)
    if lang != "en":
        for raw in ("under-construction", "Retract", "Source", "What happened"):
            assert raw not in _text(html, "main"), raw
    assert client.get("/api/revisions").get_json()[0]["action"] == "event"  # nothing retracted yet
    assert 'name="confirmed" value="yes"' in html and 'id="retract-reason"' in html

    done = client.post(f"/history/events/ev-1/retract?lang={lang}",
                       data={"confirmed": "yes", "reason": "the paper corrected its date"})
    assert done.status_code == 302
    latest = client.get("/api/revisions").get_json()[0]
    assert latest["action"] == "event-retract" and latest["summary"] == \
        "retracted status event ev-1 (feature xw-hcmc-moc-bai: under-construction on 2026-01-15): the paper corrected its date"
    page = BeautifulSoup(client.get(done.headers["Location"]).get_data(as_text=True), "html.parser")
    assert "ev-1" in page.select_one(".bm-notice").get_text() and not page.select(".bm-events li")


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_refused_reason_keeps_what_was_typed_and_retracts_nothing(client, lang):
    client.post("/unlock", data={"token": "test-editor-token"})
    client.post("/history", data=GOOD)
    refused = client.post(f"/history/events/ev-1/retract?lang={lang}",
                          data={"confirmed": "yes", "reason": "wrong\x07week", "author": "Trần Thị Mai"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    said = _text(html, "[role=alert]")
    assert said.lower().count({"km": "គ្មានអ្វីត្រូវបានរក្សាទុកទេ", "vi": "không có gì được lưu"}[lang]) == 1  # once (review 10, N1)
    assert "U+0007" in said
    assert "expected plain text" not in said
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#retract-reason")["value"] == "wrong\x07week"
    assert soup.select_one("#retract-author")["value"] == "Trần Thị Mai"
    assert client.get("/api/revisions").get_json()[0]["action"] == "event"


def test_an_unknown_or_curated_event_is_refused_in_the_page_language(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    unknown = client.post("/history/events/ev-99/retract?lang=vi")
    assert unknown.status_code == 404 and "ev-99" in unknown.get_data(as_text=True)
    assert "Không tìm thấy" in unknown.get_data(as_text=True)
    curated = client.post("/history/events/c-pr71-13@2025-12-09/retract", data={"confirmed": "yes"})
    assert curated.status_code == 409
    assert client.get("/api/revisions").get_json() == []


def test_both_steps_of_a_retraction_need_the_forms_csrf_token(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "EDITOR_TOKEN": "test-editor-token"})
    client = app.test_client()
    unlock = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/history").get_data(as_text=True))[1]
    client.post("/unlock", data={"token": "test-editor-token", "csrf_token": unlock})
    page = client.get("/history").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    assert client.post("/history", data={**GOOD, "csrf_token": token}).status_code == 302
    assert client.post("/history/events/ev-1/retract").status_code == 400
    asked = client.post("/history/events/ev-1/retract", data={"csrf_token": token}).get_data(as_text=True)
    assert 'name="csrf_token"' in asked
    assert client.post("/history/events/ev-1/retract", data={"confirmed": "yes"}).status_code == 400
    assert client.get("/api/revisions").get_json()[0]["action"] == "event"
    confirmed = client.post("/history/events/ev-1/retract", data={"confirmed": "yes", "csrf_token": token})
    assert confirmed.status_code == 302 and client.get("/api/revisions").get_json()[0]["action"] == "event-retract"


def test_every_language_link_of_a_page_answering_a_form_opens_a_page(client):
    """Review 7, M1: the retract and revert confirmations answer a form (POST); their language
    switcher linked to the same address by GET, which answered 405. Each confirmation is now a
    page of its own, and the answer to any other form links to the nearest page a link opens."""
    from test_ledger import AUTH, document_body

    client.post("/unlock", data={"token": "test-editor-token"})
    assert client.post("/history", data=GOOD).status_code == 302
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    answers = {
        "retract": client.post("/history/events/ev-1/retract?lang=vi"),
        "revert": client.post("/revisions/1/revert?lang=vi"),
        "refused event": client.post("/history?lang=vi", data={**GOOD, "date": "2026-01-32"}),
        "refused commitment": client.post("/ledger/commitments?lang=vi", data={"summary": "x", "action": "save"}),
        "document checked": client.post("/ledger/documents?lang=vi", data={**document_body(), "action": "check"}),
    }
    for name, answer in answers.items():
        page = BeautifulSoup(answer.get_data(as_text=True), "html.parser")
        links = [a["href"] for a in page.select(".bm-langs a[href]")]
        assert len(links) == 3, (name, links)  # each language, this one too
        for href in links:
            shown = client.get(href)
            assert shown.status_code == 200, (name, href, shown.status_code)
    # The confirmations themselves, opened by a link: asked again, in that language, nothing done.
    retract = client.get("/history/events/ev-1/retract?lang=km")
    assert retract.status_code == 200 and 'name="confirmed" value="yes"' in retract.get_data(as_text=True)
    revert = client.get("/revisions/1/revert?lang=km")
    assert revert.status_code == 200 and 'id="confirm-revert"' in revert.get_data(as_text=True)
    assert [r["action"] for r in client.get("/api/revisions").get_json()] == ["document-add", "event"]


@pytest.mark.parametrize("lang, said", [("en", "retract it on the status history page first"),
                                        ("km", "សូមដកវាវិញនៅទំព័រប្រវត្តិស្ថានភាពជាមុនសិន"),
                                        ("vi", "hãy rút lại chúng ở trang lịch sử tình trạng trước")])
def test_a_commitment_named_by_an_event_is_not_reverted_away(client, lang, said):
    """Review 7, M2: reverting the revision that added a commitment left its status event in the
    published history, naming a commitment that no longer existed. The confirmation says which
    event is in the way, with a link to retract it, and offers no revert; a revert sent anyway is
    refused and changes nothing."""
    from test_ledger import AUTH, commitment_body, document_body

    client.post("/unlock", data={"token": "test-editor-token"})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    event = {"entity": "commitment", "entity_id": "c-ed-1", "date": "2026-11-26", "status": "in-progress",
             "confidence": "high", "note": "Survey started.", "source_title": "Survey", "source_publisher": "A paper",
             "source_date": "2026-11-26"}
    assert client.post("/api/history/events", json=event, headers=AUTH).status_code == 201
    page = BeautifulSoup(client.get(f"/revisions/2/revert?lang={lang}").get_data(as_text=True), "html.parser")
    blocked = page.select_one("#revert-blocked")
    assert blocked is not None and said in blocked.get_text(" ")
    assert [a["href"].split("?")[0] for a in blocked.select("a")] == ["/history/events/ev-3/retract"]
    assert page.select_one("#confirm-revert") is None
    before = client.get("/api/revisions").get_json()
    refused = client.post(f"/revisions/2/revert?lang={lang}", data={"confirmed": "yes"})
    assert refused.status_code == 409
    assert client.get("/api/revisions").get_json() == before
    assert client.get("/api/commitments/c-ed-1").status_code == 200


@pytest.mark.parametrize("lang, said", [("en", "Source: expected a document and paragraph, or a title"),
                                        ("vi", "Nguồn: hãy chọn một văn bản và đoạn của nó")])
def test_an_event_without_any_source_is_told_both_ways_to_give_one(client, lang, said):
    """Review 8, S1: with no source at all, the form said three times that a published item's
    fields were missing, and never that a document and paragraph would do."""
    client.post("/unlock", data={"token": "test-editor-token"})
    event = {key: value for key, value in GOOD.items() if not key.startswith("source_")}
    answer = client.post(f"/history?lang={lang}", data=event)
    text = BeautifulSoup(answer.get_data(as_text=True), "html.parser").select_one("[role=alert]").get_text(" ")
    assert answer.status_code == 422 and said in text, text
    assert "title: required" not in text.lower() and "publisher: required" not in text.lower()


# The document by its title, as the form's list of documents names it (review 11, N11), not by an id the form never shows.
TITLED = "“Outcomes of the 21st Meeting of the Cambodia-Viet Nam Joint Commission on…”"


@pytest.mark.parametrize("lang, said", [("en", f"Paragraph: document {TITLED} has paragraphs 1 to 18, not 999"),
                                        ("vi", f"Đoạn: văn bản {TITLED} có các đoạn từ 1 đến 18, không có đoạn 999")])
def test_an_event_citing_a_paragraph_the_document_does_not_have_is_refused(client, lang, said):
    """Review 10, M1: the form stored "PR 71/2025, paragraph 999", and the map then showed it to
    readers as a citation; the press release has 18 paragraphs."""
    client.post("/unlock", data={"token": "test-editor-token"})
    event = {key: value for key, value in GOOD.items() if not key.startswith("source_")}
    answer = client.post(f"/history?lang={lang}", data={**event, "document": "kh-mfa-pr71-2025", "paragraph": "999"})
    text = " ".join(BeautifulSoup(answer.get_data(as_text=True), "html.parser").select_one("[role=alert]").get_text().split())
    assert answer.status_code == 422 and said in text, text
    assert client.get("/api/revisions").get_json() == []
    assert client.post("/history", data={**event, "document": "kh-mfa-pr71-2025", "paragraph": "18"}).status_code == 302


def test_an_event_citing_past_the_end_of_an_editors_document_is_refused(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    document = {"title": "Bavet night opening", "publisher": "MFA", "date": "2026-11-20", "language": "en",
                "kind": "press-release", "text": "1. One.\n\n2. Two.\n\n3. Three."}
    assert client.post("/api/documents", json=document,
                       headers={"Authorization": "Bearer test-editor-token"}).status_code == 201
    event = {key: value for key, value in GOOD.items() if not key.startswith("source_")}
    answer = client.post("/history", data={**event, "document": "doc-ed-1", "paragraph": "9"})
    assert answer.status_code == 422 and "has paragraphs 1 to 3, not 9" in answer.get_data(as_text=True)


def test_the_form_chooses_no_place_and_no_status_for_the_editor(client):
    """Review 18, F9: the form opened (and came back after each save) on the rail link and
    "Open": an editor who missed either field recorded "Open" on the rail link."""
    from bs4 import BeautifulSoup

    client.post("/unlock", data={"token": "test-editor-token"})
    page = BeautifulSoup(client.get("/history?lang=vi").get_data(as_text=True), "html.parser")
    for name in ("subject", "status"):
        chosen = page.select_one(f"#{name} option[selected]") or page.select_one(f"#{name} option")
        assert chosen["value"] == "" and chosen.get_text() == "— chọn —", name
    refused = client.post("/history?lang=en", data={"subject": "", "date": "2026-11-20", "status": "",
                                                     "confidence": "high", "note": "Opened.", "source_title": "t",
                                                     "source_publisher": "p", "source_date": "2026-11-21"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "expected &#39;feature&#39; or &#39;commitment&#39;" not in text
    assert text.count("is required: give it a value") == 2, text[text.find("bm-result"):][:1500]


def test_an_event_dated_before_its_commitment_was_stated_is_stored_and_said(client):
    """Review 18, F4: an event of 2025-06-01 for a commitment stated on 2026-01-15 was stored
    without a word, and the panel showed the commitment in progress before it was made. It may
    be a project under way before the statement: stored, and said after the save."""
    from test_ledger import AUTH, commitment_body, document_body

    document = client.post("/api/documents", json=document_body(), headers=AUTH).get_json()["id"]
    cid = client.post("/api/commitments", json=commitment_body(document, stated="2026-03-02"),
                      headers=AUTH).get_json()["id"]
    client.post("/unlock", data={"token": "test-editor-token"})
    form = {"subject": f"commitment:{cid}", "status": "in-progress", "confidence": "high", "note": "Work began.",
            "document": document, "paragraph": "1"}
    early = client.post("/history?lang=vi", data={**form, "date": "2025-06-01"}, follow_redirects=True)
    text = early.get_data(as_text=True)
    assert early.status_code == 200 and "trước ngày cam kết được nêu (2 tháng 3 năm 2026)" in text, text[:3000]
    later = client.post("/history?lang=vi", data={**form, "date": "2026-04-01"}, follow_redirects=True)
    assert "trước ngày cam kết được nêu" not in later.get_data(as_text=True)


def test_each_editors_event_on_the_page_says_its_source(client):
    """Review 18, F13: the status-history page listed editors' events with no source."""
    from test_ledger import AUTH, commitment_body, document_body

    document = client.post("/api/documents", json=document_body(), headers=AUTH).get_json()["id"]
    cid = client.post("/api/commitments", json=commitment_body(document), headers=AUTH).get_json()["id"]
    client.post("/unlock", data={"token": "test-editor-token"})
    base = {"status": "in-progress", "confidence": "high", "note": "Work began.", "date": "2026-04-01"}
    client.post("/history", data={**base, "subject": f"commitment:{cid}", "document": document, "paragraph": "2"})
    client.post("/history", data={**base, "subject": "feature:xw-hcmc-moc-bai", "status": "under-construction",
                                  "source_title": "Main works start", "source_publisher": "A paper",
                                  "source_date": "2026-04-02", "source_url": "https://example.org/works"})
    from bs4 import BeautifulSoup

    # As read: the text of each item, the spaces get_text puts between elements (a title marked
    # with its language) before a comma taken out.
    items = [li.get_text(" ", strip=True).replace(" ,", ",") for li in BeautifulSoup(
        client.get("/history?lang=vi").get_data(as_text=True), "html.parser").select(".bm-events li")]
    assert any("Nguồn: Gates and roads: talks in Ha Noi" in item and "¶2" in item for item in items), items
    assert any("Nguồn: Main works start" in item and "A paper, 2 tháng 4 năm 2026" in item for item in items), items


@pytest.mark.parametrize("lang, said", [
    ("en", "“Date” is required: give a date as YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known"),
    ("km", "សូមផ្តល់កាលបរិច្ឆេទជា YYYY-MM-DD"), ("vi", "hãy nhập ngày dạng YYYY-MM-DD")])
def test_an_event_without_a_date_is_asked_for_one_in_the_shape_it_takes(client, lang, said):
    """Review 24a, #13: a status change left without its date was told "required: give it a value",
    where the commitment form says which shape of date it takes."""
    client.post("/unlock", data={"token": "test-editor-token"})
    refused = client.post(f"/history?lang={lang}", data={
        "subject": "feature:cp-meun-chey-tan-nam", "date": "", "status": "open", "confidence": "high",
        "note": "Opened.", "source_title": "t", "source_publisher": "p", "source_date": "2026-11-21"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and said in text, text[text.find("bm-result"):][:1500]
