"""A refused change on the editors' forms (review 10): one box on every form, which says once
that nothing was stored (after "Check", only what the check found), counts the problems and says
each, in the page language and as the form names its fields and choices; each problem names the
input it is about, for the page to link them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_editors_pages_i18n import PLACE_EVENT, visible
from test_ledger import AUTH, TOKEN, commitment_body, document_body

PLACE_SENTENCE = {"en": "A place it names has an id no feature has: see “Places it applies to” below.",
                  "km": "ទីកន្លែងមួយដែលវាដាក់ឈ្មោះ មានលេខសម្គាល់ដែលគ្មានធាតុណាមួយមាន៖ សូមមើល “ទីកន្លែងដែលវាអនុវត្ត” ខាងក្រោម។",
                  "vi": "Một địa điểm nó nêu có mã mà không đối tượng nào có: xem “Những nơi áp dụng” bên dưới."}
# What the box's heading says, in each language, when something was not stored.
NOT_STORED = {"en": "not stored", "km": "មិនត្រូវបានរក្សាទុកទេ", "vi": "chưa được lưu"}
NOTHING_STORED = {"en": "nothing was stored", "km": "គ្មានអ្វីត្រូវបានរក្សាទុកទេ", "vi": "không có gì được lưu"}
STORED = {"en": "stored", "km": "រក្សាទុក", "vi": "lưu"}


@pytest.fixture
def editor(client):
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    return client


def box(html: str) -> tuple[str, list[str], BeautifulSoup]:
    """The refusal's heading, the problems it says (each once) and the box itself."""
    found = BeautifulSoup(html, "html.parser").select_one("[role=alert]")
    assert found is not None, html
    problems = [" ".join(item.get_text(" ").split()) for item in found.select(".bm-problems li, .bm-problem")]
    return " ".join(found.select_one("h3").get_text(" ").split()), problems, found


def commitment_form(**changes) -> dict:
    form = {**commitment_body("doc-ed-1"), "actors": "Cambodia, Viet Nam", "action": "save"}
    return {**form, **changes}


@pytest.mark.parametrize("lang, heading, stated, name", [
    ("en", "The commitment was not stored: 3 problems", "Stated on: expected a date YYYY-MM-DD", "Your name: "),
    ("km", "ការប្តេជ្ញាមិនត្រូវបានរក្សាទុកទេ៖ បញ្ហា ៣", "ថ្លែងនៅថ្ងៃ៖ ", "ឈ្មោះរបស់អ្នក៖ "),
    ("vi", "Cam kết chưa được lưu: 3 vấn đề", "Ngày tuyên bố: cần ngày dạng YYYY-MM-DD", "Tên của bạn: "),
])
def test_an_unknown_place_is_said_with_every_other_problem(editor, lang, heading, stated, name):
    """S1: an id no feature has hid the form's other problems: the box said only "see “Places it
    applies to” below", while "Stated on" and "Your name" were outlined red and never explained."""
    answer = editor.post(f"/ledger/commitments?lang={lang}", data=commitment_form(
        more_features="cp-nope-1", stated="2026/1/1", author="Mai\x07"))
    said, problems, found = box(answer.get_data(as_text=True))
    assert answer.status_code == 422 and said == heading, said
    assert len(problems) == 3, problems
    assert problems[0].startswith(stated) and "2026/1/1" in problems[0], problems
    assert problems[1] == PLACE_SENTENCE[lang]  # the place's problem still points to its field
    assert problems[2].startswith(name) and "U+0007" in problems[2], problems
    assert "cp-nope-1" in visible(answer.get_data(as_text=True), "#c-more-error")  # said beside the field
    assert set(found["data-invalid"].split()) == {"stated", "more_features", "author"}
    assert editor.get("/api/revisions").get_json()[0]["action"] == "document-add"


@pytest.mark.parametrize("lang, words", [
    ("en", ("Sector: choose one", "Statement kind: choose one", "Status: choose one")),
    ("km", ("វិស័យ៖ សូមជ្រើសរើសមួយ", "ប្រភេទសេចក្តីថ្លែង៖ សូមជ្រើសរើសមួយ", "ស្ថានភាព៖ សូមជ្រើសរើសមួយ")),
    ("vi", ("Lĩnh vực: hãy chọn một", "Loại tuyên bố: hãy chọn một", "Tình trạng: hãy chọn một")),
])
def test_a_choice_left_at_none_is_asked_for_in_the_page_language(editor, lang, words):
    """S5: a sector, statement kind or status left at "—" was refused with the vocabulary's ids
    ("expected one of political, education, economy, trade-investment, … got ""), which the
    form, showing their labels, never shows."""
    answer = editor.post(f"/ledger/commitments?lang={lang}", data=commitment_form(sector="", statement="", status=""))
    said, problems, _ = box(answer.get_data(as_text=True))
    assert answer.status_code == 422 and problems == list(words), problems
    for raw in ("political", "trade-investment", "border-affairs", "under-study", '""'):
        assert raw not in " ".join(problems)


