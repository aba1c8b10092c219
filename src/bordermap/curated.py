"""Read the curated data in geodata/: layers, documents and commitments."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .errors import CuratedDataError
from .history import first_day
from .history_curated import load_history
from .model import Layer, date_latest_problems
from .paths import geodata_dir
from .vocabulary import attach_history_translations, attach_translations

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2})?")


@dataclass(frozen=True)
class CuratedData:
    """Everything geodata/ holds, and a version that changes whenever any file does."""

    layers: list[tuple[Layer, list[dict[str, Any]]]]
    documents: list[dict[str, Any]] = field(default_factory=list)
    commitments: list[dict[str, Any]] = field(default_factory=list)
    # status events and targets (bordermap.history), each commitment's statement first
    history: list[dict[str, Any]] = field(default_factory=list)
    version: str = ""
    as_of: str = ""


def _read_toml(path: Path, key: str) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get(key, [])
    except tomllib.TOMLDecodeError as exc:
        raise CuratedDataError(f"{path.name}: {exc}") from exc


def _read_layer_file(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        collection = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise CuratedDataError(f"{path.name}: not valid JSON ({exc})") from exc
    if collection.get("type") != "FeatureCollection":
        raise CuratedDataError(f"{path.name}: expected a FeatureCollection")
    return collection["features"]


def _dates(value: Any) -> list[str]:
    """Every ISO date in a property tree (`date` and `status_date` members), a month's or a
    year's as its first day: a source dated "2026-10" is data of October 2026 at least, which a
    header "as of 6 March 2026" came before (review 32a, #15)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("date", "status_date") and isinstance(item, str) and _ISO_DATE.match(item):
                found.append(item[:10])
            elif key in ("date", "status_date") and isinstance(item, str) and _PARTIAL_DATE.fullmatch(item):
                found.append(first_day(item))
            else:
                found += _dates(item)
    elif isinstance(value, list):
        for item in value:
            found += _dates(item)
    return found


def _check_properties(name: str, features: list[dict[str, Any]]) -> None:
    """The curated data meets the property rules uploads meet (one schema for both).

    Unknown properties are the curators' to add and stay as they are; a known one that breaks
    its rule (a status outside the vocabulary, a date that is not one) stops the load.
    """
    # Imported here: the ingest package imports the store, which imports this module.
    from .ingest.properties import clean_properties
    from .ingest.text import TextRules

    rules = TextRules(100_000)  # curated descriptions may be long; control characters never
    problems = []
    for index, feature in enumerate(features):
        _, found, _ = clean_properties(feature.get("properties"), f"{name}: features[{index}]", rules)
        problems += [str(problem) for problem in found if problem.severity == "error"]
    if problems:
        breaks = "y breaks" if len(problems) == 1 else "ies break"
        raise CuratedDataError(f"{name}: {len(problems)} feature propert{breaks} "
                               "the property rules", problems=problems)


def _check_documents(documents: list[dict[str, Any]]) -> None:
    """A document's uncertain date (`date_latest`, the latest day it may be) is one a citation
    can say: shaped as its `date` and after it. Anything else stops the load."""
    problems = [f"documents.toml: documents[{index}].date_latest: {problem}"
                for index, document in enumerate(documents)
                for problem in date_latest_problems(document.get("date"), document.get("date_latest"))]
    if problems:
        raise CuratedDataError(problems[0], problems=problems)


def load_curated(folder: Path | None = None) -> CuratedData:
    """Load geodata/ (or `folder`); a layer whose file is missing is loaded empty.

    Raises CuratedDataError when the folder has no layers.toml: serving an empty map from a
    build that lost its data would hide the fault.
    """
    folder = folder or geodata_dir()
    if not (folder / "layers.toml").is_file():
        raise CuratedDataError(
            f"no curated data: expected layers.toml in {folder}, found none "
            "(set BORDERMAP_GEODATA_DIR, or reinstall the package with its geodata/)"
        )
    digest = hashlib.sha256()
    # facts/sources.toml too: history.toml cites its sources by id
    files = sorted(folder.glob("*.toml")) + sorted(folder.glob("*.geojson")) + sorted(folder.glob("facts/sources.toml"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    layers = []
    for position, entry in enumerate(_read_toml(folder / "layers.toml", "layers")):
        layer = Layer(
            id=entry["id"],
            title=entry["title"],
            kind=entry["kind"],
            origin="curated",
            visible=bool(entry.get("visible", True)),
            position=position,
            style=dict(entry.get("style", {})),
            description=entry.get("description", ""),
        )
        features = _read_layer_file(folder / entry["file"])
        _check_properties(entry["file"], features)
        layers.append((layer, features))
    documents = _read_toml(folder / "documents.toml", "documents")
    _check_documents(documents)
    commitments = attach_translations(_read_toml(folder / "commitments.toml", "commitments"), folder)
    dates = _dates([f["properties"] for _, features in layers for f in features]) + _dates(documents)
    return CuratedData(
        layers=layers,
        documents=documents,
        commitments=commitments,
        history=attach_history_translations(load_history(folder, commitments, documents), folder),
        version=digest.hexdigest()[:16],
        as_of=max(dates, default=""),
    )
