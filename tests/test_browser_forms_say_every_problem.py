"""Review 11, N10: a required field left empty was caught by the browser's own bubble, in the
browser's language and one field at a time, before the page's one box could say every problem
in the page's language. The editors' forms leave the checking to the server."""

from __future__ import annotations

import pytest

from conftest import PHONE, screenshot, submit_history_event

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, date_field", [("km", "“កាលបរិច្ឆេទ” ត្រូវតែបំពេញ"), ("vi", "“Ngày” là bắt buộc")])
def test_an_empty_required_field_is_said_in_the_box_with_the_others(live_server, new_tab, lang, date_field):
    tab = new_tab(PHONE)
    # No date (required) and a source date that is no date: both said at once, by the server.
    submit_history_event(tab, live_server.url, lang, "", "2026-01-99")
    box = tab.locator(".bm-result-error[role=alert]")
    box.wait_for()
    tab.wait_for_load_state("domcontentloaded")  # the refused page's script marks the inputs
    said = box.inner_text()
    assert date_field in said and "2026-01-99" in said, said
    assert tab.get_attribute("#date", "aria-invalid") == "true"
    assert tab.get_attribute("#source_date", "aria-invalid") == "true"
    screenshot(tab, f"history-empty-date-{lang}")
    # The paragraph input of the commitment form is styled as its neighbours (review 11, N9):
    # a 16 px font (smaller makes a phone zoom in on focus), as tall as the other inputs.
    tab.goto(f"{live_server.url}/ledger/commitments/new?lang={lang}")
    sizes = tab.evaluate("""() => ['#c-paragraph', '#c-stated'].map((s) => {
        const el = document.querySelector(s); const cs = getComputedStyle(el);
        return [parseFloat(cs.fontSize), el.getBoundingClientRect().height]; })""")
    assert sizes[0][0] >= 16 and abs(sizes[0][1] - sizes[1][1]) <= 2, sizes