@pytest.mark.parametrize("lang, label", [("en", "Trade and investment"), ("km", "ដឹកជញ្ជូន"),
                                         ("vi", "Giao thông vận tải")])
def test_a_choice_the_form_does_not_offer_is_refused_naming_the_forms_choices(editor, lang, label):
    answer = editor.post(f"/ledger/commitments?lang={lang}", data=commitment_form(sector="roads"))
    said, problems, _ = box(answer.get_data(as_text=True))
    assert answer.status_code == 422 and len(problems) == 1 and label in problems[0], problems
    assert '"roads"' in problems[0] and "trade-investment" not in problems[0] and "border-affairs" not in problems[0]


def test_the_commitment_forms_lists_must_be_chosen_before_sending(editor):
    soup = BeautifulSoup(editor.get("/ledger/commitments/new").get_data(as_text=True), "html.parser")
    for name in ("sector", "statement", "status"):
        select = soup.select_one(f"select[name={name}]")
        assert select.has_attr("required") and select.select_one("option")["value"] == "", name


def _refusals(editor, lang: str) -> dict:
    """A refused change on each of the editors' forms, by its name."""
    assert editor.post("/api/commitments", json=commitment_body("doc-ed-1"), headers=AUTH).status_code == 201
    assert editor.post("/history", data=PLACE_EVENT).status_code == 302
    document = {**document_body(), "title": "Joint\x07statement", "date": "11/12/2025"}
    return {
        "document saved": editor.post(f"/ledger/documents?lang={lang}", data={**document, "action": "save"}),
        "commitment": editor.post(f"/ledger/commitments?lang={lang}", data=commitment_form(stated="x", sector="")),
        "commitment edited": editor.post(f"/ledger/commitments/c-ed-1/edit?lang={lang}",
                                         data=commitment_form(summary="")),
        "status event": editor.post(f"/history?lang={lang}", data={**PLACE_EVENT, "date": "31/12/2025",
                                                                     "author": "Mai\x07"}),
        "retraction": editor.post(f"/history/events/ev-3/retract?lang={lang}",
                                  data={"confirmed": "yes", "reason": "a\x07b", "author": "Mai\x07"}),
        "retirement": editor.post(f"/ledger/commitments/c-ed-1/retire?lang={lang}",
                                  data={"confirmed": "yes", "reason": "a\x07b", "author": "Mai\x07"}),
    }


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_every_form_says_once_that_nothing_was_stored(editor, lang):
    """N1: the box's heading said "Invalid input: nothing was stored" and its first line "The
    document was not stored: 3 problems"; the history form's box had no heading. One box on
    every form: a heading that says it once and counts, then each problem."""
    for form, answer in _refusals(editor, lang).items():
        said, problems, found = box(answer.get_data(as_text=True))
        assert answer.status_code == 422, form
        whole = " ".join(found.get_text(" ").split()).lower()
        assert whole.count(STORED[lang]) == 1, (form, whole)
        assert NOT_STORED[lang] in said.lower() or NOTHING_STORED[lang] in said.lower(), (form, said)
        assert len(problems) >= 1 and not any(problem in said for problem in problems), (form, said)
        count = str(len(problems)) if lang != "km" else "០១២៣៤៥៦៧៨៩"[len(problems)]
        assert said.endswith(count) or f" {count} " in f" {said} ", (form, said)
        assert found.name == "section" and "bm-result-error" in found["class"], form
    assert editor.get("/api/revisions").get_json()[0]["action"] == "event"


@pytest.mark.parametrize("lang, heading", [("en", "The check found 2 problems"),
                                           ("km", "ការពិនិត្យបានរកឃើញបញ្ហា ២"),
                                           ("vi", "Kiểm tra thấy 2 vấn đề")])
def test_after_a_check_the_box_says_what_it_found_not_that_nothing_was_stored(editor, lang, heading):
    """N1: "Check" never stores anything; its box said "nothing was stored" all the same."""
    document = {**document_body(), "title": "Joint\x07statement", "date": "11/12/2025", "action": "check"}
    said, problems, found = box(editor.post(f"/ledger/documents?lang={lang}", data=document).get_data(as_text=True))
    assert said == heading and len(problems) == 2
    assert STORED[lang] not in " ".join(found.get_text(" ").split()).lower()


