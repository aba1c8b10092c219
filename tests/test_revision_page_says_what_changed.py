"""Review rv22a, M5: the page of an edit's revision said only "commitment · c-ed-1 · changed" with
the summary, though the API had the record before and after and docs/ledger.md promises the
before and after values of each field on the revisions page. It now lists, under each record an
edit changed, the fields that changed with their value before and after, as a reader reads them.

And L3 (part): the command line records its author as "<user> (command line)"; the revisions
pages said "(command line)" in English on a Khmer or Vietnamese page.
"""

from __future__ import annotations

import getpass

import orjson
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from bordermap import vocabulary
from bordermap.revision_changes import changed_fields
from bordermap_app.cli import main
from conftest import PHONE, screenshot
from test_editors_pages_i18n import visible
from test_history_form import GOOD
from test_ledger import AUTH, TOKEN, commitment_body, document_body

LONG = ("Third-country travellers may use the Meun Chey – Tan Nam gate from June, once both sides have finished "
        "the building works, trained the staff and agreed the forms for visas on arrival and the goods that may "
        "cross at the gate.")
# The words each page language gives the table (the catalogue's), and English words that must not be left.
WORDS = {"en": ("Field", "Before", "After", "Before: ", "After: "),
         "km": ("វាល", "មុន", "ក្រោយ", "មុន៖ ", "ក្រោយ៖ "),
         "vi": ("Trường", "Trước", "Sau", "Trước: ", "Sau: ")}
ENGLISH = ("Field", "Before", "After", "What changed in", "none given", "stays with the editors",
           "a point at latitude", "(command line)", "Show all")


@pytest.fixture
def edited(client):
    """Revision 1 adds doc-ed-1, 2 adds c-ed-1 (pledged), 3 makes it under discussion (the
    review's case), 4 changes its status to done with its sector, places, target and summary."""
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    assert client.patch("/api/commitments/c-ed-1", json={"status": "under-discussion"},
                        headers=AUTH).status_code == 200
    changes = {"status": "done", "sector": "transport", "summary": LONG, "target": "2026-06",
               "features": ["cp-meun-chey-tan-nam", "xw-hcmc-moc-bai"]}
    assert client.patch("/api/commitments/c-ed-1", json=changes, headers=AUTH).status_code == 200
    return client


def fields(html: str) -> dict[str, tuple[str, str]]:
    """{field id: (its value before, after)} as the page shows them, the cut texts' wholes aside."""
    soup = BeautifulSoup(html, "html.parser")
    for whole in soup.select(".bm-whole"):
        whole.decompose()
    return {row["data-field"]: tuple(" ".join(cell.get_text(" ").split()) for cell in row.select("td"))
            for row in soup.select("tr[data-field]")}


def labels(html: str) -> dict[str, str]:
    """{field id: the name the page gives it}."""
    return {row["data-field"]: " ".join(row.select_one("th").get_text(" ").split())
            for row in BeautifulSoup(html, "html.parser").select("tr[data-field]")}


def statuses(lang: str) -> dict[str, str]:
    return vocabulary.labels(lang)["commitment_statuses"]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_status_edit_says_the_status_before_and_after(edited, lang):
    """The review's case: under discussion → done, in the page's words for the statuses."""
    html = edited.get(f"/revisions/4?lang={lang}").get_data(as_text=True)
    shown = fields(html)
    assert shown["status"] == (statuses(lang)["under-discussion"], statuses(lang)["done"]), shown
    assert labels(html)["status"] == {"en": "Status", "km": "ស្ថានភាព", "vi": "Tình trạng"}[lang]
    # Only what changed: the statement, the date stated and the rest are not listed.
    assert set(shown) == {"summary", "sector", "status", "features", "target"}, shown


