"""The revision page's words: what an edit changed, in the page language.

`bordermap.revision_changes` finds the fields an edit changed; here each is named as the forms
name it and its values are written as the pages write them: dates in the reader's form, statuses
and the vocabulary's ids by their labels, places by their names with their ids, long texts cut
with the whole kept beside them. The stored values (and the API) stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

from bordermap import revision_words
from bordermap.history import target_days
from bordermap.i18n import LANGUAGES, N_, Messages, clip

from .editor_words import label, layer_names, place_name, place_names
from .form_words import FIELDS

# How much of a value a cell shows; the whole is one click away.
SHOWN_CHARS = 160
# The fields an edit may change that the forms do not name (form_words.FIELDS names theirs).
_MORE_FIELDS = {"provinces": N_("Provinces"), "links_reading": N_("Reading of the links"),
                "precision": N_("Date precision"), "estimated": N_("Estimated date"),
                "retired": N_("Retired"), "retired.reason": N_("Reason for retiring"), "retired.at": N_("Retired on"),
                "geometry": N_("Geometry"), "layer": N_("Layer"), "description": N_("Description"),
                "visible": N_("Shown on the map"), "style.color": N_("Colour"), "style.fill": N_("Fill colour"),
                "style.weight": N_("Line width"), "properties.name": N_("Name"),
                "properties.name_km": N_("Name in Khmer"), "properties.name_vi": N_("Name in Vietnamese"),
                "properties.status": N_("Status")}
_DATES = frozenset({"stated", "date", "date_latest", "source.date", "retired.at"})
_PRECISIONS = {"day": N_("day"), "month": N_("month"), "year": N_("year")}
_VOCABULARY = {"sector": "sector", "statement": "statement"}
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")


def field_label(entity: str, path: str, here: Messages) -> dict[str, Any]:
    """What a changed field is called: {"text", "code"}: a form's name for it, or, for a
    feature's own property or a field no form has, its key as the data writes it (`code`)."""
    if path in _MORE_FIELDS:
        return {"text": here.gettext(_MORE_FIELDS[path]), "code": False}
    if entity == "event" and path in ("entity_id", "entity"):
        return {"text": here.gettext(FIELDS["entity_id"]), "code": False}
    if path in FIELDS and not path.startswith("properties."):
        return {"text": here.gettext(FIELDS[path]), "code": False}
    return {"text": path.removeprefix("properties."), "code": True}


