"""An upload is read as the file it is, and names nothing else for GDAL to open (review 21, F1, F4).

A "zipped Shapefile" whose folder was also a GDAL VRT made the server read /etc/passwd, its own
secret key and environment, and fetch addresses it was given, and send them back in the dry run;
archives of a few hundred kilobytes unpacked to gigabytes, and a GeoPackage view ran for a minute.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas
import pyogrio
import pytest
import shapely

from bordermap.errors import InvalidInput, MalformedInput, TooLarge
from bordermap.ingest import make_layer, plan_import
from bordermap.ingest.parse import Limits

VRT = ('<OGRVRTDataSource><OGRVRTLayer name="leak"><SrcDataSource>CSV:/etc/passwd</SrcDataSource>'
       '<OpenOptions><OOI key="HEADERS">NO</OOI></OpenOptions><GeometryType>wkbPoint</GeometryType>'
       '</OGRVRTLayer></OGRVRTDataSource>')


def _shapefile(folder: Path, name: str, rows: int = 2) -> dict[str, bytes]:
    """A real Shapefile's parts, by suffix."""
    frame = geopandas.GeoDataFrame({"name": [f"Depot {i}" for i in range(rows)]},
                                   geometry=[shapely.Point(105 + i / 100, 11) for i in range(rows)], crs=4326)
    frame.to_file(folder / f"{name}.shp")
    return {suffix: (folder / f"{name}{suffix}").read_bytes() for suffix in (".shp", ".shx", ".dbf", ".prj")}


def _zip(members: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _plan(raw: bytes, limits: Limits | None = None, filename: str = "upload.zip"):
    return plan_import(raw, new_layer=make_layer("", title="Depots"), limits=limits or Limits(), filename=filename)


def test_a_vrt_beside_a_real_shapefile_is_never_opened(tmp_path):
    parts = _shapefile(tmp_path, "x")
    raw = _zip({"a.vrt": VRT, **{f"a.vrt/x{suffix}": data for suffix, data in parts.items()}})
    plan = _plan(raw)  # the .shp itself is opened, not the folder of its name
    assert [f["properties"]["name"] for f in plan.features] == ["Depot 0", "Depot 1"]
    assert "root:" not in str(list(plan.features))


def test_a_file_named_as_the_shapefiles_folder_is_refused(tmp_path):
    one, two = _shapefile(tmp_path, "x"), _shapefile(tmp_path, "y")
    raw = _zip({"a.vrt": VRT, **{f"a.vrt/x{s}": d for s, d in one.items()}, **{f"a.vrt/y{s}": d for s, d in two.items()}})
    with pytest.raises(MalformedInput, match="a file named as its Shapefiles' folder, “a.vrt”"):
        _plan(raw)


@pytest.mark.parametrize("part", [".shp", ".shx", ".dbf"])
def test_a_part_that_is_not_what_its_name_says_is_refused(tmp_path, part):
    parts = _shapefile(tmp_path, "x")
    parts[part] = VRT.encode()  # GDAL would take it by its content
    with pytest.raises(MalformedInput, match=f"“x{part}” is not a {part} file"):
        _plan(_zip({f"x{suffix}": data for suffix, data in parts.items()}))


def test_an_archive_that_unpacks_to_far_more_than_the_limit_is_refused_before_gdal_reads_it(tmp_path):
    parts = _shapefile(tmp_path, "x")
    parts[".dbf"] = parts[".dbf"] + b" " * 5_000_000  # compresses to a few kilobytes
    raw = _zip({f"x{suffix}": data for suffix, data in parts.items()})
    assert len(raw) < 50_000
    with pytest.raises(TooLarge, match="unpacks to 5,00"):
        _plan(raw, Limits(max_bytes=1_000_000))


def test_a_geopackage_layer_that_is_a_view_is_refused(tmp_path):
    import sqlite3

    frame = geopandas.GeoDataFrame({"name": ["Depot"]}, geometry=[shapely.Point(105, 11)], crs=4326)
    path = tmp_path / "views.gpkg"
    frame.to_file(path, layer="depots", driver="GPKG")
    with sqlite3.connect(path) as db:  # a view registered as a layer, as a GIS program can
        db.execute("CREATE VIEW many AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                   "LIMIT 200000000) SELECT d.* FROM n, depots d")
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                   "VALUES ('many', 'features', 'many', 4326)")
        db.execute("INSERT INTO gpkg_geometry_columns VALUES ('many', 'geom', 'POINT', 4326, 0, 0)")
    with pytest.raises(InvalidInput, match="layer “many” is a view"):
        plan_import(path.read_bytes(), new_layer=make_layer("", title="Depots"), filename="views.gpkg",
                    source_layer="many")


def test_gdal_fetches_no_address_a_file_names(listener):
    """The last guard: even a file GDAL did open could not make it fetch an address."""
    address, asked = listener
    import bordermap.ingest.formats  # noqa: F401 - what sets GDAL's options for uploads
    with pytest.raises(Exception):  # noqa: B017, PT011 - GDAL's own error: it did not open it
        pyogrio.read_info(f"/vsicurl/{address}/internal/admin.csv")
    assert asked == []


def test_each_refusal_is_said_in_the_page_language(tmp_path):
    """What an editor reads on the upload page, in Vietnamese and Khmer, for each refusal above."""
    from bordermap.i18n import messages
    from bordermap_app import problem_words

    parts = _shapefile(tmp_path, "x")
    refusals = []
    for raw, limits in ((_zip({"x.shp": VRT, "x.shx": parts[".shx"], "x.dbf": parts[".dbf"]}), Limits()),
                        (_zip({f"x{s}": d + (b" " * 5_000_000 if s == ".dbf" else b"") for s, d in parts.items()}),
                         Limits(max_bytes=1_000_000))):
        with pytest.raises((MalformedInput, TooLarge)) as raised:
            _plan(raw, limits)
        refusals.append(raised.value.message)
    for lang, words in (("vi", ("không phải là tệp .shp", "Shapefile nén này giải nén ra")),
                        ("km", ("មិនមែនជាឯកសារ .shp", "Shapefile ដែលបានបង្ហាប់ពន្លាចេញបាន"))):
        said = [problem_words.localized(text, messages(lang)) for text in refusals]
        assert words[0] in said[0] and words[1] in said[1], said
