"""Reverting an import applies its long run of feature and link removals a chunk at a time
(store/sqlite_runs; PostGIS: postgis_states), and reverting that revert puts them back the same
way. An editor reads what a revert did on the revision's page and undoes it by reverting it, so
the run must record and restore exactly what the step-by-step path does: the same changes in the
same order, the same features with their ids, positions in the layer and links, the same layers.

Each backend's run is compared with SQLite's step-by-step path (its threshold raised above the
run), and on SQLite the `changes` rows themselves (seq numbers, JSON text) with it.
"""

from __future__ import annotations

import sqlite3

import pytest

from bordermap.curated import CuratedData
from bordermap.model import Layer
from bordermap.store import SQLiteStore, sqlite_runs
from test_store_contract import CURATED_LAYER, point

N = 150  # more than sqlite_runs.RUN_MIN, in several chunks (CHUNK is set to 32 below)
COMMITMENTS = ["c1", "c2", "c-ư"]


def curated() -> CuratedData:
    return CuratedData(
        layers=[(CURATED_LAYER, [point("town", name="Town")])],
        documents=[{"id": "doc", "title": "A document", "date": "2025-12-11"}],
        commitments=[{"id": c, "summary": f"Commitment {c}", "features": ["town"], "provinces": []}
                     for c in COMMITMENTS],
        version="v1",
        as_of="2025-12-11",
    )


def geometry(k: int) -> dict:
    x, y = 105 + k / 1000, 11 + k / 2000
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y]]
    return [
        {"type": "Point", "coordinates": [x, y]},
        {"type": "LineString", "coordinates": [[x, y], [x + 0.02, y + 0.03], [x + 0.05, y]]},
        {"type": "Polygon", "coordinates": [ring]},
        {"type": "MultiPolygon", "coordinates": [[ring], [[[p[0] + 1, p[1]] for p in ring]]]},
        {"type": "MultiPoint", "coordinates": [[x, y], [x + 0.3, y - 0.2]]},
    ][k % 5]


def features(prefix: str) -> list[dict]:
    # Half the ids given (Khmer and Vietnamese letters among them), half numbered by the store.
    return [{"type": "Feature", "id": f"{prefix}-ច្រក-{k}" if k % 2 else None,
             "properties": {"name": f"Cửa khẩu {k} ច្រកទ្វារ", "n": k, "note": "“quoted”\ttab", "tags": ["ä", None]},
             "geometry": geometry(k)} for k in range(N)]


def captured(store, revision_id: int) -> tuple:
    page = store.revision(revision_id, limit=10_000)
    return (page.total, page.changes, [layer.to_dict() for layer in store.layers()], store.features(),
            tables(store.path) if isinstance(store, SQLiteStore) else None)


def tables(path) -> list[list[tuple]]:
    """SQLite's rows as stored: in the order inserted, and the widest box each layer has held,
    which the search by box counts on (sqlite_changes.widen)."""
    with sqlite3.connect(path) as db:
        return [[tuple(row) for row in db.execute(query)] for query in (
            "SELECT rowid, * FROM features ORDER BY rowid", "SELECT rowid, * FROM user_links ORDER BY rowid",
            "SELECT * FROM layer_widths ORDER BY layer_id", "SELECT * FROM layers ORDER BY id")]


def scenario(store) -> list[tuple]:
    """Two imports with links (one into a layer already holding features, one into a new layer),
    links added to their features since, each import reverted, then each revert reverted, then
    features and a layer deleted and brought back: what each of these recorded and the store held
    after it."""
    store.add_features("mine", [point("first", 104.9, 11.1), point("second", 104.8, 11.0)], author="ed",
                       summary="start", new_layer=Layer(id="mine", title="Mine", kind="point", origin="user"))
    into_mine = store.add_features("mine", features("m"), author="ed", summary="into mine", links=["c1", "c-ư"])
    new_layer = store.add_features("new", features("n"), author="ed", summary="new layer", links=["c2"],
                                   new_layer=Layer(id="new", title="Nouvelle ឆ", kind="area", origin="user"))
    imported = [f["id"] for f in store.features("mine")[2:]] + [f["id"] for f in store.features("new")]
    store.link("c2", imported[::7], author="ed")  # links added since, to features of both imports
    store.link("c1", imported[N + 3::11], author="ed")
    store.link("c-ư", imported[1::3], author="ed")  # some features go with two or three links
    seen = []
    reverts = []
    for revision in (into_mine, new_layer):
        reverts.append(store.revert(revision.id, author="ed").id)
        seen.append(captured(store, reverts[-1]))
    for revision_id in reversed(reverts):
        seen.append(captured(store, store.revert(revision_id, author="ed").id))
    # A deletion of many features, and of a layer, goes through the same runs, as do their reverts.
    for deletion in (lambda: store.delete_features(imported[5:5 + 2 * N:2], author="ed"),
                     lambda: store.delete_layer("new", author="ed")):
        revision_id = deletion().id
        seen.append(captured(store, revision_id))
        seen.append(captured(store, store.revert(revision_id, author="ed").id))
    return seen


def changes_rows(path, revision_ids) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return [tuple(row) for revision_id in revision_ids
                for row in db.execute("SELECT * FROM changes WHERE revision_id = ? ORDER BY seq", (revision_id,))]


@pytest.fixture
def step_by_step(tmp_path, monkeypatch):
    """What SQLite's step-by-step path records and leaves: (scenario, its `changes` rows)."""
    monkeypatch.setattr(sqlite_runs, "RUN_MIN", 10**9)
    store = SQLiteStore(tmp_path / "steps.sqlite")
    store.sync_curated(curated())
    try:
        seen = scenario(store)
        rows = changes_rows(tmp_path / "steps.sqlite", range(1, 30))
    finally:
        store.close()
        monkeypatch.setattr(sqlite_runs, "RUN_MIN", 64)
    return seen, rows


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(sqlite_runs, "CHUNK", 32)


def test_sqlite_run_records_and_restores_what_the_steps_do(tmp_path, step_by_step, monkeypatch):
    chunks = []
    apply_chunk = sqlite_runs._set_chunk
    monkeypatch.setattr(sqlite_runs, "_set_chunk", lambda *args: chunks.append(len(args[2])) or apply_chunk(*args))
    store = SQLiteStore(tmp_path / "runs.sqlite")
    store.sync_curated(curated())
    try:
        seen = scenario(store)
    finally:
        store.close()
    assert sum(chunks) > 8 * N and max(chunks) == 32  # the reverts went through the runs, in chunks
    expected, expected_rows = step_by_step
    assert len(seen) == 8 and all(total > N for total, *_ in seen)
    for got, want in zip(seen, expected, strict=True):
        assert got[0] == want[0]
        assert got[1] == want[1]  # the changes, in order
        assert got[2] == want[2]  # the layers, their positions
        assert got[3] == want[3]  # the features, their ids, order in the layer and links
        assert got[4] == want[4]  # the same rows in the same order, the same boxes held
    assert changes_rows(tmp_path / "runs.sqlite", range(1, 30)) == expected_rows


def test_postgis_revert_records_and_restores_what_the_steps_do(postgres_url, step_by_step):
    from bordermap.store.postgis import PostGISStore

    store = PostGISStore(postgres_url, pool_size=2)
    store.sync_curated(curated())
    try:
        seen = scenario(store)
    finally:
        store.close()
    for got, want in zip(seen, step_by_step[0], strict=True):
        assert got[0] == want[0]
        assert got[1] == want[1]
        assert got[2] == want[2]
        assert got[3] == want[3]
