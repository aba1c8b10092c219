"""An upload's bytes read into features ready to store: parsed, every check run (text, properties,
geometry, positions, declared boxes), reprojected, written as columns, and the warnings.

The step `plan_import` and `check_feature` (pipeline) and each slice of a streamed import
(stream) share; a file's problems are raised at once, in the file's order.
"""

from __future__ import annotations

import re
from operator import is_, itemgetter

import numpy as np
import shapely

from ..errors import TooLarge
from ..store.columns import FeatureColumns
from . import geo, geo_positions, geo_read, geo_write, validate
from .check import check_features
from .crs import crs_from_member, crs_name, is_lonlat, to_lonlat
from .parse import Limits, check_size, duplicate_keys, read_json, to_utf8
from .problems import Problem, raise_for
from .rings import close_rings
from .text import TextRules, may_hold_control_characters

FAR_NAMED = 5  # features far from the region named in the warning


def read_upload(raw: bytes, limits: Limits, crs: str | None, repair: bool, kind: str | None = None):
    """Features ready to store, in columns (geometry written, no id yet), the ids the file gives
    them (None: no id), their geometry types, warnings, CRS; `kind`, the GIS format the GeoJSON
    was read from (formats.kind_of), words the problems for it."""
    check_size(len(raw), limits)
    raw, encoding = to_utf8(raw)
    # Repeated keys are looked for once the fast checks have counted what they can of the
    # document's colons (parse.duplicate_keys), and before any other problem is raised.
    document = read_json(raw, limits, repeated_keys=False)
    closed = close_rings(document) if repair else []  # before the check that refuses open rings
    features, paths, problems = validate.check_document(document)
    if problems or len(features) > limits.max_features:
        raise_for(duplicate_keys(raw, document))
    raise_for(problems)
    if len(features) > limits.max_features:
        raise TooLarge(f"the file holds {len(features):,} features; the limit is {limits.max_features:,}")
    source, found = _source_crs(document, crs)
    problems += found
    rules = TextRules(limits.max_text, may_hold_control_characters(raw))
    checked = check_features(features, paths, limits, rules)
    raise_for(duplicate_keys(raw, document, checked.colons))
    kept, file_ids, props, warnings, found, plain_features, _ = checked
    warnings = closed + warnings
    # Errors in properties wait for the geometries' own, so a file's problems come in one list.
    pending = [problem for problem in problems + found if problem.severity != "warning"]
    if pending and not kept:
        raise_for(pending)
    warnings += [problem for problem in found if problem.severity == "warning"]
    file_paths = paths  # every feature's, for the order of the report
    if len(kept) < len(features):
        features, paths = [features[i] for i in kept], [paths[i] for i in kept]
    # Only the collection can declare a bbox when every feature took the fast path (which takes
    # none with one); else a file that never names a bbox (the common case) is not searched for
    # one. A backslash is looked for first, one byte, which is quick: "\\u" alone took 15 ms of
    # a 19 MB file (research 21).
    if plain_features:
        declared = _declared_boxes(document, [], [])
    else:
        declared = _declared_boxes(document, features, paths) \
            if b"bbox" in raw or (b"\\" in raw and b"\\u" in raw) else []
    read = list(map(itemgetter("geometry"), features))
    geometries, found, dropped_z, plain = geo_read.build_geometries(read, paths)
    built = geometries
    if not (plain & (shapely.get_type_id(geometries) != 0)).any():
        # Points: written from their coordinates (geo_write.to_geojson); keeping a large file's point
        # objects until then made the rest of the import slower (timed in turns, 3 December 2026).
        read = None
    del document, features
    # Each later check looks at the features the earlier ones found sound, and every problem
    # is reported at once: a file is not fixed one kind of mistake per upload.
    errors = [problem for problem in pending + found if problem.severity != "warning"]
    checked, checked_paths = _still_sound(geometries, paths, errors, file_paths)
    positions = int(geo.shapely.get_num_coordinates(checked).sum())
    if positions > limits.max_vertices:
        raise TooLarge(f"the file holds {positions:,} positions; the limit is {limits.max_vertices:,}")
    errors += geo_positions.position_problems(checked, checked_paths, source, kind)
    if not errors:  # a declared bbox is checked against every geometry it covers
        errors += geo_positions.bbox_problems(geometries, declared)
    checked, checked_paths = _still_sound(checked, checked_paths, errors, file_paths)
    checked = to_lonlat(checked, source)
    if not is_lonlat(source):
        errors += geo_positions.position_problems(checked, checked_paths, None)
        checked, checked_paths = _still_sound(checked, checked_paths, errors, file_paths)
    checked, found = geo.as_stored(checked, checked_paths, repair)
    _raise_in_file_order(file_paths, errors + found)
    geometries, kept_paths = checked, paths
    warnings += found
    warnings += geo_positions.antimeridian_problems(geometries, kept_paths)
    if encoding:
        warnings.append(Problem("(file)", f"the file is in {encoding}; it was read as such and its text "
                                          "is kept as UTF-8", "warning"))
    geometries, turned = geo.normalise_winding(geometries)
    if turned:
        warnings.append(Problem("geometry", f"winding order normalised on {turned} feature(s): exterior "
                                            "rings counterclockwise, holes clockwise (RFC 7946)", "warning"))
    if dropped_z:
        warnings.append(Problem("geometry", f"the third coordinate (elevation) was dropped on {dropped_z} "
                                            "feature(s); bordermap keeps longitude and latitude", "warning"))
    outside = geo_positions.outside_region(geometries)
    if len(outside):
        # Named one by one (the first few), as each is most likely a mistake: a wrong CRS or zone.
        named = ", ".join(kept_paths[i] for i in outside[:FAR_NAMED])
        more = f" and {len(outside) - FAR_NAMED} more" if len(outside) > FAR_NAMED else ""
        warnings.append(Problem("geometry", f"{len(outside)} feature(s) lie outside the Cambodia–Viet Nam region "
                                            f"(longitude 102–110, latitude 8–24): {named}{more}; check the "
                                            "coordinates and the CRS (a UTM file needs its zone, e.g. "
                                            "EPSG:32648 for 48N)", "warning"))
    # A geometry that no step changed is written from the file's own object (geo_write.to_geojson).
    unchanged = plain & np.fromiter(map(is_, geometries, built), dtype=bool, count=len(geometries)) \
        if read is not None and len(geometries) == len(built) else None
    shapes, type_ids, boxes = geo_write.to_geojson(geometries, read, unchanged)
    names = geo_write.TYPE_NAMES
    return FeatureColumns(props, shapes, boxes), file_ids, [names[t] for t in type_ids.tolist()], warnings, source


