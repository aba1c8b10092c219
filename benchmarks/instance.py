"""A throw-away bordermap app: its own temporary instance folder, never the user's store."""

from __future__ import annotations

import gzip
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bordermap.ingest import make_layer, plan_import, run_import
from bordermap.ingest.parse import Limits
from bordermap_app import create_app

from . import data

_ROOT = Path(__file__).resolve().parents[1]  # where `python -m benchmarks.serve` is found

# Big enough for the generated layers: the benchmark measures speed, not the upload limit.
BENCH_LIMITS = Limits(max_bytes=200 * 1024 * 1024, max_vertices=20_000_000)


@contextmanager
def bench_app(layers: dict[str, dict] | None = None) -> Iterator:
    """A Flask app on a fresh temporary store, with `layers` (title → collection) uploaded."""
    with tempfile.TemporaryDirectory(prefix="bordermap-bench-") as folder:
        app = create_app({"INSTANCE_PATH": str(Path(folder) / "instance"), "TESTING": True})
        store = app.extensions["bordermap.store"]
        for title, collection in (layers or {}).items():
            plan = plan_import(data.as_bytes(collection), new_layer=make_layer("", title=title),
                               limits=BENCH_LIMITS, store=store)
            run_import(store, plan, author="benchmark")
        yield app


class Server:
    """The app on a benchmark's instance (`app`), or fixed pages by path (`pages`), served by
    waitress on a free loopback port in a process of its own (`python -m benchmarks.serve`).

    The browser rows drive Chromium from this process through Playwright; a server in it shared
    its interpreter, and answered a page's requests only between Playwright's messages (a
    file of 42 KB took 30–45 ms to arrive, where `bordermap serve` sends it in 1 ms).
    """

    def __init__(self, app=None, *, pages: dict[str, bytes] | None = None):
        self._folder = tempfile.TemporaryDirectory(prefix="bordermap-bench-serve-")
        if app is not None:
            target = ["--instance", str(app.instance_path)]
        else:
            (path, body), = (pages or {}).items()  # one page, at "/"
            if path != "/":
                raise ValueError(f"the benchmark's static server serves one page at /, not {path}")
            page = Path(self._folder.name) / "page.html"
            page.write_bytes(body)
            target = ["--page", str(page)]
        self._log = open(Path(self._folder.name) / "server.log", "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "benchmarks.serve", *target], cwd=_ROOT,
                                        stdout=subprocess.PIPE, stderr=self._log)
        port = self.process.stdout.readline().strip()
        if not port.isdigit():
            self.close()
            raise RuntimeError(f"the benchmark's server did not start: {self._log_text()}")
        self.url = f"http://127.0.0.1:{int(port)}"

    def _log_text(self) -> str:
        return (Path(self._folder.name) / "server.log").read_text(errors="replace")[-2000:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process.stdout.close()
        self._log.close()
        self._folder.cleanup()


def static_site(pages: dict[str, bytes]):
    """A tiny WSGI app that serves fixed pages (the folium references) by path, gzipped (compressed
    once, beforehand) to clients that take it, as a web server in front of them would."""
    packed = {path: gzip.compress(body, compresslevel=6, mtime=0) for path, body in pages.items()}

    def wsgi(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        body = pages.get(path)
        if body is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Vary", "Accept-Encoding")]
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = packed[path]
            headers.append(("Content-Encoding", "gzip"))
        start_response("200 OK", headers + [("Content-Length", str(len(body)))])
        return [body]

    return wsgi
