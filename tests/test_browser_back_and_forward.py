"""The browser's Back and Forward go from one selection to the next (a commitment, a place, the
list again), and the map and the panel follow; moving the map and typing a search add no step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import MEUN_CHEY, clean, hash_state, map_at_rest, open_map, screenshot

pytestmark = pytest.mark.browser

WELCOME = "c-pr71-02"  # "The two co-chairs welcomed progress…": names no place
CHECKPOINTS = "c-pr71-27"  # the Meun Chey–Tan Nam opening, in Prey Veng and Tay Ninh
PREY_VENG = "kh-prey-veng"


def _detail_of(tab, commitment: str | None) -> None:
    """The panel shows `commitment`'s detail (None: the list) and the address names it."""
    if commitment is None:
        expect(tab.locator(".bm-detail")).to_be_hidden()
    else:
        expect(tab.locator(f'.bm-item[aria-current="true"][data-commitment="{commitment}"]')).to_have_count(1)
        expect(tab.locator(".bm-detail")).to_be_visible()
    assert hash_state(tab).get("commitment") == commitment


def test_back_and_forward_move_between_selections(page, live_server):
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    start = tab.evaluate("history.length")

    tab.click(f'.bm-item[data-commitment="{WELCOME}"]')
    _detail_of(tab, WELCOME)
    tab.click(".bm-back")
    _detail_of(tab, None)
    tab.go_back()
    _detail_of(tab, WELCOME)  # Back returns to the commitment, not away from the site
    assert tab.url.startswith(live_server.url)
    tab.go_forward()
    _detail_of(tab, None)

    # A commitment, then one of its places: Back closes the place, then the commitment.
    tab.click(f'.bm-item[data-commitment="{CHECKPOINTS}"]')
    _detail_of(tab, CHECKPOINTS)
    map_at_rest(tab)
    tab.click(f'.bm-places button[data-feature="{PREY_VENG}"]')
    expect(tab.locator(f'.leaflet-popup-content .bm-popup[data-feature="{PREY_VENG}"]')).to_be_visible()
    assert hash_state(tab)["feature"] == PREY_VENG
    tab.go_back()
    expect(tab.locator(".leaflet-popup")).to_have_count(0)
    _detail_of(tab, CHECKPOINTS)
    assert "feature" not in hash_state(tab)
    tab.go_back()
    _detail_of(tab, None)
    tab.go_forward()
    _detail_of(tab, CHECKPOINTS)
    tab.go_forward()
    expect(tab.locator(f'.leaflet-popup-content .bm-popup[data-feature="{PREY_VENG}"]')).to_be_visible()
    screenshot(tab, "back-forward-place")

    # Moving the map and typing a search replace the current step instead of adding one.
    steps = tab.evaluate("history.length")
    assert steps == start + 4
    tab.evaluate("() => { BorderMap.map.panBy([120, 40], { animate: false }); }")
    tab.fill("#bm-search", "Bavet")
    expect(tab.locator(".bm-count-line")).not_to_have_text("48 of 48 commitments")
    assert tab.evaluate("history.length") == steps
    assert hash_state(tab)["q"] == "Bavet"
    clean(tab)


def test_forward_to_a_place_adds_no_entry_of_its_own(page, live_server):
    """Forward to a place whose popup is panned into view pushed one more entry, so the next Back
    seemed to do nothing (review 6)."""
    tab = page
    open_map(tab, live_server.url + "/?lang=en#commitment=c-pr71-27")
    _detail_of(tab, "c-pr71-27")
    map_at_rest(tab)
    tab.click(f'.bm-places button[data-feature="{MEUN_CHEY}"]')
    expect(tab.locator(f'.leaflet-popup-content .bm-popup[data-feature="{MEUN_CHEY}"]')).to_be_visible()
    map_at_rest(tab)
    tab.go_back()
    expect(tab.locator(".leaflet-popup")).to_have_count(0)
    entries = tab.evaluate("history.length")
    tab.go_forward()
    expect(tab.locator(f'.leaflet-popup-content .bm-popup[data-feature="{MEUN_CHEY}"]')).to_be_visible()
    map_at_rest(tab)
    assert tab.evaluate("history.length") == entries
    tab.go_back()  # one Back is enough
    expect(tab.locator(".leaflet-popup")).to_have_count(0)
    _detail_of(tab, "c-pr71-27")
    clean(tab)


def test_back_and_forward_keep_the_keyboards_place(page, live_server):
    """Review 23j, F3: Back reopening a commitment, and Forward closing it, left the focus on the
    page's body, where a click, Enter or Escape keep it in the panel. It now goes to the detail's
    title, or back to the commitment's item in the list."""
    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    item = f'.bm-item[data-commitment="{WELCOME}"]'
    tab.focus(item)
    tab.keyboard.press("Enter")
    _detail_of(tab, WELCOME)
    tab.keyboard.press("Escape")
    _detail_of(tab, None)
    focused = "() => { const a = document.activeElement; return a.id || a.getAttribute('data-commitment') || a.tagName; }"
    assert tab.evaluate(focused) == WELCOME
    tab.go_back()
    _detail_of(tab, WELCOME)
    tab.wait_for_function("() => document.activeElement.id === 'bm-detail-title'")
    tab.go_forward()
    _detail_of(tab, None)
    tab.wait_for_function(f"() => document.activeElement.getAttribute('data-commitment') === '{WELCOME}'")
    clean(tab)


def test_forward_to_a_commitment_chosen_in_a_popup_comes_back_to_its_framing(page, live_server):
    """Review 24a, #3: a place's popup, then a commitment chosen in it, then Back and Forward: the
    commitment came back about 200 px off the view its address names (the popup, still open as the
    panel followed, panned the restored view to keep itself in sight), and the address was
    rewritten with that view, so a link copied then shared it."""
    from conftest import click_feature

    tab = page
    open_map(tab, live_server.url + "/?lang=en")
    click_feature(tab, MEUN_CHEY)
    tab.wait_for_selector(f'.leaflet-popup-content .bm-popup[data-feature="{MEUN_CHEY}"]')
    map_at_rest(tab)
    tab.locator(".leaflet-popup-content .bm-commitments button.bm-linkbutton").first.click()
    _detail_of(tab, CHECKPOINTS)
    map_at_rest(tab)
    framed = hash_state(tab)["view"]
    centre = "() => { const c = BorderMap.map.getCenter(); return [c.lat, c.lng, BorderMap.map.getZoom()]; }"
    at_first = tab.evaluate(centre)
    tab.go_back()
    tab.wait_for_selector(f'.leaflet-popup-content .bm-popup[data-feature="{MEUN_CHEY}"]')
    map_at_rest(tab)
    tab.go_forward()
    _detail_of(tab, CHECKPOINTS)
    map_at_rest(tab)
    tab.wait_for_selector(".leaflet-popup", state="detached")  # Leaflet fades a closed popup out first
    assert hash_state(tab)["view"] == framed
    now = tab.evaluate(centre)
    assert abs(now[0] - at_first[0]) < 1e-3 and abs(now[1] - at_first[1]) < 1e-3 and now[2] == at_first[2], (at_first, now)
