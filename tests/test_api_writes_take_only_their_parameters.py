"""A write through the JSON API refuses a query parameter it does not take, before anything is
stored (review rv25a, #1): `?dry_run=1` sent where no dry run is offered, or a mistyped
`dryrun=1`, made the change for real, the parameter dropped unseen."""

from __future__ import annotations

import orjson
import pytest

TOKEN = {"Authorization": "Bearer test-editor-token"}
POINT = orjson.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "m1", "properties": {"name": "Market"},
     "geometry": {"type": "Point", "coordinates": [105.9, 11.1]}}]})
DOCUMENT = {"title": "A new market", "publisher": "A test news service", "date": "2026-03-02", "place": "Ha Noi",
            "language": "en", "kind": "news-report", "text": "One.\n\nTwo."}
EVENT = {"entity": "feature", "entity_id": "xw-hcmc-moc-bai", "date": "2026-03-05", "precision": "day",
         "estimated": False, "status": "under-construction", "source_title": "Works", "source_publisher": "A paper",
         "source_date": "2026-03-06", "confidence": "high", "note": "Works began."}


def _commitment(document: str) -> dict:
    return {"sector": "border-affairs", "summary": "A market by the gate.", "actors": ["Cambodia"],
            "statement": "agreed", "status": "pledged", "stated": "2026-03-02", "document": document,
            "paragraph": 1, "features": ["cp-meun-chey-tan-nam"]}


@pytest.fixture
def record(client):
    """A user layer with one feature, an editors' document, commitment and status event."""
    assert client.post("/api/features?layer=market&new_layer_title=Market", data=POINT, headers=TOKEN).status_code \
        == 201
    document = client.post("/api/documents", json=DOCUMENT, headers=TOKEN).get_json()["id"]
    commitment = client.post("/api/commitments", json=_commitment(document), headers=TOKEN).get_json()["id"]
    event = client.post("/api/history/events", json=EVENT, headers=TOKEN)
    assert event.status_code == 201, event.get_json()
    return {"document": document, "commitment": commitment, "event": f"ev-{event.get_json()['revision']['id']}"}


def _writes(record: dict) -> dict[str, tuple]:
    """Each write the API offers: (method, address, what it sends)."""
    return {
        "import": ("POST", "/api/features?layer=market", {"data": POINT.replace(b'"m1"', b'"m2"')}),
        "delete feature": ("DELETE", "/api/features/m1", {}),
        "delete layer": ("DELETE", "/api/layers/market", {}),
        "revert": ("POST", "/api/revisions/1/revert", {}),
        "link": ("POST", f"/api/commitments/{record['commitment']}/links", {"json": {"features": ["m1"]}}),
        "add event": ("POST", "/api/history/events", {"json": {**EVENT, "date": "2026-03-07"}}),
        "correct event": ("PUT", f"/api/history/events/{record['event']}", {"json": {**EVENT, "note": "Begun."}}),
        "retract event": ("DELETE", f"/api/history/events/{record['event']}", {}),
        "add document": ("POST", "/api/documents", {"json": {**DOCUMENT, "title": "Another market"}}),
        "edit document": ("PUT", f"/api/documents/{record['document']}", {"json": {**DOCUMENT, "place": "Hue"}}),
        "add commitment": ("POST", "/api/commitments", {"json": {**_commitment(record["document"]),
                                                                   "summary": "Another market."}}),
        "edit commitment": ("PATCH", f"/api/commitments/{record['commitment']}", {"json": {"summary": "A fair."}}),
        "retire commitment": ("POST", f"/api/commitments/{record['commitment']}/retire", {}),
    }


def _state(client) -> tuple:
    return (client.get("/api/revisions").get_json(), client.get("/api/history").get_json())


def _sent(client, write: tuple, query: str):
    method, address, more = write
    joined = address + ("&" if "?" in address else "?") + query
    return client.open(joined, method=method, headers=TOKEN, **more)


WRITES = ["import", "delete feature", "delete layer", "revert", "link", "add event", "correct event", "retract event",
          "add document", "edit document", "add commitment", "edit commitment", "retire commitment"]


@pytest.mark.parametrize("name, query", [(name, query) for name in WRITES
                                         for query in ("dry_run=1", "dryrun=1", "author=ana&author=bo")
                                         if not (query == "dry_run=1" and name in ("import", "add document"))])
def test_a_write_given_a_parameter_it_does_not_take_stores_nothing(client, record, name, query):
    before = _state(client)
    answer = _sent(client, _writes(record)[name], query)
    assert answer.status_code == 400, (name, answer.status_code, answer.get_json())
    message = answer.get_json()["message"]
    if query == "dry_run=1":
        assert message.startswith("unknown query parameter 'dry_run'; this resource takes ")
        assert message.endswith("only POST /api/features and POST /api/documents take dry_run=1 (a check that "
                                "stores nothing)")
    elif query == "dryrun=1":
        assert message.startswith("unknown query parameter 'dryrun'"), message
    else:
        assert message == "parameter 'author' given more than once"
    assert _state(client) == before


@pytest.mark.parametrize("name", ["import", "add document"])
def test_a_dry_run_is_a_yes_or_a_no_and_anything_else_is_refused(client, record, name):
    before = _state(client)
    for value in ("ture", "2", "maybe"):
        answer = _sent(client, _writes(record)[name], f"dry_run={value}")
        assert answer.status_code == 400
        assert answer.get_json()["message"] == f"dry_run: expected 1 or 0 (or true or false), got '{value}'"
    assert _state(client) == before
    checked = _sent(client, _writes(record)[name], "dry_run=true")
    assert checked.status_code == 200 and checked.get_json()["dry_run"] is True
    assert _state(client) == before


def test_the_parameters_a_write_takes_still_work(client, record):
    """`link` may be given more than once; `author` names who made the change."""
    answer = client.post("/api/features?layer=market&link=c-pr71-10&link=c-pr71-11&author=Dara",
                         data=POINT.replace(b'"m1"', b'"m3"'), headers=TOKEN)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["revision"]["author"] == "Dara"
    assert "m3" in client.get("/api/commitments/c-pr71-11").get_json()["user_features"]
    retracted = client.delete(f"/api/history/events/{record['event']}?reason=wrong+paper&author=Dara",
                              headers=TOKEN)
    assert retracted.status_code == 200 and "wrong paper" in retracted.get_json()["revision"]["summary"]


@pytest.mark.parametrize("address", ["/api/revisions?page=2", "/api/revisions/1?limit=5&extra=1"])
def test_the_revision_lists_refuse_what_they_do_not_take(client, record, address):
    answer = client.get(address)
    assert answer.status_code == 400 and "unknown query parameter" in answer.get_json()["message"]


def test_lang_is_taken_by_the_revisions_the_paragraphs_and_the_ogc_writes(client, record):
    """`lang` chooses the language of a refusal's description wherever the API answers: the reads
    beside the writes refused it as an unknown parameter (today's review, 1)."""
    for address in ("/api/revisions?lang=km", "/api/revisions/1?lang=vi",
                    f"/api/documents/{record['document']}/paragraphs?lang=km"):
        assert client.get(address, headers=TOKEN).status_code == 200, address
    feature = orjson.dumps({"type": "Feature", "properties": {"name": "Stall"},
                            "geometry": {"type": "Point", "coordinates": [105.91, 11.1]}})
    made = client.post("/ogc/collections/market/items?lang=vi", data=feature, headers=TOKEN,
                       content_type="application/geo+json")
    assert made.status_code == 201, made.get_json()
