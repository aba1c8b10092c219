"""Stores: where bordermap keeps layers, features, commitments and revisions."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..curated import CuratedData
from .base import Store
from .sqlite import SQLiteStore

__all__ = ["Store", "SQLiteStore", "open_store", "is_database_url", "redacted", "describe"]

STORE_FILE = "bordermap.sqlite"


def is_database_url(target: str | Path) -> bool:
    """Whether `target` names a PostgreSQL database rather than a folder or file."""
    return str(target).startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The URL without its password, to name the database in messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{netloc[0].split(':', 1)[0]}:***@{netloc[1]}"))


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
