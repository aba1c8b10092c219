"""The Store contract for the editors' ledger (issue 10): documents and commitments editors add.

Runs on every backend of test_store_contract (SQLite, and PostGIS on a throw-away cluster).
"""
from __future__ import annotations

import re

import pytest

from bordermap.errors import Conflict, NotFound
from test_store_contract import backend_store_fixture, curated, point, snapshot, user_layer

store = backend_store_fixture()


def document(**extra) -> dict:
    return {"id": None, "title": "Talks in Ha Noi", "publisher": "A news service", "date": "2026-03-02",
            "language": "en", "kind": "news-report", "text": "One.\n\nTwo.\n\nThree.",
            "paragraphs": ["One.", "Two.", "Three."], **extra}


def commitment(document_id: str, **extra) -> dict:
    return {"id": None, "sector": "transport", "summary": "Open the gate", "actors": ["Cambodia"],
            "statement": "agreed", "status": "pledged", "document": document_id, "paragraph": 2,
            "features": ["town"], "provinces": [], **extra}


def add_document(store, **extra):
    revision = store.put_document(document(**extra), author="ed", action="document-add", summary="added {id}")
    return revision, store.revision(revision.id).changes[0].id


def add_commitment(store, document_id, **extra):
    revision = store.put_commitment(commitment(document_id, **extra), author="ed", action="commitment-add",
                                    summary="added {id}")
    return revision, store.revision(revision.id).changes[0].id


def everything(store) -> tuple:
    return snapshot(store) + (store.documents(), store.commitments())


def test_an_editors_document_is_a_revision_and_reads_beside_the_curated_ones(store):
    revision, doc_id = add_document(store)
    assert doc_id == "doc-ed-1" and revision.action == "document-add" and revision.author == "ed"
    assert revision.summary == "added doc-ed-1" and revision.layer_id is None
    assert [(d["id"], d["origin"]) for d in store.documents()] == [("doc", "curated"), ("doc-ed-1", "editor")]
    stored = store.documents()[1]
    assert stored["paragraphs"] == ["One.", "Two.", "Three."] and stored["text"] == "One.\n\nTwo.\n\nThree."
    change = store.revision(revision.id).changes[0]
    assert (change.entity, change.before, change.after["title"]) == ("document", None, "Talks in Ha Noi")
    assert store.history()[0].id == revision.id


def test_an_editors_commitment_links_features_and_shows_on_them(store):
    _, doc_id = add_document(store)
    revision, cid = add_commitment(store, doc_id)
    assert cid == "c-ed-1" and revision.action == "commitment-add"
    item = store.commitment(cid)
    assert item["origin"] == "editor" and item["features"] == ["town"] and item["user_features"] == []
    assert store.feature("town")["properties"]["commitments"] == ["c1", cid]
    assert store.commitment("c1")["origin"] == "curated"


def test_edit_and_retire_are_revisions_with_before_and_after(store):
    _, doc_id = add_document(store)
    _, cid = add_commitment(store, doc_id)
    edited = store.put_commitment({**store.commitment(cid), "summary": "Open the gate soon"}, author="bo",
                                  action="commitment-edit", summary="edited {id}")
    change = store.revision(edited.id).changes[0]
    assert (change.entity, change.id) == ("commitment", cid)
    assert change.before["summary"] == "Open the gate" and change.after["summary"] == "Open the gate soon"
    retired = store.put_commitment({**store.commitment(cid), "retired": {"reason": "duplicate"}},
                                   author="bo", action="commitment-retire", summary="retired {id}")
    assert store.commitment(cid)["retired"] == {"reason": "duplicate"}
    assert store.feature("town")["properties"]["commitments"] == ["c1"]  # a retired record names nothing
    store.revert(retired.id, author="bo")
    assert "retired" not in store.commitment(cid)
    assert store.feature("town")["properties"]["commitments"] == ["c1", cid]


def test_revert_of_an_add_removes_the_record(store):
    _, doc_id = add_document(store)
    revision, cid = add_commitment(store, doc_id)
    undo = store.revert(revision.id, author="ed")
    assert undo.reverts == revision.id
    with pytest.raises(NotFound):
        store.commitment(cid)
    assert store.feature("town")["properties"]["commitments"] == ["c1"]


