"""A full disk or a read-only instance folder: a clear message, nothing half-written, reads go on.

Tests run as root, for whom chmod stops nothing, so each fault is simulated where it strikes:
a write into the staging folder that fills the disk halfway (io.open wrapped for that folder),
SQLite's own "database or disk is full" and "attempt to write a readonly database" errors from
the store's calls, and a store connection that cannot be opened read-write (the store then
really reads through SQLite's read-only `mode=ro` URI).
"""

from __future__ import annotations

import errno
import hashlib
import sqlite3
from io import BytesIO

import orjson
import pytest
from click.testing import CliRunner

from bordermap.store import SQLiteStore
from bordermap_app import create_app
from bordermap_app.cli import EXIT_SERVER, main

AUTH = {"Authorization": "Bearer test-editor-token"}
FEATURE = orjson.dumps({"type": "Feature", "properties": {"name": "Gate"},
                        "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})
READS = ["/", "/api/layers", "/api/features?layer=checkpoints", "/api/commitments", "/revisions",
         "/export.html"]


def _reads_work(client) -> None:
    for path in READS:
        response = client.get(path)
        assert response.status_code == 200, (path, response.data[:300])


class _FillsTheDisk:
    """A file whose first write stores half its bytes, then finds the disk full."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        self._handle.write(bytes(data[: len(data) // 2]))
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def __getattr__(self, name):
        return getattr(self._handle, name)


@pytest.fixture
def full_staging(app, monkeypatch):
    store = app.extensions["bordermap.store"]

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "stage_upload", full)
    return store


def test_a_dry_run_on_a_full_disk_says_so_and_leaves_nothing(app, client, full_staging):
    response = client.post("/upload", data={
        "action": "check", "target": "new", "new_id": "gates", "new_title": "Gates", "kind": "point",
        "color": "#7b3294", "token": "test-editor-token",
        "file": (BytesIO(FEATURE), "gates.geojson")}, content_type="multipart/form-data")
    assert response.status_code == 507, response.data[:2000]
    assert b"the server&#39;s disk is full" in response.data and b"Traceback" not in response.data
    _reads_work(client)


def test_an_import_on_a_full_disk_is_a_507_and_reads_go_on(app, client, monkeypatch):
    store = app.extensions["bordermap.store"]

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "add_features", full)
    response = client.post("/api/features?layer=gates&new_layer_title=Gates", data=FEATURE, headers=AUTH)
    assert response.status_code == 507
    body = response.get_json()
    assert body["status"] == 507 and "the server's disk is full" in body["message"]
    page = client.post("/upload", data={
        "action": "import", "target": "new", "new_id": "gates2", "new_title": "Gates", "kind": "point",
        "color": "#7b3294", "token": "test-editor-token",
        "file": (BytesIO(FEATURE), "gates.geojson")}, content_type="multipart/form-data")
    assert page.status_code == 507 and b"the server&#39;s disk is full" in page.data
    assert b"Add data" in page.data  # said on the form, which the editor can submit again
    _reads_work(client)


def _unwritable(monkeypatch) -> None:
    """The folder turned read-only: SQLite can no longer open the store read-write."""

    def refuse(self):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(SQLiteStore, "_connect", refuse)


def test_reads_go_on_when_the_folder_turns_read_only_under_a_running_server(app, client, monkeypatch):
    assert client.post("/api/features?layer=gates&new_layer_title=Gates", data=FEATURE,
                       headers=AUTH).status_code == 201
    _unwritable(monkeypatch)
    _reads_work(client)
    assert client.get("/api/features?layer=gates").get_json()["features"][0]["properties"]["name"] == "Gate"
    refused = client.post("/api/features?layer=gates&allow_duplicate=1", data=FEATURE, headers=AUTH)
    assert refused.status_code == 503
    assert "cannot write" in refused.get_json()["message"] and "reading still works" in refused.get_json()["message"]


def test_start_up_and_the_cli_on_a_read_only_folder(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    create_app({"TESTING": True, "INSTANCE_PATH": str(instance)})  # an earlier, writable start

    def read_only_init(self, path):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(SQLiteStore, "__init__", read_only_init)
    _unwritable(monkeypatch)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "SOURCES_DIR": None})
    _reads_work(app.test_client())
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(instance))
    listing = CliRunner().invoke(main, ["revisions", "list"])
    assert listing.exit_code == 0 and listing.stdout.strip() == "no revisions yet"
    revert = CliRunner().invoke(main, ["revisions", "revert", "1"])
    assert revert.exit_code != 0 and "Traceback" not in revert.output


def test_an_instance_folder_that_cannot_be_made_is_one_clear_line(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(blocker / "instance"))
    result = CliRunner().invoke(main, ["revisions", "list"])
    assert result.exit_code == EXIT_SERVER
    assert "could not be created" in result.output and "BORDERMAP_INSTANCE_PATH" in result.output
    assert "Traceback" not in result.output


def test_checked_files_nobody_imported_are_forgotten_after_a_day_and_fresh_ones_kept(app, client):
    import time

    from bordermap_app.upload_plan import STAGED_FOR

    store = app.extensions["bordermap.store"]
    now = time.time()
    store.stage_upload("a" * 64, b"old", now - STAGED_FOR - 60, 0)
    store.stage_upload("b" * 64, b"fresh", now - 3600, 0)
    assert store.staged_upload("a" * 64, now - STAGED_FOR) is None  # too old to import, swept or not
    response = client.post("/upload", data={
        "action": "check", "target": "new", "new_id": "gates", "new_title": "Gates", "kind": "point",
        "color": "#7b3294", "token": "test-editor-token",
        "file": (BytesIO(FEATURE), "gates.geojson")}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert store.staged_upload("a" * 64, 0) is None  # swept by the next check
    assert store.staged_upload("b" * 64, now - STAGED_FOR) == b"fresh"
    assert store.staged_upload(hashlib.sha256(FEATURE).hexdigest(), now - STAGED_FOR) == FEATURE
