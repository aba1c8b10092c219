"""A layer as a GIS file: GeoPackage, CSV (WKT), FlatGeobuf, KML or zipped Shapefile.

Written with geopandas and pyogrio (GDAL), built once per state of the data and format.
Properties become columns: text, numbers and booleans keep their type when every value of
the column has it; lists and objects (such as `sources` or `commitments`) are JSON text; ISO
dates are Date fields where the format has them; CSV writes booleans as true and false. Each
feature keeps its own geometry type (Polygon or MultiPolygon) where the format allows a layer of
several. Positions are two-dimensional, in KML too (GDAL writes an altitude of 0, taken off).
The licence and attribution go inside the file where the format has a place for them
(GeoPackage metadata, FlatGeobuf and KML descriptions) and as LICENSE.txt in the zip. A feature
whose status comes from its dated events has today's, as the map shows it (`tracking.as_of_today`).
GeoJSON downloads are `bordermap.edits.layer_geojson`.

Here: a layer's file built and kept (at most KEPT_BYTES in all); the columns are made in
`download_columns`, the files written in `download_formats` and `download_shapefile`.
"""

from __future__ import annotations

import tempfile
import threading
import weakref
from collections import OrderedDict
from pathlib import Path

from . import licences, tracking
from .download_columns import frame
from .download_formats import FORMATS, write
from .download_shapefile import shapefile_zip
from .errors import NotFound
from .ingest import kml_coordinates
from .model import Layer
from .store import Store


def build(store: Store, layer: Layer, fmt_key: str) -> bytes:
    """The bytes of one layer's download in one format (see FORMATS)."""
    fmt = FORMATS[fmt_key]
    data = frame(tracking.as_of_today(store, store.features(layer.id)))
    licence = licences.text(layer)
    with tempfile.TemporaryDirectory(prefix="bordermap-download-") as tmp:
        folder = Path(tmp)
        if fmt_key == "shp.zip":
            (folder / "shp").mkdir()
            return shapefile_zip(data, folder / "shp", layer, licence)
        path = folder / f"{layer.id}{fmt.suffix}"
        write(data, path, fmt, layer, licence, layer.id)
        return kml_coordinates.on_the_ground(path.read_bytes()) if fmt.driver == "LIBKML" else path.read_bytes()


# Built files, newest last, by (store, layer, format, layer version); at most KEPT_BYTES in all,
# so a few large layers cannot fill the server's memory. Builds run one at a time: parallel
# requests for the same file wait for one build instead of each making it.
KEPT_BYTES = 128 * 1024 * 1024
_kept: "OrderedDict[tuple, bytes]" = OrderedDict()
_kept_lock = threading.Lock()
_build_lock = threading.Lock()


def _cached(key: tuple) -> bytes | None:
    with _kept_lock:
        body = _kept.get(key)
        if body is not None:
            _kept.move_to_end(key)
        return body


def _keep(key: tuple, body: bytes) -> None:
    with _kept_lock:
        _kept[key] = body
        total = sum(len(value) for value in _kept.values())
        while total > KEPT_BYTES and len(_kept) > 1:
            _, dropped = _kept.popitem(last=False)
            total -= len(dropped)


def layer_file(store: Store, layer_id: str, fmt_key: str) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of a layer's download; NotFound for an unknown layer or format."""
    if fmt_key not in FORMATS:
        raise NotFound(f"no download format {fmt_key!r}; there are {', '.join(FORMATS)} and geojson")
    layer = store.layer(layer_id)
    # A weak reference: equal only to one of the same live store, and it does not keep it alive.
    # Built again when the layer's features may have changed, or their statuses today (a status
    # event, or a day that brings one in), not on any change to the data.
    key = (weakref.ref(store), layer_id, fmt_key, store.layer_version(layer_id), tracking.statuses_today(store)[2])
    body = _cached(key)
    if body is None:
        with _build_lock:
            body = _cached(key)
            if body is None:
                body = build(store, layer, fmt_key)
                _keep(key, body)
    return f"{layer.id}{FORMATS[fmt_key].suffix}", FORMATS[fmt_key].media_type, body
