"""Uploads in GIS formats: GeoPackage, zipped Shapefile, KML, CSV (lon/lat or WKT), FlatGeobuf, GPX.

Read with pyogrio (GDAL) into a GeoJSON FeatureCollection, which then takes the same path as
any GeoJSON upload (checks, dry run, reprojection, revisions). Values keep their types: GDAL's
integers, reals, booleans and dates become JSON numbers, booleans and ISO dates, JSON fields
(GDAL's JSON subtype) become arrays and objects, nulls stay null for the checks to drop. The
file's CRS (a Shapefile's .prj, a GeoPackage's SRS) is written as the collection's `crs`
member, so a CRS given with the upload is compared with it as for GeoJSON. A file of several
layers needs `source_layer` to say which.

Before GDAL reads a KML file (or the KML inside a KMZ), its coordinates are checked as written
(`kml_coordinates`): GDAL would read a number it cannot parse as another place. What GDAL cannot
read at all is said in our words (`gdal_errors`); a Shapefile in a code page GDAL decodes wrongly
is decoded by Python (`codepages`). A file that holds no features says so, whatever its format,
and a FlatGeobuf file that holds fewer features than its header announces is cut short
(`flatgeobuf` measures it before GDAL reads it).

A GPX file is read as one of its waypoints, routes or tracks, checked first (`gpx`).
"""

from __future__ import annotations

import io
import math
import re
import sqlite3
import tempfile
import warnings
import zipfile
from contextlib import closing
from pathlib import Path, PurePosixPath
from typing import Any

import numpy
import orjson
import pyogrio
import shapely
from pyproj import CRS

from ..errors import ConfigError, InvalidInput, LayerChoice, MalformedInput, TooLarge
from ..i18n import N_
from . import (
    codepages,
    csv_rows,
    flatgeobuf,
    gdal_errors,
    gdal_guard,
    gis_values,
    gpx,
    kml_coordinates,
    kml_html,
    not_maps,
    shapefile_index,
    text_encodings,
)
from .explain import quoted
from .gdal_errors import Unreadable
from .parse import Limits, check_size
from .validate import raise_for

# What GDAL's LIBKML driver reads from KML's own elements: drawing, not data (their values are
# mostly -1 or empty). `Name` is the placemark's name: bordermap's `name`.
KML_DRAWING = {"timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder",
               "icon", "snippet"}
NAMES = {"gpkg": "GeoPackage", "zip": N_("zipped Shapefile"), "kml": "KML", "csv": "CSV", "fgb": "FlatGeobuf",
         "gpx": "GPX"}
# GDAL's LIBKML driver turns every letter outside ASCII in a <Data> name into "_" (Tỉnh: T___nh),
# and names that then read alike lose all values but one; the names are kept as written.
pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})
_CSV_HEADER = re.compile(rb"^[^\n]*\b(wkt|lon|longitude|lng|lat|latitude)\b[^\n]*[,;\t]", re.I)
_GPX_ROOT = re.compile(rb"<(?:[\w.-]+:)?gpx[\s>]")


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


# What GDAL is given to open in a zipped Shapefile: nothing but the Shapefile's own parts, each
# of which must begin as its kind does. A member of another kind (a GDAL VRT that names a file
# or an address) is never opened (review 21, F1).
_SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian: .shp and .shx
_DBASE_VERSIONS = frozenset(b"\x02\x03\x04\x05\x30\x31\x32\x43\x63\x7b\x83\x8b\x8e\xcb\xe5\xf5\xfb")
UNPACKED_FACTOR = 4  # a Shapefile's parts may unpack to this many times the upload limit


