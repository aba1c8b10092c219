"""The Store contract for kept layer bodies: `features_geojson(layer)` may be served from a body
the store kept, but never one older than the data, whichever process changed the data.

Runs on every backend of test_store_contract (SQLite, and PostGIS on a throw-away cluster). A
second Store object on the same database plays a second app server.
"""
from __future__ import annotations

import orjson
import pytest

from bordermap.curated import CuratedData
from bordermap.store import SQLiteStore, common_bodies
from test_store_contract import CURATED_LAYER, backend_store_fixture, curated, point, user_layer

store = backend_store_fixture()


@pytest.fixture
def other_server(store):
    """Another Store object on the same database, as a second app server holds."""
    if isinstance(store, SQLiteStore):
        instance = SQLiteStore(store.path)
    else:
        from bordermap.store.postgis import PostGISStore

        instance = PostGISStore(store.url, pool_size=2)
    yield instance
    instance.close()


@pytest.fixture
def builds(store, monkeypatch):
    """The layers whose body a store built from its data (rather than served kept), in order."""
    built: list[str | None] = []
    build = type(store)._build_body

    def counted(self, db, layer_id):
        built.append(layer_id)
        return build(self, db, layer_id)

    monkeypatch.setattr(type(store), "_build_body", counted)
    return built


def body(store, layer_id: str | None) -> bytes:
    """The store's body of the layer, checked against the bytes orjson writes for `features()`."""
    found = store.features_geojson(layer_id)
    assert found == orjson.dumps({"type": "FeatureCollection", "features": store.features(layer_id)})
    return found


def test_a_kept_body_is_served_by_every_server_until_the_layer_changes(store, other_server, builds):
    store.add_features("mine", [point("a"), point("b", 105.6), point("c", 105.7, note="ខ្មែរ Tây Ninh")],
                       author="ana", summary="three", new_layer=user_layer())
    first = body(store, "mine")
    assert builds == ["mine"]
    assert body(store, "mine") == first and body(other_server, "mine") == first
    assert builds == ["mine"]  # the second request and the other server read the kept body

    def changed(change, layer_id: str = "mine") -> bytes:
        """`change` made by the other server; this one's next body is the new data's."""
        before = store.features_geojson(layer_id)
        builds.clear()
        change()
        after = body(store, layer_id)
        assert after != before and builds == [layer_id]
        assert body(other_server, layer_id) == after and builds == [layer_id]  # kept again
        return after

    changed(lambda: other_server.replace_feature("a", point("a", name="Renamed"), author="bo"))
    unlinked = store.features_geojson("mine")
    linking = []
    linked = changed(lambda: linking.append(other_server.link("c1", ["b"], author="bo")))
    assert orjson.loads(linked)["features"][1]["properties"]["commitments"] == ["c1"]
    assert changed(lambda: other_server.revert(linking[0].id, author="bo")) == unlinked
    changed(lambda: other_server.delete_features(["c"], author="bo"))
    changed(lambda: other_server.add_features("mine", [point("d", 105.8)], author="bo", summary="one more"))


def test_a_change_to_another_layer_keeps_the_body(store, other_server, builds):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    kept = body(store, "mine")
    other_server.add_features("other", [point("x")], author="bo", summary="x", new_layer=user_layer("other"))
    other_server.replace_feature("x", point("x", name="X"), author="bo")
    other_server.delete_layer("other", author="bo")
    assert body(store, "mine") == kept and builds == ["mine"]


def test_commitments_and_curated_data_reach_every_kept_body(store, other_server, builds):
    """An editors' commitment naming a feature, and new curated data, change the bodies they touch."""
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    body(store, "mine"), body(store, "cur")
    other_server.put_document({"id": None, "title": "Talks", "text": "One.", "paragraphs": ["One."]},
                              author="ed", action="document-add", summary="added {id}")
    other_server.put_commitment({"id": None, "summary": "Open a gate", "document": "doc-ed-1", "paragraph": 1,
                                 "features": ["a"]}, author="ed", action="commitment-add", summary="added {id}")
    assert orjson.loads(body(store, "mine"))["features"][0]["properties"]["commitments"] == ["c-ed-1"]
    renamed = CuratedData(layers=[(CURATED_LAYER, [point("town", name="City")])], documents=curated().documents,
                          commitments=[{"id": "c2", "summary": "Build a bridge", "features": ["town", "a"],
                                        "provinces": []}], version="v2", as_of="2025-12-12")
    assert other_server.sync_curated(renamed)
    town = orjson.loads(body(store, "cur"))["features"][0]
    assert town["properties"]["name"] == "City" and town["properties"]["commitments"] == ["c2"]
    assert orjson.loads(body(store, "mine"))["features"][0]["properties"]["commitments"] == ["c2", "c-ed-1"]


def test_a_layer_deleted_and_made_again_has_its_new_body(store, other_server):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    old = body(store, "mine")
    other_server.delete_layer("mine", author="bo")
    other_server.add_features("mine", [point("z", 104.9)], author="bo", summary="again", new_layer=user_layer())
    assert body(store, "mine") != old


def test_a_body_over_the_limit_is_built_for_each_request(store, builds, monkeypatch):
    """A very large layer's body is never kept (memory); it is still the same bytes."""
    store.add_features("mine", [point(f"p{i}", 105 + i / 100) for i in range(50)], author="ana", summary="many",
                       new_layer=user_layer())
    small = len(orjson.dumps({"type": "FeatureCollection", "features": store.features("mine")})) - 1
    monkeypatch.setattr(common_bodies, "KEEP_MAX_BYTES", small)
    assert body(store, "mine") == body(store, "mine")
    assert builds == ["mine", "mine"]


def test_every_layer_at_once_is_built_from_the_data(store, builds):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    assert body(store, None) == body(store, None) and builds == [None, None]
