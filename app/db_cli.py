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
    server also upgrades on start, but one step ahead of time keeps starts quick. With
    PostgreSQL it is also the one step that replaces the shared curated data with this
    release's `geodata/` (a server's start never does, once the database holds some).
    """
    from bordermap import settings
    from bordermap.store import describe

    from . import instance_folder
    from .cli import _store, words

    database = settings.database(settings.from_environment())
    where = describe(instance_folder(), database.url if database else None)
    said = words()
    if database:  # a shared database's curated data is replaced here, and only here
        from bordermap.curated import load_curated
        from bordermap.instance import open_database_store

        curated = load_curated()
        # Applies the migrations it lacks; the curated data is this command's to load or replace,
        # so the servers' warning that it differs is not said here (review rv21e, F8).
        store = open_database_store(database, curated, load=False)
        before = (store.curated_version(), store.curated_as_of())
        if before[0] != curated.version:
            try:
                store.sync_curated(curated)
            except BaseException:
                store.close()
                raise
    else:
        store, before = _store(), None  # opening a store applies the migrations it lacks
    try:
        found, now = store.schema_upgrade
        if found == now:
            click.echo(said.gettext("store %(where)s: schema version %(now)s, up to date", where=where, now=now))
        else:
            click.echo(said.gettext("store %(where)s: schema upgraded from version %(found)s to %(now)s",
                                    where=where, found=found, now=now))
        if before is not None and before[0] is None:
            click.echo(said.gettext("curated data loaded: %(new)s (as of %(new_date)s)",
                                    new=store.curated_version(), new_date=store.curated_as_of()))
        elif before is not None and before[0] != store.curated_version():
            click.echo(said.gettext(
                "curated data replaced: %(old)s (as of %(old_date)s) by %(new)s (as of %(new_date)s)",
                old=before[0] or "-", old_date=before[1] or "-", new=store.curated_version(),
                new_date=store.curated_as_of()))
        elif before is not None:
            click.echo(said.gettext("curated data %(version)s (as of %(date)s), up to date",
                                    version=before[0], date=before[1]))
    finally:
        store.close()


@db.command("copy")
@click.option("--from", "source", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The SQLite store file (bordermap.sqlite in the instance folder).")
@click.option("--to", "target", required=True, help="postgresql://... of an empty database with PostGIS.")
def copy(source: Path, target: str) -> None:
    """Copy a whole SQLite store into an empty PostgreSQL database, checking every table."""
    from bordermap.store import database_url_problem, is_database_url
    from bordermap.store.transfer import copy_store

    from .cli import words

    if not is_database_url(target):
        raise click.BadParameter("expected a postgresql://... URL", param_hint="--to")
    # The check `serve` makes of BORDERMAP_DATABASE_URL (review 32b, #2: an unencoded "@" in the
    # password sent the driver to a host named after its tail, printed in the refusal).
    problem = database_url_problem(target, "--to")
    if problem:
        raise click.BadParameter(problem.removeprefix("--to: ").removeprefix("--to "), param_hint="--to")
    said = words()
    checks = copy_store(source, target)
    width = max((len(check.table) for check in checks), default=0)  # editor_commitments overflowed 12
    for check in checks:
        rows = f"{check.rows:>9,}" if said.lang == "en" else said.number(check.rows).rjust(9)
        click.echo(f"{check.table:<{width}} " + said.gettext("%(rows)s rows  sha256 %(sha256)s", rows=rows,
                                                          sha256=check.sha256))
    click.echo(said.gettext("copied %(source)s into the database: every table's rows and checksum match",
                            source=source))
