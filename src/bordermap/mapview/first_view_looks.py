"""How the map's script draws a feature (static/styles.js), as SVG attributes for the first view
drawn by the server.

That picture (first_view.py) is replaced by the page's own layers once they are drawn: it must
look as they do. This is `BorderMap.styleFor` read into Python, key
for key, then written as Leaflet's SVG renderer writes a path's attributes (`_updateStyle`). A
browser test compares every path of the picture with the one Leaflet draws for the same feature.
"""

from __future__ import annotations

from typing import Any

# styles.js: DEFAULTS, KEYS, STATUS_DASH, INDICATIVE_DASH.
DEFAULTS = {
    "point": {"color": "#08519c", "radius": 6, "outline": "#fff", "outline_weight": 2, "fill_opacity": 0.95},
    "line": {"color": "#333", "weight": 3, "opacity": 0.9},
    "area": {"color": "#555", "weight": 1, "opacity": 0.9, "fill": "#fff", "fill_opacity": 0.55},
}
KEYS = ("color", "weight", "opacity", "dash", "cap", "fill", "fill_opacity", "radius", "outline", "outline_weight")
STATUS_DASH = {
    "under-construction": "10 6",
    "under-discussion": "6 6",
    "proposed": "3 7",
    "study": "3 7",
    "planned": "12 4 2 4",
}
INDICATIVE_DASH = "2 8"
# Leaflet's Path defaults for what a style leaves out.
LEAFLET = {"color": "#3388ff", "weight": 3, "opacity": 1, "fillOpacity": 0.2, "lineCap": "round", "lineJoin": "round"}


def shape_of(geometry_type: str) -> str:
    """"area", "line" or "point", as styles.js's shapeOf."""
    if "Polygon" in geometry_type:
        return "area"
    if "LineString" in geometry_type:
        return "line"
    return "point"


def _take(look: dict[str, Any], source: dict[str, Any]) -> None:
    for key in KEYS:
        if source.get(key) is not None:
            look[key] = source[key]


def _matches(when: dict[str, Any] | None, props: dict[str, Any]) -> bool:
    for key, wanted in (when or {}).items():
        value = props.get(key)
        if isinstance(wanted, list):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


def look_of(style: dict[str, Any], shape: str, props: dict[str, Any]) -> dict[str, Any]:
    """The look in the configuration's terms: defaults, the layer's, line conventions, variants."""
    look = dict(DEFAULTS[shape])
    _take(look, style)
    if shape == "line":
        if props.get("status") in STATUS_DASH:
            look["dash"] = STATUS_DASH[props["status"]]
        if props.get("indicative"):
            look["dash"] = INDICATIVE_DASH
    for variant in style.get("variants") or []:
        if _matches(variant.get("when"), props):
            _take(look, variant)
    return look


def path_options(style: dict[str, Any], shape: str, props: dict[str, Any]) -> dict[str, Any]:
    """Leaflet's path options for the look (styles.js's leafletOptions)."""
    look = look_of(style, shape, props)
    if shape == "point":
        return {"radius": look["radius"], "color": look["outline"], "weight": look["outline_weight"],
                "fillColor": look["color"], "fillOpacity": look["fill_opacity"], "dashArray": look.get("dash"),
                "fill": True}
    if shape == "line":
        line = {"color": look["color"], "weight": look["weight"], "opacity": look["opacity"],
                "dashArray": look.get("dash"), "fill": False}
        if look.get("cap"):  # else Leaflet's own (svg_attributes); the legend's swatch leaves it out
            line["lineCap"] = look["cap"]
        return line
    filled = look.get("fill") != "none"
    return {"color": look["color"],
            "weight": look["weight"] + 0.5 if props.get("borders_other_country") else look["weight"],
            "opacity": look["opacity"], "dashArray": look.get("dash"), "fill": filled,
            "fillColor": look["fill"] if filled else "#fff", "fillOpacity": look["fill_opacity"] if filled else 0}


def svg_attributes(options: dict[str, Any]) -> dict[str, str]:
    """The attributes Leaflet's SVG renderer gives a path drawn with `options`."""
    attrs = {
        "stroke": str(options.get("color", LEAFLET["color"])),
        "stroke-opacity": js_number(options.get("opacity", LEAFLET["opacity"])),
        "stroke-width": js_number(options.get("weight", LEAFLET["weight"])),
        "stroke-linecap": str(options.get("lineCap") or LEAFLET["lineCap"]),
        "stroke-linejoin": LEAFLET["lineJoin"],
    }
    if options.get("dashArray"):
        attrs["stroke-dasharray"] = str(options["dashArray"])
    if options.get("fill"):
        attrs["fill"] = str(options.get("fillColor") or options.get("color", LEAFLET["color"]))
        attrs["fill-opacity"] = js_number(options.get("fillOpacity", LEAFLET["fillOpacity"]))
        attrs["fill-rule"] = "evenodd"
    else:
        attrs["fill"] = "none"
    return attrs


def js_number(value: Any) -> str:
    """A number as JavaScript writes it into an attribute (3 → "3", 0.5 → "0.5")."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)
