"""A revert that a later revision stands in the way of (review, M2): the confirmation says so
before the editor confirms, names the later revision with a link to it and offers no Revert
button; a refused revert says the same on the editors' page, in the page language, as a 409;
the API keeps its English message and names the later revisions."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from test_history_form import GOOD

TOKEN = "test-editor-token"
# "Revision 2 changed status event ev-1 after revision 1; revert revision 2 first." in each language.
SAID = {
    "en": "Revision 2 changed status event ev-1 after revision 1; revert revision 2 first.",
    "km": "ការកែប្រែ ២ បានផ្លាស់ប្ដូរ ព្រឹត្តិការណ៍ស្ថានភាព ev-1 ក្រោយការកែប្រែ ១។ សូមត្រឡប់ការកែប្រែ ២ វិញជាមុនសិន។",
    "vi": "Lần sửa đổi 2 đã thay đổi sự kiện tình trạng ev-1 sau lần sửa đổi 1; hãy hoàn tác lần sửa đổi 2 trước.",
}


@pytest.fixture
def retracted(client):
    """Revision 1 adds status event ev-1, revision 2 retracts it."""
    client.post("/unlock", data={"token": TOKEN})
    assert client.post("/history", data=GOOD).status_code == 302
    assert client.post("/history/events/ev-1/retract", data={"confirmed": "yes"}).status_code == 302
    return client


def said(html: str, selector: str) -> str:
    """The text of `selector` as read (links and codes inside a sentence are part of it)."""
    return " ".join(BeautifulSoup(html, "html.parser").select_one(selector).get_text().split())


def _links(html: str, selector: str) -> list[str]:
    return [a["href"] for a in BeautifulSoup(html, "html.parser").select(f"{selector} a")]


@pytest.mark.parametrize("lang", sorted(SAID))
def test_the_confirmation_says_which_later_revision_is_in_the_way_before_it_is_confirmed(retracted, lang):
    page = retracted.get(f"/revisions/1/revert?lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert said(html, "#revert-blocked-later p:last-of-type") == SAID[lang]
    assert any(href.startswith("/revisions/2") for href in _links(html, "#revert-blocked-later"))
    assert 'id="confirm-revert"' not in html  # nothing to press that would be refused
    assert 'id="revert-what"' not in html, "review 9, N2: it first said the revert would undo the change"
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("nav.bm-nav a[aria-current=page]")["href"].startswith("/revisions")
    assert soup.select_one("#back-to-revisions")["href"].startswith("/revisions")


@pytest.mark.parametrize("lang", sorted(SAID))
def test_a_refused_revert_is_said_on_the_editors_page_and_changes_nothing(retracted, lang):
    before = retracted.get("/api/revisions").get_json()
    refused = retracted.post(f"/revisions/1/revert?lang={lang}", data={"confirmed": "yes"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert said(html, "#revert-blocked-later p:last-of-type") == SAID[lang]
    assert "Traceback" not in html and "cannot revert revision" not in html
    assert len(BeautifulSoup(html, "html.parser").select("#revert-blocked-later p")) == 2  # "nothing was changed"
    assert BeautifulSoup(html, "html.parser").select_one("nav.bm-nav") is not None
    assert any(href.startswith("/revisions/2") for href in _links(html, "#revert-blocked-later"))
    assert retracted.get("/api/revisions").get_json() == before


def test_the_api_names_the_later_revision_in_english(retracted):
    answer = retracted.post("/api/revisions/1/revert", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 409
    body = answer.get_json()
    assert body["later_revisions"] == [2]
    assert body["message"] == ("cannot revert revision 1: event 'ev-1' was changed by a later revision, "
                               "revision 2; revert revision 2 first")


def test_a_revision_free_to_revert_is_offered_and_one_already_reverted_is_not(retracted):
    html = retracted.get("/revisions/2/revert").get_data(as_text=True)
    assert 'id="confirm-revert"' in html and 'id="revert-blocked-later"' not in html
    assert said(html, "#revert-what") == "Reverting undoes its 1 change as a new revision; that one can be reverted in turn."
    assert retracted.post("/revisions/2/revert", data={"confirmed": "yes"}).status_code == 302
    html = retracted.get("/revisions/2/revert").get_data(as_text=True)
    assert 'id="confirm-revert"' not in html and 'id="revert-what"' not in html
    assert said(html, "#revert-done-already") == "Revision 2 was already reverted by revision 3."
    assert 'id="confirm-revert"' in retracted.get("/revisions/1/revert").get_data(as_text=True)


@pytest.mark.parametrize("lang, already", [
    ("vi", "Lần sửa đổi 2 đã được hoàn tác bởi"), ("km", None), ("en", "Revision 2 was already reverted by revision 3.")])
def test_an_editor_who_loses_a_race_to_revert_is_told_it_is_done_not_to_revert_the_revert(retracted, lang, already):
    """Review 20, F11: two editors confirmed "Revert" for one revision at once; the second page
    said "revision 2 was already reverted by revision 3" in English and advised reverting
    revision 3 first, which would undo the very revert that editor wanted."""
    page = retracted.get(f"/revisions/2/revert?lang={lang}").get_data(as_text=True)  # both see the page
    assert 'id="confirm-revert"' in page
    api = retracted.post("/api/revisions/2/revert", headers={"Authorization": f"Bearer {TOKEN}"})
    assert api.status_code == 201, api.get_data(as_text=True)  # the other editor's revert
    late = retracted.post(f"/revisions/2/revert?lang={lang}", data={"confirmed": "yes"})
    html = late.get_data(as_text=True)
    assert late.status_code == 409
    assert 'id="revert-blocked-later"' not in html and "first" not in said(html, "main")
    assert "was already reverted by revision" not in html or lang == "en"
    notice = said(html, "#revert-done-already")
    if already:
        assert notice.startswith(already) or notice == already, notice
    assert [link.split("?")[0] for link in _links(html, "#revert-done-already")] == ["/revisions/3"]
