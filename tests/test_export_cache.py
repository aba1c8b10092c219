"""The export download is built once per state of the data, shared by parallel requests, streamed."""

from __future__ import annotations

import errno
import time
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest

from bordermap.mapview import export_cache
from bordermap.mapview.export import ExportOptions, build_export, parse_view

AUTH = {"Authorization": "Bearer test-editor-token"}
PARALLEL = 8


def _until(condition, limit: float = 60.0) -> None:
    """Wait for a state the other threads reach; fail rather than hang if they never do."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the other requests never arrived"
        time.sleep(0.005)


@pytest.fixture
def cache(app):
    cache = app.extensions["bordermap.exports"]
    cache.max_waiting = PARALLEL  # these tests hold every request waiting on purpose
    return cache


def _get(app, query: str = ""):
    response = app.test_client().get(f"/export.html{query}")
    return response.status_code, response.data


def test_parallel_downloads_share_one_build(app, cache, monkeypatch):
    built = []

    def build_when_all_wait(store, options):
        built.append(options)
        # Hold the build until every request is waiting for this very file.
        _until(lambda: cache.waiting(cache.name(store, options)) == PARALLEL)
        return build_export(store, options)

    monkeypatch.setattr(export_cache, "build_export", build_when_all_wait)
    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(lambda _: _get(app), range(PARALLEL)))
    assert len(built) == 1 and cache.builds == 1
    expected = build_export(app.extensions["bordermap.store"],
                            ExportOptions(base_url="http://localhost")).encode()
    assert all(status == 200 and body == expected for status, body in answers)


def test_the_file_is_kept_until_the_data_changes(app, cache, client):
    first = client.get("/export.html")
    assert first.status_code == 200 and int(first.headers["Content-Length"]) == len(first.data)
    assert client.get("/export.html").data == first.data
    assert cache.builds == 1 and len(list(cache.folder.glob("*.html"))) == 1
    body = orjson.dumps({"type": "Feature", "id": "fresh-gate", "properties": {"name": "Fresh"},
                         "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})
    assert client.post("/api/features?layer=new&new_layer_title=New", data=body, headers=AUTH).status_code == 201
    after = client.get("/export.html")
    assert cache.builds == 2 and b"fresh-gate" in after.data and b"fresh-gate" not in first.data
    assert len(list(cache.folder.glob("*.html"))) == 1  # the export of the old data is gone


def test_a_full_disk_still_serves_the_export_and_leaves_no_partial_file(app, cache, client, monkeypatch):
    import bordermap.files

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bordermap.files.os, "fsync", full)  # the data is written, then the disk is full
    response = client.get("/export.html")
    assert response.status_code == 200
    assert response.data == build_export(app.extensions["bordermap.store"],
                                         ExportOptions(base_url="http://localhost")).encode()
    assert list(cache.folder.iterdir()) == []


def test_variants_are_bounded_and_built_one_at_a_time(app, cache, monkeypatch):
    store = app.extensions["bordermap.store"]
    views = [f"11.{i},105.9,7" for i in range(4)]
    names = [cache.name(store, ExportOptions(view=parse_view(view), base_url="http://localhost"))
             for view in views]
    running, most = [], []

    def build_one(store, options):
        running.append(options)
        most.append(len(running))
        # Hold each build until every variant not built yet has a request waiting for it.
        done = cache.builds
        _until(lambda: sum(cache.waiting(name) > 0 for name in names) == len(views) - done)
        try:
            return build_export(store, options)
        finally:
            running.remove(options)

    monkeypatch.setattr(export_cache, "build_export", build_one)
    cache.keep = 2
    with ThreadPoolExecutor(len(views)) as pool:
        answers = list(pool.map(lambda view: _get(app, f"?view={view}"), views))
    assert all(status == 200 for status, _ in answers)
    assert max(most) == 1 and cache.builds == len(views)
    assert len(list(cache.folder.glob("*.html"))) == 2


def test_requests_past_the_waiting_limit_are_told_the_server_is_busy(app, cache, monkeypatch):
    """A waiting request holds a server thread: past the limit, a 503 that says when to retry."""
    store = app.extensions["bordermap.store"]
    cache.max_waiting = 2
    views = [f"11.{i},105.9,7" for i in range(2)]
    names = [cache.name(store, ExportOptions(view=parse_view(view), base_url="http://localhost"))
             for view in views]
    release = []

    def build_held(store, options):
        _until(lambda: bool(release))
        return build_export(store, options)

    monkeypatch.setattr(export_cache, "build_export", build_held)
    with ThreadPoolExecutor(2) as pool:
        held = [pool.submit(_get, app, f"?view={view}") for view in views]
        _until(lambda: all(cache.waiting(name) for name in names))
        refused = app.test_client().get("/export.html?view=12.0,105.9,7")
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "30"
        assert "try again in a minute" in refused.get_data(as_text=True)
        assert app.test_client().get("/api/layers").status_code == 200  # other pages go on
        release.append(True)
        assert [future.result()[0] for future in held] == [200, 200]
    assert app.test_client().get("/export.html?view=12.0,105.9,7").status_code == 200
