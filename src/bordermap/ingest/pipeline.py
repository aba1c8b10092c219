"""The one import pipeline: parse → validate → reproject → plan (nothing stored) → store.

The web page, the API and the `bordermap import` command all call `plan_import` and then,
unless it is a dry run, `run_import`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from operator import is_, itemgetter
from typing import Any, Callable, Iterable

import numpy as np
import shapely

from ..errors import InvalidInput, TooLarge
from ..model import Layer, Revision
from ..store import Store
from ..store.columns import FeatureColumns
from . import formats, geo, geo_positions, geo_read, geo_write, not_maps, sequence, text_encodings, validate
from .check import check_features
from .crs import crs_from_member, crs_name, crs_title, is_lonlat, to_lonlat
from .ids import already_in_layer, settle_ids
from .parse import Limits, check_size, duplicate_keys, gc_paused, read_json, to_utf8
from .precision import editor_precision, give_precision
from .problems import Problem, raise_for
from .rings import close_rings
from .targets import earlier_import, import_key, imported_before, layer_target, target_and_links
from .text import AUTHOR, FILENAME, SUMMARY, TextRules, may_hold_control_characters, text_problems

DEFAULT_LIMITS = Limits()


@dataclass
class ImportPlan:
    """What an import would add, and the report about it; nothing is stored yet."""

    layer_id: str
    new_layer: Layer | None
    features: FeatureColumns  # a sequence of GeoJSON Features, held as columns (store/columns)
    warnings: list[Problem] = field(default_factory=list)
    source_crs: str | None = None
    file_sha256: str = ""
    filename: str = "upload.geojson"
    source_layer: str | None = None  # the layer read of a file that holds several
    source_layers: list[dict] = field(default_factory=list)  # then, the layers it offers (formats.to_geojson)
    links: list[str] = field(default_factory=list)
    repair: bool = False
    geometry_types: list[str] = field(default_factory=list)  # one per feature
    location_precision: str = ""  # the editor's, for features whose file gives none ("": unknown)
    precision_m: float | None = None
    precision_given: int = 0  # features that took the editor's location_precision
    earlier_import: Revision | None = None  # the revision that imported this very file into this layer
    kind: str = ""  # the target layer's kind, which every feature without one takes

    @property
    def import_key(self) -> str:
        """What the store keeps to know this import again (`import_key`)."""
        return import_key(self.file_sha256, self.source_layer)

    @property
    def summary(self) -> str:
        return f"imported {len(self.features)} feature(s) from {self.filename} into {self.layer_id}"

    def report(self, preview: int = 20) -> dict[str, Any]:
        """The report shown before and after an import (JSON-ready)."""
        types = Counter(self.geometry_types)
        kept = len(self.features.given_ids())
        return {
            "layer": self.layer_id,
            "new_layer": self.new_layer.to_dict() if self.new_layer else None,
            "file": self.filename,
            "file_sha256": self.file_sha256,
            "features": len(self.features),
            "geometry_types": dict(sorted(types.items())),
            "source_crs": crs_title(self.source_crs) if self.source_crs else "longitude/latitude (EPSG:4326)",
            "reprojected": not is_lonlat(self.source_crs),
            "ids_kept": kept,
            "ids_to_assign": len(self.features) - kept,
            "links": self.links,
            "location_precision": self.location_precision or None,
            "precision_m": self.precision_m,
            "features_given_precision": self.precision_given,
            "warnings": [str(w) for w in self.warnings],
            "preview": [
                {"id": f.get("id"), "geometry": kind, "bbox": f["bbox"], "properties": f["properties"]}
                for f, kind in zip(self.features[:preview], self.geometry_types, strict=False)
            ],
        }


def plan_import(
    raw: bytes,
    *,
    layer: str = "",
    new_layer: Layer | None = None,
    crs: str | None = None,
    repair: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    links: Iterable[str] = (),
    store: Store | None = None,
    filename: str = "upload.geojson",
    source_layer: str | None = None,
    location_precision: str | None = None,
    precision_m: Any = None,
    encoding: str | None = None,
) -> ImportPlan:
    """Parse, validate and reproject an upload; raises a typed error listing every problem.

    The upload is GeoJSON (a GeoJSON text sequence too: `sequence`), or a GIS file (`formats`:
    GeoPackage, zipped Shapefile, KML, CSV, FlatGeobuf, GPX), read into GeoJSON first; `source_layer`
    names the layer of a file that holds several. `store` is only read: to check the layer, the
    commitments to link and which ids are free. `location_precision` (and `precision_m` with
    "approximate") is given to the features whose file gives none (`editor_precision`); the
    others keep their own. `encoding` names how a Shapefile's or a CSV file's text is encoded
    (`text_encodings.ENCODINGS`), for a file that does not say or says wrongly.
    """
    raise_for(text_problems(filename, "filename", FILENAME))
    precision, radius = editor_precision(location_precision, precision_m)
    sha256 = _digest(raw)  # the whole upload's, as it came
    not_maps.refuse_by_first_bytes(raw)  # before a .csv name sends an image to the CSV reader
    # A sequence first: a record's "lat" key would make its first line look like a CSV header.
    collection = sequence.as_collection(raw, filename, limits)
    kind = file_kind = formats.kind_of(raw, filename) if collection is None else None
    read_limits, notes, encoding = limits, [], text_encodings.given_codec(encoding)
    chosen, offered = None, []  # the layer read, when the file holds several (`import_key`), and those offered
    if kind is not None:
        raw, notes, chosen, offered = formats.to_geojson(raw, kind, limits, source_layer, filename, crs, encoding)
    elif encoding is not None:
        raise InvalidInput("encoding: a GeoJSON file is UTF-8 (or says it is UTF-16 or UTF-32); an encoding is "
                           "chosen only for a Shapefile or a CSV file")
    elif collection is not None:
        raw, read_limits = collection, sequence.limits_for(limits)
    key = lambda: import_key(sha256(), chosen)  # noqa: E731 - asked for only when needed
    layer_id, kind, links = target_and_links(store, layer, new_layer, links, key)
    with gc_paused():  # the parsed file is dropped before the collector runs again
        planned, file_ids, types, warnings, source = _read(raw, read_limits, crs, repair, file_kind)
        for props in planned.properties:
            props.setdefault("kind", kind)
        warnings += settle_ids(planned, file_ids, store)
        already = already_in_layer(planned, store, layer_id) if new_layer is None else []
    warnings[:0] = already + [Problem("(file)", note, "warning") for note in notes]  # what matters most first
    earlier = earlier_import(store, layer_id, new_layer, key())
    if earlier is not None:
        warnings.append(imported_before(layer_id, earlier))
    given = give_precision(planned.properties, precision, radius)
    return ImportPlan(layer_id=layer_id, new_layer=new_layer, features=planned, warnings=warnings, kind=kind,
                      source_crs=source, file_sha256=sha256(), filename=filename, source_layer=chosen,
                      source_layers=offered,
                      links=links, repair=repair, geometry_types=types,
                      location_precision=precision, precision_m=radius, precision_given=given,
                      earlier_import=earlier)


_DIGEST_APART = 1 << 20  # bytes from which a file's digest is taken by a thread


def _digest(raw: bytes) -> Callable[[], str]:
    """The SHA-256 of `raw` (hex), asked for when needed. A large file's is taken by a thread while
    the file is read (hashlib lets go of the interpreter meanwhile): 15 ms of 19 MB off the import
    on a machine with a core to spare (research 21)."""
    if len(raw) < _DIGEST_APART:
        value = hashlib.sha256(raw).hexdigest()
        return lambda: value
    found: list[str] = []
    worker = threading.Thread(target=lambda: found.append(hashlib.sha256(raw).hexdigest()), daemon=True)
    worker.start()

    def result() -> str:
        worker.join()
        return found[0]
    return result


def check_feature(raw: bytes, *, layer: str, feature_id: str, store: Store | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> tuple[dict[str, Any], list[Problem]]:
    """One GeoJSON Feature written over `feature_id` in `layer`, through every check an upload
    takes (text, properties, geometry, reprojection from a `crs` member); (feature, warnings).

    For `Store.replace_feature`: the layer must be a user layer, the body one Feature whose id,
    if it gives one, is `feature_id`.
    """
    _, kind = layer_target(store, layer, None)
    with gc_paused():
        planned, file_ids, _, warnings, _ = _read(raw, limits, None, False)
    if len(planned) != 1:
        raise InvalidInput(f"expected one Feature, got a collection of {len(planned)} features")
    given = file_ids[0]
    if given is not None and str(given) != feature_id:
        raise InvalidInput(f"id: the body names feature {str(given)!r} but the address names {feature_id!r}; "
                           "leave the id out or give the same one")
    feature = planned[0]
    feature["properties"].setdefault("kind", kind)
    feature["properties"]["id"] = feature["id"] = feature_id
    return feature, warnings
FAR_NAMED = 5  # features far from the region named in the warning


def _read(raw: bytes, limits: Limits, crs: str | None, repair: bool, kind: str | None = None):
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


def run_import(store: Store, plan: ImportPlan, *, author: str, file_sha256: str | None = None,
               allow_duplicate: bool = False) -> Revision:
    """Store a plan: one transaction, one revision (with links to commitments, if any).

    The store settles the ids again as it writes: an id the plan kept that another import
    took since is renamed (kept as source_id), not refused. A file already imported into the
    layer (and not reverted) is refused with the earlier revision's number, unless
    `allow_duplicate`: a client retrying after a lost answer does not import twice. Every text
    the revision keeps follows the one text rule, however the plan was made.
    """
    raise_for(text_problems(author, "author", AUTHOR)
              + text_problems(plan.filename, "filename", FILENAME)
              + text_problems(plan.summary, "summary", SUMMARY))
    with gc_paused():
        return store.add_features(
            plan.layer_id, plan.features, author=author, summary=plan.summary,
            file_sha256=file_sha256 or plan.import_key, new_layer=plan.new_layer, links=plan.links,
            on_taken="rename", allow_duplicate=allow_duplicate,
        )
