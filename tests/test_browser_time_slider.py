"""The time control (issue 11), on the live page and on the export opened offline: the map, the
popups and the commitments as of a date, kept in the shared address; the scorecard's figures
are the list's counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bordermap.mapview.export import ExportOptions, build_export, write_export
from conftest import PHONE, TILE_HOST, click_feature, map_at_rest, open_map, screenshot, set_date, submit_history_event

pytestmark = pytest.mark.browser

NOTES_SHOTS = Path("/work/notes/shots/time")


def _keep(tab, name: str) -> None:
    path = screenshot(tab, f"time-{name}")
    if NOTES_SHOTS.parent.is_dir():
        NOTES_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, NOTES_SHOTS / path.name)


def _popup_of(tab, feature_id: str) -> str:
    tab.evaluate("() => { BorderMap.map.closePopup(); }")
    tab.evaluate("(id) => BorderMap.openFeature(id)", feature_id)
    return tab.wait_for_selector(f'.leaflet-popup-content .bm-popup[data-feature="{feature_id}"]').inner_text()


def _status_line(popup_text: str) -> str:
    return next(line for line in popup_text.splitlines() if line.startswith("Status:"))


def _count_line(tab) -> str:
    return tab.text_content(".bm-count-line")


def _check_the_dates(tab) -> None:
    """What a reader sees at the three dates the issue names (the page is at 2025-12-07)."""
    popup = _popup_of(tab, "cp-meun-chey-tan-nam")
    assert "Open" in _status_line(popup) and "Inaugurated" not in _status_line(popup)
    assert "2021-05-31 · Open" in popup  # the dated history, with its source
    assert "Vietnam, Cambodia open new border gate pair" in popup
    # On the 7th no source after the planned days had said whether it took place (review 19, M2).
    assert ("Target: Inaugurated between 2025-10-20 and 2025-10-30 · not reached yet · 38 days past it; "
            "no source since 2025-08-29 says whether it was reached") in popup
    assert _count_line(tab).startswith("16 of 16")  # the Joint Commission spoke on the 8th and 9th
    set_date(tab, "2025-12-09")
    popup = _popup_of(tab, "cp-meun-chey-tan-nam")
    assert _status_line(popup).startswith("Status: Inaugurated (since 2025-12-08)")
    assert "actual: 2025-12-08 · 39 days late" in popup
    assert _count_line(tab).startswith("48 of 48")
    set_date(tab, "2024-01-01")
    assert tab.evaluate("BorderMap.ghosts['xw-hcmc-moc-bai']") is True
    popup = _popup_of(tab, "xw-hcmc-moc-bai")
    assert "Under construction" not in popup and "Not yet on record on this date." in popup
    assert _status_line(_popup_of(tab, "xw-phnom-penh-bavet")).startswith("Status: Under construction (since 2023-06-07)")
    assert "Faint, dashed: not yet on record on 2024-01-01" in tab.text_content(".bm-legend")
    assert _count_line(tab).startswith("0 of 0")
    assert "at=2024-01-01" in tab.evaluate("location.hash")


def test_live_page_as_of_a_date_and_the_shared_address_restores_it(live_server, new_tab):
    tab = new_tab()
    open_map(tab, live_server.url + "/#at=2025-12-07")
    tab.wait_for_selector('body[data-bm-at="2025-12-07"]')
    assert tab.input_value("#bm-time-date") == "2025-12-07"
    _check_the_dates(tab)
    shared = tab.url
    other = new_tab()
    open_map(other, shared)
    other.wait_for_selector('body[data-bm-at="2024-01-01"]')
    assert other.input_value("#bm-time-date") == "2024-01-01"
    assert other.evaluate("BorderMap.ghosts['xw-hcmc-moc-bai']") is True
    assert _count_line(other).startswith("0 of 0")
    other.click(".bm-time-today")
    other.wait_for_selector('body[data-bm-at=""]')
    assert "at=" not in other.evaluate("location.hash")
    assert _status_line(_popup_of(other, "cp-meun-chey-tan-nam")).startswith("Status: Inaugurated")
    assert tab.console_errors == [] and other.console_errors == []


def test_the_export_opened_offline_keeps_the_history(app, tmp_path, offline_tab):
    out = tmp_path / "bordermap.html"
    write_export(build_export(app.extensions["bordermap.store"], ExportOptions()), out)
    tab = offline_tab
    open_map(tab, out.as_uri() + "#at=2025-12-07")
    tab.wait_for_selector('body[data-bm-at="2025-12-07"]')
    _check_the_dates(tab)
    _keep(tab, "export-offline-2024-01-01")
    assert tab.console_errors == []
    assert all(TILE_HOST in url for url in tab.outside_requests), tab.outside_requests


def test_play_runs_the_dates_forward_and_pauses(live_server, new_tab):
    tab = new_tab()
    open_map(tab, live_server.url + "/#at=2025-11-01")
    tab.click(".bm-time-play")
    tab.wait_for_function("() => document.body.getAttribute('data-bm-at') > '2025-11-01'"
                          " || document.body.getAttribute('data-bm-at') < '2025-11-01'")
    tab.click(".bm-time-play")  # pause
    assert tab.inner_text(".bm-time-play") == "Play" and tab.get_attribute(".bm-time-play", "aria-pressed") is None
    paused = tab.get_attribute("body", "data-bm-at")
    assert tab.evaluate("location.hash").count("at=" + paused) == 1


# A day of the record and today (a day after today is not shown: test_browser_rv21a_time).
@pytest.mark.parametrize("at", ["2025-12-09", ""])
def test_every_scorecard_figure_is_the_count_of_the_list_it_opens(live_server, new_tab, at):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/" + (f"#at={at}" if at else ""))
    tab.wait_for_selector(f'body[data-bm-at="{at}"]')
    tab.click(".bm-scorecard summary")
    # Each figure clicked in turn (a DOM click, as a reader's), with the count line it leads to.
    pairs = tab.evaluate("""() => Array.from(document.querySelectorAll('.bm-score-link')).map((_, i) => {
        const link = document.querySelectorAll('.bm-score-link')[i];
        link.click();
        return [link.dataset.field + '/' + link.dataset.key + '/' + link.dataset.score, link.textContent,
                document.querySelector('.bm-count-line').textContent.split(' ')[0]];
    })""")
    assert len(pairs) >= 7 * 8
    assert [p for p in pairs if p[1] != p[2]] == []
    assert sum(int(p[1]) for p in pairs if p[0].startswith("document/") and p[0].endswith("/total")) \
        == 48
    if not at:  # today, some targets are past: a figure of them opens them, as overdue
        link = tab.locator('.bm-score-link[data-field="sector"][data-score="overdue"]').first
        shown = link.text_content()
        link.click()
        assert tab.input_value("#bm-filter-score") == "overdue"
        assert tab.text_content(".bm-count-line").split(" ")[0] == shown


def test_a_scorecard_wider_than_the_panel_is_reached_and_scrolled_from_the_keyboard(live_server, new_tab):
    """In English the tables are wider than the desktop panel (review 14, F12): each is a region
    the keyboard reaches, named by its caption, and the arrow keys bring its last columns in."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/")
    tab.click(".bm-scorecard summary")
    wrap = tab.locator(".bm-score-wrap").first
    assert (wrap.get_attribute("role"), wrap.get_attribute("tabindex"), wrap.get_attribute("aria-label")) == \
        ("region", "0", "By sector")
    # The tables fit the panel since review rv21a (L3); at 200 % zoom they are wider again.
    tab.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    wide = tab.evaluate("() => { const w = document.querySelector('.bm-score-wrap'); return [w.scrollWidth, w.clientWidth]; }")
    assert wide[0] > wide[1], wide  # the case this is for: columns out of sight at first
    wrap.focus()
    for _ in range(12):
        tab.keyboard.press("ArrowRight")
    # Scrolling by key is animated: wait until the last column is in view.
    tab.wait_for_function("""() => { const w = document.querySelector('.bm-score-wrap');
        const th = [...w.querySelectorAll('thead th')].pop();
        return th.textContent === 'Total' && w.scrollLeft > 0
          && th.getBoundingClientRect().right <= w.getBoundingClientRect().right + 1; }""", timeout=5000)


