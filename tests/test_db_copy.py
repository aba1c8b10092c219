"""`bordermap db copy`: a whole SQLite store moves into PostgreSQL, checked table by table."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bordermap.errors import Conflict, NotFound
from bordermap.store import SQLiteStore
from bordermap.store.postgis import PostGISStore
from bordermap.store.transfer import copy_store
from bordermap_app.cli import main
from test_store_contract import curated, point, user_layer

TABLES = ["meta", "layers", "features", "documents", "commitments", "editor_documents", "editor_commitments",
          "user_links", "status_events", "revisions", "changes"]


def _busy_store(path: Path) -> SQLiteStore:
    """A store with every kind of history: imports, links, deletions, reverts, renamed ids."""
    store = SQLiteStore(path)
    store.sync_curated(curated())
    first = store.add_features("mine", [point("a", name_km="ក"), point(None), point("b")], author="ana",
                               summary="three", file_sha256="f" * 64, new_layer=user_layer(), links=["c1"])
    store.add_features("mine", [point("a", name="again")], author="bo", summary="renamed", on_taken="rename")
    deletion = store.delete_features(["b"], author="bo")  # the import's row now lives in the deletion
    store.revert(deletion.id, author="ana")
    other = store.add_features("other", [point("c", 104.9, 10.75)], author="ana", summary="other",
                               new_layer=user_layer("other"))
    store.delete_layer("other", author="bo")
    store.delete_features(["a"], author="bo")
    # The editors' ledger: a document, a commitment citing it, edited, and one added then reverted.
    store.put_document({"id": None, "title": "Talks", "text": "One.\n\nTwo.", "paragraphs": ["One.", "Two."]},
                       author="ed", action="document-add", summary="added {id}")
    item = {"id": None, "summary": "Open a gate", "document": "doc-ed-1", "paragraph": 2, "features": ["town"]}
    store.put_commitment(item, author="ed", action="commitment-add", summary="added {id}")
    store.put_commitment({**item, "id": "c-ed-1", "summary": "Open the gate"}, author="ed",
                         action="commitment-edit", summary="edited {id}")
    extra = store.put_commitment(item, author="ed", action="commitment-add", summary="added {id}")
    store.revert(extra.id, author="ed")
    event = {"entity": "commitment", "entity_id": "c1", "date": "2026", "precision": "year", "estimated": False,
             "status": "done", "source": {"document": "doc", "paragraph": 2}, "confidence": "low", "note": "Done."}
    kept = store.add_status_event(event, author="ana")
    store.correct_status_event(f"ev-{kept.id}", {**event, "confidence": "high"}, author="bo")
    store.revert(store.add_status_event(event, author="bo").id, author="ana")
    assert first.id == 1 and other.id
    return store


def _view(store) -> dict:
    """Everything a reader of the contract can see."""
    history = store.history()
    return {
        "layers": [layer.to_dict() | {"position": layer.position} for layer in store.layers()],
        "features": store.features(),
        "documents": store.documents(),
        "commitments": store.commitments(),
        "status_events": store.status_events(),
        "history": [dataclasses.asdict(r) for r in history],
        "revisions": [store.revision(r.id, limit=10**6) for r in history],
        "curated": (store.curated_version(), store.curated_as_of()),
        "import": store.find_import("mine", "f" * 64),
    }


def test_db_copy_moves_a_whole_store_and_checks_every_table(tmp_path, postgres_url):
    source = _busy_store(tmp_path / "bordermap.sqlite")
    result = CliRunner().invoke(main, ["db", "copy", "--from", str(source.path), "--to", postgres_url])
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.output.splitlines()[:-1]] == TABLES
    assert "every table's rows and checksum match" in result.output
    target = PostGISStore(postgres_url)
    try:
        assert _view(target) == _view(source)
        # The copy goes on as the original would: the next ids follow on from the copied ones.
        revision = target.add_features("mine", [point(None)], author="dee", summary="after the copy")
        assert revision.id == source.history()[0].id + 1
        assert target.features("mine")[-1]["id"] == "mine-3"  # mine-1 (import), mine-2 (renamed) were taken
        with pytest.raises(Conflict, match="already holds a bordermap store"):
            copy_store(source.path, postgres_url)
    finally:
        target.close()


def test_db_copy_refuses_a_missing_file_and_a_url_that_is_not_postgresql(tmp_path, postgres_url):
    with pytest.raises(NotFound):
        copy_store(tmp_path / "missing.sqlite", postgres_url)
    result = CliRunner().invoke(main, ["db", "copy", "--from", str(tmp_path / "x.sqlite"), "--to", "/tmp/x"])
    assert result.exit_code == 2 and "postgresql://" in result.output


def test_db_copy_reads_a_file_the_first_release_wrote(tmp_path, postgres_url):
    path = tmp_path / "bordermap.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "store-r0.sqlite", path)
    before = path.read_bytes()
    checks = copy_store(path, postgres_url)
    # The file is left as its release wrote it, the operator's way back (review rv21e, F2).
    assert path.read_bytes() == before
    source, target = SQLiteStore(path), PostGISStore(postgres_url)
    try:
        assert {check.table: check.rows for check in checks}["revisions"] == len(source.history()) > 0
        assert _view(target) == _view(source)
    finally:
        target.close()


def test_a_table_that_reads_back_differently_keeps_nothing(tmp_path, postgres_url, monkeypatch):
    from bordermap.errors import StoreError
    from bordermap.store import transfer

    source = _busy_store(tmp_path / "bordermap.sqlite")
    queries = dict(transfer._TABLES)
    source_query, source_record, target_query, target_record = queries["features"]
    # As if the database had changed one coordinate on the way.
    altered = lambda row: [*target_record(row)[:4], {"type": "Point", "coordinates": [0, 0]}, row["revision_id"]]  # noqa: E731
    monkeypatch.setitem(transfer._TABLES, "features", (source_query, source_record, target_query, altered))
    with pytest.raises(StoreError, match="copying table features went wrong: 4 rows"):
        copy_store(source.path, postgres_url)
    target = PostGISStore(postgres_url)
    try:
        assert target.layers() == [] and target.history() == []
    finally:
        target.close()


def test_a_server_opening_an_older_store_says_it_upgraded_it(tmp_path, caplog):
    """Review rv21e, F5: a server's own migration at start left no line in its log."""
    import logging

    from bordermap.instance import open_instance_store
    from bordermap.store import sqlite_schema

    shutil.copyfile(Path(__file__).parent / "fixtures" / "store-r0.sqlite", tmp_path / "bordermap.sqlite")
    with caplog.at_level(logging.INFO, logger="bordermap.instance"):
        open_instance_store(tmp_path, curated()).close()
        open_instance_store(tmp_path, curated()).close()  # up to date: nothing said
    said = [r.getMessage() for r in caplog.records if "schema" in r.getMessage()]
    assert said == [f"the schema of {tmp_path / 'bordermap.sqlite'} was brought from version 0 to "
                    f"{sqlite_schema.VERSION}"], said


def test_db_copy_reads_the_file_named_even_with_a_hash_in_its_name(tmp_path, postgres_url):
    """Review rv21f, M2: the name went into SQLite's URI unquoted, so `store#2025.sqlite` made and
    copied an empty file named `store` beside it."""
    path = tmp_path / "store#2025.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "store-r0.sqlite", path)
    checks = copy_store(path, postgres_url)
    assert {check.table: check.rows for check in checks}["revisions"] > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store#2025.sqlite"]


def test_db_copy_names_the_operators_file_when_it_is_of_a_newer_bordermap(tmp_path, postgres_url):
    import sqlite3

    from bordermap.errors import InvalidInput
    from bordermap.store import sqlite_schema

    path = tmp_path / "bordermap.sqlite"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {sqlite_schema.VERSION + 1}")
    with pytest.raises(InvalidInput) as refused:  # the operator's file, not the server's side (review 32b, #5)
        copy_store(path, postgres_url)
    assert str(path) in refused.value.message and "newer than this bordermap" in refused.value.message
