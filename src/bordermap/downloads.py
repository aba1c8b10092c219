"""A layer as a GIS file: GeoPackage, CSV (WKT), FlatGeobuf, KML or zipped Shapefile.

Written with geopandas and pyogrio (GDAL), built once per state of the data and format.
Properties become columns: text, numbers and booleans keep their type when every value of
the column has it; lists and objects (such as `sources` or `commitments`) are JSON text; ISO
dates are Date fields where the format has them; CSV writes booleans as true and false. Each
feature keeps its own geometry type (Polygon or MultiPolygon) where the format allows a layer of
several. Positions are two-dimensional, in KML too (GDAL writes an altitude of 0, taken off).
The licence and attribution go inside the file where the format has a place for them
(GeoPackage metadata, FlatGeobuf and KML descriptions) and as LICENSE.txt in the zip.
GeoJSON downloads are `bordermap.edits.layer_geojson`.
"""

from __future__ import annotations

import datetime
import io
import re
import tempfile
import threading
import weakref
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas
import numpy
import orjson
import pandas
import pyogrio
from shapely.geometry import shape

from . import licences
from .errors import NotFound
from .ingest import kml_coordinates
from .ingest.gis_values import FORMULA_STARTS
from .ingest.properties import RESERVED_PROPERTIES
from .model import Layer, clashing_layer_id
from .store import Store


def inert_in_spreadsheets(value: Any) -> Any:
    """A CSV cell's value that no spreadsheet runs: a text that would begin a formula (`=HYPERLINK(…)`
    sends a cell's neighbours to an address; old Excel ran commands) goes out with a "'" before
    it, which spreadsheets show as text and a CSV uploaded here again takes off (review 21, F8)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Format:
    """How one download format is written."""

    driver: str
    suffix: str
    media_type: str


FORMATS = {
    "gpkg": Format("GPKG", ".gpkg", "application/geopackage+sqlite3"),
    "csv": Format("CSV", ".csv", "text/csv; charset=utf-8"),
    "fgb": Format("FlatGeobuf", ".fgb", "application/flatgeobuf"),
    "kml": Format("LIBKML", ".kml", "application/vnd.google-earth.kml+xml"),
    "shp.zip": Format("ESRI Shapefile", ".shp.zip", "application/zip"),
}
# Shapefile holds one shape type per file: these go in files of their own, named by the key.
# GeoPackage 1.2, not GDAL's newest (1.4): Debian 12's GDAL 3.6, and the QGIS built on it, warn
# that 1.4 "may only be partially supported"; 1.2 holds all the downloads need (review 12, N7).
GPKG_VERSION = {"VERSION": "1.2"}
SHAPE_GROUPS = {"Point": "points", "MultiPoint": "multipoints", "LineString": "lines",
                "MultiLineString": "lines", "Polygon": "polygons", "MultiPolygon": "polygons"}
# Formats with fields that hold a date alone, which a GIS filters as dates and an upload reads
# back as the same "2025-12-08". FlatGeobuf's columns hold a date with a time (GDAL reads a date
# back as "2025-12-08T00:00:00"), so dates stay text there, as in CSV and KML (review 15, F13).
DATE_DRIVERS = {"GPKG", "ESRI Shapefile"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _column_kind(values: list[Any]) -> str:
    present = [value for value in values if value is not None]
    if not present:
        return "text"
    if all(isinstance(v, bool) for v in present):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float"
    if all(isinstance(v, str) for v in present):
        return "text"
    return "json"


def frame(features: list[dict[str, Any]]) -> geopandas.GeoDataFrame:
    """The features as a GeoDataFrame in EPSG:4326: `id`, then each property as a column."""
    names: dict[str, None] = {"id": None}
    for feature in features:
        names.update(dict.fromkeys(feature.get("properties") or {}))
    columns: dict[str, Any] = {}
    for name in names:
        values = [feature["id"] if name == "id" else (feature.get("properties") or {}).get(name)
                  for feature in features]
        kind = _column_kind(values)
        if kind == "json":
            values = [None if v is None else v if isinstance(v, str) else orjson.dumps(v).decode() for v in values]
        elif kind == "float":
            values = [None if v is None else float(v) for v in values]
        # Typed before pandas sees them: whole numbers some features lack stay an integer column
        # (pandas would make them floats around the gaps, and the file a Real field: 120 → 120.0).
        columns[name] = pandas.array(values, dtype=_DTYPES[kind]) if kind in _DTYPES else values
    geometries = [shape(feature["geometry"]) if feature.get("geometry") else None for feature in features]
    return geopandas.GeoDataFrame(columns, geometry=geometries, crs="EPSG:4326")


_DTYPES = {"int": "Int64", "bool": "boolean"}


def table_name(layer_id: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The GeoPackage table of a layer: its id, unless GeoPackage or the dataset's own tables
    take that name (a layer made before such ids were refused: model.clashing_layer_id), then
    `layer-<id>`, numbered on when `taken` (the other tables' names) holds that too."""
    if not clashing_layer_id(layer_id) and layer_id not in taken:
        return layer_id
    name, n = f"layer-{layer_id}", 2
    while name in taken:
        name, n = f"layer-{layer_id}-{n}", n + 1
    return name


