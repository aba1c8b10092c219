"""Where bordermap finds its curated data, templates and static assets.

pyproject.toml maps the checkout's top-level `geodata/` and `templates/` folders into the
packages (`bordermap.geodata`, `bordermap_app.templates`), so an installed wheel holds them
next to its modules. An editable install runs from the checkout, where they stay at the top.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout (editable install, tests) the packages live in src/ and app/, two levels down.
CHECKOUT_DIR = PACKAGE_DIR.parents[1]


def _packaged_or_checkout(packaged: Path, top_level: str) -> Path:
    """`packaged` when installed; the checkout's top-level folder when running from one.

    A wheel that lacks the folder gets its packaged path anyway, so that whoever reads it
    fails naming the place the data should be, rather than finding some other folder.
    """
    if packaged.is_dir():
        return packaged
    checkout = CHECKOUT_DIR / top_level
    if (CHECKOUT_DIR / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return packaged


def geodata_dir() -> Path:
    """The curated data folder: BORDERMAP_GEODATA_DIR, else the packaged `geodata/`."""
    override = os.environ.get("BORDERMAP_GEODATA_DIR")
    if override:
        return Path(override)
    return _packaged_or_checkout(PACKAGE_DIR / "geodata", "geodata")


def app_templates_dir(app_package_dir: Path) -> Path:
    """The Flask page templates: the packaged `templates/` (bordermap_app.templates)."""
    return _packaged_or_checkout(app_package_dir / "templates", "templates")


def static_dir() -> Path:
    """bordermap's own scripts and styles (map behaviour, panel, legend)."""
    return PACKAGE_DIR / "mapview" / "static"


def library_templates_dir() -> Path:
    """Templates the library renders itself (the map document shared by page and export)."""
    return PACKAGE_DIR / "mapview" / "templates"

