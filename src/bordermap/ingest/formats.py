"""Uploads in GIS formats: GeoPackage, zipped Shapefile, KML, CSV (lon/lat or WKT), FlatGeobuf, GPX.

Read with pyogrio (GDAL) into a GeoJSON FeatureCollection, which then takes the same path as
any GeoJSON upload (checks, dry run, reprojection, revisions). Values keep their types: GDAL's
integers, reals, booleans and dates become JSON numbers, booleans and ISO dates, JSON fields
(GDAL's JSON subtype) become arrays and objects, nulls stay null for the checks to drop. The
file's CRS (a Shapefile's .prj, a GeoPackage's SRS) is written as the collection's `crs`
member, so a CRS given with the upload is compared with it as for GeoJSON. A file of several
layers needs `source_layer` to say which (`layer_choice`).

Before GDAL reads a KML file (or the KML inside a KMZ), its coordinates are checked as written
(`kml_coordinates`): GDAL would read a number it cannot parse as another place. What GDAL cannot
read at all is said in our words (`gdal_errors`), what is not of the kind it was taken for is
refused before it (`format_checks`); a Shapefile in a code page GDAL decodes wrongly
is decoded by Python (`codepages`). A file that holds no features says so, whatever its format,
and a FlatGeobuf file that holds fewer features than its header announces is cut short
(`flatgeobuf` measures it before GDAL reads it).

A GPX file is read as one of its waypoints, routes or tracks, checked first (`gpx`). A ZIP
upload's members are checked before GDAL opens any (`archives`), and a GeoPackage's tables before
GDAL lists its layers (`geopackage`).
"""

from __future__ import annotations

import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

import orjson
import pyogrio
import shapely
from pyproj import CRS

from ..errors import ConfigError, InvalidInput, MalformedInput, TooLarge
from . import (
    archives,
    codepages,
    csv_rows,
    gdal_errors,
    gdal_guard,
    geopackage,
    gis_values,
    gpx,
    kml_html,
    not_maps,
    text_encodings,
)
from .format_checks import NAMES, check_coordinates, check_driver, check_whole, count_read, refuse_other_content
from .gdal_errors import Unreadable
from .layer_choice import choose_layer
from .parse import Limits, check_size
from .problems import raise_for

# What GDAL's LIBKML driver reads from KML's own elements: drawing, not data (their values are
# mostly -1 or empty). `Name` is the placemark's name: bordermap's `name`.
KML_DRAWING = {"timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder",
               "icon", "snippet"}
# GDAL's LIBKML driver turns every letter outside ASCII in a <Data> name into "_" (Tỉnh: T___nh),
# and names that then read alike lose all values but one; the names are kept as written.
pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})
_CSV_HEADER = re.compile(rb"^[^\n]*\b(wkt|lon|longitude|lng|lat|latitude)\b[^\n]*[,;\t]", re.I)
_GPX_ROOT = re.compile(rb"<(?:[\w.-]+:)?gpx[\s>]")


NO_PRJ = ("the Shapefile has no .prj: its positions were read as longitude/latitude on WGS 84 (EPSG:4326); "
          "if it was made on another datum, give its CRS")


