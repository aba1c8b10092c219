"""Our Khmer and Vietnamese commitment texts: complete, marked unreviewed, never of older wording."""

from __future__ import annotations

import re
import tomllib

import pytest

from bordermap.curated import load_curated
from bordermap.mapview.export import ExportOptions, build_export
from bordermap.paths import geodata_dir
from bordermap.vocabulary import attach_translations, current_translations, labels

GEODATA = geodata_dir()
COMMITMENTS = tomllib.loads((GEODATA / "commitments.toml").read_text(encoding="utf-8"))["commitments"]
DOCUMENTS = tomllib.loads((GEODATA / "documents.toml").read_text(encoding="utf-8"))["documents"]
TRANSLATIONS = tomllib.loads((GEODATA / "commitment_translations.toml").read_text(encoding="utf-8"))
KHMER = re.compile("[\u1780-\u17ff]")
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
SPAN_OF_YEARS = re.compile(r"^[0-9\s\u2013-]+$")


def test_every_commitment_text_has_both_translations_made_from_its_current_english():
    assert set(TRANSLATIONS) == {c["id"] for c in COMMITMENTS}
    for item in COMMITMENTS:
        entry = TRANSLATIONS[item["id"]]
        # The English each translation was made from is the record's English now.
        assert entry["en"] == item["summary"], item["id"]
        assert entry.get("links_reading_en") == item.get("links_reading"), item["id"]
        translate_target = "target" in item and not SPAN_OF_YEARS.match(item["target"])
        assert entry.get("target_en") == (item["target"] if translate_target else None), item["id"]
        for lang, script in (("km", KHMER), ("vi", VIETNAMESE)):
            own = entry[lang]
            assert script.search(own["summary"]), (item["id"], lang)
            assert ("links_reading" in own) == ("links_reading" in item), (item["id"], lang)
            assert ("target" in own) == translate_target, (item["id"], lang)


def test_every_translation_says_who_drafted_it_and_that_nobody_reviewed_it():
    for commitment_id, entry in TRANSLATIONS.items():
        for lang in ("km", "vi"):
            own = entry[lang]
            assert own["drafted_by"].strip(), (commitment_id, lang)
            assert own["reviewed"] is False or own.get("reviewed_by", "").strip(), (commitment_id, lang)


def test_khmer_text_writes_khmer_digits():
    for commitment_id, entry in TRANSLATIONS.items():
        for key in ("summary", "links_reading", "target"):
            text = entry["km"].get(key, "")
            assert not re.search(r"[0-9]", text), (commitment_id, key, text)


def test_every_document_records_its_original_language():
    for document in DOCUMENTS:
        assert document["original_language"] in {"en", "km", "vi"}, document["id"]
        assert document["language_note"].strip(), document["id"]


def test_a_translation_of_older_english_is_not_shown(tmp_path):
    (tmp_path / "commitment_translations.toml").write_text(
        '[c-1]\nen = "Old words."\n[c-1.km]\nsummary = "ពាក្យចាស់។"\ndrafted_by = "x"\nreviewed = false\n'
        '[c-1.vi]\nsummary = "Lời mới."\ndrafted_by = "x"\nreviewed = false\n', encoding="utf-8")
    (item,) = attach_translations([{"id": "c-1", "summary": "Old words."}], tmp_path)
    assert current_translations(item)["km"] == {"summary": "ពាក្យចាស់។", "reviewed": False, "drafted_by": "x",
                                                "reviewed_by": ""}
    edited = dict(item, summary="New words.")  # edited since (in the store, or the file)
    assert current_translations(edited) == {}


def test_the_api_gives_each_commitment_its_translations_marked_unreviewed(client):
    items = {item["id"]: item for item in client.get("/api/commitments").get_json()}
    assert len(items) == len(COMMITMENTS)
    for item in items.values():
        assert set(item["translations"]) == {"km", "vi"}, item["id"]
        assert all(own["reviewed"] is False and own["drafted_by"] for own in item["translations"].values())
    assert items["c-pr71-07"]["translations"]["vi"]["links_reading"].startswith("Thông cáo")


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_export_carries_only_its_own_language(app, lang):
    html = build_export(app.extensions["bordermap.store"], ExportOptions(lang=lang))
    khmer = TRANSLATIONS["c-pr71-28"]["km"]["summary"]
    vietnamese = TRANSLATIONS["c-pr71-28"]["vi"]["summary"]
    assert (khmer in html) == (lang == "km")
    assert (vietnamese in html) == (lang == "vi")


def test_the_vocabulary_covers_actors_and_name_statuses_of_the_data():
    curated = load_curated()
    actors = {actor for item in curated.commitments for actor in item["actors"]}
    statuses = {props[key] for _, features in curated.layers for f in features
                for props in [f["properties"]] for key in ("name_km_status", "name_vi_status") if key in props}
    for lang in ("en", "km", "vi"):
        words = labels(lang)
        assert actors <= set(words["actors"]) and statuses <= set(words["name_statuses"])
    assert labels("km")["actors"]["Viet Nam"] == "វៀតណាម"
    assert set(labels("vi")["unreviewed"]["actors"]) == actors  # nobody has reviewed them yet
    assert labels("en")["unreviewed"] == {}
