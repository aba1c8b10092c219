"""bordermap's settings: BORDERMAP_* environment variables, read in one place.

The web app adds them to its config (each `BORDERMAP_X` sets the key `X`); the command line
reads them without building the app. Functions here interpret one setting each, from either.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

PREFIX = "BORDERMAP_"


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every `BORDERMAP_X` variable as the setting `X`, its value as text."""
    environ = os.environ if environ is None else environ
    return {key[len(PREFIX):]: value for key, value in environ.items()
            if key.startswith(PREFIX) and len(key) > len(PREFIX)}


def sources_dir(settings: Mapping[str, Any]) -> Path | None:
    """The source documents' folder (`SOURCES_DIR`), or None: citations without the quoted text."""
    value = settings.get("SOURCES_DIR")
    return Path(value) if value else None


def instance_path(settings: Mapping[str, Any], default: Path) -> Path:
    """The instance folder (`INSTANCE_PATH`, else `default`), as an absolute path."""
    value = settings.get("INSTANCE_PATH")
    return Path(value or default).resolve()
