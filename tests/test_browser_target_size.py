"""WCAG 2.2's least target size (2.5.8, level AA; review 23j, F7): on the desktop map every
control a mouse aims at is 24 CSS px each way, or has no other target within a 24 px circle
around its middle. The scorecard's counts were 7x14 px links 23 px apart, and the time control's
and the legend's buttons 15 px tall. Links inside a sentence (the credits, the panel's line of
downloads) are the rule's own exception."""

from __future__ import annotations

import pytest

from conftest import open_map, screenshot

pytestmark = pytest.mark.browser

# The targets too small and too close: each undersized target's 24 px circle (its middle, radius
# 12) must meet no other target's box and no other undersized target's circle.
CROWDED = """() => {
    // A list of places is a column of controls, not links in a sentence (review 33b, #2).
    const inSentence = (el) => !!el.closest('.leaflet-control-attribution, .bm-downloads-foot, p, li, dd')
        && !el.closest('.bm-all-places, .bm-places');
    const targets = [...document.querySelectorAll('a[href], button, input, select, summary')].filter((el) => {
        const b = el.getBoundingClientRect();
        return b.width > 1 && b.height > 1 && getComputedStyle(el).visibility !== 'hidden' && !inSentence(el);
    }).map((el) => ({el, b: el.getBoundingClientRect()}));
    const small = targets.filter((t) => t.b.width < 24 || t.b.height < 24);
    const middle = (b) => [b.left + b.width / 2, b.top + b.height / 2];
    const toBox = ([x, y], b) => Math.hypot(Math.max(b.left - x, 0, x - b.right), Math.max(b.top - y, 0, y - b.bottom));
    const name = (el) => (el.textContent || el.getAttribute('aria-label') || el.className || el.tagName).trim().slice(0, 30)
        + ` ${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`;
    const found = [];
    for (const t of small) {
        const c = middle(t.b);
        for (const o of targets) {
            if (o.el === t.el || o.el.contains(t.el) || t.el.contains(o.el)) continue;
            const close = small.includes(o) ? Math.hypot(c[0] - middle(o.b)[0], c[1] - middle(o.b)[1]) < 24 : toBox(c, o.b) < 12;
            if (close) { found.push(name(t.el) + ' near ' + name(o.el)); break; }
        }
    }
    return found;
}"""


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_desktop_maps_targets_are_large_enough_or_apart(new_tab, live_server, lang):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}")
    tab.click(".bm-scorecard summary")
    tab.locator(".bm-score-link").first.wait_for()
    assert tab.evaluate(CROWDED) == []
    # Every place on the map, the places of a commitment chosen, and the open layer list (its
    # checkboxes take their label's row: review 33b, #2 and #3).
    tab.click(".bm-all-places summary")
    tab.locator(".bm-all-places .bm-linkbutton").first.wait_for()
    assert tab.evaluate(CROWDED) == []
    tab.locator(".bm-item[data-commitment=\"c-pr71-15\"]").click()  # three gates
    tab.locator(".bm-places .bm-linkbutton").first.wait_for()
    assert tab.evaluate(CROWDED) == []
    tab.locator(".leaflet-control-layers").hover()
    tab.locator(".leaflet-control-layers-list label").first.wait_for()
    rows = tab.eval_on_selector_all(".leaflet-control-layers-list label",
                                    "labels => labels.map(l => l.getBoundingClientRect().height)")
    assert rows and min(rows) >= 24, rows


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TOGGLES = {"time control": ".bm-time-shown", "legend": ".bm-legend-toggle"}
OPENED = {"play": ".bm-time-play", "slider": "#bm-time-slider", "date": "#bm-time-date", "today": ".bm-time-today"}
# Each target's box (getBoundingClientRect), and how far a tap reaches it from its middle, up and
# down and side to side, whatever takes the tap (the box or an unseen area around it): the
# element a tap at each pixel lands on is the target or inside it.
MEASURE = """(selectors) => Object.fromEntries(Object.entries(selectors).map(([name, selector]) => {
    const el = document.querySelector(selector);
    const b = el.getBoundingClientRect();
    const [x, y] = [b.left + b.width / 2, b.top + b.height / 2];
    const hits = (px, py) => { const at = document.elementFromPoint(px, py); return !!at && el.contains(at); };
    const reach = (dx, dy) => { let n = 0; while (n < 80 && hits(x + dx * (n + 1), y + dy * (n + 1))) n += 1; return n; };
    return [name, { box: [b.width, b.height], tap: [reach(-1, 0) + 1 + reach(1, 0), reach(0, -1) + 1 + reach(0, 1)] }];
}))"""


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_phones_time_control_and_legend_are_a_fingers_size(new_tab, live_server, lang):
    """Review rv25b, #6: on a phone the time control's toggle was 14 px tall, the legend's 15, the
    slider 16, the date field 30, Play and Today 32. Now a finger has 44 px each way on each: Play,
    the slider, the date and Today are drawn so; the toggles fill their boxes (at least 24 px, the
    boxes no taller than they were: a wide selection's room on the map depends on them) and take
    taps 44 px high around them, apart from each other."""
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    assert tab.is_hidden("#bm-time-body")  # a phone's time control starts folded, the legend too
    assert tab.is_hidden(".bm-legend-list")
    folded = tab.evaluate(MEASURE, TOGGLES)
    heights = tab.evaluate("() => ['.bm-time', '.bm-legend'].map((s) => document.querySelector(s).getBoundingClientRect().height)")
    assert all(height <= 32 for height in heights), heights
    tab.click(".bm-time-shown")
    tab.wait_for_selector("#bm-time-slider", state="visible")
    opened = tab.evaluate(MEASURE, OPENED)
    screenshot(tab, f"targets-phone-time-{lang}")
    small = {name: m for name, m in folded.items() if min(m["box"]) < 24 or min(m["tap"]) < 44}
    small |= {name: m for name, m in opened.items() if min(m["box"]) < 44 or min(m["tap"]) < 44}
    assert small == {}, (small, folded, opened)
    assert tab.evaluate(CROWDED) == [], "a finger's targets still apart from the others"


def test_the_editors_pages_buttons_are_a_fingers_size_on_a_phone(new_tab, live_server):
    """Review 26, #12: the status list's Correct and Retract were 32 px tall on a phone."""
    from conftest import PHONE, submit_history_event

    tab = new_tab(PHONE)
    submit_history_event(tab, live_server.url, "vi", "2026-01-10", "2026-01-11")
    tab.goto(f"{live_server.url}/history?lang=vi")
    sizes = tab.evaluate("""() => [...document.querySelectorAll('.bm-button')].filter((b) => b.offsetParent)
        .map((b) => [b.textContent.trim().slice(0, 20), Math.round(b.getBoundingClientRect().height)])""")
    assert len(sizes) >= 3, sizes  # the form's, and an event's Correct and Retract
    assert all(height >= 44 for _, height in sizes), sizes
