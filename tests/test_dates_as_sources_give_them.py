"""Dates as the sources give them (review 19, M1 and M2).

A report that finds a gate already open gives no opening day: the map said "Open (2011-01-03)"
for Bavet – Moc Bai, open years before, and a reader quoted it. Such an event is a bound (`by`):
"Open (by 2011-01-03)". And a target whose date passed with no source after it was "overdue by
306 days", a delay the record cannot know of: it says that no source since says either way.
"""

from __future__ import annotations

import pytest

from bordermap import timeline
from bordermap.history import first_day
from bordermap.history_checks import event_problems
from conftest import open_map

SOURCE = {"title": "Gates already open", "publisher": "A paper", "date": "2011-01-03"}


def _event(date, status, **extra):
    return {"kind": "event", "entity": "feature", "entity_id": "gate", "date": date, "precision": "day",
            "estimated": False, "status": status, "confidence": "medium", "note": "n", "source": SOURCE, **extra}


def _target(target, status, set_on):
    return {"kind": "target", "entity": "feature", "entity_id": "gate", "status": status, "target": target,
            "set": set_on, "note": "planned"}


def test_a_bound_is_said_as_one():
    record = timeline.track("feature", [_event("2011-01-03", "open", by=True)], "2026-12-01")
    assert record["status"] == "open" and record["status_by"] is True
    assert timeline.track("feature", [_event("2011-01-03", "open")], "2026-12-01")["status_by"] is False
    # Before the report the record knows nothing, bound or not.
    assert timeline.track("feature", [_event("2011-01-03", "open", by=True)], "2010-06-01")["status"] is None


def test_a_bound_is_no_estimate_and_is_true_or_false():
    assert event_problems(_event("2011-01-03", "open", by=True), "e", {}) == []
    both = event_problems(_event("2011-01-03", "open", by=True, estimated=True), "e", {})
    assert len(both) == 1 and "not both" in both[0]
    assert "e.by: expected true or false" in event_problems(_event("2011-01-03", "open", by="yes"), "e", {})[0]


def test_a_passed_target_with_no_later_source_is_not_called_overdue_on_no_news():
    items = [_event("2025-05-07", "planned"), _target("2026-01", "under-construction", "2025-05-07")]
    target = timeline.track("feature", items, "2026-11-01")["targets"][0]
    assert target["overdue"] and target["unconfirmed"] and target["last_report"] == "2025-05-07"
    # A source after the deadline that still finds it planned: missed, as far as the record shows.
    later = timeline.track("feature", [*items, _event("2026-03-10", "planned")], "2026-11-01")["targets"][0]
    assert later["overdue"] and not later["unconfirmed"] and later["last_report"] == "2026-03-10"
    # Reached: neither.
    done = timeline.track("feature", [*items, _event("2026-02-01", "under-construction")], "2026-11-01")["targets"][0]
    assert not done["overdue"] and "unconfirmed" not in done


def test_the_history_form_and_the_api_take_a_bound(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.get("/history").get_data(as_text=True)
    assert 'name="date_kind"' in page and 'name="date_note"' in page
    sent = {"subject": "feature:cp-prek-chak-ha-tien", "date": "2012-05-02", "date_kind": "by", "status": "open",
            "confidence": "medium", "note": "Listed among the gates in use.", "date_note": "Since when, not said.",
            "source_title": "Gates in use", "source_publisher": "A paper", "source_date": "2012-05-02"}
    assert client.post("/history", data=sent).status_code == 302
    record = client.get("/api/features/cp-prek-chak-ha-tien/history").get_json()
    mine = [e for e in record["history"] if e.get("origin") == "user"]
    assert mine and mine[-1]["by"] is True and mine[-1]["estimated"] is False
    assert mine[-1]["date_note"] == "Since when, not said."
    refused = client.post("/api/history/events", headers={"Authorization": "Bearer test-editor-token"},
                          json={**{k: v for k, v in sent.items() if k not in ("subject", "date_kind")},
                                "entity": "feature", "entity_id": "cp-prek-chak-ha-tien", "date": "2012-06-01",
                                "by": True, "estimated": True})
    assert refused.status_code == 422 and "not both" in refused.get_data(as_text=True)


@pytest.mark.browser
@pytest.mark.parametrize("lang, by", [("en", "by "), ("vi", "không muộn hơn")])
def test_the_popup_says_a_bound_and_what_is_known_of_the_date(live_server, new_tab, client, lang, by):
    sent = {"entity": "feature", "entity_id": "cp-prek-chak-ha-tien", "date": "2026-02-02", "by": True,
            "status": "open", "confidence": "medium", "note": "Listed among the gates in use.",
            "date_note": "The report does not say since when.",
            "source_title": "Gates in use", "source_publisher": "A paper", "source_date": "2026-02-02"}
    added = client.post("/api/history/events", headers={"Authorization": "Bearer test-editor-token"}, json=sent)
    assert added.status_code == 201, added.get_data(as_text=True)
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}#feature=cp-prek-chak-ha-tien")
    popup = tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="cp-prek-chak-ha-tien"]')
    # The status line keeps the first bound of its run (the report of 2011 already found it open);
    # a later one does not move it.
    day = tab.evaluate("BorderMap.date('2011-01-03')")
    text = popup.inner_text()
    assert f"({by.strip()} {day})" in text, text
    last = popup.query_selector_all(".bm-history-list > li")[-1].inner_text()
    assert last.startswith(by.strip()) and "The report does not say since when." in last, last
    # The map's script reads a record as the server does.
    same = tab.evaluate("""() => {
        const items = [{kind: 'event', date: '2025-05-07', status: 'planned'},
                       {kind: 'target', status: 'under-construction', target: '2026-01', set: '2025-05-07'}];
        const t = BorderMap.track('feature', items, '2026-11-01').targets[0];
        return [t.overdue, t.unconfirmed, t.last_report];
    }""")
    assert same == [True, True, "2025-05-07"]


@pytest.mark.parametrize("lang", ["en", "vi", "km"])
def test_the_status_history_page_shows_readers_the_curated_record(client, app, lang):
    """Review 19, S12: the page said "None yet: the curated history is in geodata/history.toml",
    a path a reader cannot open, and showed none of the record the map is built on."""
    from bs4 import BeautifulSoup

    html = client.get(f"/history?lang={lang}").get_data(as_text=True)
    assert "geodata/history.toml" not in html
    soup = BeautifulSoup(html, "html.parser")
    items = soup.select(".bm-curated-events > li")
    store = app.extensions["bordermap.store"]
    expected = [e for e in store.status_events() if e["origin"] == "curated" and e["kind"] == "event"
                and not e.get("statement")]
    assert len(items) == len(expected) > 10
    ids = [item["id"] for item in items]
    dates = {e["id"]: first_day(e["date"]) for e in expected}
    assert [dates[i] for i in ids] == sorted((dates[i] for i in ids), reverse=True)  # newest first
    inaugurated = soup.find(id="cp-meun-chey-tan-nam@2025-12-08")
    assert inaugurated is not None and inaugurated.select_one(".bm-muted").get_text().strip()  # its source
    bound = next((e for e in expected if e.get("by")), None)
    if bound is not None:  # the record's bounds read as bounds here too
        said = soup.find(id=bound["id"]).strong.get_text()
        assert said.startswith({"en": "by ", "vi": "không muộn hơn", "km": "យ៉ាងយូរត្រឹម"}[lang]), said
    if lang == "vi":  # a note we translated is shown in Vietnamese, marked unreviewed
        assert any(item.select_one(".bm-unreviewed") for item in items)
