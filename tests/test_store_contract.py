"""The Store contract: every backend must pass these (SQLite, and PostGIS on a throw-away cluster).

Written against `bordermap.store.base.Store` alone; a new backend adds its factory to
`BACKENDS`. Tests of one backend's own machinery (files, schema versions) live beside it.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest

from bordermap.curated import CuratedData
from bordermap.errors import Conflict, LaterChangeConflict, NotFound, PreconditionFailed
from bordermap.model import Change, LaterChange, Layer, RevisionPage
from bordermap.store import SQLiteStore

CURATED_LAYER = Layer(id="cur", title="Curated", kind="place", origin="curated", position=0)


def point(feature_id: str | None, lon: float = 105.5, lat: float = 11.5, **props) -> dict:
    return {"type": "Feature", "id": feature_id, "properties": {"name": feature_id, **props},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def curated(version: str = "v1", name: str = "Town") -> CuratedData:
    return CuratedData(
        layers=[(CURATED_LAYER, [point("town", name=name)])],
        documents=[{"id": "doc", "title": "A document", "date": "2025-12-11"}],
        commitments=[{"id": "c1", "summary": "Build a road", "features": ["town"], "provinces": []}],
        version=version,
        as_of="2025-12-11",
    )


def sqlite_store(request, tmp_path):
    return SQLiteStore(tmp_path / "store.sqlite")


def postgis_store(request, tmp_path):
    from bordermap.store.postgis import PostGISStore

    return PostGISStore(request.getfixturevalue("postgres_url"), pool_size=8)


BACKENDS = [sqlite_store, postgis_store]


def backend_store_fixture(curated_data=curated):
    """The contract's `store` fixture: each of BACKENDS with `curated_data()` synced. Another
    contract module takes it as `store = backend_store_fixture(...)` (an assignment, where an
    import of the fixture would be redefined by every test's argument of that name)."""
    @pytest.fixture(params=BACKENDS, ids=lambda factory: factory.__name__)
    def store(request, tmp_path):
        instance = request.param(request, tmp_path)
        instance.sync_curated(curated_data())
        yield instance
        instance.close()
    return store


store = backend_store_fixture()


def user_layer(layer_id: str = "mine") -> Layer:
    return Layer(id=layer_id, title="My layer", kind="point", origin="user", style={"color": "#f00"})


def snapshot(store) -> tuple:
    return (
        [layer.to_dict() for layer in store.layers()],
        store.features(),
        [revision.to_dict() for revision in store.history()],
    )


def test_curated_data_is_readable(store):
    assert [layer.id for layer in store.layers()] == ["cur"]
    assert store.layer("cur").feature_count == 1
    assert store.feature("town")["properties"]["commitments"] == ["c1"]
    assert store.documents()[0]["id"] == "doc"
    assert store.commitment("c1")["summary"] == "Build a road"
    assert store.curated_version() == "v1"
    assert store.curated_as_of() == "2025-12-11"


@pytest.mark.parametrize("call", [
    lambda s: s.layer("nope"),
    lambda s: s.feature("nope"),
    lambda s: s.features("nope"),
    lambda s: s.commitment("nope"),
    lambda s: s.revision(999),
    lambda s: s.layer_page("nope"),
    lambda s: s.layer_extent("nope"),
])
def test_unknown_ids_raise_not_found(store, call):
    with pytest.raises(NotFound):
        call(store)


def test_add_features_creates_layer_and_one_revision(store):
    revision = store.add_features("mine", [point("a"), point("b")], author="ana",
                                  summary="two points", file_sha256="abc", new_layer=user_layer())
    assert revision.action == "import" and revision.author == "ana" and revision.file_sha256 == "abc"
    assert [f["id"] for f in store.features("mine")] == ["a", "b"]
    assert store.layer("mine").origin == "user"
    assert [r.id for r in store.history()] == [revision.id]
    changes = store.revision(revision.id).changes
    assert [c.entity for c in changes] == ["layer", "feature", "feature"]


def test_a_failed_add_changes_nothing(store):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    before = snapshot(store)
    with pytest.raises(Conflict):
        store.add_features("mine", [point("b"), point("a")], author="ana", summary="clash")
    with pytest.raises(Conflict):
        store.add_features("cur", [point("z")], author="ana", summary="into curated")
    assert snapshot(store) == before


def test_curated_features_cannot_be_deleted(store):
    with pytest.raises(Conflict):
        store.delete_features(["town"], author="ana")
    assert store.feature("town")


def test_delete_and_revert_restore_exactly(store):
    store.add_features("mine", [point("a"), point("b")], author="ana", summary="two", new_layer=user_layer())
    before = store.features("mine")
    deletion = store.delete_features(["a"], author="bo")
    assert [f["id"] for f in store.features("mine")] == ["b"]
    store.revert(deletion.id, author="ana")
    assert store.features("mine") == before
    assert store.revision(deletion.id).revision.reverted_by is not None
    with pytest.raises(Conflict):
        store.revert(deletion.id, author="ana")


def test_replace_keeps_id_place_and_links_and_is_one_revision_that_reverts(store):
    store.add_features("mine", [point("a"), point("b")], author="ana", summary="two", new_layer=user_layer())
    store.link("c1", ["a"], author="ana")
    before, version = store.features("mine"), store.feature_version("a")
    new = {"type": "Feature", "id": "ignored", "properties": {"name": "Moved", "count": 3, "ok": None},
           "geometry": {"type": "LineString", "coordinates": [[105.0, 11.0], [105.2, 11.1]]}}
    revision = store.replace_feature("a", new, author="bo", expected_version=version)
    assert (revision.action, revision.layer_id, revision.summary, revision.changes) == \
        ("replace", "mine", "replaced feature a", 1)
    got = store.feature("a")
    assert got["geometry"] == new["geometry"]
    assert got["properties"] == {"name": "Moved", "count": 3, "ok": None, "id": "a", "layer": "mine",
                                 "commitments": ["c1"]}
    assert [f["id"] for f in store.features("mine")] == ["a", "b"]
    assert store.feature_version("a") != version
    change = store.revision(revision.id).changes[0]
    assert (change.entity, change.id) == ("feature", "a")
    store.revert(revision.id, author="ana")
    assert store.features("mine") == before


def test_a_stale_or_curated_replace_changes_nothing(store):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    stale = store.feature_version("a")
    store.replace_feature("a", point("a", lon=105.6), author="bo", expected_version=stale)
    before = snapshot(store)
    with pytest.raises(PreconditionFailed, match="changed since you read it"):
        store.replace_feature("a", point("a", lon=105.7), author="ana", expected_version=stale)
    with pytest.raises(PreconditionFailed):
        store.delete_features(["a"], author="ana", expected_versions={"a": stale})
    with pytest.raises(Conflict, match="curated"):
        store.replace_feature("town", point("town"), author="ana")
    with pytest.raises(NotFound):
        store.replace_feature("nope", point("nope"), author="ana")
    assert snapshot(store) == before
    store.delete_features(["a"], author="ana", expected_versions={"a": store.feature_version("a")})
    with pytest.raises(NotFound):
        store.feature_version("a")


def test_a_version_is_compared_inside_the_write_across_store_instances(store, request, tmp_path):
    """Two app servers (two store instances on the same data) read one version and both write:
    exactly one write wins, the others are refused, and the winner's state is what is stored."""
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    other = request.node.callspec.params["store"](request, tmp_path)
    try:
        version = other.feature_version("a")
        assert version == store.feature_version("a")

        def write(n: int):
            try:
                (store, other)[n % 2].replace_feature("a", point("a", lon=105 + n / 10), author=f"w{n}",
                                                      expected_version=version)
                return n
            except PreconditionFailed:
                return None

        with ThreadPoolExecutor(max_workers=6) as pool:
            outcomes = list(pool.map(write, range(6)))
        winners = [n for n in outcomes if n is not None]
        assert len(winners) == 1
        assert store.feature("a")["geometry"]["coordinates"] == [105 + winners[0] / 10, 11.5]
        assert [r.action for r in store.history()].count("replace") == 1
    finally:
        other.close()


def test_revert_of_an_import_removes_its_layer(store):
    imported = store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    store.revert(imported.id, author="ana")
    assert [layer.id for layer in store.layers()] == ["cur"]
    with pytest.raises(NotFound):
        store.feature("a")


def test_revert_refuses_when_later_changes_touch_the_same_data(store):
    imported = store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    store.delete_features(["a"], author="bo")
    with pytest.raises(Conflict):
        store.revert(imported.id, author="ana")


def test_a_blocked_revert_names_the_later_revisions_and_changes_nothing(store):
    imported = store.add_features("mine", [point("a"), point("b")], author="ana", summary="two",
                                  new_layer=user_layer())
    assert store.revert_blocked(imported.id) is None
    deletion = store.delete_features(["a"], author="bo")
    found = store.revert_blocked(imported.id)
    assert found == LaterChange(imported.id, "feature", "a", (deletion.id,))
    before = snapshot(store)
    with pytest.raises(LaterChangeConflict) as refused:
        store.revert(imported.id, author="ana")
    assert refused.value.later_change == found
    assert f"revision {deletion.id}; revert revision {deletion.id} first" in refused.value.message
    assert refused.value.to_dict()["later_revisions"] == [deletion.id]
    assert snapshot(store) == before
    # An import that wrote the id again counts too (its features are recorded in chunks).
    again = store.add_features("mine", [point("a", name="again")], author="cy", summary="again")
    assert store.revert_blocked(imported.id).later == (deletion.id, again.id)
    with pytest.raises(LaterChangeConflict, match=f"revert revision {again.id} \\(the newest\\) first"):
        store.revert(imported.id, author="ana")
    with pytest.raises(NotFound):
        store.revert_blocked(999)


def test_a_blocked_revert_leaves_out_later_changes_taken_back_since(store):
    imported = store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    linked = store.link("c1", ["a"], author="bo")
    deletion = store.delete_features(["a"], author="bo")
    undone = store.revert(deletion.id, author="bo")
    assert store.revert_blocked(imported.id) is None  # as the import left it: nothing in the way
    removal = store.delete_features(["a"], author="cy")
    # The deletion and its revert cancel out: only the last removal (and the link) stand.
    found = store.revert_blocked(imported.id)
    assert (found.entity, found.id, found.later) == ("feature", "a", (removal.id,))
    assert undone.id not in found.later
    store.revert(removal.id, author="cy")
    assert store.revert_blocked(imported.id) is None
    assert store.revert_blocked(linked.id) is None


def test_links_to_commitments_show_on_both_sides(store):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    store.link("c1", ["a"], author="ana")
    assert store.feature("a")["properties"]["commitments"] == ["c1"]
    assert store.commitment("c1")["user_features"] == ["a"]
    with pytest.raises(NotFound):
        store.link("c1", ["nope"], author="ana")


def test_delete_layer_takes_its_features_and_links(store):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    store.link("c1", ["a"], author="ana")
    revision = store.delete_layer("mine", author="ana")
    assert [layer.id for layer in store.layers()] == ["cur"]
    assert store.commitment("c1")["user_features"] == []
    store.revert(revision.id, author="ana")
    assert store.commitment("c1")["user_features"] == ["a"]
    assert store.layer("mine").feature_count == 1


def test_curated_sync_replaces_curated_and_keeps_user_data(store):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    assert store.sync_curated(curated("v1")) is False  # same version: nothing to do
    assert store.sync_curated(curated("v2", name="Renamed")) is True
    assert store.feature("town")["properties"]["name"] == "Renamed"
    assert store.feature("a")["properties"]["name"] == "a"
    assert store.curated_version() == "v2"
    assert [layer.id for layer in store.layers()] == ["cur", "mine"]


def test_history_filters_by_layer(store):
    first = store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    second = store.add_features("other", [point("b")], author="ana", summary="one",
                                new_layer=user_layer("other"))
    assert [r.id for r in store.history()] == [second.id, first.id]
    assert [r.id for r in store.history("mine")] == [first.id]


def test_an_import_shows_what_it_wrote_and_reverts_after_a_redo(store):
    imported = store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    changes = store.revision(imported.id).changes
    assert changes[1].after["properties"] == {"name": "a"}
    deletion = store.delete_features(["a"], author="bo")
    # Gone from the table, the import still says what it wrote (the deletion kept the row).
    assert store.revision(imported.id).changes[1].after["properties"] == {"name": "a"}
    store.revert(deletion.id, author="ana")  # the row comes back as the import wrote it
    store.revert(imported.id, author="ana")
    assert [layer.id for layer in store.layers()] == ["cur"]


def test_a_deleted_feature_takes_its_links_and_a_new_one_with_its_id_has_none(store):
    imported = store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    store.link("c1", ["a"], author="ana")
    deletion = store.delete_features(["a"], author="bo")
    assert store.commitment("c1")["user_features"] == []
    store.revert(deletion.id, author="ana")  # the feature comes back with its link
    assert store.commitment("c1")["user_features"] == ["a"]
    store.revert(imported.id, author="ana")  # reverting the import removes feature and link
    assert store.commitment("c1")["user_features"] == []
    store.add_features("other", [point("a", name="unrelated")], author="cy", summary="reuse",
                       new_layer=user_layer("other"))
    assert store.feature("a")["properties"]["commitments"] == []
    assert store.commitment("c1")["user_features"] == []


def test_reverting_an_import_takes_links_made_since_with_its_features(store):
    imported = store.add_features("mine", [point("a"), point("b")], author="ana", summary="two",
                                  new_layer=user_layer())
    linked = store.link("c1", ["b"], author="bo")
    revert = store.revert(imported.id, author="ana")
    assert [(c.entity, c.id, c.after) for c in store.revision(revert.id).changes] == [
        ("link", ("c1", "b"), None), ("feature", "b", None), ("feature", "a", None), ("layer", "mine", None)]
    assert store.commitment("c1")["user_features"] == []
    with pytest.raises(Conflict):  # the link it made is gone with the feature
        store.revert(linked.id, author="bo")
    store.revert(revert.id, author="ana")  # undoing the revert brings all of it back
    assert store.commitment("c1")["user_features"] == ["b"]
    assert [f["id"] for f in store.features("mine")] == ["a", "b"]


# --- the contract speaks GeoJSON, Layers and Changes -------------------------------------
def test_changes_are_typed_domain_records(store):
    imported = store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer(),
                                  links=["c1"])
    layer, feature, link = store.revision(imported.id).changes
    assert all(isinstance(c, Change) for c in (layer, feature, link))
    assert layer == Change("layer", "mine", None, Layer(id="mine", title="My layer", kind="point",
                                                        origin="user", position=1, style={"color": "#f00"}))
    assert feature == Change("feature", "a", None, {
        "type": "Feature", "id": "a", "geometry": {"type": "Point", "coordinates": [105.5, 11.5]},
        "properties": {"name": "a"}, "layer": "mine"})
    assert link == Change("link", ("c1", "a"), None, {"commitment_id": "c1", "feature_id": "a"})
    deletion = store.delete_features(["a"], author="bo")
    removed_link, removed = store.revision(deletion.id).changes
    assert removed_link == Change("link", ("c1", "a"), {"commitment_id": "c1", "feature_id": "a"}, None)
    assert removed == Change("feature", "a", feature.after, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        removed.after = None


def test_a_revision_is_read_a_page_at_a_time(store):
    imported = store.add_features("mine", [point(f"p{i}") for i in range(25)], author="ana", summary="many",
                                  new_layer=user_layer())
    page = store.revision(imported.id, offset=10, limit=5)
    assert isinstance(page, RevisionPage) and page.revision.id == imported.id
    assert (page.total, page.offset) == (26, 10)  # the layer, then 25 features
    assert [c.id for c in page.changes] == ["p9", "p10", "p11", "p12", "p13"]
    assert len(store.revision(imported.id).changes) == 26  # the default page holds them all
    assert store.revision(imported.id, offset=24, limit=10).changes[-1].id == "p24"
    assert store.revision(imported.id, offset=26).changes == []
    assert store.revision(imported.id, limit=0).changes == []
    assert len(store.revision(imported.id, offset=-5, limit=10**30).changes) == 26
    assert store.revision(imported.id, offset=10**30).changes == []


@pytest.mark.parametrize("revision_id", [0, -1, 2**63 - 1, 2**63, 2**64 + 5, 10**30])
def test_revision_ids_beyond_what_is_stored_are_not_found(store, revision_id):
    with pytest.raises(NotFound):
        store.revision(revision_id)
    with pytest.raises(NotFound):
        store.revert(revision_id, author="ana")


def test_feature_properties_answers_many_ids_at_once(store):
    store.add_features("mine", [point("a", name_km="ក")], author="ana", summary="one", new_layer=user_layer())
    assert store.feature_properties(["town", "a", "missing", "a"]) == {
        "town": {"name": "Town"}, "a": {"name": "a", "name_km": "ក"}}
    assert store.feature_properties([]) == {}


def test_taken_ids_can_be_renamed_instead_of_refused(store):
    store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
    renamed = store.add_features("mine", [point("a", name="again"), point("b")], author="bo", summary="two",
                                 on_taken="rename")
    added = store.features("mine")[1:]
    assert [f["id"] for f in added] == ["mine-1", "b"]
    assert added[0]["properties"]["source_id"] == "a" and added[0]["properties"]["id"] == "mine-1"
    assert store.revision(renamed.id).revision.first_feature_id == "mine-1"


def test_the_same_file_is_not_imported_into_a_layer_twice(store):
    first = store.add_features("mine", [point("a")], author="ana", summary="one", file_sha256="f" * 64,
                               new_layer=user_layer())
    assert store.find_import("mine", "f" * 64) == store.revision(first.id).revision
    before = snapshot(store)
    with pytest.raises(Conflict, match=f"already imported into layer 'mine' as revision {first.id}"):
        store.add_features("mine", [point("b")], author="ana", summary="retry", file_sha256="f" * 64)
    with pytest.raises(Conflict, match=f"as revision {first.id}"):  # a retry that creates the layer
        store.add_features("mine", [point("b")], author="ana", summary="retry", file_sha256="f" * 64,
                           new_layer=user_layer())
    assert snapshot(store) == before
    again = store.add_features("mine", [point("b")], author="ana", summary="on purpose", file_sha256="f" * 64,
                               allow_duplicate=True)
    assert store.find_import("mine", "f" * 64).id == again.id
    store.add_features("other", [point("c")], author="ana", summary="elsewhere", file_sha256="f" * 64,
                       new_layer=user_layer("other"))  # another layer is another import
    store.revert(again.id, author="ana")
    store.revert(first.id, author="ana")
    assert store.find_import("mine", "f" * 64) is None  # reverted imports do not count
    assert store.find_import("nope", "f" * 64) is None


def test_ids_and_duplicates_are_settled_atomically_under_concurrent_imports(store):
    store.add_features("mine", [], author="ana", summary="create", new_layer=user_layer())

    def same_ids(k: int):
        return store.add_features(f"copy-{k}", [point("a"), point("b")], author="ana", summary="copy",
                                  new_layer=user_layer(f"copy-{k}"), on_taken="rename")

    def same_file(k: int):
        try:
            return store.add_features("mine", [point(None)], author="ana", summary="retry", file_sha256="e" * 64)
        except Conflict:
            return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        copies = list(pool.map(same_ids, range(8)))
        retries = list(pool.map(same_file, range(8)))
    ids = [f["id"] for k in range(8) for f in store.features(f"copy-{k}")]
    assert len(copies) == 8 and len(ids) == 16 and len(set(ids)) == 16
    assert {"a", "b"} <= set(ids)
    assert len([r for r in retries if r is not None]) == 1  # one import of the file, seven refusals
    assert store.layer("mine").feature_count == 1


def test_features_geojson_is_the_collection_features_gives(store):
    """The layer body a backend may build from its stored text decodes to `features()`."""
    odd = [point("plain"), point("named", layer="not mine", commitments=["x"]),
           {"type": "Feature", "id": "bare", "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[105, 11], [106, 11], [106, 12], [105, 11]]]}},
           point("text", note='a "layer" and "commitments" in text', name_km="ក")]
    store.add_features("mine", odd, author="ana", summary="odd", new_layer=user_layer(), links=["c1"])
    for layer_id in ("mine", "cur", None):
        expected = {"type": "FeatureCollection", "features": store.features(layer_id)}
        body = store.features_geojson(layer_id)
        assert orjson.loads(body) == expected
        assert body == orjson.dumps(expected)  # key order too: the bytes orjson writes for it
    with pytest.raises(NotFound):
        store.features_geojson("nope")


@pytest.mark.parametrize("props", [
    {},  # only the name
    {"kind": "layer"},  # the word as a value: the body must not take it for the member
    {"note": "commitments"},
    {"note": "tab\tnew line\nquote\" backslash\\ bell\u0007 \u2028 Tây Ninh ខ្មែរ"},
    {"layer": "mine too", "other": 1},
])
def test_features_geojson_whatever_the_properties_hold(store, props):
    """However a layer's body is written (whole by the database, or a feature at a time), it is
    the bytes orjson writes for `features()`, linked and unlinked features alike."""
    features = [point(f"f{i}", 105 + i / 10, 11.5, **props) for i in range(3)]
    store.add_features("mine", features, author="ana", summary="props", new_layer=user_layer(), links=["c1"])
    store.add_features("mine", [point("g", note="plain")], author="ana", summary="more")
    for change in (None, lambda: store.replace_feature("f1", point("f1", 105.1, 11.5, **props, extra="new"),
                                                       author="ana")):
        if change:
            change()
        for layer_id in ("mine", None, "mine"):  # "mine" again: the body the store may have kept
            expected = {"type": "FeatureCollection", "features": store.features(layer_id)}
            assert store.features_geojson(layer_id) == orjson.dumps(expected)


def test_a_large_import_pages_and_reverts_like_a_small_one(store):
    """Past a thousand features (where SQLite lists them a chunk per row) pages still meet."""
    n = 2_300
    imported = store.add_features("mine", [point(f"p{i}") for i in range(n)], author="ana", summary="many",
                                  new_layer=user_layer(), links=["c1"])
    assert imported.changes == 1 + 2 * n and imported.first_feature_id == "p0"
    for offset, limit in ((995, 10), (1999, 3), (n - 2, 5), (n + 1, 2)):
        page = store.revision(imported.id, offset=offset, limit=limit)
        expected = [f"p{i - 1}" for i in range(offset, min(offset + limit, n + 1))]
        expected += [("c1", f"p{i - n - 1}") for i in range(max(offset, n + 1), offset + limit)]
        assert [c.id for c in page.changes] == expected and page.total == 1 + 2 * n
    whole = store.revision(imported.id, limit=10**30).changes
    assert [c.id for c in whole[1:n + 1]] == [f"p{i}" for i in range(n)]
    assert whole[1000].after["properties"]["name"] == "p999"
    store.delete_features(["p1500"], author="ana")
    assert store.revision(imported.id, offset=1501, limit=1).changes[0].after["id"] == "p1500"
    with pytest.raises(Conflict):
        store.revert(imported.id, author="ana")
    store.revert(store.history()[0].id, author="ana")
    # Of several features changed since, in chunks apart, the one the revert meets first (it undoes
    # the last change first) is named: p1800, later in the import than p7.
    first = store.replace_feature("p7", point("p7", name="again"), author="bo")
    second = store.replace_feature("p1800", point("p1800", name="again"), author="bo")
    assert store.revert_blocked(imported.id) == LaterChange(imported.id, "feature", "p1800", (second.id,))
    store.revert(second.id, author="bo")
    assert store.revert_blocked(imported.id) == LaterChange(imported.id, "feature", "p7", (first.id,))
    store.revert(first.id, author="bo")
    assert store.revert_blocked(imported.id) is None
    store.revert(imported.id, author="ana")
    assert [layer.id for layer in store.layers()] == ["cur"]


# ----------------------------------------------------------------------------- bbox windows
def _shape(feature_id: str, kind: str, coordinates, **props) -> dict:
    return {"type": "Feature", "id": feature_id, "properties": {"name": feature_id, **props},
            "geometry": {"type": kind, "coordinates": coordinates}}


WINDOW = (105.0, 11.0, 106.0, 12.0)  # west, south, east, north


def _window_layer() -> list[dict]:
    """Features inside, on the edges of, across and just outside WINDOW, in layer order."""
    return [
        point("inside", 105.5, 11.5),
        point("outside-east", 106.0001, 11.5),
        point("on-west-edge", 105.0, 11.2),
        point("on-corner", 106.0, 12.0),
        # Both ends outside, the middle across the window: its bounding box meets it.
        _shape("crossing-line", "LineString", [[104.5, 11.5], [106.5, 11.6]]),
        # Around the whole window: no vertex inside.
        _shape("around", "Polygon", [[[104, 10], [107, 10], [107, 13], [104, 13], [104, 10]]]),
        # Closer to the edge than a 32-bit float (what GiST keeps of a box) can tell apart.
        point("a-hair-north", 105.5, 12.0000001),
        _shape("line-below", "LineString", [[105.2, 10.5], [105.8, 10.9]]),
        point("inside-2", 105.9, 11.9),
    ]


def test_a_bbox_window_finds_what_meets_it_edges_included(store):
    store.add_features("mine", _window_layer(), author="ana", summary="window", new_layer=user_layer())
    total, found = store.features_in_bbox("mine", WINDOW)
    expected = ["inside", "on-west-edge", "on-corner", "crossing-line", "around", "inside-2"]
    assert [f["id"] for f in found] == expected and total == 6
    # Features come as `features` gives them, computed properties included.
    whole = {f["id"]: f for f in store.features("mine")}
    assert found == [whole[i] for i in expected]
    # A window that only a polygon's box meets, and one that nothing meets.
    assert [f["id"] for f in store.features_in_bbox("mine", (104.1, 12.5, 104.2, 12.6))[1]] == ["around"]
    assert store.features_in_bbox("mine", (0.0, 0.0, 1.0, 1.0)) == (0, [])
    # A window of no width is a line: what touches it matches.
    assert [f["id"] for f in store.features_in_bbox("mine", (105.9, 11.0, 105.9, 12.0))[1]] == \
        ["crossing-line", "around", "inside-2"]


def test_a_bbox_window_pages_in_layer_order_and_counts_every_match(store):
    grid = [point(f"p{i:02d}", 105.0 + (i % 10) / 10, 11.0 + (i // 10) / 10) for i in range(40)]
    store.add_features("mine", grid, author="ana", summary="grid", new_layer=user_layer())
    window = (105.25, 11.05, 105.75, 11.35)  # columns 3..7 of rows 1..3
    inside = [f"p{r * 10 + c:02d}" for r in (1, 2, 3) for c in range(3, 8)]
    total, first = store.features_in_bbox("mine", window, limit=4)
    assert total == 15 and [f["id"] for f in first] == inside[:4]
    pages = [store.features_in_bbox("mine", window, offset=k, limit=4)[1] for k in range(0, 16, 4)]
    assert [f["id"] for page in pages for f in page] == inside
    assert store.features_in_bbox("mine", window, offset=15, limit=4) == (15, [])
    assert [f["id"] for f in store.features_in_bbox("mine", window, offset=13)[1]] == inside[13:]


def test_a_bbox_window_leaves_out_the_ids_it_is_given_from_count_and_pages(store):
    grid = [point(f"p{i:02d}", 105.0 + (i % 10) / 10, 11.0 + (i // 10) / 10) for i in range(40)]
    store.add_features("mine", grid, author="ana", summary="grid", new_layer=user_layer())
    window = (105.25, 11.05, 105.75, 11.35)
    inside = [f"p{r * 10 + c:02d}" for r in (1, 2, 3) for c in range(3, 8)]
    gone = {"p13", "p25", "p37", "p00"}  # p00 is not in the window: nothing to leave out
    kept = [feature_id for feature_id in inside if feature_id not in gone]
    pages = [store.features_in_bbox("mine", window, offset=k, limit=4, leaving_out=gone) for k in range(0, 16, 4)]
    assert {total for total, _ in pages} == {len(kept)} == {12}
    assert [f["id"] for _, page in pages for f in page] == kept
    assert [f["id"] for f in store.features_in_bbox("mine", window, leaving_out=gone)[1]] == kept


def test_a_bbox_window_follows_every_change(store):
    store.add_features("mine", _window_layer(), author="ana", summary="window", new_layer=user_layer())
    deleted = store.delete_features(["inside", "around"], author="bo")
    assert [f["id"] for f in store.features_in_bbox("mine", WINDOW)[1]] == \
        ["on-west-edge", "on-corner", "crossing-line", "inside-2"]
    store.revert(deleted.id, author="ana")
    assert store.features_in_bbox("mine", WINDOW)[0] == 6
    # Every layer at once, in layers() order: the curated town (105.5, 11.5) first.
    total, found = store.features_in_bbox(None, (105.4, 11.4, 105.6, 11.6))
    assert [f["id"] for f in found] == ["town", "inside", "crossing-line", "around"] and total == 4
    # Paged, across the layers: each page is its slice of the whole, with the whole's count.
    pages = [store.features_in_bbox(None, (105.4, 11.4, 105.6, 11.6), offset=k, limit=3) for k in (0, 3, 6)]
    assert pages == [(4, found[0:3]), (4, found[3:]), (4, [])]
    store.delete_layer("mine", author="bo")
    assert store.features_in_bbox(None, WINDOW)[1] == [store.feature("town")]
    with pytest.raises(NotFound):
        store.features_in_bbox("mine", WINDOW)


def test_a_bbox_window_across_the_antimeridian(store):
    store.add_features("mine", [point("fiji", 178.5, -17.8), point("samoa", -171.8, -13.8),
                                point("far", 100.0, -15.0), point("north", 179.0, 10.0)],
                       author="ana", summary="pacific", new_layer=user_layer())
    assert [f["id"] for f in store.features_in_bbox("mine", (170.0, -20.0, -170.0, -10.0))[1]] == ["fiji", "samoa"]


def test_layer_points_are_the_geojson_positions_a_chunk_at_a_time(store):
    awkward = [105.12345678901234, 0.1 + 0.2, -179.99999999999997, 1e-300, 106, 5e-324]
    features = [point(f"p{i}", awkward[i % 6], awkward[(i + 1) % 6] % 90) for i in range(12)]
    features.append({"type": "Feature", "id": "multi", "properties": {},
                     "geometry": {"type": "MultiPoint", "coordinates": [[104.5, 12.25], [104.75, 12.5]]}})
    features.append({"type": "Feature", "id": "line", "properties": {},
                     "geometry": {"type": "LineString", "coordinates": [[104.0, 11.0], [105.0, 11.5]]}})
    features.append(point("ខេត្ត-tỉnh", 104.9, 11.55))
    store.add_features("mine", features, author="ana", summary="points", new_layer=user_layer())
    chunks = list(store.layer_points("mine", chunk=5))
    assert all(len(chunk) <= 6 for chunk in chunks) and len(chunks) >= 3  # a MultiPoint may overrun by one
    got = [row for chunk in chunks for row in chunk]
    # The same floats a reader of the layer's GeoJSON gets, in the layer's order.
    expected = []
    for feature in orjson.loads(store.features_geojson("mine"))["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            expected.append((feature["id"], *map(float, geometry["coordinates"])))
        elif geometry["type"] == "MultiPoint":
            expected += [(feature["id"], *map(float, c)) for c in geometry["coordinates"]]
        else:
            expected.append((feature["id"], None, None))
    assert got == expected
    assert [r for r in got if r[0] == "line"] == [("line", None, None)]
    assert list(store.layer_points("cur")) == [[("town", 105.5, 11.5)]]
    with pytest.raises(NotFound):
        list(store.layer_points("nope"))


def test_a_layers_version_changes_with_what_may_change_its_features(store):
    store.add_features("mine", [point("a")], author="ana", summary="a", new_layer=user_layer())
    store.add_features("other", [point("b")], author="ana", summary="b", new_layer=user_layer("other"))
    first = store.layer_version("mine")
    assert store.layer_version("mine") == first
    store.add_features("other", [point("c")], author="ana", summary="c")
    assert store.layer_version("mine") == first  # another layer's change
    store.add_features("mine", [point("d")], author="ana", summary="d")
    second = store.layer_version("mine")
    assert second != first
    store.link("c1", ["a"], author="ana")  # a change that may touch any layer
    assert store.layer_version("mine") != second
    with pytest.raises(NotFound):
        store.layer_version("nope")


def test_layer_properties_are_each_features_properties_a_chunk_at_a_time(store):
    features = [point(f"p{i}", 104 + i * 0.01, 11.5) for i in range(11)]
    features[3]["properties"] = {"name": "Phum ស្វាយ", "name_vi": "Ấp \"Tân\" Nam", "population": 12, "nested": {"a": [1]}}
    store.add_features("mine", features, author="ana", summary="points", new_layer=user_layer())
    chunks = list(store.layer_properties("mine", chunk=4))
    assert [len(chunk) for chunk in chunks] == [4, 4, 3]
    got = [(feature_id, orjson.loads(text)) for chunk in chunks for feature_id, text in chunk]
    # The properties the layer's features have, in the layer's order (without the layer and the
    # commitments, which `features` adds as it reads).
    assert got == [(f["id"], {k: v for k, v in f["properties"].items() if k not in ("layer", "commitments")})
                   for f in store.features("mine")]
    assert got[3][1]["name_vi"] == 'Ấp "Tân" Nam'
    assert [feature_id for feature_id, _ in got] == [f"p{i}" for i in range(11)]
    with pytest.raises(NotFound):
        list(store.layer_properties("nope"))


def _mixed_layer(store) -> None:
    """Points with awkward numbers, a line, a polygon with a hole, a collection, across the layer."""
    awkward = [105.12345678901234, 0.1 + 0.2, -179.99999999999997, 106, 102.000000000000014]
    features = [point(f"p{i}", awkward[i % 5], (awkward[(i + 2) % 5] % 80) - 1e-7 * i) for i in range(9)]
    features.append({"type": "Feature", "id": "line", "properties": {"name": "Road", "lanes": 4},
                     "geometry": {"type": "LineString", "coordinates": [[104.0, -11.25], [107.5, 23.5]]}})
    features.append({"type": "Feature", "id": "field", "properties": {},
                     "geometry": {"type": "Polygon", "coordinates": [
                         [[104, 10], [104.5, 10], [104.5, 10.5], [104, 10.5], [104, 10]],
                         [[104.1, 10.1], [104.1, 10.2], [104.2, 10.2], [104.1, 10.1]]]}})
    features.append({"type": "Feature", "id": "both", "properties": {"name": "Both"},
                     "geometry": {"type": "GeometryCollection", "geometries": [
                         {"type": "Point", "coordinates": [108.75, 9.5]},
                         {"type": "LineString", "coordinates": [[103.0, 12.0], [103.5, 12.5]]}]}})
    store.add_features("mine", features, author="ana", summary="mixed", new_layer=user_layer())
    store.link("c1", ["p4", "line"], author="ana")


def test_a_layer_is_read_a_page_at_a_time_as_features_gives_it(store):
    _mixed_layer(store)
    whole = store.features("mine")
    assert len(whole) == 12
    for offset, limit in ((0, None), (0, 5), (5, 5), (10, 5), (12, 3), (40, 1), (3, 0)):
        assert store.layer_page("mine", offset, limit) == whole[offset:None if limit is None else offset + limit]
    assert store.layer_page("mine", 4, 1)[0]["properties"]["commitments"] == ["c1"]
    assert store.layer_page("cur") == store.features("cur")


def test_features_by_id_come_in_the_order_asked_and_absent_ones_are_left_out(store):
    _mixed_layer(store)
    by_id = {f["id"]: f for f in store.features()}
    asked = ["line", "nope", "town", "p4", "p4", "field"]
    assert store.features_by_id(asked) == [by_id[i] for i in ("line", "town", "p4", "field")]
    assert store.features_by_id([]) == [] and store.features_by_id(["nope"]) == []


def test_a_layers_extent_is_that_of_its_features_positions(store):
    from bordermap.ogc_params import geometry_bbox, union

    _mixed_layer(store)
    for layer_id in ("mine", "cur"):
        expected = union(box for box in (geometry_bbox(f["geometry"]) for f in store.features(layer_id)) if box)
        assert store.layer_extent(layer_id) == expected
    store.add_features("empty", [], author="ana", summary="nothing", new_layer=user_layer("empty"))
    assert store.layer_extent("empty") is None
    # It follows the layer's changes: the line held the southernmost position.
    assert store.layer_extent("mine")[1] == -11.25
    store.delete_features(["line"], author="ana")
    assert store.layer_extent("mine") == union(geometry_bbox(f["geometry"]) for f in store.features("mine"))
    assert store.layer_extent("mine")[1] > -11.25
