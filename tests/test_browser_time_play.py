"""Play runs through the record's own days (review rv25b, #10): it went a month each 0.35 s from
2001, two minutes to reach today, most of them over years where nothing changed. Now it stops on
each day a commitment was stated or a status changed, skips the years between, and reaches today
in well under half a minute; from a day between it goes on from there; the slider says each day."""

from __future__ import annotations

import pytest

from conftest import PHONE, open_map, screenshot

pytestmark = pytest.mark.browser

RUN_LIMIT_S = 30  # the whole run, first day on record to today

# Every day the body's date changes to, with the slider's spoken value at that moment and when.
RECORD = """() => {
    window.__bmDays = [];
    const t0 = performance.now();
    new MutationObserver(() => window.__bmDays.push({
        at: document.body.getAttribute('data-bm-at'),
        said: document.getElementById('bm-time-slider').getAttribute('aria-valuetext'),
        ms: performance.now() - t0,
    })).observe(document.body, { attributes: true, attributeFilter: ['data-bm-at'] });
}"""

# The days the record itself says something changed on, from the page's own data: each event of
# a feature or a commitment, its partial date ("2014", "2007-08") counted from its first day.
RECORD_DAYS = """() => {
    const days = new Set();
    for (const entity of ['feature', 'commitment'])
        for (const items of Object.values(BorderMap.history[entity] || {}))
            for (const i of items) if (i.kind === 'event') {
                const d = String(i.date);
                days.add(d.length === 4 ? d + '-01-01' : d.length === 7 ? d + '-01' : d);
            }
    return [...days].filter((d) => d < BorderMap.today()).sort();
}"""


def _run(tab) -> list[dict]:
    """Press Play and wait, at most RUN_LIMIT_S, until it has reached today and stopped."""
    tab.evaluate(RECORD)
    tab.click(".bm-time-play")
    assert tab.inner_text(".bm-time-play") == "Pause"
    tab.wait_for_function("() => document.body.getAttribute('data-bm-at') === ''"
                          " && document.querySelector('.bm-time-play').textContent === 'Play'",
                          timeout=RUN_LIMIT_S * 1000)
    return tab.evaluate("() => window.__bmDays")


@pytest.mark.parametrize("device", [None, PHONE], ids=["desktop", "phone"])
def test_play_shows_every_day_of_the_record_and_reaches_today_in_half_a_minute(live_server, new_tab, device):
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang=en")
    if tab.is_hidden("#bm-time-body"):  # a phone's control starts folded
        tab.click(".bm-time-shown")
    expected = tab.evaluate(RECORD_DAYS)
    assert len(expected) >= 20, expected  # the curated record: 2001 to 2026
    steps = _run(tab)
    shown = [s["at"] for s in steps]
    assert shown[0] == expected[0], shown  # from today, it starts again at the first day
    assert shown[-1] == "", shown  # and ends at today
    assert [d for d in expected if d not in shown] == [], shown
    assert shown[:-1] == sorted(set(shown[:-1])), shown  # forward, each day once
    # Dead years skipped: no more than a handful of days that are not the record's own.
    assert len([d for d in shown[:-1] if d not in expected]) <= 3, shown
    assert steps[-1]["ms"] < RUN_LIMIT_S * 1000, steps[-1]
    # Long enough to see each day: the run is not a blur.
    assert steps[-1]["ms"] > 10000, steps[-1]
    # The slider says each day as the map reaches it (a screen reader's value text).
    day_text = tab.evaluate("(days) => days.map((d) => BorderMap.date(d))", shown[:-1])
    assert [s["said"] for s in steps[:-1]] == day_text
    assert tab.evaluate("() => document.getElementById('bm-time-slider').getAttribute('aria-valuetext')") \
        == tab.evaluate("() => BorderMap.date(BorderMap.today())")
    assert tab.console_errors == []


def test_play_goes_on_from_the_day_shown_and_pause_stops_there(live_server, new_tab):
    tab = new_tab()
    tab.clock.install()  # the page's timers, on a clock the test can move on (it runs as usual till then)
    open_map(tab, f"{live_server.url}/?lang=en#at=2015-06-15")
    tab.wait_for_selector('body[data-bm-at="2015-06-15"]')
    expected = tab.evaluate(RECORD_DAYS)
    after = [d for d in expected if d > "2015-06-15"]
    tab.evaluate(RECORD)
    tab.click(".bm-time-play")
    tab.wait_for_function("() => window.__bmDays.some((s) => s.at > '2015-06-15')", timeout=5000)
    tab.click(".bm-time-play")  # pause
    assert tab.inner_text(".bm-time-play") == "Play"
    steps = tab.evaluate("() => window.__bmDays")
    moved = [s["at"] for s in steps if s["at"] != "2015-06-15"]
    assert moved[0] == after[0], (moved, after)  # the next day of the record, not 2001 nor a month on
    paused = tab.get_attribute("body", "data-bm-at")
    tab.clock.run_for(1500)  # every timer due in longer than a day of the run stays has fired
    assert tab.get_attribute("body", "data-bm-at") == paused
    assert tab.input_value("#bm-time-date") == paused
    screenshot(tab, "time-play-paused")
