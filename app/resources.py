"""Resources the views share: the store and the asset locator, attached once per app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from bordermap.curated import load_curated
from bordermap.mapview.assets import Assets
from bordermap.store import Store, open_store


def init_app(app: Flask) -> None:
    """Open the store in the instance folder and hand it the curated data to hold."""
    app.extensions["bordermap.store"] = open_store(Path(app.instance_path), load_curated())
    app.extensions["bordermap.assets"] = Assets()


def store() -> Store:
    """The current app's store."""
    return current_app.extensions["bordermap.store"]


def assets() -> Assets:
    """The current app's asset locator."""
    return current_app.extensions["bordermap.assets"]
