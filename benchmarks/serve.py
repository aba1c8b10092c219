"""`python -m benchmarks.serve (--instance FOLDER | --page FILE)`: one server for the browser rows,
in a process of its own; it prints its port on the first line of its output, then serves.

`--instance` serves the app on a benchmark's instance folder (as `bench_app` made it, with the
same configuration) through waitress with the options `bordermap serve` uses; `--page` serves
one fixed page at `/`, gzipped to clients that take it (a folium reference).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

THREADS = 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__)
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--instance", type=Path, help="a benchmark's instance folder")
    given.add_argument("--page", type=Path, help="an HTML file to serve at /")
    args = parser.parse_args(argv)
    logging.getLogger("waitress").setLevel(logging.ERROR)

    from waitress import create_server

    if args.instance:
        from bordermap_app import create_app
        from bordermap_app.serving import waitress_options

        app = create_app({"INSTANCE_PATH": str(args.instance), "TESTING": True})
        server = create_server(app, host="127.0.0.1", port=0, **waitress_options(app, threads=THREADS))
    else:
        from .instance import static_site

        server = create_server(static_site({"/": args.page.read_bytes()}), host="127.0.0.1", port=0,
                               threads=THREADS)
    print(server.effective_port, flush=True)
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
