"""Values of bordermap's own properties as GIS formats hold them, read back as bordermap writes
them: a download taken into a GIS and uploaded again is not refused for columns nobody touched.

A GIS format has no arrays and few types, so the downloads (`bordermap.downloads`) write
`sources` as JSON text, and KML keeps numbers as text. CSV downloads write booleans as true and
false, which GDAL's CSV reader takes as booleans in any column; those made before review 21b
wrote 1 and 0, which are read back for bordermap's own booleans only (in a file of the user's, a
column of 1 and 0 is numbers). A value that does not read back is left as it is, for the
properties' checks to name. `column_values` first takes a column GDAL read as JSON values of the
field's type.
"""

from __future__ import annotations

import math
from typing import Any

import numpy
import orjson

from .properties import BOOLEAN_PROPERTIES, JSON_PROPERTIES, NUMBER_PROPERTIES

_TRUE = {1, "1", "true", "True", "TRUE"}
_FALSE = {0, "0", "false", "False", "FALSE"}


# What a spreadsheet takes as the start of a formula: bordermap's CSV downloads write such a text
# with a "'" before it (download_columns.inert_in_spreadsheets), which a CSV upload takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formulas_unquoted(table: list[list[Any]]) -> list[list[Any]]:
    """A CSV file's text columns with the "'" bordermap's downloads put before a formula's start
    taken off ("'=SUM(A1)" reads "=SUM(A1)"); other text as written."""
    return [[value[1:] if type(value) is str and value[:1] == "'" and value[1:].startswith(FORMULA_STARTS) else value
             for value in column] for column in table]


def read_back(names: list[str], table: list[list[Any]]) -> list[list[Any]]:
    """The columns of `table` (one per name in `names`), the values of bordermap's own
    properties read back to their type where they read back."""
    return [_column(name, column) for name, column in zip(names, table, strict=True)]


def _column(name: str, column: list[Any]) -> list[Any]:
    if name in BOOLEAN_PROPERTIES:
        return [True if type(value) is not bool and value in _TRUE else
                False if type(value) is not bool and value in _FALSE else value for value in column]
    if name in NUMBER_PROPERTIES:
        return [value if type(value) is not str else _read(_number(value), value) for value in column]
    if name in JSON_PROPERTIES:
        return [value if type(value) is not str else _read(_json(value), value) for value in column]
    return column


def _read(read: Any, value: Any) -> Any:
    return value if read is None else read


def _number(text: str) -> int | float | None:
    """A number written as text ("3000", "12.5"), as JSON would have it; None for other text."""
    try:
        number = float(text.strip())
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


def _json(text: str) -> list | dict | None:
    """An array or object written as JSON text; None for other text."""
    if not text.lstrip().startswith(("[", "{")):
        return None
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, (list, dict)) else None


def column_values(array: Any, ogr_type: str, subtype: str) -> list[Any]:
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
