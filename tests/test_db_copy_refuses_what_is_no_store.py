"""`bordermap db copy` of a file that is no bordermap store says so and copies nothing: an empty
file (a failed scp) or another program's database was reported as copied, every table's rows
and checksum matching, and a gzipped store gave a traceback (review 23a, F5)."""

from __future__ import annotations

import gzip
import sqlite3

import pytest
from click.testing import CliRunner

from bordermap_app.cli import main

NOWHERE = "postgresql://bordermap:secret@127.0.0.1:1/nowhere"  # never reached: the file is refused first


def _empty(path):
    path.write_bytes(b"")


def _other(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")


def _gzipped(path):
    other = path.with_suffix(".plain")
    _other(other)
    path.write_bytes(gzip.compress(other.read_bytes()))


@pytest.mark.parametrize(("make", "said"), [(_empty, "is not a bordermap store"),
                                            (_other, "is not a bordermap store"),
                                            (_gzipped, "is not a SQLite database")])
def test_a_file_that_is_no_store_is_refused_in_one_line(tmp_path, monkeypatch, make, said):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    source = tmp_path / "bordermap.sqlite"
    make(source)
    before = source.read_bytes()
    result = CliRunner().invoke(main, ["db", "copy", "--from", str(source), "--to", NOWHERE])
    assert result.exit_code == 1  # the input refused, not the server's side (review 32b, #5: it was 3)
    assert said in result.output and "Traceback" not in result.output, result.output
    assert "checksum match" not in result.output and source.read_bytes() == before


@pytest.mark.parametrize("password", ["ab@topsecret123", "p@ss/w#rd?x", "abc/topsecret123", "abc?topsecret123"])
def test_a_password_a_url_must_encode_is_refused_before_any_connection(tmp_path, password):
    """Review 32b, #2: `db copy --to` skipped the check `serve` makes, and the driver's refusal
    named a host made of the password's tail ("failed to resolve host 'topsecret123@localhost'")."""
    source = tmp_path / "bordermap.sqlite"
    _other(source)
    result = CliRunner().invoke(main, ["db", "copy", "--from", str(source), "--to",
                                       f"postgresql://bordermap:{password}@127.0.0.1:1/bordermap"])
    assert result.exit_code == 2, result.output
    assert "percent-encode (%40, %2F, %23, %3F)" in result.output and "--to" in result.output
    for part in ("topsecret123", "rd?x", "w#rd"):
        assert part not in result.output


@pytest.mark.parametrize("lang, english", [("km", "ជាភាសាអង់គ្លេស"), ("vi", "bằng tiếng Anh")])
@pytest.mark.parametrize("make", [_empty, _gzipped])
def test_the_refusal_is_in_the_commands_language(tmp_path, monkeypatch, lang, english, make):
    """Review 33a, #9: Khmer and Vietnamese said these refusals "(in English)"."""
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    source = tmp_path / "bordermap.sqlite"
    make(source)
    result = CliRunner().invoke(main, ["--lang", lang, "db", "copy", "--from", str(source), "--to", NOWHERE])
    assert result.exit_code == 1 and english not in result.output and str(source) in result.output, result.output
