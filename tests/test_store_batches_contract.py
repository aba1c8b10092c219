"""The Store contract for imports written in batches (`add_feature_batches`, issue 16), on every
backend of test_store_contract: one import, one revision, all or nothing."""

from __future__ import annotations

import pytest

from bordermap.errors import Conflict, NotFound
from test_store_contract import backend_store_fixture, point, snapshot, user_layer

store = backend_store_fixture()


def batches_of(features: list[dict], size: int):
    for start in range(0, len(features), size):
        yield features[start:start + size]


def test_batches_are_one_import_and_one_revision_that_reverts(store):
    features = [point(f"p{i}", lon=105 + i / 100) for i in range(7)] + [point(None), point(None)]
    revision = store.add_feature_batches("mine", batches_of(features, 3), author="ana", summary="nine",
                                         new_layer=user_layer(), links=["c1"], file_sha256="ab" * 32)
    assert revision.action == "import" and revision.layer_id == "mine" and revision.file_sha256 == "ab" * 32
    assert [r.id for r in store.history()] == [revision.id]
    stored = store.features("mine")
    assert [f["id"] for f in stored] == [f"p{i}" for i in range(7)] + ["mine-1", "mine-2"]
    assert stored[3]["geometry"]["coordinates"] == [105.03, 11.5]
    assert store.commitment("c1")["user_features"] == sorted(f["id"] for f in stored)
    assert store.find_import("mine", "ab" * 32).id == revision.id
    store.revert(revision.id, author="ana")
    assert "mine" not in {layer.id for layer in store.layers()}
    assert store.commitment("c1")["user_features"] == []


def test_batches_store_what_one_call_stores(store, tmp_path):
    features = [point(f"q{i}", lon=104 + i / 10, kind="x") for i in range(5)] + [point(None)]
    store.add_features("one", features, author="ana", summary="s", new_layer=user_layer("one"))
    store.add_feature_batches("two", batches_of(features, 2), author="ana", summary="s",
                              new_layer=user_layer("two"), on_taken="rename")
    one, two = store.features("one"), store.features("two")
    assert [f["properties"].get("source_id") for f in two[:5]] == [f"q{i}" for i in range(5)]  # taken by "one"
    assert [f["geometry"] for f in one] == [f["geometry"] for f in two]


def test_an_error_in_any_batch_leaves_the_store_unchanged(store):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    before = snapshot(store)

    def failing():
        yield [point("b"), point("c")]
        raise RuntimeError("the file could not be read")

    with pytest.raises(RuntimeError):
        store.add_feature_batches("mine", failing(), author="ana", summary="two")
    assert snapshot(store) == before
    with pytest.raises(Conflict) as refused:  # an id taken by the store, in the third batch
        store.add_feature_batches("mine", batches_of([point("d"), point("e"), point("f"), point("a")], 1),
                                  author="ana", summary="three")
    assert refused.value.problems == ["features[3].id: 'a' is already used"]
    assert snapshot(store) == before
    with pytest.raises(NotFound):
        store.add_feature_batches("mine", batches_of([point("g")], 1), author="ana", summary="x", links=["nope"])
    assert snapshot(store) == before


def test_an_id_given_in_an_earlier_batch_counts_as_taken_in_a_later_one(store):
    batches = [[point("a"), point("b")], [point("a")]]
    with pytest.raises(Conflict):
        store.add_feature_batches("mine", iter(batches), author="ana", summary="x", new_layer=user_layer())
    revision = store.add_feature_batches("mine", iter(batches), author="ana", summary="x", new_layer=user_layer(),
                                         on_taken="rename")
    stored = store.features("mine")
    assert [f["id"] for f in stored] == ["a", "b", "mine-1"]
    assert stored[2]["properties"]["source_id"] == "a"
    assert revision.action == "import"


def test_reserved_ids_are_not_given_to_features_of_earlier_batches(store):
    batches = [[point(None), point(None)], [point("mine-1")]]
    store.add_feature_batches("mine", iter(batches), author="ana", summary="x", new_layer=user_layer(),
                              reserved={"mine-1"})
    assert [f["id"] for f in store.features("mine")] == ["mine-2", "mine-3", "mine-1"]


@pytest.mark.parametrize("layer_id, refusal", [("nowhere", NotFound), ("cur", Conflict)])
@pytest.mark.parametrize("in_batches", [False, True], ids=["one-call", "batches"])
def test_an_import_into_a_layer_it_may_not_write_stores_nothing(store, layer_id, refusal, in_batches):
    """The layer an import names is looked up once, before its rows (SQLite writes them without a
    foreign key check each, store/sqlite._import_write): a layer that is not there, or is
    curated, is refused and no row is left naming it."""
    before = snapshot(store)
    features = [point(f"p{i}") for i in range(5)] + [point(None)]
    with pytest.raises(refusal):
        if in_batches:
            store.add_feature_batches(layer_id, batches_of(features, 2), author="ana", summary="s")
        else:
            store.add_features(layer_id, features, author="ana", summary="s")
    assert snapshot(store) == before
    with pytest.raises(NotFound):
        store.feature("p0")


def test_sqlite_finds_every_reference_of_an_import_sound(tmp_path):
    """SQLite writes an import's rows without its foreign key check on each (they all name the
    one layer the import looked up): its own check, run afterwards, finds nothing amiss."""
    import sqlite3

    from bordermap.store import SQLiteStore
    from test_store_contract import curated

    sqlite_store = SQLiteStore(tmp_path / "store.db")
    sqlite_store.sync_curated(curated())
    sqlite_store.add_features("mine", [point(f"p{i}") for i in range(50)], author="ana", summary="fifty",
                              new_layer=user_layer(), links=["c1"])
    sqlite_store.add_feature_batches("mine", batches_of([point(None) for _ in range(7)], 3), author="ana",
                                     summary="seven")
    sqlite_store.close()
    with sqlite3.connect(tmp_path / "store.db") as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("SELECT count(*) FROM features WHERE layer_id = 'mine'").fetchone()[0] == 57
