"""Shared fixtures: an app on a temporary store, its clients, and a real browser."""

from __future__ import annotations

import http.server
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import bordermap_app.resources
from bordermap.curated import load_curated
from bordermap.mapview.export import ExportOptions, build_export, write_export
from bordermap.store import STORE_FILE, open_store
from bordermap_app import create_app
from postgres_cluster import postgres_cluster, postgres_database, postgres_url  # noqa: F401 - fixtures for every module

REPO = Path(__file__).resolve().parents[1]
SOURCES_DIR = Path(os.environ.get("BORDERMAP_SOURCES_DIR", REPO.parent / "shared" / "sources"))
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
TILE_HOST = "tile.openstreetmap.org"
# Curated ids and the highlight the browser tests check against.
MEUN_CHEY = "cp-meun-chey-tan-nam"
INFRASTRUCTURE = "c-pr71-28"  # better links from the Meun Chey-Tan Nam checkpoint
HIGHLIGHT_COLOR = "#d01c8b"  # magenta: no legend symbol or layer uses this hue


# ----------------------------------------------------------------------------- store
@pytest.fixture(scope="session")
def template_store(tmp_path_factory):
    """The packaged curated data, loaded once and synced once into a store file.

    Syncing the curated data into a new SQLite file is most of what an app costs to create;
    every test's store starts as a copy of this one instead, already up to date.
    """
    curated = load_curated()
    folder = tmp_path_factory.mktemp("template-instance")
    open_store(folder, curated)  # every connection is closed after its call: the file is whole
    return curated, folder / STORE_FILE


@pytest.fixture(autouse=True)
def _stores_start_from_the_template(template_store, monkeypatch):
    """Apps open a copy of the template store when their instance folder has none yet.

    Only with the packaged curated data: a test that points BORDERMAP_GEODATA_DIR elsewhere,
    and the library's own open_store, still sync from scratch.
    """
    curated, template = template_store
    real_open = bordermap_app.resources.open_instance_store

    def open_from_template(instance_path, given=None):
        if given is not None or os.environ.get("BORDERMAP_GEODATA_DIR"):
            return real_open(instance_path, given)
        target = Path(instance_path) / STORE_FILE
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Copied whole under another name, then renamed: the store never sees a part of it.
            partial = target.with_name(f".{target.name}.copying")
            shutil.copyfile(template, partial)
            os.replace(partial, target)
        try:
            return real_open(instance_path, curated)
        except sqlite3.DatabaseError as error:  # what the file was, for a failure seldom seen
            head = target.read_bytes()[:16] if target.exists() else None
            raise AssertionError(f"{target}: {error}; {target.stat().st_size if head is not None else '-'} bytes "
                                 f"starting {head!r}, template {template.stat().st_size} bytes, folder "
                                 f"{sorted(p.name for p in target.parent.iterdir())}") from error

    monkeypatch.setattr(bordermap_app.resources, "open_instance_store", open_from_template)


@pytest.fixture(autouse=True)
def _no_outside_database(monkeypatch):
    """A developer's BORDERMAP_DATABASE_URL must not send the tests' writes to their database."""
    monkeypatch.delenv("BORDERMAP_DATABASE_URL", raising=False)


@pytest.fixture
def app(tmp_path):
    """An app whose store lives in a fresh temporary instance folder."""
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SOURCES_DIR": str(SOURCES_DIR),
            "EDITOR_TOKEN": "test-editor-token",
            "WTF_CSRF_ENABLED": False,
        }
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def listener():
    """A local HTTP server that records the path of every request it gets, (its address, the
    paths): what an upload must never make GDAL reach."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"lon,lat\n105,11\n")

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()


# ----------------------------------------------------------------------------- browser
def _chromium() -> str | None:
    for candidate in (os.environ.get("BORDERMAP_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; CI fails, not skips, without it."""
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is missing: browser tests must run in CI "
                        "(apt-get install -y chromium, or set BORDERMAP_CHROMIUM)", pytrace=False)
        pytest.skip("Chromium not found (apt-get install chromium); browser tests skipped outside CI")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


