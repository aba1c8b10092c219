"""Geometries as they are stored: rounded to 6 decimals and checked valid there, repaired on
request, rings wound as RFC 7946 asks.

Reading them is in `geo_read`, where their positions lie in `geo_positions`, writing them as
GeoJSON in `geo_write`; the CRS and the reprojection are in `crs`.
"""

from __future__ import annotations

import re

import numpy as np
import shapely

from .problems import Problem

DECIMALS = 6  # about 0.1 m
_REASON = re.compile(r"^(.*?)\[([-+0-9.eE]+) ([-+0-9.eE]+)\]$")


def as_stored(geoms: np.ndarray, paths: list[str], repair: bool) -> tuple[np.ndarray, list[Problem]]:
    """Geometries rounded to 6 decimals, as they will be stored, and checked there.

    A geometry invalid in the file is refused with shapely's reason (or repaired, on request).
    One that only rounding makes invalid (a hole a few centimetres from its shell) keeps as many
    more decimals as it needs to stay valid, and a warning says so.
    """
    result = _round(geoms, DECIMALS)
    # A point stays valid however it is rounded; lines and polygons may not.
    check = np.flatnonzero(~np.isin(shapely.get_type_id(result), (0, 4)))
    bad = check[~shapely.is_valid(result[check])] if len(check) else check
    if not len(bad):
        return result, []
    in_file = bad[~shapely.is_valid(geoms[bad])]
    problems: list[Problem] = []
    if len(in_file):
        fixed, problems = validity(geoms[in_file], [paths[i] for i in in_file], repair)
        geoms = geoms.copy()
        geoms[in_file] = fixed
        if any(p.severity == "error" for p in problems):
            return result, problems
    for i in bad:
        candidate = _round(geoms[i], DECIMALS)
        if shapely.is_valid(candidate):  # a repaired geometry that rounds well
            result[i] = candidate
            continue
        reason = _reason(str(shapely.is_valid_reason(candidate)))
        for decimals in range(DECIMALS + 1, 16):
            candidate = _round(geoms[i], decimals)
            if shapely.is_valid(candidate):
                kept = f"kept {decimals} decimals"
                break
        else:
            candidate, kept = geoms[i], "kept every decimal"
        result[i] = candidate
        problems.append(Problem(paths[i] + ".geometry", f"{kept} instead of {DECIMALS}: rounding to {DECIMALS} "
                                                        f"(about 0.1 m) would make it invalid ({reason})", "warning"))
    return result, problems


def _round(geoms, decimals: int):
    """Geometries with every coordinate rounded to `decimals`, as `_round_each` makes them.

    Only the geometries rounding changes are rebuilt: a file written with 6 decimals or fewer
    (the common case) keeps its geometries, where rebuilding all took a fifth of an import.
    """
    if not isinstance(geoms, np.ndarray):
        return _round_each(geoms, decimals)
    coords = shapely.get_coordinates(geoms)
    moved = np.any(np.round(coords, decimals) != coords, axis=1)
    if not moved.any():
        return geoms.copy()
    owner = np.repeat(np.arange(len(geoms)), shapely.get_num_coordinates(geoms))
    changed = np.unique(owner[moved])
    result = geoms.copy()
    result[changed] = _round_each(geoms[changed], decimals)
    return result


def _round_each(geoms, decimals: int):
    """Every geometry rebuilt with rounded coordinates (the reference `_round` must equal)."""
    return shapely.transform(geoms, lambda coords: np.round(coords, decimals))



def validity(geoms: np.ndarray, paths: list[str], repair: bool) -> tuple[np.ndarray, list[Problem]]:
    """Invalid geometries with shapely's reason and location: errors, or repaired when asked."""
    reasons = shapely.is_valid_reason(geoms)
    bad = np.flatnonzero(reasons != "Valid Geometry")
    problems: list[Problem] = []
    if not len(bad):
        return geoms, problems
    geoms = geoms.copy()
    for i in bad:
        where = paths[i] + ".geometry"
        kind = shapely.get_type_id(geoms[i])
        reason = _reason(str(reasons[i]))
        if not repair:
            problems.append(Problem(where, f"invalid {geoms[i].geom_type}: {reason}; "
                                           "ask for a repair to fix it (--repair, or the repair box)"))
            continue
        polygonal = kind in (3, 6)
        fixed = shapely.make_valid(geoms[i], method="structure" if polygonal else "linework",
                                   **({"keep_collapsed": False} if polygonal else {}))
        if fixed is None or fixed.is_empty:
            problems.append(Problem(where, f"invalid {geoms[i].geom_type}: {reason}; nothing is left after repair"))
            continue
        problems.append(Problem(where, f"repaired ({reason}); now a {fixed.geom_type}", "warning"))
        geoms[i] = fixed
    return geoms, problems


def _reason(text: str) -> str:
    match = _REASON.match(text)
    if not match:
        return text
    return f"{match.group(1)} at [{float(match.group(2)):g}, {float(match.group(3)):g}]"


def normalise_winding(geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """Exterior rings counterclockwise, holes clockwise (RFC 7946 §3.1.6); how many changed."""
    polygonal = np.flatnonzero(np.isin(shapely.get_type_id(geoms), (3, 6, 7)))
    if not len(polygonal):
        return geoms, 0
    oriented = shapely.orient_polygons(geoms[polygonal], exterior_cw=False)
    changed = ~shapely.equals_exact(oriented, geoms[polygonal], tolerance=0.0)
    geoms = geoms.copy()
    geoms[polygonal[changed]] = oriented[changed]  # the others stay the very geometries given
    return geoms, int(changed.sum())
