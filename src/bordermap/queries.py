"""What the read API answers, as plain functions over a store (no HTTP here)."""

from __future__ import annotations

import threading
import weakref
from typing import Any, Callable, TypeVar

import orjson

from .errors import Busy
from .layer_points import is_big
from .model import Layer
from .store import Store

# Answers that are costly to build (a 50,000-feature layer takes most of a second) are kept
# per store, with the state of the data they were built from; a change to the data changes
# the state, and the next request builds them again. Requests that miss while an answer is
# being built wait for that build: each would otherwise hold its own copy of a large layer
# as Python objects (8 parallel reads of 200,000 points took 3.8 GiB).
_cache: "weakref.WeakKeyDictionary[Store, dict[Any, tuple[tuple, Any]]]" = weakref.WeakKeyDictionary()
_building: "weakref.WeakKeyDictionary[Store, dict[Any, threading.RLock]]" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def data_state(store: Store) -> tuple[str, int, str]:
    """What every answer depends on: curated version, newest revision id and its time.

    The time tells apart two revisions of one number: a database restored from a dump numbers
    its next revisions as the lost ones were (review 13, F4), and validators made from the
    number alone answered "not modified" for other data.
    """
    newest = store.last_revision()
    return (store.curated_version() or "", newest[0] if newest else 0, newest[1] if newest else "")


T = TypeVar("T")
# How many times something of one state of the data is built while the data keeps changing
# before the request is told to come back (DataChanging).
BUILD_TRIES = 4


class DataChanging(Busy):
    """The data changed while each try at building something of one state of it was made."""


def of_one_state(store: Store, build: Callable[[tuple], T], state: tuple | None = None, *,
                 tries: int = BUILD_TRIES) -> tuple[tuple, T]:
    """`build(state)` for `state` (the current state of the data by default), and the state it
    is of: built again, for the new state, when the data changed while it was built.

    Each read of the store is a snapshot of its own, so what is built from several reads (a
    page, an export) holds one state of the data only if none changed in between. Changes are
    committed one at a time and each makes a new state, so a state read again after the build
    that is still `state` means every read in between saw it (review 23, F1: an export said
    "revision N" without revision N's feature). DataChanging after `tries` builds.
    """
    state = state or data_state(store)
    for _ in range(tries):
        value = build(state)
        now = data_state(store)
        if now == state:
            return state, value
        state = now
    raise DataChanging(f"the data changed while each of {tries} tries at building this was made; "
                       "try again in a moment", retry_after=5)


def cached(store: Store, key: Any, state: tuple, build: Callable[[], Any]) -> Any:
    with _cache_lock:
        entries = _cache.setdefault(store, {})
        hit = entries.get(key)
        if hit is not None and hit[0] == state:
            return hit[1]
        building = _building.setdefault(store, {}).setdefault(key, threading.RLock())
    with building:
        with _cache_lock:
            hit = entries.get(key)
        if hit is not None and hit[0] == state:  # built while this request waited
            return hit[1]
        try:
            value = build()
        except BaseException:
            with _cache_lock:  # an unknown layer id must not leave a lock behind for each guess
                locks = _building.get(store, {})
                if locks.get(key) is building:
                    del locks[key]
            raise
        with _cache_lock:
            entries[key] = (state, value)
        return value


def commitment_records(store: Store, state: tuple | None = None) -> list[dict[str, Any]]:
    """`store.commitments()`, read once per state of the data (the ledger and the status
    events both start from it; with 20,000 linked features a read takes 25 ms). Shared: read,
    never change, what it returns."""
    return cached(store, "commitment_records", state or data_state(store), store.commitments)


def layer_summaries(store: Store) -> list[dict[str, Any]]:
    """Every layer: id, title, kind, feature count, default visibility, origin, style."""
    return [layer.to_dict() for layer in store.layers()]


