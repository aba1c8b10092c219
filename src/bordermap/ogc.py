"""OGC API – Features, Part 1 (Core): the documents it answers, as plain functions over a store.

Each function takes the store, the API's root URL (`base`, e.g. `http://host/ogc`) and the
parsed request, and returns the JSON document as a dict; the web layer only chooses JSON or
HTML and adds headers. Every layer is a collection; its items are the layer's features.
Spatial filtering (`bbox`) is done here on each feature's bounding box, computed once per
state of the data, so it works the same whatever store keeps the features.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping
from urllib.parse import quote, urlencode

from . import queries
from .errors import MalformedInput, NotFound
from .model import Layer
from .store import Store

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# Query parameters every items request understands; any other name must be a queryable.
ITEMS_PARAMETERS = ("f", "bbox", "limit", "offset", "datetime")
TITLE = "bordermap: what Cambodia and Viet Nam agree to build along their border"

Box = tuple[float, float, float, float]


# ----------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class ItemsQuery:
    """A checked items request: paging, bbox, datetime interval and property filters."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    bbox: Box | None = None
    datetime: tuple[str | None, str | None] | None = None
    filters: dict[str, str] = field(default_factory=dict)

    def link_args(self, **changes: Any) -> dict[str, str]:
        """The query string that asks for this request again, with `changes` applied."""
        args: dict[str, str] = dict(self.filters)
        if self.bbox is not None:
            args["bbox"] = ",".join(_number(value) for value in self.bbox)
        if self.datetime is not None:
            start, end = self.datetime
            args["datetime"] = start if start == end else f"{start or '..'}/{end or '..'}"
        args["limit"] = str(changes.get("limit", self.limit))
        args["offset"] = str(changes.get("offset", self.offset))
        return args


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def refuse_unknown(args: Iterable[str], allowed: Iterable[str], hint: str = "") -> None:
    """MalformedInput (400) naming every query parameter not in `allowed` (and `hint`, if any)."""
    allowed = set(allowed)
    unknown = sorted({name for name in args if name not in allowed})
    if unknown:
        raise MalformedInput(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} {', '.join(repr(n) for n in unknown)}; "
            f"this resource takes {', '.join(sorted(allowed)) or 'none'}" + (f"; {hint}" if hint else "")
        )


def _whole(name: str, text: str, minimum: int) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < minimum:
        raise MalformedInput(f"{name}: expected a whole number of at least {minimum}, got {text!r}")
    return int(text)


