"""The download formats and how a table is written in each with pyogrio (GDAL): the licence where
the format has a place for it, a GeoPackage table's name, KML's integers, CSV's booleans and cells.

Apart from the Shapefile's own rules (`download_shapefile`) and the columns (`download_columns`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas
import pandas
import pyogrio

from .download_columns import date_columns, field_values, inert_in_spreadsheets
from .model import Layer, clashing_layer_id


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
# GeoPackage 1.2, not GDAL's newest (1.4): Debian 12's GDAL 3.6, and the QGIS built on it, warn
# that 1.4 "may only be partially supported"; 1.2 holds all the downloads need (review 12, N7).
GPKG_VERSION = {"VERSION": "1.2"}
# Formats with fields that hold a date alone, which a GIS filters as dates and an upload reads
# back as the same "2025-12-08". FlatGeobuf's columns hold a date with a time (GDAL reads a date
# back as "2025-12-08T00:00:00"), so dates stay text there, as in CSV and KML (review 15, F13).
DATE_DRIVERS = {"GPKG", "ESRI Shapefile"}


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


def _geometry_type(data: geopandas.GeoDataFrame) -> str:
    """The layer's geometry type: the features' own when they share one, else "Unknown", in
    which each keeps its own (GeoPackage's GEOMETRY): pyogrio would make a layer of Polygons
    and MultiPolygons all MultiPolygons, which upload again as such (review 15, F13). A
    Shapefile's polygon or line file holds either kind as it is."""
    kinds = set(data.geom_type.dropna())
    kind = kinds.pop() if len(kinds) == 1 else "Unknown"
    return f"{kind} Z" if kind != "Unknown" and data.has_z.any() else kind


def write(data: geopandas.GeoDataFrame, path: Path, fmt: Format, layer: Layer, licence: str, name: str) -> None:
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
    dates = date_columns(data) if fmt.driver in DATE_DRIVERS else set()
    fields = [column for column in data.columns if column != "geometry"]
    values = [field_values(data[column], column in dates) for column in fields]
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
