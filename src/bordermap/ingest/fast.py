"""The column-at-a-time fast paths of a large upload, beside the per-feature rules they must
equal: `sound_features` answers for `validate.check_feature` and `validate.depth_problems`,
`clean_many` for `properties.clean_properties`. Each only says "certainly sound" (and then
gives the same result); anything else goes back to the per-feature rules.
tests/test_fast_checks.py compares the two ways on random files.
"""

from __future__ import annotations

from itertools import repeat
from operator import contains, itemgetter

from . import validate
from .problems import is_huge_integer
from .properties import KNOWN_PROPERTIES, NAME_RULES, RESERVED_PROPERTIES, check_name, check_text, name_rules
from .text import ID, TextRules, has_problem


class Learnt:
    """What the fast checks learnt of a whole file, for the steps after them (research 21).

    - `colons`: how many colons orjson writes for the features array, counted from the columns
      the checks read anyway, for `parse.duplicate_keys` to compare with the file's own without
      writing the document again. None unless `sound_features` finds every feature sound at
      once; None again when `clean_many` cannot count the properties' (the file is then
      compared the exact way).
    - `feature_names`, `property_names`: the member names every feature has, and the names
      every feature's properties have, when they are the same for all (else None).
    """

    def __init__(self) -> None:
        self.colons: int | None = None
        self.feature_names: tuple | None = None
        self.property_names: tuple | None = None

    def add(self, colons: int) -> None:
        if self.colons is not None:
            self.colons += colons


_COUNTED_MEMBERS = frozenset(("type", "properties", "geometry", "id"))


def _colons_in(column: list, types: set) -> int:
    """The colons inside the texts of a column of values (numbers, booleans and nulls have none)."""
    if str not in types:
        return 0
    return "".join(column if types == {str} else [value for value in column if type(value) is str]).count(":")


def sound_features(features: list, paths: list[str], max_depth: int, learnt: Learnt | None = None) -> list[bool]:
    """For each feature, True when `check_feature`, `depth_problems` and the text rule of ids
    certainly find nothing provided its properties are an object of plain values (`clean_many`
    makes sure of that); False when not known.

    Decided once per set of member names, over whole columns of values: the fast path of a
    large, sound file. A False only means the feature is checked alone, the exact way.
    `learnt`, when given, learns the names every feature has, and the colons orjson writes for
    the features but their properties' (which `clean_many` adds), when every feature is sound
    and has no member beyond type, properties, geometry and id.
    """
    sound = [False] * len(features)
    if not features or set(map(type, features)) != {dict}:
        return sound
    distinct = set(map(tuple, features))
    if len(distinct) == 1:
        groups = {distinct.pop(): range(len(features))}
    else:
        groups = {}
        for i, names in enumerate(map(tuple, features)):
            groups.setdefault(names, []).append(i)
    for names, indices in groups.items():
        if not ("type" in names and "properties" in names and "geometry" in names) \
                or not validate.SLOW_FEATURE_MEMBERS.isdisjoint(names):
            continue
        group = features if len(groups) == 1 else [features[i] for i in indices]
        kinds = list(map(itemgetter("type"), group))
        if kinds.count("Feature") != len(kinds):
            continue
        if "id" in names:
            ids = list(map(itemgetter("id"), group))
            types = set(map(type, ids))
            texts = [value for value in ids if type(value) is str] if str in types else []
            if not types <= {str, int} or has_problem(texts, ID):
                continue
        geometries = list(map(itemgetter("geometry"), group))
        try:  # a geometry that is not an object, or has no type, stops this
            geometry_types = list(map(itemgetter("type"), geometries))
        except (KeyError, TypeError):
            continue
        # Only a type and coordinates: no bbox, foreign or forbidden member in any geometry.
        if not all(map(contains, geometries, repeat("coordinates"))) or set(map(len, geometries)) != {2}:
            continue
        first = geometry_types[0]
        if geometry_types.count(first) == len(geometry_types):  # one type: only look at one
            geometry_types = [first]
        if set(map(type, geometry_types)) != {str} or not set(geometry_types) <= validate.SIMPLE_GEOMETRIES:
            continue
        if len(names) <= 4:  # then only the properties can be deep
            if len(groups) == 1:
                if learnt is not None:
                    learnt.feature_names = names
                    if _COUNTED_MEMBERS.issuperset(names):
                        # A colon after each member name and the geometry's two; a geometry type, a
                        # position or "Feature" holds none; an id may.
                        in_ids = _colons_in(ids, types) if "id" in names else 0
                        learnt.colons = len(features) * (len(names) + 2) + in_ids
                return [True] * len(features)
            for i in indices:
                sound[i] = True
        else:
            for i, feature in zip(indices, group, strict=True):
                sound[i] = not validate.depth_problems(feature, paths[i], max_depth)
    return sound