def kind_of(raw: bytes, filename: str = "") -> str | None:
    """"gpkg", "zip", "kml", "csv", "fgb" or "gpx" for a file in a GIS format; None for JSON (or any
    other text a later step names); MalformedInput for plain text that no reader takes (`not_maps`)."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if raw.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if raw.startswith(b"PK\x03\x04"):
        return "zip"
    if raw.startswith(b"fgb\x03"):
        return "fgb"
    if head.startswith(b"<") and b"<kml" in raw[:4096]:
        return "kml"
    if head.startswith(b"<") and _GPX_ROOT.search(raw[:4096]):
        return "gpx"
    if head[:1] in (b"{", b"["):
        return None
    if filename.lower().endswith(".csv") or _CSV_HEADER.match(head):
        return "csv"
    not_maps.refuse_plain_text(head)
    return None



def _csv_columns(path: str, unreadable: Unreadable) -> dict[str, str | None]:
    try:
        return csv_rows.columns(path)
    except Exception as error:  # noqa: BLE001 - said in our words, GDAL's detail after them
        raise unreadable(error) from None


def _descriptions_as_text(names: list[str], table: list[list[Any]]) -> list[str]:
    """KML descriptions written in HTML (ArcGIS, QGIS, Google Earth put attributes in a table
    there) replaced by their text, in place; the note that says how many."""
    if "description" not in names:
        return []
    column = table[names.index("description")]
    html = [i for i, value in enumerate(column) if isinstance(value, str) and kml_html.is_html(value)]
    for i in html:
        column[i] = kml_html.as_text(column[i]) or None
    return [f"the descriptions of {len(html):,} feature(s) were HTML, as GIS programs write them in KML: "
            "each is kept as its text, a table row as “name: value”"] if html else []


def _epsg(crs_text: str | None, given: str | None = None) -> str | None:
    """The EPSG code of the file's CRS, or None when it has none; InvalidInput when no code fits,
    unless the upload gives one (`given`): the file's CRS is then the one given."""
    if not crs_text:
        return None
    if re.fullmatch(r"EPSG:\d+", crs_text):
        return crs_text
    crs = CRS.from_user_input(crs_text)
    code = crs.to_epsg(min_confidence=70)
    if code is None and given:  # a provincial VN-2000 zone, say: the editor names its code
        return None
    if code is None:
        raise InvalidInput(f"the file's coordinate system ({crs.name}) has no EPSG code bordermap can "
                           "reproject from; give the code with the upload (crs=EPSG:N)")
    return f"EPSG:{code}"


