"""Where bordermap finds its curated data, templates and static assets."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout (editable install, tests) the data lives two levels up, at the top of the repo.
CHECKOUT_DIR = PACKAGE_DIR.parents[1]


def _installed_or_checkout(installed: Path, checkout: Path) -> Path:
    return installed if installed.is_dir() else checkout


def geodata_dir() -> Path:
    """The curated data folder: the wheel's copy, else the checkout's `geodata/`."""
    override = os.environ.get("BORDERMAP_GEODATA_DIR")
    if override:
        return Path(override)
    return _installed_or_checkout(PACKAGE_DIR / "geodata", CHECKOUT_DIR / "geodata")


def app_templates_dir(app_package_dir: Path) -> Path:
    """The Flask page templates: the wheel's copy, else the checkout's `templates/`."""
    return _installed_or_checkout(app_package_dir / "templates", CHECKOUT_DIR / "templates")


def static_dir() -> Path:
    """bordermap's own scripts and styles (map behaviour, panel, legend)."""
    return PACKAGE_DIR / "mapview" / "static"


def library_templates_dir() -> Path:
    """Templates the library renders itself (the map document shared by page and export)."""
    return PACKAGE_DIR / "mapview" / "templates"



def translations_dir() -> Path:
    """The gettext catalogues (`<lang>/LC_MESSAGES/messages.mo`), kept with the web app's package.

    The export and the command line read them too, so the library finds them without Flask.
    """
    return _installed_or_checkout(PACKAGE_DIR.parent / "bordermap_app" / "translations",
                                  CHECKOUT_DIR / "app" / "translations")