class LiveServer:
    """The app served by waitress on a free loopback port, in a background thread."""

    def __init__(self, app, **options):
        """`options`: waitress's, as `serve` gives them (four threads when none are given)."""
        from waitress import create_server

        self.app = app
        self.server = create_server(app, host="127.0.0.1", port=0, **({"threads": 4} | options))
        self.effective_port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.effective_port}"
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        """waitress's loop, a turn at a time, until asked to stop; then every socket closed here.

        Closing from the test's thread raced the select() this loop is in, and asking this loop
        to close by writing to waitress's wake-up pipe from the test's thread failed once in CI
        with EBADF at teardown; a flag read between turns needs neither.
        """
        from waitress import wasyncore

        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=0.05, map=self.server._map, count=1)
        finally:
            # A connection the browser kept open may hold a large answer in a temporary file;
            # its channel's own handle_close closes that file (a plain close would leave it to
            # the garbage collector, which warns in some later test).
            for channel in list(self.server._map.values()):
                if hasattr(channel, "outbufs"):
                    channel.handle_close()
            wasyncore.close_all(self.server._map)

    def close(self) -> None:
        """End the worker threads, while the loop still runs; then stop the loop, which closes
        everything. A worker that finished a request after the loop had closed waitress's wake-up
        pipe wrote its b"x" to that pipe's old number (`os.write` on a bare descriptor): once the
        next test's store file had the number, its first byte ("file is not a database")."""
        self.server.task_dispatcher.shutdown()
        self._stopping.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "the test server's loop did not stop within 30 s"


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    yield server
    server.close()


DESKTOP = {"viewport": {"width": 1280, "height": 860}}
PHONE = {"viewport": {"width": 390, "height": 780}, "is_mobile": True, "has_touch": True}
# What a tab may load: the app on loopback (and what its pages make), or, offline, only files.
ONLINE = ("http://127.0.0.1", "data:", "blob:", "file:")
OFFLINE = ("file:", "data:")


@pytest.fixture
def new_tab(browser):
    """Factory of browser tabs: `new_tab(PHONE)`, `new_tab(offline=True)`; closed after the test.

    Each tab records console errors and page errors (`console_errors`) and refuses every
    request outside loopback, or every request but the file itself when offline
    (`outside_requests`), so a page that reaches the network fails its test.
    """
    contexts = []

    def make(device: dict | None = None, *, offline: bool = False):
        context = browser.new_context(**(device or DESKTOP))
        contexts.append(context)
        tab = context.new_page()
        tab.console_errors, tab.outside_requests = [], []

        def on_console(msg):
            # A refused basemap tile is expected offline; anything else is a real error.
            if msg.type == "error" and TILE_HOST not in (msg.location or {}).get("url", ""):
                tab.console_errors.append(msg.text)

        tab.on("console", on_console)
        tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
        allowed = OFFLINE if offline else ONLINE

        def guard(route):
            url = route.request.url
            if url.startswith(allowed):
                route.continue_()
            else:
                tab.outside_requests.append(url)
                route.abort("internetdisconnected" if offline else "failed")

        context.route("**/*", guard)
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_tab):
    """A desktop-sized tab on the app."""
    return new_tab()


@pytest.fixture
def phone(new_tab):
    """A phone-sized touch tab on the app."""
    return new_tab(PHONE)


@pytest.fixture
def offline_tab(new_tab):
    """A tab with the network off: every request that is not the file itself is refused."""
    return new_tab(offline=True)