def test_each_problem_names_the_input_it_is_about(editor):
    """N7: the inputs were marked invalid but not linked to their problem. Each problem has an id
    and names its input (data-for), for the page to set the input's aria-describedby."""
    answer = editor.post("/ledger/commitments", data=commitment_form(
        more_features="cp-nope-1 cp-nope-2", stated="2026/1/1", sector="", author="Mai\x07"))
    _, problems, found = box(answer.get_data(as_text=True))
    items = found.select(".bm-problems li")
    assert [item["id"] for item in items] == ["problem-1", "problem-2", "problem-3", "problem-4"]
    about = {item.get("data-for"): " ".join(item.get_text().split()) for item in items}
    assert about["sector"] == "Sector: choose one" and about["stated"].startswith("Stated on: ")
    assert about["more_features"] == PLACE_SENTENCE["en"]  # both unknown ids, said once
    assert about["author"].startswith("Your name: ")
    assert set(found["data-invalid"].split()) == set(about)
    # One problem alone is said in a line of its own, with an id and its input too.
    alone = BeautifulSoup(editor.post("/ledger/commitments", data=commitment_form(stated="2026/1/1")
                                      ).get_data(as_text=True), "html.parser").select_one("[role=alert] .bm-problem")
    assert alone["id"] == "problem-1" and alone["data-for"] == "stated"


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_upload_forms_box_is_the_same_box(editor, lang):
    """N1, on the upload form: "Invalid input: nothing was stored" above "The upload was not
    imported: fix what is listed below", after a dry run that never stores anything."""
    import io
    import json

    ring = [[105.1, 11.2], [105.2, 11.2], [105.2, 11.3], [105.3, 11.2]]
    body = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Yard"}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
        {"type": "Feature", "properties": {"name": "Depot"}, "geometry": {"type": "Point", "coordinates": [105, 91]}}]}
    answer = editor.post(f"/upload?lang={lang}", data={
        "file": (io.BytesIO(json.dumps(body).encode()), "yards.geojson"), "target": "new", "new_title": "Yards",
        "action": "check"}, content_type="multipart/form-data")
    said, problems, found = box(answer.get_data(as_text=True))
    assert answer.status_code == 422 and said == {"en": "The check found 2 problems", "km": "ការពិនិត្យបានរកឃើញបញ្ហា ២",
                                                  "vi": "Kiểm tra thấy 2 vấn đề"}[lang], said
    assert [item["id"] for item in found.select(".bm-problems li")] == ["problem-1", "problem-2"]
    assert STORED[lang] not in " ".join(found.get_text(" ").split()).lower()


def _upload(editor, lang: str, body: dict, author: str):
    import io
    import json

    return editor.post(f"/upload?lang={lang}", data={
        "file": (io.BytesIO(json.dumps(body).encode()), "yards.geojson"), "target": "new", "new_title": "Yards",
        "author": author, "action": "check"}, content_type="multipart/form-data")


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_dry_run_checks_the_name_with_the_file(editor, lang):
    """The check passed a name the import then refused: an editor was told the file was fine, and
    learnt of the name only on pressing Import. A bad name is a problem of the check, said with
    the file's own problems, and the file stays kept for the next try."""
    good = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Depot"}, "geometry": {"type": "Point", "coordinates": [105.1, 11.2]}}]}
    answer = _upload(editor, lang, good, "Mai\x07")
    said, problems, found = box(answer.get_data(as_text=True))
    name = {"en": "Your name: ", "km": "ឈ្មោះរបស់អ្នក៖ ", "vi": "Tên của bạn: "}[lang]
    assert answer.status_code == 422, said
    assert len(problems) == 1 and problems[0].startswith(name) and "U+0007" in problems[0], problems
    assert found["data-invalid"].split() == ["author"]
    page = BeautifulSoup(answer.get_data(as_text=True), "html.parser")
    assert page.select_one("#kept-file") is not None  # the file is kept for the next try
    assert page.select_one("#preview") is None  # no preview of an import that would be refused

    bad = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Depot"}, "geometry": {"type": "Point", "coordinates": [105, 91]}}]}
    said, problems, found = box(_upload(editor, lang, bad, "Mai\x07").get_data(as_text=True))
    assert len(problems) == 2 and problems[-1].startswith(name), problems  # the file's and the name's
    assert found["data-invalid"].split() == ["file", "author"]
    # A good name on a good file still checks clean, and nothing was stored by either refusal.
    assert _upload(editor, lang, good, "Mai").status_code == 200
    assert "yards" not in [layer["id"] for layer in editor.get("/api/layers").get_json()]


