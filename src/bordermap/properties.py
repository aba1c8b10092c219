"""Check feature properties against bordermap's schema (docs/data-model.md); unknown ones become text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from .model import FEATURE_STATUSES, PRECISIONS
from .validate import Problem, describe

# Bordermap sets these itself; a file's values are dropped.
RESERVED_PROPERTIES = ("layer", "commitments")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_HTTP_URL = re.compile(r"^https?://[^\s]+$", re.I)
CHECKPOINT_TYPES = ("international", "main", "secondary", "unconfirmed")


def _text(value, path, text):
    if type(value) is not str:
        return [Problem(path, f"expected text, got {describe(value)}")]
    return text_problems(value, path, text)


@dataclass(frozen=True)
class TextRules:
    """Limits on text: its length, and whether to look for control characters (skipped when
    `may_hold_control_characters` says the file holds none)."""

    max_chars: int = 10_000
    control: bool = True


def text_problems(value: str, path: str, rules: TextRules | int) -> list[Problem]:
    """Text longer than the limit, or holding control or bidirectional-override characters."""
    if isinstance(rules, int):
        rules = TextRules(rules)
    if len(value) > rules.max_chars:
        return [Problem(path, f"text is {len(value):,} characters long; the limit is {rules.max_chars:,}")]
    if not rules.control:
        return []
    found = _CONTROL.search(value)
    if found:
        return [Problem(path, f"expected plain text, got a control character U+{ord(found.group()):04X} "
                              f"at character {found.start() + 1}")]
    return []


# Control characters in JSON text are escaped (\u0000-\u001f, \b, \f); DEL and the
# bidirectional overrides may also arrive as raw UTF-8.
_RAW_CONTROL = re.compile(
    rb"\\u00[01][0-9a-fA-F]|\\u007[fF]|\\[bf]|\\u20(?:2[a-eA-E]|6[6-9])|\x7f|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def may_hold_control_characters(raw: bytes) -> bool:
    """False when no string in the JSON text can hold a control or bidi-override character."""
    return _RAW_CONTROL.search(raw) is not None


def _one_of(choices):
    def check(value, path, text):
        if value not in choices:
            return [Problem(path, f"expected one of {', '.join(choices)}, got {describe(value)}")]
        return []
    return check


def _positive(value, path, text):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
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
            problems.append(Problem(where, f"expected an object with title, publisher, date, url, got {describe(source)}"))
            continue
        if "title" not in source:
            problems.append(Problem(f"{where}.title", "expected text, got nothing (a source needs a title)"))
        for key, item in source.items():
            if key == "date":
                problems += _date(item, f"{where}.date", text)
            elif key == "url":
                problems += _text(item, f"{where}.url", text)
                if isinstance(item, str) and not _HTTP_URL.match(item):
                    problems.append(Problem(f"{where}.url", f"expected an http:// or https:// address, got {describe(item)}"))
            elif key in ("title", "publisher"):
                problems += _text(item, f"{where}.{key}", text)
            else:
                problems.append(Problem(f"{where}.{key}", "expected only title, publisher, date and url in a source"))
    return problems


KNOWN_PROPERTIES = {
    "name": _text, "name_km": _text, "name_vi": _text, "description": _text, "opened": _text,
    "gate_kh": _text, "gate_vn": _text,
    "kind": _slug,
    "status": _one_of(FEATURE_STATUSES),
    "status_date": _date,
    "location_precision": _one_of(PRECISIONS),
    "precision_m": _positive, "length_km": _positive,
    "indicative": _boolean, "highlight": _boolean,
    "checkpoint_type": _one_of(CHECKPOINT_TYPES),
    "sources": _sources,
}


def clean_properties(properties: dict | None, path: str, text: TextRules) -> tuple[dict, list[Problem], list[str]]:
    """Type-check known properties, turn unknown ones into text; return (properties, problems,
    names of the properties that were turned into text)."""
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    as_text: list[str] = []
    for key, value in (properties or {}).items():
        where = f"{path}.properties.{key}"
        check = KNOWN_PROPERTIES.get(key)
        if check is not None:
            found = check(value, where, text)
            problems += found
            if not found:
                clean[key] = value
        elif key == "id" or key in RESERVED_PROPERTIES or value is None:
            continue
        else:
            if len(key) > 200 or (text.control and _CONTROL.search(key)):
                problems += text_problems(key, f"{path}.properties (the name of a property)", TextRules(200))
            if type(value) is not str:
                value = "true" if value is True else "false" if value is False else orjson.dumps(value).decode()
                as_text.append(key)
            problems += text_problems(value, where, text)
            clean[key] = value
    if clean.get("location_precision") == "approximate" and "precision_m" not in clean:
        problems.append(Problem(f"{path}.properties.precision_m", 'expected a radius in metres when '
                                'location_precision is "approximate", got nothing'))
    return clean, problems, as_text
