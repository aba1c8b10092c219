"""`python -m benchmarks.export_memory`: the server's peak memory under parallel export downloads.

Fills a throw-away instance folder with one layer of seeded points, starts `bordermap serve` on
a free loopback port in a child process, sends `--parallel` requests for /export.html at once
(`--rounds` times) and reads the server's peak resident memory (VmHWM) from /proc. Linux only.

`--code DIR` serves another checkout (its `src/` and `app/`), e.g. an older commit unpacked with
`git archive`, to compare before and after on the same data.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import data

HOST = "127.0.0.1"  # loopback only: this never measures anything but a local server
REQUEST_TIMEOUT = 900  # seconds one download may take on a loaded machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def _fill(instance: Path, points: int) -> None:
    from bordermap.curated import load_curated
    from bordermap.ingest import make_layer, plan_import, run_import
    from bordermap.store import open_store

    from .instance import BENCH_LIMITS

    store = open_store(instance, load_curated())
    plan = plan_import(data.as_bytes(data.points(points)), new_layer=make_layer("", title="Points"),
                       limits=BENCH_LIMITS, store=store)
    run_import(store, plan, author="benchmark")


def _code_path(code: Path) -> str:
    """A folder on which `bordermap` and `bordermap_app` import from the checkout `code`."""
    links = Path(tempfile.mkdtemp(prefix="bordermap-code-"))
    (links / "bordermap").symlink_to(code.resolve() / "src" / "bordermap")
    (links / "bordermap_app").symlink_to(code.resolve() / "app")
    return str(links)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_memory", description=__doc__)
    parser.add_argument("--points", type=int, default=200_000)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--code", type=Path, help="serve this checkout instead of the installed one")
    args = parser.parse_args(argv)
    if not 1 <= args.parallel <= 16 or not 1 <= args.rounds <= 5:
        parser.error("--parallel is 1..16 and --rounds 1..5: this is a measurement, not a load test")

    with tempfile.TemporaryDirectory(prefix="bordermap-memory-") as folder:
        instance = Path(folder) / "instance"
        started = time.perf_counter()
        _fill(instance, args.points)
        print(f"{args.points:,} points imported in {time.perf_counter() - started:.1f} s")
        env = {**os.environ, "BORDERMAP_INSTANCE_PATH": str(instance), "BORDERMAP_EDITOR_TOKEN": "x" * 32,
               "BORDERMAP_MAX_UPLOAD_BYTES": str(200 * 1024 * 1024)}
        if args.code:
            env["PYTHONPATH"] = _code_path(args.code)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-c", "from bordermap_app.cli import main; main()", "serve",
             "--host", HOST, "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            url = f"http://{HOST}:{port}"
            for _ in range(600):
                try:
                    urllib.request.urlopen(f"{url}/api/layers", timeout=5).read()
                    break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError(server.stderr.read().decode()) from None
                    time.sleep(0.1)
            idle = _kib(server.pid, "VmRSS")
            sizes = set()
            started = time.perf_counter()
            for _ in range(args.rounds):
                with ThreadPoolExecutor(args.parallel) as pool:
                    sizes |= set(pool.map(
                        lambda _: len(urllib.request.urlopen(f"{url}/export.html", timeout=REQUEST_TIMEOUT).read()),
                        range(args.parallel)))
            took = time.perf_counter() - started
            peak, after = _kib(server.pid, "VmHWM"), _kib(server.pid, "VmRSS")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"code: {args.code or 'installed'}; {args.rounds} round(s) of {args.parallel} parallel "
          f"/export.html ({', '.join(f'{s / 1e6:.1f} MB' for s in sorted(sizes))}) in {took:.1f} s")
    print(f"server RSS: idle {idle / 1024:.0f} MiB, peak {peak / 1024:.0f} MiB, "
          f"after {after / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
