"""A feature's popup on a day the reader chose says what was on record that day: no status dated
after it, sources published after it marked where its history cites them, and its "Go to"
keeping the popup open on the day it goes to."""

from __future__ import annotations

import pytest

from conftest import MEUN_CHEY, PHONE, clean, frames_painted, open_map, screenshot, set_date

pytestmark = pytest.mark.browser

POPUP = '.leaflet-popup-content .bm-popup[data-feature="{id}"]'
STATUS_LABEL = {"en": "Status:", "km": "ស្ថានភាព៖", "vi": "Tình trạng:"}


def status_line(tab, feature_id: str, lang: str) -> str:
    """The popup's "Status:" line, its value only."""
    popup = tab.wait_for_selector(POPUP.format(id=feature_id))
    for row in popup.query_selector_all(":scope > .bm-row"):
        if row.query_selector(".bm-label").inner_text() == STATUS_LABEL[lang]:
            return row.query_selector(".bm-value").inner_text()
    raise AssertionError(f"no status line in {popup.inner_text()!r}")


@pytest.mark.parametrize("lang, feature_id, said", [
    ("en", "xw-connecting-point", "not yet on record on 2021-06-15"),
    ("km", "xw-hcmc-moc-bai", "មិនទាន់មានកំណត់ត្រានៅ ១៥ មិថុនា ២០២១"),
    ("vi", "xw-hcmc-moc-bai", "chưa có ghi nhận vào 15 tháng 6 năm 2021"),
])
def test_a_place_not_yet_on_record_has_no_status_of_a_later_day(live_server, new_tab, lang, feature_id, said):
    """Review 10, S3: on 15 June 2021 the connecting point's popup said "Status: Under discussion
    (2026-01-07)" above "Not yet on record on this date", while the map drew it as a ghost."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}#feature={feature_id}&at=2021-06-15")
    assert status_line(tab, feature_id, lang) == said
    # The tooltip says the same of the ghost, not today's status.
    tooltip = tab.evaluate("""(id) => { const layer = BorderMap.features[id].layer;
        BorderMap.ensureTooltip(layer);
        layer.openTooltip(layer.getLatLng ? undefined : layer.getBounds().getCenter());
        return layer.getTooltip().getElement().textContent; }""", feature_id)
    assert tooltip.endswith(" — " + said), tooltip
    screenshot(tab, f"popup-not-yet-on-record-{lang}")
    clean(tab)


def test_the_status_date_never_passes_the_day_shown(live_server, new_tab):
    """Review 10, S3: the expressway's status read "(18 July 2025)" on 15 June 2021, then "(2 August
    2024)" on 1 June 2025: its date went back as the day went forward."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=en#feature=xw-hcmc-moc-bai&at=2021-06-15")
    seen = []
    for day, expected in [("2021-06-15", "not yet on record on 2021-06-15"), ("2024-08-01", "not yet on record on 2024-08-01"),
                          ("2025-06-01", "Planned (since 2024-08-02)"), ("2025-09-01", "Planned (since 2024-08-02)")]:
        set_date(tab, day)
        tab.evaluate("(id) => BorderMap.openFeature(id)", "xw-hcmc-moc-bai")
        seen.append(status_line(tab, "xw-hcmc-moc-bai", "en"))
        assert seen[-1] == expected, (day, seen)
    clean(tab)


@pytest.mark.parametrize("lang, feature_id, go, commitments, device", [
    ("en", MEUN_CHEY, "Go to 2025-12-09", ["c-pr71-27", "c-pr71-28"], None),
    ("vi", "xw-connecting-point", "Chuyển đến 9 tháng 12 năm 2025", ["c-pr71-16"], None),
    ("km", MEUN_CHEY, "ទៅកាន់ ៩ ធ្នូ ២០២៥", ["c-pr71-27", "c-pr71-28"], PHONE),
])
def test_go_to_keeps_the_popup_open_on_that_day(live_server, new_tab, lang, feature_id, go, commitments, device):
    """Review 10, S4: "Go to 2025-12-09" in a popup changed the day but closed the popup, dropped
    `feature=` from the address, left the focus on the page's body, and the commitments the popup
    promised were shown nowhere."""
    tab = new_tab(device)
    day = "2021-06-15" if feature_id != MEUN_CHEY else "2025-09-15"
    open_map(tab, f"{live_server.url}/?lang={lang}#feature={feature_id}&at={day}")
    button = tab.wait_for_selector(POPUP.format(id=feature_id) + " .bm-later-go")
    assert button.inner_text() == go
    if device:
        button.tap()
    else:
        button.click()
    tab.wait_for_selector('body[data-bm-at="2025-12-09"]')
    # The same popup, on the new day, with the commitments it said came then.
    popup = tab.wait_for_selector(POPUP.format(id=feature_id) + " .bm-commitments li")
    frames_painted(tab)  # a click that reached the map would have closed the popup by now
    assert tab.evaluate("(id) => BorderMap.features[id].layer.isPopupOpen()", feature_id)
    popup = tab.query_selector(POPUP.format(id=feature_id))
    listed = [b.get_attribute("data-commitment") for b in popup.query_selector_all(".bm-commitments button[data-commitment]")]
    assert sorted(listed) == commitments
    assert f"feature={feature_id}" in tab.evaluate("location.hash")
    # The focus is on the commitments it lists, scrolled into the popup's view.
    assert tab.evaluate("document.activeElement.classList.contains('bm-commitments')")
    inside = tab.evaluate("""() => { const box = document.activeElement.getBoundingClientRect();
        const view = document.activeElement.closest('.leaflet-popup-content').getBoundingClientRect();
        return box.top >= view.top - 1 && box.top < view.bottom; }""")
    assert inside
    screenshot(tab, f"popup-go-to-stays-open-{lang}{'-phone' if device else ''}")
    clean(tab)


@pytest.mark.parametrize("lang, feature_id, day, mark", [
    ("en", MEUN_CHEY, "2025-09-15", "(published later)"),
    ("km", "xw-hcmc-moc-bai", "2025-06-01", "(បោះពុម្ពផ្សាយនៅពេលក្រោយ)"),
])
def test_the_history_marks_the_sources_published_after_the_day(live_server, new_tab, client, lang, feature_id, day, mark):
    """Review 10, N2: on 15 September 2025 the "2024-10-25 · Open" line cited a report of 8 December
    2025 with no mark, while the popup's list of sources marked the same report "(published later)"."""
    events = [e for e in client.get(f"/api/features/{feature_id}/history").get_json()["history"]
              if e["kind"] == "event" and e["date"] <= day]
    later = [e["source"].get("date", "") > day[:len(e["source"].get("date", ""))] for e in events]
    assert any(later)  # the curated record this test reads (Meun Chey: some of each)
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}#feature={feature_id}&at={day}")
    popup = tab.wait_for_selector(POPUP.format(id=feature_id))
    earlier = popup.query_selector(".bm-history-earlier")
    if earlier:
        earlier.click()
    items = popup.query_selector_all(".bm-history-list > li")
    assert len(items) == len(events)
    for item, is_later in zip(items, later, strict=True):
        # Said after the source, as the list of sources says it, and only of a later one.
        marks = item.query_selector_all(".bm-history-source ~ .bm-later-mark, a ~ .bm-later-mark")
        assert [m.inner_text() for m in marks] == ([mark] if is_later else []), item.inner_text()
    screenshot(tab, f"popup-history-published-later-{lang}")
    clean(tab)
