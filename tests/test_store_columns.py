"""An upload's features are written from columns (store/columns.FeatureColumns) by
`sqlite_rows._column_rows`, which writes an id the store gave after the properties' own
text; it must write what `rows_of` writes for the same features one at a time."""

from __future__ import annotations

import random

import orjson
import pytest

from bordermap.store.columns import FeatureColumns
from bordermap.store.sqlite_rows import rows_of

_NAMES = ["name", "name_km", "status", "population", "id", "note", "ល្បឿន", "tên"]
_VALUES = [0, -7, 2**40, 1.5, True, False, "", "Phnom Penh", "ម៉ឺនជ័យ", "Tân Nam", 'say "hi"', "back\\slash",
           "tab\there", "\u2028", None]
_PLAIN_GIVEN = [None, None, None, "a", "x-1", "ខ្មែរ"]
_ESCAPED_GIVEN = ['quo"te', "back\\slash", "line\nbreak", "ctl\x01"]


def _case(rng: random.Random, n: int, choices: list) -> tuple[list[dict], list[str | None], list[str]]:
    properties, given, ids = [], [], []
    for k in range(n):
        names = rng.sample(_NAMES, rng.randint(0, 4))
        properties.append({name: rng.choice(_VALUES) for name in names})
        chosen = rng.choice(choices)
        given.append(None if chosen is None else f"{chosen}{k}")
        ids.append(given[-1] if chosen is not None else f"layer-{k + 1}")
    return properties, given, ids


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("escaped", ["none", "given", "store"])
def test_rows_from_columns_are_the_rows_of_the_features(seed, escaped):
    """`escaped`: which ids JSON must escape, none (the quick way), some the file gave or some the
    store gave (the slower way)."""
    rng = random.Random(seed)
    properties, given, ids = _case(rng, rng.randint(1, 30),
                                   _PLAIN_GIVEN + _ESCAPED_GIVEN if escaped == "given" else _PLAIN_GIVEN)
    if escaped == "store":  # an id the store gave that JSON must escape: the slower way, the same text
        ids = [i if g is not None else f'la"yer\\-{k}' for k, (i, g) in enumerate(zip(ids, given, strict=True))]
    boxes = [[105 + k / 100, 11.0, 105 + k / 100 + rng.choice([0, 0.5]), 11.25] for k in range(len(ids))]
    geometries = [orjson.dumps({"type": "Point", "coordinates": box[:2]}).decode() for box in boxes]
    columns = FeatureColumns(properties, geometries, boxes, given)
    one_by_one = [{"type": "Feature", **({"id": g} if g is not None else {}), "properties": p,
                   "geometry": orjson.Fragment(text), "bbox": box}
                  for p, g, text, box in zip(properties, given, geometries, boxes, strict=True)]
    from_columns, widest = rows_of(columns, ids, 3)
    expected, expected_widest = rows_of(one_by_one, ids, 3)
    from_columns = list(from_columns)
    assert from_columns == list(expected)
    assert widest == expected_widest
    # Read back: the store's id is the last member where the file gave none, the file's properties
    # are otherwise as given.
    for row, g, i, p in zip(from_columns, given, ids, properties, strict=True):
        written = orjson.loads(row[2])
        assert written == ({**p, "id": i} if g is None else p)
        assert g is not None or list(written)[-1] == "id" or "id" in p
