"""A cold layer body: `GET /api/features?layer=…` with nothing cached, against orjson.dumps."""

from __future__ import annotations

import statistics

import orjson

from bordermap import queries

from .measure import Row, timed


def run(app, layer_title: str, runs: int, label: str) -> list[Row]:
    """The server's time for the layer titled `layer_title`, cache emptied before each request;
    the reference encodes the same collection, already in memory, with orjson."""
    store = app.extensions["bordermap.store"]
    layer = next(layer for layer in store.layers() if layer.title == layer_title)
    client = app.test_client()
    url = f"/api/features?layer={layer.id}"

    def cold() -> None:
        queries._cache.pop(store, None)  # what a change to the data does to the cache
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    collection = queries.feature_collection(store, layer.id)
    ours = statistics.median(timed(cold) for _ in range(runs))
    reference = statistics.median(timed(lambda: orjson.dumps(collection)) for _ in range(runs))
    return [Row(f"cold `/api/features` of {label} vs orjson.dumps of the collection", ours, reference,
                "s", "≤ 1.2× reference", ours <= 1.2 * reference)]
