"""bordermap's settings: BORDERMAP_* environment variables, read in one place.

The web app adds them to its config (each `BORDERMAP_X` sets the key `X`); the command line
reads them without building the app. Functions here interpret one setting each, from either.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError, StoreError

PREFIX = "BORDERMAP_"


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every `BORDERMAP_X` variable as the setting `X`, its value as text without the spaces or
    line end around it: an editor token read from a secret file ends in a newline, and with it no
    token typed ever matched (review 23a, F3); a database URL after a space was refused with its
    password shown (F2)."""
    environ = os.environ if environ is None else environ
    return {key[len(PREFIX):]: value.strip() for key, value in environ.items()
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


_ON, _OFF = {"1", "on", "yes", "true"}, {"0", "off", "no", "false"}


def request_log(settings: Mapping[str, Any], *, default: bool) -> bool:
    """Whether the server logs each request (`REQUEST_LOG`: on or off; `default` when unset)."""
    value = settings.get("REQUEST_LOG")
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in _ON | _OFF:
        raise ConfigError(f"BORDERMAP_REQUEST_LOG: expected on or off, got {value!r}")
    return text in _ON


def _whole_number(settings: Mapping[str, Any], key: str, default: int) -> int:
    value = settings.get(key)
    try:
        number = default if value in (None, "") else int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise StoreError(f"BORDERMAP_{key}: expected a whole number above 0, got {value!r}")
    return number


_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$")


def embed_origins(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The sites allowed to show the embedded map in a frame (`EMBED_ORIGINS`): none by default.

    Origins (`https://news.example.org`, `http://intranet.local:8080`) separated by spaces or
    commas; anything else is refused, so a typo never opens the map to every site.
    """
    value = settings.get("EMBED_ORIGINS") or ""
    origins = [part for part in re.split(r"[\s,]+", str(value)) if part]
    bad = [part for part in origins if not _ORIGIN.match(part)]
    if bad:
        raise ConfigError(f"BORDERMAP_EMBED_ORIGINS: expected origins like https://news.example.org "
                          f"(scheme, host and optional port, no path), separated by spaces; got {bad[0]!r}")
    return tuple(dict.fromkeys(origin.rstrip("/") for origin in origins))


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
