"""OGC API – Features, Part 1 (Core): the documents it answers, as plain functions over a store.

Each function takes the store, the API's root URL (`base`, e.g. `http://host/ogc`) and the
parsed request, and returns the JSON document as a dict; the web layer only chooses JSON or
HTML and adds headers. Every layer is a collection; its items are the layer's features.
A `bbox` is answered by the store from its spatial index (`Store.features_in_bbox`), paged
there too when no property filter narrows it further and no shape whose bounding box meets it
lies outside it (the shapes whose box crosses its edge are compared with shapely).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import quote, urlencode

import numpy as np
import orjson

from . import queries
from .downloads import is_iso_date
from .errors import NotFound
from .i18n import N_
from .model import Layer
from .ogc_params import (  # noqa: F401
    DEFAULT_LIMIT,
    HTML_MAX_LIMIT,
    ITEMS_PARAMETERS,
    MAX_LIMIT,
    Box,
    ItemsQuery,
    geometries_meeting,
    geometry_bbox,
    intersects,
    parse_items_query,
    refuse_unknown,
    union,
    within,
)
from .store import Store

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    # Part 4 on user layers (bordermap.ogc_edit); curated collections refuse writes.
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA = "application/schema+json"
# The whole-layer downloads each collection links to (`bordermap.downloads`, and GeoJSON).
DOWNLOADS = (
    ("geojson", GEOJSON, "GeoJSON"),
    ("gpkg", "application/geopackage+sqlite3", "GeoPackage"),
    ("fgb", "application/flatgeobuf", "FlatGeobuf"),
    ("csv", "text/csv", N_("CSV (WKT geometry)")),
    ("kml", "application/vnd.google-earth.kml+xml", "KML"),
    ("shp.zip", "application/zip", N_("zipped Shapefile")),
)
TITLE = N_("bordermap: what Cambodia and Viet Nam agree to build along their border")


# ----------------------------------------------------------------------------- the data
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


def _stored_properties(store: Store, layer_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
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

        types = {**property_types(noting_dates(_stored_properties(store, collection_id))), **_STORE_PROPERTIES}
        return Collection(layer, layer.feature_count, store.layer_extent(collection_id), types, _queryables(types),
                          frozenset(name for name, yes in dated.items() if yes))

    return queries.cached(store, ("ogc-collection", collection_id), (store.layer_version(collection_id),), build)


def collections(store: Store) -> list[Collection]:
    """Every layer as a collection, in the map's order."""
    return [collection(store, layer.id) for layer in store.layers()]


# ----------------------------------------------------------------------------- documents
DESCRIPTION = N_("The layers of the bordermap map (checkpoints, expressways, rail, provinces and users' "
                 "layers) as OGC API – Features collections. Each feature links to the commitments that "
                 "name it.")
# Link titles made from a layer's title or a file format: app/ogc_api.py reads them back to say
# them in an HTML page's language (the documents keep English, as every title here).
FEATURES_OF = N_("the features of %(layer)s")
FEATURES_OF_AS_HTML = N_("the features of %(layer)s as HTML")
WHOLE_LAYER_AS = N_("the whole layer as one %(format)s file")
# A layer's description when it has none of its own.
CURATED_LAYER = N_("%(layer)s: a curated layer of %(count)s features")
EDITORS_LAYER = N_("%(layer)s: a layer editors added, of %(count)s features")
TITLE_PATTERNS = (FEATURES_OF_AS_HTML, FEATURES_OF, WHOLE_LAYER_AS, CURATED_LAYER, EDITORS_LAYER)
# A collection's link to the JSON Schema of its features (bordermap.ogc_schema), the relation
# GDAL's OAPIF driver follows to learn every field before it reads a page. Spelt `describedBy`:
# relation names compare without case (RFC 8288), and GDAL up to 3.6 (Debian 12's) compares
# with it, so it misses the registered spelling `describedby`.
DESCRIBED_BY_REL = "describedBy"
DESCRIBED_BY = N_("the properties of its features and their types (JSON Schema)")
# A feature's link to the commitments API (JSON); the HTML pages label it as JSON and link the map too.
COMMITMENTS_OF_FEATURE = N_("the commitments that name this feature")