def _digits(text: str) -> str:
    return text.translate(str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789"))


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_a_field_longer_than_the_form_takes_is_said_with_the_files_problems(editor, lang):
    """Review 11, S1: a name of 81 characters (a browser's maxlength is no rule for a script or
    an old browser) came back as a bare 400 page: no box, the file's own problems unsaid, the
    file dropped."""
    import io
    import json

    bad = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Depot"}, "geometry": {"type": "Point", "coordinates": [105, 91]}}]}

    def check(**fields):
        return editor.post(f"/upload?lang={lang}", data={
            "file": (io.BytesIO(json.dumps(bad).encode()), "yards.geojson"), "target": "new", "new_title": "Yards",
            "action": "check", **fields}, content_type="multipart/form-data")

    name = {"en": "Your name: ", "km": "ឈ្មោះរបស់អ្នក៖ ", "vi": "Tên của bạn: "}[lang]
    answer = check(author="D" * 81)
    said, problems, found = box(answer.get_data(as_text=True))
    assert answer.status_code == 422 and said == {"en": "The check found 2 problems", "km": "ការពិនិត្យបានរកឃើញបញ្ហា ២",
                                                  "vi": "Kiểm tra thấy 2 vấn đề"}[lang], said
    assert "91" in _digits(problems[0])  # the file's problem, then the name's, said once
    assert problems[1].startswith(name) and "81" in _digits(problems[1]) and "80" in _digits(problems[1]), problems
    assert found["data-invalid"].split() == ["file", "author"]  # the file input too (review 11, N13)
    assert BeautifulSoup(answer.get_data(as_text=True), "html.parser").select_one("#kept-file") is not None
    # A title too long is said once (the form's rule and the import's alike), as is the name.
    said, problems, found = box(check(author="D" * 81, new_title="T" * 121).get_data(as_text=True))
    # ... and the file is checked as well, in a layer standing in for the new one (review 24a, #1).
    assert len(problems) == 3 and "121" in _digits(" ".join(problems)) and "91" in _digits(problems[0]), problems
    assert set(found["data-invalid"].split()) == {"new_title", "author", "file"}
    assert [r["action"] for r in editor.get("/api/revisions").get_json()] == ["document-add"]  # the fixture's


def test_a_file_chosen_after_the_check_is_checked_not_imported(editor):
    """Import sends the whole form (review 11, S2): a file chosen in it after the check has not
    been checked, so it gets its dry run, and nothing is imported."""
    import io
    import json

    def collection(name):
        return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": name},
                           "geometry": {"type": "Point", "coordinates": [105.1, 11.2]}}]}).encode()

    checked = editor.post("/upload", data={"file": (io.BytesIO(collection("First")), "a.geojson"), "target": "new",
                                           "new_title": "Yards", "action": "check"}, content_type="multipart/form-data")
    staged = BeautifulSoup(checked.get_data(as_text=True), "html.parser").select_one("#upload-form [name=staged]")["value"]
    answer = editor.post("/upload", data={"file": (io.BytesIO(collection("Second")), "b.geojson"), "staged": staged,
                                          "filename": "a.geojson", "target": "new", "new_title": "Yards",
                                          "action": "import"}, content_type="multipart/form-data")
    page = BeautifulSoup(answer.get_data(as_text=True), "html.parser")
    assert answer.status_code == 200 and page.select_one("#report") is not None
    assert "Second" in page.select_one("#report table").get_text() and "b.geojson" in page.select_one("#report").get_text()
    assert [r["action"] for r in editor.get("/api/revisions").get_json()] == ["document-add"]  # the fixture's


def test_a_field_too_long_is_said_with_a_file_that_is_no_map(editor):
    """A file refused as what it is (not JSON) is said with the form's own problems, not instead of them."""
    import io

    answer = editor.post("/upload", data={"file": (io.BytesIO(b"%PDF-1.4 not a map"), "notes.pdf"), "target": "new",
                                          "new_title": "Yards", "author": "D" * 81, "action": "check"},
                         content_type="multipart/form-data")
    said, problems, found = box(answer.get_data(as_text=True))
    assert answer.status_code == 422 and len(problems) == 2, problems
    assert problems[-1].startswith("Your name: ") and "PDF" in problems[0], problems
