"""WCAG 2.2's least target size (2.5.8, level AA; review 23j, F7): on the desktop map every
control a mouse aims at is 24 CSS px each way, or has no other target within a 24 px circle
around its middle. The scorecard's counts were 7x14 px links 23 px apart, and the time control's
and the legend's buttons 15 px tall. Links inside a sentence (the credits, the panel's line of
downloads) are the rule's own exception."""

from __future__ import annotations

import pytest

from conftest import open_map

pytestmark = pytest.mark.browser

# The targets too small and too close: each undersized target's 24 px circle (its middle, radius
# 12) must meet no other target's box and no other undersized target's circle.
CROWDED = """() => {
    const inSentence = (el) => !!el.closest('.leaflet-control-attribution, .bm-downloads-foot, p, li, dd');
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
