"""The one text form of the curated GeoJSON files, and the one way they are written."""

from __future__ import annotations

import json

from bordermap.files import atomic_write as write_atomic  # the project's one atomic file write

__all__ = ["dumps_collection", "feature", "write_atomic"]


def feature(props: dict, geometry: dict) -> dict:
    """A GeoJSON feature whose id is its properties' id."""
    return {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry}


def dumps_collection(features: list[dict]) -> str:
    """One feature per line, features sorted by id, UTF-8 text (so diffs stay readable)."""
    rows = [json.dumps(f, ensure_ascii=False, separators=(",", ":"))
            for f in sorted(features, key=lambda f: f["id"])]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(rows) + "\n]}\n"
