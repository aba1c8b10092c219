"""The features of a download as a table: each property a typed column (text, integers, reals,
booleans, JSON text), ISO dates found, and values as GDAL writes them.

Apart from the formats (`download_formats`) because the columns are the same whatever the file.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import geopandas
import numpy
import orjson
import pandas
from shapely.geometry import shape

from .ingest.gis_values import FORMULA_STARTS


def inert_in_spreadsheets(value: Any) -> Any:
    """A CSV cell's value that no spreadsheet runs: a text that would begin a formula (`=HYPERLINK(…)`
    sends a cell's neighbours to an address; old Excel ran commands) goes out with a "'" before
    it, which spreadsheets show as text and a CSV uploaded here again takes off (review 21, F8)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


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


def is_iso_date(value: Any) -> bool:
    """Whether a value is a calendar date written as ISO's YYYY-MM-DD (a real day: not 2025-02-30)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:  # 2025-02-30
        return False
    return True


def date_columns(data: geopandas.GeoDataFrame) -> set[str]:
    """The columns whose every value present is a calendar date written as ISO's YYYY-MM-DD."""
    dates = set()
    for name in data.columns:
        present = data[name].dropna()
        if name not in ("id", "geometry") and not present.empty and all(map(is_iso_date, present)):
            dates.add(name)
    return dates


def field_values(column: pandas.Series, date: bool) -> tuple[numpy.ndarray, numpy.ndarray]:
    """A column's values as pyogrio writes them (numpy's days as a Date field), and where they are null."""
    missing = column.isna().to_numpy()
    if date:
        return numpy.array(column.fillna("NaT").tolist(), dtype="datetime64[D]"), missing
    if pandas.api.types.is_numeric_dtype(column.dtype):  # integers, reals and booleans
        return column.to_numpy(dtype=getattr(column.dtype, "numpy_dtype", column.dtype), na_value=0), missing
    return column.to_numpy(dtype=object, na_value=None), missing
