"""A document's paragraph names a gate by any of the names the curated data gives it (rv25b): a
Cambodian gate that only Vietnamese reports name, by their spelling (`gate_kh_vi`, "Brây Vo"), and
a Vietnamese gate by its Vietnamese name where it differs from the English one (`gate_vn_vi`), were
not suggested: the suggestions read a list of name keys that lacked them. They now read the names
the map's search reads (`layer_search.NAME_KEY`)."""

from __future__ import annotations

import orjson
import pytest

from bordermap.layer_search import NAME_KEY
from bordermap.ledger import suggest
from bordermap.paths import geodata_dir

GATES = orjson.loads((geodata_dir() / "checkpoints.geojson").read_bytes())["features"]
# Every key of the curated gates that holds a name, read from the data (gate_kh_vi among them).
NAME_KEYS = sorted({key for gate in GATES for key, value in gate["properties"].items()
                    if isinstance(value, str) and NAME_KEY.match(key)})


@pytest.fixture
def store(app):
    return app.extensions["bordermap.store"]


def _paragraph(name: str) -> str:
    """A paragraph that names a gate by `name` alone, in the language its script says."""
    if suggest._is_khmer(name):
        # Set apart by spaces, as Khmer writers often set a name: run on, khmer-nltk cuts some
        # names across their ends ("កោះរកាក្នុង" as "កោះរ" "កាក្នុង"), which no name key mends.
        return f"ភាគីទាំងពីរបានព្រមព្រៀងពង្រីកច្រកទ្វារ {name} ក្នុងឆ្នាំនេះ។"
    return f"Hai bên nhất trí nâng cấp cửa khẩu {name} trong năm nay."


def _spelt(key: str) -> list[tuple[str, str]]:
    """(gate id, its name under `key`) of each curated gate whose name under `key` is spelt as
    none of its other names is: only that key can find it."""
    found = []
    for gate in GATES:
        props = gate["properties"]
        name = props.get(key)
        others = {suggest._name_words(value) if not suggest._is_khmer(value) else value.strip()
                  for other, value in props.items() if other != key and isinstance(value, str) and NAME_KEY.match(other)}
        mine = suggest._name_words(name) if isinstance(name, str) and not suggest._is_khmer(name) else name
        if isinstance(name, str) and mine not in others:
            found.append((gate["id"], name))
    return found


def test_the_curated_gates_carry_the_vietnamese_spelling_of_a_cambodian_gate():
    assert "gate_kh_vi" in NAME_KEYS and _spelt("gate_kh_vi")


@pytest.mark.parametrize("key", NAME_KEYS)
def test_a_gate_named_by_any_of_its_curated_names_alone_is_suggested(store, key):
    gazetteer = suggest.gazetteer(store)
    for gate_id, name in _spelt(key):
        text = _paragraph(name)
        assert gate_id in suggest.places(text, gazetteer), (key, name, text)
