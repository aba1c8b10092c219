"""Reading the map as review rv22b did: at 300-400 % browser zoom the map keeps a usable height
and the page scrolls to the panel (M1); a country's popup gives its kind in the page's language
(M2); Escape folds the legend, the date control and the credits (L1); an export's link to the
live map keeps its language (L2); with large text the legend's symbols keep their size and the
credits clear the scale (L3); a reader who asked for less motion gets a map that does not glide
and a Play that moves more slowly (L5)."""

from __future__ import annotations

import pytest

from bordermap.i18n import messages, script_msgids
from conftest import DESKTOP, frames_painted, open_export, open_map, screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
# A 1280x860 window zoomed by the browser: the page sees a smaller viewport of larger pixels.
ZOOMED = {
    200: {"viewport": {"width": 640, "height": 430}, "device_scale_factor": 2},
    300: {"viewport": {"width": 426, "height": 286}, "device_scale_factor": 3},
    400: {"viewport": {"width": 320, "height": 215}, "device_scale_factor": 4},
}
LAYOUT = """() => {
    const box = (s) => document.querySelector(s).getBoundingClientRect();
    return {map: box('.bm-mapwrap').height, header: box('.bm-bar').height, panel: box('.bm-panel').height,
            page: document.documentElement.scrollHeight, height: innerHeight, width: innerWidth};
}"""
# Is the element, once it has the focus, on the screen and the one a tap at its middle reaches?
# (Its middle: the browser may leave a few pixels of it under the window's edge.)
SEEN_WHEN_FOCUSED = """(selector) => {
    const el = document.querySelector(selector);
    if (!el) return {selector, missing: true};
    el.focus();
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {selector, focused: document.activeElement === el, top: r.top, bottom: r.bottom, height: r.height,
            onScreen: r.height > 0 && y >= 0 && y <= innerHeight && x >= 0 && x <= innerWidth,
            reached: !!hit && (hit === el || el.contains(hit) || hit.contains(el)),
            hit: hit ? hit.className || hit.tagName : null};
}"""
MAP_CONTROLS = (".leaflet-control-zoom-in", ".leaflet-control-layers-toggle", ".bm-legend-toggle",
                ".bm-time-shown", ".bm-credits-toggle")


def _open(new_tab, app, tmp_path, live_server, where: str, lang: str, device: dict, state: str = ""):
    tab = new_tab(device, offline=where == "export")
    if where == "export":
        open_export(tab, app, tmp_path, lang, state)
    else:
        open_map(tab, f"{live_server.url}/?lang={lang}" + (f"#{state}" if state else ""))
    frames_painted(tab)
    return tab


# ----------------------------------------------------------------------------- M1
@pytest.mark.parametrize("zoom", [300, 400])
@pytest.mark.parametrize("where, lang", [("live", "en"), ("live", "km"), ("export", "km"), ("export", "vi")])
def test_a_zoomed_window_keeps_a_map_to_use_and_scrolls_to_the_panel(new_tab, app, tmp_path, live_server,
                                                                     zoom, where, lang):
    tab = _open(new_tab, app, tmp_path, live_server, where, lang, ZOOMED[zoom])
    layout = tab.evaluate(LAYOUT)
    screenshot(tab, f"rv22b-zoom{zoom}-{where}-{lang}")
    # A map to read and to work: most of the window (or 10rem), where it was a strip or nothing.
    assert layout["map"] >= min(160, 0.8 * layout["height"]), layout
    # The page scrolls to what does not fit (the panel below the map).
    assert layout["page"] > layout["height"], layout
    tab.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    panel = tab.evaluate("document.querySelector('.bm-panel').getBoundingClientRect().toJSON()")
    assert panel["top"] < layout["height"] and panel["bottom"] <= layout["height"] + 1, panel
    # Each control of the map the keyboard reaches is brought into sight, not left under the panel.
    for selector in MAP_CONTROLS:
        seen = tab.evaluate(SEEN_WHEN_FOCUSED, selector)
        assert seen.get("missing") or (seen["focused"] and seen["onScreen"] and seen["reached"]), seen
    assert not tab.console_errors