def _zip_members(raw: bytes, limits: Limits | None = None) -> list[str]:
    """The names inside a ZIP upload; MalformedInput when it is not one bordermap can read. A
    Shapefile's .shp, .shx and .dbf must begin as such files do, and unpack to no more than
    UNPACKED_FACTOR times the upload limit (a small archive can unpack to gigabytes, which GDAL
    would read whole: review 21, F4)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            _check_shapefile_parts(archive, limits or Limits())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise MalformedInput("the file is a ZIP archive that cannot be opened (cut short?): zip the "
                             "Shapefile's .shp, .shx, .dbf and .prj again and upload that") from None
    names = [name for name in names if not _apple_extra(name)]
    if not any(name.lower().endswith((".shp", ".kml")) for name in names):
        not_maps.refuse_by_members(names)
        raise MalformedInput("the file is a ZIP archive without a Shapefile (.shp with its .shx, .dbf and "
                             ".prj) or KML inside: zip those, or upload a .geojson or .gpkg file")
    lowered = {name.lower() for name in names}
    for shp in (name for name in names if name.lower().endswith(".shp")):
        missing = [shp[:-4] + ext for ext in (".shx", ".dbf") if (shp[:-4] + ext).lower() not in lowered]
        if missing:  # without its .dbf GDAL reads the shapes and drops every attribute unsaid
            raise MalformedInput(f"the zipped Shapefile lacks {' and '.join(map(quoted, missing))}: a Shapefile is "
                                 "its .shp, .shx and .dbf files together (and its .prj); zip them all and upload that")
    return names


def _check_shapefile_parts(archive: zipfile.ZipFile, limits: Limits) -> None:
    """MalformedInput for a Shapefile part that does not begin as its kind does (GDAL would take a
    VRT or another driver's file by its content); TooLarge when the parts unpack to more than
    UNPACKED_FACTOR times the upload limit, or the .shp to more positions than the limit. Every
    member counts, not only a Shapefile's three parts: GDAL reads a .prj whole, a .cpg is read, and
    a KMZ's many KML files are each read (review rv22c, F3: a 1 MB archive of a .cpg or .prj of a
    gigabyte, or twenty KML files of 20 MB, took gigabytes of memory or a minute of a thread)."""
    members = [member for member in archive.infolist() if not member.is_dir()]
    unpacked = sum(member.file_size for member in members)
    if unpacked > UNPACKED_FACTOR * limits.max_bytes:
        names = [member.filename.lower() for member in members]
        what = "zipped Shapefile" if any(n.endswith(".shp") for n in names) else \
            "KMZ" if any(n.endswith(".kml") for n in names) else "ZIP archive"
        raise TooLarge(f"the {what} unpacks to {unpacked:,} bytes; the limit is "
                       f"{UNPACKED_FACTOR * limits.max_bytes:,} ({UNPACKED_FACTOR} times the upload limit)")
    parts = [member for member in members if not _apple_extra(member.filename)
             and member.filename.lower().endswith((".shp", ".shx", ".dbf"))]
    for member in parts:
        name = member.filename
        if name.lower().endswith(".shp") and member.file_size > 16 * limits.max_vertices + 60 * limits.max_features:
            # 16 bytes a position, and a record's header: more positions than an upload may hold
            raise TooLarge(f"the Shapefile {quoted(name)} is {member.file_size:,} bytes unpacked: more positions "
                           f"than the limit of {limits.max_vertices:,}")
        with archive.open(member) as handle:
            head = handle.read(4)
        kind = name.lower()[-4:]
        if (kind in (".shp", ".shx") and head != _SHAPEFILE_MAGIC) or (kind == ".dbf" and head[:1]
                                                                       and head[0] not in _DBASE_VERSIONS):
            raise MalformedInput(f"the zipped Shapefile's {quoted(name)} is not a {kind} file (it does not "
                                 "begin as one): zip the Shapefile's own .shp, .shx, .dbf and .prj and upload that")
    _refuse_cut_short(archive, parts)


def _refuse_cut_short(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    """MalformedInput for a .shp shorter than its .shx says: GDAL would read the features past the
    cut without their geometry, and say nothing (review rv25a, #7)."""
    index = {member.filename.lower(): member for member in parts if member.filename.lower().endswith(".shx")}
    for shp in (member for member in parts if member.filename.lower().endswith(".shp")):
        shx = index.get(shp.filename[:-4].lower() + ".shx")
        if shx is None:
            continue  # said by _zip_members, which names the missing parts
        with archive.open(shx) as handle:
            short = shapefile_index.shortfall(shp.file_size, handle)
        if short is not None:
            raise MalformedInput(
                f"the zipped Shapefile's {quoted(shp.filename)} is cut short: it is {short.size:,} bytes, where its "
                f"index {quoted(shx.filename)} says its {short.features:,} features take {short.needed:,} bytes, "
                f"and it holds {short.whole:,} of them whole: export or copy the Shapefile again and upload that")


def _apple_extra(name: str) -> bool:
    """What macOS adds to a ZIP it makes (__MACOSX/, ._ files): no part of the data."""
    return name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("._")


def _inside(names: list[str]) -> str:
    """The folder of the ZIP that holds its Shapefiles, when they are all in one folder ("" at
    the top: a folder zipped whole, as "Send to > Compressed folder" makes, holds them one down)."""
    folders = {str(PurePosixPath(name).parent) for name in names if name.lower().endswith(".shp")}
    return folders.pop() if len(folders) == 1 and folders != {"."} else ""


def _kmz(names: list[str]) -> bool:
    """A KMZ (KML with its pictures or linked KML, as Google Earth and GDAL write it): a KML and
    no Shapefile."""
    return not any(name.lower().endswith(".shp") for name in names) and \
        any(name.lower().endswith(".kml") for name in names)


def _path(folder: Path, raw: bytes, kind: str, members: list[str], kmz: bool) -> str:
    if kmz:  # GDAL's LIBKML opens a KMZ by its name, links and all
        path = folder / "upload.kmz"
        path.write_bytes(raw)
        return str(path)
    suffix = {"gpkg": ".gpkg", "zip": ".zip", "kml": ".kml", "csv": ".csv", "fgb": ".fgb", "gpx": ".gpx"}[kind]
    path = folder / f"upload{suffix}"
    path.write_bytes(raw)
    if kind != "zip":
        return str(path)
    shapefiles = [name for name in members if name.lower().endswith(".shp")]
    if len(shapefiles) == 1:  # the .shp itself: GDAL opens nothing else of the archive by its name
        return f"/vsizip/{path}/{shapefiles[0]}"
    inside = _inside(members)
    if inside and any(name.rstrip("/") == inside for name in members if not name.endswith("/")):
        # A file named as the folder (a VRT, say) would be opened instead of the folder (review 21, F1).
        raise MalformedInput(f"the ZIP archive holds a file named as its Shapefiles' folder, {quoted(inside)}: "
                             "zip the Shapefiles' own .shp, .shx, .dbf and .prj and upload that")
    return f"/vsizip/{path}" + (f"/{inside}" if inside else "")


def _choose_layer(path: str, kind: str, source_layer: str | None,
                  unreadable: Unreadable) -> tuple[str, int, list[dict[str, Any]]]:
    """The layer to read, the only one with geometry or the one named, how many the file holds,
    and those offered to choose from when it holds several ([] when one); LayerChoice listing
    them (name, geometry type, feature count) when none or another is named."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # what GDAL only warns of is no refusal
            listed = pyogrio.list_layers(path)
    except Exception as error:  # noqa: BLE001 - said in our words, GDAL's detail after them
        raise unreadable(error) from None
    spatial = [str(name) for name, geometry in listed if geometry is not None] or [str(n) for n, _ in listed]
    if kind == "csv":
        return spatial[0], 1, []
    named = choices = spatial
    if kind == "gpx":  # GDAL's five layers, whatever the file holds: offered are those with features
        named, spatial = spatial, gpx.layers_with_features(path, unreadable)
        # and the points of its routes and tracks (rv25b: offered on the page as by name to the API)
        choices = gpx.offered(spatial)
        if source_layer in named:  # one of those, or the points of the routes or tracks, named
            several = spatial if source_layer in spatial else [*spatial, source_layer]
            return source_layer, len(several), _offered(path, kind, listed, choices) if len(choices) > 1 else []
    if source_layer:
        if source_layer not in named:
            raise LayerChoice(f"source_layer: the file has no layer {quoted(source_layer)}; it has "
                              f"{', '.join(map(quoted, spatial))}", layers=_offered(path, kind, listed, choices),
                              problems=[f"source_layer: {name}" for name in spatial])
        return source_layer, len(spatial), _offered(path, kind, listed, choices) if len(choices) > 1 else []
    if not spatial:
        raise InvalidInput("the file holds no features" if kind == "gpx"
                           else f"the {NAMES[kind]} file holds no layer with features")
    if len(spatial) > 1:
        # Counted and named as offered (a GPX file's route and track points too): the sentence and
        # the choice under it name the same layers (review 26, #3).
        raise LayerChoice(
            f"the file holds {len(choices)} layers: {', '.join(map(quoted, choices))}; choose one (source_layer)",
            layers=_offered(path, kind, listed, choices), problems=[f"source_layer: {name}" for name in choices])
    # A GPX file's one track is read without a choice; its points are offered instead of it.
    return spatial[0], 1, _offered(path, kind, listed, choices) if len(choices) > 1 else []


COUNTED_LAYERS = 20  # the layers of a file whose features are counted for the choice, at most


def _offered(path: str, kind: str, listed: Any, names: list[str]) -> list[dict[str, Any]]:
    """The layers a reader chooses from, each with what tells them apart: its geometry type and
    how many features it holds (None where GDAL does not say, or a GeoPackage's layer is a view
    or computes a column, which is not counted: counting runs its query, which can take hours)."""
    types = {str(name): geometry for name, geometry in listed}
    offered = []
    # Each count opens the file again (a KML or GPX is read whole each time): a file of more
    # layers than a reader chooses among at a glance has them listed uncounted.
    counted = len(names) <= COUNTED_LAYERS
    for name in names:
        features = None
        if counted and (kind != "gpkg" or not _queried(path, name)):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    features = int(pyogrio.read_info(path, layer=name, force_feature_count=True)["features"])
            except Exception:  # noqa: BLE001 - a count is a help to the choice, not needed for it
                features = None
        geometry = types.get(name)
        offered.append({"name": name, "geometry_type": None if geometry in (None, "Unknown") else str(geometry),
                        "features": features if features is not None and features >= 0 else None})
    return offered


def _queried(path: str, layer: str) -> bool:
    """Whether a GeoPackage's layer is a query as it is read (a view, or a table computing a column)."""
    try:
        _refuse_views(path, layer)
    except InvalidInput:
        return True
    return False


# The GDAL drivers each kind of upload is read with; any other (a VRT, say, which opens files
# and addresses it names) is refused before a row is read (review 21, F1).
_DRIVERS = {"gpkg": {"GPKG"}, "zip": {"ESRI Shapefile"}, "kml": {"LIBKML", "KML"}, "csv": {"CSV"},
            "fgb": {"FlatGeobuf"}, "gpx": {"GPX"}}


_XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)[\s>/]")