def is_iso_date(value: Any) -> bool:
    """Whether a value is a calendar date written as ISO's YYYY-MM-DD (a real day: not 2025-02-30)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:  # 2025-02-30
        return False
    return True


def _date_columns(data: geopandas.GeoDataFrame) -> set[str]:
    """The columns whose every value present is a calendar date written as ISO's YYYY-MM-DD."""
    dates = set()
    for name in data.columns:
        present = data[name].dropna()
        if name not in ("id", "geometry") and not present.empty and all(map(is_iso_date, present)):
            dates.add(name)
    return dates


def _field(column: pandas.Series, date: bool) -> tuple[numpy.ndarray, numpy.ndarray]:
    """A column's values as pyogrio writes them (numpy's days as a Date field), and where they are null."""
    missing = column.isna().to_numpy()
    if date:
        return numpy.array(column.fillna("NaT").tolist(), dtype="datetime64[D]"), missing
    if pandas.api.types.is_numeric_dtype(column.dtype):  # integers, reals and booleans
        return column.to_numpy(dtype=getattr(column.dtype, "numpy_dtype", column.dtype), na_value=0), missing
    return column.to_numpy(dtype=object, na_value=None), missing


def _geometry_type(data: geopandas.GeoDataFrame) -> str:
    """The layer's geometry type: the features' own when they share one, else "Unknown", in
    which each keeps its own (GeoPackage's GEOMETRY): pyogrio would make a layer of Polygons
    and MultiPolygons all MultiPolygons, which upload again as such (review 15, F13). A
    Shapefile's polygon or line file holds either kind as it is."""
    kinds = set(data.geom_type.dropna())
    kind = kinds.pop() if len(kinds) == 1 else "Unknown"
    return f"{kind} Z" if kind != "Unknown" and data.has_z.any() else kind


def _write(data: geopandas.GeoDataFrame, path: Path, fmt: Format, layer: Layer, licence: str, name: str) -> None:
    options: dict[str, Any] = {}
    if fmt.driver == "GPKG":
        name = table_name(name)
        # The table's identifier is the layer's id even when its name is not (GIS programs show it).
        options["layer_options"] = {"IDENTIFIER": layer.id}
        options["layer_metadata"] = {"DESCRIPTION": layer.title, "LICENSE": licence}
        options["dataset_metadata"] = {"LICENSE": licence}
        options["dataset_options"] = GPKG_VERSION
    elif fmt.driver == "FlatGeobuf":
        options["layer_options"] = {"TITLE": layer.title, "DESCRIPTION": licence}
    elif fmt.driver == "LIBKML":
        options["dataset_options"] = {"NAME": layer.title, "DESCRIPTION": licence}
        data = _kml_integers(data)
    elif fmt.driver == "CSV":
        options["layer_options"] = {"GEOMETRY": "AS_WKT", "CREATE_CSVT": "NO"}
        data = data.copy()
        for column in data.columns:
            if column != "geometry" and pandas.api.types.is_bool_dtype(data[column].dtype):
                data[column] = _true_false(data[column])
            elif column != "geometry" and not pandas.api.types.is_numeric_dtype(data[column].dtype):
                data[column] = data[column].map(inert_in_spreadsheets)
    elif fmt.driver == "ESRI Shapefile":
        options["encoding"] = "UTF-8"  # GDAL writes the .cpg that says so
    # pyogrio's raw writer: write_dataframe has no Date fields (pandas holds no days alone).
    dates = _date_columns(data) if fmt.driver in DATE_DRIVERS else set()
    fields = [column for column in data.columns if column != "geometry"]
    values = [_field(data[column], column in dates) for column in fields]
    pyogrio.raw.write(path, data.geometry.to_wkb().to_numpy(), [value for value, _ in values], fields,
                      field_mask=[missing for _, missing in values], layer=name, driver=fmt.driver,
                      geometry_type=_geometry_type(data), crs="EPSG:4326", **options)


