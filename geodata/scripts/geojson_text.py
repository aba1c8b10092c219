"""The one text form of the curated GeoJSON files, and the one way they are written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def feature(props: dict, geometry: dict) -> dict:
    """A GeoJSON feature whose id is its properties' id."""
    return {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry}


def dumps_collection(features: list[dict]) -> str:
    """One feature per line, features sorted by id, UTF-8 text (so diffs stay readable)."""
    rows = [json.dumps(f, ensure_ascii=False, separators=(",", ":"))
            for f in sorted(features, key=lambda f: f["id"])]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(rows) + "\n]}\n"


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
