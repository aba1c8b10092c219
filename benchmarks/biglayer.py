"""A store holding a layer of a million points (`bordermap import` of a 190 MB file): the map
page still opens as fast as the default map with that layer present (a large layer starts
switched off), and switching it on draws every point without a long freeze.

The points go into the store through `Store.add_features` directly, a chunk at a time (the
upload pipeline has rows of its own). Each figure is set against one measured in the same run:
the folium reference of the default map's layers for the first view, the same request on a
store without the layer for the server's answers. Switching the layer on has no reference; its
goal is the longest task the browser reports (PerformanceObserver "longtask") during it.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from typing import Iterator

from bordermap import layer_points, queries
from bordermap.model import Layer

from . import data
from .measure import Row, middle_half, timed

LAYER = Layer(id="bench-many-points", title="Many points", kind="place", origin="user", style={"color": "#1b7837"})
CHUNK = 100_000
LONGEST_TASK_S = 0.200
TYPING_S = 1.0  # from the search box taking the focus to the first search the panel sends
# A curated layer hidden at first (63 features): what switching any layer on costs the page.
SMALL_HIDDEN = "provinces-vn-pre2025"


def _chunks(n: int, seed: int = 3) -> Iterator[list[dict]]:
    rng = random.Random(seed)
    for start in range(0, n, CHUNK):
        yield [{"type": "Feature", "id": f"mp{i}", "properties": {"name": f"Point {i}"},
                "geometry": {"type": "Point", "coordinates": [round(rng.uniform(*data.LON), 6),
                                                              round(rng.uniform(*data.LAT), 6)]}}
               for i in range(start, min(n, start + CHUNK))]


def fill(store, n: int) -> None:
    """Adds the layer of `n` points, CHUNK features per revision."""
    for k, chunk in enumerate(_chunks(n)):
        store.add_features(LAYER.id, chunk, author="benchmark", summary="many points",
                           new_layer=LAYER if k == 0 else None)


def _cold(app, path: str) -> float:
    """Seconds for `path` with every cache of the app emptied first (the page, the answers)."""
    store = app.extensions["bordermap.store"]
    client = app.test_client()

    def once():
        queries._cache.pop(store, None)
        app.extensions.pop("bordermap.pages", None)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    return timed(once)


def _warm(app, path: str) -> float:
    client = app.test_client()
    client.get(path)
    return timed(lambda: client.get(path))


def server_rows(app, plain, n: int, runs: int) -> list[Row]:
    """`/` and `/api/commitments`, warm and cold, with the layer against without it (the cold
    ones read the store's layer list and revision history, whose counting grows with the data;
    no feature of the layer is read); the points body, cold, and its size."""
    rows = []
    label = f"{n:,}-point layer present"
    for path in ("/", "/api/commitments"):
        for name, measure in (("warm", _warm), ("cold", _cold)):
            ours = statistics.median(measure(app, path) for _ in range(runs))
            reference = statistics.median(measure(plain, path) for _ in range(runs))
            goal = name == "warm"  # the page part's goal for `/` warm
            rows.append(Row(f"biglayer: `{path}` {name}, {label} (reference: without it)", ours, reference, "ms",
                            "≤ 50 ms" if goal else "", (ours <= 0.050) if goal else None))
    store = app.extensions["bordermap.store"]
    body = timed(lambda: layer_points.points_body(store, LAYER.id))
    size = len(layer_points.points_body(store, LAYER.id))
    rows.append(Row(f"biglayer: points body of {n:,} points built from the store (cold)", body, None, "s"))
    rows.append(Row(f"biglayer: points body of {n:,} points, size", size, None, "MB"))
    rows += _search_rows(app, n, runs)
    return rows


def _search_rows(app, n: int, runs: int) -> list[Row]:
    """The panel's search of the layer (`/api/layers/<id>/search`): the first answer reads the
    layer's names, the next ones look in them (a rare name, and a word every point has)."""
    client = app.test_client()
    store = app.extensions["bordermap.store"]
    url = f"/api/layers/{LAYER.id}/search?q="

    def ask(query: str) -> None:
        answer = client.get(url + query)
        assert answer.status_code == 200 and answer.json["features"], (query, answer.status_code)

    def first() -> float:
        queries._cache.pop(store, None)
        return timed(lambda: ask(f"point {n - 1}"))
    def after_focus() -> float:
        # The page asks for the names to be read when the search box takes the focus; the
        # reader then types for about a second (a name of a dozen letters) before the search.
        queries._cache.pop(store, None)
        reading = threading.Thread(target=app.test_client().get, args=(f"/api/layers/{LAYER.id}/search/index",))
        reading.start()
        time.sleep(TYPING_S)
        took = timed(lambda: ask(f"point {n - 1}"))
        reading.join()
        return took
    rows = [Row(f"biglayer: search the {n:,}-point layer by name, first answer (its names read)",
                statistics.median(first() for _ in range(max(1, runs // 2))), None, "s"),
            Row(f"biglayer: search the {n:,}-point layer by name, first answer {TYPING_S:g} s after the search box "
                "took the focus (its names read meanwhile)",
                statistics.median(after_focus() for _ in range(max(1, runs // 2))), None, "s")]
    for label, query in (("a rare name", f"point {n // 3}"), ("a word every point has", "point")):
        ask(query)
        rows.append(Row(f"biglayer: search the {n:,}-point layer by name, then: {label}",
                        statistics.median(timed(lambda q=query: ask(q)) for _ in range(runs)), None, "ms",
                        "≤ 50 ms", None))
    for row in rows[2:]:
        row.met = row.ours <= 0.050
    return rows


def browser_rows(app, plain, collections: list[dict], n: int, runs: int) -> list[Row]:
    """First view with the layer off (desktop and phone, against folium of `collections`, the
    default map's layers, and against the same page on `plain`, a store without the layer),
    then switching it on."""
    from . import browser
    from .instance import Server

    rows: list[Row] = []
    chromium = browser.Browser()
    server = Server(app)
    try:
        reference = browser.folium_reference(server, collections)
        try:
            chromium.visit(server.url + "/", bordermap=True)  # warms the server's caches
            for device, name in ((browser.DESKTOP, "desktop"), (browser.PHONE, "phone size, CPU slowed 4×")):
                painted: list = []
                (ours, ref), _, _, spread = browser.compare(chromium, server.url + "/", reference.url + "/", runs,
                                                            device=device, painted=painted)
                rows.append(browser._drawn_row(f"biglayer: default map, {n:,}-point layer off, {name}, "
                                               "navigation → drawn", ours, ref, "≤ 1×", spread))
                rows += browser._painted_rows(f"biglayer: default map, {n:,}-point layer off, {name}, navigation → "
                                              "every feature painted (the server's first view)", painted, "≤ 1×")
        finally:
            reference.close()
        without = Server(plain)
        try:
            chromium.visit(without.url + "/", bordermap=True)
            for device, name in ((browser.DESKTOP, "desktop"), (browser.PHONE, "phone size, CPU slowed 4×")):
                ours, ref = [], []
                for _ in range(runs):
                    ours.append(chromium.visit(server.url + "/", bordermap=True, device=device)[0])
                    ref.append(chromium.visit(without.url + "/", bordermap=True, device=device)[0])
                rows.append(browser._drawn_row(
                    f"biglayer: default map, {n:,}-point layer off, {name} (reference: the same page without it)",
                    statistics.median(ours), statistics.median(ref), "≤ 1.1×",
                    middle_half([x / y for x, y in zip(ours, ref, strict=True)])))
        finally:
            without.close()
        for device, name in ((browser.DESKTOP, "desktop"), (browser.PHONE, "phone size, CPU slowed 4×")):
            found, small = [], []
            for _ in range(max(1, runs // 2)):
                found.append(chromium.switch_on(server.url + "/", LAYER.id, device=device))
                small.append(chromium.switch_on(server.url + "/", SMALL_HIDDEN, device=device))
            drawn = statistics.median(f[0] for f in found)
            longest = max(f[1] for f in found)
            counts = {f[2] for f in found}
            rows.append(Row(f"biglayer: switch the {n:,}-point layer on → every point drawn, {name} "
                            f"(points in view: {', '.join(f'{c:,}' for c in sorted(counts))}; reference: "
                            f"the {SMALL_HIDDEN} layer)", drawn, statistics.median(f[0] for f in small), "s"))
            rows.append(Row(f"biglayer: longest task while switching it on, {name} (reference: the same for "
                            f"the {SMALL_HIDDEN} layer)", longest, max(f[1] for f in small), "ms",
                            f"≤ {LONGEST_TASK_S * 1000:g} ms", longest <= LONGEST_TASK_S))
    finally:
        server.close()
        chromium.close()
    return rows
