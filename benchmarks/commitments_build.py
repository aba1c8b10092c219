"""`python -m benchmarks.commitments_build [--sizes 500,2000,20000]`: the commitments list's cost.

For each size, a fresh store gets that many user features, all linked to one commitment; the
figure is the first (uncached) build of the commitments list, in seconds and in SQL
statements. The statement count stays flat and the time grows with the links themselves.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bordermap import commitments
from bordermap.curated import load_curated
from bordermap.ingest import make_layer
from bordermap.store import SQLiteStore, open_store

from .measure import Row, timed


def _linked_points(n: int) -> list[dict]:
    return [{"type": "Feature", "properties": {"name": f"Linked place {i}"},
             "geometry": {"type": "Point", "coordinates": [105 + (i % 1000) / 5000, 11 + (i // 1000) / 500]}}
            for i in range(n)]


def measure(n: int, folder: Path, curated) -> tuple[float, int]:
    """(seconds, SQL statements) of one uncached build with `n` linked user features."""
    store = open_store(folder / f"n{n}", curated)
    store.add_features("linked", _linked_points(n), author="benchmark", summary="linked",
                       new_layer=make_layer("linked", title="Linked"), links=[curated.commitments[0]["id"]])
    statements: list[str] = []
    connect = SQLiteStore._connect

    def traced(self):
        db = connect(self)
        db.set_trace_callback(statements.append)
        return db

    SQLiteStore._connect = traced
    try:
        seconds = timed(lambda: commitments.commitments(store))
    finally:
        SQLiteStore._connect = connect
    return seconds, len(statements)


def _request_times(n: int, runs: int) -> tuple[float, float]:
    """(cold, warm) seconds of `GET /api/commitments` with `n` linked user features: cold with
    the server's cache emptied before each request, warm answered from it."""
    from bordermap import queries

    from .instance import bench_app

    with bench_app() as app:
        store = app.extensions["bordermap.store"]
        store.add_features("linked", _linked_points(n), author="benchmark", summary="linked",
                           new_layer=make_layer("linked", title="Linked"),
                           links=[store.commitments()[0]["id"]])
        client = app.test_client()

        def get() -> None:
            assert client.get("/api/commitments").status_code == 200

        def cold() -> None:
            queries._cache.pop(store, None)
            get()

        cold_s = statistics.median(timed(cold) for _ in range(runs))
        get()
        warm_s = statistics.median(timed(get) for _ in range(runs * 3))
    return cold_s, warm_s


def rows(sizes: tuple[int, ...], runs: int = 5) -> tuple[list[Row], list[str]]:
    """Rows for `make bench`: the largest size's cold and warm request against the smallest
    size's time scaled linearly (ratio ≤ 1: growth no worse than linear)."""
    times = {n: _request_times(n, runs) for n in sizes}
    small, large = min(sizes), max(sizes)
    found = []
    for i, (kind, limit) in enumerate((("cold", 0.200), ("warm", 0.050))):
        ours, linear = times[large][i], times[small][i] * large / small
        found.append(Row(f"`/api/commitments` {kind}, {large:,} linked features vs {small:,} scaled linearly",
                         ours, linear, "ms", f"≤ {limit * 1000:.0f} ms, ≤ 1× reference",
                         ours <= limit and ours <= linear))
    note = ", ".join(f"{n:,}: {c * 1000:.1f} / {w * 1000:.1f} ms" for n, (c, w) in times.items())
    return found, [f"`/api/commitments` cold / warm by linked features: {note} (medians)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.commitments_build", description=__doc__)
    parser.add_argument("--sizes", default="500,2000,20000", help="comma-separated numbers of linked features")
    args = parser.parse_args(argv)
    curated = load_curated()
    print("| linked features | build time | SQL statements |")
    print("|-----------------|------------|----------------|")
    with tempfile.TemporaryDirectory(prefix="bordermap-bench-commitments-") as tmp:
        for n in (int(part) for part in args.sizes.split(",")):
            seconds, count = measure(n, Path(tmp), curated)
            print(f"| {n:>15,} | {seconds:>8.3f} s | {count:>14,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
