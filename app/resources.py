"""Resources the views share: the store and the asset locator, attached once per app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from bordermap.curated import load_curated
from bordermap.errors import StoreError
from bordermap.mapview.assets import Assets
from bordermap.store import Store, open_store


def _setting(app: Flask, key: str, default: int) -> int:
    value = app.config.get(key)
    try:
        return default if value in (None, "") else int(value)
    except (TypeError, ValueError):
        raise StoreError(f"BORDERMAP_{key}: expected a whole number, got {value!r}") from None


def init_app(app: Flask) -> None:
    """Open the store (the instance folder's, or DATABASE_URL's) and hand it the curated data."""
    app.extensions["bordermap.store"] = open_store(
        Path(app.instance_path), load_curated(),
        database_url=app.config.get("DATABASE_URL") or None,
        pool_size=_setting(app, "DB_POOL_SIZE", 8),
        statement_timeout_ms=_setting(app, "DB_STATEMENT_TIMEOUT_MS", 30_000),
    )
    app.extensions["bordermap.assets"] = Assets()


def store() -> Store:
    """The current app's store."""
    return current_app.extensions["bordermap.store"]


def assets() -> Assets:
    """The current app's asset locator."""
    return current_app.extensions["bordermap.assets"]
