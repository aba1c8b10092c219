"""Shared fixtures: an app on a temporary store, its clients, and a real browser."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from bordermap_app import create_app
from postgres_cluster import postgres_cluster, postgres_database, postgres_url  # noqa: F401 - fixtures for every module

REPO = Path(__file__).resolve().parents[1]
SOURCES_DIR = Path(os.environ.get("BORDERMAP_SOURCES_DIR", REPO.parent / "shared" / "sources"))
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
TILE_HOST = "tile.openstreetmap.org"


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

    def __init__(self, app):
        from waitress import create_server

        self.app = app
        self.server = create_server(app, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    yield server
    server.close()


@pytest.fixture
def page(browser):
    """A browser page that records console errors and refuses every non-loopback request."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    tab.console_errors = []
    tab.outside_requests = []
    def on_console(msg):
        # A refused basemap tile is expected offline; anything else is a real error.
        if msg.type == "error" and TILE_HOST not in (msg.location or {}).get("url", ""):
            tab.console_errors.append(msg.text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "file:")):
            route.continue_()
        else:
            tab.outside_requests.append(url)
            route.abort()

    tab.route("**/*", guard)
    yield tab
    context.close()


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
