"""Check feature properties against bordermap's schema (docs/data-model.md).

Known properties are type-checked; other properties keep their JSON type (text, numbers,
booleans, arrays, objects), each text in them checked by the text rules. A null is dropped,
known property or not, and the report names the properties that had one: GIS tools write
null wherever a feature lacks a field the layer has.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from ..model import FEATURE_STATUSES, PRECISIONS
from .problems import Problem, describe, is_huge_integer, to_json
from .text import ID, TextRules, one_line, text_problems

# Bordermap sets these itself; a file's values are dropped.
RESERVED_PROPERTIES = ("layer", "commitments")
NAME_RULES = one_line(200)  # the name of a property
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_HTTP_URL = re.compile(r"^https?://[^\s]+$", re.I)
CHECKPOINT_TYPES = ("international", "main", "secondary", "unconfirmed")


def check_text(value, path, text):
    if type(value) is not str:
        return [Problem(path, f"expected text, got {describe(value)}")]
    return text_problems(value, path, text)


def name_rules(text: TextRules) -> TextRules:
    """A name's rules: the file's text rules, on one line (a line break in a name forges lines
    wherever names are listed)."""
    return TextRules(text.max_chars, text.control, lines=False)


def check_name(value, path, text):
    return check_text(value, path, name_rules(text))


def _one_of(choices):
    def check(value, path, text):
        if value not in choices:
            return [Problem(path, f"expected one of {', '.join(choices)}, got {describe(value)}")]
        return []
    return check


def _positive(value, path, text):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or is_huge_integer(value):
        return [Problem(path, f"expected a positive number, got {describe(value)}")]
    return []


def _boolean(value, path, text):
    return [] if isinstance(value, bool) else [Problem(path, f"expected true or false, got {describe(value)}")]


def _date(value, path, text):
    if not isinstance(value, str) or not _PARTIAL_DATE.match(value):
        return [Problem(path, f"expected a date like 2025-12-08, 2025-12 or 2026, got {describe(value)}")]
    return []


def _slug(value, path, text):
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", value):
        return [Problem(path, f"expected a short lowercase word like economic-zone, got {describe(value)}")]
    return []


def _sources(value, path, text):
    if not isinstance(value, list):
        return [Problem(path, f"expected an array of {{title, publisher, date, url}} objects, got {describe(value)}")]
    problems = []
    for i, source in enumerate(value):
        where = f"{path}[{i}]"
        if not isinstance(source, dict):
            problems.append(Problem(where, "expected an object with title, publisher, date, url, "
                                           f"got {describe(source)}"))
            continue
        if "title" not in source:
            problems.append(Problem(f"{where}.title", "expected text, got nothing (a source needs a title)"))
        for key, item in source.items():
            if key == "date":
                problems += _date(item, f"{where}.date", text)
            elif key == "url":
                problems += check_text(item, f"{where}.url", text)
                if isinstance(item, str) and not _HTTP_URL.match(item):
                    problems.append(Problem(f"{where}.url",
                                            f"expected an http:// or https:// address, got {describe(item)}"))
            elif key in ("title", "publisher"):
                problems += check_name(item, f"{where}.{key}", text)
            else:
                problems.append(Problem(f"{where}.{key}", "expected only title, publisher, date and url in a source"))
    return problems


KNOWN_PROPERTIES = {
    "name": check_name, "name_km": check_name, "name_vi": check_name, "description": check_text,
    "opened": check_text, "gate_kh": check_name, "gate_vn": check_name,
    "kind": _slug,
    "status": _one_of(FEATURE_STATUSES),
    "status_date": _date,
    "location_precision": _one_of(PRECISIONS),
    "precision_m": _positive, "length_km": _positive,
    "indicative": _boolean, "highlight": _boolean,
    "checkpoint_type": _one_of(CHECKPOINT_TYPES),
    "sources": _sources,
}
# bordermap's own properties by type, for reading them back from formats that hold them as text
# or numbers (gis_values).
BOOLEAN_PROPERTIES = frozenset(key for key, check in KNOWN_PROPERTIES.items() if check is _boolean)
NUMBER_PROPERTIES = frozenset(key for key, check in KNOWN_PROPERTIES.items() if check is _positive)
JSON_PROPERTIES = frozenset(key for key, check in KNOWN_PROPERTIES.items() if check is _sources)


def _json_texts(value: Any) -> list[str]:
    """Every text inside an array or object: its strings and its member names."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:
            found.append(item)
        elif isinstance(item, dict):
            found.extend(map(str, item))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _other_value(value: Any, where: str, text: TextRules) -> tuple[Any, list[Problem]]:
    """A property outside the schema, kept with its JSON type: (value, problems)."""
    if type(value) is str:
        return value, text_problems(value, where, text)
    if isinstance(value, (dict, list)):
        problems = []
        for item in _json_texts(value):
            problems += text_problems(item, where, text)
            if problems:
                break
        try:
            orjson.dumps(value)
        except TypeError:
            return to_json(value), problems + [Problem(where, "holds an integer beyond 64 bits; kept exactly, "
                                                              "as JSON text", "warning")]
        return value, problems
    if is_huge_integer(value):
        return to_json(value), [Problem(where, "holds an integer beyond 64 bits; kept exactly, as text", "warning")]
    return value, []


def clean_properties(properties: dict | None, path: str, text: TextRules) -> tuple[dict, list[Problem], list[str]]:
    """Type-check known properties, keep others with their JSON type; return (properties,
    problems, names of the properties whose null was dropped)."""
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    nulls: list[str] = []
    for key, value in (properties or {}).items():
        where = f"{path}.properties.{key}"
        check = KNOWN_PROPERTIES.get(key)
        if value is None and key != "id" and key not in RESERVED_PROPERTIES:
            if check is None:
                problems += text_problems(key, f"{path}.properties (the name of a property)", NAME_RULES)
            nulls.append(key)
            continue
        if check is not None:
            found = check(value, where, text)
            problems += found
            if not found:
                clean[key] = value
        elif key == "id" or key in RESERVED_PROPERTIES:
            if key == "id" and type(value) is str:  # it may be kept as source_id
                problems += text_problems(value, where, ID)
            continue
        else:
            problems += text_problems(key, f"{path}.properties (the name of a property)", NAME_RULES)
            value, found = _other_value(value, where, text)
            problems += found
            clean[key] = value
    if clean.get("location_precision") == "approximate" and "precision_m" not in clean:
        problems.append(Problem(f"{path}.properties.precision_m", 'expected a radius in metres when '
                                'location_precision is "approximate", got nothing'))
    return clean, problems, nulls
