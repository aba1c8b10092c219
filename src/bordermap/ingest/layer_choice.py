"""The layer of a GIS file an upload reads: the only one with features, or the one named
(`source_layer`); a file of several read without a choice is refused with the layers it offers
(name, geometry type, feature count), for the upload page and the API to choose from.
"""

from __future__ import annotations

import warnings
from typing import Any

import pyogrio

from ..errors import InvalidInput, LayerChoice
from . import geopackage, gpx
from .explain import quoted
from .format_checks import NAMES
from .gdal_errors import Unreadable


def choose_layer(path: str, kind: str, source_layer: str | None,
                  unreadable: Unreadable) -> tuple[str, int, list[dict[str, Any]]]:
    """The layer to read, the only one with geometry or the one named, how many the file holds,
    and those offered to choose from when it holds several ([] when one); LayerChoice listing
    them (name, geometry type, feature count) when none or another is named."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # what GDAL only warns of is no refusal
            listed = pyogrio.list_layers(path)
    except Exception as error:  # noqa: BLE001 - said in our words, GDAL's detail after them
        raise unreadable(error) from None
    spatial = [str(name) for name, geometry in listed if geometry is not None] or [str(n) for n, _ in listed]
    if kind == "csv":
        return spatial[0], 1, []
    named = choices = spatial
    if kind == "gpx":  # GDAL's five layers, whatever the file holds: offered are those with features
        named, spatial = spatial, gpx.layers_with_features(path, unreadable)
        # and the points of its routes and tracks (rv25b: offered on the page as by name to the API)
        choices = gpx.offered(spatial)
        if source_layer in named:  # one of those, or the points of the routes or tracks, named
            several = spatial if source_layer in spatial else [*spatial, source_layer]
            return source_layer, len(several), _offered(path, kind, listed, choices) if len(choices) > 1 else []
    if source_layer:
        if source_layer not in named:
            raise LayerChoice(f"source_layer: the file has no layer {quoted(source_layer)}; it has "
                              f"{', '.join(map(quoted, spatial))}", layers=_offered(path, kind, listed, choices),
                              problems=[f"source_layer: {name}" for name in spatial])
        return source_layer, len(spatial), _offered(path, kind, listed, choices) if len(choices) > 1 else []
    if not spatial:
        raise InvalidInput("the file holds no features" if kind == "gpx"
                           else f"the {NAMES[kind]} file holds no layer with features")
    if len(spatial) > 1:
        # Counted and named as offered (a GPX file's route and track points too): the sentence and
        # the choice under it name the same layers (review 26, #3).
        raise LayerChoice(
            f"the file holds {len(choices)} layers: {', '.join(map(quoted, choices))}; choose one (source_layer)",
            layers=_offered(path, kind, listed, choices), problems=[f"source_layer: {name}" for name in choices])
    # A GPX file's one track is read without a choice; its points are offered instead of it.
    return spatial[0], 1, _offered(path, kind, listed, choices) if len(choices) > 1 else []


COUNTED_LAYERS = 20  # the layers of a file whose features are counted for the choice, at most


def _offered(path: str, kind: str, listed: Any, names: list[str]) -> list[dict[str, Any]]:
    """The layers a reader chooses from, each with what tells them apart: its geometry type and
    how many features it holds (None where GDAL does not say, or a GeoPackage's layer is a view
    or computes a column, which is not counted: counting runs its query, which can take hours)."""
    types = {str(name): geometry for name, geometry in listed}
    offered = []
    # Each count opens the file again (a KML or GPX is read whole each time): a file of more
    # layers than a reader chooses among at a glance has them listed uncounted.
    counted = len(names) <= COUNTED_LAYERS
    for name in names:
        features = None
        if counted and (kind != "gpkg" or not _queried(path, name)):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    features = int(pyogrio.read_info(path, layer=name, force_feature_count=True)["features"])
            except Exception:  # noqa: BLE001 - a count is a help to the choice, not needed for it
                features = None
        geometry = types.get(name)
        offered.append({"name": name, "geometry_type": None if geometry in (None, "Unknown") else str(geometry),
                        "features": features if features is not None and features >= 0 else None})
    return offered


def _queried(path: str, layer: str) -> bool:
    """Whether a GeoPackage's layer is a query as it is read (a view, or a table computing a column)."""
    try:
        geopackage.refuse_views(path, layer)
    except InvalidInput:
        return True
    return False
