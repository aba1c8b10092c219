"""`bordermap db`: the store's schema, and moving a SQLite store into PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("db")
def db() -> None:
    """The store's schema: upgrade it; copy a SQLite store into PostgreSQL."""


@db.command("upgrade")
def upgrade() -> None:
    """Apply the schema migrations the store lacks (BORDERMAP_DATABASE_URL's, or the SQLite file's).

    Run it once before starting new app servers on a database older servers used: each
    server also upgrades on start, but one step ahead of time keeps starts quick.
    """
    from bordermap import settings
    from bordermap.store import describe

    from . import instance_folder
    from .cli import _store, words

    database = settings.database(settings.from_environment())
    where = describe(instance_folder(), database.url if database else None)
    store, said = _store(), words()  # opening a store applies the migrations it lacks
    try:
        found, now = store.schema_upgrade
        if found == now:
            click.echo(said.gettext("store %(where)s: schema version %(now)s, up to date", where=where, now=now))
        else:
            click.echo(said.gettext("store %(where)s: schema upgraded from version %(found)s to %(now)s",
                                    where=where, found=found, now=now))
    finally:
        store.close()


@db.command("copy")
@click.option("--from", "source", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The SQLite store file (bordermap.sqlite in the instance folder).")
@click.option("--to", "target", required=True, help="postgresql://... of an empty database with PostGIS.")
def copy(source: Path, target: str) -> None:
    """Copy a whole SQLite store into an empty PostgreSQL database, checking every table."""
    from bordermap.store import is_database_url
    from bordermap.store.transfer import copy_store

    from .cli import words

    if not is_database_url(target):
        raise click.BadParameter("expected a postgresql://... URL", param_hint="--to")
    said = words()
    for check in copy_store(source, target):
        rows = f"{check.rows:>9,}" if said.lang == "en" else said.number(check.rows).rjust(9)
        click.echo(f"{check.table:<12} " + said.gettext("%(rows)s rows  sha256 %(sha256)s", rows=rows,
                                                          sha256=check.sha256))
    click.echo(said.gettext("copied %(source)s into the database: every table's rows and checksum match",
                            source=source))
