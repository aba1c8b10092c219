"""A GeoPackage's tables, read with SQLite before GDAL lists or reads its layers: a layer or one
of the file's own tables that is a view, or computes a column as it is read, is refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from ..errors import InvalidInput
from .explain import quoted


def refuse_views(path: str, layer: str) -> None:
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


def refuse_computed_contents(path: str) -> None:
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