def test_each_changed_field_of_a_commitment_is_said_before_and_after(edited):
    html = edited.get("/revisions/4").get_data(as_text=True)
    shown = fields(html)
    assert shown["sector"] == ("Border affairs", "Transport")
    assert shown["target"] == ("none given", "2026-06")
    assert shown["features"] == ("Meun Chey – Tan Nam (cp-meun-chey-tan-nam)",
                                 "Meun Chey – Tan Nam (cp-meun-chey-tan-nam), "
                                 "Ho Chi Minh City – Moc Bai Expressway (xw-hcmc-moc-bai)")
    assert shown["summary"][0] == "Third-country travellers may use the Meun Chey gate by June."
    # A long text is cut where a reader sees it was, and the whole is there to open.
    assert shown["summary"][1].endswith("…") and len(shown["summary"][1]) < len(LONG)
    after = BeautifulSoup(html, "html.parser").select_one('tr[data-field="summary"] td.bm-after')
    assert " ".join(after.select_one("details p").get_text().split()) == LONG
    heads = [th.get_text(strip=True) for th in BeautifulSoup(html, "html.parser").select(".bm-fields thead th")]
    assert heads == ["Field", "Before", "After"]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_document_edit_says_its_fields_and_that_its_text_changed_without_it(edited, lang):
    body = document_body(title="Gates and roads: talks in Ha Noi (corrected)", date="2026-03-01")
    body["text"] = body["text"].replace("in Phnom Penh", "in Phnom Penh in May")
    answer = edited.put("/api/documents/doc-ed-1", json=body, headers=AUTH)
    assert answer.status_code == 200, answer.get_json()
    html = edited.get(f"/revisions/5?lang={lang}").get_data(as_text=True)
    shown = fields(html)
    assert shown["title"] == ("Gates and roads: talks in Ha Noi", "Gates and roads: talks in Ha Noi (corrected)")
    assert shown["date"] == {"en": ("2026-03-02", "2026-03-01"), "km": ("២ មីនា ២០២៦", "១ មីនា ២០២៦"),
                             "vi": ("2 tháng 3 năm 2026", "1 tháng 3 năm 2026")}[lang]
    assert labels(html)["text"] == {"en": "Text", "km": "អត្ថបទ", "vi": "Nội dung"}[lang]
    assert "in May" not in html  # the text stays with the editors (docs/ledger.md)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_corrected_status_event_says_what_was_corrected(client, lang):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/history", data=GOOD).status_code == 302
    fixed = {**GOOD, "date": "2026-01-20", "status": "open", "confidence": "high", "note": "Opened to traffic."}
    assert client.post("/history/events/ev-1/correct", data=fixed).status_code == 302
    html = client.get(f"/revisions/2?lang={lang}").get_data(as_text=True)
    shown = fields(html)
    features = vocabulary.labels(lang)["feature_statuses"]
    assert shown["status"] == (features["under-construction"], features["open"])
    assert shown["date"] == {"en": ("2026-01-15", "2026-01-20"), "km": ("១៥ មករា ២០២៦", "២០ មករា ២០២៦"),
                             "vi": ("15 tháng 1 năm 2026", "20 tháng 1 năm 2026")}[lang]
    assert shown["note"] == ("Main works began.", "Opened to traffic.")
    assert "confidence" in shown and "source.title" not in shown


def test_a_features_properties_and_shape_are_said_before_and_after(client):
    body = orjson.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "name": "Depot", "status": "planned"}, "geometry": {"type": "Point", "coordinates": [106.1, 11.1]}}]})
    headers = {**AUTH, "Content-Type": "application/geo+json"}
    assert client.post("/api/features?layer=depots&new_layer_title=Depots", data=body, headers=headers).status_code == 201
    tag = client.get("/ogc/collections/depots/items/depots-1?f=json").headers["ETag"]
    patch = {"properties": {"name": "Big depot", "status": "open", "capacity": 40},
             "geometry": {"type": "Point", "coordinates": [106.2, 11.2]}}
    assert client.patch("/ogc/collections/depots/items/depots-1", data=orjson.dumps(patch), headers={
        **AUTH, "Content-Type": "application/merge-patch+json", "If-Match": tag}).status_code == 204
    shown = fields(client.get("/revisions/2").get_data(as_text=True))
    assert shown["properties.name"] == ("Depot", "Big depot")
    assert shown["properties.status"] == ("Planned", "Open")
    assert shown["properties.capacity"] == ("none given", "40")
    assert shown["geometry"] == ("a point at latitude 11.1, longitude 106.1", "a point at latitude 11.2, longitude 106.2")
    # With the language's decimal sign: "11.2" read as a thousands figure in Vietnamese (review 28, #8).
    shown = fields(client.get("/revisions/2?lang=vi").get_data(as_text=True))
    assert shown["geometry"][1] == "một điểm tại vĩ độ 11,2, kinh độ 106,2"


