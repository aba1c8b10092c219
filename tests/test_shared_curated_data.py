"""A shared database's curated data changes in one explicit step (review 20, F1).

Every server start and every command, read-only ones too, replaced the curated data all servers
serve with its own copy's `geodata/`: an older server restarting during a rolling upgrade, or
`bordermap revisions list` run from another checkout, put its data back for every reader, and
no line said so. Now a database that holds curated data keeps it until `bordermap db upgrade`.
"""

from __future__ import annotations

import logging
import shutil

import pytest
from click.testing import CliRunner

from bordermap.curated import load_curated
from bordermap.instance import open_database_store
from bordermap.paths import geodata_dir
from bordermap.settings import Database
from bordermap_app.cli import main


def _changed_geodata(tmp_path):
    """A copy of geodata/ whose first commitment reads otherwise (another release's data)."""
    folder = tmp_path / "geodata"
    shutil.copytree(geodata_dir(), folder)
    path = folder / "commitments.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('summary = "', 'summary = "ANOTHER RELEASE: ', 1), encoding="utf-8")
    return folder


def _summary(store, commitment_id="c-pr71-01"):
    return store.commitment(commitment_id)["summary"]


def test_opening_a_shared_database_never_replaces_its_curated_data(postgres_url, tmp_path, caplog, monkeypatch):
    database = Database(url=postgres_url)
    ours = load_curated()
    store = open_database_store(database, ours)  # an empty database takes the curated data
    held, summary = store.curated_version(), _summary(store)
    store.close()
    assert held == ours.version

    other = load_curated(_changed_geodata(tmp_path))
    assert other.version != ours.version
    with caplog.at_level(logging.WARNING, logger="bordermap.instance"):
        store = open_database_store(database, other)  # a server of another release starts
    try:
        assert store.curated_version() == held and _summary(store) == summary
    finally:
        store.close()
    assert any("serving the database's" in r.getMessage() and other.version in r.getMessage()
               for r in caplog.records)

    # A read-only command run from that other copy changes nothing either.
    env = {"BORDERMAP_DATABASE_URL": postgres_url, "BORDERMAP_GEODATA_DIR": str(tmp_path / "geodata")}
    listed = CliRunner().invoke(main, ["revisions", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    store = open_database_store(database, ours)
    try:
        assert store.curated_version() == held
    finally:
        store.close()

    # `bordermap db upgrade` is the step that replaces it, and it says so.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bordermap.instance"):
        upgraded = CliRunner().invoke(main, ["db", "upgrade"], env=env)
    # The servers' warning, which tells to run `db upgrade`, is not said to it (review rv21e, F8).
    assert not [r for r in caplog.records if "serving the database's" in r.getMessage()]
    assert upgraded.exit_code == 0, upgraded.output
    assert f"curated data replaced: {held}" in upgraded.output and other.version in upgraded.output
    store = open_database_store(database, ours)
    try:
        assert store.curated_version() == other.version and _summary(store).startswith("ANOTHER RELEASE: ")
    finally:
        store.close()
    again = CliRunner().invoke(main, ["db", "upgrade"], env=env)
    assert f"curated data {other.version}" in again.output and "up to date" in again.output


def test_db_upgrade_says_it_loaded_the_curated_data_of_an_empty_database(postgres_url):
    """Review rv21e, F8: on an empty database `db upgrade` said the curated data was up to date."""
    done = CliRunner().invoke(main, ["db", "upgrade"], env={"BORDERMAP_DATABASE_URL": postgres_url})
    assert done.exit_code == 0, done.output
    assert f"curated data loaded: {load_curated().version}" in done.output and "up to date" not in done.output


def test_a_short_secret_key_is_refused_and_a_shared_database_without_one_is_warned_of(
        postgres_url, tmp_path, caplog):
    """Review 20, F6: servers on one database without BORDERMAP_SECRET_KEY each made a key of
    their own, so about half an editor's posts failed ("The CSRF session token is missing"), and
    no line said why; a one-character key was taken without a word."""
    from bordermap.errors import ConfigError
    from bordermap_app import create_app

    with pytest.raises(ConfigError, match="at least 16 characters"):
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "a"), "SECRET_KEY": "x"})
    with caplog.at_level(logging.WARNING):
        app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "b"), "DATABASE_URL": postgres_url})
    app.extensions["bordermap.store"].close()
    assert any("give every server the same BORDERMAP_SECRET_KEY" in r.getMessage() for r in caplog.records)
