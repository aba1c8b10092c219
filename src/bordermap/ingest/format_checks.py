"""The GIS formats an upload may be in, by the names a problem gives them, and the checks a file
in one takes around GDAL's read: its content of the kind it was taken for, the driver GDAL
chose, a KML file's coordinates as written, a FlatGeobuf file cut short, a file that holds no
features.
"""

from __future__ import annotations

import re

from ..errors import InvalidInput, MalformedInput
from ..i18n import N_
from . import flatgeobuf, kml_coordinates
from .explain import quoted
from .parse import Limits
from .problems import raise_for

NAMES = {"gpkg": "GeoPackage", "zip": N_("zipped Shapefile"), "kml": "KML", "csv": "CSV", "fgb": "FlatGeobuf",
         "gpx": "GPX"}


# The GDAL drivers each kind of upload is read with; any other (a VRT, say, which opens files
# and addresses it names) is refused before a row is read (review 21, F1).
_DRIVERS = {"gpkg": {"GPKG"}, "zip": {"ESRI Shapefile"}, "kml": {"LIBKML", "KML"}, "csv": {"CSV"},
            "fgb": {"FlatGeobuf"}, "gpx": {"GPX"}}


_XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)[\s>/]")


def _root_element(raw: bytes) -> str | None:
    """The name of an XML file's first element, without its prefix (None: no element in its head),
    passing over the declaration, comments, processing instructions and a DOCTYPE."""
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", raw[:8192], flags=re.S)
    found = _XML_ROOT.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def refuse_other_content(raw: bytes, kind: str, filename: str) -> None:
    """MalformedInput for a file whose content is not of the kind it was taken for: a KML or GPX
    file is XML whose first element is <kml> or <gpx>; a CSV file is no XML at all. GDAL would
    choose a driver by the content, whatever the name or the kind (review rv22c, F1: a GDAL
    virtual dataset sent as "KML" or "CSV")."""
    if kind in ("kml", "gpx"):
        root = _root_element(raw)
        if root != kind:
            raise MalformedInput(f"the file is not a {NAMES[kind]} file: its first element is "
                                 f"{quoted('<' + root + '>') if root else 'missing'}, where a {NAMES[kind]} "
                                 f"file starts with <{kind}>")
    elif kind == "csv" and raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise MalformedInput("the file is not a CSV file: it holds XML (it starts with “<”); upload the table "
                             "itself, saved as CSV")


def check_driver(driver: str | None, kind: str, kmz: bool) -> None:
    expected = _DRIVERS["kml"] if kmz else _DRIVERS[kind]
    if driver not in expected:
        raise MalformedInput(f"the file is not a {'KMZ' if kmz else NAMES[kind]} file GDAL reads as such "
                             f"(it reads as {driver or 'nothing it knows'}): upload the {NAMES[kind]} file itself")

def check_coordinates(raw: bytes, kind: str, members: list[str], limits: Limits) -> None:
    """InvalidInput naming every coordinate of a KML file (or of the KML in a KMZ) that GDAL
    would read as another place than the file writes."""
    if kind == "kml":
        raise_for(kml_coordinates.problems(raw))
    elif any(name.lower().endswith(".kml") for name in members):
        raise_for(kml_coordinates.archive_problems(raw, limits.max_bytes))


def check_whole(raw: bytes) -> None:
    """MalformedInput for a FlatGeobuf file that ends before the features its header announces
    (GDAL would say "no layer", or a parsing error, or read the features before the cut)."""
    short = flatgeobuf.shortfall(raw)
    if short == (-1, 0):
        raise MalformedInput("the FlatGeobuf file is cut short: it ends inside its header, before any feature")
    if short is not None:
        raise MalformedInput(f"the FlatGeobuf file is cut short: its header announces {short[0]:,} features, "
                             f"{short[1]:,} could be read")


def count_read(kind: str, announced: int, read: int, layer: str, layers: int) -> None:
    """MalformedInput for a FlatGeobuf file cut short, InvalidInput for a file (or a chosen layer)
    that holds no features."""
    if kind == "fgb" and announced > read:  # GDAL stops without an error where the file ends
        raise MalformedInput(f"the FlatGeobuf file is cut short: its header announces {announced:,} features, "
                             f"{read:,} could be read")
    if not read:
        raise InvalidInput(f"the layer {quoted(layer)} holds no features" if layers > 1
                           else "the file holds no features")