@pytest.mark.parametrize("change, message", [
    ({"paragraph": 9}, "paragraph"),
    ({"document": "nope"}, "document"),
    ({"features": ["town", "nowhere"]}, "features[1]: no feature with id 'nowhere'"),
    ({"provinces": ["nowhere"]}, "provinces[0]"),
])
def test_unknown_citations_and_features_are_refused_and_nothing_is_stored(store, change, message):
    _, doc_id = add_document(store)
    before = everything(store)
    with pytest.raises(NotFound, match=re.escape(message)):
        add_commitment(store, doc_id, **change)
    assert everything(store) == before


def test_changing_a_cited_paragraph_is_refused_naming_the_citations(store):
    revision, doc_id = add_document(store)
    _, cid = add_commitment(store, doc_id)
    before = everything(store)
    changed = {**store.documents()[1], "paragraphs": ["One.", "Two, changed.", "Three."]}
    with pytest.raises(Conflict, match=rf"{cid} \(paragraph 2\)"):
        store.put_document(changed, author="ed", action="document-edit", summary="edited {id}")
    with pytest.raises(Conflict, match=rf"{cid} \(paragraph 2\)"):
        store.revert(revision.id, author="ed")  # the document would go from under its citation
    assert everything(store) == before
    # A paragraph nobody cites may change.
    fine = {**store.documents()[1], "paragraphs": ["One, reworded.", "Two.", "Three.", "Four."]}
    store.put_document(fine, author="ed", action="document-edit", summary="edited {id}")
    assert store.documents()[1]["paragraphs"][3] == "Four."


@pytest.mark.parametrize("call, error", [
    (lambda s: s.put_commitment({"id": "c1", "summary": "x"}, author="e", action="commitment-edit", summary=""),
     Conflict),
    (lambda s: s.put_commitment({"id": "c-ed-9"}, author="e", action="commitment-edit", summary=""), NotFound),
    (lambda s: s.put_document({"id": "doc", "paragraphs": []}, author="e", action="document-add", summary=""),
     Conflict),
    (lambda s: s.put_document({"id": "doc", "paragraphs": []}, author="e", action="document-edit", summary=""),
     Conflict),
])
def test_curated_records_are_not_editors_to_change(store, call, error):
    before = everything(store)
    with pytest.raises(error):
        call(store)
    assert everything(store) == before


def test_a_curated_update_keeps_every_editors_record(store):
    _, doc_id = add_document(store)
    _, cid = add_commitment(store, doc_id)
    store.add_features("mine", [point("a")], author="ed", summary="one", new_layer=user_layer())
    store.link(cid, ["a"], author="ed")
    kept = (store.documents()[1], store.commitment(cid))
    assert store.sync_curated(curated("v2", name="Town, renamed"))
    assert (store.documents()[1], store.commitment(cid)) == kept
    assert store.commitment(cid)["user_features"] == ["a"]
    assert store.feature("town")["properties"]["name"] == "Town, renamed"


def test_a_curated_update_taking_an_editors_id_is_refused(store):
    _, doc_id = add_document(store)
    update = curated("v3")
    update.documents.append({"id": doc_id, "title": "clash"})
    with pytest.raises(Conflict, match=doc_id):
        store.sync_curated(update)
    assert store.curated_version() == "v1"


def test_ids_are_never_reused(store):
    revision, first = add_document(store)
    store.revert(revision.id, author="ed")
    _, second = add_document(store)
    assert (first, second) == ("doc-ed-1", "doc-ed-2")


def add_event(store, commitment_id: str, document_id: str, note: str, date: str = "2026-12-02"):
    """An editors' status event on a commitment, citing paragraph 3 of `document_id`."""
    return store.add_status_event({
        "entity": "commitment", "entity_id": commitment_id, "date": date, "precision": "day", "estimated": False,
        "status": "in-progress", "source": {"document": document_id, "paragraph": 3}, "confidence": "high",
        "note": note}, author="ed")


def test_an_editors_commitment_takes_status_events_as_a_curated_one_does(store):
    """Keeping the record: a commitment editors added moves through dated, sourced statuses too."""
    _, document_id = add_document(store)
    _, cid = add_commitment(store, document_id)
    added = add_event(store, cid, document_id, "Works began.")
    assert [e["status"] for e in store.status_events("commitment", cid)] == ["in-progress"]
    store.revert(added.id, author="ed")
    assert store.status_events("commitment", cid) == []
    with pytest.raises(NotFound, match="no commitment with id 'c-ed-404'"):
        store.add_status_event({"entity": "commitment", "entity_id": "c-ed-404", "date": "2026", "status": "done",
                                "source": {"document": document_id, "paragraph": 1}}, author="ed")


