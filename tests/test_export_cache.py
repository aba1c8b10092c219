"""The export download is built once per state of the data, shared by parallel requests, streamed."""

from __future__ import annotations

import errno
import time
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest

from bordermap.mapview import export_cache
from bordermap.mapview.export import ExportOptions, build_export, export_of_one_state, parse_view

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
        return export_of_one_state(store, options)

    monkeypatch.setattr(export_cache, "export_of_one_state", build_when_all_wait)
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


# Files of their own: each a layer alone.
VARIANTS = ("boundary", "checkpoints", "places", "railways")


def test_variants_are_bounded_and_built_one_at_a_time(app, cache, monkeypatch):
    store = app.extensions["bordermap.store"]
    variants = VARIANTS
    names = [cache.name(store, ExportOptions(layers=[layer], base_url="http://localhost")) for layer in variants]
    running, most = [], []

    def build_one(store, options):
        running.append(options)
        most.append(len(running))
        # Hold each build until every variant not built yet has a request waiting for it.
        done = cache.builds
        _until(lambda: sum(cache.waiting(name) > 0 for name in names) == len(variants) - done)
        try:
            return export_of_one_state(store, options)
        finally:
            running.remove(options)

    monkeypatch.setattr(export_cache, "export_of_one_state", build_one)
    cache.keep = 2
    with ThreadPoolExecutor(len(variants)) as pool:
        answers = list(pool.map(lambda layer: _get(app, f"?layers={layer}"), variants))
    assert all(status == 200 for status, _ in answers)
    assert max(most) == 1 and cache.builds == len(variants)
    assert len(list(cache.folder.glob("*.html"))) == 2


def test_requests_past_the_waiting_limit_are_told_the_server_is_busy(app, cache, monkeypatch):
    """A waiting request holds a server thread: past the limit, a 503 that says when to retry."""
    store = app.extensions["bordermap.store"]
    cache.max_waiting = 2
    variants = VARIANTS[:2]
    names = [cache.name(store, ExportOptions(layers=[layer], base_url="http://localhost")) for layer in variants]
    release = []

    def build_held(store, options):
        _until(lambda: bool(release))
        return export_of_one_state(store, options)

    monkeypatch.setattr(export_cache, "export_of_one_state", build_held)
    with ThreadPoolExecutor(2) as pool:
        held = [pool.submit(_get, app, f"?layers={layer}") for layer in variants]
        _until(lambda: all(cache.waiting(name) for name in names))
        refused = app.test_client().get(f"/export.html?layers={VARIANTS[2]}")
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "30"
        assert "try again in a minute" in refused.get_data(as_text=True)
        assert app.test_client().get("/api/layers").status_code == 200  # other pages go on
        release.append(True)
        assert [future.result()[0] for future in held] == [200, 200]
    assert app.test_client().get(f"/export.html?layers={VARIANTS[2]}").status_code == 200


def test_every_view_is_one_built_file_sent_as_if_built_for_it(app, cache):
    """A view is written into the kept file as it is sent (review 21, F5): the bytes equal a file
    built for that view, policy included, and no view costs a build of its own."""
    import random

    store = app.extensions["bordermap.store"]
    rng = random.Random(21)
    client = app.test_client()
    for lang in ("en", "km", "vi"):
        for _ in range(4):
            lat, lon = f"{rng.uniform(-90, 90):.{rng.randint(0, 9)}f}", f"{rng.uniform(-180, 180):.{rng.randint(0, 9)}f}"
            view = f"{lat},{lon},{rng.randint(0, 19)}"
            response = client.get(f"/export.html?view={view}&lang={lang}")
            expected = build_export(store, ExportOptions(view=parse_view(view), lang=lang,
                                                         base_url="http://localhost")).encode()
            assert response.status_code == 200 and response.data == expected, view
            assert int(response.headers["Content-Length"]) == len(expected)
    assert cache.builds == 3  # one a language
    assert client.get("/export.html?lang=vi").data == build_export(
        store, ExportOptions(lang="vi", base_url="http://localhost")).encode()
    assert cache.builds == 3


def test_a_file_that_does_not_write_its_view_as_expected_is_built_for_the_view(app, cache, monkeypatch):
    """Never a file whose policy would stop its own script: built for the view instead."""
    store = app.extensions["bordermap.store"]
    monkeypatch.setattr(export_cache, "_MAP_OPTIONS", __import__("re").compile(rb"no such thing"))
    response = app.test_client().get("/export.html?view=10.5,104.5,9")
    assert response.data == build_export(store, ExportOptions(view=parse_view("10.5,104.5,9"),
                                                              base_url="http://localhost")).encode()
    assert cache.builds == 2  # the file without a view, then the view's own


def test_the_same_layers_in_another_order_are_the_same_file(app, cache):
    client = app.test_client()
    first = client.get("/export.html?layers=places,boundary")
    assert client.get("/export.html?layers=boundary,places,places,").data == first.data
    assert cache.builds == 1


def test_a_client_past_its_share_of_building_waits_while_built_files_still_come(app, cache, monkeypatch):
    """Each file a client has built for it costs its build time; past its share, a file not built
    yet is a 429 that says, in the reader's language, when to ask again. Files already built
    still come at once, and another client is not held back."""
    clock = [1000.0]
    cache.budget = export_cache.BuildBudget(seconds=3.0, window=600.0, clock=lambda: clock[0])
    real = export_cache.export_of_one_state

    def slow_build(store, options):
        clock[0] += 2.0  # each build takes two seconds by this clock
        return real(store, options)

    monkeypatch.setattr(export_cache, "export_of_one_state", slow_build)
    here = app.test_client()
    assert here.get("/export.html?layers=boundary").status_code == 200
    assert here.get("/export.html?layers=places").status_code == 200  # 4 s spent: past the share of 3
    refused = here.get("/export.html?layers=railways&lang=vi")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == str(int(1002.0 + 600.0 - clock[0]) + 1)
    page = refused.get_data(as_text=True)
    assert "Bạn đã yêu cầu nhiều bản xuất khác nhau" in page and "many different exports" not in page
    assert here.get("/export.html?layers=places").status_code == 200  # built already: served
    there = app.test_client()
    elsewhere = there.get("/export.html?layers=railways", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert elsewhere.status_code == 200
    clock[0] += 600.0  # the window has passed
    assert here.get("/export.html?layers=checkpoints").status_code == 200
    assert cache.builds == 4


def test_the_budget_counts_only_the_window_and_forgets_old_clients():
    clock = [0.0]
    budget = export_cache.BuildBudget(seconds=10.0, window=100.0, capacity=2, clock=lambda: clock[0])
    budget.spent("a", 6.0)
    clock[0] = 50.0
    budget.spent("a", 6.0)
    assert budget.wait("a") == 51  # the first build leaves the window at 100
    clock[0] = 100.5
    assert budget.wait("a") == 0
    budget.spent("b", 1.0)
    budget.spent("c", 1.0)
    assert len(budget._spent) == 2 and "a" not in budget._spent
