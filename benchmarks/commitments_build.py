"""`python -m benchmarks.commitments_build [--sizes 500,2000,20000]`: the commitments list's cost.

For each size, a fresh store gets that many user features, all linked to one commitment; the
figure is the first (uncached) build of the commitments list, in seconds and in SQL
statements. The statement count stays flat and the time grows with the links themselves.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bordermap import commitments
from bordermap.curated import load_curated
from bordermap.ingest import make_layer
from bordermap.store import SQLiteStore, open_store

from .measure import timed


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
