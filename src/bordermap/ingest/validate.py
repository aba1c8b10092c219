"""Check GeoJSON structure (RFC 7946): checks return problems, never raise; `problems.raise_for` raises.

The document, its features, their geometries' members, bounding boxes and nesting; the
coordinates are walked in `coordinates`, and problems are written with `problems`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .problems import Problem, describe, is_huge_integer

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                  "MultiPolygon", "GeometryCollection")
# How many arrays enclose a position in each geometry type's coordinates.
POSITION_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
                  "Polygon": 2, "MultiPolygon": 3}


class FeaturePaths(Sequence):
    """The paths of a collection's features, `features[i]`, each written when it is asked for:
    only a feature a problem is about is named, and writing 100,000 of them beforehand took
    1.5% of a large import (research 21)."""

    __slots__ = ("_count",)

    def __init__(self, count: int):
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [f"features[{i}]" for i in range(self._count)[index]]
        return f"features[{range(self._count)[index]}]"  # an index out of range raises as a list's

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (list, FeaturePaths)) and len(other) == self._count and list(self) == list(other)

    __hash__ = None  # as a list's


def check_document(document: Any) -> tuple[list[Any], Sequence[str], list[Problem]]:
    """The features of a Feature or FeatureCollection, their paths, and structural problems."""
    if not isinstance(document, dict):
        return [], [], [Problem("(top level)", f"expected a GeoJSON object, got {describe(document)}")]
    kind = document.get("type")
    if kind == "Feature":
        # A lone Feature is the whole file: its crs member (GeoJSON 2008) is the file's.
        return [{key: value for key, value in document.items() if key != "crs"}], ["feature"], []
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            got = "nothing" if "features" not in document else describe(features)
            return [], [], [Problem("features", f"expected an array of Features, got {got}")]
        if not features:
            return [], [], [Problem("features", "expected at least one Feature, got an empty array")]
        problems = forbidden_members(document, "", "a FeatureCollection", _NOT_ON_COLLECTION)
        if "bbox" in document:
            problems += check_bbox(document["bbox"], "bbox")
        return features, FeaturePaths(len(features)), problems
    if kind in GEOMETRY_TYPES:
        return [], [], [Problem("type", f'expected "Feature" or "FeatureCollection", got "{kind}" '
                                        "(a bare geometry: wrap it in a Feature with properties)")]
    return [], [], [Problem("type", f'expected "Feature" or "FeatureCollection", got {describe(kind)}'
                                    + _case_hint(kind, ("Feature", "FeatureCollection")))]


def _case_hint(value: Any, names: tuple[str, ...]) -> str:
    if isinstance(value, str):
        for name in names:
            if value.lower() == name.lower() and value != name:
                return f' (types are case-sensitive: write "{name}")'
    return ""


SIMPLE_GEOMETRIES = frozenset(POSITION_DEPTH)
_CONTAINERS = (dict, list)
# Names that RFC 7946 §7.1 reserves for other kinds of object.
NOT_ON_FEATURE = frozenset(("coordinates", "geometries", "features"))
_NOT_ON_COLLECTION = ("coordinates", "geometries", "geometry", "properties")
_NOT_ON_GEOMETRY = ("geometry", "properties", "features")
# Members that send a feature down the slow, exact path.
SLOW_FEATURE_MEMBERS = NOT_ON_FEATURE | {"crs", "bbox"}
PLAIN_GEOMETRY_MEMBERS = frozenset(("type", "coordinates"))


def forbidden_members(value: dict, path: str, what: str, names) -> list[Problem]:
    """Members RFC 7946 §7.1 forbids on this kind of object, each with what to do."""
    return [Problem(f"{path}.{name}" if path else name,
                    f'{what} must not have a "{name}" member (RFC 7946 §7.1); remove or rename it')
            for name in names if name in value]


def check_bbox(value: Any, path: str) -> list[Problem]:
    """A bbox member: [west, south, east, north], or with elevations [w, s, low, e, n, high]
    (RFC 7946 §5); west may exceed east across the antimeridian. Whether it contains its
    geometry is checked once the coordinates are read."""
    shape = "an array [west, south, east, north] (or 6 numbers with elevations)"
    if type(value) is not list:
        return [Problem(path, f"expected {shape}, got {describe(value)}")]
    if len(value) not in (4, 6):
        return [Problem(path, f"expected {shape}, got {len(value)} item(s)")]
    for i, number in enumerate(value):
        if type(number) not in (int, float) or is_huge_integer(number) or not math.isfinite(number):
            return [Problem(f"{path}[{i}]", f"expected a number, got {describe(number)}")]
    half = len(value) // 2
    if value[1] > value[half + 1]:
        return [Problem(path, f"south ({value[1]:g}) is greater than north ({value[half + 1]:g}); "
                              "expected [west, south, east, north]")]
    if half == 3 and value[2] > value[5]:
        return [Problem(path, f"the lowest elevation ({value[2]:g}) is greater than the highest ({value[5]:g})")]
    return []


def check_feature(feature: Any, path: str) -> list[Problem]:
    """Members of one Feature (not its coordinates, which `check_coordinates` walks)."""
    geometry = feature.get("geometry") if type(feature) is dict else None
    if (type(geometry) is dict and feature.get("type") == "Feature" and geometry.get("type") in SIMPLE_GEOMETRIES
            and geometry.keys() == PLAIN_GEOMETRY_MEMBERS and type(feature.get("properties", 0)) is dict
            and type(feature.get("id", "")) in (str, int) and not SLOW_FEATURE_MEMBERS & feature.keys()):
        return []  # the common, sound case, checked in one expression
    if not isinstance(feature, dict):
        return [Problem(path, f"expected a Feature object, got {describe(feature)}")]
    problems = []
    kind = feature.get("type")
    if kind != "Feature":
        got = "nothing" if "type" not in feature else describe(kind)
        problems.append(Problem(f"{path}.type", f'expected "Feature", got {got}' + _case_hint(kind, ("Feature",))))
    if "id" in feature and (isinstance(feature["id"], bool) or not isinstance(feature["id"], (str, int, float))):
        problems.append(Problem(f"{path}.id", f"expected a string or a number, got {describe(feature['id'])}"))
    if "properties" not in feature:
        problems.append(Problem(f"{path}.properties",
                                "expected an object or null, got nothing (the member is required)"))
    elif feature["properties"] is not None and not isinstance(feature["properties"], dict):
        problems.append(Problem(f"{path}.properties",
                                f"expected an object or null, got {describe(feature['properties'])}"))
    if "crs" in feature:
        problems.append(Problem(f"{path}.crs", "a crs member on a feature is not supported; declare it once "
                                               "on the FeatureCollection or give the CRS with the upload"))
    problems += forbidden_members(feature, path, "a Feature", sorted(NOT_ON_FEATURE))
    if "bbox" in feature:
        problems += check_bbox(feature["bbox"], f"{path}.bbox")
    if "geometry" not in feature:
        problems.append(Problem(f"{path}.geometry", "expected a geometry object, got nothing (the member is required)"))
    elif feature["geometry"] is None:
        problems.append(Problem(f"{path}.geometry", "expected a geometry object, got null "
                                                    "(a feature without a location cannot be drawn)"))
    else:
        problems += check_geometry_members(feature["geometry"], f"{path}.geometry")
    return problems


def check_geometry_members(geometry: Any, path: str, nested: bool = False) -> list[Problem]:
    """Type and members of a geometry; the coordinates are checked elsewhere."""
    if not isinstance(geometry, dict):
        return [Problem(path, f"expected a geometry object, got {describe(geometry)}")]
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        got = "nothing" if "type" not in geometry else describe(kind)
        return [Problem(f"{path}.type", f"expected one of {', '.join(GEOMETRY_TYPES)}, got {got}"
                        + _case_hint(kind, GEOMETRY_TYPES))]
    problems = forbidden_members(geometry, path, "a geometry", _NOT_ON_GEOMETRY)
    if "bbox" in geometry:
        problems += check_bbox(geometry["bbox"], f"{path}.bbox")
    if problems:
        return problems
    if kind == "GeometryCollection":
        if nested:
            return [Problem(path, "expected a geometry inside a GeometryCollection, got another "
                                  "GeometryCollection (nesting them is not supported)")]
        parts = geometry.get("geometries")
        if not isinstance(parts, list) or not parts:
            got = "nothing" if "geometries" not in geometry else describe(parts)
            return [Problem(f"{path}.geometries", f"expected a non-empty array of geometries, got {got}")]
        problems = []
        for i, part in enumerate(parts):
            problems += check_geometry_members(part, f"{path}.geometries[{i}]", nested=True)
        return problems
    if "coordinates" not in geometry:
        return [Problem(f"{path}.coordinates", f"expected the coordinates of a {kind}, got nothing")]
    return []


def depth_problems(feature: dict, path: str, max_depth: int) -> list[Problem]:
    """Nesting deeper than `max_depth` outside the coordinates (whose depth the type fixes),
    foreign members of the geometry included."""
    base = 3 if path.startswith("features[") else 1  # collection, its array, the feature
    geometry = feature.get("geometry")
    plain = type(geometry) is not dict or geometry.keys() <= PLAIN_GEOMETRY_MEMBERS
    if plain and len(feature) <= 4 and \
            not any(type(v) in _CONTAINERS for v in (feature.get("properties") or {}).values()):
        return []  # properties of plain values: the depth is fixed
    roots = [(value, f"{path}.{key}", base + 1) for key, value in feature.items() if key != "geometry"]
    if type(geometry) is dict:
        roots += _geometry_members(geometry, f"{path}.geometry", base + 2)
    if not any(type(value) in _CONTAINERS and _depth(value, max_depth - depth + 1) > max_depth - depth + 1
               for value, _, depth in roots):
        return []
    stack = roots
    while stack:
        value, where, depth = stack.pop()
        if depth > max_depth:
            return [Problem(where, f"expected nesting of at most {max_depth} levels, got more")]
        if isinstance(value, dict):
            stack.extend((item, f"{where}.{key}", depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value))
    return []


def _geometry_members(geometry: dict, path: str, depth: int) -> list[tuple[Any, str, int]]:
    """The members of a geometry but its coordinates, with their paths and depths."""
    roots = []
    for key, value in geometry.items():
        if key == "geometries" and type(value) is list:
            for i, part in enumerate(value):
                if type(part) is dict:
                    roots += _geometry_members(part, f"{path}.geometries[{i}]", depth + 2)
                else:
                    roots.append((part, f"{path}.geometries[{i}]", depth + 1))
        elif key != "coordinates":
            roots.append((value, f"{path}.{key}", depth))
    return roots


def _depth(value: Any, limit: int) -> int:
    """Levels of arrays and objects in `value` (counting `value`), up to limit + 1."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        items = node.values() if type(node) is dict else node
        stack.extend((item, depth + 1) for item in items if type(item) in (dict, list))
    return deepest
