"""Geometry types in the reader's words: "3 points", "1 line", "2 areas".

GDAL and GeoJSON name a shape's type as GIS software does ("MultiLineString", "Polygon Z"); the
upload page's layer choice and its check's report say it in the page language, in words a reader
who is no GIS specialist knows (review rv25b, #13). The API and the JSON keep the machine names.
"""

from __future__ import annotations

import re
from collections import Counter

from flask import Flask

from bordermap.i18n import N_, Messages

from .language import words

# The reader's word for each kind of shape, in the order a report lists them. GDAL adds Z, M or
# "3D" to a type and "Multi" to several; a reader sees the same points, lines or areas.
_KINDS = ("points", "lines", "areas", "collections")
_KIND_OF = re.compile(r"(?P<collections>GeometryCollection)|(?P<points>Point)|(?P<lines>LineString|LinearRing)"
                      r"|(?P<areas>Polygon)")
# One shape, as the check's table names each row's.
_ONE = {"points": N_("point"), "lines": N_("line"), "areas": N_("area"), "collections": N_("collection of shapes")}
# Said where a count is not known (a layer GDAL does not count).
_UNCOUNTED = {"points": N_("points"), "lines": N_("lines"), "areas": N_("areas"),
              "collections": N_("collections of shapes")}


def kind_of(geometry_type: str | None) -> str | None:
    """The reader's kind of a GDAL or GeoJSON geometry type (points, lines, areas, collections),
    None for none or one GDAL does not know ("Unknown")."""
    found = _KIND_OF.search(geometry_type or "")
    return found.lastgroup if found else None


def counted(kind: str | None, count: int, here: Messages) -> str:
    """`count` shapes of a kind (`kind_of`) in words: "3 points"; features when the kind is unknown."""
    if kind == "points":
        return here.ngettext("%(num)s point", "%(num)s points", count)
    if kind == "lines":
        return here.ngettext("%(num)s line", "%(num)s lines", count)
    if kind == "areas":
        return here.ngettext("%(num)s area", "%(num)s areas", count)
    if kind == "collections":
        return here.ngettext("%(num)s collection of shapes", "%(num)s collections of shapes", count)
    return here.ngettext("%(num)s feature", "%(num)s features", count)


def shape(geometry_type: str | None, here: Messages) -> str:
    """One feature's shape in words ("point", "area"); the type as given when it is none of them."""
    kind = kind_of(geometry_type)
    return here.gettext(_ONE[kind]) if kind else str(geometry_type or "")


def layer_shapes(geometry_type: str | None, features: int | None, here: Messages) -> str:
    """What a layer of a file holds, as its choice says it: "3 points", "lines" where GDAL does
    not count, "3 features" where it does not say the type; "" when it says neither."""
    kind = kind_of(geometry_type)
    if features is not None:
        return counted(kind, features, here)
    return here.gettext(_UNCOUNTED[kind]) if kind else ""


def report_shapes(geometry_types: dict[str, int], here: Messages) -> str:
    """A check's count of shapes by type ({"Point": 3, "MultiPolygon": 1, "Polygon": 1}) in
    words, kinds together: "3 points, 2 areas"."""
    kinds = Counter()
    for geometry_type, count in geometry_types.items():
        kinds[kind_of(geometry_type)] += count
    order = [*_KINDS, None]
    return ", ".join(counted(kind, kinds[kind], here)
                                       for kind in sorted(kinds, key=order.index) if kinds[kind])


# The layers GDAL reads a GPX file as, by the names it gives them (its GPX driver's, in English
# whatever the file's language), said in the reader's words beside the name the import takes.
GPX_LAYERS = {"waypoints": N_("marked places"), "routes": N_("planned routes"), "tracks": N_("recorded tracks"),
              "route_points": N_("the points of each planned route"),
              "track_points": N_("the points recorded along each track")}


def layer_about(name: str, offered: list[str], here: Messages) -> str:
    """What a layer offered for choice holds, in the reader's words, where its name is GDAL's for
    a GPX file ("track_points": the points recorded along each track) and every layer offered
    is one of a GPX file's; "" otherwise (a GeoPackage's own names are its author's words)."""
    if name not in GPX_LAYERS or not set(offered) <= GPX_LAYERS.keys():
        return ""
    return here.gettext(GPX_LAYERS[name])


def init_app(app: Flask) -> None:
    """The helpers, as template globals, in the request's language."""
    app.add_template_global(lambda geometry_type, features: layer_shapes(geometry_type, features, words()),
                            "layer_shapes")
    app.add_template_global(lambda geometry_type: shape(geometry_type, words()), "shape_said")
    app.add_template_global(lambda name, offered: layer_about(name, offered, words()), "layer_about")
    app.add_template_global(lambda geometry_types: report_shapes(geometry_types, words()), "report_shapes")
