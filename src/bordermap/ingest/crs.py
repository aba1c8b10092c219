"""Coordinate reference systems of uploads: read a CRS given as a code or declared in a file's
legacy `crs` member, and reproject from it to EPSG:4326 [lon, lat]."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from .problems import Problem, to_json

WGS84 = "EPSG:4326"
_LONLAT_CRS = {"EPSG:4326", "OGC:CRS84"}
_CODE = re.compile(r"^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[0-9.]*:)?(\d{4,6})$", re.I)
_CRS84 = re.compile(r"^(?:OGC:)?CRS:?84$|^urn:ogc:def:crs:OGC:[0-9.]*:CRS84$", re.I)
CRS_HINT = "e.g. EPSG:32648 (WGS 84 / UTM zone 48N) or EPSG:3405 (VN-2000 / UTM zone 48N)"


def crs_name(text: str) -> str:
    """The canonical name of a CRS given as a code (EPSG:32648, 32648, an OGC URN, CRS84).

    Raises ValueError with a message for anything else or a code pyproj does not know.
    """
    text = text.strip()
    if _CRS84.match(text):
        return "OGC:CRS84"
    match = _CODE.match(text)
    if not match:
        raise ValueError(f"expected a CRS code such as EPSG:32648, got {text!r}")
    name = f"EPSG:{int(match.group(1))}"
    try:
        _crs(name)
    except CRSError:
        raise ValueError(f"unknown CRS {name}: it is not in the EPSG register that pyproj knows") from None
    return name


@lru_cache(maxsize=32)
def _crs(name: str) -> CRS:
    return CRS.from_user_input(name)


@lru_cache(maxsize=32)
def _transformer(name: str) -> Transformer:
    return Transformer.from_crs(_crs(name), WGS84, always_xy=True)


def crs_title(name: str) -> str:
    """`EPSG:32648 (WGS 84 / UTM zone 48N)`."""
    return f"{name} ({_crs(name).name})"


def crs_from_member(member: Any) -> tuple[str | None, list[Problem]]:
    """The CRS a legacy GeoJSON 2008 `crs` member names (type "name" or "EPSG")."""
    if member is None:
        return None, []
    if not isinstance(member, dict) or not isinstance(member.get("properties"), dict):
        return None, [Problem("crs", 'expected {"type": "name", "properties": {"name": "EPSG:…"}}, '
                                     f"got {to_json(member)[:80]}")]
    kind, props = member.get("type"), member["properties"]
    if kind == "name" and isinstance(props.get("name"), str):
        text = props["name"]
    elif kind == "EPSG" and isinstance(props.get("code"), (int, str)):
        text = f"EPSG:{props['code']}"
    else:
        return None, [Problem("crs", f"expected a named CRS (type \"name\" or \"EPSG\"), got type {kind!r}; "
                                     f"give the CRS as a code instead, {CRS_HINT}")]
    try:
        return crs_name(text), []
    except ValueError as exc:
        return None, [Problem("crs.properties", str(exc))]


def is_lonlat(name: str | None) -> bool:
    return name is None or name in _LONLAT_CRS


def is_geographic(name: str) -> bool:
    return _crs(name).is_geographic


def to_lonlat(geoms: np.ndarray, source: str | None) -> np.ndarray:
    """Reproject from `source` (None: already lon/lat); nothing is rounded yet."""
    if is_lonlat(source):
        return geoms
    transformer = _transformer(source)

    def move(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack((x, y))

    return shapely.transform(geoms, move)