def parse_bbox(text: str) -> Box:
    """`minLon,minLat,maxLon,maxLat` (6 numbers: the heights are ignored) in CRS84 degrees."""
    parts = text.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(parts) not in (4, 6) or len(numbers) != len(parts) or not all(math.isfinite(n) for n in numbers):
        raise MalformedInput(f"bbox: expected 4 or 6 comma-separated numbers "
                             f"(minLon,minLat,maxLon,maxLat), got {text!r}")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    west, south, east, north = numbers
    if south > north:
        raise MalformedInput(f"bbox: the southern edge {south} is north of the northern edge {north}")
    if not (-90 <= south <= 90 and -90 <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise MalformedInput(f"bbox: expected longitudes in -180..180 and latitudes in -90..90, got {text!r}")
    return (west, south, east, north)


_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$", re.IGNORECASE)


def parse_datetime(text: str) -> tuple[str | None, str | None]:
    """An RFC 3339 instant, or an interval `start/end` with `..` (or nothing) for an open end."""
    parts = text.split("/")
    if len(parts) > 2 or not text:
        raise MalformedInput(f"datetime: expected an RFC 3339 date-time or an interval start/end, got {text!r}")
    ends: list[str | None] = []
    for part in parts:
        if part in ("", "..") and len(parts) == 2:
            ends.append(None)
        elif _INSTANT.match(part):
            ends.append(part.upper())
        else:
            raise MalformedInput(f"datetime: {part!r} is not an RFC 3339 date or date-time "
                                 "(such as 2025-12-08 or 2025-12-08T09:00:00Z) nor '..'")
    if len(ends) == 1:
        return (ends[0], ends[0])
    if ends == [None, None]:
        raise MalformedInput("datetime: an interval needs at least one end")
    return (ends[0], ends[1])


def parse_items_query(args: Mapping[str, str], queryables: Iterable[str]) -> ItemsQuery:
    """Check an items request's parameters; 400 for an unknown name or a malformed value.

    A `limit` above the maximum is not an error: the maximum is used (Part 1 says so).
    """
    queryables = list(queryables)
    refuse_unknown(args, (*ITEMS_PARAMETERS, *queryables))
    limit = min(_whole("limit", args["limit"], 1), MAX_LIMIT) if "limit" in args else DEFAULT_LIMIT
    offset = _whole("offset", args["offset"], 0) if "offset" in args else 0
    return ItemsQuery(
        limit=limit,
        offset=offset,
        bbox=parse_bbox(args["bbox"]) if "bbox" in args else None,
        datetime=parse_datetime(args["datetime"]) if "datetime" in args else None,
        filters={name: args[name] for name in queryables if name in args},
    )


# ----------------------------------------------------------------------------- geometry
def geometry_bbox(geometry: Mapping[str, Any] | None) -> Box | None:
    """The bounding box of a GeoJSON geometry, or None when it has no positions."""
    if not geometry:
        return None
    xs: list[float] = []
    ys: list[float] = []
    stack: list[Any] = []
    if geometry.get("type") == "GeometryCollection":
        stack.extend(part.get("coordinates", []) for part in geometry.get("geometries", []))
    else:
        stack.append(geometry.get("coordinates", []))
    while stack:
        coords = stack.pop()
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            stack.extend(coords)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _intersects(box: Box, query: Box) -> bool:
    west, south, east, north = query
    if box[1] > north or box[3] < south:
        return False
    if west <= east:
        return box[0] <= east and box[2] >= west
    # A query box across the antimeridian (west > east) is two boxes.
    return box[2] >= west or box[0] <= east


def _union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


# ----------------------------------------------------------------------------- the data
@dataclass(frozen=True)
class Collection:
    """A layer with its features, each feature's bounding box and the layer's queryables."""

    layer: Layer
    features: list[dict[str, Any]]
    boxes: list[Box | None]
    queryables: dict[str, str]  # property name → JSON type ("string", "number", ...)

    @property
    def extent(self) -> Box | None:
        return _union(box for box in self.boxes if box is not None)


_SCALAR_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"))
# Computed by the store or structural: not filters a client can use.
_NOT_QUERYABLE = {"layer", "commitments"}


def _queryables(features: list[dict[str, Any]]) -> dict[str, str]:
    """Property names whose values are all text, numbers or booleans (where present)."""
    kinds: dict[str, set[str]] = {}
    for feature in features:
        for name, value in (feature.get("properties") or {}).items():
            if value is None:
                continue
            kind = next((label for cls, label in _SCALAR_TYPES if isinstance(value, cls)), "other")
            kinds.setdefault(name, set()).add(kind)
    chosen = {}
    for name, found in kinds.items():
        if name in _NOT_QUERYABLE or name in ITEMS_PARAMETERS or "other" in found:
            continue
        chosen[name] = found.pop() if len(found) == 1 else ("number" if found <= {"integer", "number"} else "string")
    return chosen


def collection(store: Store, collection_id: str) -> Collection:
    """A layer as a collection, built once per state of the data; NotFound for an unknown id."""
    layer = store.layer(collection_id)

    def build() -> Collection:
        features = store.features(collection_id)
        return Collection(layer, features, [geometry_bbox(f.get("geometry")) for f in features],
                          _queryables(features))

    return queries.cached(store, ("ogc-collection", collection_id), queries.data_state(store), build)


def collections(store: Store) -> list[Collection]:
    """Every layer as a collection, in the map's order."""
    return [collection(store, layer.id) for layer in store.layers()]


# ----------------------------------------------------------------------------- documents
def _link(href: str, rel: str, type_: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": type_, "title": title}


def _self_and_alternate(url: str, fmt: str, json_type: str = JSON, args: Mapping[str, str] | None = None) -> list[dict]:
    """`self` in the format answered, `alternate` in the other, both asking for it by `f=`."""
    kinds = {"json": (json_type, "this document as JSON"), "html": (HTML, "this document as HTML")}
    links = []
    for name, (media, title) in kinds.items():
        query = urlencode({**(args or {}), "f": name})
        links.append(_link(f"{url}?{query}", "self" if name == fmt else "alternate", media, title))
    return sorted(links, key=lambda link: link["rel"] != "self")


def landing_page(store: Store, base: str, fmt: str = "json") -> dict[str, Any]:
    """The API's root: what it is and where its definition, conformance and data are."""
    return {
        "title": TITLE,
        "description": "The layers of the bordermap map (checkpoints, expressways, rail, provinces "
                       "and users' layers) as OGC API – Features collections. Each feature links to "
                       "the commitments that name it.",
        "links": [
            *_self_and_alternate(base, fmt),
            _link(f"{base}/api", "service-desc", OPENAPI, "the API definition (OpenAPI 3.0, JSON)"),
            _link(f"{base}/api?f=html", "service-doc", HTML, "the API definition, to read"),
            _link(f"{base}/conformance", "conformance", JSON, "the conformance classes this API implements"),
            _link(f"{base}/collections", "data", JSON, "the collections (one per layer)"),
            _link(f"{base.rsplit('/', 1)[0]}/api/licences", "license", JSON,
                  "the licences and attributions of the data"),
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
        "description": layer.description or f"{layer.title} ({layer.origin} layer of kind {layer.kind}, "
                                            f"{len(item.features)} features)",
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            _link(url, "self", JSON, "this collection"),
            _link(f"{url}?f=html", "alternate", HTML, "this collection as HTML"),
            _link(f"{url}/items", "items", GEOJSON, f"the features of {layer.title}"),
            _link(f"{url}/items?f=html", "items", HTML, f"the features of {layer.title} as HTML"),
            _link(f"{base.rsplit('/', 1)[0]}/api/layers/{quote(layer.id, safe='')}.geojson", "enclosure",
                  GEOJSON, "the whole layer as one GeoJSON file"),
        ],
        "numberOfFeatures": len(item.features),
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


def _matches(feature: dict[str, Any], filters: Mapping[str, str]) -> bool:
    properties = feature.get("properties") or {}
    for name, wanted in filters.items():
        value = properties.get(name)
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = None if value is None else str(value)
        if text != wanted and not (isinstance(value, (int, float)) and not isinstance(value, bool)
                                   and _same_number(value, wanted)):
            return False
    return True


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
            _link(url, "self", GEOJSON, "this feature"),
            _link(f"{url}?f=html", "alternate", HTML, "this feature as HTML"),
            _link(f"{base}/collections/{quote(collection_id, safe='')}", "collection", JSON, "its collection"),
            _link(f"{root}/api/commitments?{urlencode({'feature': feature['id']})}", "related", JSON,
                  "the commitments that name this feature"),
        ],
    }


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def items(store: Store, base: str, collection_id: str, args: Mapping[str, str], fmt: str = "json") -> dict[str, Any]:
    """One page of a collection's features, filtered by bbox, datetime and properties.

    No feature carries a time yet (the status history is still to come), so a `datetime`
    filter is checked and then matches none: only features whose time meets it may be returned.
    """
    item = collection(store, collection_id)
    query = parse_items_query(args, item.queryables)
    matched: list[dict[str, Any]] = []
    if query.datetime is None:
        for feature, box in zip(item.features, item.boxes):
            if query.bbox is not None and (box is None or not _intersects(box, query.bbox)):
                continue
            if query.filters and not _matches(feature, query.filters):
                continue
            matched.append(feature)
    page = matched[query.offset:query.offset + query.limit]
    url = f"{base}/collections/{quote(collection_id, safe='')}/items"
    links = _self_and_alternate(url, fmt, GEOJSON, query.link_args())
    media = GEOJSON if fmt == "json" else HTML
    if query.offset + len(page) < len(matched):
        links.append(_link(f"{url}?{urlencode({**query.link_args(offset=query.offset + query.limit), 'f': fmt})}",
                           "next", media, "the next page"))
    if query.offset > 0:
        previous = max(0, query.offset - query.limit)
        links.append(_link(f"{url}?{urlencode({**query.link_args(offset=previous), 'f': fmt})}",
                           "prev", media, "the previous page"))
    links.append(_link(f"{base}/collections/{quote(collection_id, safe='')}", "collection", JSON, "the collection"))
    return {
        "type": "FeatureCollection",
        "features": [_feature_doc(feature, base, collection_id) for feature in page],
        "links": links,
        "timeStamp": _now(),
        "numberMatched": len(matched),
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
