"""The default export: its build time and size, against a plain folium map of the same layers."""

from __future__ import annotations

from bordermap import queries
from bordermap.mapview.export import build_export

from .measure import Row, interleaved, timed
from .reference import folium_html


def run(app, runs: int) -> list[Row]:
    store = app.extensions["bordermap.store"]
    collections = [queries.feature_collection(store, layer.id) for layer in store.layers()]
    html = build_export(store)
    reference_html = folium_html(collections)
    ours, reference = interleaved(
        runs,
        lambda: timed(lambda: build_export(store)),
        lambda: timed(lambda: folium_html(collections)),
    )
    size = len(html.encode("utf-8"))
    ref_size = len(reference_html.encode("utf-8"))
    return [
        Row("export (default): time to build", ours, reference, "s", "≤ 1 s", ours <= 1.0),
        Row("export (default): size (folium links Leaflet from CDNs)", size, ref_size, "MB", "≤ 1.5 MB",
            size <= 1_500_000),
    ]
