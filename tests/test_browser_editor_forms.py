"""The editors' forms in a browser: the history form offers only the statuses that fit its
subject, and every form offers again the name an editor gave last."""

from __future__ import annotations

import pytest

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
