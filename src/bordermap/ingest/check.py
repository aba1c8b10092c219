"""Check the members, depth and properties of every feature of an upload: whole columns at a
time where `fast` can vouch for them, the rest one feature at a time."""

from __future__ import annotations

from itertools import repeat
from operator import contains, itemgetter, methodcaller
from typing import Any, NamedTuple

from . import fast, properties, validate
from .parse import Limits
from .problems import Problem
from .text import ID, TextRules, text_problems


class FeatureCheck(NamedTuple):
    """What checking one feature found."""

    properties: dict[str, Any] | None  # clean properties; None when the members are unsound
    problems: list[Problem]
    as_text: list[str]  # names of properties whose null was dropped
    dropped: list[str]  # reserved names the file gave, which bordermap sets itself


class FeaturesCheck(NamedTuple):
    """What checking every feature of an upload found."""

    kept: list[int] | range  # indices of the features whose members are sound
    ids: list[Any]  # the id the file gives each kept feature (None: none)
    properties: list[dict[str, Any]]  # the clean properties of each kept feature
    warnings: list[Problem]
    problems: list[Problem]
    # Every feature took the fast path: none has a bbox, a crs or a member deep enough to look
    # at, and no geometry has a member besides its type and coordinates.
    plain: bool = False
    # The colons orjson writes for the features array, when the fast path could count them
    # (fast.Learnt); None otherwise.
    colons: int | None = None


def check_one(feature: Any, path: str, limits: Limits, text: TextRules) -> FeatureCheck:
    """One feature on its own, the exact way."""
    found = validate.check_feature(feature, path) or validate.depth_problems(feature, path, limits.max_depth)
    if not found and type(feature.get("id")) is str:
        found = text_problems(feature["id"], f"{path}.id", ID)
    if found:
        return FeatureCheck(None, found, [], [])
    given = feature.get("properties") or {}
    clean, found, texts = properties.clean_properties(given, path, text)
    return FeatureCheck(clean, found, texts, [key for key in properties.RESERVED_PROPERTIES if key in given])


def check_features(features: list, paths: list[str], limits: Limits, text: TextRules) -> FeaturesCheck:
    """Every feature: the fast path cleans whole columns of sound features; the rest are checked
    one by one (stopping after 1,000 problems)."""
    learnt = fast.Learnt()
    sound = fast.sound_features(features, paths, limits.max_depth, learnt)
    given = list(map(itemgetter("properties"), features)) if all(sound) else \
        [feature["properties"] if ok else None for feature, ok in zip(features, sound, strict=True)]
    cleaned, as_text, dropped = fast.clean_many(given, text, learnt)
    if not cleaned.count(None):  # the common case: every feature is sound
        ids = [None] * len(features) if _no_id_given(learnt) else file_ids(features, given)
        return FeaturesCheck(range(len(features)), ids, cleaned, property_warnings(as_text, dropped), [],
                             plain=True, colons=learnt.colons)
    return check_each(features, paths, limits, text, cleaned, as_text, dropped)


def _no_id_given(learnt: fast.Learnt) -> bool:
    """Whether the names every feature has, and every feature's properties have, are known and
    none is "id": then no feature gives an id, and none is looked for."""
    names, properties = learnt.feature_names, learnt.property_names
    return names is not None and properties is not None and "id" not in names and "id" not in properties


def file_ids(features: list[dict], given: list[dict]) -> list[Any]:
    """The id each feature gives: its own `id` member, else its properties' `id` (None: none).
    `given` holds each feature's properties (objects). Whole columns at a time when no feature
    has an `id` member, the common case; tests/test_fast_checks.py compares it with the loop."""
    if any(map(contains, features, repeat("id"))):
        return [feature.get("id", props.get("id")) for feature, props in zip(features, given, strict=True)]
    return list(map(methodcaller("get", "id"), given))


def check_each(features: list, paths: list[str], limits: Limits, text: TextRules,
               cleaned: list | None = None, as_text: set | None = None, dropped: set | None = None) -> FeaturesCheck:
    """Every feature one by one with `check_one` (the exact way), except those `cleaned` already
    holds clean properties for (from the fast path, with its `as_text` and `dropped` names);
    stops after 1,000 problems."""
    as_text, dropped = set(as_text or ()), set(dropped or ())
    kept, ids, props, problems = [], [], [], []
    for i, feature in enumerate(features):
        clean = cleaned[i] if cleaned is not None else None
        if clean is None:
            one = check_one(feature, paths[i], limits, text)
            problems += one.problems
            as_text.update(one.as_text)
            dropped.update(one.dropped)
            clean = one.properties
        if clean is not None:
            kept.append(i)
            ids.append(feature.get("id", (feature.get("properties") or {}).get("id")))
            props.append(clean)
        if len(problems) > 1000:
            break
    return FeaturesCheck(kept, ids, props, property_warnings(as_text, dropped), problems)


def property_warnings(as_text: set[str] | list[str], dropped: set[str] | list[str]) -> list[Problem]:
    """The report's notes on null values dropped (`as_text` names them) and reserved names dropped."""
    warnings = []
    if as_text:
        warnings.append(Problem("properties", "empty (null) values were dropped: "
                                              + ", ".join(sorted(set(as_text))[:20]), "warning"))
    if dropped:
        warnings.append(Problem("properties", f"dropped {', '.join(sorted(set(dropped)))}: bordermap sets "
                                              "these itself", "warning"))
    return warnings
