"""The `bordermap` command group and what its commands share: the messages' language, failures
turned into messages and exit codes, the store opened without the web app, the author's name;
`bordermap init`. Every other command lives in a module of its own (`*_cli`), registered here."""

from __future__ import annotations

import atexit
import getpass
import os
import sqlite3
import tempfile
from pathlib import Path

import click
from flask import Flask

from bordermap import settings
from bordermap.errors import BordermapError, storage_error
from bordermap.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Messages, language, messages

from .cli_words import Said


def init_app(app: Flask) -> None:
    """Nothing to attach yet; kept so `flask --app bordermap_app` finds the same verbs."""


# Exit codes: 1 the request was refused (bad input, unknown id, conflict); 3 the server's side
# failed (disk full, read-only store, broken curated data); click itself uses 2 for bad usage.
EXIT_REFUSED = 1
EXIT_SERVER = 3


def cli_language(chosen: str | None = None) -> str:
    """The language of the command's messages: --lang, else BORDERMAP_LANG, else the locale's
    (LC_ALL, LC_MESSAGES, LANG: `km_KH.UTF-8` is Khmer), else English."""
    for value in (chosen, os.environ.get("BORDERMAP_LANG"), os.environ.get("LC_ALL"),
                  os.environ.get("LC_MESSAGES"), os.environ.get("LANG")):
        if value:
            return language(value.split(".")[0].split("_")[0]) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def words() -> Messages:
    """The running command's messages, in the language `cli_language` chose."""
    context = click.get_current_context(silent=True)
    chosen = context.find_root().params.get("lang") if context else None
    return messages(cli_language(chosen))


class CommandFailed(Said):
    """A typed error as a message, then every problem, one per line.

    In Khmer or Vietnamese the error's name comes first in that language, then the library's
    message, which names the value and the place, in that language where problem_words has its
    sentence, as the editors' pages say it, else in English and said to be (review 20, F16: "Xung
    đột: this file was already imported…" read as half a translation).
    """

    def __init__(self, error: BordermapError):
        from .problem_words import localized

        said = words()
        first = error.message
        wrapped = bool(error.problems) and error.problems[0] in error.message  # "not imported: <the first>"
        # A lone problem the message already states is not listed twice.
        listed = [p for p in error.problems if not (len(error.problems) == 1 and p in error.message)]
        if wrapped and (said.lang != DEFAULT_LANGUAGE or len(error.problems) > 1):
            # The message only wraps the problems, which are said one a line in the reader's
            # language, as the upload page lists them under the count (the wrapper has no sentence);
            # in English too when there are several: the message's first would be said twice.
            listed = ([localized(problem, said, page=False) for problem in error.problems]
                      if said.lang != DEFAULT_LANGUAGE else list(error.problems))
            own = said.ngettext("The check found %(num)s problem", "The check found %(num)s problems", len(listed))
            first = said.gettext(N_("%(field)s: %(problem)s"), field=said.gettext(error.title), problem=own)
        elif said.lang != DEFAULT_LANGUAGE:
            listed = [localized(problem, said, page=False) for problem in listed]
            own = localized(error.message, said, page=False, start=False)
        if said.lang != DEFAULT_LANGUAGE and not wrapped:
            # The language's colon after the error's name (Khmer's "៖": the change's review, L4).
            first = (said.gettext(N_("%(field)s: %(problem)s"), field=said.gettext(error.title), problem=own)
                     if own != error.message else
                     said.gettext("%(title)s: (in English) %(details)s", title=said.gettext(error.title),
                                  details=error.message))
        super().__init__("\n".join([first] + [f"  {problem}" for problem in listed]), said)
        self.exit_code = EXIT_SERVER if error.status >= 500 else EXIT_REFUSED


class _Commands(click.Group):
    """bordermap's command group: one place turns every command's failures into messages."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BordermapError as error:
            raise CommandFailed(error) from None
        except (OSError, sqlite3.Error) as error:
            typed = storage_error(error, "the instance folder")
            if typed is not None:
                raise CommandFailed(typed) from None
            if isinstance(error, OSError) and error.filename:
                raise click.ClickException(f"{error.filename}: {error.strerror or error}") from None
            raise


def _store(*, dry_run: bool = False):
    """The store (the instance folder's, or BORDERMAP_DATABASE_URL's), opened without the web app.

    It is chosen as `bordermap serve` chooses it (the same BORDERMAP_* variables), and said on
    stderr, so a reader of the output knows which data it describes; a store the command had
    to create is said too, as it holds only the curated data. A dry run creates nothing: where
    there is no store yet, it checks against a throw-away one holding the curated data,
    removed when the command ends.
    """
    from bordermap.instance import open_database_store, open_instance_store
    from bordermap.store import STORE_FILE, describe

    from . import instance_folder

    chosen = settings.from_environment()
    database = settings.database(chosen)
    folder = instance_folder()
    said = words()
    where = describe(folder, database.url if database else None)
    if not (database or chosen.get("INSTANCE_PATH")):
        where = said.gettext("%(store)s (the default instance folder)", store=where)
    click.echo("bordermap: " + said.gettext("store %(store)s", store=where), err=True)
    if database:
        return open_database_store(database)
    fresh = not (folder / STORE_FILE).exists()
    if fresh and dry_run:
        click.echo("bordermap: " + said.gettext(
            "there is no store there yet; this dry run checks against the curated data alone and creates "
            "nothing"), err=True)
        scratch = tempfile.TemporaryDirectory(prefix="bordermap-dry-run-")
        atexit.register(scratch.cleanup)
        return open_instance_store(Path(scratch.name))
    store = open_instance_store(folder)
    if fresh:
        click.echo("bordermap: " + said.gettext(
            "there was no store there; a new one holding only the curated data was made. If the server uses "
            "another, set BORDERMAP_INSTANCE_PATH or BORDERMAP_DATABASE_URL as it is set for the server."), err=True)
    return store


@click.group(cls=_Commands)
@click.version_option(package_name="bordermap")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default=None,
              help="Language of the messages: en, km or vi (default: BORDERMAP_LANG, else LANG).")
def main(lang: str | None) -> None:
    """bordermap: what Cambodia and Viet Nam agree to build and do along their border."""


@main.command("init")
def init_store() -> None:
    """Create the store, or bring its curated data up to date; user data is kept. On PostgreSQL
    (BORDERMAP_DATABASE_URL) the curated data is brought up to date by `bordermap db upgrade`."""
    from bordermap.store import describe

    from . import instance_folder

    store = _store()
    where = describe(instance_folder(), settings.from_environment().get("DATABASE_URL"))
    click.echo(f"store in {where}: curated data version {store.curated_version()}")


def _cli_author(author: str | None) -> str:
    from bordermap import edits

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "someone"
    return edits.author_name(author, f"{user} (command line)")


from .export_cli import export_command as _export_command  # noqa: E402 - each in its own module, registered here
from .revisions_cli import revisions_group as _revisions_group  # noqa: E402
from .serve_cli import serve as _serve  # noqa: E402

main.add_command(_serve)
main.add_command(_export_command)
main.add_command(_revisions_group)

from .db_cli import db as _db  # noqa: E402 - defined in its own module, registered here
from .history_cli import history as _history  # noqa: E402

main.add_command(_db)

from .import_cli import import_command as _import_command  # noqa: E402

main.add_command(_import_command)

from .ledger_cli import commitments as _commitments  # noqa: E402
from .ledger_cli import documents as _documents  # noqa: E402

main.add_command(_documents)
main.add_command(_commitments)
main.add_command(_history)
