"""What an editor meets when another got there first, or the token or the checked file is not
there, in the page's language (review 13, F7): these were said in English on Khmer and
Vietnamese pages, and the loser of a race for a new layer id got no way out."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup

from test_ledger import TOKEN

FILE = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Gate"},'
        b'"geometry":{"type":"Point","coordinates":[105.1,11.1]}}]}')
SAID = {
    "km": {"taken": "ស្រទាប់ដែលមានលេខសម្គាល់ parks មានរួចហើយ", "gone": "លែងរង់ចាំការនាំចូលទៀតហើយ",
           "token": "សញ្ញាសម្ងាត់អ្នកកែសម្រួលមិនត្រឹមត្រូវទេ", "again": "ឯកសារនេះត្រូវបាននាំចូលរួចហើយ"},
    "vi": {"taken": "Đã có một lớp với mã parks", "gone": "không còn chờ nhập nữa",
           "token": "Mã biên tập không hợp lệ", "again": "Tệp này đã được nhập"},
}


def _alert(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("[role=alert]").get_text(" ", strip=True)


def _form(**more) -> dict:
    return {"target": "new", "new_id": "parks", "new_title": "Parks", "kind": "park", "color": "#1b7837", **more}


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_conflicts_and_refusals_of_the_upload_page_are_in_its_language(client, lang):
    wrong = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                        data=_form(action="check", token="not-the-editor-token", file=(io.BytesIO(FILE), "p.geojson")))
    assert wrong.status_code == 403 and SAID[lang]["token"] in _alert(wrong)
    client.post("/unlock", data={"token": TOKEN})
    assert client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                       data=_form(action="import", file=(io.BytesIO(FILE), "p.geojson"))).status_code == 201
    taken = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                        data=_form(action="check", file=(io.BytesIO(FILE.replace(b"Gate", b"Park")), "q.geojson")))
    assert taken.status_code == 409 and SAID[lang]["taken"] in _alert(taken), _alert(taken)
    again = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                        data=_form(action="check", file=(io.BytesIO(FILE), "p.geojson")))
    assert again.status_code == 409 and SAID[lang]["again"] in _alert(again), _alert(again)
    gone = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                       data=_form(new_id="other", action="import", staged="0" * 64, filename="p.geojson"))
    assert gone.status_code == 404 and SAID[lang]["gone"] in _alert(gone), _alert(gone)


def test_the_loser_of_a_race_for_a_new_layer_id_is_told_the_way_out(app):
    """The store's own check (the race's loser passes the import's) says what the import's says."""
    from bordermap.errors import Conflict
    from bordermap.ingest import make_layer, plan_import, run_import

    store = app.extensions["bordermap.store"]
    first = plan_import(FILE, new_layer=make_layer("parks", title="Parks"), store=store)
    second = plan_import(FILE.replace(b"Gate", b"Other gate"), new_layer=make_layer("parks", title="Parks"), store=store)
    run_import(store, first, author="A")
    with pytest.raises(Conflict) as lost:
        run_import(store, second, author="B")
    assert lost.value.message.endswith("choose it as the target or give the new layer another id")


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_the_same_file_into_its_layer_again_is_said_and_imported_only_when_asked(client, app, lang):
    """Review rv19, M1: checked again, the file's note was English naming an API parameter
    (allow_duplicate), the form had no way to ask for it, and Import then failed in English with
    a raw timestamp."""
    store = app.extensions["bordermap.store"]
    client.post("/unlock", data={"token": TOKEN})
    assert client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                       data=_form(action="import", file=(io.BytesIO(FILE), "p.geojson"))).status_code == 201
    same = {"target": "existing", "layer": "parks"}
    check = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                        data={**same, "action": "check", "file": (io.BytesIO(FILE), "p.geojson")})
    page = BeautifulSoup(check.get_data(as_text=True), "html.parser")
    assert check.status_code == 200 and page.select_one("input#again[form=upload-form]") is not None
    notes = " ".join(li.get_text(" ", strip=True) for li in page.select(".bm-warnings li"))
    assert SAID[lang]["again"] in notes and "allow_duplicate" not in check.get_data(as_text=True), notes
    assert not notes.startswith("file"), notes  # a note on the whole file is its sentence alone
    staged = {**same, "staged": page.select_one("input[name=staged]")["value"], "filename": "p.geojson"}
    revisions = len(store.history())
    refused = client.post(f"/upload?lang={lang}", data={**staged, "action": "import"})
    assert refused.status_code == 409 and SAID[lang]["again"] in _alert(refused), _alert(refused)
    assert "allow_duplicate" not in refused.get_data(as_text=True) and not re.search(r"\dT\d", _alert(refused).split("(")[0])
    assert len(store.history()) == revisions
    assert BeautifulSoup(refused.get_data(as_text=True), "html.parser").select_one("input#again") is not None
    taken = client.post(f"/upload?lang={lang}", data={**staged, "action": "import", "again": "y"})
    assert taken.status_code == 201 and len(store.layer_page("parks")) == 2


@pytest.mark.parametrize("lang, none, no_kind", [("en", "none given", "no kind given"),
                                                 ("km", "មិនបានផ្ដល់", "គ្មានប្រភេទដែលបានផ្ដល់"),
                                                 ("vi", "chưa nêu", "chưa nêu loại")])
def test_a_layer_uploaded_without_a_kind_is_not_shown_as_of_kind_user(client, lang, none, no_kind):
    """Review rv19 (left then, done in rv20's session): the upload page's layers table and dry run said
    "user", the placeholder a layer given no kind holds, as if it were a kind."""
    client.post("/unlock", data={"token": TOKEN})
    checked = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                          data=_form(kind="", action="check", file=(io.BytesIO(FILE), "p.geojson")))
    facts = BeautifulSoup(checked.get_data(as_text=True), "html.parser").select_one(".bm-facts").get_text(" ")
    assert checked.status_code == 200 and no_kind in facts and "user" not in facts
    assert client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                       data=_form(kind="", action="import", file=(io.BytesIO(FILE), "p.geojson"))).status_code == 201
    assert client.post(f"/upload?lang={lang}", content_type="multipart/form-data", data=_form(
        new_id="gates", kind="gate", action="import", file=(io.BytesIO(FILE.replace(b"Gate", b"Gate 2")), "g.geojson"),
    )).status_code == 201
    rows = {row.select("td")[1].get_text(strip=True): row.select("td")[2].get_text(strip=True)
            for row in BeautifulSoup(client.get(f"/upload?lang={lang}").get_data(as_text=True),
                                     "html.parser").select(".bm-table tbody tr")}
    assert rows == {"parks": none, "gates": "gate"}
    assert client.application.extensions["bordermap.store"].layer("parks").kind == "user"  # stored as before


@pytest.mark.parametrize("lang, said", [("km", "ស្រទាប់ parks លែងមានទៀតហើយ"), ("vi", "Lớp parks không còn nữa"),
                                        ("en", "The layer parks is no longer there")])
def test_a_layer_deleted_between_the_check_and_the_import_is_said_in_the_page_language(client, app, lang, said):
    """Review rv21e, F3: another editor deleted the layer meanwhile; the refusal was English, its
    advice the API's ("give a title for the new layer")."""
    store = app.extensions["bordermap.store"]
    client.post("/unlock", data={"token": TOKEN})
    assert client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                       data=_form(action="import", file=(io.BytesIO(FILE), "p.geojson"))).status_code == 201
    other = FILE.replace(b"Gate", b"Pier")
    checked = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                          data={"target": "existing", "layer": "parks", "action": "check",
                                "file": (io.BytesIO(other), "q.geojson")})
    staged = checked.get_data(as_text=True).split('name="staged" value="')[1].split('"')[0]
    store.delete_layer("parks", author="another editor")
    refused = client.post(f"/upload?lang={lang}", data={"target": "existing", "layer": "parks", "action": "import",
                                                        "staged": staged, "filename": "q.geojson"})
    assert refused.status_code == 404 and said in _alert(refused) and "title" not in _alert(refused), _alert(refused)


