"""Our Khmer and Vietnamese texts of the status history's notes: complete, marked unreviewed,
never of older wording, and carried to the map, its API and the export in the reader's language."""

from __future__ import annotations

import re
import tomllib

import pytest
from babel.messages.pofile import read_po

from bordermap.curated import load_curated
from bordermap.history import STATEMENT_NOTE
from bordermap.mapview.export import ExportOptions, build_export
from bordermap.paths import geodata_dir
from bordermap.vocabulary import HISTORY_FIELDS, current_translations

GEODATA = geodata_dir()
TRANSLATIONS = tomllib.loads((GEODATA / "history_translations.toml").read_text(encoding="utf-8"))
CATALOGUES = GEODATA.parent / "app" / "translations"
KHMER = re.compile("[\u1780-\u17ff]")
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


@pytest.fixture(scope="module")
def history():
    return load_curated().history


def test_every_note_of_the_history_has_both_translations_made_from_its_current_english(history):
    """Each event's and target's note (and date note) from history.toml has a Khmer and a
    Vietnamese text; a commitment's statement, written by bordermap, is the one exception."""
    ours = [item for item in history if not item.get("statement")]
    assert set(TRANSLATIONS) == {item["id"] for item in ours}
    for item in ours:
        entry = TRANSLATIONS[item["id"]]
        assert entry["note_en"] == item["note"], item["id"]
        assert entry.get("date_note_en") == item.get("date_note"), item["id"]
        for lang, script in (("km", KHMER), ("vi", VIETNAMESE)):
            own = entry[lang]
            assert script.search(own["note"]), (item["id"], lang)
            assert ("date_note" in own) == ("date_note" in item), (item["id"], lang)
            assert not own.get("date_note") or script.search(own["date_note"]), (item["id"], lang)


def test_a_statements_note_is_an_interface_string_translated_in_the_catalogues(history):
    statements = [item for item in history if item.get("statement")]
    assert statements and all(item["note"] == STATEMENT_NOTE for item in statements)
    for lang in ("km", "vi"):
        with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
            catalogue = read_po(handle, locale=lang)
        assert catalogue.get(STATEMENT_NOTE).string.strip(), lang
        assert all(catalogue.get(word).string.strip() for word in ("high", "medium", "low")), lang


def test_every_translation_says_who_drafted_it_and_that_nobody_reviewed_it():
    for entry_id, entry in TRANSLATIONS.items():
        for lang in ("km", "vi"):
            assert entry[lang]["drafted_by"].strip(), (entry_id, lang)
            assert entry[lang]["reviewed"] is False or entry[lang].get("reviewed_by", "").strip(), (entry_id, lang)


def test_khmer_text_writes_khmer_digits_outside_document_codes():
    for entry_id, entry in TRANSLATIONS.items():
        for key in HISTORY_FIELDS:
            text = entry["km"].get(key, "")
            # A resolution's number is part of its name (111/NQ-CP), as the document gives it.
            rest = re.sub(r"\S*[0-9]+/[A-Z][\w-]*", " ", text)
            assert not re.search(r"[0-9]", rest), (entry_id, key, text)


def test_a_translation_of_an_older_note_is_not_shown(history):
    item = next(i for i in history if i["id"] == "cp-meun-chey-tan-nam@2019-12-03")
    assert current_translations(item, HISTORY_FIELDS)["km"]["note"].startswith("រដ្ឋាភិបាលវៀតណាម")
    assert current_translations(dict(item, note="Edited since."), HISTORY_FIELDS) == {}


def test_the_history_api_gives_each_note_its_translations_marked_unreviewed(client):
    items = client.get("/api/history").get_json()["feature"]["cp-meun-chey-tan-nam"]
    approved = next(i for i in items if i.get("date") == "2019-12-03")
    assert approved["translations"]["vi"]["note"].startswith("Chính phủ Việt Nam phê duyệt")
    assert approved["translations"]["km"]["reviewed"] is False
    assert all(set(i["translations"]) == {"km", "vi"} for i in items)
    statement = client.get("/api/history").get_json()["commitment"]["c-pr71-16"][0]
    assert statement["statement"] is True and "translations" not in statement


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_the_export_carries_the_notes_in_its_own_language_only(app, lang):
    html = build_export(app.extensions["bordermap.store"], ExportOptions(lang=lang))
    entry = TRANSLATIONS["cp-meun-chey-tan-nam@2025-12-08"]
    assert entry["note_en"] in html
    assert (entry["km"]["note"] in html) == (lang == "km")
    assert (entry["vi"]["note"] in html) == (lang == "vi")