def feature_collection(store: Store, layer_id: str | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of one layer (NotFound for an unknown id), or of all."""
    return {"type": "FeatureCollection", "features": store.features(layer_id)}


def feature_collection_json(store: Store, layer_id: str | None = None, state: tuple | None = None) -> bytes:
    """`feature_collection` as GeoJSON bytes, built once per state of the data."""
    state = state or data_state(store)
    return cached(store, ("features", layer_id), state, lambda: store.features_geojson(layer_id))


def features_in_bbox_json(store: Store, layer_id: str | None, bbox: tuple[float, float, float, float]) -> bytes:
    """The features of a layer (or of every layer) whose bounding box meets `bbox`, as GeoJSON
    bytes; the store finds them by its spatial index."""
    return orjson.dumps({"type": "FeatureCollection", "features": store.features_in_bbox(layer_id, bbox)[1]})


def feature(store: Store, feature_id: str) -> dict[str, Any]:
    """One GeoJSON Feature with its layer and commitment ids."""
    return store.feature(feature_id)


def dataset_as_of(store: Store, state: tuple | None = None) -> str:
    """The date the data speaks of: the newest dated curated fact, or the last user change."""
    state = state or data_state(store)
    return cached(store, "as_of", state, lambda: max(store.curated_as_of() or "", state[2][:10]))


def dataset_version(store: Store, state: tuple | None = None) -> str:
    """Curated data version plus the number of the last user revision."""
    state = state or data_state(store)
    return f"{state[0] or 'empty'}-r{state[1]}"


def layer_config(layer: Layer, **source: Any) -> dict[str, Any]:
    """One layer's entry for the map's script; `source` is `url=...` or `data=...`.

    `style` is the layer's style as configured (layers.toml, or the upload form), passed whole:
    the script draws features and legend swatches from it, variants and legend entries included.
    """
    return {
        "id": layer.id,
        "title": layer.title,
        "kind": layer.kind,
        "visible": layer.visible,
        "style": layer.style,
        "origin": layer.origin,
        "count": layer.feature_count,
        **source,
    }


# The live page carries the data of the layers it shows at first, up to these limits, so the
# first view needs no request beyond the page and its assets; other layers are fetched by URL.
INLINE_MAX_FEATURES = 1000
INLINE_MAX_BYTES = 360_000


def live_layer_configs(store: Store, url_for_layer: Callable[[str], str],
                       state: tuple | None = None,
                       url_for_points: Callable[[str], str] | None = None,
                       url_for_search: Callable[[str], str] | None = None) -> list[dict[str, Any]]:
    """Layer entries for the live page's script.

    Layers shown at first are inlined (their stored GeoJSON text passed through, or with today's
    statuses where their features' dated events give them: `tracking.as_of_today`) while they are
    small and the page stays light (`INLINE_MAX_FEATURES` each, `INLINE_MAX_BYTES` in all);
    every other layer is fetched by URL. A large layer (`layer_points.is_big`) starts switched
    off and is marked `onDemand`, with the URL of its positions (`pointsUrl`): the page fetches
    it only once the reader switches it on, and its features are never read to build the page;
    the panel's search asks the server for its features by name (`searchUrl`, see layer_search).
    """
    from . import tracking  # which reads this module's cache

    state = state or data_state(store)
    layers = cached(store, "layers", state, store.layers)
    configs, budget = [], INLINE_MAX_BYTES
    for layer in layers:
        if url_for_points is not None and is_big(layer):
            entry = layer_config(layer, url=url_for_layer(layer.id), onDemand=True, pointsUrl=url_for_points(layer.id),
                                 **({"searchUrl": url_for_search(layer.id)} if url_for_search else {}))
            configs.append({**entry, "visible": False})
            continue
        if layer.visible and layer.feature_count <= INLINE_MAX_FEATURES and budget > 0:
            text = tracking.feature_collection_today_json(store, layer.id, state)
            if len(text) <= budget:
                budget -= len(text)
                configs.append(layer_config(layer, data=orjson.Fragment(text)))
                continue
        configs.append(layer_config(layer, url=url_for_layer(layer.id)))
    return configs
