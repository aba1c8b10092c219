"""A throw-away bordermap app: its own temporary instance folder, never the user's store."""

from __future__ import annotations

import gzip
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bordermap.ingest import make_layer, plan_import, run_import
from bordermap.ingest.parse import Limits
from bordermap_app import create_app

from . import data

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
    """An app served by waitress on a free loopback port, in a background thread."""

    def __init__(self, app=None, *, wsgi=None):
        from waitress import create_server

        self.server = create_server(wsgi or app, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()


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
