"""A CSV upload's coordinate and name columns: which ones GDAL reads, and the rows it could not place.

GDAL's CSV driver takes the geometry from the columns named in `options` (lon/lat, x/y or WKT).
A row whose longitude or latitude is not a number gets no geometry, which the checks would
report as "feature 3, geometry: expected a geometry object, got null": a spreadsheet user looks
for a row and a column instead. The problems here name the row as a spreadsheet counts it (the
header is row 1, blank lines count), the row's name, the column as the file calls it, and the
value that is not a number.

A file with no `name` column whose name column is headed in another way (`Name`, `NAME`, the
Vietnamese `Tên`, the Khmer `ឈ្មោះ`) has it read as `name`, as a KML file's `Name` is: the map
titles a feature by its `name` (review 21b, L3). GDAL renames it (its OGR_SCHEMA open option, GDAL
3.11 and later) and reads it as text, as a name is.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
import warnings

import pyogrio

from .explain import NAME_LIMIT, quoted, shown
from .problems import Problem

# Searched in this order, without regard to case; the first name the file has is the column read.
# Vietnamese and Khmer spreadsheets head them in their own words (review 15, F11): kinh độ / vĩ
# độ, រយៈបណ្តោយ / រយៈទទឹង (the subscript ត or ដ both written), with or without accents.
X_NAMES = ("lon", "longitude", "lng", "long", "x", "kinh độ", "kinh do", "kinh_do", "kinhdo",
           "រយៈបណ្តោយ", "រយៈបណ្ដោយ")
Y_NAMES = ("lat", "latitude", "y", "vĩ độ", "vi do", "vi_do", "vido", "រយៈទទឹង")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom")
# Read as `name` when the file has no column of that exact name (tên, ten: Vietnamese; ឈ្មោះ: Khmer).
NAME_NAMES = ("name", "tên", "ten", "ឈ្មោះ")
RENAMES = pyogrio.__gdal_version__ >= (3, 11, 0)  # GDAL's OGR_SCHEMA open option
BASE_OPTIONS = {"KEEP_GEOM_COLUMNS": "NO", "AUTODETECT_TYPE": "YES", "EMPTY_STRING_AS_NULL": "YES"}
WKT_EXAMPLE = "POINT (105.9 11.2)"


def _first(fields: list[str], names: tuple[str, ...]) -> str | None:
    # The first of equal names wins; a name is compared in its composed form (NFC), as a
    # spreadsheet may write "độ" as "đ", "o", a circumflex and a dot.
    folded = {unicodedata.normalize("NFC", field.strip()).lower(): field for field in reversed(fields)}
    return next((folded[name] for name in names if name in folded), None)


def columns(path: str) -> dict[str, str | None]:
    """The file's longitude, latitude and WKT columns ("x", "y", "wkt"), and the column read as
    `name` ("name": None when the file has one so called, or none), as the file names them."""
    fields = [str(field) for field in pyogrio.read_info(path)["fields"]]
    found = {"x": _first(fields, X_NAMES), "y": _first(fields, Y_NAMES), "wkt": _first(fields, WKT_NAMES)}
    roles = set(found.values())
    named = None if "name" in fields else _first([f for f in fields if f not in roles], NAME_NAMES)
    return {**found, "name": named if RENAMES else None}


def options(found: dict[str, str | None]) -> dict[str, str]:
    """GDAL's options to read the CSV, naming one column for each role: given every possible name,
    GDAL 3.12 crashes (segmentation fault) on a file with two longitude columns, "x" and "lon"."""
    chosen = {**BASE_OPTIONS,
              "X_POSSIBLE_NAMES": found["x"] or ",".join(X_NAMES),
              "Y_POSSIBLE_NAMES": found["y"] or ",".join(Y_NAMES),
              "GEOM_POSSIBLE_NAMES": found["wkt"] or ",".join(WKT_NAMES)}
    if found.get("name"):
        chosen["OGR_SCHEMA"] = json.dumps({"layers": [{"name": "*", "schemaType": "Patch", "fields": [
            {"name": found["name"], "newName": "name", "type": "String"}]}]}, ensure_ascii=False)
    return chosen


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Each record of a CSV that is not blank, with its spreadsheet row (the header is row 1,
    blank lines count), the header first; [] when Python's csv module cannot read it."""
    header = text.split("\n", 1)[0]
    delimiter = next((d for d in ",;\t|" if d in header), ",")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [(n, record) for n, record in enumerate(reader, 1) if any(cell.strip() for cell in record)]
    except csv.Error:
        return []