def _root_element(raw: bytes) -> str | None:
    """The name of an XML file's first element, without its prefix (None: no element in its head),
    passing over the declaration, comments, processing instructions and a DOCTYPE."""
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", raw[:8192], flags=re.S)
    found = _XML_ROOT.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def _refuse_other_content(raw: bytes, kind: str, filename: str) -> None:
    """MalformedInput for a file whose content is not of the kind it was taken for: a KML or GPX
    file is XML whose first element is <kml> or <gpx>; a CSV file is no XML at all. GDAL would
    choose a driver by the content, whatever the name or the kind (review rv22c, F1: a GDAL
    virtual dataset sent as "KML" or "CSV")."""
    if kind in ("kml", "gpx"):
        root = _root_element(raw)
        if root != kind:
            raise MalformedInput(f"the file is not a {NAMES[kind]} file: its first element is "
                                 f"{quoted('<' + root + '>') if root else 'missing'}, where a {NAMES[kind]} "
                                 f"file starts with <{kind}>")
    elif kind == "csv" and raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise MalformedInput("the file is not a CSV file: it holds XML (it starts with “<”); upload the table "
                             "itself, saved as CSV")


def _check_driver(driver: str | None, kind: str, kmz: bool) -> None:
    expected = _DRIVERS["kml"] if kmz else _DRIVERS[kind]
    if driver not in expected:
        raise MalformedInput(f"the file is not a {'KMZ' if kmz else NAMES[kind]} file GDAL reads as such "
                             f"(it reads as {driver or 'nothing it knows'}): upload the {NAMES[kind]} file itself")


