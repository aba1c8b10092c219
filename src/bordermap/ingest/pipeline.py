"""The one import pipeline: parse → validate → reproject → plan (nothing stored) → store.

The web page, the API and the `bordermap import` command all call `plan_import` and then,
unless it is a dry run, `run_import`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..errors import InvalidInput
from ..model import Layer, Revision
from ..store import Store
from ..store.columns import FeatureColumns
from . import formats, not_maps, sequence, text_encodings
from .crs import crs_title, is_lonlat
from .ids import already_in_layer, settle_ids
from .parse import Limits, gc_paused
from .precision import editor_precision, give_precision
from .problems import Problem, raise_for
from .read_upload import read_upload
from .targets import earlier_import, import_key, imported_before, layer_target, target_and_links
from .text import AUTHOR, FILENAME, SUMMARY, text_problems

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
        planned, file_ids, types, warnings, source = read_upload(raw, read_limits, crs, repair, file_kind)
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
        planned, file_ids, _, warnings, _ = read_upload(raw, limits, None, False)
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
