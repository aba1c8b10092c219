"""The benchmark's own machinery (not timed: figures come only from `make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks import data
from benchmarks.measure import Row, middle_half, table

REPO = Path(__file__).resolve().parents[1]


def test_generated_data_is_deterministic_and_in_the_region():
    assert data.as_bytes(data.points(200)) == data.as_bytes(data.points(200))
    assert data.as_bytes(data.polygons(50)) == data.as_bytes(data.polygons(50))
    assert data.as_bytes(data.points(200, seed=1)) != data.as_bytes(data.points(200, seed=3))
    polygons = data.polygons(50)["features"]
    for feature in data.points(200)["features"] + polygons:
        assert feature["properties"]["name"]
    for feature in polygons:
        ring = feature["geometry"]["coordinates"][0]
        assert 11 <= len(ring) <= 31 and ring[0] == ring[-1]
        assert all(102.3 <= x <= 109.5 and 8.5 <= y <= 14.7 for x, y in ring)


def test_table_shows_ratio_goal_and_verdict():
    text = table([Row("export size", 800_000, 1_600_000, "MB", "≤ 1.5 MB", True)])
    assert "| export size | 0.80 MB   | 1.60 MB   | 0.5×  | ≤ 1.5 MB | yes  |" in text


def test_a_paired_rows_ratio_shows_the_middle_half_of_its_runs_ratios():
    # Nine runs' ratios: the quartiles are the 3rd and 7th values in order, whatever the order given.
    ratios = [1.3, 0.9, 1.0, 1.1, 1.2, 0.8, 1.05, 1.15, 0.95]
    assert middle_half(ratios) == (0.95, 1.15)
    assert middle_half([1.2]) == (1.2, 1.2)
    text = table([Row("first view", 1.1, 1.0, "s", "≤ 1× reference", False, middle_half(ratios))])
    assert "| 1.1× (0.95–1.15) |" in text


def test_quick_export_benchmark_prints_a_table():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "export"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "| measure" in result.stdout and "export (default): size" in result.stdout


def test_quick_body_and_commitments_benchmarks_print_their_rows():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "body,commitments"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "cold `/api/features` of 5,000 points" in result.stdout
    assert "`/api/commitments` cold, 2,000 linked features vs 50 scaled linearly" in result.stdout
    assert "`/api/commitments` warm" in result.stdout


def test_the_big_import_file_is_data_points_written_in_chunks(tmp_path):
    from benchmarks import bigimport

    path = tmp_path / "points.geojson"
    size = bigimport.write_points(path, bigimport.CHUNK + 7)
    assert path.read_bytes() == data.as_bytes(data.points(bigimport.CHUNK + 7)) and size == path.stat().st_size


def test_big_import_benchmark_reports_the_commands_peak_memory(tmp_path):
    from benchmarks import bigimport

    rows, notes = bigimport.run({"bigimport_points": 300})
    assert [row.unit for row in rows] == ["s", "MB"]
    peak, size = rows[1].ours, rows[1].reference
    assert 20e6 < peak < 2e9 and 50_000 < size < 70_000  # a Python process; 300 points of ~190 bytes
    assert "imported 300 feature(s) as revision 1" in notes[0]


def test_the_big_layer_benchmark_fills_the_store_a_chunk_per_revision(tmp_path, monkeypatch):
    from benchmarks import biglayer
    from bordermap import layer_points
    from bordermap.store import SQLiteStore

    monkeypatch.setattr(biglayer, "CHUNK", 100)
    store = SQLiteStore(tmp_path / "store.sqlite")
    biglayer.fill(store, 250)
    assert store.layer(biglayer.LAYER.id).feature_count == 250 and len(store.history()) == 3
    body = layer_points.read_points(layer_points.points_body(store, biglayer.LAYER.id))
    assert body["ids"] == [f"mp{i}" for i in range(250)] and body["others"] == 0


def test_the_browser_rows_servers_answer_from_processes_of_their_own():
    import gzip
    import json
    import os
    import urllib.request

    from benchmarks.instance import Server, bench_app

    with bench_app({"Served points": data.points(30)}) as app:
        served = Server(app)
        page = Server(pages={"/": b"<!DOCTYPE html><title>folium</title>"})
        try:
            assert served.process.pid != os.getpid() and page.process.pid != os.getpid()
            with urllib.request.urlopen(served.url + "/api/layers") as response:
                titles = [layer["title"] for layer in json.load(response)]
            assert "Served points" in titles  # the store the benchmark filled, not another
            asked = urllib.request.Request(page.url + "/", headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(asked) as response:
                assert response.headers["Content-Encoding"] == "gzip"
                assert gzip.decompress(response.read()) == b"<!DOCTYPE html><title>folium</title>"
        finally:
            served.close()
            page.close()
        assert served.process.poll() is not None and page.process.poll() is not None
