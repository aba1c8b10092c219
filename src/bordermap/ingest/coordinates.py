"""The slow, exact check of a geometry's coordinates: every position walked, each level's arrays,
rings closed; run only on geometries the fast builder could not read. Apart from the document's
structure (`validate`), which it follows.
"""

from __future__ import annotations

import math
from typing import Any

from .problems import Problem, describe, is_huge_integer, position_text
from .validate import POSITION_DEPTH


def check_coordinates(geometry: dict, path: str) -> list[Problem]:
    """Walk every position of a geometry (already known to have a valid type): the slow,
    exact check, run only on geometries the fast builder in `geo` could not read."""
    if geometry["type"] == "GeometryCollection":
        problems = []
        for i, part in enumerate(geometry["geometries"]):
            problems += check_coordinates(part, f"{path}.geometries[{i}]")
        return problems
    kind = geometry["type"]
    return _walk(geometry["coordinates"], kind, POSITION_DEPTH[kind], f"{path}.coordinates")


_LEVEL_NAMES = {
    ("MultiPoint", 1): ("positions", 1), ("LineString", 1): ("positions", 2),
    ("MultiLineString", 2): ("LineStrings", 1), ("MultiLineString", 1): ("positions", 2),
    ("Polygon", 2): ("rings", 1), ("Polygon", 1): ("positions", 4),
    ("MultiPolygon", 3): ("Polygons", 1), ("MultiPolygon", 2): ("rings", 1), ("MultiPolygon", 1): ("positions", 4),
}


def _walk(value: Any, kind: str, depth: int, path: str) -> list[Problem]:
    if depth == 0:
        return check_position(value, path)
    what, minimum = _LEVEL_NAMES[(kind, depth)]
    if not isinstance(value, list):
        return [Problem(path, f"expected an array of {what}, got {describe(value)}")]
    if value and all(isinstance(item, (int, float)) for item in value):
        return [Problem(path, f"expected an array of {what}, got a position {describe(value)} "
                              "(a level of nesting is missing)")]
    if len(value) < minimum:
        need = "a ring needs" if minimum == 4 else ("a line needs" if minimum == 2 else "expected")
        return [Problem(path, f"{need} at least {minimum} {what}, got {len(value)}")]
    problems = []
    for i, item in enumerate(value):
        problems += _walk(item, kind, depth - 1, f"{path}[{i}]")
        if len(problems) > 20:
            break
    if minimum == 4 and not problems and value[0] != value[-1]:
        problems.append(Problem(path, f"ring is not closed (first {position_text(value[0])}, "
                                      f"last {position_text(value[-1])})"))
    return problems


def check_position(value: Any, path: str) -> list[Problem]:
    if not isinstance(value, list):
        return [Problem(path, f"expected a position [longitude, latitude], got {describe(value)}")]
    if len(value) not in (2, 3):
        return [Problem(path, f"expected a position of 2 or 3 numbers, got {len(value)} ({describe(value)})")]
    for i, number in enumerate(value):
        if isinstance(number, bool) or not isinstance(number, (int, float)) or is_huge_integer(number):
            return [Problem(f"{path}[{i}]", f"expected a number, got {describe(number)}")]
        if not math.isfinite(number):
            return [Problem(f"{path}[{i}]", f"expected a finite number, got {number}")]
    return []
