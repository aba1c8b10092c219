"""`python -m benchmarks [--quick] [--only import,body,commitments,page,browser,biglayer,export,postgis,bigimport]`:
prints one table."""

from __future__ import annotations

import argparse
import logging
import sys
import time

from . import data
from .measure import table

PARTS = ("import", "body", "commitments", "page", "browser", "biglayer", "export", "postgis", "bigimport")
FULL = {"import_points": 100_000, "import_polygons": 10_000, "points": 50_000, "polygons": 5_000,
        "linked": (500, 2_000, 20_000), "bbox_points": 1_000_000, "bigimport_points": 1_000_000,
        "big_layer": 1_000_000}
QUICK = {"import_points": 10_000, "import_polygons": 1_000, "points": 5_000, "polygons": 500,
         "linked": (50, 200, 2_000), "bbox_points": 100_000, "bigimport_points": 100_000, "big_layer": 200_000}


def _visible(store, extra: list[dict]) -> list[dict]:
    """The curated layers bordermap shows by default, then `extra`: what the folium map draws."""
    from bordermap import queries

    return [queries.feature_collection(store, layer.id) for layer in store.layers()
            if layer.visible and layer.origin == "curated"] + extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, fewer runs")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated subset of {','.join(PARTS)}")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"--only: unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    sizes = QUICK if args.quick else FULL
    runs = 3 if args.quick else 5
    logging.getLogger("waitress").setLevel(logging.ERROR)

    from .instance import bench_app

    started = time.perf_counter()
    rows, notes = [], []
    points = data.points(sizes["points"]) if {"body", "page", "browser"} & set(parts) else None
    polygons = data.polygons(sizes["polygons"]) if {"page", "browser"} & set(parts) else None
    n_pts, n_pgs = f"{sizes['points']:,} points", f"{sizes['polygons']:,} polygons"

    if "import" in parts:
        from . import imports

        found, notes = imports.run(sizes, runs=runs)
        rows += found
    if "body" in parts:
        from . import body

        with bench_app({"Benchmark points": points}) as app:
            rows += body.run(app, "Benchmark points", runs, n_pts)
    if "commitments" in parts:
        from . import commitments_build

        found, more = commitments_build.rows(sizes["linked"])
        rows += found
        notes += more
    if "page" in parts:
        from . import page

        with bench_app({"Benchmark points": points, "Benchmark polygons": polygons}) as app:
            store = app.extensions["bordermap.store"]
            rows += page.run(app, _visible(store, [points, polygons]), runs=3,
                             warm_runs=10 if args.quick else 25, label=f"with {n_pts} and {n_pgs} uploaded")
    if "browser" in parts:
        from . import browser

        with bench_app() as plain, bench_app({"Benchmark points": points}) as with_points, \
                bench_app({"Benchmark polygons": polygons}) as with_polygons:
            scenarios = [
                ("default map", plain, _visible(plain.extensions["bordermap.store"], []), "≤ 1×", False, True),
                (f"+ {n_pts}", with_points, _visible(with_points.extensions["bordermap.store"], [points]),
                 1.5, True, False),
                (f"+ {n_pgs}", with_polygons, _visible(with_polygons.extensions["bordermap.store"], [polygons]),
                 None, False, False),
            ]
            rows += browser.run(scenarios, runs)
    if "biglayer" in parts:
        from . import biglayer

        with bench_app() as plain, bench_app() as app:
            biglayer.fill(app.extensions["bordermap.store"], sizes["big_layer"])
            rows += biglayer.server_rows(app, plain, sizes["big_layer"], runs)
            shown = _visible(app.extensions["bordermap.store"], [])
            rows += biglayer.browser_rows(app, plain, shown, sizes["big_layer"], runs)
    if "export" in parts:
        from . import export

        with bench_app() as app:
            rows += export.run(app, runs)

    if "postgis" in parts:
        from . import postgis

        found, more = postgis.run(sizes, runs)
        rows += found
        notes += more
    if "bigimport" in parts:
        from . import bigimport

        found, more = bigimport.run(sizes)
        rows += found
        notes += more

    print(table(rows))
    for note in notes:
        print(f"- {note}")
    print(f"- {'quick' if args.quick else 'full'} run: medians of {runs} runs (warm `/` "
          f"{10 if args.quick else 25}), reference measured in the same run; took "
          f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