def to_geojson(raw: bytes, kind: str, limits: Limits, source_layer: str | None = None,
               filename: str = "", crs: str | None = None,
               encoding: str | None = None) -> tuple[bytes, list[str], str | None, list[dict[str, Any]]]:
    """A GIS file as the GeoJSON FeatureCollection (UTF-8 bytes) the upload pipeline reads, notes
    for the report, the layer read when the file holds several (None when it holds one:
    `targets.import_key`) and the layers it offers then (name, geometry type, feature count);
    `filename`, the file's name as uploaded, names it where GDAL's words would name a copy; `crs`,
    the CRS the upload gives, stands for a file's own that has no EPSG code; `encoding`, the one the
    editor names for a Shapefile's or a CSV file's text."""
    check_size(len(raw), limits)
    if not gdal_guard.guarded():
        raise ConfigError("this server reads no GIS files: its GDAL could not be kept from opening what a file "
                          "names (see the server's log); upload GeoJSON")
    refuse_other_content(raw, kind, filename)
    given = text_encodings.given_codec(encoding)
    members = archives.zip_members(raw, limits) if kind == "zip" else []
    kmz = kind == "zip" and archives.is_kmz(members)
    if given is not None and (kind not in ("zip", "csv") or kmz):
        raise InvalidInput(f"encoding: a {'KMZ' if kmz else NAMES[kind]} file says how its text is encoded; "
                           "an encoding is chosen only for a Shapefile or a CSV file")
    notes = []
    if kind == "csv":
        raw, notes = text_encodings.csv_as_utf8(raw, given)
    if kind == "fgb":
        check_whole(raw)
    check_coordinates(raw, kind, members, limits)
    if kind == "gpx":
        gpx.check_xml(raw, NAMES[kind])
    with tempfile.TemporaryDirectory(prefix="bordermap-upload-") as tmp:
        named = "KMZ" if kmz else NAMES[kind]

        def unreadable(error: Exception) -> MalformedInput:
            return gdal_errors.refusal(error, kind, named, tmp, filename)

        path = archives.gdal_path(Path(tmp), raw, kind, members, kmz)
        if kind == "gpkg":
            geopackage.refuse_computed_contents(path)  # before GDAL lists the layers from them
        layer, layers, offered = choose_layer(path, kind, source_layer, unreadable)
        columns = _csv_columns(path, unreadable) if kind == "csv" else {}
        options = csv_rows.options(columns) if kind == "csv" else {}
        reading = codepages.reading_of(raw, layer, given) if kind == "zip" and not kmz else None
        if reading is not None and reading.how != "gdal":
            options["encoding"] = codepages.BYTE_FOR_BYTE
        if kind == "gpkg":
            geopackage.refuse_views(path, layer)
        if kind == "gpx":
            raise_for(gpx.position_problems(raw, layer))
        try:  # GDAL counts a GPX file's features only when asked to
            info = pyogrio.read_info(path, layer=layer, force_feature_count=kind == "gpx", **options)
            check_driver(info.get("driver"), kind, kmz)
            if info["features"] > limits.max_features:
                raise TooLarge(f"the layer holds {info['features']:,} features; the limit is {limits.max_features:,}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a value GDAL skips is reported below
                meta, _, wkb, values = pyogrio.raw.read(path, layer=layer, datetime_as_string=True, **options)
        except (TooLarge, InvalidInput):
            raise
        except Exception as error:  # noqa: BLE001 - said in our words, GDAL's detail after them
            raise unreadable(error) from None
        if kind == "csv" and wkb is not None:
            unplaced = [i for i, shape in enumerate(wkb) if shape is None]
            raise_for(csv_rows.row_problems(path, raw, columns, unplaced))
    read = len(wkb) if wkb is not None else len(values[0]) if values else 0
    count_read(kind, info["features"], read, layer, layers)
    if wkb is None:
        raise InvalidInput(f"the {NAMES[kind]} file has no geometry"
                           + ("; a CSV needs lon and lat columns, or a WKT column" if kind == "csv" else ""))
    if kind == "zip" and not kmz and not meta.get("crs") and crs is None:
        # Read as longitude/latitude on WGS 84, as GeoJSON is: said, since a Shapefile made on
        # another datum (VN-2000's geographic one) would land some hundred metres off without a
        # word (review 31b, #3); a projected one is refused for its figures (geo_positions).
        notes.append(NO_PRJ)
    crs = _epsg(meta.get("crs"), given=crs)
    geometries = shapely.from_wkb(wkb)
    shapes = shapely.to_geojson(geometries).tolist()
    names = [str(name) for name in meta["fields"]]
    subtypes = meta.get("ogr_subtypes") or ["OFSTNone"] * len(names)
    table = [gis_values.column_values(column, kind_, sub)
             for column, kind_, sub in zip(values, meta["ogr_types"], subtypes, strict=True)]
    if reading is not None and reading.how != "gdal":
        names, table, read_so = codepages.decoded_columns(names, table, meta["ogr_types"], reading)
        notes += read_so
    if kind == "kml" or kmz:
        kept = [k for k, name in enumerate(names) if name not in KML_DRAWING]
        names = ["name" if names[k] == "Name" and "name" not in names else names[k] for k in kept]
        table = [table[k] for k in kept]
        notes += _descriptions_as_text(names, table)
    if kind == "csv":
        table = gis_values.formulas_unquoted(table)
    if kind == "gpx":
        names, table = gpx.columns(raw, names, table)
    table = gis_values.read_back(names, table)  # a download of bordermap's, uploaded again
    features = []
    for i, shape in enumerate(shapes):
        properties = {name: table[k][i] for k, name in enumerate(names)}
        features.append({"type": "Feature", "properties": properties,
                         "geometry": orjson.Fragment(shape) if shape is not None else None})
    document: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs and crs != "EPSG:4326":
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return orjson.dumps(document), notes, (layer if layers > 1 else None), offered