@pytest.mark.parametrize("device", ["desktop", "phone", "zoom200"])
@pytest.mark.parametrize("where, lang", [("live", "vi"), ("export", "km")])
def test_usual_windows_keep_the_map_between_header_and_panel_without_scrolling(new_tab, app, tmp_path, live_server,
                                                                               device, where, lang):
    """The fix for zoomed windows leaves these as they were: the page fits the window exactly."""
    devices = {"desktop": DESKTOP, "phone": PHONE, "zoom200": ZOOMED[200]}
    tab = _open(new_tab, app, tmp_path, live_server, where, lang, devices[device])
    layout = tab.evaluate(LAYOUT)
    assert layout["page"] == layout["height"], layout
    stacked = layout["width"] <= 700  # a phone's layout: the panel below the map
    room = layout["height"] - layout["header"] - (layout["panel"] if stacked else 0)
    assert abs(layout["map"] - room) <= 2.5, layout  # the map fills what the header (and panel) leave


# ----------------------------------------------------------------------------- M2
def test_the_country_kind_is_a_word_the_scripts_translate():
    assert "country" in script_msgids()


@pytest.mark.parametrize("where, lang", [("live", "km"), ("export", "vi"), ("export", "en")])
def test_a_countrys_popup_gives_its_kind_in_the_pages_language(new_tab, app, tmp_path, live_server, where, lang):
    tab = _open(new_tab, app, tmp_path, live_server, where, lang, DESKTOP)
    tab.locator(".bm-all-places summary").click()
    tab.locator('.bm-all-places button[data-feature="country-kh"]').click()
    tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="country-kh"]')
    words = messages(lang)
    kind_label = words.gettext("Kind:")
    rows = tab.locator(".leaflet-popup-content .bm-row").all_inner_texts()
    kind = [row for row in rows if row.startswith(kind_label)]
    screenshot(tab, f"rv22b-country-popup-{where}-{lang}")
    assert kind, rows
    said = kind[0][len(kind_label):].strip()
    assert said == words.gettext("country"), (said, rows)
    if lang != "en":  # needs the catalogue's translation of "country"
        assert said != "country", rows


# ----------------------------------------------------------------------------- L1
@pytest.mark.parametrize("where, lang", [("export", "vi"), ("live", "km")])
def test_escape_folds_the_legend_the_date_control_and_the_credits_on_a_phone(new_tab, app, tmp_path, live_server,
                                                                             where, lang):
    tab = _open(new_tab, app, tmp_path, live_server, where, lang, PHONE)
    # Each opened from the keyboard, Escape pressed on its button or from inside it (Tab once).
    for button, inside in ((".bm-legend-toggle", False), (".bm-time-shown", True), (".bm-credits-toggle", True)):
        tab.focus(button)
        if tab.get_attribute(button, "aria-expanded") != "true":
            tab.keyboard.press("Enter")
        assert tab.get_attribute(button, "aria-expanded") == "true", button
        if inside:
            tab.keyboard.press("Tab")
            assert tab.evaluate("(s) => document.activeElement !== document.querySelector(s)", button), button
        tab.keyboard.press("Escape")
        assert tab.get_attribute(button, "aria-expanded") == "false", button
        assert tab.evaluate("(s) => document.activeElement === document.querySelector(s)", button), button
    frames_painted(tab)
    hidden = tab.evaluate("""() => ({
        legend: document.querySelector('.bm-legend-list').hidden,
        time: document.querySelector('.bm-time-body').hidden,
        credits: getComputedStyle(document.querySelector('.leaflet-control-attribution')).display === 'none'})""")
    screenshot(tab, f"rv22b-escape-{where}-{lang}")
    assert all(hidden.values()), hidden


# ----------------------------------------------------------------------------- L2
@pytest.mark.parametrize("lang", ["km", "vi", "en"])
def test_an_exports_link_to_the_live_map_keeps_its_language(new_tab, client, tmp_path, lang):
    answer = client.get(f"/export.html?lang={lang}")
    assert answer.status_code == 200
    out = tmp_path / f"export-{lang}.html"
    out.write_bytes(answer.data)
    tab = new_tab(PHONE, offline=True)
    tab.goto(out.as_uri())
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)
    live = tab.locator("#bm-asof a")
    href = live.get_attribute("href")
    assert live.inner_text() == messages(lang).gettext("the live map")
    assert href == ("http://localhost/" if lang == "en" else f"http://localhost/?lang={lang}"), href


