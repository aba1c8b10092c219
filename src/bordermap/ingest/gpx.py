"""GPX uploads: which of GDAL's five layers to read, and the checks GDAL's GPX reader leaves out.

A GPX file (from a GPS receiver, or `ogr2ogr -f GPX`) always has GDAL's five layers: waypoints,
routes, tracks, and the points of each route and track. GDAL reads a number it cannot parse in
`lat`/`lon` as another place, skips a point without one, and reads a file cut short without a
word: `formats` checks the file as XML and its positions as written (here) before GDAL reads it.
"""

from __future__ import annotations

import re
from typing import Any
from xml.parsers import expat

import pyogrio

from . import gdal_errors
from .explain import feature_named, quoted
from .gdal_errors import Unreadable
from .problems import Problem

# GPX: the layers one of which is read without a choice when it alone holds features (route_points
# and track_points repeat the routes and tracks), the points of each route and track, and for each of
# GDAL's layers the element a feature is and the one that holds its positions.
GPX_LAYERS = ("waypoints", "routes", "tracks")
_POINTS_OF = {"routes": "route_points", "tracks": "track_points"}
_GPX_ELEMENTS = {"waypoints": ("wpt", "wpt"), "routes": ("rte", "rtept"), "tracks": ("trk", "trkpt"),
                 "route_points": ("rtept", "rtept"), "track_points": ("trkpt", "trkpt")}
_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_GPX_NAME = re.compile(r"<(?:[\w.-]+:)?name\s*>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</(?:[\w.-]+:)?name\s*>", re.S)
_LAT_LON = re.compile(r"""(?<![\w:.-])(lat|lon)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# A number as GDAL reads it whole (C's strtod: "11,07" would be read as 11, "abc" as 0).
_GPX_NUMBER = re.compile(r"[ \t\r\n]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\r\n]*")
# GDAL names an <extensions> element of its own namespace (what ogr2ogr writes a field as) ogr_<field>.
_GDAL_NAMESPACE = re.compile(rb"""xmlns:ogr\s*=\s*["']http://osgeo\.org/gdal["']""")


def layers_with_features(path: str, unreadable: Unreadable) -> list[str]:
    """Which of a GPX file's waypoints, routes and tracks hold features."""
    try:
        return [name for name in GPX_LAYERS
                if pyogrio.read_info(path, layer=name, force_feature_count=True)["features"] > 0]
    except Exception as error:  # noqa: BLE001 - said in our words, GDAL's detail after them
        raise unreadable(error) from None


def offered(layers: list[str]) -> list[str]:
    """The layers a reader chooses from: those of `layers_with_features`, each route and track layer
    followed by its points (each point a feature with its elevation and time), as the API and the
    command line read them when named."""
    return [name for layer in layers for name in (layer, _POINTS_OF.get(layer)) if name]


def check_xml(raw: bytes, what: str) -> None:
    """MalformedInput for an XML file that is not well-formed (cut short, say: GDAL's GPX reader
    reads the features before the cut and says nothing)."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(raw, True)
    except expat.ExpatError as error:
        raise gdal_errors.not_well_formed(what, error.lineno, expat.ErrorString(error.code)) from None


def position_problems(raw: bytes, layer: str) -> list[Problem]:
    """Every `lat` or `lon` of the features of a GPX file's `layer` that is missing or not a plain
    number (GDAL would skip the point, or read it as another place), named by feature and point."""
    feature_tag, point_tag = _GPX_ELEMENTS[layer]
    text = _XML_COMMENT.sub("", raw.decode("utf-8", "replace"))
    element = re.compile(rf"<(?:[\w.-]+:)?{feature_tag}(?=[\s/>])[^>]*?(?:/>|>.*?</(?:[\w.-]+:)?{feature_tag}\s*>)",
                         re.S)
    point = re.compile(rf"<(?:[\w.-]+:)?{point_tag}(?=[\s/>])([^>]*)>")
    found = []
    for number, feature in enumerate(element.finditer(text), 1):
        body = feature.group()
        points = list(point.finditer(body))
        before = body if feature_tag == point_tag or not points else body[:points[0].start()]
        named = _GPX_NAME.search(before)
        who = feature_named(number, " ".join(named.group(1).split()) if named else None)
        for k, tag in enumerate(points, 1):
            given = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                     for m in _LAT_LON.finditer(tag.group(1))}
            where = who if feature_tag == point_tag else f"{who}, point {k}"
            for attribute in ("lat", "lon"):
                value = given.get(attribute)
                if value is None:
                    found.append(Problem(where, f"{attribute} is missing; expected a number"))
                elif not _GPX_NUMBER.fullmatch(value):
                    found.append(Problem(where, f"{attribute} is {quoted(value)}, not a number"))
    return found


def columns(raw: bytes, names: list[str], table: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    """A GPX layer's fields without those null on every feature (GDAL gives every layer GPX's twenty
    standard fields, magvar, geoidheight, link2_type…, whatever the file writes; a GPX file writes no
    element for a null value), and a field ogr2ogr wrote under its own name again (ogr_name_km: name_km)."""
    kept = [k for k, column in enumerate(table) if any(value is not None for value in column)]
    names, table = [names[k] for k in kept], [table[k] for k in kept]
    if _GDAL_NAMESPACE.search(raw[:4096]):
        taken = set(names)
        names = [name[4:] if name.startswith("ogr_") and name[4:] not in taken else name for name in names]
    return names, table
