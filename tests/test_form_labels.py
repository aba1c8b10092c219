"""Every form's fields have labels of their own in every language: two fields that read alike
(Publisher and Place both as "Nơi phát hành") leave an editor guessing which is which."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("page", ["/ledger", "/history", "/upload"])
def test_no_two_fields_of_a_form_read_alike(client, page, lang):
    client.post("/unlock", data={"token": "test-editor-token"})
    html = client.get(f"{page}?lang={lang}").get_data(as_text=True)
    for form in re.findall(r"<form\b.*?</form>", html, re.S):
        labels = [re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<label\b[^>]*>(.*?)</label>", form, re.S)]
        # A label's own words, without what it says about being optional.
        words = [re.sub(r"\s*\(.*?\)\s*$", "", " ".join(label.split())).strip() for label in labels]
        words = [w for w in words if w]
        repeated = {w for w in words if words.count(w) > 1}
        assert not repeated, (page, lang, repeated)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_editors_page_opened_locked_offers_the_unlock_and_comes_back(client, lang):
    """An editor who follows a link to a ledger page before entering the token gets the form that
    unlocks editing, not a dead end; unlocking brings them back to that page."""
    url = f"/ledger/commitments/new?document=kh-mfa-pr71-2025&paragraph=3&lang={lang}"  # a document's page is public
    locked = client.get(url)
    assert locked.status_code == 401
    html = locked.get_data(as_text=True)
    assert 'name="token"' in html and f'name="next" value="{url}"' in html.replace("&amp;", "&")
    assert "enter the editor token first" not in html or lang == "en" and "The details" not in html
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    back = client.post("/unlock", data={"token": "test-editor-token", "next": url, "csrf_token": csrf})
    assert back.status_code == 302 and back.headers["Location"].endswith(url)
    # Only the editors' own pages: another site, or a scheme-relative address, goes to the upload page.
    for elsewhere in ("https://example.org/", "//example.org/ledger", "/ledger/../../x"):
        away = client.post("/unlock", data={"token": "test-editor-token", "next": elsewhere, "csrf_token": csrf})
        assert away.headers["Location"].partition("?")[0].endswith("/upload"), elsewhere


def test_the_revert_confirmation_speaks_the_page_language(client):
    """The confirmation gave the revision's summary in English ("retracted status event ...")."""
    auth = {"Authorization": "Bearer test-editor-token"}
    event = {"entity": "commitment", "entity_id": "c-pr71-13", "date": "2026-11-20", "status": "done",
             "confidence": "high", "note": "Opened.", "source_title": "A paper's report",
             "source_publisher": "A paper", "source_date": "2026-11-21"}
    added = client.post("/api/history/events", json=event, headers=auth).get_json()["revision"]["id"]
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/revisions/{added}/revert?lang=vi", data={}).get_data(as_text=True)
    assert "Hoàn tác lần sửa đổi" in page and "status event for" not in page, page


@pytest.mark.parametrize("lang, refused", [("en", "The editor token is not valid"), ("vi", "Mã biên tập không hợp lệ")])
def test_a_wrong_token_on_a_locked_page_is_said_there_and_not_after(client, lang, refused):
    """Review 33b, #1: a wrong token typed on the 401 page brought the same page back without a
    word; the refusal was kept for the next page, shown after the right token had unlocked it."""
    url = f"/ledger/commitments/new?document=kh-mfa-pr71-2025&paragraph=3&lang={lang}"
    html = client.get(url).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    wrong = client.post("/unlock", data={"token": "wrong-token-wrong-token", "next": url, "csrf_token": csrf},
                        follow_redirects=True)
    assert wrong.status_code == 401
    page = wrong.get_data(as_text=True)
    assert refused in page and 'role="status"' in page, page[:3000]
    right = client.post("/unlock", data={"token": "test-editor-token", "next": url, "csrf_token": csrf},
                        follow_redirects=True)
    assert right.status_code == 200 and refused not in right.get_data(as_text=True)
