"""The data's words in three languages: vocabulary labels and our translated commitment texts.

`geodata/vocabulary.toml` labels sectors, statement kinds, statuses and name statuses;
`geodata/commitment_translations.toml` holds our Khmer and Vietnamese translations of our
English commitment summaries (and their `links_reading`), `geodata/history_translations.toml`
those of our status events' and targets' notes. Each says, per entry, whether a person has
reviewed it; the interface marks the ones nobody has.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from .errors import CuratedDataError
from .paths import geodata_dir

TABLES = ("sectors", "statements", "commitment_statuses", "feature_statuses", "name_statuses", "actors")
TRANSLATED = ("km", "vi")  # the languages our English texts are translated into
FIELDS = ("summary", "links_reading", "target")  # a commitment's texts in our own words
HISTORY_FIELDS = ("note", "date_note")  # an event's or target's texts in our own words


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CuratedDataError(f"{path.name}: {exc}") from exc


@functools.lru_cache(maxsize=4)
def _vocabulary(folder: str) -> dict[str, Any]:
    return _read(Path(folder) / "vocabulary.toml")


def labels(lang: str, folder: Path | None = None) -> dict[str, Any]:
    """Every vocabulary label in `lang` (English where the file has none), and which are unreviewed.

    {"sectors": {key: label}, ..., "unreviewed": {table: [keys]}}; English labels are never
    marked (they are the data's own words).
    """
    data = _vocabulary(str(folder or geodata_dir()))
    reviewed_file = data.get("review") != "unreviewed-translation"
    out: dict[str, Any] = {"unreviewed": {}}
    for table in TABLES:
        entries = data.get(table, {})
        out[table] = {key: entry.get(lang) or entry.get("en", key) for key, entry in entries.items()}
        if lang != "en":
            out["unreviewed"][table] = [key for key, entry in entries.items()
                                        if entry.get(lang) and not (reviewed_file or entry.get("reviewed_by"))]
    return out


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def actor_key(name: str, folder: Path | None = None) -> str:
    """The vocabulary's key of an actor named in any of its languages ("Campuchia", "កម្ពុជា",
    "cambodia" → "Cambodia"), compared without regard to case, spacing or how the accents are
    composed; `name` itself when no actor is so named. An editor on a Vietnamese page who wrote
    "Campuchia" stored a name no page translated (review rv22a, M3)."""
    wanted = _folded(name)
    for key, entry in _vocabulary(str(folder or geodata_dir())).get("actors", {}).items():
        if wanted in {_folded(key), *(_folded(label) for label in entry.values() if isinstance(label, str))}:
            return key
    return name


def digest(text: str) -> str:
    """A short fingerprint of the English text a translation was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _translations(entry: dict[str, Any], english: dict[str, str]) -> dict[str, dict[str, Any]]:
    """One entry's translations: {lang: {field: {"text", "of"}, "drafted_by", "reviewed", "reviewed_by"}};
    `english` names, per field, the English the translation was made from."""
    translations = {}
    for lang in TRANSLATED:
        own = entry.get(lang)
        if not isinstance(own, dict):
            continue
        texts = {name: {"text": own[name], "of": digest(source)} for name, source in english.items() if own.get(name)}
        translations[lang] = {**texts, "drafted_by": own.get("drafted_by", ""),
                              "reviewed": own.get("reviewed") is True, "reviewed_by": own.get("reviewed_by", "")}
    return translations


def attach_translations(commitments: list[dict[str, Any]], folder: Path) -> list[dict[str, Any]]:
    """The curated commitments, each with the translations commitment_translations.toml gives it.

    `translations` is {lang: {"summary": {"text", "of"}, "links_reading": {...}, "drafted_by",
    "reviewed", "reviewed_by"}}: `of` fingerprints the English the text translates, so a
    translation of older wording is never shown as the current one (`current_translations`).
    """
    return _attached(commitments, _read(folder / "commitment_translations.toml"),
                     lambda entry: {name: entry.get("en" if name == "summary" else f"{name}_en", "")
                                    for name in FIELDS})


