"""The command line's smaller things from review 20 (F16): a refusal read half translated, and
`db copy`'s table whose long table names pushed their columns out of line."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from bordermap.curated import load_curated
from bordermap.store import open_store
from bordermap_app.cli import main

POINT = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Gate"}, "geometry": {"type": "Point", "coordinates": [105.1, 11.1]}}]}


def test_an_english_message_in_a_vietnamese_line_is_said_to_be_english(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))  # the command's own store
    path = tmp_path / "gate.geojson"
    path.write_text(json.dumps(POINT), encoding="utf-8")
    args = ["--lang", "vi", "import", str(path), "--layer", "gates", "--new-layer-title", "Gates"]
    assert runner.invoke(main, args).exit_code == 0
    # A message with no sentence of its own: said to be in English.
    curated = runner.invoke(main, ["--lang", "vi", "import", str(path), "--layer", "checkpoints"])
    line = curated.stderr.splitlines()[-1] if curated.stderr.strip() else curated.output.splitlines()[-1]
    assert curated.exit_code == 1 and line.startswith("Lỗi: Xung đột: (bằng tiếng Anh) "), curated.output
    # The same file into the same layer has one since review rv21b (naming --allow-duplicate).
    again = runner.invoke(main, args[:-2])
    line = again.stderr.splitlines()[-1] if again.stderr.strip() else again.output.splitlines()[-1]
    assert again.exit_code == 1 and line.startswith("Lỗi: Xung đột: tệp này đã được nhập vào lớp gates"), again.output
    assert "--allow-duplicate" in line


def test_db_copy_lines_up_its_columns(tmp_path, postgres_url):
    source = tmp_path / "bordermap.sqlite"
    open_store(tmp_path, load_curated()).close()
    result = CliRunner().invoke(main, ["db", "copy", "--from", str(source), "--to", postgres_url])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "sha256" in line]
    assert any(line.startswith("editor_commitments ") for line in lines)
    assert len({re.search(r"\d+ rows", line).end() for line in lines}) == 1, result.output
    assert len({line.index("sha256") for line in lines}) == 1, result.output
