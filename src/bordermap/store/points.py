"""`Store.layer_points` and `Store.layer_properties` for each backend: a layer's positions, or
its features' properties, a chunk of rows at a time.

The stored geometry is JSON text; each row's is decoded on its own (a Point's coordinates by
the database, when it can give them as exact doubles), so a layer of a million points is never
held whole.
"""

from __future__ import annotations

from contextlib import contextmanager
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
    """SQLiteStore's `layer_points` and `layer_properties` (it provides `_read`)."""

    def _layer_rows(self, layer_id: str, column: str, chunk: int) -> Iterator[list[tuple[str, str]]]:
        """(id, `column`) of the layer's features in its order, `chunk` rows a list, read in one
        snapshot; NotFound for an unknown layer. `column` is one of ours, never the caller's."""
        with self._read() as db:
            if db.execute("SELECT 1 FROM layers WHERE id = ?", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            cursor = db.cursor()
            cursor.row_factory = None
            cursor.arraysize = chunk
            cursor.execute(f"SELECT id, {column} FROM features WHERE layer_id = ? ORDER BY seq", (layer_id,))
            while batch := cursor.fetchmany(chunk):
                yield batch

    def layer_points(self, layer_id: str, chunk: int = 65536) -> Iterator[list[Position]]:
        rows = (row for batch in self._layer_rows(layer_id, "geometry", chunk) for row in batch)
        yield from _chunks(rows, chunk, orjson.loads)

    def layer_properties(self, layer_id: str, chunk: int = 65536) -> Iterator[list[tuple[str, str]]]:
        yield from self._layer_rows(layer_id, "properties", chunk)


class PostGISPoints:
    """PostGISStore's `layer_points` and `layer_properties` (it provides `_connection`): a
    server-side cursor in one read-only REPEATABLE READ transaction; PostgreSQL reads a Point's
    two numbers itself."""

    @contextmanager
    def _layer_cursor(self, layer_id: str, name: str, chunk: int) -> Iterator[Any]:
        """A server-side cursor named `name`, `chunk` rows a fetch, in a read-only snapshot
        where the layer is known to be (NotFound otherwise)."""
        with self._connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if conn.execute("SELECT 1 FROM layers WHERE id = %s", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            with conn.cursor(name=name) as cursor:
                cursor.itersize = chunk
                yield cursor

    def layer_points(self, layer_id: str, chunk: int = 65536) -> Iterator[list[Position]]:
        with self._layer_cursor(layer_id, "bordermap_layer_points", chunk) as cursor:
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
        with self._layer_cursor(layer_id, "bordermap_layer_properties", chunk) as cursor:
            cursor.execute("SELECT id, properties::text FROM features WHERE layer_id = %s ORDER BY seq", (layer_id,))
            while batch := cursor.fetchmany(chunk):
                yield [tuple(row) for row in batch]
