"""Check feature properties against bordermap's schema (docs/data-model.md); unknown ones become text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson

from ..model import FEATURE_STATUSES, PRECISIONS
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
    if b"\\" not in raw and b"\x7f" not in raw and b"\xe2" not in raw:
        return False  # every match starts with one of these bytes, which are quick to look for
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


# ------------------------------------------------------------------------------- many at once
_SCALARS = frozenset((str, int, float, bool))


def clean_many(given: list, text: TextRules) -> tuple[list[dict | None], set[str], set[str]]:
    """`clean_properties` for many features at once, where it would find no problem.

    Features sharing a set of property names are checked together, a column of values at a
    time. Returns, for each item of `given`, its clean properties, or None when it is not a
    dict, may have a problem or holds an array or object (check that one with
    `clean_properties`); and, over the features cleaned here, the names turned into text and
    the reserved names dropped.
    """
    result: list[dict | None] = [None] * len(given)
    as_text: set[str] = set()
    dropped: set[str] = set()
    if set(map(type, given)) == {dict}:
        names = list(map(tuple, given))
        if len(set(names)) == 1:
            groups = {names[0]: range(len(given))}
        else:
            groups = {}
            for i, keys in enumerate(names):
                groups.setdefault(keys, []).append(i)
    else:
        groups = {}
        for i, item in enumerate(given):
            if type(item) is dict:
                groups.setdefault(tuple(item), []).append(i)
    for keys, indices in groups.items():
        group = given if len(indices) == len(given) else [given[i] for i in indices]
        found = _clean_columns(keys, group, text)
        if found is None:
            continue
        cleaned, texts = found
        for i, clean in zip(indices, cleaned):
            result[i] = clean
        as_text.update(texts)
        dropped.update(key for key in RESERVED_PROPERTIES if key in keys)
    return result, as_text, dropped


def _clean_columns(keys: tuple, group: list[dict], text: TextRules) -> tuple[list[dict], list[str]] | None:
    """The clean properties of features that all have these `keys`, and the names turned into
    text; None when any of them may have a problem or holds an array or object."""
    kept: list[tuple[str, list]] = []
    texts: list[str] = []
    changed = with_null = False
    for key in keys:
        column = list(map(itemgetter(key), group))
        types = set(map(type, column))
        check = KNOWN_PROPERTIES.get(key)
        if check is _text:
            if types != {str} or not _texts_sound(column, text):
                return None
        elif check is not None:
            if not types <= _SCALARS:
                return None
            # Each distinct value once; by type too, since 1, 1.0 and true are equal in Python.
            distinct = set(column) if types == {str} else [value for _, value in set(zip(map(type, column), column))]
            if any(check(value, key, text) for value in distinct):
                return None
        elif key == "id" or key in RESERVED_PROPERTIES:
            if not types <= _SCALARS | {type(None)}:  # an array or object here counts for the depth
                return None
            changed = True
            continue
        else:
            if len(key) > 200 or (text.control and _CONTROL.search(key)):
                return None
            nulls = type(None) in types
            if nulls:
                types.discard(type(None))
                changed = with_null = True
            if not types <= _SCALARS:
                return None
            if types - {str}:
                column = _as_text(column, nulls or str in types)
                if column is None:
                    return None
                changed = True
                texts.append(key)
            if not _texts_sound([value for value in column if value is not None] if nulls else column, text):
                return None
        kept.append((key, column))
    names = [key for key, _ in kept]
    if "location_precision" in names and "precision_m" not in names \
            and dict(kept)["location_precision"].count("approximate"):
        return None
    if not changed:
        return group, texts
    if len(names) == len(keys) and not with_null:  # only values turned into text: change them in place
        for key, column in kept:
            if key in texts:
                for item, value in zip(group, column):
                    item[key] = value
        return group, texts
    if not kept:
        return [{} for _ in group], texts
    rows = zip(*(column for _, column in kept))
    if with_null:
        return [{key: value for key, value in zip(names, row) if value is not None} for row in rows], texts
    return [dict(zip(names, row)) for row in rows], texts


def _texts_sound(column: list[str], text: TextRules) -> bool:
    """No text in `column` is too long or holds a control character."""
    if not column:
        return True
    if max(map(len, column)) > text.max_chars:
        return False
    return not (text.control and _CONTROL.search("".join(column)))


def _as_text(column: list, mixed: bool) -> list | None:
    """Numbers and booleans written as JSON text, as `clean_properties` writes them; text and
    null (only when `mixed`) unchanged. None when one cannot be written."""
    if not mixed:
        try:
            return orjson.dumps(column)[1:-1].decode().split(",")
        except orjson.JSONEncodeError:
            return None
    where = [i for i, value in enumerate(column) if value is not None and type(value) is not str]
    try:
        written = orjson.dumps([column[i] for i in where])
    except orjson.JSONEncodeError:
        return None
    column = list(column)
    for i, part in zip(where, written[1:-1].decode().split(",")):
        column[i] = part
    return column
