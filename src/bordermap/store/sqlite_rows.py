"""Features as rows of the SQLite store's `features` table, for an import's one INSERT a table:
id, seq, properties and geometry as JSON text, the bounding box; from features one at a time or
held in columns (`FeatureColumns`), the two written alike (tests/test_store_columns.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import orjson

from .base import Feature
from .columns import FeatureColumns


def bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float] | tuple[None, ...]:
    """Bounding box of a GeoJSON geometry, from its positions."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for item in coords:
                walk(item)

    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries", []):
            walk(part.get("coordinates", []))
    else:
        walk(geometry.get("coordinates", []))
    if not xs:
        return (None, None, None, None)
    return (min(xs), min(ys), max(xs), max(ys))


def rows_of(features: Sequence[Feature], ids: list[str], first_seq: int) -> tuple[Iterable[tuple], float | None]:
    """The `features` rows of these features but their layer and revision (which the INSERT
    writes as literals, `_insert_features`): id, seq, properties (with the id the store gave,
    if any) and geometry as JSON text, and the bounding box (the one the plan computed, if
    given); and the widest of the boxes, in degrees (None: none has one)."""
    if isinstance(features, FeatureColumns):
        return _column_rows(features, ids, first_seq)
    dumps = orjson.dumps
    rows = []
    append = rows.append
    for seq, (feature, feature_id) in enumerate(zip(features, ids, strict=True), first_seq):
        properties = feature.get("properties") or {}
        if feature.get("id") is None:
            properties = {**properties, "id": feature_id}
        # The upload pipeline hands geometries over already written (orjson.Fragment): copied as is.
        geometry = feature["geometry"]
        box = feature.get("bbox")
        if box is None or len(box) != 4:
            box = bbox(geometry)
        append((feature_id, seq, dumps(properties).decode(), dumps(geometry).decode(), box[0], box[1], box[2], box[3]))
    return rows, max((row[6] - row[4] for row in rows if row[4] is not None), default=None)


def _column_rows(features: FeatureColumns, ids: list[str], first_seq: int) -> tuple[Iterable[tuple], float | None]:
    """`rows_of` of features held in columns: zipped from them as they are bound, one at a time
    (never 100,000 tuples held at once), the geometries' texts as they are."""
    boxes = features.boxes
    widths = boxes[:, 2] - boxes[:, 0]
    widths = widths[~np.isnan(widths)]  # an empty geometry has no box
    minx, miny, maxx, maxy = boxes.T.tolist()
    seqs = range(first_seq, first_seq + len(ids))
    texts = _property_texts(features.properties, features.ids, ids)
    return (zip(ids, seqs, texts, features.geometries, minx, miny, maxx, maxy, strict=True),
            float(widths.max()) if len(widths) else None)


def _property_texts(properties: list[dict], given: list[str | None], ids: list[str]) -> list[str]:
    """Each feature's properties as JSON text, with the id the store gave it as their last
    member where the file gave none: what `rows_of` writes. When no id needs escaping in JSON
    (those the store numbers never do), the id is written after the properties' own text rather
    than into a copy of each object: 30% of this step on 100,000 points (session 25);
    tests/test_store_columns.py compares the two ways."""
    dumps = orjson.dumps
    joined = "".join(ids)
    if dumps(joined).decode() != f'"{joined}"':  # a quote, a backslash or a control character
        return [dumps(p).decode() if g is not None else dumps({**p, "id": i}).decode()
                for p, g, i in zip(properties, given, ids, strict=True)]
    return [dumps(p).decode() if g is not None
            else '%s,"id":"%s"}' % (dumps(p).decode()[:-1], i) if p and "id" not in p
            else dumps({**p, "id": i}).decode()
            for p, g, i in zip(properties, given, ids, strict=True)]


def insert_features(layer_id: str, revision_id: int) -> str:
    """The INSERT of an import's rows (`rows_of`), its layer and revision written in as literals:
    two bound values fewer a row, 2% of a large import (research 21)."""
    layer = "'" + layer_id.replace("'", "''") + "'"
    return f"INSERT INTO features VALUES (?, {layer}, ?, ?, ?, ?, ?, ?, ?, {int(revision_id)})"
