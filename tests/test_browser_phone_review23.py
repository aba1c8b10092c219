"""Review 23, read on phones: a phone held sideways (844×390) gets the phone's folded time control,
folded credits and one-line header; a finger's targets are 44 px each way; with large text
(200 %) the header wraps instead of running past the screen. Measured in Chromium, with
screenshots kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import clean, frames_painted, map_at_rest, open_map, screenshot

pytestmark = pytest.mark.browser

TOUCH = {"is_mobile": True, "has_touch": True, "device_scale_factor": 3}
PHONE = {"viewport": {"width": 390, "height": 844}, **TOUCH}
SIDEWAYS = {"viewport": {"width": 844, "height": 390}, **TOUCH}
MEUN_CHEY = {"en": "Meun Chey – Tan Nam", "km": "Meun Chey – Tan Nam", "vi": "Tân Nam – Meun Chey"}

# How far a finger's tap on the control's middle may stray and still land on it: the run of
# pixels, up and down and left to right through its middle, where the page's hit test gives the
# control (its box or an invisible area around it). Points past the screen's edge count as the
# control's: no other target can be there, and a finger at the edge lands on it.
REACH = """(el) => {
    const b = el.getBoundingClientRect(), cx = b.left + b.width / 2, cy = b.top + b.height / 2;
    const mine = (x, y) => {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return true;
        const hit = document.elementFromPoint(x, y);
        return !!hit && (hit === el || el.contains(hit));
    };
    const run = (dx, dy) => { let n = 0; while (n < 60 && mine(cx + dx * (n + 1), cy + dy * (n + 1))) n++; return n; };
    return { tall: run(0, -1) + run(0, 1) + 1, wide: run(-1, 0) + run(1, 0) + 1, name: el.textContent.trim() || el.className };
}"""


# A link's own box, sampled on a grid: the points where the page's hit test gives another target.
STOLEN = """(el) => {
    const b = el.getBoundingClientRect(), taken = [];
    for (let i = 1; i < 6; i++) for (let j = 1; j < 6; j++) {
        const x = b.left + b.width * i / 6, y = b.top + b.height * j / 6, hit = document.elementFromPoint(x, y);
        if (hit && hit !== el && !el.contains(hit) && hit.closest('a')) taken.push(hit.closest('a').textContent.trim());
    }
    return taken;
}"""


def reach(tab, selector: str) -> list[dict]:
    return [tab.evaluate(REACH, handle) for handle in tab.query_selector_all(selector)]


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_large_text_header_wraps_within_the_phone(new_tab, live_server, lang):
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27")
    tab.add_style_tag(content="html { font-size: 200% }")  # Android's large text, text-only zoom
    frames_painted(tab, 3)
    screenshot(tab, f"review23-text200-{lang}")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    # Every language's name whole on the screen ("Tiếng Việt" was cut to "Tiếng V").
    for link in tab.locator(".bm-langs a").all():
        frame = link.bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 390, (link.text_content(), frame)
    clean(tab)


@pytest.mark.parametrize("lang", ["en", "km"])
def test_phone_targets_take_a_finger(new_tab, live_server, lang):
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}#feature=cp-meun-chey-tan-nam")
    expect(tab.locator(".leaflet-popup-close-button")).to_be_visible()
    map_at_rest(tab)
    screenshot(tab, f"review23-targets-{lang}")
    targets = {sel: reach(tab, sel) for sel in (".bm-langs a", ".bm-menu-toggle", ".leaflet-control-zoom a",
                                                ".bm-credits-toggle", ".leaflet-popup-close-button")}
    assert len(targets[".bm-langs a"]) == 3 and len(targets[".leaflet-control-zoom a"]) == 2
    small = [(sel, found) for sel, each in targets.items() for found in each
             if found["tall"] < 44 or found["wide"] < 44]
    assert not small, small
    # The areas rise above the links' row and leave the date line under it its own (review 23k, #6).
    assert tab.evaluate(STOLEN, tab.query_selector(".bm-asof")) == []
    # The header keeps its two lines' height: the areas are around the links, not in the layout.
    assert tab.eval_on_selector("header.bm-bar", "e => e.getBoundingClientRect().height") <= 72
    clean(tab)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_sideways_phone_folds_its_controls_and_keeps_the_map(new_tab, live_server, lang):
    tab = new_tab(SIDEWAYS)
    open_map(tab, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27")
    map_at_rest(tab)
    frames_painted(tab)
    screenshot(tab, f"review23-sideways-{lang}")
    # Folded as on a phone held upright: the date, the credits, the tools in a menu.
    expect(tab.locator(".bm-time-shown")).to_have_attribute("aria-expanded", "false")
    expect(tab.locator(".bm-credits-toggle")).to_be_visible()
    expect(tab.locator(".leaflet-control-attribution")).to_be_hidden()
    expect(tab.locator(".bm-menu-toggle")).to_be_visible()
    expect(tab.locator(".bm-nav a").first).to_be_hidden()
    header = tab.eval_on_selector("header.bm-bar", "e => e.getBoundingClientRect().height")
    assert header <= 50, header  # one line (it was 88-97 px: two lines and a row of links)
    measured = tab.evaluate("""() => {
        const map = document.querySelector('.folium-map').getBoundingClientRect();
        const controls = [...document.querySelectorAll('.leaflet-control-container .leaflet-control')]
            .map((c) => c.getBoundingClientRect()).filter((b) => b.width && b.height);
        const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const label = [...document.querySelectorAll('.leaflet-tooltip.bm-label-permanent')]
            .map((e) => e.getBoundingClientRect()).find((b) => b.width);
        let n = 0, hit = 0;
        for (let x = map.left; x < map.right; x += 4) for (let y = map.top; y < map.bottom; y += 4) {
            n++;
            if (controls.some((b) => x >= b.left && x < b.right && y >= b.top && y < b.bottom)) hit++;
        }
        return { mapHeight: map.height, covered: hit / n, labelCovered: !label || controls.some((b) => meets(label, b)) };
    }""")
    # The selected place's name in full view, and the controls on a fifth of the map at most:
    # folded, they are the zoom, the layers and the tools at the sides, two buttons and the
    # scale at the foot (about 16 %); the open date control and three lines of credits made 41-44 %.
    assert not measured["labelCovered"], measured
    assert measured["covered"] <= 0.2, measured
    assert measured["mapHeight"] >= 330, measured
    expect(tab.locator(".leaflet-tooltip.bm-label-permanent").first).to_have_text(MEUN_CHEY[lang])
    # The tools are one tap away.
    tab.locator(".bm-menu-toggle").tap()
    expect(tab.locator(".bm-nav a").first).to_be_visible()
    clean(tab)


def test_khmer_scale_words_stay_inside_the_bar(new_tab, live_server):
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang=km#commitment=c-pr71-27")
    map_at_rest(tab)
    scale = tab.eval_on_selector(".leaflet-control-scale-line", """(e) => {
        const words = document.createRange();
        words.selectNodeContents(e);
        const b = e.getBoundingClientRect(), w = words.getBoundingClientRect();
        return { text: e.textContent, width: e.getBoundingClientRect().width, set: parseFloat(e.style.width),
                 inside: w.left >= b.left + 2 && w.right <= b.right - 2, lines: words.getClientRects().length };
    }""")
    # Between the ticks (2 px borders), on one line; the bar as long as Leaflet made it.
    assert scale["inside"] and scale["lines"] == 1 and scale["width"] == scale["set"], scale
    clean(tab)





@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_an_editor_pages_links_each_take_their_own_taps(new_tab, live_server, lang):
    """Review 23j, F1: on the editors' pages the language links' 44 px touch areas reached up over
    the nav's row, so a tap on "Status history" opened the page in Vietnamese. Each link now takes
    the taps on its own text, and is a 44 px tall target of its own."""
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/revisions?lang={lang}")
    screenshot(tab, f"review23-editor-header-{lang}")
    links = tab.query_selector_all("header .bm-nav a, header .bm-langs a")
    assert len(links) >= 9
    stolen = {link.text_content().strip(): tab.evaluate(STOLEN, link) for link in links}
    assert not {name: taken for name, taken in stolen.items() if taken}, stolen
    # The menu's row scrolls sideways on a phone (review 12): a link is measured as a finger finds
    # it, brought into the row's view.
    def reached(link):
        link.scroll_into_view_if_needed()
        return tab.evaluate(REACH, link)

    short = [found for found in (reached(link) for link in links) if found["tall"] < 44]
    assert not short, short
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
