"""Stores: where bordermap keeps layers, features, commitments and revisions."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..curated import CuratedData
from .base import Store
from .sqlite import SQLiteStore

__all__ = ["Store", "SQLiteStore", "open_store", "is_database_url", "redacted", "scrubbed", "describe",
           "database_url_problem"]

STORE_FILE = "bordermap.sqlite"


def is_database_url(target: str | Path) -> bool:
    """Whether `target` names a PostgreSQL database rather than a folder or file."""
    return str(target).startswith(("postgresql://", "postgres://"))


# A password in a keyword/value connection string (`host=… password=secret`, or quoted).
_KEYWORD_PASSWORD = re.compile(r"""(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)""", re.IGNORECASE)


def redacted(url: str) -> str:
    """The database's address without its password, to name the database in messages and logs:
    a URL (of any scheme, mistyped ones included) or a keyword/value string."""
    url = _KEYWORD_PASSWORD.sub(r"\1***", url)
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # a port that is no number, an unclosed bracket: keep only the scheme
        return url.split("://", 1)[0] + "://***" if "://" in url else "***"
    if password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{netloc[0].split(':', 1)[0]}:***@{netloc[1]}"))


def scrubbed(text: str, url: str) -> str:
    """`text` (a driver's message, which may quote the connection string) with the database's
    password taken out wherever it appears."""
    text = _KEYWORD_PASSWORD.sub(r"\1***", text.replace(url, redacted(url)))
    try:
        password = urlsplit(url).password
    except ValueError:  # then redacted() kept no part of the address
        return text
    return text.replace(password, "***") if password else text


def database_url_problem(url: str) -> str | None:
    """Why `url` cannot name a PostgreSQL database (another scheme), or None."""
    if "://" in url and not is_database_url(url):
        return (f"BORDERMAP_DATABASE_URL must be a postgresql:// URL (or a host=… dbname=… string), "
                f"got {redacted(url)}")
    return None


def describe(instance_path: Path | str, database_url: str | None = None) -> str:
    """Where the store `open_store` opens with these arguments is, to tell an operator."""
    return redacted(database_url) if database_url else str(Path(instance_path) / STORE_FILE)


def open_store(instance_path: Path | str | None, curated: CuratedData | None, *, database_url: str | None = None,
               pool_size: int = 8, statement_timeout_ms: int = 30_000, wait_s: float = 10.0) -> Store:
    """Open the store and bring it to hold `curated` (None: leave the curated data as it is).

    With `database_url` (postgresql://...), the shared PostGIS store in that database, with a
    pool of at most `pool_size` connections whose statements stop after `statement_timeout_ms`,
    where a call that finds no working connection within `wait_s` seconds is refused;
    otherwise the embedded SQLite store in `instance_path`. Either way the schema is upgraded
    on opening. The caller loads the curated data (`bordermap.curated.load_curated`): a store
    reads no files but its own.
    """
    if database_url:
        problem = database_url_problem(database_url)
        if problem:
            from ..errors import ConfigError

            raise ConfigError(problem)
        from .postgis import PostGISStore  # psycopg is an optional extra: imported only when used

        store: Store = PostGISStore(database_url, pool_size=pool_size, statement_timeout_ms=statement_timeout_ms,
                                    wait_s=wait_s)
    else:
        store = SQLiteStore(Path(instance_path) / STORE_FILE)
    if curated is not None:
        try:
            store.sync_curated(curated)
        except BaseException:
            store.close()
            raise
    return store
