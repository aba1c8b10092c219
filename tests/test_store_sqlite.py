"""The SQLite backend's own machinery: its file, its schema versions, and how it is opened."""

from __future__ import annotations

import dataclasses
import inspect
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from bordermap.errors import Conflict, StoreError
from bordermap.model import Layer
from bordermap.store import SQLiteStore, open_store, sqlite_schema
from bordermap.store.sqlite import PAGE_SIZE
from test_store_contract import curated, point, user_layer

FIXTURES = Path(__file__).parent / "fixtures"


def _pragma(path: Path, name: str) -> int:
    """One of the file's own numbers (`PRAGMA user_version`, `page_size`), read apart from the store."""
    db = sqlite3.connect(path)
    try:
        return db.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        db.close()


def _user_version(path: Path) -> int:
    return _pragma(path, "user_version")


@pytest.fixture
def release_r0(tmp_path) -> Path:
    """A copy of the store file the first release wrote (see tests/fixtures/make_store_r0.py)."""
    path = tmp_path / "bordermap.sqlite"
    shutil.copyfile(FIXTURES / "store-r0.sqlite", path)
    assert _user_version(path) == 0
    return path


def _old_state(entity: str, state: dict | None):
    """What matters of a state as the first release showed it (rows with decoded columns)."""
    if state is None or entity == "link":
        return state
    if entity == "feature":
        return {"id": state["id"], "layer": state["layer_id"], "properties": state["properties"],
                "geometry": state["geometry"]}
    return {**{k: state[k] for k in ("id", "title", "kind", "origin", "position", "style", "description")},
            "visible": bool(state["visible"])}


def _new_state(entity: str, state):
    if state is None or entity == "link":
        return state
    if entity == "feature":
        return {"id": state["id"], "layer": state["layer"], "properties": state["properties"],
                "geometry": state["geometry"]}
    assert isinstance(state, Layer)
    return {k: v for k, v in dataclasses.asdict(state).items() if k != "feature_count"}


def test_a_store_written_by_the_first_release_opens_and_upgrades_without_loss(release_r0):
    expected = json.loads((FIXTURES / "store-r0.expected.json").read_text())
    store = SQLiteStore(release_r0)
    assert _user_version(release_r0) == sqlite_schema.VERSION
    assert [layer.to_dict() for layer in store.layers()] == expected["layers"]
    assert store.features() == expected["features"]
    # Records the first release held are curated ones; the store now says so (`origin`).
    assert store.commitments() == [{**c, "origin": "curated"} for c in expected["commitments"]]
    assert store.documents() == [{**d, "origin": "curated"} for d in expected["documents"]]
    assert (store.curated_version(), store.curated_as_of()) == (expected["curated_version"], expected["curated_as_of"])
    assert [revision.to_dict() for revision in store.history()] == expected["history"]
    assert len(expected["history"]) == 11 and any(r["action"] == "revert" for r in expected["history"])
    for revision_id, old_changes in expected["revisions"].items():
        changes = store.revision(int(revision_id), limit=1000).changes
        assert [(c.entity, " → ".join(c.id) if c.entity == "link" else c.id) for c in changes] == \
            [(c["entity"], c["id"]) for c in old_changes]
        for change, old in zip(changes, old_changes, strict=True):
            assert _new_state(change.entity, change.before) == _old_state(old["entity"], old["before"])
            assert _new_state(change.entity, change.after) == _old_state(old["entity"], old["after"])


def test_an_upgraded_store_keeps_working(release_r0):
    store = SQLiteStore(release_r0)
    deleted_layer = next(r for r in store.history() if r.action == "delete-layer")
    store.revert(deleted_layer.id, author="ana")  # rows the first release recorded come back
    assert store.feature("o-1")["properties"]["commitments"] == ["c-trade"]
    assert store.layer("old").feature_count == 1
    added = store.add_features("gates", [point(None)], author="ana", summary="one more")
    assert store.revision(added.id).changes[0].id == "gates-4"  # ids keep counting, never reused
    with pytest.raises(Conflict, match="as revision 1 "):  # the first release's imports count
        store.add_features("zones", [point("z")], author="ana", summary="again", file_sha256="a" * 64)
    # The bbox index (version 5) holds the features written before it, and those since.
    world = (-180.0, -90.0, 180.0, 90.0)
    assert store.features_in_bbox(None, world)[1] == [f for f in store.features() if f["geometry"]]


def test_opening_twice_upgrades_once(release_r0, monkeypatch):
    SQLiteStore(release_r0)
    applied = []
    monkeypatch.setattr(sqlite_schema, "MIGRATIONS", tuple(
        lambda db, step=step: applied.append(step) for step in sqlite_schema.MIGRATIONS))
    SQLiteStore(release_r0)
    assert applied == [] and _user_version(release_r0) == sqlite_schema.VERSION


def test_a_new_store_starts_at_the_newest_version(tmp_path):
    SQLiteStore(tmp_path / "new.sqlite")
    assert _user_version(tmp_path / "new.sqlite") == sqlite_schema.VERSION


def _page_size(path: Path) -> int:
    return _pragma(path, "page_size")


