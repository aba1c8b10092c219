"""geodata/vocabulary.toml labels every sector, statement kind and status in three languages."""
import tomllib
from pathlib import Path

import pytest

from bordermap.model import FEATURE_STATUSES, SECTORS

GEODATA = Path(__file__).parents[1] / "geodata"
VOCABULARY = tomllib.loads((GEODATA / "vocabulary.toml").read_text(encoding="utf-8"))
COMMITMENTS = tomllib.loads((GEODATA / "commitments.toml").read_text(encoding="utf-8"))["commitments"]
KHMER = range(0x1780, 0x1800)


def test_translations_no_one_reviewed_are_marked_so():
    assert VOCABULARY["review"] == "unreviewed-translation"
    for table in ("sectors", "statements", "commitment_statuses", "feature_statuses", "name_statuses", "actors"):
        for key, entry in VOCABULARY[table].items():
            assert "reviewed_by" not in entry or entry["reviewed_by"].strip(), f"{table}.{key}"


@pytest.mark.parametrize("table", ["sectors", "statements", "commitment_statuses", "feature_statuses",
                                   "name_statuses", "actors"])
def test_every_label_in_three_languages(table):
    for key, entry in VOCABULARY[table].items():
        assert set(entry) - {"reviewed_by"} == {"en", "km", "vi"}, f"{table}.{key}"
        assert all(entry[lang].strip() for lang in ("en", "km", "vi")), f"{table}.{key}"
        if table == "actors":  # a person's name no source gives in Khmer stays in Latin letters
            assert any(ord(ch) in KHMER for ch in entry["km"]), f"{table}.{key}: km not Khmer"
        else:
            # Khmer letters, with spaces and brackets between them: no Latin word
            assert all(ord(ch) in KHMER or ch in " ()" for ch in entry["km"]), f"{table}.{key}: km not Khmer"


def test_vocabulary_covers_what_the_data_uses():
    assert {k: v["en"] for k, v in VOCABULARY["sectors"].items()} == SECTORS
    assert set(VOCABULARY["feature_statuses"]) == set(FEATURE_STATUSES)
    assert {c["statement"] for c in COMMITMENTS} <= set(VOCABULARY["statements"])
    assert {c["status"] for c in COMMITMENTS} <= set(VOCABULARY["commitment_statuses"])


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_two_statuses_never_share_a_label(lang):
    """Review 8, S6: the history form lists feature and commitment statuses together, and "study"
    and "under-study" both read "Đang nghiên cứu": an editor could not tell them apart. A status
    both kinds have (under discussion) means the same for both and may share its label."""
    labels: dict[str, str] = {}
    for table in ("feature_statuses", "commitment_statuses"):
        for key, entry in VOCABULARY[table].items():
            label = entry[lang].casefold()
            assert labels.setdefault(label, key) == key, f"{table}.{key} reads as {labels[label]}: {entry[lang]}"
