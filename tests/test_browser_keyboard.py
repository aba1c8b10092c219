"""Everything works from the keyboard: skip links, search, commitments, places and their popups."""

from __future__ import annotations

import pytest

from conftest import (
    INFRASTRUCTURE,
    MEUN_CHEY,
    clean,
    hash_state,
    open_map,
    screenshot,
    tab_until,
)

pytestmark = pytest.mark.browser


def focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
        return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 60), cls: el.className || '',
                id: el.id, feature: el.dataset ? el.dataset.feature || '' : ''}; }""")


def test_keyboard_reaches_search_and_opens_and_closes_a_commitment(page, live_server):
    open_map(page, live_server.url + "/")
    assert tab_until(page, "el.id === 'bm-search'"), "Tab never reaches the search box"
    assert tab_until(page, "el.classList.contains('bm-item')"), "Tab never reaches a commitment"
    chosen = page.evaluate("document.activeElement.dataset.commitment")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "keyboard focus must be visible"
    screenshot(page, "commitments-keyboard-focus")

    page.keyboard.press("Enter")
    page.wait_for_selector(".bm-detail:not([hidden])")
    assert hash_state(page)["commitment"] == chosen
    assert page.evaluate("document.activeElement.id") == "bm-detail-title"
    screenshot(page, "commitments-keyboard-open")

    page.keyboard.press("Escape")
    page.wait_for_selector(".bm-detail", state="hidden")
    assert "commitment" not in hash_state(page)
    assert page.evaluate("document.activeElement.dataset.commitment") == chosen
    clean(page)


def test_keyboard_opens_a_place_popup_and_comes_back(page, live_server):
    open_map(page, f"{live_server.url}/#commitment={INFRASTRUCTURE}")
    page.wait_for_selector(".bm-detail:not([hidden])")
    page.focus("#bm-detail-title")
    assert tab_until(page, f"el.dataset.feature === '{MEUN_CHEY}'"), "Tab never reaches the place"
    page.keyboard.press("Enter")
    page.wait_for_selector(f'.leaflet-popup .bm-popup[data-feature="{MEUN_CHEY}"]')
    assert page.evaluate("!!document.activeElement.closest('.leaflet-popup')"), "focus goes into the popup"
    # Past the history's stops (its earlier events' button, its sources' links) to the commitments.
    assert tab_until(page, "el.dataset.commitment && el.closest('.leaflet-popup')", limit=7)
    screenshot(page, "commitments-keyboard-popup")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert page.evaluate("document.activeElement.dataset.feature") == MEUN_CHEY
    assert page.locator(".bm-detail").is_visible(), "Escape in the popup leaves the panel's selection"
    clean(page)


def test_skip_links_come_first_and_lead_to_the_map_and_the_commitments(page, live_server):
    open_map(page, live_server.url + "/#view=11.5000,105.9000,8&commitment=c-pr71-16")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "A" and first["text"] == "Skip to map"
    box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    assert box["width"] > 60 and box["height"] > 20 and box["top"] >= 0, "visible when focused"
    screenshot(page, "review-skip-link")
    before = page.evaluate("BorderMap.state.read()")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('leaflet-container')")
    assert page.evaluate("BorderMap.state.read()") == before, "the hash keeps the map's state"
    assert tab_until(page, "el.classList.contains('leaflet-control-zoom-in')", limit=3)

    page.keyboard.press("Shift+Tab")
    page.evaluate("document.activeElement.blur()")
    page.focus("a.bm-skip")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to commitments"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "bm-detail-title", "the open commitment first"
    page.click(".bm-back")
    page.focus("a.bm-skip")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "bm-search", "else the search"
    clean(page)


def test_a_checkpoint_no_commitment_names_opens_from_the_keyboard(page, live_server):
    open_map(page, live_server.url + "/")
    target = page.evaluate("""() => Object.keys(BorderMap.features).find(id => {
        const e = BorderMap.features[id];
        return e.layerId === 'checkpoints' && !(e.feature.properties.commitments || []).length;
    })""")
    assert target, "a checkpoint without a commitment"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Skip to commitments
    assert tab_until(page, "el.tagName === 'SUMMARY' && el.textContent === 'Places on the map'", limit=120)
    page.keyboard.press("Enter")
    assert tab_until(page, f"el.dataset.feature === '{target}'", limit=60), "Tab reaches the checkpoint"
    page.keyboard.press("Enter")
    popup = page.wait_for_selector(f'.leaflet-popup .bm-popup[data-feature="{target}"]')
    assert page.evaluate("!!document.activeElement.closest('.leaflet-popup')"), "focus goes into the popup"
    assert "No commitment" in popup.inner_text()
    screenshot(page, "review-keyboard-places")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert focused(page)["feature"] == target, "focus comes back to the list"
    # Every layer small enough to list is listed, each place by its name.
    counts = page.eval_on_selector_all(".bm-place-layer", "ss => ss.map(s => s.querySelectorAll('button').length)")
    assert sum(counts) == page.evaluate("Object.keys(BorderMap.features).length")
    clean(page)
