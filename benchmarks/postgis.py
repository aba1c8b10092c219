"""The PostGIS store beside the SQLite one, on a throw-away cluster this run starts and removes.

Rows: the whole import pipeline and a cold layer read on PostGIS against the same on SQLite,
and a bbox window of 50 km over a layer of 1,000,000 points on each backend, against a full
scan of the same table by the same engine (index unused) and against shapely's STRtree
(an in-memory index that only names the matches: the floor for any store).
"""

from __future__ import annotations

import math
import tempfile
import time
from functools import partial
from pathlib import Path

import shapely

from bordermap.curated import load_curated
from bordermap.ingest import make_layer, plan_import, run_import
from bordermap.store import Store, open_store

from . import data
from .imports import _pipeline
from .instance import BENCH_LIMITS
from .measure import Row, interleaved, timed
from .throwaway_postgres import Cluster, Unavailable, throwaway_cluster

# The window: 50 km on a side around the middle of the generated region.
CENTRE = (105.9, 11.6)
HALF_KM = 25.0
KM_PER_DEGREE = 111.32
CHUNK = 100_000  # the big layer is built by imports of this many points


def window() -> tuple[float, float, float, float]:
    """(west, south, east, north) of a 50 km square around CENTRE."""
    lon, lat = CENTRE
    dlat = HALF_KM / KM_PER_DEGREE
    dlon = HALF_KM / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return (lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def _postgis_pipeline(raw: bytes, cluster: Cluster, curated) -> float:
    """Seconds to import `raw` into a fresh PostGIS database (made, with its curated data, beforehand)."""
    url = cluster.create_database()
    store = open_store(None, curated, database_url=url)
    try:
        box = {}
        plan_s = timed(lambda: box.setdefault("plan", plan_import(
            raw, new_layer=make_layer("", title="Benchmark layer"), limits=BENCH_LIMITS, store=store)))
        return plan_s + timed(lambda: run_import(store, box["plan"], author="benchmark"))
    finally:
        store.close()
        cluster.drop_database(url)


def _imports(sizes, cluster: Cluster, folder: Path, curated) -> list[Row]:
    rows = []
    for label, collection in (("points", data.points(sizes["import_points"])),
                              ("polygons", data.polygons(sizes["import_polygons"]))):
        raw = data.as_bytes(collection)
        ours, reference = interleaved(3, partial(_postgis_pipeline, raw, cluster, curated),
                                      partial(_pipeline, raw, folder, [], curated))
        rows.append(Row(f"PostGIS: import {len(collection['features']):,} {label} vs the same into SQLite",
                        ours, reference, "s", "≤ 2× SQLite", ours <= 2 * reference))
    return rows


def _fill(store: Store, layer_title: str, chunks: list[dict]) -> str:
    """A user layer holding every chunk's features (one import per chunk); its id."""
    first = store.add_features("", chunks[0]["features"], author="benchmark", summary="chunk 0",
                               new_layer=make_layer("", title=layer_title))
    for k, chunk in enumerate(chunks[1:], 1):
        store.add_features(first.layer_id, chunk["features"], author="benchmark", summary=f"chunk {k}")
    return first.layer_id


def _built(store: Store, layer_id: str) -> None:
    """A layer's body built from its data, as `features_geojson` does when it kept none
    (see store/common_bodies): what the read costs, not the kept body's."""
    with store._read() as db:
        store._build_body(db, layer_id)


def _read(stores: dict[str, Store], layer_ids: dict[str, str], runs: int, n: int) -> list[Row]:
    """A whole layer read cold (the body `/api/features` serves, built from the data)."""
    ours, reference = interleaved(runs, lambda: timed(lambda: _built(stores["postgis"], layer_ids["postgis"])),
                                  lambda: timed(lambda: _built(stores["sqlite"], layer_ids["sqlite"])))
    return [Row(f"PostGIS: read a layer of {n:,} points (GeoJSON, built, not kept) vs the same from SQLite",
                ours, reference, "s", "≤ 2× SQLite", ours <= 2 * reference)]


def _full_scan(store: Store, backend: str, layer_id: str, bbox) -> list:
    """What `features_in_bbox` answers, found by reading the whole table (its indexes unused)."""
    west, south, east, north = bbox
    with store._read() as db:
        if backend == "postgis":
            db.execute("SET LOCAL enable_indexscan = off")
            db.execute("SET LOCAL enable_bitmapscan = off")
            box = ("ST_XMin(f.geom) <= %s AND ST_XMax(f.geom) >= %s AND ST_YMin(f.geom) <= %s"
                   " AND ST_YMax(f.geom) >= %s")
            source, mark = "features f", "%s"
        else:
            box = "f.minx <= ? AND f.maxx >= ? AND f.miny <= ? AND f.maxy >= ?"
            source, mark = "features f NOT INDEXED", "?"
        rows = db.execute(f"SELECT f.id, f.layer_id, f.properties, f.geometry FROM {source}"
                          f" WHERE f.layer_id = {mark} AND {box} ORDER BY f.seq",
                          (layer_id, east, west, north, south)).fetchall()
        links = store._link_index(db)
    return [store._feature_from_row(row, links) for row in rows]


def _bbox(stores: dict[str, Store], layer_ids: dict[str, str], chunks: list[dict],
          runs: int) -> tuple[list[Row], list[str]]:
    bbox = window()
    n = sum(len(chunk["features"]) for chunk in chunks)
    points = shapely.points([f["geometry"]["coordinates"] for chunk in chunks for f in chunk["features"]])
    tree = shapely.STRtree(points)
    query_box = shapely.box(*bbox)
    expected = int(tree.query(query_box, predicate="intersects").size)
    rows, notes = [], []
    for backend, name in (("sqlite", "SQLite (box index)"), ("postgis", "PostGIS (GiST)")):
        store, layer_id = stores[backend], layer_ids[backend]
        total, found = store.features_in_bbox(layer_id, bbox)
        scanned = _full_scan(store, backend, layer_id, bbox)
        assert total == len(found) == len(scanned) == expected and found == scanned, (backend, total, expected)
        ours, scan = interleaved(runs, lambda s=store, i=layer_id: timed(lambda: s.features_in_bbox(i, bbox)),
                                 lambda s=store, b=backend, i=layer_id: timed(lambda: _full_scan(s, b, i, bbox)))
        strtree = min(timed(lambda: tree.query(query_box, predicate="intersects")) for _ in range(runs))
        label = f"{name}: bbox 50 km window ({expected:,} of {n:,} points)"
        rows.append(Row(f"{label} vs a full scan of the table", ours, scan, "ms", "≤ 0.1× full scan",
                        ours <= 0.1 * scan))
        rows.append(Row(f"{label} vs shapely STRtree query (in memory, indices only)", ours, strtree, "ms"))
    notes.append(f"bbox window {', '.join(f'{v:.4f}' for v in bbox)}: every backend returns the same "
                 f"{expected:,} features (whole GeoJSON features, links included), checked before timing")
    return rows, notes


def run(sizes: dict, runs: int) -> tuple[list[Row], list[str]]:
    """The PostGIS rows and notes; a note instead when no PostgreSQL with PostGIS can be started."""
    try:
        with throwaway_cluster() as cluster, tempfile.TemporaryDirectory(prefix="bordermap-bench-pg-") as tmp:
            return _run(sizes, runs, cluster, Path(tmp))
    except Unavailable as error:
        return [], [f"PostGIS rows left out: {error} (apt-get install postgresql-15-postgis-3)"]


def _run(sizes: dict, runs: int, cluster: Cluster, folder: Path) -> tuple[list[Row], list[str]]:
    curated = load_curated()
    rows = _imports(sizes, cluster, folder, curated)
    url = cluster.create_database()
    stores = {"sqlite": open_store(folder / "sqlite", curated), "postgis": open_store(None, curated, database_url=url)}
    notes = []
    try:
        read_points = data.points(sizes["points"])
        read_ids = {backend: _fill(store, "Read points", [read_points]) for backend, store in stores.items()}
        rows += _read(stores, read_ids, runs, sizes["points"])
        chunks = [data.points(CHUNK if sizes["bbox_points"] >= CHUNK else sizes["bbox_points"], seed=100 + k)
                  for k in range(max(1, sizes["bbox_points"] // CHUNK))]
        loaded = {}
        for backend, store in stores.items():
            started = time.perf_counter()
            loaded[backend] = _fill(store, "Many points", chunks)
            notes.append(f"{backend}: {sum(len(c['features']) for c in chunks):,} points loaded in "
                         f"{time.perf_counter() - started:.0f} s ({len(chunks)} imports)")
        found, more = _bbox(stores, loaded, chunks, runs)
        rows += found
        notes += more
    finally:
        for store in stores.values():
            store.close()
    return rows, notes
