"""OGC API – Features' collections as data: a layer as a collection (its count, extent, property
types and queryables), read again only when the layer may have changed.

Apart from the documents (`ogc`) and the items (`ogc_items`), which both start from a collection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import orjson

from . import queries
from .download_columns import is_iso_date
from .model import Layer
from .ogc_params import (
    ITEMS_PARAMETERS,
    Box,
)
from .store import Store


@dataclass(frozen=True)
class Collection:
    """A layer as a collection: how many features it has, their extent, the JSON types of every
    property they have and the layer's queryables. Its features stay in the store: a page of them
    is read when asked for."""

    layer: Layer
    count: int
    extent: Box | None
    properties: dict[str, tuple[str, ...]]  # every property its features have → its values' JSON types
    queryables: dict[str, str]  # property name → JSON type ("string", "number", ...)
    dates: frozenset[str] = frozenset()  # the properties whose every value present is a YYYY-MM-DD day


# The JSON type of each value JSON text decodes to (by exact type: a bool is not an integer here).
_JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null",
               list: "array", dict: "object"}
_SCALARS = {"boolean", "integer", "number", "string"}
# The properties the store adds to every feature it gives (its layer, the commitments naming it).
_STORE_PROPERTIES = {"layer": ("string",), "commitments": ("array",)}
# Computed by the store or structural: not filters a client can use. `lang` is the HTML pages'
# language (app/ogc_api.py takes it before the filters are read), so a property of that name
# cannot be a filter, and is not listed as one (review 23, finding 2).
_NOT_QUERYABLE = {*_STORE_PROPERTIES, "lang"}


def property_types(all_properties: Iterable[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Every property name, in the order the features first have it, with the JSON types of its
    values: integers among numbers count as numbers, and a null says nothing of the type (a
    property that is only ever null is "null")."""
    kinds: dict[str, set[str]] = {}
    label = _JSON_TYPES.get
    for properties in all_properties:
        for name, value in (properties or {}).items():
            found = kinds.get(name)
            if found is None:
                found = kinds[name] = set()
            found.add(label(type(value), "object"))
    types = {}
    for name, found in kinds.items():
        if len(found) > 1:
            found.discard("null")
        if {"integer", "number"} <= found:
            found.discard("integer")
        types[name] = tuple(sorted(found))
    return types


def _queryables(types: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Property names whose values are all text, numbers or booleans (where present)."""
    chosen = {}
    for name, found in types.items():
        if name in _NOT_QUERYABLE or name in ITEMS_PARAMETERS or not set(found) <= _SCALARS:
            continue
        chosen[name] = found[0] if len(found) == 1 else ("number" if set(found) <= {"integer", "number"}
                                                          else "string")
    return chosen


def stored_properties(store: Store, layer_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each feature's id and properties in the layer's order, a chunk of rows read at a time (a
    layer of a million points is never held whole)."""
    for chunk in store.layer_properties(layer_id):
        for feature_id, text in chunk:
            yield feature_id, orjson.loads(text)


def collection(store: Store, collection_id: str) -> Collection:
    """A layer as a collection, built again only when its features may have changed (its
    property types read every feature's properties); NotFound for an unknown id."""
    def build() -> Collection:
        layer = store.layer(collection_id)
        dated: dict[str, bool] = {}

        def noting_dates(rows: Iterator[tuple[str, dict[str, Any]]]) -> Iterator[dict[str, Any]]:
            # The schema's `format: date` (ogc_schema), from the same one pass as the types.
            for _, properties in rows:
                for name, value in (properties or {}).items():
                    if value is not None and dated.get(name, True):
                        dated[name] = is_iso_date(value)
                yield properties

        types = {**property_types(noting_dates(stored_properties(store, collection_id))), **_STORE_PROPERTIES}
        return Collection(layer, layer.feature_count, store.layer_extent(collection_id), types, _queryables(types),
                          frozenset(name for name, yes in dated.items() if yes))

    return queries.cached(store, ("ogc-collection", collection_id), (store.layer_version(collection_id),), build)


def collections(store: Store) -> list[Collection]:
    """Every layer as a collection, in the map's order."""
    return [collection(store, layer.id) for layer in store.layers()]
