"""The location precision an editor gives with an upload, for the features whose file gives none."""

from __future__ import annotations

from typing import Any

from ..model import PRECISIONS
from .problems import Problem, describe, raise_for


def editor_precision(location_precision: str | None, precision_m: Any = None) -> tuple[str, float | None]:
    """The location precision an editor gives for features whose file gives none, checked:
    ("", None) when none is given; InvalidInput names the parameter and the allowed values."""
    precision = (location_precision or "").strip()
    radius_text = "" if precision_m is None else str(precision_m).strip()
    problems = []
    if precision and precision not in PRECISIONS:
        problems.append(Problem("location_precision", f"expected one of {', '.join(PRECISIONS)} (or nothing: "
                                                      f"unknown), got {describe(precision)}"))
    radius = None
    if radius_text:
        try:
            radius = float(radius_text)
        except ValueError:
            radius = None
        if radius is None or not 0 < radius < 1e7:
            problems.append(Problem("precision_m", "expected a radius in metres (a positive number), "
                                                   f"got {describe(radius_text)}"))
        elif precision != "approximate":
            problems.append(Problem("precision_m", 'a radius is given only with location_precision '
                                                   f'"approximate", got {describe(precision or None)}'))
        radius = int(radius) if radius is not None and radius == int(radius) else radius
    elif precision == "approximate":
        problems.append(Problem("precision_m", 'expected a radius in metres when location_precision is '
                                               '"approximate", got nothing'))
    raise_for(problems)
    return precision, radius


def give_precision(properties_column: list[dict], precision: str, radius: float | None) -> int:
    """Give the editor's precision to the features (their properties) whose file gives none; how
    many took it."""
    if not precision:
        return 0
    given = 0
    for props in properties_column:
        if "location_precision" in props:
            continue  # a feature's own value wins
        props["location_precision"] = precision
        if radius is not None:
            props.setdefault("precision_m", radius)
        given += 1
    return given
