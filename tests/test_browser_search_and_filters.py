"""The commitments list narrows by search (accents and case ignored) and by filters, as the API does."""

from __future__ import annotations

import pytest

from conftest import (
    INFRASTRUCTURE,
    api_ids,
    clean,
    hash_state,
    listed,
    open_map,
    screenshot,
)

pytestmark = pytest.mark.browser


def searched(page, query: str) -> None:
    """Wait until the panel has applied the search (it waits for typing to pause)."""
    page.wait_for_function("(q) => BorderMap.state.read().q === q", arg=query)


def test_search_finds_the_same_with_and_without_accents(page, live_server, client):
    expected = api_ids(client, q="tay ninh")
    assert {"c-pr71-27", INFRASTRUCTURE} <= set(expected)
    total = len(api_ids(client))
    assert len(expected) < total
    open_map(page, live_server.url + "/")
    assert len(listed(page)) == total

    results = {}
    for query, name in (("tay ninh", "plain"), ("Tây Ninh", "accented")):
        box = page.locator("#bm-search")
        box.fill("")
        box.press_sequentially(query, delay=15)
        # The list follows the search once typing pauses: wait for the search to be applied.
        searched(page, query)
        page.wait_for_function("(n) => document.querySelectorAll('.bm-list .bm-item').length === n",
                               arg=len(expected))
        results[query] = listed(page)
        assert page.inner_text(".bm-count-line").startswith(f"{len(expected)} of {total}")
        assert hash_state(page)["q"] == query
        screenshot(page, f"commitments-search-{name}")
    assert results["tay ninh"] == results["Tây Ninh"]
    assert sorted(results["tay ninh"]) == sorted(expected)

    # "Viet Nam" is written without accents in the summaries: only folding finds it typed in Vietnamese.
    for query in ("viet nam cultural week", "VIỆT NAM Cultural Week"):
        page.locator("#bm-search").fill("")
        page.locator("#bm-search").press_sequentially(query, delay=10)
        searched(page, query)
        assert listed(page) == api_ids(client, q="viet nam cultural week") != []

    page.locator("#bm-search").fill("no such place anywhere")
    searched(page, "no such place anywhere")
    page.wait_for_selector(".bm-list .bm-muted")
    assert listed(page) == []
    clean(page)


@pytest.mark.parametrize("query", ["Tân Nam", "tan nam"])
def test_a_search_for_a_name_lists_what_names_it_not_words_that_hide_its_letters(page, live_server, client, query):
    """Review rv19, M4: "Tân Nam" listed six commitments, four of them holding "tan" only inside
    "Ratanakiri", "important" or "standing" (and "nam" in "Viet Nam"), one of those first. The
    panel and the API agree."""
    assert api_ids(client, q=query) == ["c-pr71-27", "c-pr71-28"]
    open_map(page, live_server.url + "/?lang=vi")
    page.locator("#bm-search").press_sequentially(query, delay=15)
    searched(page, query)
    page.wait_for_function("() => document.querySelectorAll('.bm-list .bm-item').length === 2")
    assert sorted(listed(page)) == ["c-pr71-27", "c-pr71-28"]
    clean(page)


def test_filters_narrow_the_list(page, live_server, client):
    open_map(page, live_server.url + "/")
    page.select_option("#bm-filter-sector", "transport")
    assert sorted(listed(page)) == sorted(api_ids(client, sector="transport"))
    page.select_option("#bm-filter-status", "pledged")
    assert sorted(listed(page)) == sorted(api_ids(client, sector="transport", status="pledged"))
    documents = client.get("/api/documents").get_json()
    other = next(d["id"] for d in documents if d["id"] != "kh-mfa-pr71-2025")
    page.select_option("#bm-filter-sector", "")
    page.select_option("#bm-filter-status", "")
    page.select_option("#bm-filter-doc", other)
    assert sorted(listed(page)) == sorted(api_ids(client, document=other))
    assert hash_state(page) .get("doc") == other
    clean(page)


@pytest.mark.parametrize("size", [{"width": 1280, "height": 860}, {"width": 390, "height": 844}])
def test_the_page_itself_never_scrolls_with_a_commitment_open_and_a_search_made(page, live_server, size):
    # The panel and the map scroll inside; an element placed by the page (a screen reader's
    # status line) once made the whole page taller than the window.
    page.set_viewport_size(size)
    open_map(page, live_server.url + "/#commitment=c-pr71-16")
    page.wait_for_selector(".bm-has-detail #bm-detail-title")
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight")
    page.fill("#bm-search", "tay ninh")
    searched(page, "tay ninh")
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight")
    clean(page)


def test_a_name_of_several_words_finds_the_places_that_start_those_words(page, live_server):
    """Review 7, S7: the map's search for "an giang" also coloured Bac, Ha, Hau, Kien and Tien
    Giang; the server's place finder (tests/test_ledger_pages_places.py) follows the same rule."""
    open_map(page, live_server.url + "/?lang=en")
    found = page.evaluate("BorderMap.findPlaces('an giang').map((f) => f.id)")
    assert found[:2] == ["vn-an-giang", "vn-pre2025-an-giang"] or set(found[:2]) == {"vn-an-giang", "vn-pre2025-an-giang"}
    assert not [f for f in found if "giang" in f and "an-giang" not in f], found  # no Bac, Ha, Hau, Kien, Tien Giang
    # (the gates of An Giang come after: found through the province they are in)
    assert "vn-tay-ninh" in page.evaluate("BorderMap.findPlaces('tay ni').map((f) => f.id)")
    assert len(page.evaluate("BorderMap.findPlaces('giang')")) >= 7  # the word alone still finds every Giang
    # The two rules agree: the page's and the library's, on the same names.
    for text, term, expected in (("bac giang", "an", False), ("bac giang", "gi", True), ("vn-an-giang", "an", True),
                                 ("tan nam – meun chey", "meun", True), ("ច្រកម៉ឺនជ័យ", "ម៉ឺនជ័យ", True)):
        assert page.evaluate("([t, w]) => BorderMap.startsAWord(t, w)", [text, term]) is expected


def test_every_filter_says_how_many_each_option_gives_progress_too(page, live_server):
    """Review rv19, L4: the Progress filter's options had no counts, where the others' have; a
    reader chose "overdue" to find "0 of 48"."""
    open_map(page, live_server.url + "/?lang=vi")
    options = page.eval_on_selector_all("#bm-filter-score option", "os => os.map(o => [o.value, o.textContent])")
    assert all(text.rstrip(")").split("(")[-1].isdigit() for _, text in options), options
    for value, text in options[1:]:
        page.select_option("#bm-filter-score", value)
        assert len(listed(page)) == int(text.rstrip(")").split("(")[-1]), (value, text)
    clean(page)
