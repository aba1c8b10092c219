"""The map's tools and the editors' forms from the keyboard alone (review 12a: F1, F2, F4, F5, F13):
the layer list opens and closes from the keyboard, the distance tool adds points without a mouse,
the embed dialog keeps and gives back the focus, Leaflet's buttons take Space, and a sent form's
outcome is where the focus goes."""

from __future__ import annotations

import pytest

from conftest import frames_painted, map_at_rest, open_map, screenshot, submit_history_event

pytestmark = pytest.mark.browser

ACTIVE = "(() => { const el = document.activeElement; return el === document.body ? 'body' : el.outerHTML.slice(0, 120); })()"


def _expanded(page) -> bool:
    return page.evaluate("document.querySelector('.leaflet-control-layers').classList"
                         ".contains('leaflet-control-layers-expanded')")


@pytest.mark.parametrize("key", ["Enter", " "])
def test_the_layer_list_opens_and_closes_from_the_keyboard(page, live_server, key):
    open_map(page, live_server.url + "/")
    toggle = ".leaflet-control-layers-toggle"
    assert page.get_attribute(toggle, "aria-expanded") == "false"
    page.focus(toggle)
    page.keyboard.press(key)
    assert _expanded(page)
    assert page.evaluate("document.activeElement.closest('.leaflet-control-layers-list') !== null"), \
        page.evaluate(ACTIVE)
    assert page.get_attribute(toggle, "aria-expanded") == "true"
    # Its two groups are named, as a fieldset's legend names one (review 23j, F10).
    assert page.get_attribute(".leaflet-control-layers-base", "aria-label") == "Background map"
    assert page.get_attribute(".leaflet-control-layers-base", "role") == "radiogroup"
    assert page.get_attribute(".leaflet-control-layers-overlays", "aria-label") == "Layers"
    screenshot(page, "layers-keyboard-open")
    page.keyboard.press("Escape")
    assert not _expanded(page)
    assert page.evaluate("document.activeElement.classList.contains('leaflet-control-layers-toggle')")
    assert page.get_attribute(toggle, "aria-expanded") == "false"
    # Leaving the list with the keyboard closes it too.
    page.keyboard.press(key)
    page.keyboard.press("Shift+Tab")
    assert not _expanded(page)


def test_space_presses_leaflets_buttons(page, live_server):
    open_map(page, live_server.url + "/")
    before = page.evaluate("BorderMap.map.getZoom()")
    page.focus(".leaflet-control-zoom-in")
    page.keyboard.press(" ")
    page.wait_for_function(f"() => BorderMap.map.getZoom() > {before}")
    assert page.evaluate("window.scrollY") == 0


def test_the_distance_tool_works_without_a_mouse(page, live_server):
    open_map(page, live_server.url + "/")
    page.focus(".bm-tool[data-tool=measure]")
    page.keyboard.press("Enter")
    add = page.locator(".bm-measure-centre")
    add.wait_for()
    add.focus()
    page.keyboard.press("Enter")
    page.focus("#bm-map .leaflet-container, .leaflet-container")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # Leaflet moves the map under the cross
    map_at_rest(page)
    add.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute(".leaflet-container", "data-measure-points") == "2"
    assert float(page.get_attribute(".bm-measure", "data-metres")) > 1000
    # Only the distance is announced as it changes, not the buttons' names with it (review 23j, F9).
    spoken = page.locator("[aria-live]", has=page.locator(".bm-measure-centre"))
    assert spoken.count() == 0 and "km" in page.inner_text(".bm-measure-result[role=status][aria-live=polite]")
    screenshot(page, "measure-keyboard")
    page.keyboard.press("Escape")
    page.locator(".bm-measure").wait_for(state="detached")
    assert page.evaluate("document.activeElement.dataset.tool") == "measure"


def test_the_embed_dialog_keeps_the_focus_and_gives_it_back(page, live_server):
    open_map(page, live_server.url + "/")
    page.focus(".bm-tool[data-tool=embed]")
    page.keyboard.press("Enter")
    page.locator("#bm-embed-dialog").wait_for()
    assert page.evaluate("document.activeElement.id") == "bm-embed-code"
    for _ in range(5):  # Tab goes round the dialog's own controls
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('#bm-embed-dialog')"), page.evaluate(ACTIVE)
    page.keyboard.press("Escape")
    page.locator("#bm-embed-dialog").wait_for(state="detached")
    assert page.evaluate("document.activeElement.dataset.tool") == "embed"


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_sent_forms_outcome_has_the_focus_and_starts_the_title(live_server, new_tab, lang):
    tab = new_tab()
    submit_history_event(tab, live_server.url, lang, "", "2026-01-99")
    heading = tab.locator(".bm-result-error[role=alert] h2, .bm-result-error[role=alert] h3").first
    heading.wait_for()
    tab.wait_for_load_state("domcontentloaded")  # the page's script moves the focus and sets the title
    said = heading.inner_text().strip()
    assert tab.evaluate("document.activeElement.closest('.bm-result-error') !== null"), tab.evaluate(ACTIVE)
    assert tab.title().startswith(said), (tab.title(), said)


# Each control the keyboard reaches on the map, focused: is it inside the map and on top there?
HIDDEN_CONTROLS = """() => { const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  const hidden = [];
  for (const el of document.querySelectorAll('.bm-tool, .leaflet-control-zoom a, .bm-time input, .bm-time button,'
                                             + ' .bm-legend-toggle, .leaflet-control-layers-toggle')) {
    if (!el.offsetParent) continue;
    el.focus();
    const r = el.getBoundingClientRect(), on = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const inside = r.top >= map.top - 1 && r.bottom <= map.bottom + 1 && r.left >= map.left - 1 && r.right <= map.right + 1;
    if (!inside || !(on === el || el.contains(on))) hidden.push(el.getAttribute('aria-label') || el.className);
  }
  return hidden; }"""


@pytest.mark.parametrize(("size", "root_font"), [({"width": 640, "height": 430}, None),  # a window at 200 %
                                                 ({"width": 1280, "height": 860}, "200%")])  # text at 200 %
def test_every_map_control_can_be_seen_when_the_page_is_zoomed(new_tab, live_server, size, root_font):
    """Review 12a, F3: at 200 % the Print and Embed tools ran under the credits and out of the map,
    and with large text the date control and the legend's toggle rose above the map's top."""
    tab = new_tab({"viewport": size, "device_scale_factor": 2})
    open_map(tab, live_server.url + "/")
    if root_font:
        tab.add_style_tag(content=f"html {{ font-size: {root_font} !important; }}")
        frames_painted(tab)
    assert tab.evaluate(HIDDEN_CONTROLS) == []
    screenshot(tab, f"controls-zoomed-{size['width']}")


def test_the_date_control_stays_put_while_the_reader_moves_the_date(page, live_server):
    """Review 12a, F15: the legend under the date control lists the day's looks, so the control
    jumped as the date moved (Home took the focused slider from y = 389 to 523)."""
    open_map(page, live_server.url + "/")
    page.focus("#bm-time-slider")
    before = page.evaluate("document.getElementById('bm-time-slider').getBoundingClientRect().top")
    page.keyboard.press("Home")
    page.wait_for_function("() => BorderMap.asOf !== null")  # the first day, whose legend differs
    frames_painted(page)
    after = page.evaluate("document.getElementById('bm-time-slider').getBoundingClientRect().top")
    assert abs(after - before) <= 1, (before, after)
    page.keyboard.press("End")
    page.focus("#bm-search")  # the focus leaves: the legend takes its own height again
    assert page.evaluate("document.querySelector('.bm-legend').style.height") == ""
