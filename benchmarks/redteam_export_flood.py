"""`python -m benchmarks.redteam_export_flood [--points N] [--views 8]`: can anonymous export
requests with distinct options hold every server thread?

Fills a throw-away instance with N seeded points, starts `bordermap serve` on loopback, sends
`--views` parallel /export.html requests that each ask for another view (so none is cached),
and meanwhile times GET /api/layers every 0.2 s. Prints the statuses, the probes' latencies and
the server's peak memory. Bounded: one round, every request with a timeout.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .redteam import ROOT, Server, _kib


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=200_000)
    parser.add_argument("--views", type=int, default=8)
    parser.add_argument("--path", default="/export.html?view={lat},105.9,8",
                        help="what to ask for; {lat} differs per request (default: the export)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bm-red-") as tmp:
        instance = Path(tmp) / "instance"
        env = {**os.environ, "BORDERMAP_INSTANCE_PATH": str(instance)}
        subprocess.run([sys.executable, "-c", "from benchmarks.export_memory import _fill; from pathlib import Path; "
                        f"_fill(Path({str(instance)!r}), {args.points})"], env=env, check=True, cwd=ROOT, timeout=600)
        srv = Server(instance).start()
        try:
            latencies, statuses, stop = [], [], threading.Event()

            def probe() -> None:
                while not stop.is_set():
                    t0 = time.monotonic()
                    try:
                        statuses.append(srv.request("GET", "/api/layers", timeout=120)[0])
                    except OSError:
                        statuses.append(-1)
                    latencies.append(time.monotonic() - t0)
                    stop.wait(0.2)

            prober = threading.Thread(target=probe)
            prober.start()
            t0 = time.monotonic()
            with ThreadPoolExecutor(args.views) as pool:
                answers = list(pool.map(
                    lambda i: srv.request("GET", args.path.format(lat=11.5 + i / 1000), timeout=900)[:2],
                    range(args.views)))
            took = time.monotonic() - t0
            stop.set()
            prober.join()
            print(f"{args.views} parallel GET {args.path} of {args.points:,} points: {took:.1f} s, "
                  f"statuses {sorted(a[0] for a in answers)}, Retry-After {sorted({a[1].get('retry-after') for a in answers} - {None})}")
            print(f"GET /api/layers meanwhile: {len(latencies)} probes, median {sorted(latencies)[len(latencies) // 2]:.2f} s, "
                  f"max {max(latencies):.2f} s, statuses {sorted(set(statuses))}")
            print(f"server peak RSS (VmHWM) {_kib(srv.proc.pid, 'VmHWM') / 1024:.0f} MiB")
        finally:
            srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
