"""Stores: where bordermap keeps layers, features, commitments and revisions."""

from __future__ import annotations

from pathlib import Path

from ..curated import CuratedData
from .base import Store
from .sqlite import SQLiteStore

__all__ = ["Store", "SQLiteStore", "open_store"]

STORE_FILE = "bordermap.sqlite"


def open_store(instance_path: Path | str, curated: CuratedData) -> Store:
    """Open the embedded store in `instance_path` and bring it to hold `curated`.

    The caller loads the curated data (`bordermap.curated.load_curated`): a store reads no files
    but its own.
    """
    store = SQLiteStore(Path(instance_path) / STORE_FILE)
    store.sync_curated(curated)
    return store