_FEATURE_AT = re.compile(r"^(features\[\d+\]|feature)(?=$|\.)")


def _feature_path(problem: Problem) -> str | None:
    """The path of the feature a problem is about ("features[3]"), None for the whole file."""
    found = _FEATURE_AT.match(problem.path)
    return found.group(1) if found else None


def _still_sound(geometries, checked_paths: list[str], errors: list[Problem], paths: list[str]):
    """The geometries (with their paths) of the features whose geometry no error is about yet,
    for the checks that follow (a feature with only a property's error still has its positions
    checked). Every error is raised at once when none is left, or when one is about the whole
    file (`paths`, all of the file's, put the report in the file's order)."""
    if not errors:
        return geometries, checked_paths
    bad = {_feature_path(problem) for problem in errors if ".properties" not in problem.path}
    keep = [i for i, path in enumerate(checked_paths) if path not in bad]
    if None in bad or not keep:
        _raise_in_file_order(paths, errors)
    if len(keep) == len(checked_paths):
        return geometries, checked_paths
    return geometries[keep], [checked_paths[i] for i in keep]


def _raise_in_file_order(paths: list[str], problems: list[Problem]) -> None:
    """`raise_for` with the problems by the feature they are about, in the file's order (each
    feature's own in the order found), those about the whole file first. A file without error
    (the common case) is not sorted."""
    if all(problem.severity == "warning" for problem in problems):
        return
    where = {path: i for i, path in enumerate(paths)}
    raise_for(sorted(problems, key=lambda problem: where.get(_feature_path(problem), -1)))


def _declared_boxes(document: dict, features: list[dict], paths: list[str]) -> list:
    """Every bbox the file declares, as `geo_positions.bbox_problems` takes them."""
    declared = [("bbox", document["bbox"], None, None)] if document.get("type") == "FeatureCollection" \
        and "bbox" in document else []
    for i, feature in enumerate(features):
        geometry = feature["geometry"]
        if "bbox" in feature:
            declared.append((f"{paths[i]}.bbox", feature["bbox"], i, None))
        if "bbox" in geometry:
            declared.append((f"{paths[i]}.geometry.bbox", geometry["bbox"], i, None))
        for j, part in enumerate(geometry.get("geometries") or ()):
            if "bbox" in part:
                declared.append((f"{paths[i]}.geometry.geometries[{j}].bbox", part["bbox"], i, j))
    return declared


def _source_crs(document: dict, given: str | None) -> tuple[str | None, list[Problem]]:
    """The CRS the user gave or the file declares (both must agree), and the problems found."""
    problems: list[Problem] = []
    chosen = None
    if given and given.strip():
        try:
            chosen = crs_name(given)
        except ValueError as exc:
            problems.append(Problem("crs (given with the upload)", str(exc)))
    declared, found = crs_from_member(document.get("crs"))
    problems += found
    if chosen and declared and chosen != declared:
        problems.append(Problem("crs", f"the file declares {declared} but {chosen} was given with the "
                                       "upload; give only one, or the same"))
    return chosen or declared, problems