def attach_history_translations(history: list[dict[str, Any]], folder: Path) -> list[dict[str, Any]]:
    """The curated events and targets, each with the translations history_translations.toml
    gives its id, in the shape `attach_translations` gives a commitment's (fields note, date_note)."""
    return _attached(history, _read(folder / "history_translations.toml"),
                     lambda entry: {name: entry.get(f"{name}_en", "") for name in HISTORY_FIELDS})


def _attached(items: list[dict[str, Any]], table: dict[str, Any], english_of) -> list[dict[str, Any]]:
    """Each item with the translations `table` gives its id (items it has none for, as they are);
    `english_of(entry)` is the English, by field, each translation was made from."""
    return [{**item, "translations": _translations(entry, english_of(entry))}
            if isinstance(entry := table.get(item.get("id")), dict) else item for item in items]


def current_translations(item: dict[str, Any], fields: tuple[str, ...] = FIELDS) -> dict[str, dict[str, Any]]:
    """A commitment's translations of its texts as they now read: {lang: {field: text, reviewed, drafted_by}}.

    A translation made from other English (the summary was edited since) is left out, so the
    reader gets the English rather than a translation of what the record no longer says.
    `fields`: HISTORY_FIELDS for an event or a target.
    """
    result = {}
    for lang, own in (item.get("translations") or {}).items():
        if not isinstance(own, dict):
            continue
        texts = {name: own[name]["text"] for name in fields
                 if isinstance(own.get(name), dict) and item.get(name)
                 and own[name].get("of") == digest(item[name])}
        if texts:
            result[lang] = {**texts, "reviewed": own.get("reviewed") is True,
                            "drafted_by": own.get("drafted_by", ""), "reviewed_by": own.get("reviewed_by", "")}
    return result


def event_note(event: dict[str, Any], lang: str) -> tuple[str, str, bool]:
    """A curated event's note for a reader of `lang`: the text, the language it is in, and
    whether it is a translation no person has reviewed yet (the English otherwise)."""
    translated = current_translations(event, HISTORY_FIELDS).get(lang, {}) if lang != "en" else {}
    if not translated.get("note"):
        return event["note"], "en", False
    return translated["note"], lang, not translated.get("reviewed")


def local_name(properties: dict[str, Any], lang: str, fallback: str = "") -> tuple[str, str]:
    """A feature's name for a reader of `lang`, and the language it is in.

    The sourced `name_km` / `name_vi` when the data has one (our unreviewed translation of a
    name is not offered as the name), else the English `name`, else `fallback` (the id).
    """
    own = properties.get(f"name_{lang}") if lang in TRANSLATED else None
    if isinstance(own, str) and own.strip() and properties.get(f"name_{lang}_status") != "unreviewed-translation":
        return own, lang
    name = properties.get("name")
    return (name, "en") if isinstance(name, str) and name.strip() else (fallback, "")


# Which gate of a pair a reader of the language names in it first: their own country's, as the
# data's Vietnamese pair names do ("Mộc Bài – Bavet") and its English ones ("Bavet – Moc Bai").
_GATES_FIRST = {"km": ("kh", "vn"), "vi": ("vn", "kh")}


def gates_name(properties: dict[str, Any], lang: str) -> tuple[str, str] | None:
    """A checkpoint pair's name for a reader of `lang` where the data gives the pair none in it
    but names one of its gates in it (`gate_kh_km`: Bavet is បាវិត): its two gates, each by its
    sourced name in `lang`, else by its English one ("បាវិត – Moc Bai"), and `lang`. None for a
    pair with a sourced name in `lang` (`local_name` gives it), one whose gates have no name in
    `lang`, or any other feature."""
    if lang not in _GATES_FIRST or local_name(properties, lang)[1] == lang:
        return None
    names, own = [], False
    for side in _GATES_FIRST[lang]:
        sourced, english = properties.get(f"gate_{side}_{lang}"), properties.get(f"gate_{side}")
        if isinstance(sourced, str) and sourced.strip():
            names.append(sourced.strip())
            own = True
        elif isinstance(english, str) and english.strip():
            names.append(english.strip())
        else:
            return None
    return (" – ".join(names), lang) if own else None
