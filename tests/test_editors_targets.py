"""Review 31a, #4: an editors' commitment's target is tracked, as a curated one's is.

A target typed on the commitment form ("2026-06", "2027", "2026-2030") was shown as text and
never tracked: the commitment could not be overdue, the panel's "Progress against targets" and
the scorecard never counted it. It is now a target to be done by the last day it names, given on
the stated day by the paragraph the commitment cites.
"""
from __future__ import annotations

import pytest

from test_ledger import AUTH, commitment_body, document_body


@pytest.fixture
def commitment(client):
    document_id = client.post("/api/documents", json=document_body(), headers=AUTH).get_json()["id"]

    def add(**extra):
        answer = client.post("/api/commitments", json=commitment_body(document_id, **extra), headers=AUTH)
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()["id"], document_id
    return add


def record(client, cid, at):
    answer = client.get(f"/api/commitments/{cid}/history?at={at}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_a_passed_target_makes_the_commitment_overdue(client, commitment):
    cid, document_id = commitment(target="2026-06")
    before = record(client, cid, "2026-05-01")
    [target] = before["targets"]
    assert target["status"] == "done" and target["deadline"] == "2026-06-30" and target["set"] == "2026-03-02"
    assert target["source"] == {"document": document_id, "paragraph": 1}
    assert before["overdue"] is False
    after = record(client, cid, "2026-08-01")
    assert after["overdue"] is True and after["targets"][0]["slippage_days"] == 32
    # The scorecard counts it among the overdue, as of that day and not before.
    rows = client.get("/api/scorecard?at=2026-08-01").get_json()["document"]
    assert [row["overdue"] for row in rows if row["key"] == document_id] == [1]
    rows = client.get("/api/scorecard?at=2026-05-01").get_json()["document"]
    assert [row["overdue"] for row in rows if row["key"] == document_id] == [0]


def test_a_target_reached_late_is_late_and_not_overdue(client, commitment):
    cid, document_id = commitment(target="2026-06")
    event = {"entity": "commitment", "entity_id": cid, "date": "2026-07-10", "precision": "day",
             "estimated": False, "status": "done", "document": document_id, "paragraph": 1,
             "confidence": "high", "note": "The gate took its first third-country travellers."}
    assert client.post("/api/history/events", json=event, headers=AUTH).status_code == 201
    then = record(client, cid, "2026-08-01")
    assert then["overdue"] is False
    assert then["targets"][0]["actual"] == "2026-07-10" and then["targets"][0]["slippage_days"] == 10


def test_a_target_that_names_no_date_is_not_tracked(client, commitment):
    cid, _ = commitment(target="USD 20 billion a year")
    assert record(client, cid, "2030-01-01")["targets"] == []
    cid, _ = commitment(summary="No target at all.")
    assert record(client, cid, "2030-01-01")["targets"] == []


def test_the_tracked_target_follows_the_commitments_target(client, commitment):
    cid, _ = commitment(target="2026-06")
    revision = client.get(f"/api/commitments/{cid}").get_json()["revision"]
    answer = client.patch(f"/api/commitments/{cid}", json={"target": "2026-2027"},
                          headers={**AUTH, "If-Match": f'"{revision}"'})
    assert answer.status_code == 200, answer.get_json()
    then = record(client, cid, "2026-08-01")
    assert [t["deadline"] for t in then["targets"]] == ["2027-12-31"] and then["overdue"] is False
    revision = client.get(f"/api/commitments/{cid}").get_json()["revision"]
    answer = client.patch(f"/api/commitments/{cid}", json={"target": ""}, headers={**AUTH, "If-Match": f'"{revision}"'})
    assert answer.status_code == 200, answer.get_json()
    assert record(client, cid, "2030-01-01")["targets"] == []


def test_the_maps_script_gets_the_target(client, commitment):
    """The panel's history section and "Progress against targets" are worked out in the page
    from what /api/history (and the page's inline data) give."""
    cid, _ = commitment(target="2026-06")
    items = client.get("/api/history").get_json()["commitment"][cid]
    assert [(i["target"], i["status"], i["set"]) for i in items if i["kind"] == "target"] == [("2026-06", "done", "2026-03-02")]


@pytest.mark.parametrize("target", ["2030-2026", "2026-06/2026-01"])
def test_a_range_written_backwards_is_refused(client, commitment, target):
    """Review 33a, #4: "2030-2026" was stored and shown as "between 2030 and 2026"."""
    answer = client.post("/api/commitments", json=commitment_body("doc-ed-1", target=target), headers=AUTH)
    assert answer.status_code == 422
    assert f"target: the range '{target}' ends before it begins: give its first date first" in answer.get_json()["problems"]


def test_the_form_says_which_targets_are_tracked(client):
    """Review 33a, #3: a target in words was kept and never tracked, and the form did not say so."""
    from bs4 import BeautifulSoup

    client.post("/unlock", data={"token": "test-editor-token"})
    for lang in ("en", "km", "vi"):
        page = BeautifulSoup(client.get(f"/ledger/commitments/new?lang={lang}").get_data(as_text=True), "html.parser")
        field = page.select_one("#c-target")
        hint = page.select_one(f"#{field['aria-describedby']}")
        # The examples in the page's digits (a Khmer page writes ២០២៦-២០៣០, which the field takes too).
        assert ("២០២៦-២០៣០" if lang == "km" else "2026-2030") in hint.get_text()
        assert lang != "en" or "not tracked" in hint.get_text()
