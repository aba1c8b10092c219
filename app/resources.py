"""Resources the views share: the store, the asset locator and settings, attached once per app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from bordermap import settings
from bordermap.instance import open_database_store, open_instance_store
from bordermap.mapview.assets import Assets
from bordermap.mapview.export_cache import ExportCache
from bordermap.store import Store


def init_app(app: Flask) -> None:
    """Open the store: the instance folder's, or DATABASE_URL's (bringing curated data up to date)."""
    database = settings.database(app.config)
    app.extensions["bordermap.store"] = (
        open_database_store(database) if database else open_instance_store(Path(app.instance_path)))
    app.extensions["bordermap.assets"] = Assets()
    app.extensions["bordermap.exports"] = ExportCache(Path(app.instance_path) / "exports")


def store() -> Store:
    """The current app's store."""
    return current_app.extensions["bordermap.store"]


def assets() -> Assets:
    """The current app's asset locator."""
    return current_app.extensions["bordermap.assets"]


def exports() -> ExportCache:
    """The current app's cache of built exports."""
    return current_app.extensions["bordermap.exports"]


def sources_dir() -> Path | None:
    """The source documents' folder, from the app's config."""
    return settings.sources_dir(current_app.config)
