"""The status history in the reader's language: a gate's popup and a commitment's detail show
our Khmer or Vietnamese notes, each marked as an unreviewed translation, with its language."""

from __future__ import annotations

import tomllib

import pytest

from bordermap.paths import geodata_dir
from conftest import DESKTOP, PHONE, open_map, screenshot

pytestmark = pytest.mark.browser

TRANSLATIONS = tomllib.loads((geodata_dir() / "history_translations.toml").read_text(encoding="utf-8"))
STATEMENT = {"km": "សេចក្ដីថ្លែងការណ៍ ដូចដែលឯកសារដែលយើងយោងបានកត់ត្រា។",
             "vi": "Tuyên bố, như văn kiện được dẫn nguồn ghi lại."}
CONFIDENCE_HIGH = {"km": "ខ្ពស់", "vi": "cao"}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["km", "vi"])
def test_history_notes_are_shown_in_the_page_language_and_marked_unreviewed(browser, live_server, lang, size):
    context = browser.new_context(**(DESKTOP if size == "desktop" else PHONE))
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        open_map(tab, f"{live_server.url}/?lang={lang}#feature=cp-meun-chey-tan-nam")
        tab.wait_for_selector(".leaflet-popup-content .bm-history")
        inaugurated = TRANSLATIONS["cp-meun-chey-tan-nam@2025-12-08"]
        note = tab.locator(".leaflet-popup-content .bm-history-note", has_text=inaugurated[lang]["note"])
        assert note.count() == 1
        assert note.evaluate("(el) => el.closest('[lang]').getAttribute('lang')") == lang
        assert inaugurated["note_en"] not in tab.locator(".leaflet-popup-content").inner_text()
        item = tab.locator(".leaflet-popup-content .bm-history-list li").last
        assert item.locator(".bm-unreviewed").count() == 1
        assert CONFIDENCE_HIGH[lang] in item.inner_text()
        note.scroll_into_view_if_needed()
        screenshot(tab, f"history-{lang}-{size}-popup")

        # A commitment with a target: its statement and its target's note in the page language.
        tab.evaluate("BorderMap.panel.open('c-pr71-06', { keepView: true, noFocus: true })")
        tab.wait_for_selector("#bm-detail-title")
        history = tab.locator(".bm-detail .bm-history")
        history.wait_for()
        text = history.inner_text()
        assert STATEMENT[lang] in text
        target = TRANSLATIONS["c-pr71-06@target-6"]
        assert target[lang]["note"] in text and target["note_en"] not in text
        assert history.locator(".bm-target .bm-unreviewed").count() == 1
        history.scroll_into_view_if_needed()
        screenshot(tab, f"history-{lang}-{size}-commitment")
    finally:
        context.close()
    assert errors == []
