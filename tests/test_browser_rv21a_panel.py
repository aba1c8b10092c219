"""What review rv21a found a reader of the panel missing: the words of the page's own language
find commitments (on the live page and in the export opened from disk), the two filters that
count commitments differently do not offer the same words, and the intro marks a document
published after the chosen day as popups do."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import clean, open_export, open_map, screenshot

pytestmark = pytest.mark.browser


def search(tab, query: str) -> list[str]:
    """Type `query` into the panel's search as a reader does; the commitments then listed."""
    box = tab.locator("#bm-search")
    box.fill("")
    box.press_sequentially(query, delay=10)
    tab.wait_for_function("(q) => BorderMap.state.read().q === q", arg=query)
    return tab.eval_on_selector_all(".bm-list .bm-item", "items => items.map(b => b.dataset.commitment)")


def holding(client, lang: str, words: str) -> set[str]:
    """The commitments whose summary, as the page in `lang` shows it, holds `words`."""
    items = client.get("/api/commitments").get_json()
    return {c["id"] for c in items if words in ((c.get("translations") or {}).get(lang) or {}).get("summary", "").lower()}


# The words as they stand in the summaries a reader sees, and as typed without accents.
SEARCHES = [("vi", "cửa khẩu", ("cửa khẩu", "cua khau", "CỬA KHẨU")),
            ("vi", "khánh thành", ("khánh thành", "khanh thanh")),
            ("km", "ម៉ឺនជ័យ", ("ម៉ឺនជ័យ",)),
            ("km", "ផ្លូវដែក", ("ផ្លូវដែក",))]


@pytest.mark.parametrize("lang, words, typed", SEARCHES)
def test_the_page_languages_words_find_commitments(page, live_server, client, lang, words, typed):
    expected = holding(client, lang, words)
    assert expected, f"no {lang} summary holds {words!r}: the data changed"
    open_map(page, f"{live_server.url}/?lang={lang}")
    for query in typed:
        found = search(page, query)
        assert expected <= set(found), (query, found)
        # The count says it too: not "0 of 48".
        assert page.inner_text(".bm-count-line").split()[0] not in ("0", "០")
        # Each listed commitment shows the words the reader typed.
        for cid in expected:
            expect(page.locator(f'.bm-item[data-commitment="{cid}"] .bm-item-summary')).to_contain_text(words)
    screenshot(page, f"rv21a-search-{lang}-{typed[-1].replace(' ', '-')}")
    clean(page)


@pytest.mark.parametrize("lang, words, typed", [SEARCHES[0], SEARCHES[2]])
def test_the_export_from_disk_finds_them_too(app, client, tmp_path, offline_tab, lang, words, typed):
    expected = holding(client, lang, words)
    open_export(offline_tab, app, tmp_path, lang)
    for query in typed:
        assert expected <= set(search(offline_tab, query)), query
    screenshot(offline_tab, f"rv21a-export-search-{lang}")
    clean(offline_tab)


def options(tab, name: str) -> dict[str, tuple[str, int]]:
    """A filter's options: value -> (label without its count, the count it shows)."""
    return tab.evaluate(
        """(name) => Object.fromEntries(Array.from(document.querySelectorAll('#bm-filter-' + name + ' option'))
              .filter(o => o.value).map(o => [o.value, [o.dataset.label,
                  Number(o.textContent.match(/\\(([0-9\\u17e0-\\u17e9]+)\\)$/)[1]
                         .replace(/[\\u17e0-\\u17e9]/g, d => d.charCodeAt(0) - 0x17e0))]]))""",
        name)


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_status_and_progress_do_not_offer_one_word_for_two_counts(page, live_server, lang):
    open_map(page, f"{live_server.url}/?lang={lang}")
    status, progress = options(page, "status"), options(page, "score")
    assert status and progress
    by_label = {label: n for label, n in status.values()}
    # A word offered by both filters counts the same commitments in both ("done (4)" beside
    # "done (1)" left a reader asking which is right).
    same = {label: (by_label[label], n) for label, n in progress.values() if label in by_label}
    assert all(a == b for a, b in same.values()), same
    # The two say what each counts: the record's status, and the progress against targets.
    legends = [page.inner_text(f'label[for="bm-filter-{name}"]') for name in ("status", "score")]
    assert legends[0] != legends[1]
    if lang == "en":
        assert legends == ["Status as recorded", "Progress against targets"]
    # The scorecard's columns are the Progress filter's words.
    page.click(".bm-scorecard > summary")
    heads = page.evaluate("""() => Array.from(document.querySelector('.bm-score-table').querySelectorAll('thead th'))
                                .slice(1, -1).map(c => c.textContent)""")
    assert heads == [progress[key][0] for key in page.evaluate("BorderMap.scoreColumns")]
    screenshot(page, f"rv21a-filters-{lang}")
    clean(page)


def test_the_intro_marks_a_document_published_after_the_day(page, live_server):
    open_map(page, f"{live_server.url}/?lang=en#at=2025-12-08")
    intro = page.locator("#bm-about")
    expect(intro).to_contain_text("PR 71/2025")
    later = intro.locator(".bm-about-doc", has_text="PR 71/2025")
    expect(later).to_contain_text("(2025-12-11) (published later)")
    # The other document came out before that day: no mark.
    expect(intro.locator(".bm-about-doc", has_text="Viet Nam News Service")).not_to_contain_text("published later")
    screenshot(page, "rv21a-intro-published-later")
    # On the day it came out, and on any later one, nothing is marked.
    page.evaluate("BorderMap.setAsOf('2025-12-11')")
    expect(intro).to_contain_text("PR 71/2025")
    expect(intro).not_to_contain_text("published later")
    clean(page)


def test_clear_search_and_filters_clears_the_progress_filter_too(page, live_server):
    """Review rv21f, M4: with only "Progress against targets" chosen, the list was filtered but
    "Clear search and filters" was hidden, and pressing it (with another filter) left it on."""
    open_map(page, f"{live_server.url}/#score=not-started")
    expect(page.locator(".bm-clear")).to_be_visible()
    total = page.locator(".bm-count-line").text_content()
    page.click(".bm-clear")
    assert page.input_value("#bm-filter-score") == ""
    assert "score=" not in page.url and page.locator(".bm-count-line").text_content() != total
    expect(page.locator(".bm-clear")).to_be_hidden()
    clean(page)
