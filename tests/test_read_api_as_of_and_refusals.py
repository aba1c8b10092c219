"""Reviews 32a (#1 to #4) and 32b (#4): the read API answers what it is asked, as of the day asked.

- One feature on a day before its first event had the status it reached later, dated after the
  day (Meun Chey "inaugurated 2025-12-08" on 2010-01-01), where its popup says "not yet on
  record"; it now has no status then.
- A feature's `commitments` on an earlier day listed commitments stated later.
- `/api/commitments/<id>` ignored `?at=` (and answered today's status); it now answers as of it.
- Endpoints that ignored a query parameter they do not take now refuse it, as the README says.
- A sector, status, feature or document no commitment could match is refused, not answered [].
"""
from __future__ import annotations

import pytest


def props(client, url):
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["properties"]


def test_one_feature_before_its_first_event_has_no_status_then(client):
    then = props(client, "/api/features/cp-meun-chey-tan-nam?at=2010-01-01")
    assert (then["status"], then["status_date"]) == (None, None)
    # Its history says so too, and a later day has the status of that day.
    assert client.get("/api/features/cp-meun-chey-tan-nam/history?at=2010-01-01").get_json()["status"] is None
    later = props(client, "/api/features/cp-meun-chey-tan-nam?at=2022-01-01")
    assert later["status_date"] <= "2022-01-01" and later["status"] is not None
    assert props(client, "/api/features/cp-meun-chey-tan-nam?at=2026-01-01")["status"] == "inaugurated"


@pytest.mark.parametrize("url", ["/api/features/cp-bavet-moc-bai?at={day}",
                                 "/api/features?layer=checkpoints&at={day}"])
def test_a_features_commitments_on_a_day_are_those_on_record_then(client, url):
    def linked(day):
        body = client.get(url.format(day=day)).get_json()
        feature = body if "properties" in body else next(f for f in body["features"] if f["id"] == "cp-bavet-moc-bai")
        return feature["properties"]["commitments"]

    assert linked("2010-01-01") == []
    today = linked("2026-12-01")
    assert {"c-pr71-15", "c-pr71-16", "c-pr71-17"} <= set(today)
    # As the commitments list of that day has them.
    listed = {c["id"] for c in client.get("/api/commitments?feature=cp-bavet-moc-bai&at=2026-12-01").get_json()}
    assert set(today) == listed


def test_one_commitment_as_of_a_day(client):
    before = client.get("/api/commitments/c-pr71-27?at=2025-02-01").get_json()
    assert before["status"] is None and before["tracking"]["at"] == "2025-02-01"
    assert before["tracking"]["status"] is None and before["tracking"]["history"] == []
    after = client.get("/api/commitments/c-pr71-27?at=2026-01-01").get_json()
    assert after["status"] == after["tracking"]["status"] is not None and after["tracking"]["at"] == "2026-01-01"
    assert client.get("/api/commitments/c-pr71-27?at=2025-02-30").status_code == 422


@pytest.mark.parametrize("url", ["/api/layers?foo=1", "/api/documents?foo=1", "/api/licences?limit=3",
                                 "/api/commitments/c-pr71-27?foo=bar", "/api/commitments/withdrawn?foo=1",
                                 "/api/features/cp-meun-chey-tan-nam/history?foo=1",
                                 "/api/commitments/c-pr71-27/history?foo=1"])
def test_a_parameter_an_endpoint_does_not_take_is_refused(client, url):
    answer = client.get(url)
    assert answer.status_code == 400, answer.get_json()
    assert "unknown query parameter" in answer.get_json()["message"]
    assert client.get(url.split("?")[0]).status_code == 200


@pytest.mark.parametrize("query, status, said", [
    ("sector=Transport", 400, "sector: expected one of political"),
    ("status=open", 400, "status: expected one of pledged"),
    ("feature=cp-meun-chey", 404, "no feature with id 'cp-meun-chey'"),
    ("document=pr-71", 404, "no document with id 'pr-71'"),
])
def test_a_filter_no_commitment_could_match_is_refused(client, query, status, said):
    answer = client.get(f"/api/commitments?{query}")
    assert answer.status_code == status and said in answer.get_json()["message"]


def test_good_filters_still_answer_and_an_empty_answer_means_none(client):
    assert len(client.get("/api/commitments?sector=transport").get_json()) > 0
    assert client.get("/api/commitments?feature=cp-meun-chey-tan-nam").get_json()
    assert client.get("/api/commitments?document=kh-mfa-pr71-2025&status=dropped").get_json() == []


@pytest.mark.parametrize("q, wanted", [("បាវិត", {"c-pr71-15", "c-pr71-16", "c-pr71-17"}),
                                       ("ម៉ឺនជ័យ", {"c-pr71-27", "c-pr71-28"}),
                                       ("អូរយ៉ាដាវ", {"c-pr71-15"})])
def test_q_finds_a_commitment_by_any_name_of_its_places(client, q, wanted):
    """Review 32a, #7: a gate pair with no Khmer name of its own (Bavet – Moc Bai) was not found
    by its Khmer gate's name, which finds the place itself."""
    assert wanted <= {c["id"] for c in client.get("/api/commitments", query_string={"q": q}).get_json()}
