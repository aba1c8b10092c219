"""bordermap's settings: BORDERMAP_* environment variables, read in one place.

The web app adds them to its config (each `BORDERMAP_X` sets the key `X`); the command line
reads them without building the app. Functions here interpret one setting each, from either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import StoreError

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


@dataclass(frozen=True)
class Database:
    """The PostgreSQL store's settings."""

    url: str
    pool_size: int = 8  # `bordermap serve`'s threads: no request waits for a connection
    statement_timeout_ms: int = 30_000
    wait_s: int = 10  # how long a request waits for a connection before it is answered 503


def _whole_number(settings: Mapping[str, Any], key: str, default: int) -> int:
    value = settings.get(key)
    try:
        number = default if value in (None, "") else int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise StoreError(f"BORDERMAP_{key}: expected a whole number above 0, got {value!r}")
    return number


def database(settings: Mapping[str, Any]) -> Database | None:
    """The PostgreSQL store (`DATABASE_URL`, `DB_POOL_SIZE`, `DB_STATEMENT_TIMEOUT_MS`, `DB_WAIT_S`),
    or None: SQLite."""
    url = settings.get("DATABASE_URL")
    if not url:
        return None
    return Database(url=url, pool_size=_whole_number(settings, "DB_POOL_SIZE", Database.pool_size),
                    statement_timeout_ms=_whole_number(settings, "DB_STATEMENT_TIMEOUT_MS",
                                                       Database.statement_timeout_ms),
                    wait_s=_whole_number(settings, "DB_WAIT_S", Database.wait_s))
