"""An export, and the live map's page, are one state of the data: the revision the header names,
with that revision's features, even when an editor imports while the file is built (review 23,
F1: with two servers on one database, 16 of 30 downloads said "revision N" without revision N's
feature). Each test makes the import happen between two of the build's reads of the store."""

from __future__ import annotations

import itertools
import re

import pytest

from bordermap import commitments, queries
from bordermap.model import Layer
from bordermap_app import create_app

LAYER = "race-depots"
_names = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def servers(request, tmp_path):
    """(the app a reader downloads from, the store an editor imports into meanwhile): one app on
    SQLite; on PostgreSQL, two apps on one database, as behind a proxy."""
    if request.param == "sqlite":
        reader = request.getfixturevalue("app")
        yield reader, reader.extensions["bordermap.store"]
        return
    url = request.getfixturevalue("postgres_url")
    apps = [create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / name), "DATABASE_URL": url,
                        "SECRET_KEY": "k" * 32, "EDITOR_TOKEN": "test-editor-token"})
            for name in ("reader", "writer")]
    yield apps[0], apps[1].extensions["bordermap.store"]
    for app in apps:
        app.extensions["bordermap.store"].close()


def _import(store) -> tuple[str, int]:
    """One point with a name of its own, in a revision of its own: (its name, the revision)."""
    name = f"RaceDepot{next(_names)}"
    point = {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Point", "coordinates": [106.2, 11.3]}}
    new = None if any(layer.id == LAYER for layer in store.layers()) else Layer(
        id=LAYER, title="Race depots", kind="point", origin="user")
    return name, store.add_features(LAYER, [point], author="t", summary=name, new_layer=new).id


def _import_during(monkeypatch, module, attribute: str, store, *, every_time: bool = False) -> list:
    """Make `module.attribute`, read while a page is built, first import a point through `store`
    (once, or on every call); the list gets each (name, revision) imported."""
    done, real = [], getattr(module, attribute)

    def between(*args, **kwargs):
        if every_time or not done:
            done.append(_import(store))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, attribute, between)
    return done


def _header_revision(html: str) -> int:
    return int(re.search(r'"revision":(\d+)', html).group(1))


def _one_state(html: str, imported: list) -> None:
    """The header names the newest revision the file holds a feature of, and it holds every
    feature imported up to that revision."""
    header = _header_revision(html)
    for name, revision in imported:
        assert (name in html) == (revision <= header), (
            f"the file says revision {header} but {'lacks' if name not in html else 'holds'} {name!r} "
            f"of revision {revision}")


def test_an_export_built_while_another_server_imports_is_one_state(servers, monkeypatch):
    reader, writer = servers
    before = _import(writer)  # the layer is in the file before the race
    client = reader.test_client()
    # The features are read first, then the commitments panel's data: the import falls in between.
    during = _import_during(monkeypatch, commitments, "payload", writer)
    sent = client.get("/export.html")
    assert sent.status_code == 200
    html = sent.get_data(as_text=True)
    assert during, "the import happened while the file was built"
    _one_state(html, [before, *during])
    assert _header_revision(html) == during[0][1] and during[0][0] in html
    # The file is kept under the state it is of, and the next request for it is served without a
    # build (review 23k, #3: it was sent once and built again for everyone after).
    builds = reader.extensions["bordermap.exports"].builds
    again = client.get("/export.html").get_data(as_text=True)
    _one_state(again, [before, *during])
    assert _header_revision(again) == during[0][1]
    assert reader.extensions["bordermap.exports"].builds == builds and again == html


def test_an_export_is_refused_rather_than_mixed_while_the_data_keeps_changing(servers, monkeypatch):
    """Data that changes during every try gives 503 and a time to try again, never a mixed file."""
    reader, writer = servers
    _import(writer)
    during = _import_during(monkeypatch, commitments, "payload", writer, every_time=True)
    sent = reader.test_client().get("/export.html")
    assert sent.status_code == 503 and sent.headers["Retry-After"]
    assert len(during) == queries.BUILD_TRIES


def test_the_map_page_kept_for_a_state_is_of_that_state(servers, monkeypatch):
    """The live page inlines its small layers and is kept per state of the data, served to every
    reader until the data changes: a page mixing two states must not be kept under either."""
    reader, writer = servers
    before = _import(writer)
    client = reader.test_client()
    during = _import_during(monkeypatch, queries, "live_layer_configs", writer)
    html = client.get("/").get_data(as_text=True)
    assert during and during[0][0] in html, "the page inlines the layer it was built with"
    _one_state(html, [before, *during])
    kept = client.get("/").get_data(as_text=True)
    _one_state(kept, [before, *during])
    assert _header_revision(kept) == during[0][1]
