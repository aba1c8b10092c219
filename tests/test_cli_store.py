"""The command line says which store it reads, and reads the one the server uses."""

from __future__ import annotations

from click.testing import CliRunner

from bordermap_app import create_app
from bordermap_app.cli import main


def test_commands_name_the_store_and_use_the_servers(tmp_path, monkeypatch):
    folder = tmp_path / "served"
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(folder))
    app = create_app({"TESTING": True})  # the server, configured as the operator configured it
    store_file = f"{app.instance_path}/bordermap.sqlite"
    runner = CliRunner()

    first = runner.invoke(main, ["revisions", "list"])
    assert first.exit_code == 0, first.output
    assert first.stderr.splitlines()[0] == f"bordermap: store {store_file}"
    assert first.stdout.strip() == "no revisions yet"  # stdout stays the report alone

    out = tmp_path / "map.html"
    exported = runner.invoke(main, ["export", str(out)])
    assert exported.exit_code == 0, exported.output
    assert f"bordermap: store {store_file}" in exported.stderr
    assert "no store there" not in exported.stderr  # it existed: nothing was made behind the reader's back


def test_a_store_made_by_the_command_is_said(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "empty"))
    result = CliRunner().invoke(main, ["revisions", "list"])
    assert result.exit_code == 0
    assert "no store there" in result.stderr and "BORDERMAP_INSTANCE_PATH" in result.stderr


def test_a_dry_run_creates_no_store(tmp_path, monkeypatch):
    folder = tmp_path / "fresh"
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(folder))
    upload = tmp_path / "wells.geojson"
    upload.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Well"},'
                      ' "geometry": {"type": "Point", "coordinates": [105.9, 11.6]}}]}', encoding="utf-8")
    runner = CliRunner()

    checked = runner.invoke(main, ["import", str(upload), "--new-layer-title", "Wells", "--dry-run"])
    assert checked.exit_code == 0, checked.output
    assert "dry run: nothing was stored" in checked.stdout
    assert "creates nothing" in checked.stderr and "no store there;" not in checked.stderr
    assert not (folder / "bordermap.sqlite").exists()

    # The same file against a real store, made by the import itself, is checked alike and stored.
    stored = runner.invoke(main, ["import", str(upload), "--new-layer-title", "Wells"])
    assert stored.exit_code == 0, stored.output
    assert (folder / "bordermap.sqlite").exists() and "imported 1 feature(s)" in stored.stdout
