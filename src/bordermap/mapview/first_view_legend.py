"""The legend of the first view drawn by the server, for a reader whose browser runs no script.

With JavaScript the map's legend is built by `static/legend.js` from what the map draws; without
it the page is the server's picture of the map (first_view.py), which had no key to its colours
and dashes (review 29, #2). This is the same legend, worked out the same way: each shown layer's
features grouped by the look they are drawn with (`first_view_looks.path_options`, styles.js's
rules), one entry a look, named by the layer's configured legend item of that look or else by
its title (and the features' status); editors' layers under their own heading, the first eight
listed. A browser test compares it, entry for entry and swatch for swatch, with the script's.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from markupsafe import Markup, escape

from .. import queries, tracking
from ..i18n import Messages
from ..store import Store
from .first_view import feature_id, geometry_parts, in_script_order
from .first_view_looks import js_number, path_options, shape_of

EDITOR_LAYERS_LISTED = 8  # legend.js's: editors' layers listed one by one, the rest counted
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def legend_html(store: Store, layers: list[dict[str, Any]], words: Messages, statuses: dict[str, str],
                state: tuple) -> Markup:
    """The legend of the layers shown at first (their entries in the page's configuration), as
    the script's legend control lists it when the map is drawn."""
    curated, editors = _entries(store, layers, words, statuses, state)
    items = [_item(entry, words.lang) for entry in curated]
    if editors:
        items.append(f'<li class="bm-legend-group" data-key="editors"><span class="bm-editor-badge" '
                     f'aria-hidden="true">✎</span><span>{escape(words.gettext("Added by editors"))}</span></li>')
        items += [_item(entry, words.lang, 'class="bm-legend-editor" ') for entry in editors[:EDITOR_LAYERS_LISTED]]
        more = len(editors) - EDITOR_LAYERS_LISTED
        if more > 0:
            text = _fill(words.translations.ngettext("and {n} more layer", "and {n} more layers", more),
                         {"n": words.number(more)})
            items.append(f'<li class="bm-muted bm-legend-editor">{escape(text)}</li>')
    if not items:
        items.append(f'<li class="bm-muted">{escape(words.gettext("No layer with a legend is shown."))}</li>')
    return Markup("".join(items))


def _entries(store: Store, layers: list[dict[str, Any]], words: Messages, statuses: dict[str, str],
             state: tuple) -> tuple[list[dict], list[dict]]:
    """legend.js's entriesShown: the curated layers' entries and the editors' layers', top of the
    map first."""
    curated: list[dict] = []
    editors: list[dict] = []
    for layer in reversed(layers):
        if not layer.get("visible") or layer.get("onDemand") or "data" not in layer:
            continue
        if layer.get("origin") == "user":
            if len(editors) >= EDITOR_LAYERS_LISTED:
                editors.append({"layer": layer["id"]})
                continue
            keys: dict[str, dict] = {}  # the first look of each kind of shape (legend.js)
            for look in _drawn_looks(store, layer, state):
                keys.setdefault(look["shape"], look)
            if keys:
                editors.append({"layer": layer["id"], "label": str(layer.get("title") or ""),
                                "keys": list(keys.values()), "editor": True})
            continue
        curated += _curated_entries(store, layer, words, statuses, state)
    return curated, editors


def _curated_entries(store: Store, layer: dict[str, Any], words: Messages, statuses: dict[str, str],
                     state: tuple) -> list[dict]:
    """Configured items whose look some feature is drawn with, then every other drawn look."""
    looks = _drawn_looks(store, layer, state)
    drawn = {look["sig"] for look in looks}
    named: set = set()
    entries = []
    style = layer.get("style") or {}
    items = style.get("legend") if isinstance(style.get("legend"), list) else []
    for item in items:
        if not isinstance(item, dict):
            continue
        geometry = str(item.get("geometry") or "LineString")
        shape = shape_of(geometry)
        options = path_options(style, shape, item.get("properties") or {})
        sig = _signature(shape, options)
        if sig not in drawn or sig in named:
            continue
        named.add(sig)
        entries.append({"layer": layer["id"], "label": str(item.get("label") or ""), "shape": shape, "style": options})
    for look in looks:
        if look["sig"] in named:
            continue
        named.add(look["sig"])
        entries.append({"layer": layer["id"], "label": _plain_label(layer, look, words, statuses),
                        "shape": look["shape"], "style": look["style"]})
    return entries


def _plain_label(layer: dict[str, Any], look: dict, words: Messages, statuses: dict[str, str]) -> str:
    title = str(layer.get("title") or "")
    status = look["props"].get("status")
    if not status:
        return title
    label = statuses.get(status) or str(status).replace("-", " ")
    return _fill(words.gettext("{layer}: {status}"), {"layer": title, "status": label})


def _drawn_looks(store: Store, layer: dict[str, Any], state: tuple) -> list[dict]:
    """Each distinct look the layer's features are drawn with, in the order the script meets them:
    [{shape, style, sig, props}]. The same in every language: kept per state of the data."""
    key = ("first view looks", layer["id"], orjson.dumps(layer.get("style") or {}, option=orjson.OPT_SORT_KEYS))
    return queries.cached(store, key, state, lambda: _looks(store, layer, state))


def _looks(store: Store, layer: dict[str, Any], state: tuple) -> list[dict]:
    style = layer.get("style") or {}
    features = orjson.loads(tracking.feature_collection_today_json(store, layer["id"], state)).get("features") or []
    seen: set = set()
    looks = []
    for feature in in_script_order(features, feature_id):
        geometry = feature.get("geometry")
        if not geometry:
            continue
        props = feature.get("properties") or {}
        for part in geometry_parts(geometry):
            shape = shape_of(part.get("type") or "")
            options = path_options(style, shape, props)
            sig = _signature(shape, options)
            if sig in seen:
                continue
            seen.add(sig)
            looks.append({"shape": shape, "style": options, "sig": sig, "props": props})
    return looks


def _signature(shape: str, style: dict[str, Any]) -> str:
    """legend.js's signature: what tells two looks apart (an area's outline weight does not)."""
    keys = (style.get("color"), style.get("fillColor"), style.get("fill"), style.get("fillOpacity"),
            "" if shape == "area" else style.get("weight"), style.get("opacity"), style.get("dashArray"),
            style.get("radius"))
    return "|".join([shape, *(_js_text(value) for value in keys)])


def _js_text(value: Any) -> str:
    """A value as JavaScript's Array.join writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    return str(value)


def _fill(text: str, values: dict[str, str]) -> str:
    """BorderMap.t's "{name}" filled from `values` (others left as written)."""
    return _PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), text)