def _link(href: str, rel: str, type_: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": type_, "title": title}


def _self_and_alternate(url: str, fmt: str, json_type: str = JSON, args: Mapping[str, str] | None = None) -> list[dict]:
    """`self` in the format answered, `alternate` in the other, both asking for it by `f=`."""
    kinds = {"json": (json_type, N_("this document as JSON")), "html": (HTML, N_("this document as HTML"))}
    links = []
    for name, (media, title) in kinds.items():
        query = urlencode({**(args or {}), "f": name})
        links.append(_link(f"{url}?{query}", "self" if name == fmt else "alternate", media, title))
    return sorted(links, key=lambda link: link["rel"] != "self")


def landing_page(store: Store, base: str, fmt: str = "json") -> dict[str, Any]:
    """The API's root: what it is and where its definition, conformance and data are."""
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "links": [
            *_self_and_alternate(base, fmt),
            _link(f"{base}/api", "service-desc", OPENAPI, N_("the API definition (OpenAPI 3.0, JSON)")),
            _link(f"{base}/api?f=html", "service-doc", HTML, N_("the API definition, to read")),
            _link(f"{base}/conformance", "conformance", JSON, N_("the conformance classes this API implements")),
            _link(f"{base}/collections", "data", JSON, N_("the collections (one per layer)")),
            _link(f"{base.rsplit('/', 1)[0]}/api/licences", "license", JSON,
                  N_("the licences and attributions of the data")),
        ],
    }


def conformance(base: str, fmt: str = "json") -> dict[str, Any]:
    """The conformance classes of Part 1 this API implements."""
    return {"conformsTo": list(CONFORMANCE), "links": _self_and_alternate(f"{base}/conformance", fmt)}


def _collection_doc(item: Collection, base: str) -> dict[str, Any]:
    layer = item.layer
    url = f"{base}/collections/{quote(layer.id, safe='')}"
    doc: dict[str, Any] = {
        "id": layer.id,
        "title": layer.title,
        "description": layer.description or (CURATED_LAYER if layer.origin == "curated" else EDITORS_LAYER) % {
            "layer": layer.title, "count": item.count},
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            _link(url, "self", JSON, N_("this collection")),
            _link(f"{url}?f=html", "alternate", HTML, N_("this collection as HTML")),
            _link(f"{url}/items", "items", GEOJSON, FEATURES_OF % {"layer": layer.title}),
            _link(f"{url}/items?f=html", "items", HTML, FEATURES_OF_AS_HTML % {"layer": layer.title}),
            _link(f"{url}/schema", DESCRIBED_BY_REL, SCHEMA, DESCRIBED_BY),
            *(_link(f"{base.rsplit('/', 1)[0]}/api/layers/{quote(layer.id, safe='')}.{ext}", "enclosure",
                    media, WHOLE_LAYER_AS % {"format": label})
              for ext, media, label in DOWNLOADS),
        ],
        "numberOfFeatures": item.count,
        "queryables": sorted(item.queryables),
    }
    extent = item.extent
    if extent is not None:
        doc["extent"] = {"spatial": {"bbox": [list(extent)], "crs": CRS84}}
    return doc


def collections_doc(store: Store, base: str, fmt: str = "json") -> dict[str, Any]:
    """Every layer as a collection, each with its extent and its items link."""
    return {
        "links": _self_and_alternate(f"{base}/collections", fmt),
        "collections": [_collection_doc(item, base) for item in collections(store)],
    }


def collection_doc(store: Store, base: str, collection_id: str, fmt: str = "json") -> dict[str, Any]:
    """One collection, as `collections_doc` describes it, with its own self link."""
    doc = _collection_doc(collection(store, collection_id), base)
    url = f"{base}/collections/{quote(collection_id, safe='')}"
    doc["links"] = _self_and_alternate(url, fmt) + doc["links"][2:]
    return doc


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
            _link(url, "self", GEOJSON, N_("this feature")),
            _link(f"{url}?f=html", "alternate", HTML, N_("this feature as HTML")),
            _link(f"{base}/collections/{quote(collection_id, safe='')}", "collection", JSON, N_("its collection")),
            _link(f"{root}/api/commitments?{urlencode({'feature': feature['id']})}", "related", JSON,
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
    ids = [feature_id for feature_id, properties in _stored_properties(store, layer_id)
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
    links = _self_and_alternate(url, fmt, GEOJSON, query.link_args())
    media = GEOJSON if fmt == "json" else HTML
    if query.offset + len(page) < number_matched:
        links.append(_link(f"{url}?{urlencode({**query.link_args(offset=query.offset + query.limit), 'f': fmt})}",
                           "next", media, N_("the next page")))
    if query.offset > 0:
        previous = max(0, query.offset - query.limit)
        links.append(_link(f"{url}?{urlencode({**query.link_args(offset=previous), 'f': fmt})}",
                           "prev", media, N_("the previous page")))
    links.append(_link(f"{base}/collections/{quote(collection_id, safe='')}", "collection", JSON, N_("the collection")))
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
    doc["links"][:2] = _self_and_alternate(doc["links"][0]["href"], fmt, GEOJSON)
    return doc
