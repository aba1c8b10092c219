"""Read the facts in geodata/facts/*.toml and resolve the sources they cite by id.

A fact cites a source by its id in geodata/facts/sources.toml or, when the source is one of
the documents the commitments cite, by its id in geodata/documents.toml. Checking is apart
from reading: `source_problems` lists what is wrong and `load` raises when the list is not empty.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

GEODATA = Path(__file__).resolve().parents[1]
FACTS_DIR = GEODATA / "facts"
DOCUMENTS_FILE = GEODATA / "documents.toml"
FILES = ("sources", "checkpoints", "routes", "places", "admin")


class FactsError(Exception):
    """The fact files are inconsistent; the message lists every problem."""


@dataclass(frozen=True)
class Facts:
    """The parsed fact files and the citation of every source id."""

    checkpoints: list[dict]
    routes: dict[str, list[dict]]  # layer file stem (expressways, ...) -> its features
    places: list[dict]
    admin: dict
    sources: dict[str, dict]

    def cite(self, ids: list[str]) -> list[dict]:
        """The citations of the given source ids, in order."""
        return [self.sources[sid] for sid in ids]


def read_toml(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def as_source(entry: dict) -> dict:
    """The citation a feature carries: title, publisher, date and, when known, url."""
    title = entry["title"]
    if entry.get("number"):  # a document's own number, e.g. a press release's
        title = f"{title} ({entry['number']})"
    source = {"title": title, "publisher": entry["publisher"], "date": entry["date"]}
    if "url" in entry:
        source["url"] = entry["url"]
    return source


def citations(value, where: str) -> list[tuple[str, str]]:
    """Every (where, source id) in parsed TOML: the items of `sources` and `*_sources` lists."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" or key.endswith("_sources"):
                found += [(f"{where}.{key}[{i}]", sid) for i, sid in enumerate(item)]
            else:
                found += citations(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            label = item.get("id", i) if isinstance(item, dict) else i
            found += citations(item, f"{where}[{label}]")
    return found


NAME_LANGUAGES = ("km", "vi")  # besides English, which every feature's `name` is in
NAME_STATUSES = ("unknown", "unreviewed-translation")
# A gate's English name that is our transliteration of the only spelling a source gives
# (`gate_kh_status`, `gate_vn_status` in checkpoints.toml).
GATE_NAME_STATUSES = ("transliteration",)


def names(entry: dict) -> dict:
    """A feature's name, name_km and name_vi as its fact gives them, in that order.

    A name no source gives is left out of the facts, and the feature says so:
    `name_<lang>_status = "unknown"`. A fact may also mark a name it gives as
    "unreviewed-translation" (our translation of a descriptive name, such as a road's).
    """
    props = {"name": entry["name"]}
    props.update((f"name_{lang}", entry[f"name_{lang}"])
                 for lang in NAME_LANGUAGES if f"name_{lang}" in entry)
    for lang in NAME_LANGUAGES:
        status = entry.get(f"name_{lang}_status")
        if status or f"name_{lang}" not in entry:
            props[f"name_{lang}_status"] = status or "unknown"
    return props


def name_problems(facts: dict) -> list[str]:
    """Names without a source, and statuses that contradict the name they describe."""
    problems = []
    entries = [("checkpoints.toml", e) for e in facts["checkpoints"]["checkpoints"]]
    entries += [("places.toml", e) for e in facts["places"]["places"]]
    entries += [("routes.toml", e) for layer in facts["routes"].values() for e in layer]
    for where, entry in entries:
        for lang in NAME_LANGUAGES:
            key, status = f"name_{lang}", entry.get(f"name_{lang}_status")
            label = f"{where}[{entry['id']}].{key}"
            if status not in (None, *NAME_STATUSES):
                problems.append(f"{label}_status: {status!r} is not one of {', '.join(NAME_STATUSES)}")
            elif key in entry and status == "unknown":
                problems.append(f"{label}: given, yet marked unknown")
            elif key not in entry and status == "unreviewed-translation":
                problems.append(f"{label}: marked as our translation, yet not given")
            elif key in entry and status is None and not entry.get("names_sources"):
                problems.append(f"{label}: no source (expected names_sources)")
        for side in ("kh", "vn"):
            status = entry.get(f"gate_{side}_status")
            label = f"{where}[{entry['id']}].gate_{side}_status"
            if status not in (None, *GATE_NAME_STATUSES):
                problems.append(f"{label}: {status!r} is not one of {', '.join(GATE_NAME_STATUSES)}")
            elif status and f"gate_{side}" not in entry:
                problems.append(f"{label}: marks a name not given (expected gate_{side})")
    return problems


def source_problems(facts: dict, documents: list[dict]) -> list[str]:
    """What is wrong with the sources: unknown ids, ids given twice, documents copied, unused."""
    problems = []
    own = [s["id"] for s in facts["sources"]["sources"]]
    doc_ids = [d["id"] for d in documents]
    for sid in sorted({s for s in own if own.count(s) > 1}):
        problems.append(f"sources.toml: id {sid!r} is given more than once")
    for sid in sorted(set(own) & set(doc_ids)):
        problems.append(f"sources.toml: id {sid!r} is also a document id in documents.toml")
    copies = {(d["title"], d["date"]): d["id"] for d in documents}
    for s in facts["sources"]["sources"]:
        if (s["title"], s["date"]) in copies:
            problems.append(f"sources.toml: {s['id']!r} copies document "
                            f"{copies[s['title'], s['date']]!r}; cite the document's id instead")
    known = set(own) | set(doc_ids)
    cited = [c for name in FILES if name != "sources"
             for c in citations(facts[name], f"{name}.toml")]
    for where, sid in cited:
        if sid not in known:
            problems.append(f"{where}: unknown source {sid!r} (expected an id from sources.toml "
                            "or documents.toml)")
    for sid in sorted(set(own) - {sid for _, sid in cited}):
        problems.append(f"sources.toml: {sid!r} is cited by no fact")
    return problems


def read(facts_dir: Path = FACTS_DIR) -> dict:
    """The fact files as parsed TOML, keyed by file name without .toml."""
    return {name: read_toml(facts_dir / f"{name}.toml") for name in FILES}


def load(facts_dir: Path = FACTS_DIR, documents_file: Path = DOCUMENTS_FILE) -> Facts:
    """The checked facts; raises FactsError listing every problem if any."""
    raw = read(facts_dir)
    documents = read_toml(documents_file)["documents"]
    problems = source_problems(raw, documents) + name_problems(raw)
    if problems:
        raise FactsError("\n".join(problems))
    return Facts(
        checkpoints=raw["checkpoints"]["checkpoints"],
        routes=raw["routes"],
        places=raw["places"]["places"],
        admin=raw["admin"],
        sources={s["id"]: as_source(s) for s in raw["sources"]["sources"] + documents},
    )
