"""A cold layer body: `GET /api/features?layer=…` with nothing cached, against orjson.dumps.

Two rows: the request with the server's cache emptied (what a server that did not build the
body meets: the store serves the body it kept), and the first request right after a change
to that layer (the store builds the body from its data, and keeps it).
"""

from __future__ import annotations

import statistics

import orjson

from bordermap import queries

from .measure import Row, timed


def run(app, layer_title: str, runs: int, label: str) -> list[Row]:
    """The server's time for the layer titled `layer_title`, cache emptied before each request,
    and right after a change to the layer; the reference encodes the same collection, already
    in memory, with orjson."""
    store = app.extensions["bordermap.store"]
    layer = next(layer for layer in store.layers() if layer.title == layer_title)
    client = app.test_client()
    url = f"/api/features?layer={layer.id}"

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def cold() -> None:
        queries._cache.pop(store, None)  # as in a server that did not build this body itself
        get()

    collection = queries.feature_collection(store, layer.id)
    first = dict(collection["features"][0])  # as uploaded: without the two computed properties
    first["properties"] = {k: v for k, v in first["properties"].items() if k not in ("layer", "commitments")}
    get()  # the body after the import, kept by the store

    def changed() -> float:
        """Seconds of the first request after one feature of the layer is replaced."""
        store.replace_feature(first["id"], first, author="benchmark", summary="touch")
        return timed(get)

    ours = statistics.median(timed(cold) for _ in range(runs))
    rebuilt = statistics.median(changed() for _ in range(runs))
    reference = statistics.median(timed(lambda: orjson.dumps(collection)) for _ in range(runs))
    return [Row(f"cold `/api/features` of {label} vs orjson.dumps of the collection", ours, reference,
                "s", "≤ 1.2× reference", ours <= 1.2 * reference),
            Row(f"`/api/features` of {label} right after a change to the layer (body rebuilt and kept)"
                " vs orjson.dumps", rebuilt, reference, "s")]