def test_a_new_file_has_large_pages_and_an_old_one_keeps_its_own(tmp_path, release_r0):
    """A new file is made with PAGE_SIZE pages (a large import writes fewer of them); a file from
    before keeps the pages it has and takes an import of many features in them."""
    SQLiteStore(tmp_path / "new.sqlite")
    assert _page_size(tmp_path / "new.sqlite") == PAGE_SIZE == 16384
    before = _page_size(release_r0)
    assert before != PAGE_SIZE
    store = SQLiteStore(release_r0)
    store.add_features("gates", [point(f"many-{k}") for k in range(3000)], author="ana", summary="many")
    assert _page_size(release_r0) == before
    assert store.layer("gates").feature_count >= 3000
    assert sqlite3.connect(release_r0).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_failed_migration_leaves_the_file_at_the_last_good_version(release_r0, monkeypatch):
    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sqlite_schema, "MIGRATIONS", sqlite_schema.MIGRATIONS + (broken,))
    monkeypatch.setattr(sqlite_schema, "VERSION", sqlite_schema.VERSION + 1)
    with pytest.raises(RuntimeError):
        SQLiteStore(release_r0)
    assert _user_version(release_r0) == sqlite_schema.VERSION - 1
    db = sqlite3.connect(release_r0)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    db.close()


def test_a_store_from_a_newer_bordermap_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.sqlite"
    SQLiteStore(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {sqlite_schema.VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this bordermap knows"):
        SQLiteStore(path)


def test_the_store_reads_no_files_the_caller_hands_it_curated_data(tmp_path, monkeypatch):
    import bordermap.curated
    import bordermap.paths

    def refuse(*args, **kwargs):
        raise AssertionError("the store read geodata/")

    monkeypatch.setattr(bordermap.paths, "geodata_dir", refuse)
    monkeypatch.setattr(bordermap.curated, "load_curated", refuse)
    assert inspect.signature(open_store).parameters["curated"].default is inspect.Parameter.empty
    opened = open_store(tmp_path, curated())
    assert opened.feature("town")["properties"]["commitments"] == ["c1"]
    opened.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())


def test_a_layer_body_is_served_while_another_process_holds_the_write_lock(tmp_path):
    """Keeping a built body waits a moment for the file, never behind a long import: the body
    is served all the same, and kept by the next request once the file is free."""
    import time

    store = SQLiteStore(tmp_path / "store.sqlite")
    store.sync_curated(curated())
    store.add_features("mine", [point("a"), point("b", 105.6)], author="ana", summary="two", new_layer=user_layer())
    importer = sqlite3.connect(tmp_path / "store.sqlite", isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")  # an import in another process, still writing
    try:
        started = time.monotonic()
        body = store.features_geojson("mine")
        assert time.monotonic() - started < 5
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    expected = json.loads(body)
    assert expected == {"type": "FeatureCollection", "features": store.features("mine")}
    kept = sqlite3.connect(tmp_path / "store.sqlite")
    try:
        assert kept.execute("SELECT count(*) FROM layer_bodies").fetchone()[0] == 0
        assert store.features_geojson("mine") == body
        assert kept.execute("SELECT body FROM layer_bodies WHERE layer_id = 'mine'").fetchone()[0] == body
    finally:
        kept.close()


def test_an_imports_checkpoint_runs_after_it_is_committed_and_close_waits_for_it(tmp_path):
    """Research 21: the commit of a large import spent a tenth of a second copying the write-ahead
    log into the database. A thread does it once the import is committed; readers see the import
    at once (from the log), and `close` waits until the log is copied into the database file."""
    import threading

    from bordermap.store import SQLiteStore

    store = SQLiteStore(tmp_path / "s.sqlite")
    before = (tmp_path / "s.sqlite").stat().st_size
    features = [{"type": "Feature", "id": f"p-{n}", "properties": {"n": n},
                 "geometry": {"type": "Point", "coordinates": [105 + n / 1e5, 11.0]}} for n in range(20_000)]
    store.add_features("pts", features, author="t", summary="points",
                       new_layer=Layer(id="pts", title="Points", kind="user", origin="user", visible=True, style={}))
    assert len(SQLiteStore(tmp_path / "s.sqlite").features("pts")) == 20_000  # another process reads it at once
    store.close()
    assert not [t for t in threading.enumerate() if t.name == "bordermap-checkpoint"]
    # The database file itself now holds the import (about 3 MB), not only its log.
    assert (tmp_path / "s.sqlite").stat().st_size > before + 2_000_000


def test_an_import_that_rebuilds_the_indexes_leaves_them_as_the_schema_makes_them(tmp_path):
    """Research 21: an import that at least doubles the features table builds its two secondary
    indexes anew after its rows; they must be the very indexes the schema made, and still used."""
    from bordermap.store import SQLiteStore

    def indexes(path):
        with sqlite3.connect(path) as db:
            return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                     " AND tbl_name = 'features' AND sql IS NOT NULL").fetchall())

    store = SQLiteStore(tmp_path / "s.sqlite")
    made = indexes(tmp_path / "s.sqlite")
    assert [name for name, _ in made] == ["features_by_box", "features_by_layer"]
    features = [{"type": "Feature", "id": f"p-{n}", "properties": {},
                 "geometry": {"type": "Point", "coordinates": [105 + n / 1e4, 11.0]}} for n in range(3_000)]
    store.add_features("pts", features, author="t", summary="points",
                       new_layer=Layer(id="pts", title="Points", kind="user", origin="user", visible=True, style={}))
    store.close()
    assert indexes(tmp_path / "s.sqlite") == made
    assert store.features_in_bbox("pts", (105.05, 10.9, 105.1, 11.1))[0] == 501
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        plan = " ".join(row[3] for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM features WHERE layer_id = 'pts' ORDER BY seq"))
    assert "features_by_layer" in plan
