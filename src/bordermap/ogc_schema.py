"""The JSON Schema of a collection's features: every property they have, with its JSON type.

GDAL's OAPIF driver (`ogrinfo`, `ogr2ogr`, geopandas) builds a layer's fields from the first
page of its features unless the collection links a schema (`rel: describedBy`,
`application/schema+json`): a property that first appears on a later page would be dropped.
The schema describes a GeoJSON Feature, as GDAL reads it: the feature's `properties` member
lists each property with the JSON types of its values in the store, and `format: date` when
its every value present is an ISO calendar date (YYYY-MM-DD), as the downloads make it a Date
field: without it GDAL guesses dates page by page, and writes those of some pages into the text
field as 2018/02/08 (review 23, #4).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from . import ogc_collections
from .store import Store

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _property(types: tuple[str, ...], date: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": types[0] if len(types) == 1 else list(types)}
    if date and types == ("string",):
        schema["format"] = "date"
    return schema


# A property named `id` is the feature's own id (the curated data repeats it there; an upload's is
# never kept): GDAL makes its `id` field from the feature's, and would add a second, empty one.
_THE_FEATURES_ID = "id"


def feature_schema(store: Store, base: str, collection_id: str) -> dict[str, Any]:
    """The JSON Schema of one collection's features; NotFound for an unknown collection."""
    item = ogc_collections.collection(store, collection_id)
    return {
        "$schema": DIALECT,
        "$id": f"{base}/collections/{quote(collection_id, safe='')}/schema",
        "title": item.layer.title,
        "description": "A feature of this collection as GeoJSON (RFC 7946). Its properties are every "
                       "property the collection's features have, each with the JSON types of its "
                       "values (and `format: date` when every value is a date, YYYY-MM-DD); a feature "
                       "may lack any of them, or have it null. Its id is the feature's `id`.",
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": {"type": "object", "description": "A GeoJSON geometry, in WGS 84 longitude and latitude."},
            "properties": {
                "type": "object",
                "properties": {name: _property(types, name in item.dates) for name, types in item.properties.items()
                               if name != _THE_FEATURES_ID},
            },
        },
    }
