"""Every command reports the library's errors the same way: a message, every problem, an exit code."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bordermap.errors import DiskFull, InvalidInput
from bordermap_app.cli import EXIT_REFUSED, EXIT_SERVER, main

PROBLEMS = [f"features[{i}].geometry: ring is not closed" for i in range(60)]


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    return tmp_path / "instance"


def _refuse(*args, **kwargs):
    raise InvalidInput("the data breaks 60 rules", problems=PROBLEMS)


@pytest.mark.parametrize("target, args", [
    ("bordermap.mapview.export.build_export", ["export", "OUT"]),
    ("bordermap.edits.revisions", ["revisions", "list"]),
    ("bordermap.edits.revision_detail", ["revisions", "show", "1"]),
    ("bordermap.edits.revert", ["revisions", "revert", "1"]),
    ("bordermap.ingest.plan_import", ["import", "FILE", "--layer", "x"]),
])
def test_every_command_lists_every_problem(instance, tmp_path, monkeypatch, target, args):
    monkeypatch.setattr(target, _refuse)
    data = tmp_path / "in.geojson"
    data.write_text('{"type": "FeatureCollection", "features": []}')
    args = [str(tmp_path / "out.html") if a == "OUT" else str(data) if a == "FILE" else a for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_REFUSED, result.output
    assert result.stderr.startswith(f"bordermap: store {instance / 'bordermap.sqlite'}\n")
    assert "\nError: the data breaks 60 rules\n" in result.stderr
    for i, problem in enumerate(PROBLEMS):  # all of them, not the first 50, and export no longer drops them
        # An import's problems name the feature as the upload page does, from 1 (review rv21b, L6).
        said = f"feature {i + 1}, geometry: ring is not closed" if "import" in args else problem
        assert f"  {said}\n" in result.output
    assert "Traceback" not in result.output


def test_a_server_side_failure_has_its_own_exit_code(instance, monkeypatch):
    def full(*args, **kwargs):
        raise DiskFull("the server's disk is full")

    monkeypatch.setattr("bordermap.edits.revisions", full)
    result = CliRunner().invoke(main, ["revisions", "list"])
    assert result.exit_code == EXIT_SERVER
    assert "disk is full" in result.output


def test_commands_open_the_store_without_building_the_web_app(instance, monkeypatch):
    def no_app(*args, **kwargs):
        raise AssertionError("a command other than serve built the Flask app")

    monkeypatch.setattr("bordermap_app.create_app", no_app)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    assert (instance / "bordermap.sqlite").is_file()
    listing = runner.invoke(main, ["revisions", "list"])
    assert listing.exit_code == 0 and listing.stdout.strip() == "no revisions yet"


@pytest.mark.parametrize("args", [["revisions", "show", "9223372036854775808"],
                                  ["revisions", "revert", "9223372036854775808"],
                                  ["revisions", "show", "0"]])
def test_revision_numbers_out_of_range_are_a_clear_no(instance, args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_REFUSED
    assert "no revision" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_onto_a_full_disk_names_the_file_and_leaves_nothing(instance, tmp_path, monkeypatch):
    import errno

    import bordermap.files

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bordermap.files.os, "fsync", full)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["export", str(out / "map.html")])
    assert result.exit_code == EXIT_SERVER
    assert "disk is full" in result.output and str(out / "map.html") in result.output
    assert list(out.iterdir()) == [] and "Traceback" not in result.output


def test_the_import_names_its_options_not_the_apis_parameters(instance, tmp_path):
    """The command line's reader gave --precision-m, not precision_m (review 12, N8); a property
    of the file keeps its own name."""
    data = tmp_path / "in.geojson"
    data.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                    '{"precision_m": -1}, "geometry": {"type": "Point", "coordinates": [105, 11]}}]}')
    result = CliRunner().invoke(main, ["import", str(data), "--layer", "gpkg-x", "--new-layer-title", "X"])
    assert result.exit_code == EXIT_REFUSED
    assert "--layer: expected an id that does not begin with gpkg" in result.stderr
    result = CliRunner().invoke(main, ["import", str(data), "--layer", "x", "--new-layer-title", "X",
                                       "--location-precision", "approximate"])
    assert "--precision-m: expected a radius in metres when --location-precision is \"approximate\"" in result.output
    assert "precision_m:" not in result.output.replace("--precision-m:", "")


BOWTIE = ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Gate"},"geometry":'
          '{"type":"Point","coordinates":[106.1,11.1]}},{"type":"Feature","properties":{"name":"Bowtie zone"},'
          '"geometry":{"type":"Polygon","coordinates":[[[106.13,11.06],[106.14,11.07],[106.14,11.06],[106.13,11.07],'
          '[106.13,11.06]]]}}]}')


@pytest.mark.parametrize("lang, said", [
    ("en", ["Error: the upload was not imported: feature 2 “Bowtie zone”, geometry: invalid Polygon: "
            "Self-intersection at [106.135, 11.065]; ask for a repair to fix it (--repair, or the repair box)"]),
    ("km", ["កំហុស៖ ទិន្នន័យបញ្ចូលមិនត្រឹមត្រូវ៖ ការពិនិត្យបានរកឃើញបញ្ហា ១",
            "  ធាតុទី ២ “Bowtie zone”, geometry៖ Polygon មិនត្រឹមត្រូវ៖ គែមរបស់វាកាត់ខ្លួនឯងនៅ [106.135, 11.065]; "
            "បន្ថែម --repair ដើម្បីជួសជុលវា ឬកែគែមនោះក្នុងកម្មវិធី GIS"]),
    ("vi", ["Lỗi: Dữ liệu nhập không hợp lệ: Kiểm tra thấy 1 vấn đề",
            "  Đối tượng 2 “Bowtie zone”, geometry: Polygon không hợp lệ: đường viền tự cắt nhau tại [106.135, 11.065]; "
            "thêm --repair để sửa, hoặc sửa đường viền trong phần mềm GIS"]),
])
def test_an_imports_problem_names_its_feature_as_the_upload_page_does(instance, tmp_path, lang, said):
    """Review rv21b, L6: the command line said "features[1].geometry", counted from 0 and unnamed,
    and in Khmer or Vietnamese the problem in English after a translated title."""
    path = tmp_path / "zones.geojson"
    path.write_text(BOWTIE, encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", lang, "import", str(path), "--new-layer-title", "Zones"])
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr.splitlines()[-len(said):] == said, result.stderr
