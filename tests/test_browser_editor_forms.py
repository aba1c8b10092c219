"""The editors' forms in a browser: the history form offers only the statuses that fit its
subject, and every form offers again the name an editor gave last."""

from __future__ import annotations

import pytest

from conftest import submit_history_event

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_the_history_form_offers_only_the_subjects_statuses(live_server, new_tab, lang):
    tab = new_tab()
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/history?lang={lang}")
    tab.select_option("#subject", "commitment:c-pr71-27")
    offered = tab.eval_on_selector_all("#status option:not([disabled])", "os => os.map(o => o.value)")
    assert "in-progress" in offered and "inaugurated" not in offered and "open" not in offered
    labels = tab.eval_on_selector_all("#status option:not([disabled])", "os => os.map(o => o.textContent)")
    assert len(labels) == len(set(labels)), labels  # no two read alike
    tab.select_option("#subject", "feature:xw-hcmc-moc-bai")
    offered = tab.eval_on_selector_all("#status option:not([disabled])", "os => os.map(o => o.value)")
    assert "under-construction" in offered and "pledged" not in offered


def test_the_ledger_offers_the_name_given_last(live_server, new_tab):
    tab = new_tab()
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/history?lang=vi")
    tab.fill("#author", "Trần Thị Mai")
    tab.evaluate("() => document.getElementById('author').form.dispatchEvent(new Event('submit'))")
    tab.goto(f"{live_server.url}/ledger?lang=vi")
    assert tab.input_value("#doc-author") == "Trần Thị Mai"


def test_the_retract_confirmation_reads_on_a_phone(live_server, new_tab, client):
    """Review 7, S10: on a phone the label column ("Đối tượng hoặc cam kết") took two thirds of the
    width and the values wrapped a word or two a line; the title broke inside "ev-1"."""
    from conftest import PHONE
    from test_ledger import AUTH

    event = {"entity": "feature", "entity_id": "xw-hcmc-moc-bai", "date": "2026-01-15", "status": "under-construction",
             "confidence": "medium", "note": "Main works began on the section near the border.",
             "source_title": "Main works start on the expressway section", "source_publisher": "A paper",
             "source_date": "2026-01-16"}
    assert client.post("/api/history/events", json=event, headers=AUTH).status_code == 201
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/history/events/ev-1/retract?lang=vi")
    widths = tab.evaluate("""() => {
        const facts = document.querySelector('#retracted-event');
        return [facts.getBoundingClientRect().width,
                ...[...facts.querySelectorAll('dd')].map(dd => dd.getBoundingClientRect().width)];
    }""")
    whole, values = widths[0], widths[1:]
    assert values and min(values) >= 0.9 * whole, widths
    # "ev-1" is on one line: a range over it has one box.
    boxes = tab.evaluate("""() => {
        const text = document.querySelector('h2').firstChild, at = text.textContent.indexOf('ev-1');
        const range = document.createRange();
        range.setStart(text, at); range.setEnd(text, at + 4);
        return range.getClientRects().length;
    }""")
    assert boxes == 1
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_refused_form_marks_the_inputs_its_problems_are_about(page, live_server):
    """Review 8, S1: the history form's refusal named its fields only in the box above; none of
    the inputs was marked, and a reader had to find each."""
    tab = page
    submit_history_event(tab, live_server.url, "vi", "31/12/2025", "2026-01-99")
    tab.wait_for_selector("[role=alert]")
    marked = tab.eval_on_selector_all('#event-form [aria-invalid="true"]', "inputs => inputs.map(i => i.name)")
    assert sorted(marked) == ["date", "source_date"], marked
    assert tab.evaluate("getComputedStyle(document.querySelector('#date')).borderTopColor") == "rgb(178, 24, 43)"
    tab.fill("#date", "2025-12-31")  # corrected: no longer marked
    assert tab.get_attribute("#date", "aria-invalid") is None
