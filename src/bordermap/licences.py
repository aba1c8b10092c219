"""The licences and attributions of bordermap's data (`geodata/licences.toml`) and of each layer."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import CuratedDataError
from .model import Layer
from .paths import geodata_dir

FILE = "licences.toml"


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CuratedDataError(f"{path}: cannot read the licences ({error})") from None
    for key in ("code", "sources", "user"):
        if key not in data:
            raise CuratedDataError(f"{path}: `{key}` is missing")
    return data


def licences(folder: Path | None = None) -> dict[str, Any]:
    """The whole list: `code`, `sources` (each with the layers built from it) and `user`."""
    path = (folder or geodata_dir()) / FILE
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _load(path, mtime)


def for_layer(layer: Layer, folder: Path | None = None) -> dict[str, Any]:
    """What applies to one layer: its sources (curated) or the uploader's terms (user)."""
    data = licences(folder)
    if layer.origin == "user":
        return {"layer": layer.id, "origin": "user", "licence": data["user"]["licence"],
                "attribution": data["user"]["attribution"], "sources": []}
    sources = [source for source in data["sources"] if layer.id in source.get("layers", [])]
    return {
        "layer": layer.id,
        "origin": "curated",
        "licence": "; ".join(f"{s['name']}: {s['licence']}" for s in sources),
        # Apart, each as its source words it (review 19, N8: "bordermap contributors Made with…").
        "attribution": " · ".join(s["attribution"] for s in sources),
        "sources": sources,
    }


def text(layer: Layer, folder: Path | None = None) -> str:
    """The LICENSE.txt that goes with a layer's download: plain text, one source a paragraph."""
    info = for_layer(layer, folder)
    lines = [f"bordermap layer {layer.id!r}: {layer.title}", ""]
    if info["origin"] == "user":
        lines += [f"Licence: {info['licence']}.", info["attribution"]]
    else:
        for source in info["sources"]:
            spdx = f" ({source['spdx']})" if source["spdx"] else ""
            lines += [source["name"], f"  Licence: {source['licence']}{spdx}",
                      f"  Terms: {source['url']}", f"  Attribution: {source['attribution']}"]
            if source.get("note"):
                lines.append(f"  Note: {source['note']}")
            lines.append("")
    code = licences(folder)["code"]
    lines += ["", f"The bordermap software is under the {code['licence']} ({code['spdx']}); "
              "the full list of licences is served at /api/licences."]
    return "\n".join(lines).rstrip() + "\n"
