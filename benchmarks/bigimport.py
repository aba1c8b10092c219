"""`bordermap import` of a big file from the command line: wall time and the child's peak memory.

Writes `n` seeded points (benchmarks/data.py's points, written to disk a chunk at a time, never
held whole), imports them into a fresh instance folder with the real command in a child process
(`bordermap import FILE --new-layer-title ...`, which streams a file over the upload limit) and
reports the wall time and the child's peak resident memory (its own `ru_maxrss`, from `os.wait4`)
beside the file's size. The goal: peak at most 3× the file.

`python -m benchmarks.bigimport [--points N] [--keep FILE]` runs it alone.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from . import data
from .measure import Row

CHUNK = 10_000
GOAL = 3.0  # peak resident memory, in files
FULL = 1_000_000  # points: the size the goal is for


def write_points(path: Path, n: int, seed: int = 1) -> int:
    """A FeatureCollection of `n` points as `data.points` makes them, written a chunk at a time;
    the file's size in bytes."""
    rng = random.Random(seed)
    with path.open("wb") as out:
        out.write(b'{"type":"FeatureCollection","features":[')
        for start in range(0, n, CHUNK):
            features = []
            for i in range(start, min(n, start + CHUNK)):
                lon = round(rng.uniform(*data.LON), 6)
                lat = round(rng.uniform(*data.LAT), 6)
                features.append({"type": "Feature", "properties": data._properties(rng, i),
                                 "geometry": {"type": "Point", "coordinates": [lon, lat]}})
            text = orjson.dumps(features)[1:-1]
            out.write(b"," + text if start else text)
        out.write(b"]}")
    return path.stat().st_size


# Starts the command and writes its peak resident memory (KiB, from os.wait4) to argv[1]. On Linux
# a child's ru_maxrss also counts the memory of the process it was started from (the old address
# space's peak is carried over at exec), so the command is started from this small process, not
# from the benchmark, which by then may hold a million-point store and gigabytes of its own.
LAUNCHER = """
import os, subprocess, sys
report, command = sys.argv[1], sys.argv[2:]
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
with open(report, "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def import_file(path: Path, instance: Path) -> tuple[float, int, str]:
    """Run `bordermap import` on `path` in a child process: (wall seconds, peak RSS in bytes, stdout).

    The peak is the command's own, measured by LAUNCHER (Linux gives ru_maxrss in KiB).
    """
    env = {**os.environ, "BORDERMAP_INSTANCE_PATH": str(instance)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".peak") as peak:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, peak.name,
             sys.executable, "-c", "from bordermap_app.cli import main; main()", "import", str(path),
             "--new-layer-title", "Big points", "--kind", "village", "--author", "benchmark", "--no-progress",
             "--stream"],
            env=env, stdout=out, stderr=err, check=False,
        )
        took = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if done.returncode != 0:
            raise RuntimeError(f"bordermap import failed ({done.returncode}): {err.read().decode()[-2000:]}")
        return took, int(Path(peak.name).read_text()) * 1024, out.read().decode()


def run(sizes: dict, keep: Path | None = None) -> tuple[list[Row], list[str]]:
    """The rows for `sizes["bigimport_points"]` points, and notes."""
    n = sizes["bigimport_points"]
    with tempfile.TemporaryDirectory(prefix="bordermap-bigimport-") as folder:
        path = keep or Path(folder) / "points.geojson"
        if not (keep and keep.exists()):
            size = write_points(path, n)
        else:
            size = path.stat().st_size
        took, peak, out = import_file(path, Path(folder) / "instance")
    label = f"`bordermap import` {n:,} points"
    ratio = peak / size
    rows = [
        Row(f"{label}: wall time", took, None, "s"),
        # The goal is for the full size: the command's own footprint (Python, shapely, pyproj) is
        # about 150 MB whatever the file, which a small file cannot amortise.
        Row(f"{label}: peak RSS vs file size", peak, size, "MB", f"≤ {GOAL:g}× file" if n >= FULL else "",
            ratio <= GOAL if n >= FULL else None),
    ]
    notes = [f"big import: file {size / 1e6:.1f} MB, peak resident memory {peak / 1e6:.0f} MB "
             f"({ratio:.2f}× the file), {took:.1f} s; {out.strip().splitlines()[-1]}"]
    return rows, notes


def main(argv: list[str] | None = None) -> int:
    from .measure import table

    parser = argparse.ArgumentParser(prog="python -m benchmarks.bigimport", description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the file here (or reuse it) instead of a temporary one")
    args = parser.parse_args(argv)
    rows, notes = run({"bigimport_points": args.points}, args.keep)
    print(table(rows))
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