def test_the_fields_an_edit_changed_are_found_by_their_paths():
    """The library's part, without HTTP: nested objects field by field, lists and shapes whole."""
    before = {"id": "ev-1", "date": "2026-01-15", "source": {"title": "A", "publisher": "P"},
              "features": ["a"], "geometry": {"type": "Point", "coordinates": [1, 2]}}
    after = {"id": "ev-1", "date": "2026-01-20", "source": {"title": "B", "publisher": "P", "url": "https://x"},
             "features": ["a", "b"], "geometry": {"type": "Point", "coordinates": [1, 3]}, "retired": {"reason": "r"}}
    assert changed_fields(before, after) == [
        {"field": "date", "before": "2026-01-15", "after": "2026-01-20"},
        {"field": "source.title", "before": "A", "after": "B"},
        {"field": "source.url", "before": None, "after": "https://x"},
        {"field": "features", "before": ["a"], "after": ["a", "b"]},
        {"field": "geometry", "before": before["geometry"], "after": after["geometry"]},
        {"field": "retired", "before": False, "after": True},
        {"field": "retired.reason", "before": None, "after": "r"}]
    assert changed_fields(after, before)[-2:] == [{"field": "retired", "before": True, "after": False},
                                                  {"field": "retired.reason", "before": "r", "after": None}]
    # No value either side ("none given" both) is no change.
    assert changed_fields({"a": None, "b": []}, {"a": "", "b": None, "c": ""}) == []


@pytest.mark.parametrize("lang, retired", [("en", ("no", "yes")), ("km", ("ទេ", "បាទ/ចាស")), ("vi", ("không", "có"))])
def test_a_retirement_says_the_commitment_was_retired(edited, lang, retired):
    """Review 31a, #8: a retirement with no reason showed one row, "Reason for retiring: none
    given → none given", and not the retirement; its revert says it the other way."""
    assert edited.post("/api/commitments/c-ed-1/retire", json={"reason": ""}, headers=AUTH).status_code == 200
    shown = fields(edited.get(f"/revisions/5?lang={lang}").get_data(as_text=True))
    assert shown == {"retired": retired}, shown
    assert edited.post("/api/revisions/5/revert", json={}, headers=AUTH).status_code in (200, 201)
    shown = fields(edited.get(f"/revisions/6?lang={lang}").get_data(as_text=True))
    assert shown == {"retired": retired[::-1]}, shown


def test_additions_and_removals_list_what_was_added_or_removed_as_before(edited):
    added = edited.get("/revisions/2").get_data(as_text=True)
    assert not fields(added)
    row = BeautifulSoup(added, "html.parser").select("table.bm-numbered > tbody > tr")
    assert len(row) == 1 and "added" in row[0].get_text() and "Meun Chey gate by June" in row[0].get_text()


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_the_new_words_are_in_the_page_language(edited, lang):
    """The table's head, its labels on a phone, the note for a withheld text, "none given"."""
    body = document_body(title="Talks (corrected)")
    body["text"] = body["text"].replace("in Phnom Penh", "in Phnom Penh in May")
    assert edited.put("/api/documents/doc-ed-1", json=body, headers=AUTH).status_code == 200
    field, before, after, before_label, after_label = WORDS[lang]
    for number in (4, 5):
        html = edited.get(f"/revisions/{number}?lang={lang}").get_data(as_text=True)
        soup = BeautifulSoup(html, "html.parser")
        assert [th.get_text(strip=True) for th in soup.select(".bm-fields thead th")] == [field, before, after]
        assert {td["data-label"] for td in soup.select(".bm-fields td.bm-before")} == {before_label}
        assert {td["data-label"] for td in soup.select(".bm-fields td.bm-after")} == {after_label}
        words = visible(html, ".bm-fields") + " " + " ".join(c.get_text() for c in soup.select(".bm-fields caption"))
        for english in ENGLISH:
            assert english not in words, (number, english)


