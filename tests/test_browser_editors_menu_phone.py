"""Review 12 (rest): on a phone the editors' pages' menu (Map, Add data, Documents and commitments,
Revisions, Status history, Data) wrapped to several rows before any content, Khmer's long words
most. It is one row that scrolls sideways: the current page's link in view from the start, each
link reached by the keyboard (brought into view as it takes the focus) and by a finger (44 px
tall), the page no wider than the phone, in English, Khmer and Vietnamese."""

from __future__ import annotations

import pytest

from conftest import screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TOKEN = "test-editor-token"
PAGES = ("/upload", "/ledger", "/revisions", "/history", "/data")

# The row, and a link of it: where each is, and whether the link lies whole within the row's
# visible part; the element a tap at the link's middle, and 21 px above and below it, reaches.
MEASURE = """(link) => {
    const nav = link.closest('.bm-nav'), row = nav.getBoundingClientRect(), b = link.getBoundingClientRect();
    const x = b.left + b.width / 2, y = b.top + b.height / 2;
    const mine = (dy) => { const hit = document.elementFromPoint(x, y + dy); return !!hit && (hit === link || link.contains(hit)); };
    return {row: {top: row.top, height: row.height}, link: {left: b.left, right: b.right, height: b.height, width: b.width},
            whole: b.left >= row.left - 0.5 && b.right <= row.right + 0.5 && b.height > 0,
            tapped: mine(0) && mine(-21) && mine(21), name: link.textContent.trim()};
}"""


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_editors_menu_is_one_row_on_a_phone_and_each_link_is_reached(new_tab, live_server, lang):
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/upload?token={TOKEN}&lang={lang}")  # unlocked, as an editor
    for path in PAGES:
        tab.goto(f"{live_server.url}{path}?lang={lang}")
        tab.wait_for_selector(".bm-page .bm-nav[data-ready=true]")
        nav = tab.locator("header .bm-nav")
        links = nav.locator("a")
        assert links.count() == 6
        current = nav.locator("a[aria-current=page]")
        assert current.count() == 1, path
        seen = tab.evaluate(MEASURE, current.element_handle())
        # One row (the links are 44 px tall on a finger's screen), not two or three.
        assert seen["row"]["height"] <= 50, (path, seen)
        assert seen["whole"], (path, seen)  # the current page's link in view without scrolling
        content = tab.eval_on_selector("main", "(m) => m.getBoundingClientRect().top")
        assert content <= 110, (path, content)  # the page's content right under the header
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, path
        if path == "/history":
            screenshot(tab, f"editors-menu-phone-{lang}")
    # Every link by the keyboard, from the title on: each takes the focus in turn and is brought
    # into view whole, and is then a finger's target.
    tab.goto(f"{live_server.url}/revisions?lang={lang}")
    tab.wait_for_selector(".bm-page .bm-nav[data-ready=true]")
    tab.focus(".bm-title a")
    links = tab.locator("header .bm-nav a")
    for n in range(links.count()):
        tab.keyboard.press("Tab")
        link = links.nth(n).element_handle()
        assert tab.evaluate("(link) => document.activeElement === link", link), n
        tab.wait_for_function("(link) => { const r = link.closest('.bm-nav').getBoundingClientRect(), "
                              "b = link.getBoundingClientRect(); return b.left >= r.left - 0.5 && b.right <= r.right + 0.5; }",
                              arg=link)
        seen = tab.evaluate(MEASURE, link)
        assert seen["whole"] and seen["link"]["height"] >= 44 and seen["link"]["width"] >= 44 and seen["tapped"], seen
    # The last link reached, the row shows its end: Enter opens it.
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/data**")


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_the_editors_fields_are_a_fingers_size_on_a_phone(new_tab, live_server, lang):
    """Review 27, #11: the status page's selects and inputs were 34-36 px tall on a phone."""
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/upload?token={TOKEN}&lang={lang}")
    for path in ("/history", "/upload", "/ledger"):
        tab.goto(f"{live_server.url}{path}?lang={lang}")
        small = tab.evaluate("""() => [...document.querySelectorAll('main select, main textarea, main input')]
            .filter((e) => !['checkbox', 'radio', 'hidden'].includes(e.type) && e.offsetParent !== null)
            .map((e) => ({name: e.name || e.id, height: e.getBoundingClientRect().height}))
            .filter((e) => e.height < 44)""")
        assert not small, (path, small)
