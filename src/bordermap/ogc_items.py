"""OGC API – Features' items: a page of a collection's features filtered by bbox, datetime and
properties, and one feature, each with its links.

A `bbox` is answered by the store from its spatial index (`Store.features_in_bbox`), paged there
too when no property filter narrows it further and no shape whose bounding box meets it lies
outside it (the shapes whose box crosses its edge are compared with shapely). Apart from the
collections' documents (`ogc`) because reading and filtering features is its own concern.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Mapping
from urllib.parse import quote, urlencode

import numpy as np

from . import queries
from .errors import NotFound
from .i18n import N_
from .ogc import COMMITMENTS_OF_FEATURE, GEOJSON, HTML, JSON, link, self_and_alternate
from .ogc_collections import Collection, collection, stored_properties
from .ogc_params import (
    HTML_MAX_LIMIT,
    Box,
    ItemsQuery,
    geometries_meeting,
    geometry_bbox,
    intersects,
    parse_items_query,
    within,
)
from .store import Store


def _matches(properties: dict[str, Any] | None, filters: Mapping[str, str]) -> bool:
    """Whether a feature's properties hold every filter's value: the same text (both NFC), the
    same number, or the same boolean (`true`/`false` or `1`/`0`, in any case)."""
    properties = properties or {}
    for name, wanted in filters.items():
        value = properties.get(name)
        if isinstance(value, bool):
            # GDAL (and so QGIS) shows a boolean as an integer field and asks `highlight=1`.
            if _BOOLEANS.get(wanted.lower()) is not value:
                return False
        elif isinstance(value, (int, float)):
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
            if text != wanted and not _same_number(value, wanted):
                return False
        elif value is None or unicodedata.normalize("NFC", str(value)) != wanted:
            return False
    return True


_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _same_number(value: float, text: str) -> bool:
    try:
        return float(text) == value
    except ValueError:
        return False


def _feature_doc(feature: dict[str, Any], base: str, collection_id: str) -> dict[str, Any]:
    """A feature with its links: itself, its collection and its commitments."""
    url = f"{base}/collections/{quote(collection_id, safe='')}/items/{quote(str(feature['id']), safe='')}"
    root = base.rsplit("/", 1)[0]
    return {
        **feature,
        "links": [
            link(url, "self", GEOJSON, N_("this feature")),
            link(f"{url}?f=html", "alternate", HTML, N_("this feature as HTML")),
            link(f"{base}/collections/{quote(collection_id, safe='')}", "collection", JSON, N_("its collection")),
            link(f"{root}/api/commitments?{urlencode({'feature': feature['id']})}", "related", JSON,
                 COMMITMENTS_OF_FEATURE),
        ],
    }


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _shaped(store: Store, layer_id: str) -> tuple[list[str], np.ndarray]:
    """The ids and bounding boxes (west, south, east, north rows) of the layer's features that
    are not one point, in the layer's order: those whose bounding box may meet a bbox their
    shape does not. Read once per state of the layer; an all-point layer has none."""
    def build() -> tuple[list[str], np.ndarray]:
        positions: dict[str, int] = {}
        for chunk in store.layer_points(layer_id):
            for feature_id, lon, _ in chunk:
                # A MultiPoint gives a position each, another shape (lon None) one without.
                positions[feature_id] = 2 if lon is None else positions.get(feature_id, 0) + 1
        wanted = [feature_id for feature_id, count in positions.items() if count > 1]
        ids, boxes = [], []
        for chunk_start in range(0, len(wanted), 10_000):
            for found in store.features_by_id(wanted[chunk_start:chunk_start + 10_000]):
                box = geometry_bbox(found.get("geometry"))
                if box is not None:
                    ids.append(found["id"])
                    boxes.append(box)
        return ids, np.array(boxes, dtype=float).reshape(-1, 4)

    return queries.cached(store, ("ogc-shaped", layer_id), (store.layer_version(layer_id),), build)


def _outside_bbox(store: Store, layer_id: str, bbox: Box) -> set[str]:
    """The ids of the layer's features whose bounding box meets `bbox` but whose shape does not.

    Only shapes whose bounding box crosses an edge of `bbox` are read and compared: a point is
    its own bounding box, and a shape whose box lies inside `bbox` meets it."""
    ids, boxes = _shaped(store, layer_id)
    if not ids:
        return set()
    rows = boxes.T  # west, south, east and north of every box: the tests take arrays
    crossing = [ids[k] for k in np.flatnonzero(intersects(rows, bbox) & ~within(rows, bbox))]
    if not crossing:
        return set()
    found = [feature for feature in store.features_by_id(crossing) if feature.get("geometry")]
    meeting = geometries_meeting([feature["geometry"] for feature in found], bbox)
    return {feature["id"] for feature, meets_it in zip(found, meeting, strict=True) if not meets_it}


def _matching_page(store: Store, item: Collection, query: ItemsQuery) -> tuple[int, list[dict[str, Any]]]:
    """How many features match the query, and the page of them it asks for; read from the
    store by its indexes, or, for a property filter without a bbox, by one pass over the
    layer's properties, keeping only the ids that match.

    A bbox is answered by the store's index of bounding boxes, then by shape: a feature whose
    box meets the bbox but whose shape does not (a country's box around its neighbour) is left
    out of the page and the count, as Part 1 asks (/req/core/fc-bbox-response)."""
    layer_id = item.layer.id
    if query.datetime is not None:
        return 0, []
    if query.bbox is not None:
        outside = set() if item.extent is not None and within(item.extent, query.bbox) else \
            _outside_bbox(store, layer_id, query.bbox)
        if not query.filters:  # a page read by the index, without the shapes that do not meet it
            return store.features_in_bbox(layer_id, query.bbox, offset=query.offset, limit=query.limit,
                                          leaving_out=outside)
        window = store.features_in_bbox(layer_id, query.bbox)[1]
        matched = [feature for feature in window
                   if feature["id"] not in outside and _matches(feature["properties"], query.filters)]
        return len(matched), matched[query.offset:query.offset + query.limit]
    if not query.filters:
        return item.count, store.layer_page(layer_id, query.offset, query.limit)
    ids = [feature_id for feature_id, properties in stored_properties(store, layer_id)
           if _matches(properties, query.filters)]
    return len(ids), store.features_by_id(ids[query.offset:query.offset + query.limit])


def items(store: Store, base: str, collection_id: str, args: Mapping[str, str], fmt: str = "json") -> dict[str, Any]:
    """One page of a collection's features, filtered by bbox, datetime and properties.

    No feature carries a time yet (the status history is still to come), so a `datetime`
    filter is checked and then matches none: only features whose time meets it may be returned.
    """
    item = collection(store, collection_id)
    query = parse_items_query(args, item.queryables)
    if fmt != "json" and query.limit > HTML_MAX_LIMIT:  # the server's limit for a page to read
        query = replace(query, limit=HTML_MAX_LIMIT)
    number_matched, page = _matching_page(store, item, query)
    url = f"{base}/collections/{quote(collection_id, safe='')}/items"
    links = self_and_alternate(url, fmt, GEOJSON, query.link_args())
    media = GEOJSON if fmt == "json" else HTML
    if query.offset + len(page) < number_matched:
        links.append(link(f"{url}?{urlencode({**query.link_args(offset=query.offset + query.limit), 'f': fmt})}",
                          "next", media, N_("the next page")))
    if query.offset > 0:
        previous = max(0, query.offset - query.limit)
        links.append(link(f"{url}?{urlencode({**query.link_args(offset=previous), 'f': fmt})}",
                          "prev", media, N_("the previous page")))
    links.append(link(f"{base}/collections/{quote(collection_id, safe='')}", "collection", JSON, N_("the collection")))
    return {
        "type": "FeatureCollection",
        "features": [_feature_doc(feature, base, collection_id) for feature in page],
        "links": links,
        "timeStamp": _now(),
        "numberMatched": number_matched,
        "numberReturned": len(page),
    }


def feature(store: Store, base: str, collection_id: str, feature_id: str, fmt: str = "json") -> dict[str, Any]:
    """One feature of a collection; NotFound when it is not in that collection."""
    try:
        found = store.feature(feature_id)
    except NotFound:
        found = None
    if found is None or (found.get("properties") or {}).get("layer") != collection_id:
        store.layer(collection_id)  # an unknown collection says so first
        raise NotFound(f"no feature with id {feature_id!r} in collection {collection_id!r}")
    doc = _feature_doc(found, base, collection_id)
    doc["links"][:2] = self_and_alternate(doc["links"][0]["href"], fmt, GEOJSON)
    return doc