def _true_false(column: pandas.Series) -> pandas.Series:
    """A boolean column as the text true and false: GDAL writes a Boolean field in CSV as 1 and
    0, which came back from an upload as numbers; true and false are what GDAL's CSV reader (as
    uploads read it) and spreadsheets take as booleans (review 21b, L1)."""
    return pandas.Series([None if pandas.isna(value) else "true" if value else "false" for value in column],
                         index=column.index, dtype=object)


def _kml_integers(data: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Integer columns whose values fit in 32 bits as 32-bit integers: KML's schema types only
    those (`int`), and GDAL writes a 64-bit column as `string`, so 12 came back as "12" from a
    download uploaded again. Larger values stay as GDAL writes them (text, every digit kept)."""
    data = data.copy()
    for column in data.columns:
        if str(data[column].dtype) != "Int64":
            continue
        values = data[column].dropna()
        if values.empty or (values.min() >= -2 ** 31 and values.max() < 2 ** 31):
            data[column] = data[column].astype("Int32")
    return data


DBF_NAME = 10  # bytes in a dBase field name
DBF_TEXT = 254  # bytes in a dBase text value


def _bytes_cut(text: str, size: int) -> str:
    """`text` cut to at most `size` UTF-8 bytes, at the end of a character."""
    return text.encode()[:size].decode("utf-8", "ignore")


def _for_dbase(data: geopandas.GeoDataFrame) -> tuple[geopandas.GeoDataFrame, list[str]]:
    """Field names cut to 10 UTF-8 bytes and texts to 254 (each at a character's end),
    as dBase requires, done here so that FIELDS.txt can say what was cut and how. A name
    bordermap sets itself that would be cut (`commitments`) is left out: an upload drops it by
    its name, and would keep the cut one as a property of the file's own (review 15, F14)."""
    left_out = [name for name in data.columns if name in RESERVED_PROPERTIES and _bytes_cut(name, DBF_NAME) != name]
    data = data.drop(columns=left_out)
    renamed: dict[str, str] = {}
    for name in data.columns:
        if name == "geometry":
            continue
        # dBase holds 10 bytes of a name: a Khmer or Vietnamese one is cut after its last whole
        # letter within them (GDAL would cut inside a letter, which no reader decodes).
        short, n = _bytes_cut(name, DBF_NAME), 1
        while short in renamed.values():
            n += 1
            short = f"{_bytes_cut(name, DBF_NAME - len(str(n)))}{n}"
        renamed[name] = short
    notes = [f"{short}\t{name}" for name, short in renamed.items()]
    cut: list[str] = []
    data = data.copy()
    def clip(value: Any) -> Any:
        if not isinstance(value, str) or len(value.encode()) <= DBF_TEXT:
            return value
        return value.encode()[:DBF_TEXT].decode("utf-8", "ignore")

    for name in renamed:
        values = list(data[name])
        if any(isinstance(value, str) and len(value.encode()) > DBF_TEXT for value in values):
            cut.append(name)
            data[name] = [clip(value) for value in values]
    data = data.rename(columns=renamed)
    lines = ["Shapefile field\tbordermap property", *notes]
    if left_out:
        lines += ["", f"Left out: {', '.join(left_out)} (bordermap sets it; dBase would cut the name). "
                  "The GeoPackage, FlatGeobuf, CSV and GeoJSON downloads hold it."]
    if cut:
        lines += ["", f"Texts longer than {DBF_TEXT} bytes were cut (dBase holds no more) in: "
                  f"{', '.join(cut)}. The GeoPackage, FlatGeobuf, CSV and GeoJSON downloads hold them whole."]
    return data, lines


SPLIT_NAMED = 20  # features named in FIELDS.txt's note on the ones split; the rest are counted


def _split_note(parts: geopandas.GeoDataFrame) -> list[str]:
    """FIELDS.txt's lines on the features split into records of several files (GeometryCollections,
    `parts` their parts under their ids): uploaded again, each comes back as several features
    (review 21b, L7)."""
    files: dict[str, list[str]] = {}
    for feature_id, kind in zip(parts["id"], parts.geom_type.map(SHAPE_GROUPS), strict=True):
        kinds = files.setdefault(str(feature_id), [])
        if isinstance(kind, str) and kind not in kinds:
            kinds.append(kind)
    named = [f"{feature_id} ({', '.join(kinds)})" for feature_id, kinds in list(files.items())[:SPLIT_NAMED]]
    more = f" and {len(files) - SPLIT_NAMED} more" if len(files) > SPLIT_NAMED else ""
    return ["", "Split: a Shapefile holds one kind of shape per file, so a feature holding several kinds of "
                "geometry (a GeometryCollection) is a record for each part, in the file of the part's kind, "
                f"each record with the feature's id. Split so: {'; '.join(named)}{more}. Uploaded again, such "
                "a feature comes back as one feature per record; the GeoPackage, FlatGeobuf, KML, CSV and "
                "GeoJSON downloads hold it whole."]


def _shapefile_zip(data: geopandas.GeoDataFrame, folder: Path, layer: Layer, licence: str) -> bytes:
    """One Shapefile per shape type (points, lines, polygons...), FIELDS.txt and LICENSE.txt, zipped."""
    data, fields = _for_dbase(data)
    # A GeometryCollection has no shape type: its parts go to their files, under its id.
    collections = data.geom_type == "GeometryCollection"
    if collections.any():
        parts = data[collections].explode(index_parts=False)
        fields += _split_note(parts)
        data = geopandas.GeoDataFrame(
            geopandas.pd.concat([data[~collections], parts]), geometry="geometry", crs=data.crs)
    groups = data.geom_type.map(SHAPE_GROUPS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for group in sorted(set(groups.dropna())):
            name = layer.id if groups.nunique() == 1 else f"{layer.id}-{group}"
            _write(data[groups == group], folder / f"{name}.shp", FORMATS["shp.zip"], layer, licence, name)
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
        archive.writestr("FIELDS.txt", "\n".join(fields) + "\n")
        archive.writestr("LICENSE.txt", licences.text(layer))
    return buffer.getvalue()


def build(store: Store, layer: Layer, fmt_key: str) -> bytes:
    """The bytes of one layer's download in one format (see FORMATS)."""
    fmt = FORMATS[fmt_key]
    data = frame(store.features(layer.id))
    licence = licences.text(layer)
    with tempfile.TemporaryDirectory(prefix="bordermap-download-") as tmp:
        folder = Path(tmp)
        if fmt_key == "shp.zip":
            (folder / "shp").mkdir()
            return _shapefile_zip(data, folder / "shp", layer, licence)
        path = folder / f"{layer.id}{fmt.suffix}"
        _write(data, path, fmt, layer, licence, layer.id)
        return kml_coordinates.on_the_ground(path.read_bytes()) if fmt.driver == "LIBKML" else path.read_bytes()


# Built files, newest last, by (store, layer, format, layer version); at most KEPT_BYTES in all,
# so a few large layers cannot fill the server's memory. Builds run one at a time: parallel
# requests for the same file wait for one build instead of each making it.
KEPT_BYTES = 128 * 1024 * 1024
_kept: "OrderedDict[tuple, bytes]" = OrderedDict()
_kept_lock = threading.Lock()
_build_lock = threading.Lock()


def _cached(key: tuple) -> bytes | None:
    with _kept_lock:
        body = _kept.get(key)
        if body is not None:
            _kept.move_to_end(key)
        return body


def _keep(key: tuple, body: bytes) -> None:
    with _kept_lock:
        _kept[key] = body
        total = sum(len(value) for value in _kept.values())
        while total > KEPT_BYTES and len(_kept) > 1:
            _, dropped = _kept.popitem(last=False)
            total -= len(dropped)


def layer_file(store: Store, layer_id: str, fmt_key: str) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of a layer's download; NotFound for an unknown layer or format."""
    if fmt_key not in FORMATS:
        raise NotFound(f"no download format {fmt_key!r}; there are {', '.join(FORMATS)} and geojson")
    layer = store.layer(layer_id)
    # A weak reference: equal only to one of the same live store, and it does not keep it alive.
    # Built again when the layer's features may have changed, not on any change to the data.
    key = (weakref.ref(store), layer_id, fmt_key, store.layer_version(layer_id))
    body = _cached(key)
    if body is None:
        with _build_lock:
            body = _cached(key)
            if body is None:
                body = build(store, layer, fmt_key)
                _keep(key, body)
    return f"{layer.id}{FORMATS[fmt_key].suffix}", FORMATS[fmt_key].media_type, body