def screenshot(tab, name: str) -> Path:
    """Keep a screenshot a developer can open: test-artifacts/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path))
    return path


# ----------------------------------------------------------------------------- page helpers
def open_map(tab, url: str) -> None:
    """Load a map page and wait until every layer is drawn."""
    tab.goto(url)
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=30000)


def open_export(tab, app, folder: Path, lang: str = "en", state: str = "") -> None:
    """Write the export of the app's data in `lang` into `folder`, open it from disk (at `state`,
    the address's part after `#`) and wait until every layer is drawn."""
    out = folder / f"bordermap-{lang}.html"
    store = app.extensions["bordermap.store"]
    write_export(build_export(store, ExportOptions(lang=lang)), out)
    tab.goto(out.as_uri() + (f"#{state}" if state else ""))
    tab.wait_for_selector("body[data-bm-ready=true]", timeout=20000)


def open_view(new_tab, where: str, lang: str, state: str, *, app, server, folder: Path):
    """A new tab on the map in `lang` at `state` (the address's part after `#`): served by
    `server` ("live"), or the export written into `folder` and opened offline ("export")."""
    tab = new_tab(offline=where == "export")
    if where == "export":
        open_export(tab, app, folder, lang, state)
    else:
        open_map(tab, f"{server.url}/?lang={lang}#{state}")
    return tab


def set_date(tab, day: str) -> None:
    """Type a day into the time control's date field and press Enter, as a reader does (the
    control unfolded first, as a phone shows it folded)."""
    if not tab.is_visible("#bm-time-date"):
        tab.click(".bm-time-shown")
    tab.fill("#bm-time-date", day)
    tab.press("#bm-time-date", "Enter")
    tab.dispatch_event("#bm-time-date", "change")
    tab.wait_for_selector(f'body[data-bm-at="{day}"]')


def submit_history_event(tab, base: str, lang: str, date: str, source_date: str, **more: str) -> None:
    """Unlock editing, then add a status event for the HCMC – Moc Bai expressway on /history as
    an editor types it (`more`: other fields by their input id)."""
    tab.goto(f"{base}/upload?token=test-editor-token")
    tab.goto(f"{base}/history?lang={lang}")
    tab.select_option("#subject", "feature:xw-hcmc-moc-bai")
    tab.fill("#date", date)
    fields = {"status": "under-construction", "note": "Main works began.", "source_title": "Main works start",
              "source_publisher": "A paper", "source_date": source_date, **more}  # the form chooses no status
    for name, value in fields.items():
        if name == "status":
            tab.select_option("#status", value)
        else:
            tab.fill(f"#{name}", value)
    tab.click("#event-form button[type=submit]")


def click_feature(tab, feature_id: str) -> None:
    """Click where a person would: on the marker's pixel position in the map."""
    x, y = tab.evaluate(
        """(id) => {
            const entry = BorderMap.features[id];
            const point = BorderMap.map.latLngToContainerPoint(entry.layer.getLatLng());
            const box = BorderMap.map.getContainer().getBoundingClientRect();
            return [box.left + point.x, box.top + point.y];
        }""",
        feature_id,
    )
    tab.mouse.click(x, y)


def tab_until(tab, predicate: str, limit: int = 15) -> bool:
    """Press Tab until the focused element `el` satisfies the JS predicate; False if never."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return True
    return False


def frames_painted(tab, n: int = 2) -> None:
    """Return once the page has painted `n` more frames: what a click or a load set off within
    its own task (a handler, a redraw) has run and shown."""
    tab.evaluate("""(n) => new Promise((done) => {
      const next = (left) => left ? requestAnimationFrame(() => next(left - 1)) : done();
      next(n);
    })""", n)


def map_at_rest(tab, timeout: int = 10000) -> None:
    """Wait until the map stands still: no zoom or pan animation and the same view three frames running.

    A move asked for now (fitBounds, an animated setView) starts on the next frame, so the
    count starts afresh at each call rather than trusting a view seen before it.
    """
    tab.evaluate("() => { window.__bmStill = 0; window.__bmView = null; }")
    tab.wait_for_function(
        """() => {
            const map = BorderMap.map, c = map.getCenter();
            const view = [c.lat, c.lng, map.getZoom()].join();
            const moving = map._animatingZoom || (map._panAnim && map._panAnim._inProgress);
            window.__bmStill = !moving && view === window.__bmView ? window.__bmStill + 1 : 0;
            window.__bmView = view;
            return window.__bmStill >= 3;
        }""",
        polling="raf",
        timeout=timeout,
    )


def map_view(tab) -> list[float]:
    """The map's centre and zoom as shown: [lat, lng, zoom]."""
    return tab.evaluate("(() => { const m = BorderMap.map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; })()")