def _item(entry: dict, lang: str, extra: str = "") -> str:
    own = ' lang="en"' if entry.get("editor") and lang != "en" else ""
    swatches = "".join(_swatch(key["shape"], key["style"]) for key in entry.get("keys") or [entry])
    return (f'<li {extra}data-layer="{escape(entry["layer"])}">{swatches}'
            f'<span{own}>{escape(entry["label"])}</span></li>')


def _at_most(value: Any, most: float) -> Any:
    """Math.min(value, most) for a number; anything else written as given."""
    return min(value, most) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _swatch(shape: str, style: dict[str, Any]) -> str:
    """legend.js's swatch: a marker's colours and dashes at a legend's size, a line, an area."""
    if shape == "point":
        tag, attrs = "circle", {"cx": 14, "cy": 9, "r": _at_most(style.get("radius"), 7),
                                "fill": style.get("fillColor"), "fill-opacity": style.get("fillOpacity"),
                                "stroke": style.get("color"), "stroke-width": _at_most(style.get("weight"), 3),
                                "stroke-dasharray": style.get("dashArray")}
    elif shape == "area":
        filled = style.get("fill")
        tag, attrs = "rect", {"x": 2, "y": 2, "width": 24, "height": 14,
                              "fill": style.get("fillColor") if filled else "none",
                              "fill-opacity": style.get("fillOpacity") if filled else None,
                              "stroke": style.get("color"), "stroke-width": style.get("weight"),
                              "stroke-opacity": style.get("opacity"), "stroke-dasharray": style.get("dashArray")}
    else:
        tag, attrs = "line", {"x1": 1, "y1": 9, "x2": 27, "y2": 9, "stroke": style.get("color"),
                              "stroke-width": _at_most(style.get("weight"), 8), "stroke-opacity": style.get("opacity"),
                              "stroke-dasharray": style.get("dashArray"), "stroke-linecap": style.get("lineCap")}
    written = "".join(f' {name}="{escape(_js_text(value))}"' for name, value in attrs.items() if value is not None)
    return f'<svg width="28" height="18" aria-hidden="true"><{tag}{written}></{tag}></svg>'
