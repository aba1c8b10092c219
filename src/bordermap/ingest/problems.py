"""A problem found in an upload (where, what was expected and what arrived), the one function that
raises for a list of them, and how an unexpected value is said in one: every check of the
ingest package, and the ledger's and the editors', reports with these.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson

from ..errors import InvalidInput


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (a JSON path), and what was expected and what arrived."""

    path: str
    message: str
    severity: str = "error"  # "error" stops the import; "warning" is reported only

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def raise_for(problems: list[Problem], limit: int = 200) -> None:
    """InvalidInput listing every error (up to `limit`) when there is any; warnings pass."""
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return
    shown = [str(p) for p in errors[:limit]]
    if len(errors) > limit:
        shown.append(f"… and {len(errors) - limit} more problems")
    first = str(errors[0])
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise InvalidInput(f"the upload was not imported: {first}{more}", problems=shown)


def to_json(value: Any) -> str:
    """`value` as compact JSON text, integers beyond 64 bits (which orjson cannot write) included."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def is_huge_integer(value: Any) -> bool:
    """An integer beyond 64 bits: kept exactly only as text."""
    return type(value) is int and not -(2 ** 63) <= value < 2 ** 64


def describe(value: Any) -> str:
    """What arrived, briefly, as JSON: `"abc"`, `true`, `null`, `an object`, `[1, 2]`."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list) and (len(value) > 4 or any(isinstance(v, (list, dict)) for v in value)):
        return f"an array of {len(value)} item(s)"
    if is_huge_integer(value):
        return f"an integer of {len(str(abs(value)))} digits"
    text = to_json(value)
    text = text.replace(",", ", ")
    return text if len(text) <= 60 else text[:57] + "…"


def position_text(position: list) -> str:
    return "[" + ", ".join(to_json(v) for v in position) + "]"