@pytest.mark.parametrize("lang", ["en", "km"])
def test_a_scorecard_figure_pressed_from_the_keyboard_leaves_the_focus_on_what_it_found(live_server, new_tab, lang):
    """Review rv19, M6: Enter on a figure filtered the list, but the scorecard was built again
    for the new state and the focus fell to the page's body: a screen reader said nothing, and
    the reader's place in the panel was lost. It goes to the line that says what the list holds."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}")
    tab.click(".bm-scorecard summary")
    link = tab.locator('.bm-score-link[data-field="sector"][data-key="political"][data-score="total"]')
    link.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => BorderMap.state.read().sector === 'political'")
    focused = tab.evaluate("() => [document.activeElement.className, document.activeElement.textContent]")
    assert focused[0] == "bm-count-line", focused
    assert focused[1].split(" ")[0] == link.text_content() or lang == "km", focused
    tab.keyboard.press("Tab")  # on into what was found
    assert tab.evaluate("() => !!document.activeElement.closest('#bm-panel')")


@pytest.mark.parametrize("how", ["keyboard", "mouse"])
def test_today_pressed_leaves_the_focus_in_the_time_control(live_server, new_tab, how):
    """Review rv25b, #5: "Today" turns itself off once pressed, and the focus fell to the page's
    body; the next Tab went to the legend's toggle. It goes to the slider, which says the day."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=en")
    set_date(tab, "2024-06-01")
    if how == "keyboard":
        tab.focus(".bm-time-today")
        tab.keyboard.press("Enter")
    else:
        tab.click(".bm-time-today")
    tab.wait_for_selector('body[data-bm-at=""]')
    assert tab.is_disabled(".bm-time-today")
    assert tab.evaluate("() => document.activeElement.id") == "bm-time-slider"
    tab.keyboard.press("Tab")  # on to the date field, still in the control
    assert tab.evaluate("() => document.activeElement.id") == "bm-time-date"


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_in_each_language(live_server, new_tab, lang, device):
    tab = new_tab(PHONE if device == "phone" else None)
    open_map(tab, f"{live_server.url}/?lang={lang}#at=2025-12-09&commitment=c-pr71-27")
    tab.wait_for_selector('body[data-bm-at="2025-12-09"]')
    detail = tab.wait_for_selector(".bm-detail:not([hidden]) .bm-history")
    assert detail.query_selector("li") is not None
    _keep(tab, f"detail-{device}-{lang}")
    tab.evaluate("() => { BorderMap.map.setView([11.6, 105.9], 9, {animate: false}); }")
    map_at_rest(tab)
    click_feature(tab, "cp-meun-chey-tan-nam")
    tab.wait_for_selector(".leaflet-popup-content .bm-history")
    _keep(tab, f"popup-{device}-{lang}")
    tab.evaluate("() => { BorderMap.map.closePopup(); }")
    tab.click(".bm-back")
    tab.click(".bm-scorecard summary")
    tab.wait_for_selector(".bm-score-table")
    tab.evaluate("() => document.querySelector('.bm-scorecard').scrollIntoView()")
    _keep(tab, f"scorecard-{device}-{lang}")
    assert tab.console_errors == []


