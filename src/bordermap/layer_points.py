"""A large layer's positions as one compact binary body, and which layers count as large.

A map page cannot take a million points as GeoJSON (about 190 MB, and parsing it alone blocks
the page for seconds). A large layer hidden at first is fetched only when the reader switches
it on, and a point layer then comes as this body (`GET /api/layers/<id>/points`), which the
page reads with `arrayBuffer()` and draws in slices (static/bigbody.js reads it, bigdraw.js
draws it). Little-endian:

    offset 0        4 bytes   b"BMPT"
    offset 4        uint32    format version (1)
    offset 8        uint32    n, the number of positions
    offset 12       uint32    the number of features that are not points (not in the body)
    offset 16       n × 2 float64   longitude, latitude of each position, in the layer's order
    then            n × uint32      where each position's feature id ends in the id bytes
    then            the ids, UTF-8, one after another

A MultiPoint gives one position per point, each with the feature's id. The floats are those
of the layer's GeoJSON (`/api/features?layer=`) exactly.
"""

from __future__ import annotations

import struct
import sys
from array import array
from typing import Any

from .model import Layer
from .store import Store

MAGIC = b"BMPT"
VERSION = 1
MEDIA_TYPE = "application/vnd.bordermap.points"

# A layer with more features than this is large: it starts switched off on the map page (a
# million points as GeoJSON are about 190 MB) and is fetched only when the reader switches it
# on, a point layer as the body above. 50,000 points still draw as GeoJSON in a second or so
# (make bench, "+ 50,000 points"), so layers up to that stay as they were: shown at first,
# searched by the page, listed with their places. 100,000 points shown at first held every
# reader's first view for 4 s on a desktop and 7 s on a slow phone.
LARGE_LAYER_FEATURES = 50_000
# A layer hidden at first (layers.toml) is never drawn with the first view; over this many
# features it is not fetched after the first view either, only when it is switched on.
HIDDEN_LARGE_FEATURES = 10_000


def is_big(layer: Layer) -> bool:
    """Whether the page loads `layer` only when the reader switches it on (it starts off)."""
    limit = HIDDEN_LARGE_FEATURES if not layer.visible else LARGE_LAYER_FEATURES
    return layer.feature_count > limit


def points_body(store: Store, layer_id: str) -> bytes:
    """The body described above for one layer (NotFound for an unknown id)."""
    coordinates = array("d")
    ends = array("I")
    ids = bytearray()
    others = 0
    for chunk in store.layer_points(layer_id):
        for feature_id, lon, lat in chunk:
            if lon is None or lat is None:
                others += 1
                continue
            coordinates.append(lon)
            coordinates.append(lat)
            ids += feature_id.encode("utf-8")
            ends.append(len(ids))
    if sys.byteorder != "little":
        coordinates.byteswap()
        ends.byteswap()
    head = MAGIC + struct.pack("<III", VERSION, len(ends), others)
    return b"".join((head, coordinates.tobytes(), ends.tobytes(), bytes(ids)))


def read_points(body: bytes) -> dict[str, Any]:
    """The body read back: {"ids": [...], "coordinates": [[lon, lat], ...], "others": n}."""
    if body[:4] != MAGIC:
        raise ValueError("not a bordermap points body")
    version, count, others = struct.unpack_from("<III", body, 4)
    coordinates = array("d", body[16:16 + 16 * count])
    ends = array("I", body[16 + 16 * count:16 + 20 * count])
    if sys.byteorder != "little":
        coordinates.byteswap()
        ends.byteswap()
    text = body[16 + 20 * count:]
    starts = [0, *ends[:-1]] if count else []
    return {"version": version, "others": others,
            "ids": [text[s:e].decode("utf-8") for s, e in zip(starts, ends, strict=True)],
            "coordinates": [[coordinates[2 * i], coordinates[2 * i + 1]] for i in range(count)]}


def layer_points_body(store: Store, layer_id: str) -> bytes:
    """`points_body`, built again only when the layer's features may have changed
    (`Store.layer_version`, NotFound for an unknown layer): a change elsewhere (a commitment, a
    small layer) does not make the next reader wait seconds for a million points again."""
    from . import queries

    return queries.cached(store, ("points", layer_id), (store.layer_version(layer_id),),
                          lambda: points_body(store, layer_id))