def _rows(raw: bytes, records: int) -> list[int]:
    """The spreadsheet row of each of GDAL's records (which skips blank lines); counted from the
    records alone when Python's reading of the file does not agree with GDAL's."""
    rows = [n for n, _ in _records(raw.decode("utf-8-sig", "replace"))][1:]
    return rows if len(rows) == records else list(range(2, records + 2))


def rows_and_names(raw: bytes) -> tuple[list[int], list[str | None]]:
    """For naming a CSV's features in a problem as a spreadsheet user looks for them (review
    21b, L4): each record's row and its name (None where it has none, or where the text is in a
    code page, whose names the upload's encoding decides). The name is the column read as
    `name` (`columns`): `name` itself, else the first of NAME_NAMES the header has."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, named = raw.decode("utf-16", "replace"), True
    else:
        try:
            text, named = raw.decode("utf-8-sig"), True
        except UnicodeDecodeError:  # a code page: its delimiters and line breaks are ASCII
            text, named = raw.decode("latin-1"), False
    records = _records(text)
    if not records:
        return [], []
    header = [field.strip() for field in records[0][1]]
    column = header.index("name") if "name" in header else None
    if column is None and (other := _first(header, NAME_NAMES)) is not None:
        column = header.index(other)
    names = [(record[column].strip() or None) if named and column is not None and column < len(record) else None
             for _, record in records[1:]]
    return [n for n, _ in records[1:]], names


def _number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def row_problems(path: str, raw: bytes, found: dict[str, str | None], unplaced: list[int]) -> list[Problem]:
    """A problem for each unplaced record (by index from 0) whose coordinates are not numbers or
    whose WKT is not a geometry, naming its row, its name, the column and the value."""
    lonlat = found["x"] is not None and found["y"] is not None
    wanted = [found["x"], found["y"]] if lonlat else [found["wkt"]] if found["wkt"] else []
    if not wanted or not unplaced:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL's warnings about the values are what this reports
        meta, _, _, values = pyogrio.raw.read(path, read_geometry=False, AUTODETECT_TYPE="NO",
                                              EMPTY_STRING_AS_NULL="NO")
    fields = [str(field) for field in meta["fields"]]
    table = {field: column.tolist() for field, column in zip(fields, values, strict=True)}
    count = len(table[wanted[0]])
    names = table.get(found.get("name") or "name") or [None] * count
    rows = _rows(raw, count)
    problems = []
    for index in unplaced:
        name = (names[index] or "").strip()
        where = f"row {rows[index]}" + (f" ({shown(name[:NAME_LIMIT])}{'…' if len(name) > NAME_LIMIT else ''})"
                                        if name else "")
        for column in wanted:
            value = (table[column][index] or "").strip()
            if not value:
                expected = "a number" if lonlat else f"a geometry in WKT, such as {WKT_EXAMPLE}"
                problems.append(Problem(where, f"{column} is empty; expected {expected}"))
            elif lonlat and not _number(value):
                problems.append(Problem(where, f"{column} is {quoted(value)}, not a number"))
            elif not lonlat:
                problems.append(Problem(where, f"{column} is {quoted(value)}, not a geometry in WKT "
                                               f"(such as {WKT_EXAMPLE})"))
    return problems
