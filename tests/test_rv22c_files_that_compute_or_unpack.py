"""A small upload that would make the server compute or unpack gigabytes is refused before GDAL
reads it (review rv22c, F2, F3): a GeoPackage column computed as it is read (96 KB took 6 GB), a
GeoPackage whose own gpkg_contents is a query (it ran for ten minutes; eight took every thread),
and archives whose .cpg, .prj or many KML files unpack far past the limit."""

from __future__ import annotations

import io
import sqlite3
import zipfile

import geopandas
import pytest
import shapely

from bordermap.errors import InvalidInput, TooLarge
from bordermap.ingest import make_layer, plan_import
from bordermap.ingest.parse import Limits


def _plan(raw: bytes, filename: str, limits: Limits | None = None):
    return plan_import(raw, new_layer=make_layer("", title="Depots"), limits=limits or Limits(), filename=filename)


def _geopackage(path, change: str | None = None) -> bytes:
    frame = geopandas.GeoDataFrame({"name": ["Depot A", "Depot B"]},
                                   geometry=[shapely.Point(105.5, 11.5), shapely.Point(105.6, 11.6)], crs=4326)
    frame.to_file(path, layer="depots", driver="GPKG")
    if change:
        with sqlite3.connect(path) as db:
            db.executescript(change)
    return path.read_bytes()


def test_a_geopackage_column_computed_as_it_is_read_is_refused(tmp_path):
    raw = _geopackage(tmp_path / "gen.gpkg",
                      "ALTER TABLE depots ADD COLUMN big TEXT GENERATED ALWAYS AS (printf('%.*c', 1000, 'x')) VIRTUAL;")
    with pytest.raises(InvalidInput, match="the GeoPackage's layer “depots” computes its column “big” as it is read"):
        _plan(raw, "gen.gpkg")
    # The same file without that column is read.
    plain = _plan(_geopackage(tmp_path / "plain.gpkg"), "plain.gpkg")
    assert [f["properties"]["name"] for f in plain.features] == ["Depot A", "Depot B"]


def test_a_geopackage_whose_own_contents_table_is_a_query_is_refused_before_gdal_lists_it(tmp_path):
    change = """ALTER TABLE gpkg_contents RENAME TO real_contents;
        CREATE VIEW gpkg_contents AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10)
        SELECT * FROM real_contents WHERE (SELECT max(x) FROM c) > 0;"""
    raw = _geopackage(tmp_path / "slow.gpkg", change)
    with pytest.raises(InvalidInput, match="the GeoPackage's own table “gpkg_contents” is a view"):
        _plan(raw, "slow.gpkg")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("member", [".cpg", ".prj"])
def test_a_shapefile_whose_cpg_or_prj_unpacks_past_the_limit_is_refused(tmp_path, member):
    frame = geopandas.GeoDataFrame({"name": ["Depot"]}, geometry=[shapely.Point(105.5, 11.5)], crs=4326)
    frame.to_file(tmp_path / "x.shp")
    parts = {f"x{s}": (tmp_path / f"x{s}").read_bytes() for s in (".shp", ".shx", ".dbf", ".prj")}
    parts[f"x{member}"] = b"UTF-8" + b" " * 5_000_000  # compresses to a few kilobytes
    raw = _zip(parts)
    assert len(raw) < 50_000
    with pytest.raises(TooLarge, match="the zipped Shapefile unpacks to 5,00"):
        _plan(raw, "x.zip", Limits(max_bytes=1_000_000))


def test_a_kmz_of_many_kml_files_that_unpack_past_the_limit_is_refused(tmp_path):
    kml = (b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>A</name><Point><coordinates>'
           b'105.5,11.5</coordinates></Point></Placemark>' + b"<!-- -->" * 100_000 + b"</Document></kml>")
    raw = _zip({f"doc{i}.kml": kml for i in range(6)})  # each under the limit, together past four times it
    with pytest.raises(TooLarge, match="the KMZ unpacks to 4,80"):
        _plan(raw, "x.kmz", Limits(max_bytes=1_000_000))


def test_a_geopackage_whose_own_contents_table_computes_a_column_is_refused(tmp_path):
    """The change's review, M1: the same attack one table over: gpkg_contents with a column
    computed as it is read (100 KB that took 1.8 GB)."""
    change = """ALTER TABLE gpkg_contents RENAME TO real_contents;
        CREATE TABLE gpkg_contents AS SELECT * FROM real_contents;
        ALTER TABLE gpkg_contents ADD COLUMN big TEXT GENERATED ALWAYS AS (hex(zeroblob(1000))) VIRTUAL;"""
    raw = _geopackage(tmp_path / "computed.gpkg", change)
    with pytest.raises(InvalidInput, match="the GeoPackage's own table “gpkg_contents” computes its column “big”"):
        _plan(raw, "computed.gpkg")
