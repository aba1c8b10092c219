"""Import: bordermap's whole pipeline (parse, validate, reproject, store) against pyogrio."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import pyogrio

from bordermap.curated import load_curated
from bordermap.ingest import make_layer, plan_import, run_import
from bordermap.store import open_store

from . import data
from .instance import BENCH_LIMITS
from .measure import Row, interleaved, timed


def _pipeline(raw: bytes, folder: Path, stages: list[tuple[float, float]], curated) -> float:
    """Seconds to import `raw` into a fresh store (opened, with its curated data, beforehand)."""
    with tempfile.TemporaryDirectory(dir=folder) as instance:
        store = open_store(Path(instance), curated)
        box = {}
        plan_s = timed(lambda: box.setdefault("plan", plan_import(
            raw, new_layer=make_layer("", title="Benchmark layer"), limits=BENCH_LIMITS, store=store)))
        store_s = timed(lambda: run_import(store, box["plan"], author="benchmark"))
        # The import is committed and answered; the log's checkpoint a thread runs after it is
        # waited for here, untimed, so that it does not run while pyogrio's read is timed.
        store.close()
        stages.append((plan_s, store_s))
        return plan_s + store_s


def run(sizes: dict[str, int], runs: int) -> tuple[list[Row], list[str]]:
    """Rows for points and polygons, and notes on where the pipeline's time goes."""
    rows, notes = [], []
    cases = (("points", data.points(sizes["import_points"])), ("polygons", data.polygons(sizes["import_polygons"])))
    curated = load_curated()  # read once: the figures are the import's, not geodata/'s
    with tempfile.TemporaryDirectory(prefix="bordermap-bench-import-") as tmp:
        folder = Path(tmp)
        for label, collection in cases:
            raw = data.as_bytes(collection)
            path = folder / f"{label}.geojson"
            path.write_bytes(raw)
            stages: list[tuple[float, float]] = []
            ours, reference = interleaved(
                runs,
                # Bound now, though interleaved calls them before the loop moves on.
                partial(_pipeline, raw, folder, stages, curated),
                partial(timed, partial(pyogrio.read_dataframe, path)),
            )
            n = len(collection["features"])
            rows.append(Row(f"import {n:,} {label} ({len(raw) / 1e6:.1f} MB GeoJSON) vs pyogrio.read_dataframe",
                            ours, reference, "s", "≤ 1.5× reference", ours <= 1.5 * reference))
            plan_s = sorted(s[0] for s in stages)[len(stages) // 2]
            store_s = sorted(s[1] for s in stages)[len(stages) // 2]
            notes.append(f"import {n:,} {label}: plan_import (parse, validate, reproject) {plan_s:.2f} s, "
                         f"run_import (store) {store_s:.2f} s (medians)")
    return rows, notes