@pytest.mark.parametrize("lang, device", [("en", "desktop"), ("km", "phone")])
def test_the_editors_history_page_adds_an_event_that_the_map_shows(live_server, new_tab, lang, device):
    tab = new_tab(PHONE if device == "phone" else None)
    submit_history_event(tab, live_server.url, lang, "2026-01-15", "2026-01-99", status="under-construction")
    # What is wrong and where, in the page's language: the field as the form names it.
    said = tab.text_content(".bm-result-error[role=alert]")
    field = {"en": "Source publication date: ", "km": "ថ្ងៃបោះពុម្ពប្រភព៖ ", "vi": "Ngày đăng nguồn: "}[lang]
    assert field in said and "2026-01-99" in said and "event.source.date" not in said, said
    assert ("no such date" in said) == (lang == "en"), said  # as the other forms say it (review 31a, #9)
    _keep(tab, f"history-form-error-{device}-{lang}")
    tab.fill("#source_date", "2026-01-16")
    tab.click("#event-form button[type=submit]")
    tab.wait_for_selector(".bm-events li")
    _keep(tab, f"history-form-added-{device}-{lang}")
    open_map(tab, f"{live_server.url}/?lang={lang}#at=2026-02-01")
    tab.wait_for_selector('body[data-bm-at="2026-02-01"]')
    assert tab.evaluate("BorderMap.features['xw-hcmc-moc-bai'].feature.properties.status") == "under-construction"
    # Its popup marks the editor's event, and only it (review 8, S5).
    tab.evaluate("BorderMap.openFeature('xw-hcmc-moc-bai')")
    popup = tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="xw-hcmc-moc-bai"]')
    marked = popup.query_selector_all(".bm-history-list > li .bm-editor-mark")
    assert len(marked) == 1
    assert popup.query_selector('.bm-history-list > li:not([data-origin="curated"]) .bm-editor-mark') is not None
    # the refused event's page came with its 422, as it should
    assert [e for e in tab.console_errors if "status of 422" not in e] == []


def test_the_highlighted_gates_label_is_quiet_before_it_is_on_record(live_server, new_tab):
    """Review 26, #4: before its first event the gate is drawn faint ("not yet on record"), but
    its label kept the headline's bold and box, so Play began by emphasising a gate years before
    it existed. Quiet then, and between (another state); emphasised from its inauguration."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/")
    label = "() => BorderMap.features['cp-meun-chey-tan-nam'].layer.getTooltip().getElement().classList.contains('bm-label-then')"
    assert tab.evaluate(label) is False  # today: inaugurated, as the highlight says
    for day, quiet in (("2010-01-01", True), ("2020-01-01", True), ("2025-12-09", False)):
        set_date(tab, day)
        assert tab.evaluate("BorderMap.ghosts['cp-meun-chey-tan-nam'] === true") is (day == "2010-01-01"), day
        assert tab.evaluate(label) is quiet, day
