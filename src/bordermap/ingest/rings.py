"""The repair editors ask for most: a polygon ring whose last position is not its first."""

from __future__ import annotations

from typing import Any

from .problems import Problem, position_text

_POLYGONAL = {"Polygon": 1, "MultiPolygon": 2}


def _close(rings: Any, path: str, problems: list[Problem]) -> None:
    for r, ring in enumerate(rings if isinstance(rings, list) else []):
        if (isinstance(ring, list) and len(ring) >= 3 and all(isinstance(p, list) for p in ring)
                and ring[0] != ring[-1]):
            problems.append(Problem(f"{path}[{r}]", f"ring was not closed (first {position_text(ring[0])}, last "
                                                    f"{position_text(ring[-1])}); closed by repeating its first "
                                                    "position", "warning"))
            ring.append(list(ring[0]))


def _geometry(geometry: Any, path: str, problems: list[Problem]) -> None:
    if not isinstance(geometry, dict):
        return
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        for i, part in enumerate(geometry.get("geometries") or []):
            _geometry(part, f"{path}.geometries[{i}]", problems)
    elif kind in _POLYGONAL:
        coordinates = geometry.get("coordinates")
        if kind == "Polygon":
            _close(coordinates, f"{path}.coordinates", problems)
        else:
            for p, polygon in enumerate(coordinates if isinstance(coordinates, list) else []):
                _close(polygon, f"{path}.coordinates[{p}]", problems)


def close_rings(document: Any) -> list[Problem]:
    """Close every open ring of the document's polygons in place; a warning for each one closed."""
    problems: list[Problem] = []
    if not isinstance(document, dict):
        return problems
    if document.get("type") == "Feature":
        _geometry(document.get("geometry"), "geometry", problems)
    for i, feature in enumerate(document.get("features") or [] if document.get("type") == "FeatureCollection" else []):
        if isinstance(feature, dict):
            _geometry(feature.get("geometry"), f"features[{i}].geometry", problems)
    return problems