def value(entity: str, path: str, raw: Any, record: dict[str, Any], here: Messages,
          places: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """One value of a changed field as the page writes it: {"text", "whole" (the uncut text, when
    `text` is cut), "lang" (when it is in another language than the page's), "swatch" (a
    colour), "empty" (no value)}. `record` is the state the value is from (an event's status is
    a feature's or a commitment's); `places`: {feature id: (name, its language)}."""
    if raw is None or raw == "" or raw == []:
        return {"text": here.gettext(N_("none given")), "empty": True}
    lang = None
    if path in ("features", "provinces") and isinstance(raw, list):
        named = [(item, *places.get(item, (item, ""))) for item in map(str, raw)]
        text = ", ".join(name if name == item else f"{name} ({item})" for item, name, _ in named)
        langs = {name_lang for _, _, name_lang in named if name_lang}
        lang = next(iter(langs)) if len(langs) == 1 else None
    elif path == "geometry" and isinstance(raw, dict):
        text = _geometry(raw, here)
    elif isinstance(raw, bool):
        text = here.gettext(N_("yes") if raw else N_("no"))
    elif path in ("status", "properties.status") and isinstance(raw, str):
        kind = record.get("entity") if entity == "event" else entity
        text = revision_words.status(raw, here, kind if kind in ("feature", "commitment") else None)
    elif path in _VOCABULARY and isinstance(raw, str):
        text = label(_VOCABULARY[path], raw, here)
    elif entity == "document" and path == "kind" or entity == "event" and path == "confidence":
        text = label(path, raw, here)
    elif path in ("date_precision", "precision") and raw in _PRECISIONS:
        text = here.gettext(_PRECISIONS[raw])
    elif entity == "document" and path == "language" and raw in LANGUAGES:
        text, lang = LANGUAGES[raw], raw
    elif path in _DATES and isinstance(raw, str) and _ISO_DATE.fullmatch(raw):
        text = here.date(raw)
    elif path == "target" and isinstance(raw, str) and target_days(raw):
        text = " – ".join(here.date(day) for day in target_days(raw))
    elif path in ("paragraph", "source.paragraph") and isinstance(raw, int):
        text = here.numeral(raw)
    elif path == "actors" and isinstance(raw, list):  # stored as the vocabulary's keys, said in its words
        text = ", ".join(label("actor", str(item), here) for item in raw)
    elif isinstance(raw, list) and all(isinstance(item, (str, int, float)) for item in raw):
        text = ", ".join(str(item) for item in raw)
    elif isinstance(raw, (dict, list)):
        text = ", ".join(f"{k}: {v}" for k, v in raw.items()) if isinstance(raw, dict) else str(raw)
    else:
        text = str(raw)
    shown = clip(text, SHOWN_CHARS)
    said: dict[str, Any] = {"text": shown, "whole": text if shown != " ".join(text.split()) else None,
                            "lang": lang if lang and lang != here.lang else None, "empty": False}
    if path.startswith("style.") and isinstance(raw, str) and _COLOUR.fullmatch(raw):
        said["swatch"] = raw
    return said


def _geometry(geometry: dict[str, Any] | None, here: Messages) -> str:
    """A shape in words: a point by its latitude and longitude, a line or an area by its points,
    a collection by its shapes; "" for none."""
    if not isinstance(geometry, dict):
        return ""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "GeometryCollection":
        parts = geometry.get("geometries")
        count = len(parts) if isinstance(parts, list) else 0
        return here.ngettext("a collection of %(num)s shape", "a collection of %(num)s shapes", count)
    if kind == "Point" and isinstance(coordinates, list) and len(coordinates) >= 2:
        return here.gettext(N_("a point at latitude %(lat)s, longitude %(lon)s"),
                            lat=here.coordinate(coordinates[1]), lon=here.coordinate(coordinates[0]))
    count = _positions(coordinates)
    if kind in ("LineString", "MultiLineString"):
        return here.ngettext("a line of %(num)s point", "a line of %(num)s points", count)
    if kind in ("Polygon", "MultiPolygon"):
        return here.ngettext("an area of %(num)s point", "an area of %(num)s points", count)
    if kind == "MultiPoint":
        return here.ngettext("%(num)s point", "%(num)s points", count)
    return str(kind or "")


def _positions(coordinates: Any) -> int:
    """How many positions nested GeoJSON coordinates hold."""
    if not isinstance(coordinates, list) or not coordinates:
        return 0
    if not isinstance(coordinates[0], list):
        return 1
    return sum(_positions(part) for part in coordinates)


def fields_said(detail: dict[str, Any], store, here: Messages) -> dict[str, Any]:
    """How the page says what `detail` (`revision_changes`) holds: {"layer": (title, its language)
    of the layer the revision is on, or None when it is gone, "changes": for each change, in
    order, {"name": a feature's name as the map gives it in the page language (`editor_words.place_name`) and
    its language, "shape": its geometry in words, "rows": its changed fields ({"field", "label",
    "before", "after", "withheld"}; none for an addition or a removal), places named by their
    names (one store call for them all)}}."""
    wanted = [item for change in detail["changes"] for field in change.get("fields", ())
              if field["field"] in ("features", "provinces")
              for side in (field["before"], field["after"]) if isinstance(side, list)
              for item in side if isinstance(item, str)]
    places = place_names(store, wanted, here.lang) if wanted else {}
    said: list[dict[str, Any]] = []
    for change in detail["changes"]:
        rows = []
        for field in change.get("fields", ()):
            path = field["field"]
            rows.append({"field": path, "label": field_label(change["entity"], path, here),
                         "withheld": bool(field.get("withheld")),
                         "before": value(change["entity"], path, field["before"], change["before"] or {}, here, places),
                         "after": value(change["entity"], path, field["after"], change["after"] or {}, here, places)})
        _same_words(rows, here)
        said.append({"rows": rows, **_feature_said(change, here)})
    layer_id = detail["revision"].get("layer_id")
    return {"layer": layer_names(store, [layer_id], here).get(layer_id) if layer_id else None, "changes": said}


def _feature_said(change: dict[str, Any], here: Messages) -> dict[str, Any]:
    """A feature change's {"name": (name, its language) as the map's popup gives it for the page
    language, "shape": its geometry in words}; Nones for another record."""
    state = change["after"] or change["before"]
    if change["entity"] != "feature" or not isinstance(state, dict):
        return {"name": None, "shape": None}
    properties = state.get("properties") if isinstance(state.get("properties"), dict) else {}
    name, name_lang = place_name(properties, "", here.lang, here)
    return {"name": (name, name_lang) if name else None, "shape": _geometry(state.get("geometry"), here) or None}


def _same_words(rows: list[dict[str, Any]], here: Messages) -> None:
    """A value that changed but reads as before (a line's points moved, a date's precision kept
    its day) says so, rather than showing the same words twice."""
    for row in rows:
        if not row["withheld"] and row["before"]["text"] == row["after"]["text"] and not row["after"]["empty"]:
            row["after"] = {**row["after"], "text": here.gettext(N_("%(value)s, changed in its details"),
                                                                  value=row["after"]["text"])}
