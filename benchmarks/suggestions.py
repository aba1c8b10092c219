"""`python -m benchmarks.suggestions [--sources DIR] [--details]`: how well the suggested places
match the curated links, per curated document.

For each paragraph of each curated document, the places `bordermap.ledger.suggest` suggests
are compared with the curated links (`features` and `provinces`) of every commitment that
cites that paragraph. Precision is the share of suggested places that a curated record links;
recall the share of linked places that were suggested; both are counted over every paragraph of
the document (a suggestion in a paragraph no record cites counts against precision).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bordermap.instance import open_instance_store
from bordermap.ledger import suggest
from bordermap.sources import load_document_text, paragraphs

DEFAULT_SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"


def measure(store, sources: Path) -> list[dict]:
    """Per curated document: its counts, precision and recall, and each paragraph's sets."""
    linked: dict[tuple[str, int], set[str]] = {}
    for item in store.commitments():
        if item.get("origin") == "curated":
            key = (item["document"], item["paragraph"])
            linked.setdefault(key, set()).update(item["features"] + item["provinces"])
    results = []
    for document in store.documents():
        if document.get("origin") != "curated" or not document.get("source_file"):
            continue
        numbered = paragraphs(load_document_text(sources, document["source_file"]))
        rows, hit, suggested_n, linked_n = [], 0, 0, 0
        for entry in suggest.suggestions(store, numbered):
            suggested = set(entry["suggestions"]["places"])
            expected = linked.get((document["id"], entry["n"]), set())
            hit += len(suggested & expected)
            suggested_n += len(suggested)
            linked_n += len(expected)
            rows.append((entry["n"], sorted(suggested), sorted(expected)))
        results.append({"document": document["id"], "paragraphs": len(numbered), "suggested": suggested_n,
                        "linked": linked_n, "correct": hit,
                        "precision": hit / suggested_n if suggested_n else 1.0,
                        "recall": hit / linked_n if linked_n else 1.0, "rows": rows})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suggestions", description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=Path(os.environ.get("BORDERMAP_SOURCES_DIR")
                                                             or DEFAULT_SOURCES))
    parser.add_argument("--details", action="store_true", help="each paragraph's suggested and linked places")
    args = parser.parse_args(argv)
    if not (args.sources / "README.md").is_file():
        print(f"no source documents in {args.sources}: give --sources", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bordermap-suggest-") as folder:
        store = open_instance_store(Path(folder))
        results = measure(store, args.sources)
        store.close()
    print("| document | paragraphs | suggested | linked | correct | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['document']} | {r['paragraphs']} | {r['suggested']} | {r['linked']} | {r['correct']} "
              f"| {r['precision']:.2f} | {r['recall']:.2f} |")
        if args.details:
            for n, suggested, expected in r["rows"]:
                if suggested or expected:
                    mark = "" if set(suggested) == set(expected) else "  <-"
                    print(f"    ¶{n}: suggested {suggested} linked {expected}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
