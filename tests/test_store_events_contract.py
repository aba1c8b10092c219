"""The Store contract for status events (issue 11), on every backend of test_store_contract.

Editors' events are added, corrected and retracted as revisions that revert undoes; curated
events come with `sync_curated` and refuse editors' changes.
"""

from __future__ import annotations

import dataclasses

import pytest

from bordermap.errors import Conflict, InvalidInput, LaterChangeConflict, NotFound
from bordermap.model import LaterChange
from test_store_contract import backend_store_fixture, curated, point, user_layer

CURATED_EVENT = {"id": "town@2020-05-01", "kind": "event", "origin": "curated", "entity": "feature",
                 "entity_id": "town", "date": "2020-05-01", "precision": "day", "estimated": False,
                 "status": "open", "source": {"document": "doc", "paragraph": 1}, "confidence": "high",
                 "note": "Opened."}


def with_history(version: str = "v1"):
    return dataclasses.replace(curated(version), history=[CURATED_EVENT])


def event(**changes) -> dict:
    base = {"entity": "commitment", "entity_id": "c1", "date": "2026-03", "precision": "month",
            "estimated": True, "status": "in-progress",
            "source": {"title": "Road works begin", "publisher": "A paper", "date": "2026-03-02"},
            "confidence": "medium", "note": "Works began."}
    return {**base, **changes}


store = backend_store_fixture(with_history)


def test_curated_events_come_with_the_curated_data_and_are_replaced_with_it(store):
    assert store.status_events() == [CURATED_EVENT]
    assert store.status_events("feature", "town") == [CURATED_EVENT]
    assert store.status_events("feature", "nowhere") == []
    store.sync_curated(dataclasses.replace(curated("v2"), history=[]))
    assert store.status_events() == []


def test_an_added_event_is_a_revision_that_revert_takes_back(store):
    revision = store.add_status_event(event(), author="ed")
    assert revision.action == "event" and revision.changes == 1
    assert "commitment c1" in revision.summary and "in-progress" in revision.summary
    added = store.status_events("commitment", "c1")
    assert added == [{**event(), "id": f"ev-{revision.id}", "kind": "event", "origin": "user"}]
    page = store.revision(revision.id)
    assert [(c.entity, c.id, c.before, c.after) for c in page.changes] == [("event", added[0]["id"], None, added[0])]
    store.revert(revision.id, author="ed")
    assert store.status_events("commitment", "c1") == []
    assert store.status_events() == [CURATED_EVENT]  # curated events are not touched


def test_correct_and_retract_each_make_a_revision_and_revert_in_order(store):
    added_id = f"ev-{store.add_status_event(event(), author='ed').id}"
    corrected = store.correct_status_event(added_id, event(status="done", date="2026-04-30", precision="day"),
                                           author="ed")
    assert corrected.action == "event-correct"
    assert store.status_events("commitment", "c1")[0]["status"] == "done"
    change = store.revision(corrected.id).changes[0]
    assert (change.before["status"], change.after["status"]) == ("in-progress", "done")
    retracted = store.retract_status_event(added_id, author="ed", reason="wrong paper")
    assert retracted.action == "event-retract" and "wrong paper" in retracted.summary
    assert store.status_events("commitment", "c1") == []
    with pytest.raises(Conflict):  # the correction's event was changed since
        store.revert(corrected.id, author="ed")
    store.revert(retracted.id, author="ed")
    store.revert(corrected.id, author="ed")
    assert store.status_events("commitment", "c1")[0]["status"] == "in-progress"


def test_a_revert_blocked_by_a_later_change_to_an_event_names_that_revision(store):
    added = store.add_status_event(event(), author="ed")
    event_id = f"ev-{added.id}"
    retracted = store.retract_status_event(event_id, author="ed")
    assert store.revert_blocked(retracted.id) is None
    found = store.revert_blocked(added.id)
    assert found == LaterChange(added.id, "event", event_id, (retracted.id,))
    with pytest.raises(LaterChangeConflict, match=f"event '{event_id}' was changed by a later revision, revision "
                                                   f"{retracted.id}; revert revision {retracted.id} first"):
        store.revert(added.id, author="ed")
    assert store.status_events("commitment", "c1") == []


def test_events_refuse_unknown_entities_ids_and_curated_events(store):
    history = store.history()
    with pytest.raises(NotFound, match="no commitment with id 'c9'"):
        store.add_status_event(event(entity_id="c9"), author="ed")
    with pytest.raises(NotFound, match="no feature with id 'nowhere'"):
        store.add_status_event(event(entity="feature", entity_id="nowhere"), author="ed")
    with pytest.raises(InvalidInput):
        store.add_status_event(event(entity="layer"), author="ed")
    with pytest.raises(NotFound):
        store.correct_status_event("ev-404", event(), author="ed")
    with pytest.raises(NotFound):
        store.retract_status_event("ev-404", author="ed")
    with pytest.raises(Conflict, match="curated"):
        store.retract_status_event(CURATED_EVENT["id"], author="ed")
    with pytest.raises(Conflict, match="curated"):
        store.correct_status_event(CURATED_EVENT["id"], event(entity="feature", entity_id="town"), author="ed")
    added_id = f"ev-{store.add_status_event(event(), author='ed').id}"
    with pytest.raises(InvalidInput):
        store.correct_status_event(added_id, event(entity="feature", entity_id="town"), author="ed")
    assert len(store.history()) == len(history) + 1  # only the one add was stored


def test_events_on_user_features_survive_and_the_feature_can_still_be_deleted(store):
    store.add_features("mine", [point("p1")], author="ed", summary="one", new_layer=user_layer())
    store.add_status_event(event(entity="feature", entity_id="p1", status="planned"), author="ed")
    assert [e["status"] for e in store.status_events("feature", "p1")] == ["planned"]
    store.delete_features(["p1"], author="ed")
    # the event stays on record (the history of a deleted feature is still its history)
    assert [e["status"] for e in store.status_events("feature", "p1")] == ["planned"]
