"""`Store.layer_points` and `Store.layer_properties` for each backend: a layer's positions, or
its features' properties, a chunk of rows at a time.

The stored geometry is JSON text; each row's is decoded on its own (a Point's coordinates by
the database, when it can give them as exact doubles), so a layer of a million points is never
held whole.
"""

from __future__ import annotations

from typing import Any, Iterator

import orjson

from ..errors import NotFound

Position = tuple[str, Any, Any]


def _positions(feature_id: str, geometry: Any) -> list[Position]:
    """(id, lon, lat) for each position of a Point or MultiPoint; (id, None, None) otherwise."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if kind else None
    if kind == "Point" and coordinates:
        return [(feature_id, float(coordinates[0]), float(coordinates[1]))]
    if kind == "MultiPoint" and coordinates:
        return [(feature_id, float(c[0]), float(c[1])) for c in coordinates if c]
    return [(feature_id, None, None)]


def _chunks(rows: Iterator[tuple[str, Any]], chunk: int, decode) -> Iterator[list[Position]]:
    out: list[Position] = []
    for feature_id, geometry in rows:
        out.extend(_positions(feature_id, decode(geometry)))
        if len(out) >= chunk:
            yield out
            out = []
    if out:
        yield out


class SQLitePoints:
    """SQLiteStore's `layer_points` (it provides `_read`)."""

    def layer_points(self, layer_id: str, chunk: int = 65536) -> Iterator[list[Position]]:
        with self._read() as db:
            if db.execute("SELECT 1 FROM layers WHERE id = ?", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            cursor = db.cursor()
            cursor.row_factory = None
            cursor.arraysize = chunk
            cursor.execute("SELECT id, geometry FROM features WHERE layer_id = ? ORDER BY seq", (layer_id,))

            def rows():
                while batch := cursor.fetchmany(chunk):
                    yield from batch

            yield from _chunks(rows(), chunk, orjson.loads)

    def layer_properties(self, layer_id: str, chunk: int = 65536) -> Iterator[list[tuple[str, str]]]:
        with self._read() as db:
            if db.execute("SELECT 1 FROM layers WHERE id = ?", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            cursor = db.cursor()
            cursor.row_factory = None
            cursor.arraysize = chunk
            cursor.execute("SELECT id, properties FROM features WHERE layer_id = ? ORDER BY seq", (layer_id,))
            while batch := cursor.fetchmany(chunk):
                yield batch


class PostGISPoints:
    """PostGISStore's `layer_points` (it provides `_connection`): a server-side cursor in one
    read-only REPEATABLE READ transaction; PostgreSQL reads a Point's two numbers itself."""

    def layer_points(self, layer_id: str, chunk: int = 65536) -> Iterator[list[Position]]:
        with self._connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if conn.execute("SELECT 1 FROM layers WHERE id = %s", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            with conn.cursor(name="bordermap_layer_points") as cursor:
                cursor.itersize = chunk
                # float8 from the coordinate's text is the double nearest to it, as a GeoJSON
                # reader gets; a geometry other than a Point is handed over as text.
                cursor.execute(
                    "SELECT id, CASE WHEN p THEN (geometry->'coordinates'->>0)::float8 END,"
                    " CASE WHEN p THEN (geometry->'coordinates'->>1)::float8 END,"
                    " CASE WHEN p THEN NULL ELSE geometry::text END"
                    " FROM (SELECT id, seq, geometry, json_typeof(geometry) = 'object' AND geometry->>'type' = 'Point'"
                    " AND json_typeof(geometry->'coordinates'->0) = 'number' AS p"
                    " FROM features WHERE layer_id = %s) f ORDER BY seq", (layer_id,))
                out: list[Position] = []
                while batch := cursor.fetchmany(chunk):
                    for feature_id, lon, lat, other in batch:
                        if other is None and lon is not None and lat is not None:
                            out.append((feature_id, lon, lat))
                        else:
                            out.extend(_positions(feature_id, orjson.loads(other) if other else None))
                    if len(out) >= chunk:
                        yield out
                        out = []
                if out:
                    yield out

    def layer_properties(self, layer_id: str, chunk: int = 65536) -> Iterator[list[tuple[str, str]]]:
        with self._connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if conn.execute("SELECT 1 FROM layers WHERE id = %s", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            with conn.cursor(name="bordermap_layer_properties") as cursor:
                cursor.itersize = chunk
                cursor.execute("SELECT id, properties::text FROM features WHERE layer_id = %s ORDER BY seq",
                               (layer_id,))
                while batch := cursor.fetchmany(chunk):
                    yield [tuple(row) for row in batch]
