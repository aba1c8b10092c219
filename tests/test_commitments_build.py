"""The commitments list asks the store once for every place name, however many links there are."""

from __future__ import annotations

import pytest

from bordermap import commitments
from bordermap.curated import load_curated
from bordermap.ingest import make_layer
from bordermap.store import SQLiteStore, open_store

CURATED = load_curated()
COMMITMENT = CURATED.commitments[0]["id"]


def _point(i: int) -> dict:
    return {"type": "Feature", "properties": {"name": f"Linked place {i}"},
            "geometry": {"type": "Point", "coordinates": [105 + i / 10_000, 11.2]}}


@pytest.fixture
def statements(monkeypatch):
    """Every SQL statement the SQLite store runs from now on."""
    seen: list[str] = []
    connect = SQLiteStore._connect

    def traced(self):
        db = connect(self)
        db.set_trace_callback(seen.append)
        return db

    monkeypatch.setattr(SQLiteStore, "_connect", traced)
    return seen


def _build(tmp_path, linked: int, statements: list[str]) -> tuple[int, list[dict]]:
    store = open_store(tmp_path / f"n{linked}", CURATED)
    store.add_features("linked", [_point(i) for i in range(linked)], author="t", summary="linked",
                       new_layer=make_layer("linked", title="Linked"), links=[COMMITMENT])
    store.close()  # the import's checkpoint, which a thread runs, is not the build's statement
    statements.clear()
    built = commitments.commitments(store)
    return len(statements), built


def test_the_build_costs_the_same_queries_for_10_or_400_linked_features(tmp_path, statements):
    few, built_few = _build(tmp_path, 10, statements)
    many, built_many = _build(tmp_path, 400, statements)
    assert few == many
    entry = next(c for c in built_many if c["id"] == COMMITMENT)
    names = {place["id"]: place["name"] for place in entry["places"]}
    assert names["linked-1"] == "Linked place 0" and names["linked-400"] == "Linked place 399"
    assert len(entry["user_features"]) == 400
    # Curated places keep their names in all three languages.
    first = next(c for c in built_few if c["features"] or c["provinces"])
    assert all(place["name"] for place in first["places"])
