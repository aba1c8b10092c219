"""The `bordermap` command: serve the app, initialise the store (more verbs join here)."""

from __future__ import annotations

import atexit
import getpass
import logging
import os
import secrets
import sqlite3
import tempfile
from pathlib import Path

import click
from flask import Flask

from bordermap import revision_words, settings
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


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, threads: int) -> None:
    """Serve the app with waitress, a production WSGI server."""
    from waitress import serve as waitress_serve

    from bordermap import settings
    from bordermap.store import describe

    from . import create_app
    from .request_log import configure_logging
    from .serving import waitress_options

    configure_logging()  # every line timestamped, from the first (review 20, F12)
    # As Jupyter does: without a configured editor token, make one for this run and print it.
    chosen = settings.from_environment()
    generated = None if chosen.get("EDITOR_TOKEN") else secrets.token_urlsafe(24)
    if generated and chosen.get("DATABASE_URL"):  # several servers: each would make a token of its own
        logging.getLogger(__name__).warning(
            "BORDERMAP_DATABASE_URL is set but BORDERMAP_EDITOR_TOKEN is not: this server made a token for "
            "this run, which the other servers refuse (403); give every server the same BORDERMAP_EDITOR_TOKEN")
    config = {"REQUEST_LOG": settings.request_log(chosen, default=True)}
    app = create_app({**config, "EDITOR_TOKEN": generated} if generated else config)
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo(f"bordermap: store in {describe(app.instance_path, app.config.get('DATABASE_URL'))}")
    click.echo(f"bordermap: serving on http://{host}:{port}/ (Ctrl+C to stop)")
    if generated:
        click.echo(f"bordermap: editor token for this run (set BORDERMAP_EDITOR_TOKEN to choose one): {generated}")
        click.echo(f"bordermap: add data at {base}/upload?token={generated}")
    else:
        click.echo(f"bordermap: add data at {base}/upload (editor token from BORDERMAP_EDITOR_TOKEN)")
    waitress_serve(app, host=host, port=port, **waitress_options(app, threads=threads))


@main.command("init")
def init_store() -> None:
    """Create the store, or bring its curated data up to date; user data is kept. On PostgreSQL
    (BORDERMAP_DATABASE_URL) the curated data is brought up to date by `bordermap db upgrade`."""
    from bordermap.store import describe

    from . import instance_folder

    store = _store()
    where = describe(instance_folder(), settings.from_environment().get("DATABASE_URL"))
    click.echo(f"store in {where}: curated data version {store.curated_version()}")


@main.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--layers", help="Comma-separated layer ids to include (default: every layer).")
@click.option("--view", help="Initial view as LAT,LON,ZOOM (default: the border region).")
@click.option("--title", default=None, help="Title shown on the page and in the browser tab.")
@click.option("--cdn", is_flag=True, help="Load Leaflet from a public CDN instead of inlining it.")
@click.option("--no-basemap", is_flag=True, help="Leave out the online basemap (plain background).")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default=None,
              help="Language of the map's interface: en, km or vi (default: the messages' language, "
                   "English unless `bordermap --lang`, BORDERMAP_LANG or LANG say otherwise).")
@click.option("--app-url", default="", metavar="URL",
              help="The address readers reach the app at (https://...): the file links back to its live map "
                   "and names its downloads and left-out layers there.")
def export_command(out: Path, layers, view, title, cdn: bool, no_basemap: bool, force: bool, lang: str | None,
                   app_url: str) -> None:
    """Write the map as one self-contained HTML file that opens offline."""
    from bordermap.mapview.export import DEFAULT_TITLE, ExportOptions, build_export, parse_view, write_export

    lang = lang or words().lang
    options = ExportOptions(
        layers=[part.strip() for part in layers.split(",") if part.strip()] if layers else None,
        view=parse_view(view) if view else None,
        title=title or DEFAULT_TITLE,
        cdn=cdn,
        basemap=not no_basemap,
        lang=lang,
        base_url=_app_url(app_url),
    )
    size = write_export(build_export(_store(), options), out, force=force)
    said = messages(lang)
    click.echo(said.gettext("wrote %(file)s (%(size)s bytes)", file=out, size=said.number(size)))


