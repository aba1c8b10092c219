"""A shared link dated after the last day on record (review rv21a, M2): the map shows that day
and says so, rather than counting targets as missed that no record can know about."""

from __future__ import annotations

import datetime

import pytest

from conftest import open_map

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, said", [("en", "The link's date"), ("vi", "Ngày trong liên kết"),
                                        ("km", "កាលបរិច្ឆេទក្នុងតំណ")])
def test_a_link_dated_after_today_shows_today_and_says_so(live_server, new_tab, lang, said):
    tab = new_tab()
    open_map(tab, live_server.url + f"/?lang={lang}#at=2030-01-01")
    tab.wait_for_selector('body[data-bm-ready="true"]')
    assert tab.get_attribute("body", "data-bm-at") == ""
    assert tab.evaluate("BorderMap.asOf") is None
    note = tab.wait_for_selector(".bm-time-note:not([hidden])")
    assert said in note.inner_text()
    assert "at=" not in tab.url  # the address no longer names the day
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert tab.input_value("#bm-time-date") == today
    # Choosing a day on record takes the note away.
    tab.evaluate("BorderMap.setAsOf('2025-12-07')")
    assert tab.is_hidden(".bm-time-note")


def test_a_link_dated_today_is_todays_status(live_server, new_tab):
    tab = new_tab()
    open_map(tab, live_server.url + f"/#at={datetime.datetime.now(datetime.timezone.utc).date().isoformat()}")
    tab.wait_for_selector('body[data-bm-ready="true"]')
    assert tab.evaluate("BorderMap.asOf") is None and tab.is_hidden(".bm-time-note")
