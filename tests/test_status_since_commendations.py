"""Praise for what had already taken place is noted, not counted as a commitment done.

Review 19, S5: the scorecard reported "done (4)" for the Joint Commission, and three of the four
were commendations of visits, a cultural week and an inauguration that had taken place before
it met; only the Agreed Minutes (c-pr71-31) were something done there. Their status stays
"done" (the event did take place), but the progress counts put them in a column of their own,
"noted", which the scorecard explains.
"""

from __future__ import annotations

import pytest

from bordermap import timeline
from conftest import PHONE, clean, open_map, screenshot

PR71 = "kh-mfa-pr71-2025"
PRAISE = {"c-pr71-04", "c-pr71-12", "c-pr71-27"}


@pytest.mark.parametrize("status, statement, column", [
    ("done", "commended", "noted"), ("done", "signed", "done"), ("done", None, "done"),
    ("ongoing", "commended", "in-progress"), ("dropped", "commended", "dropped"),
])
def test_a_commendation_done_is_noted(status, statement, column):
    record = {"status": status, "overdue": False, "stale": False}
    assert timeline.score(record, statement) == column


def test_the_joint_commission_has_one_commitment_done_and_three_past_events_noted(client):
    card = client.get("/api/scorecard?at=2026-06-01").get_json()
    assert card["columns"][:2] == ["done", "noted"]
    row = next(r for r in card["document"] if r["key"] == PR71)
    assert (row["done"], row["noted"]) == (1, 3)
    listed = {c["id"]: c for c in client.get("/api/commitments?at=2026-06-01").get_json()}
    assert {i for i, c in listed.items() if c["tracking"]["score"] == "noted"} == PRAISE
    assert all(listed[i]["status"] == "done" for i in PRAISE)  # the events did take place
    assert listed["c-pr71-31"]["tracking"]["score"] == "done"
    assert listed["c-vns-05"]["tracking"]["score"] == "in-progress"  # praise for cooperation still going on


@pytest.mark.browser
@pytest.mark.parametrize("lang, noted, device", [("en", "noted", None), ("km", "បានកត់សម្គាល់", PHONE),
                                                 ("vi", "đã ghi nhận", None)])
def test_the_scorecard_shows_and_explains_the_noted_column(live_server, new_tab, client, lang, noted, device):
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang={lang}#at=2026-06-01")
    tab.wait_for_selector(".bm-scorecard summary")
    tab.click(".bm-scorecard summary")
    heads = tab.eval_on_selector_all(".bm-score-table:last-of-type thead th", "ths => ths.map(t => t.textContent)")
    assert noted in heads, heads
    figure = f'.bm-score-link[data-field="document"][data-key="{PR71}"][data-score="{{}}"]'
    assert tab.text_content(figure.format("done")) == tab.evaluate("BorderMap.num(1)")
    assert tab.text_content(figure.format("noted")) == tab.evaluate("BorderMap.num(3)")
    assert tab.is_visible(".bm-scorecard .bm-score-note")
    note = tab.text_content(".bm-scorecard .bm-score-note")
    assert note.startswith({"en": "Noted:", "km": "បានកត់សម្គាល់៖", "vi": "Đã ghi nhận:"}[lang]), note
    screenshot(tab, f"scorecard-noted-{lang}{'-phone' if device else ''}")
    # The figure opens the list it counts.
    tab.click(figure.format("noted"))
    assert tab.input_value("#bm-filter-score") == "noted"
    shown = tab.eval_on_selector_all(".bm-list [data-commitment]", "els => els.map(e => e.dataset.commitment)")
    assert set(shown) == PRAISE, shown
    # The map's script scores every commitment as the server does.
    listed = client.get("/api/commitments?at=2026-06-01").get_json()
    script = tab.evaluate("(ids) => ids.map((id) => BorderMap.commitments[id].tracking.score)", [c["id"] for c in listed])
    assert script == [c["tracking"]["score"] for c in listed]
    assert not tab.console_errors
    clean(tab)