def test_a_commitment_named_by_status_events_is_not_reverted_away_under_them(store):
    """Review 7, M2: reverting the revision that added a commitment removed it, but its status
    events stayed in the published history naming a commitment that no longer exists. The revert
    is refused, naming the events; once they are retracted, it goes through."""
    _, document_id = add_document(store)
    added, cid = add_commitment(store, document_id)
    event = add_event(store, cid, document_id, "Survey started.", date="2026-11-26")
    before = snapshot(store)
    with pytest.raises(Conflict, match=f"reverting would remove commitment '{cid}', which status event "
                                       f"ev-{event.id} names; retract them first"):
        store.revert(added.id, author="ed")
    assert snapshot(store) == before  # nothing changed
    store.retract_status_event(f"ev-{event.id}", author="ed", reason="the commitment was a duplicate")
    store.revert(added.id, author="ed")
    assert cid not in {c["id"] for c in store.commitments()}


def _event_citing(doc_id: str, paragraph: int) -> dict:
    return {"entity": "commitment", "entity_id": "c1", "date": "2026-03-05", "precision": "day",
            "estimated": False, "status": "in-progress", "source": {"document": doc_id, "paragraph": paragraph},
            "confidence": "high", "note": "Works began."}


def _reword(store, doc_id: str, paragraphs: list[str]):
    record = next(d for d in store.documents() if d["id"] == doc_id)
    return store.put_document({**record, "paragraphs": paragraphs, "text": "\n\n".join(paragraphs)},
                              author="ed", action="document-edit", summary="edited {id}")


def test_a_retraction_is_not_reverted_back_onto_a_paragraph_reworded_since(store):
    """Review rv22f, M3: with its event retracted, nothing cited paragraph 2, which was then
    rewritten; reverting the retraction brought the event back citing words it never cited."""
    _, doc_id = add_document(store)
    event_id = f"ev-{store.add_status_event(_event_citing(doc_id, 2), author='ed').id}"
    retracted = store.retract_status_event(event_id, author="ed", reason="wrong paper")
    _reword(store, doc_id, ["One.", "Two, rewritten.", "Three."])
    before = everything(store) + (store.status_events(),)
    assert store.revert_blocked(retracted.id) is None  # no later change to the event itself
    said_ahead = store.revert_refused(retracted.id)  # what the confirmation says before the press
    assert isinstance(said_ahead, Conflict) and "whose words changed since it was cited" in said_ahead.message
    with pytest.raises(Conflict, match=rf"status event {event_id} \(paragraph 2\) of document '{doc_id}', "
                                       "whose words changed since it was cited") as refused:
        store.revert(retracted.id, author="ed")
    assert refused.value.problems == [f"status event {event_id} would cite paragraph 2, reworded since: record it "
                                      "again, citing the paragraph as it reads now, rather than bring it back"]
    assert everything(store) + (store.status_events(),) == before
    # The words as they were, the event may come back; so may one whose paragraph kept its words.
    _reword(store, doc_id, ["One, rewritten.", "Two.", "Three.", "Four."])
    assert store.revert_refused(retracted.id) is None
    store.revert(retracted.id, author="ed")
    assert store.revert_refused(retracted.id) is None  # reverted already
    assert [e["id"] for e in store.status_events("commitment", "c1")] == [event_id]


def test_an_edit_is_not_reverted_back_to_a_citation_of_a_paragraph_reworded_since(store):
    _, doc_id = add_document(store)
    _, cid = add_commitment(store, doc_id)  # cites paragraph 2
    record = next(c for c in store.commitments() if c["id"] == cid)
    moved = store.put_commitment({**record, "paragraph": 3}, author="ed", action="commitment-edit",
                                 summary="edited {id}")
    _reword(store, doc_id, ["One.", "Two, rewritten.", "Three."])  # nothing cites it now
    before = everything(store)
    with pytest.raises(Conflict, match=rf"commitment {cid} \(paragraph 2\) of document '{doc_id}'"):
        store.revert(moved.id, author="ed")
    assert everything(store) == before