def _refuse_views(path: str, layer: str) -> None:
    """InvalidInput for a GeoPackage layer that is a view (a query over the file's tables, which
    can make a small file read as gigabytes or run for hours: review 21, F4), or whose table
    computes a column as it is read (a generated column: review rv22c, F2, 96 KB that took 6 GB)."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as db:
            row = db.execute("SELECT type FROM sqlite_master WHERE name = ?", (layer,)).fetchone()
            # table_xinfo's `hidden`: 2 for a column computed as it is read, 1 for a virtual table's
            computed = [] if row is None or row[0] != "table" else [
                info[1] for info in db.execute("SELECT * FROM pragma_table_xinfo(?)", (layer,)) if info[6] in (1, 2)]
    except sqlite3.Error:
        return  # GDAL says what is wrong with the file
    if row is not None and row[0] != "table":
        raise InvalidInput(f"the GeoPackage's layer {quoted(layer)} is a view (a query over other tables), not a "
                           "table: save it as a layer of its own (in QGIS, Export > Save Features As) and upload that")
    if computed:
        raise InvalidInput(f"the GeoPackage's layer {quoted(layer)} computes its column {quoted(str(computed[0]))} as "
                           "it is read: save it as a layer of its own (in QGIS, Export > Save Features As) and upload "
                           "that")


def _refuse_computed_contents(path: str) -> None:
    """InvalidInput for a GeoPackage whose own tables (gpkg_contents and the others GDAL reads to
    list the layers, the spatial indexes') are views, or compute a column as it is read: a query
    there ran for ten minutes and more, and eight such uploads took every thread of the server
    (review rv22c, F2); a computed column of gpkg_contents took 1.8 GB (the change's review, M1)."""
    own = "type IN ('view', 'table') AND (name LIKE 'gpkg%' OR name LIKE 'rtree%' OR name LIKE 'sqlite%')"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as db:
            tables = db.execute(f"SELECT name, type FROM sqlite_master WHERE {own} ORDER BY name").fetchall()
            view = next((name for name, kind in tables if kind == "view"), None)
            computed = None if view else next(
                ((name, info[1]) for name, _ in tables
                 for info in db.execute("SELECT * FROM pragma_table_xinfo(?)", (name,)) if info[6] == 2), None)
    except sqlite3.Error:
        return  # GDAL says what is wrong with the file
    if view is not None:
        raise InvalidInput(f"the GeoPackage's own table {quoted(view)} is a view (a query), not a table: the file "
                           "was not written by a GIS; save the layer again (in QGIS, Export > Save Features As) and "
                           "upload that")
    if computed is not None:
        raise InvalidInput(f"the GeoPackage's own table {quoted(computed[0])} computes its column "
                           f"{quoted(str(computed[1]))} as it is read: the file was not written by a GIS; save the "
                           "layer again (in QGIS, Export > Save Features As) and upload that")


def _csv_columns(path: str, unreadable: Unreadable) -> dict[str, str | None]:
    try:
        return csv_rows.columns(path)
    except Exception as error:  # noqa: BLE001 - said in our words, GDAL's detail after them
        raise unreadable(error) from None


def _check_coordinates(raw: bytes, kind: str, members: list[str], limits: Limits) -> None:
    """InvalidInput naming every coordinate of a KML file (or of the KML in a KMZ) that GDAL
    would read as another place than the file writes."""
    if kind == "kml":
        raise_for(kml_coordinates.problems(raw))
    elif any(name.lower().endswith(".kml") for name in members):
        raise_for(kml_coordinates.archive_problems(raw, limits.max_bytes))


def _check_whole(raw: bytes) -> None:
    """MalformedInput for a FlatGeobuf file that ends before the features its header announces
    (GDAL would say "no layer", or a parsing error, or read the features before the cut)."""
    short = flatgeobuf.shortfall(raw)
    if short == (-1, 0):
        raise MalformedInput("the FlatGeobuf file is cut short: it ends inside its header, before any feature")
    if short is not None:
        raise MalformedInput(f"the FlatGeobuf file is cut short: its header announces {short[0]:,} features, "
                             f"{short[1]:,} could be read")


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


def _count_read(kind: str, announced: int, read: int, layer: str, layers: int) -> None:
    """MalformedInput for a FlatGeobuf file cut short, InvalidInput for a file (or a chosen layer)
    that holds no features."""
    if kind == "fgb" and announced > read:  # GDAL stops without an error where the file ends
        raise MalformedInput(f"the FlatGeobuf file is cut short: its header announces {announced:,} features, "
                             f"{read:,} could be read")
    if not read:
        raise InvalidInput(f"the layer {quoted(layer)} holds no features" if layers > 1
                           else "the file holds no features")


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


def _values(array: Any, ogr_type: str, subtype: str) -> list[Any]:
    """A column as JSON values, each with the type GDAL gave the field."""
    values = array.tolist() if isinstance(array, numpy.ndarray) else list(array)
    out: list[Any] = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)) or \
                (ogr_type in ("OFTDate", "OFTDateTime", "OFTTime") and value == "NaT"):
            out.append(None)
        elif subtype == "OFSTBoolean":
            out.append(bool(value))
        elif ogr_type in ("OFTInteger", "OFTInteger64"):
            out.append(int(value))
        elif ogr_type == "OFTReal":
            out.append(float(value))
        elif subtype == "OFSTJSON" and isinstance(value, str):
            try:
                out.append(orjson.loads(value))
            except orjson.JSONDecodeError:
                out.append(value)
        elif isinstance(value, numpy.ndarray):
            out.append(value.tolist())
        elif isinstance(value, bytes):
            out.append(value.hex())
        else:
            out.append(value)
    return out


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
    _refuse_other_content(raw, kind, filename)
    given = text_encodings.given_codec(encoding)
    members = _zip_members(raw, limits) if kind == "zip" else []
    kmz = kind == "zip" and _kmz(members)
    if given is not None and (kind not in ("zip", "csv") or kmz):
        raise InvalidInput(f"encoding: a {'KMZ' if kmz else NAMES[kind]} file says how its text is encoded; "
                           "an encoding is chosen only for a Shapefile or a CSV file")
    notes = []
    if kind == "csv":
        raw, notes = text_encodings.csv_as_utf8(raw, given)
    if kind == "fgb":
        _check_whole(raw)
    _check_coordinates(raw, kind, members, limits)
    if kind == "gpx":
        gpx.check_xml(raw, NAMES[kind])
    with tempfile.TemporaryDirectory(prefix="bordermap-upload-") as tmp:
        named = "KMZ" if kmz else NAMES[kind]

        def unreadable(error: Exception) -> MalformedInput:
            return gdal_errors.refusal(error, kind, named, tmp, filename)

        path = _path(Path(tmp), raw, kind, members, kmz)
        if kind == "gpkg":
            _refuse_computed_contents(path)  # before GDAL lists the layers from them
        layer, layers, offered = _choose_layer(path, kind, source_layer, unreadable)
        columns = _csv_columns(path, unreadable) if kind == "csv" else {}
        options = csv_rows.options(columns) if kind == "csv" else {}
        reading = codepages.reading_of(raw, layer, given) if kind == "zip" and not kmz else None
        if reading is not None and reading.how != "gdal":
            options["encoding"] = codepages.BYTE_FOR_BYTE
        if kind == "gpkg":
            _refuse_views(path, layer)
        if kind == "gpx":
            raise_for(gpx.position_problems(raw, layer))
        try:  # GDAL counts a GPX file's features only when asked to
            info = pyogrio.read_info(path, layer=layer, force_feature_count=kind == "gpx", **options)
            _check_driver(info.get("driver"), kind, kmz)
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
    _count_read(kind, info["features"], read, layer, layers)
    if wkb is None:
        raise InvalidInput(f"the {NAMES[kind]} file has no geometry"
                           + ("; a CSV needs lon and lat columns, or a WKT column" if kind == "csv" else ""))
    crs = _epsg(meta.get("crs"), given=crs)
    geometries = shapely.from_wkb(wkb)
    shapes = shapely.to_geojson(geometries).tolist()
    names = [str(name) for name in meta["fields"]]
    subtypes = meta.get("ogr_subtypes") or ["OFSTNone"] * len(names)
    table = [_values(column, kind_, sub) for column, kind_, sub in zip(values, meta["ogr_types"], subtypes,
                                                                         strict=True)]
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
