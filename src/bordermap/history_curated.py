"""The curated status events and targets (geodata/history.toml), loaded with each commitment's
statement first, their sources resolved and every entry checked.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Mapping

from .errors import CuratedDataError
from .history import ENTITIES, deadline, statement_event, statuses
from .history_checks import event_problems


def _cited(entry: Mapping, where: str, sources: Mapping[str, Mapping], documents: Mapping[str, Mapping]) -> dict:
    """An entry's `source` id as the source itself."""
    source_id = entry.get("source")
    if source_id in documents:
        return {"document": source_id, "paragraph": entry.get("paragraph")}
    if source_id in sources:
        return {k: v for k, v in sources[source_id].items() if k in ("title", "publisher", "date", "url")}
    raise CuratedDataError(f"history.toml: {where}.source: no source or document with id {source_id!r}")


def _entity(entry: Mapping, where: str) -> tuple[str, str]:
    kinds = [kind for kind in ENTITIES if kind in entry]
    if len(kinds) != 1:
        raise CuratedDataError(f"history.toml: {where}: give one of feature = \"id\" or commitment = \"id\"")
    return kinds[0], entry[kinds[0]]


def load_history(folder: Path, commitments: list[Mapping], documents: list[Mapping]) -> list[dict[str, Any]]:
    """Every curated event and target: each commitment's statement, then history.toml's entries,
    with ids (`<entity id>@<date>`, `<entity id>@target-<n>`) and sources resolved.

    CuratedDataError, naming the entry, when one breaks a rule.
    """
    path = folder / "history.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        sources_path = folder / "facts" / "sources.toml"
        sources = {s["id"]: s for s in tomllib.loads(sources_path.read_text(encoding="utf-8")).get("sources", [])} \
            if sources_path.exists() else {}
    except tomllib.TOMLDecodeError as exc:
        raise CuratedDataError(f"history.toml: {exc}") from exc
    by_id = {d["id"]: d for d in documents}
    result: list[dict[str, Any]] = []
    taken: set[str] = set()

    def add(kind: str, entry: dict[str, Any], base: str) -> None:
        entry_id, n = base, 1
        while entry_id in taken:
            n += 1
            entry_id = f"{base}-{n}"
        taken.add(entry_id)
        result.append({"id": entry_id, "kind": kind, "origin": "curated", **entry})

    for item in commitments:
        add("event", statement_event(item), f"{item['id']}@{item['stated']}")
    problems: list[str] = []
    for index, entry in enumerate(raw.get("events", [])):
        where = f"events[{index}]"
        entity, entity_id = _entity(entry, where)
        event = {k: v for k, v in entry.items() if k not in (*ENTITIES, "source", "paragraph")}
        event.update(entity=entity, entity_id=entity_id, source=_cited(entry, where, sources, by_id))
        problems += event_problems(event, where, by_id)
        add("event", event, f"{entity_id}@{entry.get('date')}")
    for index, entry in enumerate(raw.get("targets", [])):
        where = f"targets[{index}]"
        entity, entity_id = _entity(entry, where)
        target = {k: v for k, v in entry.items() if k not in (*ENTITIES, "source", "paragraph")}
        target.update(entity=entity, entity_id=entity_id, source=_cited(entry, where, sources, by_id))
        if target.get("status") not in statuses(entity):
            problems.append(f"{where}.status: expected one of {', '.join(statuses(entity))}")
        if "target" in target and deadline(target["target"]) is None:
            problems.append(f"{where}.target: expected 2027, 2027-06, 2026-2030 or 2025-10-20/2025-10-30, "
                            f"got {target['target']!r}")
        add("target", target, f"{entity_id}@target-{index + 1}")
    if problems:
        raise CuratedDataError(f"history.toml: {len(problems)} entr(ies) break the rules", problems=problems)
    return result