# The shown layers in the order the map's renderer paints their shapes (each layer once), its
# kind (SVG or the batching canvas) and how many shapes are on the map.
PAINT_ORDER = """() => {
    const byLeaflet = new Map();
    Object.values(BorderMap.features).forEach((e) => BorderMap.partLayers(e.layer)
        .forEach((part) => byLeaflet.set(part, e.layerId)));
    const parts = [...byLeaflet.keys()].filter((part) => BorderMap.map.hasLayer(part));
    const renderer = BorderMap.map.options.renderer;
    let painted;
    if (renderer instanceof L.SVG) {
        const byElement = new Map(parts.map((part) => [part._path, byLeaflet.get(part)]));
        painted = [...renderer._container.querySelectorAll('path')].map((path) => byElement.get(path));
    } else {
        painted = [];
        for (let entry = renderer._drawFirst; entry; entry = entry.next) painted.push(byLeaflet.get(entry.layer));
    }
    const order = [];
    painted.filter(Boolean).forEach((id) => { if (order[order.length - 1] !== id) order.push(id); });
    return {order, svg: renderer instanceof L.SVG, parts: parts.length};
}"""


def clean(tab) -> None:
    """Nothing went wrong on the page, and it asked nothing of the network but basemap tiles."""
    assert tab.console_errors == []
    assert all(TILE_HOST in url for url in tab.outside_requests), tab.outside_requests


def wait_for_bounds(tab, ids: list[str]) -> None:
    """Wait until the map's view holds every one of the features (the fit is animated)."""
    tab.wait_for_function(
        """(ids) => {
            const wanted = BorderMap.boundsOf(ids);
            return !!wanted && BorderMap.map.getBounds().contains(wanted);
        }""",
        arg=ids,
        timeout=5000,
    )


def highlighted(tab, ids: list[str]) -> dict[str, bool]:
    """Whether each feature's Leaflet layer wears the highlight style."""
    return tab.evaluate(
        """([ids, color]) => Object.fromEntries(ids.map(id => {
            const entry = BorderMap.features[id];
            // Points wear the highlight as their fill, lines and areas as their stroke.
            const look = entry && (entry.layer.setRadius ? entry.layer.options.fillColor : entry.layer.options.color);
            return [id, look === color];
        }))""",
        [ids, HIGHLIGHT_COLOR],
    )


def listed(tab) -> list[str]:
    """Commitment ids in the panel's list, top to bottom."""
    return tab.eval_on_selector_all(".bm-list .bm-item", "items => items.map(b => b.dataset.commitment)")


def hash_state(tab) -> dict[str, str]:
    """The state the page keeps in its address after `#`."""
    return tab.evaluate("BorderMap.state.read()")


def links_of(item: dict) -> list[str]:
    """Every place a commitment (as /api/commitments answers it) names."""
    return item["features"] + item["provinces"] + item.get("user_features", [])


def api_ids(client, **query) -> list[str]:
    """Ids of the commitments the API lists for `query`: what the panel must list too."""
    return [c["id"] for c in client.get("/api/commitments", query_string=query).get_json()]


def gdal_tool(name: str) -> str:
    """The path of one of GDAL's programs (ogrinfo, ogr2ogr), a real client the tests check the
    product with: a failure under CI=true, where .ci/run installs gdal-bin, a skip elsewhere."""
    found = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{name} is missing: the GDAL client tests must run in CI (apt-get install gdal-bin)",
                        pytrace=False)
        pytest.skip(f"{name} not found (apt-get install gdal-bin); GDAL client tests skipped outside CI")
    return found
