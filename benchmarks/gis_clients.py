"""`python -m benchmarks.gis_clients [--points 50000]`: what GIS clients cost the server.

A fresh instance gets a user layer of seeded random points in the border region; then the
script prints the read API's size with and without gzip, OGC API items pages (the first builds
the collection, the others are warm), each download format's first build and cached answer,
and GDAL reading the OGC API over loopback (`ogrinfo`, and `ogr2ogr` at two page sizes).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bordermap.ingest import make_layer
from bordermap_app import create_app
from bordermap_app.resources import store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import LiveServer  # noqa: E402  (the tests' waitress-in-a-thread server)


def _points(n: int) -> list[dict]:
    rng = random.Random(12)
    return [{"type": "Feature", "id": f"pt-{i}", "properties": {"name": f"Point {i}", "rank": i % 7},
             "geometry": {"type": "Point", "coordinates": [round(rng.uniform(102.3, 107.6), 6),
                                                           round(rng.uniform(8.5, 14.7), 6)]}}
            for i in range(n)]


def _ms(client, url: str, runs: int = 1, **headers) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code in (200, 304), response.data[:300]
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=50_000)
    n = parser.parse_args(argv).points
    folder = Path(tempfile.mkdtemp(prefix="bordermap-bench-gis-"))
    try:
        app = create_app({"INSTANCE_PATH": str(folder / "instance"), "EDITOR_TOKEN": "x" * 20})
        client = app.test_client()
        plain = client.get("/api/features").data
        packed = client.get("/api/features", headers={"Accept-Encoding": "gzip"}).data
        print(f"/api/features (curated data): {len(plain) / 1024:,.0f} KB, gzipped {len(packed) / 1024:,.0f} KB")
        tag = client.get("/api/features").headers["ETag"]
        print(f"  gzipped answer, warm: {_ms(client, '/api/features', 11, **{'Accept-Encoding': 'gzip'}):.1f} ms; "
              f"304: {_ms(client, '/api/features', 11, **{'If-None-Match': tag}):.1f} ms")
        with app.app_context():
            store().add_features("big", _points(n), author="benchmark", summary="points",
                                 new_layer=make_layer("big", title="Points"))
        items = "/ogc/collections/big/items"
        print(f"OGC items of {n:,} points: first page {_ms(client, items):.0f} ms (builds the collection); warm: "
              f"limit=100 offset={n - 100} {_ms(client, f'{items}?offset={n - 100}', 9):.1f} ms, "
              f"bbox {_ms(client, f'{items}?bbox=105,11,105.5,11.5', 9):.1f} ms, "
              f"limit=10000 {_ms(client, f'{items}?limit=10000', 3):.0f} ms")
        for ext in ("gpkg", "fgb", "csv", "kml", "shp.zip"):
            first = _ms(client, f"/api/layers/big.{ext}")
            size = len(client.get(f"/api/layers/big.{ext}").data)
            print(f"download big.{ext}: {size / 1e6:.2f} MB, built in {first / 1000:.2f} s, "
                  f"cached {_ms(client, f'/api/layers/big.{ext}', 5):.0f} ms")
        if shutil.which("ogrinfo") is None:
            print("ogrinfo not found (apt-get install gdal-bin): GDAL figures skipped")
            return
        live = LiveServer(app)
        try:
            source = f"OAPIF:{live.url}/ogc"
            for label, command in (
                ("ogrinfo -ro -so -al", ["ogrinfo", "-ro", "-so", "-al", source]),
                ("ogr2ogr -oo PAGE_SIZE=1000", ["ogr2ogr", "-oo", "PAGE_SIZE=1000", "-f", "GPKG",
                                                str(folder / "a.gpkg"), source, "big"]),
                ("ogr2ogr -oo PAGE_SIZE=10000", ["ogr2ogr", "-oo", "PAGE_SIZE=10000", "-f", "GPKG",
                                                 str(folder / "b.gpkg"), source, "big"]),
            ):
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True, timeout=900)
                print(f"{label}: {time.perf_counter() - start:.1f} s (exit {done.returncode})")
        finally:
            live.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
