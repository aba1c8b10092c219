"""What a screen reader is told (review 12a: F9, F10, F11): a search's places are announced, the
sections of a popup and of the upload form are headings in order, and text is marked with the
language it is written in."""

from __future__ import annotations

import itertools
import re

import pytest
from bs4 import BeautifulSoup

from conftest import MEUN_CHEY, map_at_rest, open_map, screenshot

pytestmark = pytest.mark.browser


def test_a_search_announces_the_places_it_found(page, live_server):
    open_map(page, live_server.url + "/")
    page.fill("#bm-search", "tay ninh")
    page.wait_for_selector(".bm-found:not([hidden])")
    said = page.text_content(".bm-count-line")
    assert re.search(r"of 48 commitments · \d+ places? on the map", said), said


def test_a_popups_sections_are_headings_under_its_title(page, live_server):
    open_map(page, f"{live_server.url}/?lang=km#feature={MEUN_CHEY}")
    popup = page.wait_for_selector(f'.leaflet-popup .bm-popup[data-feature="{MEUN_CHEY}"]')
    assert popup.query_selector("h3.bm-popup-title") is not None
    names = [h.inner_text() for h in popup.query_selector_all("h4")]
    assert any(name.startswith("ការប្តេជ្ញា") for name in names) and len(names) >= 3, names
    # A source's title is marked with its own language; the paragraph or the date is the page's.
    source = popup.query_selector(".bm-history-source")
    assert source.get_attribute("lang") is None
    assert source.query_selector("span[lang]") is not None
    screenshot(page, "popup-headings-km")


def test_the_upload_form_keeps_its_headings_in_order(live_server, new_tab):
    tab = new_tab()
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    levels = tab.evaluate("[...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
                          ".map((h) => +h.tagName[1])")
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("lang", ["en", "km"])
def test_ogc_values_are_marked_with_their_language(client, lang):
    html = client.get(f"/ogc/collections/checkpoints/items/cp-bavet-moc-bai?f=html&lang={lang}").get_data(as_text=True)
    rows = {row.th.get_text(): row.td for row in BeautifulSoup(html, "html.parser").select("table.bm-ogc-props tr")
            if row.th and row.td}
    assert rows["gate_kh_km"]["lang"] == "km" and rows["name_vi"]["lang"] == "vi" and rows["name"]["lang"] == "en"
    assert rows["name_km_status"]["lang"] == "en"  # a status word, whatever its name ends with


def test_the_map_is_a_named_region_that_says_where_its_places_are_read(page, live_server):
    open_map(page, f"{live_server.url}/?lang=vi")
    map_node = page.locator(".leaflet-container")
    assert map_node.get_attribute("role") == "region" and map_node.get_attribute("aria-label") == "Bản đồ"
    about = page.locator("#" + map_node.get_attribute("aria-describedby"))
    assert "Các địa điểm trên bản đồ" in about.text_content()
    # One region named so, not two, one inside the other (review 33b, #13).
    assert page.evaluate("document.querySelectorAll('[role=region][aria-label=\"Bản đồ\"]').length") == 1
    # The date line is named by its own words, not by its title (the dataset's version).
    assert page.get_attribute("#bm-asof", "aria-labelledby") == "bm-asof"


def test_the_editors_pages_start_with_a_skip_link(live_server, new_tab):
    tab = new_tab()
    tab.goto(f"{live_server.url}/revisions?lang=km")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('href')") == "#content"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "content"


def test_a_popup_keeps_clear_of_the_controls_on_the_narrowest_phone(new_tab, live_server):
    """Review 12a, F12: at 320 px the popup's last lines sat under the date control."""
    tab = new_tab({"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2, "is_mobile": True,
                   "has_touch": True})
    open_map(tab, f"{live_server.url}/?lang=km#feature=cp-bavet-moc-bai")
    tab.wait_for_selector('.leaflet-popup .bm-popup[data-feature="cp-bavet-moc-bai"]')
    map_at_rest(tab)  # the map pans the popup into view
    overlap = tab.evaluate("""() => {
        const popup = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
        return [...document.querySelectorAll('.leaflet-bottom.leaflet-left .leaflet-control')].map((c) => {
          const r = c.getBoundingClientRect();
          return Math.max(0, Math.min(r.right, popup.right) - Math.max(r.left, popup.left))
               * Math.max(0, Math.min(r.bottom, popup.bottom) - Math.max(r.top, popup.top)); })
          .reduce((a, b) => a + b, 0); }""")
    screenshot(tab, "popup-320-km")
    assert overlap == 0


@pytest.mark.parametrize("lang", ["en", "vi", "km"])
def test_an_unreviewed_label_is_said_in_words_and_explained_on_the_page(page, live_server, lang):
    """Review 12a, F15: the dotted underline of our unreviewed Khmer and Vietnamese labels was
    explained only by a tooltip, which keyboard, touch and screen-reader users never get."""
    open_map(page, f"{live_server.url}/?lang={lang}#commitment=c-pr71-27")
    facts = page.wait_for_selector(".bm-facts")
    marked = facts.query_selector_all(".bm-unreviewed-label")
    note = page.locator(".bm-detail .bm-label-note")
    if lang == "en":  # English labels are ours and need no review
        assert marked == [] and note.count() == 0
        return
    said = page.evaluate("() => ' (' + BorderMap.t('unreviewed translation') + ')'")
    assert "unreviewed" not in said  # in the page's language
    assert marked and all(m.query_selector(".bm-visually-hidden-inline").text_content() == said for m in marked)
    assert said.strip() in page.locator(".bm-facts").aria_snapshot()
    assert note.is_visible() and "…" not in note.inner_text() and len(note.inner_text()) > 20
    assert note.get_attribute("aria-hidden") == "true"  # a screen reader had it with each label
    screenshot(page, f"unreviewed-label-note-{lang}")


def test_an_unreviewed_name_in_a_popup_is_said_in_the_page_language(page, live_server):
    open_map(page, f"{live_server.url}/?lang=en#feature=xw-phnom-penh-bavet")
    popup = page.wait_for_selector('.leaflet-popup .bm-popup[data-feature="xw-phnom-penh-bavet"]')
    names = popup.query_selector_all(".bm-locals .bm-unreviewed-label")
    assert sorted(n.get_attribute("lang") for n in names) == ["km", "vi"]
    for name in names:
        words = name.query_selector(".bm-visually-hidden-inline")
        assert (words.get_attribute("lang"), words.text_content()) == ("en", " (unreviewed translation)")
        assert words.bounding_box()["width"] <= 1  # heard, not seen
    note = popup.query_selector(".bm-label-note")
    assert note is not None and note.is_visible() and note.inner_text().startswith("Underlined with dots")
