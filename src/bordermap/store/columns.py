"""Features held as columns: how an upload's plan hands a large import to a store.

An upload of 100,000 points made 100,000 Feature objects only for the store to take each
apart again (research 21). `FeatureColumns` is still a sequence of GeoJSON Features to anyone
who reads it one feature at a time (the PostGIS store, a preview, a test); a store that writes
rows may take the columns themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import orjson

from .base import Feature


class FeatureColumns(Sequence):
    """Features as four columns of one length.

    - `properties`: each feature's properties (objects), written as given;
    - `geometries`: each geometry as GeoJSON text (written once, by the plan);
    - `boxes`: each bounding box, an array of shape (n, 4): min lon, min lat, max lon, max lat;
    - `ids`: each feature's id, None where the store gives one.

    A feature read from it is `{"type": "Feature", "id"?, "properties", "geometry", "bbox"}`
    with the geometry as an `orjson.Fragment` of its text (orjson writes it as it is) and the
    properties object itself, not a copy.
    """

    __slots__ = ("properties", "geometries", "boxes", "ids")

    def __init__(self, properties: list[dict[str, Any]], geometries: list[str], boxes: np.ndarray,
                 ids: list[str | None] | None = None) -> None:
        n = len(properties)
        if len(geometries) != n or len(boxes) != n or (ids is not None and len(ids) != n):
            raise ValueError("feature columns of different lengths")
        self.properties = properties
        self.geometries = geometries
        self.boxes = np.asarray(boxes, dtype=float).reshape(n, 4)
        self.ids: list[str | None] = [None] * n if ids is None else ids

    def __len__(self) -> int:
        return len(self.properties)

    def _feature(self, i: int, box: list[float]) -> Feature:
        feature: Feature = {"type": "Feature", "properties": self.properties[i],
                            "geometry": orjson.Fragment(self.geometries[i]), "bbox": box}
        if self.ids[i] is not None:
            feature["id"] = self.ids[i]
        return feature

    def __getitem__(self, index):
        if isinstance(index, slice):
            picked = range(len(self))[index]
            return [self._feature(i, self.boxes[i].tolist()) for i in picked]
        i = range(len(self))[index]  # IndexError, and negative indexes, as a list has them
        return self._feature(i, self.boxes[i].tolist())

    def __iter__(self):
        for i, box in enumerate(self.boxes.tolist()):
            yield self._feature(i, box)

    def given_ids(self) -> list[str]:
        """The ids features have (not those the store is to give)."""
        return [fid for fid in self.ids if fid is not None]


def given_ids(features: Sequence[Feature]) -> list[str]:
    """The ids the features give (None and missing ones left out), in their order."""
    if isinstance(features, FeatureColumns):
        return features.given_ids()
    return [f["id"] for f in features if f.get("id") is not None]


def feature_ids(features: Sequence[Feature]) -> list[str | None]:
    """Every feature's id, None where it has none."""
    if isinstance(features, FeatureColumns):
        return features.ids
    return [f.get("id") for f in features]