@pytest.mark.parametrize("lang, said", [("en", "mai (command line)"), ("km", "mai (បន្ទាត់ពាក្យបញ្ជា)"),
                                        ("vi", "mai (dòng lệnh)")])
def test_the_command_lines_author_is_said_in_the_page_language(app, client, monkeypatch, lang, said):
    """L3: the stored name stays "mai (command line)" (the API says it so); the pages say the
    words after the name in their language."""
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", app.instance_path)
    monkeypatch.setattr(getpass, "getuser", lambda: "mai")
    run = CliRunner().invoke(main, ["commitments", "edit", "c-ed-1", "--status", "in-progress"])
    assert run.exit_code == 0, run.output
    assert client.get("/api/revisions/3").get_json()["revision"]["author"] == "mai (command line)"
    listed = BeautifulSoup(client.get(f"/revisions?lang={lang}").get_data(as_text=True), "html.parser")
    assert " ".join(listed.select_one("#revisions tbody tr td:nth-of-type(3)").get_text().split()) == said
    page = client.get(f"/revisions/3?lang={lang}").get_data(as_text=True)
    assert said in visible(page, ".bm-facts")
    if lang != "en":
        assert "(command line)" not in visible(page) and "(command line)" not in visible(str(listed))
    assert fields(page)["status"] == (statuses(lang)["pledged"], statuses(lang)["in-progress"])


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_what_changed_fits_a_phone(app, live_server, new_tab, lang):
    """On a 390 px phone the fields stack, each value said as before or after, within the screen."""
    client = app.test_client()
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    changes = {"status": "done", "summary": LONG, "features": ["cp-meun-chey-tan-nam", "xw-hcmc-moc-bai"]}
    assert client.patch("/api/commitments/c-ed-1", json=changes, headers=AUTH).status_code == 200
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/revisions/3?lang={lang}")
    status = tab.locator('tr[data-field="status"]')
    assert status.is_visible()
    width = tab.evaluate("document.documentElement.clientWidth")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    for cell in tab.locator(".bm-fields th, .bm-fields td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (cell.inner_text(), box, width)
    before = status.locator("td.bm-before")
    label = before.evaluate("(td) => getComputedStyle(td, '::before').content")
    assert label == f'"{WORDS[lang][3]}"', label
    # Stacked: the value after is below the value before, not beside it.
    assert status.locator("td.bm-after").bounding_box()["y"] > before.bounding_box()["y"]
    tab.locator('tr[data-field="summary"] details summary').click()
    assert tab.locator('tr[data-field="summary"] details p').is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    assert not tab.console_errors
    screenshot(tab, f"revision-what-changed-phone-{lang}")


def test_a_khmer_page_gives_actors_and_a_cited_paragraph_in_its_own_words_and_digits(client):
    """The change's review, L2: a commitment's actors showed as the vocabulary's English keys, and
    an event's cited paragraph in western digits, on a Khmer revision page."""
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    assert client.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    assert client.patch("/api/commitments/c-ed-1", json={"actors": ["Cambodia"]}, headers=AUTH).status_code == 200
    assert fields(client.get("/revisions/3?lang=km").get_data(as_text=True))["actors"] == (
        "កម្ពុជា, វៀតណាម", "កម្ពុជា")
    event = {**GOOD, "document": "doc-ed-1", "paragraph": "1", "source_title": "", "source_publisher": "",
             "source_date": ""}
    assert client.post("/history", data=event).status_code == 302  # revision 4
    assert client.post("/history/events/ev-4/correct", data={**event, "paragraph": "2"}).status_code == 302
    assert fields(client.get("/revisions/5?lang=km").get_data(as_text=True))["source.paragraph"] == ("១", "២")
