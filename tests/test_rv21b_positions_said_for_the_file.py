"""Positions that cannot be what the file says, worded for the file they came in (review rv21b):
a CSV's swapped lon and lat columns (L4), a Shapefile's missing or wrong .prj (L5)."""

from __future__ import annotations

import io
import zipfile

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point

from bordermap.errors import InvalidInput
from bordermap.i18n import messages
from bordermap.ingest import make_layer, plan_import
from bordermap.ingest.explain import readable_problems
from bordermap_app.problem_words import localized


def _problems(raw: bytes, filename: str) -> list[str]:
    with pytest.raises(InvalidInput) as refused:
        plan_import(raw, new_layer=make_layer("", title="Gates"), filename=filename)
    return readable_problems(refused.value.problems, raw)


def _zipped_shapefile(tmp_path, frame: gpd.GeoDataFrame, *, prj: bool = True) -> bytes:
    path = tmp_path / "gates.shp"
    pyogrio.write_dataframe(frame, path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in ("shp", "shx", "dbf", "prj", "cpg"):
            if (tmp_path / f"gates.{part}").exists() and (prj or part != "prj"):
                archive.write(tmp_path / f"gates.{part}", f"gates.{part}")
    return buffer.getvalue()


def test_a_csvs_swapped_columns_are_said_to_be_swapped():
    said = _problems(b"name,lon,lat\nMoc Bai,11.07,106.137\n", "gates.csv")
    assert said == ["row 2 (Moc Bai): latitude 106.137 is outside -90…90; the lon and "
                    "lat columns look swapped (lon 11.07, lat 106.137)"], said
    khmer = localized(said[0], messages("km"))
    assert "ជួរឈរ lon និង lat ហាក់ដូចជាត្រូវបានដាក់ច្រាសគ្នា" in khmer and "GeoJSON" not in khmer, khmer
    # GeoJSON keeps its own words: its order is the mistake there.
    geojson = _problems(b'{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[11.07,106.137]}}',
                        "gates.geojson")
    assert "GeoJSON order is [longitude, latitude]" in geojson[0]


def test_a_shapefile_without_a_prj_is_said_to_lack_it(tmp_path):
    metres = gpd.GeoDataFrame({"name": ["Moc Bai"]}, geometry=[Point(624_000, 1_223_000)], crs="EPSG:32648")
    said = _problems(_zipped_shapefile(tmp_path, metres, prj=False), "gates.zip")
    assert "the Shapefile has no .prj; give its CRS, e.g. EPSG:32648" in said[0], said
    assert "Shapefile គ្មានឯកសារ .prj ទេ" in localized(said[0], messages("km"))


def test_a_shapefile_whose_prj_is_wrong_is_told_to_correct_it(tmp_path):
    degrees = gpd.GeoDataFrame({"name": ["Moc Bai"]}, geometry=[Point(106.137, 11.068)], crs="EPSG:4326")
    raw = _zipped_shapefile(tmp_path, degrees.set_crs("EPSG:32648", allow_override=True))
    said = _problems(raw, "gates.zip")
    assert "correct the Shapefile's .prj, or leave it out, if the file is in longitude/latitude" in said[0], said
    assert "sửa tệp .prj của Shapefile" in localized(said[0], messages("vi"))


def test_a_shapefile_in_degrees_without_a_prj_is_read_so_and_said_to_be(tmp_path):
    """Review 31b, #3: taken as WGS 84 without a word, where the dry run is there to catch a
    file made on another datum."""
    degrees = gpd.GeoDataFrame({"name": ["Moc Bai"]}, geometry=[Point(106.137, 11.068)], crs="EPSG:4326")
    plan = plan_import(_zipped_shapefile(tmp_path, degrees, prj=False), new_layer=make_layer("", title="Gates"),
                       filename="gates.zip")
    notes = [str(warning) for warning in plan.warnings if ".prj" in str(warning)]
    assert len(notes) == 1 and "read as longitude/latitude on WGS 84 (EPSG:4326)" in notes[0], plan.warnings
    assert "Shapefile គ្មានឯកសារ .prj ទេ" in localized(notes[0], messages("km"))
    assert "Shapefile không có tệp .prj" in localized(notes[0], messages("vi"))
    (tmp_path / "with").mkdir()
    with_prj = plan_import(_zipped_shapefile(tmp_path / "with", degrees), new_layer=make_layer("", title="Gates"),
                           filename="gates.zip")
    assert not [warning for warning in with_prj.warnings if ".prj" in str(warning)], with_prj.warnings
