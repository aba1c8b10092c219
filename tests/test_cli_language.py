"""The command line speaks the reader's language: `bordermap --lang`, BORDERMAP_LANG or LANG."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bordermap_app.cli import cli_language, main

POINT = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Gate"}, "geometry": {"type": "Point", "coordinates": [105.9, 11.2]}}]}


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in ("BORDERMAP_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return CliRunner()


@pytest.mark.parametrize(("chosen", "env", "expected"), [
    (None, {}, "en"),
    (None, {"LANG": "km_KH.UTF-8"}, "km"),
    (None, {"LANG": "vi_VN.UTF-8", "LC_ALL": "km_KH.UTF-8"}, "km"),
    (None, {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, {"LANG": "km_KH.UTF-8", "BORDERMAP_LANG": "vi"}, "vi"),
    ("en", {"LANG": "km_KH.UTF-8"}, "en"),
])
def test_the_language_comes_from_the_option_then_the_environment(monkeypatch, chosen, env, expected):
    for name in ("BORDERMAP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli_language(chosen) == expected


def test_import_and_revisions_in_khmer(runner, tmp_path):
    path = tmp_path / "gate.geojson"
    path.write_text(json.dumps(POINT), encoding="utf-8")
    args = ["--lang", "km", "import", str(path), "--layer", "gates", "--new-layer-title", "Gates"]
    dry = runner.invoke(main, args + ["--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "ការសាកល្បង៖ គ្មានអ្វីត្រូវបានរក្សាទុកទេ" in dry.output and "ធាតុ ១" in dry.output
    assert runner.invoke(main, ["--lang", "km", "revisions", "list"]).stdout.strip() == "មិនទាន់មានការកែប្រែនៅឡើយទេ"
    done = runner.invoke(main, args + ["--author", "surveyor"])
    assert "បាននាំចូលធាតុ ១ ជាការកែប្រែ 1" in done.output, done.output
    listing = runner.invoke(main, ["--lang", "km", "revisions", "list"]).output
    assert "បាននាំចូលធាតុ ១ ពី gate.geojson ទៅក្នុង gates" in listing and "ការផ្លាស់ប្ដូរ" in listing
    shown = runner.invoke(main, ["--lang", "km", "revisions", "show", "1"]).output
    assert "ការនាំចូល" in shown and "imported" not in shown


def test_vietnamese_from_lang_and_errors_named_in_it(runner, monkeypatch):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert runner.invoke(main, ["revisions", "list"]).stdout.strip() == "chưa có lần sửa đổi nào"
    missing = runner.invoke(main, ["revisions", "show", "999"])
    # The error's name in Vietnamese; the library's precise message (in English) after it.
    assert missing.exit_code == 1 and missing.stderr.splitlines()[-1].startswith("Lỗi: Không tìm thấy: ")


def test_english_output_is_unchanged(runner):
    assert runner.invoke(main, ["revisions", "list"]).stdout.strip() == "no revisions yet"
    missing = runner.invoke(main, ["revisions", "show", "999"]).stderr
    assert missing.splitlines()[-1].startswith("Error: ") and "Không" not in missing


def test_export_follows_the_messages_language_unless_told(runner, tmp_path):
    out = tmp_path / "km.html"
    result = runner.invoke(main, ["--lang", "km", "export", str(out)])
    assert result.exit_code == 0 and "បៃ" in result.output
    assert '<html lang="km"' in out.read_text(encoding="utf-8")
    result = runner.invoke(main, ["--lang", "km", "export", str(tmp_path / "en.html"), "--lang", "en"])
    assert '<html lang="en"' in (tmp_path / "en.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, said", [("km", "gate.geojson: ធាតុ ១ (ចំណុច ១)"), ("vi", "gate.geojson: 1 đối tượng (1 điểm)")])
def test_a_dry_run_says_the_shapes_as_the_upload_page_does(runner, tmp_path, lang, said):
    """Review rv25b, #13: "(១ Point)" was GIS software's word on a Khmer or Vietnamese line."""
    path = tmp_path / "gate.geojson"
    path.write_text(json.dumps(POINT), encoding="utf-8")
    dry = runner.invoke(main, ["--lang", lang, "import", str(path), "--layer", "gates", "--new-layer-title", "Gates",
                               "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[0].startswith(said + " "), dry.stdout


@pytest.mark.parametrize(("lang", "said"), [("km", "រយៈបណ្ដោយ/រយៈទទឹង (EPSG:4326)"), ("vi", "kinh độ/vĩ độ (EPSG:4326)"),
                                            ("en", "longitude/latitude (EPSG:4326)")])
def test_an_imports_coordinates_are_said_as_the_upload_page_says_them(runner, tmp_path, lang, said):
    """Review 27, #10: "tọa độ: longitude/latitude (EPSG:4326)" left the coordinates' words in English."""
    path = tmp_path / "gate.geojson"
    path.write_text(json.dumps(POINT), encoding="utf-8")
    result = runner.invoke(main, ["--lang", lang, "import", str(path), "--new-layer-title", "Gates", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert said in result.output, result.output


def test_an_import_without_a_layer_is_refused_before_any_store_is_made(runner, tmp_path):
    """Review 27, #10: `bordermap import FILE` with neither --layer nor --new-layer-title made an
    empty store in the instance folder, then refused; it refuses first, leaving nothing."""
    path = tmp_path / "gate.geojson"
    path.write_text(json.dumps(POINT), encoding="utf-8")
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 1
    assert "--layer" in result.stderr
    assert not (tmp_path / "instance").exists()
