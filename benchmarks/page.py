"""The map page `/`: its size and warm server time, against a plain folium map of the same data."""

from __future__ import annotations

import statistics

from .measure import Row, timed
from .reference import folium_html


def run(app, collections: list[dict], runs: int, warm_runs: int, label: str) -> list[Row]:
    """`collections`: every layer the page shows by default, at full resolution."""
    client = app.test_client()
    body = client.get("/").data  # the first request warms the caches
    ours = statistics.median(timed(lambda: client.get("/")) for _ in range(warm_runs))
    # The reference is given its data in memory: only building and rendering the map count.
    reference_html = folium_html(collections)
    reference = statistics.median(timed(lambda: folium_html(collections)) for _ in range(runs))
    size = len(body)
    ref_size = len(reference_html.encode("utf-8"))
    return [
        Row(f"`/` size, {label}", size, ref_size, "KB", "≤ 400 KB", size <= 400_000),
        Row(f"`/` warm server time, {label}", ours, reference, "ms", "≤ 50 ms", ours <= 0.050),
    ]