_SCALARS = frozenset((str, int, float, bool))


def clean_many(given: list, text: TextRules,
               learnt: Learnt | None = None) -> tuple[list[dict | None], set[str], set[str]]:
    """`clean_properties` for many features at once, where it would find no problem.

    Features sharing a set of property names are checked together, a column of values at a
    time. Returns, for each item of `given`, its clean properties, or None when it is not a
    dict, may have a problem or holds an array or object (check that one with
    `clean_properties`); and, over the features cleaned here, the names whose nulls were
    dropped and the reserved names dropped. `learnt` (see `sound_features`) gets the colons
    orjson writes for the properties cleaned here (right only when every item is), and the
    names every item has when they are the same for all.
    """
    result: list[dict | None] = [None] * len(given)
    as_text: set[str] = set()
    dropped: set[str] = set()
    if set(map(type, given)) == {dict}:
        distinct = set(map(tuple, given))
        if len(distinct) == 1:
            groups = {distinct.pop(): range(len(given))}
        else:
            groups = {}
            for i, keys in enumerate(map(tuple, given)):
                groups.setdefault(keys, []).append(i)
    else:
        groups = {}
        for i, item in enumerate(given):
            if type(item) is dict:
                groups.setdefault(tuple(item), []).append(i)
    for keys, indices in groups.items():
        group = given if len(indices) == len(given) else [given[i] for i in indices]
        found = _clean_columns(keys, group, text, learnt)
        if found is None:
            continue
        if learnt is not None:  # a colon after each name, and those inside the names
            learnt.add(len(group) * (len(keys) + "".join(keys).count(":")))
            if len(indices) == len(given):
                learnt.property_names = keys
        cleaned, texts = found
        if len(groups) == 1 and len(indices) == len(given):
            result = list(cleaned)  # every item alike (the common case): no need to place them
        else:
            for i, clean in zip(indices, cleaned, strict=True):
                result[i] = clean
        as_text.update(texts)
        dropped.update(key for key in RESERVED_PROPERTIES if key in keys)
    return result, as_text, dropped


def _clean_columns(keys: tuple, group: list[dict], text: TextRules,
                   learnt: Learnt | None = None) -> tuple[list[dict], list[str]] | None:
    """The clean properties of features that all have these `keys`, and the names whose nulls
    were dropped; None when any of them may have a problem or holds an array or object.
    `learnt` counts the colons inside the values' texts."""
    kept: list[tuple[str, list]] = []
    texts: list[str] = []
    changed = with_null = False
    for key in keys:
        column = list(map(itemgetter(key), group))
        types = set(map(type, column))
        if learnt is not None and learnt.colons is not None:
            learnt.add(_colons_in(column, types))
        check = KNOWN_PROPERTIES.get(key)
        if check is check_text or check is check_name:
            if types != {str} or has_problem(column, text if check is check_text else name_rules(text)):
                return None
        elif check is not None:
            if not types <= _SCALARS:
                return None
            # Each distinct value once; by type too, since 1, 1.0 and true are equal in Python.
            distinct = (set(column) if types == {str}
                        else [value for _, value in set(zip(map(type, column), column, strict=True))])
            if any(check(value, key, text) for value in distinct):
                return None
        elif key == "id" or key in RESERVED_PROPERTIES:
            if not types <= _SCALARS | {type(None)}:  # an array or object here counts for the depth
                return None
            if key == "id" and str in types and has_problem([v for v in column if type(v) is str], ID):
                return None
            changed = True
            continue
        else:
            if has_problem([key], NAME_RULES):
                return None
            nulls = type(None) in types
            if nulls:
                types.discard(type(None))
                changed = with_null = True
                texts.append(key)
            if not types <= _SCALARS:
                return None
            if int in types and _has_huge_integer(column if types == {int} and not nulls else
                                                  [value for value in column if type(value) is int]):
                return None
            if str in types and has_problem([value for value in column if type(value) is str]
                                            if types != {str} or nulls else column, text):
                return None
        kept.append((key, column))
    names = [key for key, _ in kept]
    if "location_precision" in names and "precision_m" not in names \
            and dict(kept)["location_precision"].count("approximate"):
        return None
    if not changed:
        return group, texts
    if not kept:
        return [{} for _ in group], texts
    rows = zip(*(column for _, column in kept), strict=True)
    if with_null:
        return [{key: value for key, value in zip(names, row, strict=True) if value is not None} for row in rows], texts
    return [dict(zip(names, row, strict=True)) for row in rows], texts


def _has_huge_integer(integers: list[int]) -> bool:
    """Whether any of these integers is beyond 64 bits, the range orjson writes (kept as text,
    with a warning); tests/test_fast_checks.py compares this with asking orjson."""
    return is_huge_integer(min(integers)) or is_huge_integer(max(integers))