@pytest.mark.parametrize("lang, when", [("km", "៤ ធ្នូ ២០២៦ ២២:៥៣"), ("vi", "4 tháng 12 năm 2026 22:53")])
def test_another_editors_import_is_dated_in_the_page_language(lang, when):
    """Review rv21e, F6: the time of the import that got there first was a raw ISO timestamp."""
    from bordermap.i18n import messages
    from bordermap_app.problem_words import localized

    said = localized("since you checked it, this file was imported into 'depots' as revision 34 "
                     "(2026-12-04T22:53:40+00:00, by Sokha); it was not imported again", messages(lang))
    assert when in said and "2026-12-04T" not in said, said


# The unlock form of the ledger, the history and the revisions pages, and the upload page's link
# with the token in it (review 31a, #1: a wrong token was refused in English on a Khmer or a
# Vietnamese page, and in English in lower case, where every other refusal is a sentence).
UNLOCK_REFUSED = {"en": ("The editor token is not valid", "The editor token is not valid; wait 1 second"),
                  "km": ("សញ្ញាសម្ងាត់អ្នកកែសម្រួលមិនត្រឹមត្រូវទេ", "សញ្ញាសម្ងាត់អ្នកកែសម្រួលមិនត្រឹមត្រូវទេ៖ សូមរង់ចាំ ១ វិនាទី"),
                  "vi": ("Mã biên tập không hợp lệ", "Mã biên tập không hợp lệ; hãy chờ 1 giây")}


@pytest.mark.parametrize("lang", sorted(UNLOCK_REFUSED))
def test_a_wrong_token_on_an_editors_page_is_refused_in_its_language(client, lang):
    first, waiting = UNLOCK_REFUSED[lang]
    said = []
    for _ in range(6):  # five free guesses, then the wait is said too
        answer = client.post("/unlock", data={"token": "not-the-editor-token", "next": f"/history?lang={lang}"},
                             follow_redirects=True)
        said.append(_notice(answer))
    assert said[0] == first, said[0]
    assert said[-1].startswith(waiting), said[-1]


def _notice(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(".bm-notice-error").get_text(
        " ", strip=True)


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_a_wrong_token_in_the_upload_pages_link_is_refused_in_its_language(client, lang):
    answer = client.get(f"/upload?lang={lang}&token=not-the-editor-token", follow_redirects=True)
    assert _notice(answer) == UNLOCK_REFUSED[lang][0]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_kind_fields_example_is_a_kind_the_upload_takes(client, lang):
    """Review 31b, #1: the Khmer and Vietnamese pages offered "តំបន់សេដ្ឋកិច្ច", "khu kinh tế" as
    the example of a kind, which the check then refused: a kind is a key, the same in every language."""
    client.post("/unlock", data={"token": TOKEN})
    page = BeautifulSoup(client.get(f"/upload?lang={lang}").get_data(as_text=True), "html.parser")
    example = page.select_one("#kind")["placeholder"]
    checked = client.post(f"/upload?lang={lang}", content_type="multipart/form-data",
                          data=_form(action="check", kind=example, file=(io.BytesIO(FILE), "p.geojson")))
    assert checked.status_code == 200, _alert(checked)
