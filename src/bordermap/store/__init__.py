"""Stores: where bordermap keeps layers, features, commitments and revisions."""

from __future__ import annotations

from pathlib import Path

from ..curated import CuratedData, load_curated
from .base import Store
from .sqlite import SQLiteStore

__all__ = ["Store", "SQLiteStore", "open_store"]

STORE_FILE = "bordermap.sqlite"


def open_store(instance_path: Path | str, curated: CuratedData | None = None) -> Store:
    """Open the embedded store in `instance_path`, bringing its curated data up to date."""
    store = SQLiteStore(Path(instance_path) / STORE_FILE)
    store.sync_curated(curated if curated is not None else load_curated())
    return store