def _app_url(given: str) -> str:
    """--app-url checked: an http(s) address without its trailing slash, or "" when none."""
    from urllib.parse import urlsplit

    given = given.strip().rstrip("/")
    if not given:
        return ""
    parts = urlsplit(given)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise click.BadParameter(f"expected the app's address, such as https://bordermap.example.org, got {given!r}",
                                 param_hint="--app-url")
    return given


# ----------------------------------------------------------------------------- editing
def _cli_author(author: str | None) -> str:
    from bordermap import edits

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "someone"
    return edits.author_name(author, f"{user} (command line)")


@main.group("revisions")
def revisions_group() -> None:
    """List, inspect and revert revisions of user data."""


@revisions_group.command("list")
@click.option("--layer", help="Only the revisions of this layer.")
def revisions_list(layer) -> None:
    """Every revision, newest first."""
    from bordermap import edits

    items, said = edits.revisions(_store(), layer), words()
    if not items:
        click.echo(said.gettext("no revisions yet"))
    for r in items:
        state = (" [" + said.gettext("reverted by %(revision)s", revision=r["reverted_by"]) + "]"
                 if r["reverted_by"] else "")
        changes = (f"{r['changes']} changes" if said.lang == DEFAULT_LANGUAGE
                   else said.ngettext("%(num)s change", "%(num)s changes", r["changes"]))
        when = r["created_at"] if said.lang == DEFAULT_LANGUAGE else revision_words.when(r["created_at"], said)
        summary = revision_words.describe(r["summary"], said)
        click.echo(f"{r['id']:>5}  {when}  {r['author']}  {summary} ({changes}){state}")


@revisions_group.command("show")
@click.argument("revision_id", type=int)
def revisions_show(revision_id: int) -> None:
    """One revision and its changes."""
    from bordermap import edits

    detail, said = edits.revision_detail(_store(), revision_id, 10_000), words()
    r = detail["revision"]
    if said.lang == DEFAULT_LANGUAGE:  # the English output stays as scripts read it
        click.echo(f"revision {r['id']}: {r['summary']}")
        click.echo(f"  when {r['created_at']}, by {r['author']}, action {r['action']}, layer {r['layer_id'] or '-'}")
    else:
        click.echo(said.gettext("revision %(revision)s: %(summary)s", revision=r["id"],
                                summary=revision_words.describe(r["summary"], said)))
        click.echo("  " + said.gettext("when %(when)s, by %(author)s, action %(action)s, layer %(layer)s",
                                        when=revision_words.when(r["created_at"], said), author=r["author"],
                                        action=revision_words.action(r["action"], said), layer=r["layer_id"] or "-"))
    if r["file_sha256"]:
        from bordermap.ingest import import_key_parts

        digest, read_layer = import_key_parts(r["file_sha256"])
        click.echo("  " + said.gettext("file sha256 %(sha256)s", sha256=digest))
        if read_layer:
            click.echo("  " + said.gettext("layer read from the file: %(layer)s", layer=read_layer))
    if r["reverts"]:
        click.echo("  " + said.gettext("reverts revision %(revision)s", revision=r["reverts"]))
    if r["reverted_by"]:
        click.echo("  " + said.gettext("reverted by revision %(revision)s", revision=r["reverted_by"]))
    verbs = {"added": said.gettext("added"), "removed": said.gettext("removed"), "changed": said.gettext("changed")}
    for change in detail["changes"]:
        verb = "added" if change["before"] is None else "removed" if change["after"] is None else "changed"
        click.echo(f"  {verbs[verb]} {revision_words.entity(change['entity'], said)} {change['id']}")


@revisions_group.command("revert")
@click.argument("revision_id", type=int)
@click.option("--author", help="Who is reverting (default: your user name).")
def revisions_revert(revision_id: int, author) -> None:
    """Undo a revision (as a new revision)."""
    from bordermap import edits

    revision = edits.revert(_store(), revision_id, author=_cli_author(author))
    click.echo(words().gettext("reverted revision %(revision)s as revision %(new)s", revision=revision_id,
                               new=revision.id))


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