# ----------------------------------------------------------------------------- L3
@pytest.mark.parametrize("lang", ["en", "km"])
def test_large_text_keeps_the_legends_symbols_and_clears_the_scale(new_tab, app, tmp_path, lang):
    tab = new_tab(DESKTOP, offline=True)
    open_export(tab, app, tmp_path, lang)
    tab.add_style_tag(content="html { font-size: 200% !important; }")
    frames_painted(tab)
    if tab.get_attribute(".bm-legend-toggle", "aria-expanded") != "true":
        tab.click(".bm-legend-toggle")
    found = tab.evaluate("""() => {
        const symbols = [...document.querySelectorAll('.bm-legend-list li > svg')].map((svg) => {
            const r = svg.getBoundingClientRect();
            return [svg.parentNode.textContent, Math.round(r.width), Math.round(r.height)];
        });
        const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const credits = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
        const words = [...document.querySelectorAll('.leaflet-control-scale-line')].map((line) => {
            const range = document.createRange();
            range.selectNodeContents(line);
            const r = range.getBoundingClientRect();
            return {text: line.textContent, right: r.right, covered: overlap(r, credits)};
        });
        return {symbols, words, creditsLeft: credits.left};
    }""")
    tab.evaluate("() => { const c = document.querySelector('.leaflet-bottom.leaflet-left'); c.scrollTop = c.scrollHeight; }")
    screenshot(tab, f"rv22b-large-text-{lang}")
    assert found["symbols"], found
    squashed = [s for s in found["symbols"] if s[1] < 27 or s[2] < 17]  # drawn 28x18
    assert not squashed, squashed
    assert found["words"] and not any(w["covered"] for w in found["words"]), found


# ----------------------------------------------------------------------------- L5
REDUCED = dict(DESKTOP, reduced_motion="reduce")
ZOOMS_IN = "c-pr71-16"  # its places are a few provinces: selected, the map zooms in to them
COUNT_ANIMATION = """() => {
    window.__bmAnimated = 0;
    BorderMap.map.on('zoomanim', () => { window.__bmAnimated += 1; });
    BorderMap.map.on('movestart', () => {
        requestAnimationFrame(() => {
            if (BorderMap.map._panAnim && BorderMap.map._panAnim._inProgress) window.__bmAnimated += 1;
        });
    });
}"""


@pytest.mark.parametrize("where", ["live", "export"])
def test_less_motion_selects_a_commitment_without_gliding(new_tab, app, tmp_path, live_server, where):
    tab = _open(new_tab, app, tmp_path, live_server, where, "en", REDUCED)
    tab.evaluate(COUNT_ANIMATION)
    before = tab.evaluate("BorderMap.map.getZoom()")
    tab.locator(f'.bm-item[data-commitment="{ZOOMS_IN}"]').focus()
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#bm-detail-title")
    tab.wait_for_function("(z) => BorderMap.map.getZoom() !== z", arg=before)
    frames_painted(tab, 4)
    assert tab.evaluate("window.__bmAnimated") == 0
    # And the arrow keys move the map at once.
    tab.focus(".leaflet-container")
    tab.keyboard.press("ArrowLeft")
    frames_painted(tab, 3)
    assert tab.evaluate("window.__bmAnimated") == 0


def test_without_that_wish_the_map_still_glides(new_tab, app, tmp_path, live_server):
    """The counter above sees an animation when there is one."""
    tab = _open(new_tab, app, tmp_path, live_server, "live", "en", DESKTOP)
    tab.evaluate(COUNT_ANIMATION)
    tab.locator(f'.bm-item[data-commitment="{ZOOMS_IN}"]').focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => window.__bmAnimated > 0")


def test_less_motion_plays_the_days_slowly(new_tab, app, tmp_path, live_server):
    """Play still runs on its own (the record has thirty-odd days: a press each would be many),
    each day of the record 1.5 s instead of about 0.6; Pause stops it."""
    tab = _open(new_tab, app, tmp_path, live_server, "live", "en", REDUCED)
    play = tab.locator(".bm-time-play")
    assert play.inner_text() == "Play"
    # The page's timers on a clock the test moves on (it runs as usual till then), from before the press.
    tab.clock.install()
    play.click()
    first = tab.get_attribute("body", "data-bm-at")
    days = tab.evaluate("() => BorderMap.playDays()")
    assert first == days[0] and play.inner_text() == "Pause", "the first press shows the first day"
    # At the usual pace the next day would have come by 800 ms; with less motion it comes at 1.5 s.
    tab.clock.run_for(800)
    assert tab.get_attribute("body", "data-bm-at") == first
    tab.clock.run_for(800)
    tab.wait_for_function("(day) => document.body.getAttribute('data-bm-at') > day", arg=first, timeout=10000)
    second = tab.get_attribute("body", "data-bm-at")
    screenshot(tab, "rv22b-less-motion-play")
    assert second == days[1], (first, second)  # the record's next day, not a month on
    play.click()
    assert play.inner_text() == "Play" and play.get_attribute("aria-pressed") is None  # its name says it
