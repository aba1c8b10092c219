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

from ..errors import ConfigError, InvalidInput, LayerChoice, MalformedInput, TooLarge
from ..i18n import N_
from . import (
    archives,
    codepages,
    csv_rows,
    flatgeobuf,
    gdal_errors,
    gdal_guard,
    geopackage,
    gis_values,
    gpx,
    kml_coordinates,
    kml_html,
    not_maps,
    text_encodings,
)
from .explain import quoted
from .gdal_errors import Unreadable
from .parse import Limits, check_size
from .problems import raise_for

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
        geopackage.refuse_views(path, layer)
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
    members = archives.zip_members(raw, limits) if kind == "zip" else []
    kmz = kind == "zip" and archives.is_kmz(members)
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

        path = archives.gdal_path(Path(tmp), raw, kind, members, kmz)
        if kind == "gpkg":
            geopackage.refuse_computed_contents(path)  # before GDAL lists the layers from them
        layer, layers, offered = _choose_layer(path, kind, source_layer, unreadable)
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
