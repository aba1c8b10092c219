"""Stores: where bordermap keeps layers, features, commitments and revisions."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

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


# scheme://user:password@host…, the user information read up to the LAST "@": a password
# written into the URL unescaped (p@ss:w/rd#1) is then still taken whole.
_USERINFO = re.compile(r"^(.*?[A-Za-z][\w+.-]*://)([^@:/]*):(.*)@([^@]*)$", re.S)  # anything before: a quote
_UNSAFE_IN_PASSWORD = "@/#?"


def _password(url: str) -> str | None:
    found = _USERINFO.match(url)
    return found[3] if found else None


def redacted(url: str) -> str:
    """The database's address without its password, to name the database in messages and logs:
    a URL (of any scheme, mistyped ones included) or a keyword/value string."""
    url = _KEYWORD_PASSWORD.sub(r"\1***", url)
    found = _USERINFO.match(url)
    if found:
        return f"{found[1]}{found[2]}:***@{found[4]}"
    try:
        urlsplit(url).port  # noqa: B018 - a port that is no number, an unclosed bracket raise
    except ValueError:  # keep only the scheme
        return url.split("://", 1)[0] + "://***" if "://" in url else "***"
    return url


def scrubbed(text: str, url: str) -> str:
    """`text` (a driver's message, which may quote the connection string) with the database's
    password taken out wherever it appears."""
    text = _KEYWORD_PASSWORD.sub(r"\1***", text.replace(url, redacted(url)))
    password = _password(url)
    # Every occurrence, but not of a password so short that it is a common piece of text.
    return text.replace(password, "***") if password and len(password) >= 4 else text


def database_url_problem(url: str, given_as: str = "BORDERMAP_DATABASE_URL") -> str | None:
    """Why `url` cannot name a PostgreSQL database (another scheme, or a password that holds
    characters a URL must percent-encode, which the driver would read as part of the address),
    or None; `given_as` names where the operator gave it (`--to` for `db copy`: review 32b, #2)."""
    if "://" in url and not is_database_url(url):
        quoted = url[:1] in "'\"" and url[-1:] == url[:1]
        return (f"{given_as} must be a postgresql:// URL (or a host=… dbname=… string)"
                f"{', without quotes around it' if quoted else ''}, got {redacted(url)}")
    password = _password(url)
    if password and any(char in password for char in _UNSAFE_IN_PASSWORD):
        return (f"{given_as}: the password holds @, /, # or ?, which a URL must percent-encode "
                f"(%40, %2F, %23, %3F); write it so, got {redacted(url)}")
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
