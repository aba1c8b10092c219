"""The panel's first sentence (how many commitments the map shows, from which documents) follows
the time control's date; on a day before any commitment it says so, not "No commitment matches"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import clean, open_map, screenshot, set_date

pytestmark = pytest.mark.browser

PR71 = "PR 71/2025"  # the Joint Commission's press release of 11 December 2025 (32 commitments)
CHINH_SAR = "Viet Nam News Service"  # the 19 February 2025 meeting's report (15 commitments)


def test_intro_count_and_documents_follow_the_date(page, live_server):
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    intro = tab.locator("#bm-about")
    expect(intro).to_contain_text("where 48 commitments")
    assert PR71 in intro.inner_text() and CHINH_SAR in intro.inner_text()

    set_date(tab, "2025-06-01")  # after the February meeting, before the Joint Commission
    expect(intro).to_contain_text("where 16 commitments")
    assert PR71 not in intro.inner_text() and CHINH_SAR in intro.inner_text()
    expect(tab.locator(".bm-count-line")).to_have_text("16 of 16 commitments")

    set_date(tab, "2024-01-01")
    none_yet = "No commitment this map shows had been stated yet on 2024-01-01."
    expect(intro).to_have_text(none_yet)
    # The list does not say it again: it says when the first commitment came, one click away.
    listed = tab.locator(".bm-list")
    expect(listed).not_to_contain_text(none_yet)
    expect(listed).not_to_contain_text("No commitment matches")
    expect(listed).to_have_text("The first commitment on record was stated on 2025-02-19. Go to 2025-02-19")
    screenshot(tab, "intro-before-any-commitment")
    tab.focus(".bm-first-stated")
    tab.keyboard.press("Enter")  # from the keyboard: the focus goes on to the intro, not the page
    tab.wait_for_selector('body[data-bm-at="2025-02-19"]')
    expect(intro).to_contain_text("where 16 commitments")
    assert tab.evaluate("document.activeElement.id") == "bm-about"
    set_date(tab, "2024-01-01")

    # A shared address at that date, then a later date: the intro follows both ways.
    open_map(tab, tab.url)
    expect(intro).to_have_text(none_yet)
    set_date(tab, "2026-01-01")
    expect(intro).to_contain_text("where 48 commitments")
    expect(tab.locator(".bm-count-line")).to_have_text("48 of 48 commitments")
    clean(tab)


def test_two_documents_of_one_publisher_on_one_day_read_apart_in_the_intro(page, live_server, client):
    """Two unnumbered releases of one publisher on one day read the same ("Tay Ninh People's
    Committee (2026-12-01); Tay Ninh People's Committee (2026-12-01)"): each now names its title."""
    auth = {"Authorization": "Bearer test-editor-token"}
    text = "The committee met on the gate's upkeep.\n\nIt will report on the gate by June."
    for title in ("Gate upkeep meeting", "Roads to the gate"):
        body = {"title": title, "publisher": "Tay Ninh People's Committee", "date": "2026-12-01",
                "language": "en", "kind": "press-release", "text": text}
        added = client.post("/api/documents", json=body, headers=auth)
        assert added.status_code == 201, added.get_json()
        commitment = {"sector": "border-affairs", "summary": f"{title}: a report by June.", "actors": ["Cambodia"],
                      "statement": "agreed", "status": "pledged", "stated": "2026-12-01",
                      "document": added.get_json()["id"], "paragraph": 2, "features": ["cp-meun-chey-tan-nam"]}
        assert client.post("/api/commitments", json=commitment, headers=auth).status_code == 201
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    intro = tab.locator("#bm-about")
    expect(intro).to_contain_text("Tay Ninh People's Committee, Gate upkeep meeting (2026-12-01)")
    expect(intro).to_contain_text("Tay Ninh People's Committee, Roads to the gate (2026-12-01)")
    # A publisher with one document that day is still named short.
    assert "PR 71/2025 MFA.IC (2025-12-11)" in intro.inner_text() or PR71 in intro.inner_text()
    clean(tab)


def test_a_link_to_a_commitment_followed_from_an_earlier_day_opens_it(page, live_server):
    """Review 7, S5: from a page at an earlier day, a pasted link to a commitment brought the map
    back to today but left the commitment closed; a link at a day before the commitment dropped
    it without a word."""
    tab = page
    open_map(tab, f"{live_server.url}/?lang=en#at=2024-06-01")
    tab.evaluate("location.hash = 'commitment=c-pr71-07'")
    tab.wait_for_selector('body[data-bm-at=""]')
    expect(tab.locator("#bm-detail-title")).to_be_visible()
    assert tab.evaluate("BorderMap.panel.selected") == "c-pr71-07"

    tab.goto("about:blank")
    open_map(tab, f"{live_server.url}/?lang=en#commitment=c-pr71-27&at=2024-06-01")
    notice = tab.locator(".bm-missing-commitment")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("c-pr71-27")
    # Moving the day with a commitment open says why it closed, too.
    open_map(tab, f"{live_server.url}/?lang=vi#commitment=c-pr71-27")
    tab.wait_for_selector(".bm-detail:not([hidden])")
    set_date(tab, "2025-06-01")
    expect(tab.locator(".bm-missing-commitment")).to_contain_text("Cam kết c-pr71-27 chưa được đưa ra vào 1 tháng 6 năm 2025.")
    clean(tab)


@pytest.mark.parametrize("leave", ["today", "go"])
def test_a_commitment_stated_later_is_one_click_away_and_opens_on_its_day(page, live_server, leave):
    """Review 8, M1: a link to c-pr71-27 at a day before it was stated said so, but not when it
    was; on Today the notice stayed, naming the old day, and the commitment stayed closed."""
    tab = page
    open_map(tab, f"{live_server.url}/?lang=en#commitment=c-pr71-27&at=2025-06-01")
    notice = tab.locator(".bm-missing-commitment")
    expect(notice).to_contain_text("had not been stated yet on 2025-06-01. It was stated on 2025-12-09.")
    if leave == "today":
        tab.click(".bm-time-today")
        tab.wait_for_selector('body[data-bm-at=""]')
    else:
        notice.get_by_role("button", name="Go to 2025-12-09").click()
        tab.wait_for_selector('body[data-bm-at="2025-12-09"]')
        # Review 10, N7: the button went with the notice, and the focus fell to the page's body;
        # it goes to the commitment opened in their place.
        expect(tab.locator("#bm-detail-title")).to_be_focused()
    expect(tab.locator("#bm-detail-title")).to_be_visible()
    assert tab.evaluate("BorderMap.panel.selected") == "c-pr71-27"
    assert "commitment=c-pr71-27" in tab.evaluate("location.hash")
    expect(notice).to_have_count(0)
    # Its places are the ones highlighted, as for any selection.
    assert "cp-meun-chey-tan-nam" in tab.evaluate("BorderMap.panel.highlighted")
    clean(tab)


def test_a_later_day_still_before_the_commitment_updates_the_notice(page, live_server):
    tab = page
    open_map(tab, f"{live_server.url}/?lang=vi#commitment=c-pr71-27&at=2025-06-01")
    set_date(tab, "2025-09-01")
    notice = tab.locator(".bm-missing-commitment")
    expect(notice).to_contain_text("1 tháng 9 năm 2025")
    expect(notice).not_to_contain_text("1 tháng 6 năm 2025")
    expect(notice).to_contain_text("Cam kết này được đưa ra vào 9 tháng 12 năm 2025.")
    clean(tab)


@pytest.mark.parametrize("lang", ["en", "vi", "km"])
def test_the_not_yet_stated_notice_says_what_the_commitment_is(page, live_server, client, lang):
    """Review 9, N5: someone who followed a link from an article read "Commitment c-pr71-27 had
    not been stated yet" and did not know what c-pr71-27 was until they pressed Go to."""
    item = client.get("/api/commitments/c-pr71-27").get_json()
    own = item["translations"].get(lang, {})
    summary = own["summary"] if lang != "en" else item["summary"]
    written = str(item["paragraph"]).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")) if lang == "km" else str(item["paragraph"])
    open_map(page, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27&at=2025-06-01")
    what = page.locator(".bm-missing-commitment .bm-missing-what")
    expect(what.locator("q")).to_have_text(summary)
    expect(what).to_contain_text({"en": "paragraph ", "vi": "đoạn ", "km": "កថាខណ្ឌ "}[lang] + written)
    # Review 10, N5: our translation is marked while unreviewed, as the list marks it (outside the
    # quotation marks: the mark is ours, not the summary's).
    mark = what.locator(":scope > .bm-unreviewed")
    if lang == "en" or own.get("reviewed"):
        expect(mark).to_have_count(0)
    else:
        expect(mark).to_have_text({"vi": "bản dịch chưa duyệt", "km": "ការបកប្រែមិនទាន់ពិនិត្យ"}[lang])
    screenshot(page, f"not-yet-stated-names-it-{lang}")
    clean(page)


def test_a_document_no_commitment_cites_is_not_said_to_be_summarised(page, live_server, client):
    """Review 10, N4: an editors' document with no commitment yet was listed among the documents
    the map's commitments are "summarised from", and offered as a filter with (0); the Khmer
    sentence ended with a Latin full stop."""
    document = {"title": "Bavet night opening", "publisher": "Ministry of Commerce", "date": "2026-11-20",
                "language": "en", "kind": "press-release", "text": "1. One.\n\n2. Two."}
    assert client.post("/api/documents", json=document,
                       headers={"Authorization": "Bearer test-editor-token"}).status_code == 201
    open_map(page, f"{live_server.url}/?lang=km")
    intro = page.locator("#bm-about")
    expect(intro).to_contain_text("PR 71/2025")
    assert "Ministry of Commerce" not in intro.inner_text() and intro.inner_text().rstrip().endswith("។")
    offered = page.eval_on_selector_all("#bm-filter-doc option", "os => os.map(o => o.value)")
    assert "doc-ed-1" not in offered and "kh-mfa-pr71-2025" in offered
    clean(page)
