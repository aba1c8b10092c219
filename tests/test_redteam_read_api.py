"""Red-team pass of issue 17: parallel anonymous reads of a large layer build its GeoJSON once.

The read API kept each layer's GeoJSON bytes once built, but requests that arrived before the
first build ended each built their own: 8 parallel GET /api/features?layer= of a 200,000-point
layer took the server to 3.8 GiB and held every thread for almost a minute.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bordermap import queries

PARALLEL = 8


def _parallel_gets_share_one_build(app, monkeypatch, method: str, url: str) -> None:
    """8 parallel GETs of `url` while the store's `method` is slow: one build, one body for all."""
    store = app.extensions["bordermap.store"]
    built, real = [], getattr(store, method)

    def slow(layer_id=None):
        built.append(layer_id)
        time.sleep(0.3)  # long enough for every other request to arrive meanwhile
        return real(layer_id)

    monkeypatch.setattr(store, method, slow)
    start = threading.Barrier(PARALLEL)

    def get(_):
        client = app.test_client()
        start.wait(timeout=30)
        response = client.get(url)
        return response.status_code, response.data

    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(get, range(PARALLEL)))
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1
    assert built == ["checkpoints"]


def test_parallel_reads_of_a_layer_share_one_build(app, monkeypatch):
    _parallel_gets_share_one_build(app, monkeypatch, "features_geojson", "/api/features?layer=checkpoints")


def test_reads_of_unknown_layers_leave_nothing_behind(app, client):
    store = app.extensions["bordermap.store"]
    for i in range(50):
        assert client.get(f"/api/features?layer=no-such-layer-{i}").status_code == 404
    assert not [key for key in queries._building.get(store, {}) if "no-such-layer" in str(key)]


def test_parallel_layer_downloads_share_one_build(app, monkeypatch):
    """GET /api/layers/<id>.geojson was built afresh for every request, in parallel: 8 downloads
    of a 200,000-point layer took 4.2 GiB and held every thread for a minute."""
    _parallel_gets_share_one_build(app, monkeypatch, "features", "/api/layers/checkpoints.geojson")


def test_a_link_body_in_latin_1_is_named_as_such(client):
    """The links endpoint reads its body as uploads do: the encoding is named, not 'surrogates'."""
    body = '{"features": ["café"]}'.encode("latin-1")
    response = client.post("/api/commitments/c-pr71-28/links", data=body,
                           headers={"Authorization": "Bearer test-editor-token"})
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert "is not UTF-8 text" in message and "surrogates" not in message


def test_a_name_or_source_title_on_two_lines_is_refused(client):
    """Names are listed one per line (popups, revisions): a line break in one is refused, saying where."""
    import orjson

    feature = {"type": "Feature", "properties": {"name": "Gate\nforged line",
                                                 "sources": [{"title": "A\u2028B"}]},
               "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}}
    response = client.post("/api/features?layer=lines&new_layer_title=Lines&dry_run=1",
                           data=orjson.dumps(feature), headers={"Authorization": "Bearer test-editor-token"})
    assert response.status_code == 422
    problems = " ".join(response.get_json()["problems"])
    assert "properties.name" in problems and "sources[0].title" in problems


def test_a_dry_run_reports_an_author_that_breaks_the_text_rule(client):
    import orjson

    feature = {"type": "Feature", "properties": {"name": "Gate"},
               "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}}
    response = client.post("/api/features", query_string={
        "layer": "authors", "new_layer_title": "Authors", "dry_run": "1", "author": "Ann\u202eforged"},
        data=orjson.dumps(feature), headers={"Authorization": "Bearer test-editor-token"})
    assert response.status_code == 422 and "author" in " ".join(response.get_json()["problems"])
