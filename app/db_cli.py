"""`bordermap db`: the store's schema and moving it between backends."""

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
    from bordermap.errors import BordermapError
    from bordermap.store import describe

    from . import create_app
    from .cli import _failure

    try:
        app = create_app()
    except BordermapError as error:
        raise _failure(error) from None
    store = app.extensions["bordermap.store"]
    where = describe(app.instance_path, app.config.get("DATABASE_URL"))
    try:
        found, now = store.schema_upgrade
        if found == now:
            click.echo(f"store {where}: schema version {now}, up to date")
        else:
            click.echo(f"store {where}: schema upgraded from version {found} to {now}")
    finally:
        store.close()


@db.command("copy")
@click.option("--from", "source", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The SQLite store file (bordermap.sqlite in the instance folder).")
@click.option("--to", "target", required=True, help="postgresql://... of an empty database with PostGIS.")
def copy(source: Path, target: str) -> None:
    """Copy a whole SQLite store into an empty PostgreSQL database, checking every table."""
    from bordermap.errors import BordermapError
    from bordermap.store import is_database_url
    from bordermap.store.transfer import copy_store

    from .cli import _failure

    if not is_database_url(target):
        raise click.BadParameter("expected a postgresql://... URL", param_hint="--to")
    try:
        checks = copy_store(source, target)
    except BordermapError as error:
        raise _failure(error) from None
    for check in checks:
        click.echo(f"{check.table:<12} {check.rows:>9,} rows  sha256 {check.sha256}")
    click.echo(f"copied {source} into the database: every table's rows and checksum match")
