"""OGC API – Features, Part 1 (Core): the documents it answers, as plain functions over a store.

Each function takes the store, the API's root URL (`base`, e.g. `http://host/ogc`) and the
parsed request, and returns the JSON document as a dict; the web layer only chooses JSON or
HTML and adds headers. Every layer is a collection (`ogc_collections`); its items are the layer's
features (`ogc_items`). Here: the API's constants, the link titles, the landing page, the
conformance classes and the collections' documents.
"""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import quote, urlencode

from .i18n import N_
from .ogc_collections import Collection, collection, collections
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



# ----------------------------------------------------------------------------- documents
DESCRIPTION = N_("The layers of the bordermap map (checkpoints, expressways, rail, provinces and users' "
                 "layers) as OGC API – Features collections. Each feature links to the commitments that "
                 "name it.")
# Link titles made from a layer's title or a file format: app/ogc_html.py reads them back to say
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


def link(href: str, rel: str, type_: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": type_, "title": title}


def self_and_alternate(url: str, fmt: str, json_type: str = JSON, args: Mapping[str, str] | None = None) -> list[dict]:
    """`self` in the format answered, `alternate` in the other, both asking for it by `f=`."""
    kinds = {"json": (json_type, N_("this document as JSON")), "html": (HTML, N_("this document as HTML"))}
    links = []
    for name, (media, title) in kinds.items():
        query = urlencode({**(args or {}), "f": name})
        links.append(link(f"{url}?{query}", "self" if name == fmt else "alternate", media, title))
    return sorted(links, key=lambda link: link["rel"] != "self")


def landing_page(store: Store, base: str, fmt: str = "json") -> dict[str, Any]:
    """The API's root: what it is and where its definition, conformance and data are."""
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "links": [
            *self_and_alternate(base, fmt),
            link(f"{base}/api", "service-desc", OPENAPI, N_("the API definition (OpenAPI 3.0, JSON)")),
            link(f"{base}/api?f=html", "service-doc", HTML, N_("the API definition, to read")),
            link(f"{base}/conformance", "conformance", JSON, N_("the conformance classes this API implements")),
            link(f"{base}/collections", "data", JSON, N_("the collections (one per layer)")),
            link(f"{base.rsplit('/', 1)[0]}/api/licences", "license", JSON,
                 N_("the licences and attributions of the data")),
        ],
    }


def conformance(base: str, fmt: str = "json") -> dict[str, Any]:
    """The conformance classes of Part 1 this API implements."""
    return {"conformsTo": list(CONFORMANCE), "links": self_and_alternate(f"{base}/conformance", fmt)}


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
            link(url, "self", JSON, N_("this collection")),
            link(f"{url}?f=html", "alternate", HTML, N_("this collection as HTML")),
            link(f"{url}/items", "items", GEOJSON, FEATURES_OF % {"layer": layer.title}),
            link(f"{url}/items?f=html", "items", HTML, FEATURES_OF_AS_HTML % {"layer": layer.title}),
            link(f"{url}/schema", DESCRIBED_BY_REL, SCHEMA, DESCRIBED_BY),
            *(link(f"{base.rsplit('/', 1)[0]}/api/layers/{quote(layer.id, safe='')}.{ext}", "enclosure",
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
        "links": self_and_alternate(f"{base}/collections", fmt),
        "collections": [_collection_doc(item, base) for item in collections(store)],
    }


def collection_doc(store: Store, base: str, collection_id: str, fmt: str = "json") -> dict[str, Any]:
    """One collection, as `collections_doc` describes it, with its own self link."""
    doc = _collection_doc(collection(store, collection_id), base)
    url = f"{base}/collections/{quote(collection_id, safe='')}"
    doc["links"] = self_and_alternate(url, fmt) + doc["links"][2:]
    return doc
