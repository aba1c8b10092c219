"""The ids of an import's features: a file's own id kept where it is usable, unique in the file
and free in the store, else the original kept as `source_id` and a new id given on import; and the
report's notes on those that could not be kept."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import orjson

from ..store import Store
from ..store.columns import FeatureColumns
from .problems import Problem, to_json

_FEATURE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$")


def settle_ids(planned: FeatureColumns, file_ids: list, store: Store | None) -> list[Problem]:
    """Keep a file's id when it is usable, unique in the file and free; else the store assigns one.

    What is free is read now for the report; `run_import` has the store check again as it writes.
    """
    if file_ids.count(None) == len(file_ids):
        return []  # nothing to keep: the store assigns every id
    candidates = id_candidates(file_ids)
    counts = Counter(fid for _, fid in candidates if fid)
    taken = store.taken_ids([fid for fid in counts if counts[fid] == 1]) if store is not None else set()
    return id_notes(*apply_ids(planned.properties, planned.ids, candidates, counts, taken))


def already_in_layer(planned: FeatureColumns, store: Store | None, layer_id: str) -> list[Problem]:
    """A note on the features whose id is taken by a feature of the same layer in the same place
    (a download of the layer uploaded again, say): importing adds each a second time, which the
    note on ids taken alone did not say (review rv21b, M1). Only the features the store renames
    are read, by id."""
    if store is None:
        return []
    renamed = {str(properties["source_id"]): geometry
               for properties, geometry, fid in zip(planned.properties, planned.geometries, planned.ids, strict=True)
               if fid is None and "source_id" in properties}
    if not renamed:
        return []
    same = sum(1 for feature in store.features_by_id(list(renamed))
               if feature["properties"].get("layer") == layer_id
               and orjson.loads(orjson.dumps(feature["geometry"])) == orjson.loads(renamed[feature["id"]]))
    if not same:
        return []
    return [Problem("(file)", f"{same} feature(s) of this file are already in {layer_id} with the same id and "
                              "geometry: importing adds each a second time, under a new id", "warning")]


def id_candidates(file_ids: list) -> list[tuple[Any, str | None]]:
    """Each id the file gives, with the id it would be in the store (None: not usable as one)."""
    candidates = []
    for raw_id in file_ids:
        fid = str(raw_id) if isinstance(raw_id, int) and not isinstance(raw_id, bool) else raw_id
        candidates.append((raw_id, fid if isinstance(fid, str) and _FEATURE_ID.match(fid) else None))
    return candidates


def apply_ids(properties_column: list[dict], ids: list, candidates: list, counts: Counter,
               taken: set[str]) -> tuple[int, int, int, int]:
    """Give each planned feature (its properties, and its place in `ids`) its file's id when unique
    in the file (`counts`) and free (not in `taken`), else keep the original as source_id; how
    many were unusable, repeated, used, empty."""
    unusable = repeated = used = empty = 0
    for i, (properties, (raw_id, fid)) in enumerate(zip(properties_column, candidates, strict=True)):
        if fid and counts[fid] == 1 and fid not in taken:
            ids[i] = properties["id"] = fid
        elif raw_id == "":
            empty += 1
        elif raw_id is not None:
            unusable += fid is None
            repeated += bool(fid) and counts[fid] > 1
            used += bool(fid) and fid in taken
            # The original exactly as the file wrote it (a number as its JSON text).
            properties["source_id"] = raw_id if type(raw_id) is str else to_json(raw_id)
    return unusable, repeated, used, empty


def id_notes(unusable: int, repeated: int, used: int, empty: int) -> list[Problem]:
    """The report's notes on the ids that could not be kept."""
    notes = []
    if empty:
        notes.append(Problem("id", f"{empty} feature id(s) were empty: they get new ids on import", "warning"))
    for n, why in ((unusable, "not usable as ids (letters, digits, '.', '_', '~', '-'; at most 128 characters)"),
                   (repeated, "repeated within the file"), (used, "already used in the store")):
        if n:
            notes.append(Problem("id", f"{n} feature id(s) were {why}: they get new ids on import and "
                                       "keep the original as source_id", "warning"))
    return notes
