"""bordermap in a notebook: `show(["checkpoints", "boundary"])` is a `folium.Map` of those layers,
each feature's commitments in its popup, that Jupyter displays with no network.

    from bordermap import notebook
    notebook.show(["checkpoints"])                 # the curated data, in a store of its own
    notebook.show(store=my_store, lang="vi")       # every visible layer of a store you opened

Without `store`, the data comes from where the command line finds it (BORDERMAP_DATABASE_URL,
else BORDERMAP_INSTANCE_PATH), else from the curated data alone, in a temporary folder.
See docs/notebook.md.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterable

from . import settings
from .i18n import messages
from .mapview.notebook_map import notebook_map
from .store import Store

__all__ = ["show", "open_default_store"]


def open_default_store() -> Store:
    """The store the command line would open, or the curated data alone in a temporary folder."""
    from .instance import open_database_store, open_instance_store

    config = settings.from_environment()
    database = settings.database(config)
    if database:
        return open_database_store(database)
    folder = config.get("INSTANCE_PATH") or tempfile.mkdtemp(prefix="bordermap-notebook-")
    return open_instance_store(Path(folder))


def show(layers: Iterable[str] | None = None, *, store: Store | None = None, lang: str = "en",
         basemap: bool = False):
    """A `folium.Map` of these layers (default: every visible one) with commitments in popups.

    It needs no network: Leaflet is inside it. `basemap=True` adds OpenStreetMap's tiles, which
    do need one. `lang` (en, km, vi) is the language of the map's own words.
    """
    opened = store is None
    store = store or open_default_store()
    try:
        return notebook_map(store, layers, words=messages(lang), basemap=basemap)
    finally:
        if opened:
            store.close()
