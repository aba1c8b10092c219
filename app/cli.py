"""The `bordermap` command: serve the app, initialise the store (more verbs join here)."""

from __future__ import annotations

import atexit
import getpass
import logging
import os
import re
import secrets
import sqlite3
import sys
import tempfile
from pathlib import Path

import click
from flask import Flask

from bordermap import revision_words, settings
from bordermap.errors import BordermapError, storage_error
from bordermap.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Messages, language, messages

from .geometry_words import report_shapes


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


class CommandFailed(click.ClickException):
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
        if said.lang != DEFAULT_LANGUAGE and wrapped:
            # The message only wraps the problems, which are said one a line in the reader's
            # language, as the upload page lists them under the count (the wrapper has no sentence).
            listed = [localized(problem, said, page=False) for problem in error.problems]
            own = said.ngettext("The check found %(num)s problem", "The check found %(num)s problems", len(listed))
            first = said.gettext(N_("%(field)s: %(problem)s"), field=said.gettext(error.title), problem=own)
        elif said.lang != DEFAULT_LANGUAGE:
            listed = [localized(problem, said, page=False) for problem in listed]
            own = localized(error.message, said, page=False)
        if said.lang != DEFAULT_LANGUAGE and not wrapped:
            # The language's colon after the error's name (Khmer's "៖": the change's review, L4).
            first = (said.gettext(N_("%(field)s: %(problem)s"), field=said.gettext(error.title), problem=own)
                     if own != error.message else
                     said.gettext("%(title)s: (in English) %(details)s", title=said.gettext(error.title),
                                  details=error.message))
        super().__init__("\n".join([first] + [f"  {problem}" for problem in listed]))
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
def _limits():
    from bordermap.ingest.parse import Limits

    return Limits.from_mapping(settings.from_environment())


def _cli_author(author: str | None) -> str:
    from bordermap import edits

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "someone"
    return edits.author_name(author, f"{user} (command line)")


class _Stages:
    """A progress bar on stderr through an import's stages (read, check, store), shown only on
    a terminal: piped or captured output stays the report alone."""

    # Where each stage ends, in hundredths: a large file's time goes mostly to checking.
    ENDS = {"reading": 10, "checking": 60, "storing": 100}

    def __init__(self, shown: bool | None = None) -> None:
        stream = sys.stderr
        self.bar = (click.progressbar(length=100, label=words().gettext("reading"), file=stream, width=30)
                    if (stream.isatty() if shown is None else shown) else None)
        self.done = 0

    def __enter__(self) -> "_Stages":
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def advance(self, upto: float, label: str | None = None) -> None:
        """Move to `upto` hundredths, under `label` from now on."""
        if self.bar is None:
            return
        if label:
            self.bar.label = words().gettext(label)
        step = int(upto) - self.done
        if step > 0:
            self.bar.update(step)
            self.done += step

    def stream_progress(self, stage: str, done: int, total: int) -> None:
        """How far a streamed import is: `done` of `total` (bytes read or checked, features stored)."""
        starts = {"reading": 0, "checking": self.ENDS["reading"], "storing": self.ENDS["checking"]}
        start = starts[stage]
        self.advance(start + (self.ENDS[stage] - start) * min(1.0, done / max(total, 1)), stage)


def _read_file(file: Path, stages: _Stages) -> bytes:
    """The file's bytes, read in pieces so the bar moves while a large file loads."""
    size = file.stat().st_size
    buffer = bytearray(size)
    view = memoryview(buffer)
    with file.open("rb") as handle:
        got = 0
        while got < size:
            n = handle.readinto(view[got:got + (8 << 20)])
            if not n:
                break
            got += n
            stages.advance(stages.ENDS["reading"] * got / size)
        rest = handle.read()  # a file that grew meanwhile is read whole
    data = bytes(view[:got])  # the one copy: plan_import takes bytes
    view.release()
    return data + rest if rest else data


def _sequence(file: Path) -> bool:
    """Whether the file looks like a GeoJSON text sequence or one Feature a line, which the
    streamed read takes (the upload page and the API read one whole, under the upload limits)."""
    from bordermap.ingest.sequence import SUFFIXES

    if file.suffix.lower() in SUFFIXES:
        return True
    with file.open("rb") as handle:
        return handle.read(64).lstrip(b" \t\r\n").startswith(b"\x1e")


def _precision_words(report: dict, said: Messages) -> str:
    """The editor's location precision as the map's popups say it."""
    if report["precision_m"]:
        return said.gettext("approximate (within about {m} m)").format(m=said.number(report["precision_m"]))
    return said.gettext(report["location_precision"])


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layer", default="", help="Id of a layer of yours, or of the new layer.")
@click.option("--new-layer-title", help="Create the layer with this title.")
@click.option("--kind", default="", help="Kind of the new layer's features (e.g. economic-zone).")
@click.option("--color", default="", help="Colour of the new layer, like #ee3377 (by default the palette's first "
                                                 "that no layer of yours has).")
@click.option("--crs", help="CRS of the file's coordinates when not lon/lat, e.g. EPSG:32648.")
@click.option("--source-layer", help="The layer to read, in a file of several (GeoPackage, KML, zip).")
@click.option("--encoding", help="How a Shapefile's or a CSV file's text is encoded, when the file does not say "
              "or says wrongly: utf-8, windows-1258 (Vietnamese), windows-1252 or iso-8859-1.")
@click.option("--repair", is_flag=True, help="Repair invalid geometries instead of refusing them.")
@click.option("--link", "links", multiple=True, help="Link every feature to this commitment (repeatable).")
@click.option("--location-precision", help="Location precision of features that do not give one: "
              "exact or approximate (then also --precision-m).")
@click.option("--precision-m", help="With --location-precision approximate: the radius in metres.")
@click.option("--author", help="Who is importing (default: your user name).")
@click.option("--dry-run", is_flag=True, help="Check and report; store nothing.")
@click.option("--allow-duplicate", is_flag=True, help="Import the file even if it was already imported into the layer.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on stderr (default: when stderr is a terminal).")
@click.option("--stream/--no-stream", "streamed", default=None,
              help="Read a GeoJSON FeatureCollection (or text sequence) a slice at a time, in bounded memory "
                   "and with no size limit (default: for files over the upload limit, "
                   "BORDERMAP_MAX_UPLOAD_BYTES, and for sequences).")
def import_command(file: Path, layer, new_layer_title, kind, color, crs, source_layer, encoding, repair, links,
                   location_precision, precision_m, author, dry_run, allow_duplicate, progress, streamed) -> None:
    """Import a GeoJSON, GeoPackage, zipped Shapefile, KML, CSV, FlatGeobuf or GPX file: checked,
    reprojected, stored as one revision."""
    try:
        _import(file, layer, new_layer_title, kind, color, crs, source_layer, encoding, repair, links,
                location_precision, precision_m, author, dry_run, allow_duplicate, progress, streamed)
    except BordermapError as error:
        error.message, error.problems = _named_problems(file, error.message, error.problems)
        error.message = _as_options(error.message)
        error.problems = [_as_options(problem) for problem in error.problems]
        raise


def _named_problems(file: Path, message: str, problems: list[str]) -> tuple[str, list[str]]:
    """Problems as the upload page says them (review rv21b, L6): a feature by its number from 1
    and its name ("feature 2 “Bowtie zone”, geometry: …", where the library writes
    "features[1].geometry"); named from the file when it is within the upload limit (a larger
    one was streamed and is not read again), numbered in any case."""
    from bordermap.ingest import explain

    try:
        raw = file.read_bytes() if file.stat().st_size <= _limits().max_bytes else None
    except OSError:
        raw = None
    if not problems:
        return explain.readable_problems([message], raw, hints=False)[0], []
    named = explain.readable_problems(problems, raw, hints=False)
    for problem, said in zip(problems, named, strict=True):  # the message may state one of them
        message = message.replace(problem, said)
    return message, named


# The import names what it was given as the API's parameters ("source_layer: choose one…");
# the command line's reader gave options. A property of the file ("properties.precision_m")
# keeps its name.
_PARAMETERS = re.compile(r"(?<![\w.])(source_layer|location_precision|precision_m|new_layer_title|allow_duplicate)"
                         r"(?![\w.])"
                         r"|(?:^|(?<=: ))(layer|kind|color|encoding)(?=:)|(crs) \(given with the upload\)")


def _as_options(text: str) -> str:
    text = _WITH_THE_UPLOAD.sub("encoding with --encoding", text)
    text = text.replace("give a title for the new layer", "give --new-layer-title")
    return _PARAMETERS.sub(lambda found: "--" + next(filter(None, found.groups())).replace("_", "-"), text)


_WITH_THE_UPLOAD = re.compile(r"encoding with the upload")  # where the page has its "Text encoding"


def _import(file: Path, layer, new_layer_title, kind, color, crs, source_layer, encoding, repair, links,
            location_precision, precision_m, author, dry_run, allow_duplicate, progress, streamed) -> None:
    from bordermap import ingest
    from bordermap.errors import TooLarge
    from bordermap.ingest import stream
    from bordermap.ingest.parse import check_size

    store, limits = _store(dry_run=dry_run), _limits()
    who = _cli_author(author)  # checked first, so a dry run reports a bad author too
    size = file.stat().st_size
    new_layer = None
    if new_layer_title:
        new_layer = ingest.make_layer(layer, title=new_layer_title, kind=kind, color=color, store=store)
    # A Shapefile or CSV file is read whole (stream.NotStreamable); an encoding given with a GeoJSON
    # file is refused by the whole-file reader.
    if not encoding and (streamed or (streamed is None and source_layer is None
                                      and (size > limits.max_bytes or _sequence(file)))):
        try:
            with _Stages(progress) as stages:
                plan = stream.plan_file(
                    file, layer=layer, new_layer=new_layer, crs=crs, repair=repair, limits=limits, links=links,
                    store=store, location_precision=location_precision, precision_m=precision_m,
                    progress=stages.stream_progress)
                with plan:
                    stages.advance(stages.ENDS["checking"], N_("storing") if not dry_run else N_("checked"))
                    revision = None if dry_run else stream.store_plan(
                        store, plan, author=who, allow_duplicate=allow_duplicate, progress=stages.stream_progress)
                    stages.advance(stages.ENDS["storing"], N_("done"))
                    report = plan.report(0)
        except stream.NotStreamable as why:
            try:
                check_size(size, limits)
            except TooLarge as error:
                raise TooLarge(f"{error.message}; the command line reads a larger file only when it is a GeoJSON "
                               f"FeatureCollection in UTF-8, and this one is not ({why})") from None
        else:
            _import_report(file, report, new_layer, plan.layer_id, dry_run, revision)
            return
    check_size(size, limits)
    with _Stages(progress) as stages:
        raw = _read_file(file, stages)
        stages.advance(stages.ENDS["reading"], N_("checking"))
        plan = ingest.plan_import(
            raw, layer=layer, new_layer=new_layer, crs=crs, repair=repair,
            limits=limits, links=links, store=store, filename=file.name, source_layer=source_layer,
            location_precision=location_precision, precision_m=precision_m, encoding=encoding,
        )
        del raw
        stages.advance(stages.ENDS["checking"], N_("storing") if not dry_run else N_("checked"))
        revision = None if dry_run else ingest.run_import(store, plan, author=who,
                                                          allow_duplicate=allow_duplicate)
        stages.advance(stages.ENDS["storing"], N_("done"))
    _import_report(file, plan.report(0), new_layer, plan.layer_id, dry_run, revision)


def _import_report(file: Path, report: dict, new_layer, layer_id: str, dry_run: bool, revision) -> None:
    """What `bordermap import` found and did, on stdout."""
    said = words()
    kinds = ", ".join(f"{said.number(n)} {k}" for k, n in report["geometry_types"].items())
    if said.lang == DEFAULT_LANGUAGE:  # GDAL's and GeoJSON's names, as scripts read them
        click.echo(f"{file.name}: {report['features']:,} feature(s) ({kinds}) "
                   f"into {'new layer ' if new_layer else 'layer '}{layer_id}")
    else:
        into = (said.gettext("into new layer %(layer)s", layer=layer_id) if new_layer
                else said.gettext("into layer %(layer)s", layer=layer_id))
        # The shapes as the upload page says them: points, lines, areas (review rv25b, #13).
        click.echo(f"{file.name}: " + said.ngettext("%(num)s feature", "%(num)s features", report["features"])
                   + f" ({report_shapes(report['geometry_types'], said)}) {into}")
    crs = said.gettext("coordinates: %(crs)s", crs=report["source_crs"])
    click.echo(crs + (said.gettext(", reprojected to EPSG:4326") if report["reprojected"] else ""))
    if report["location_precision"]:
        click.echo(said.ngettext("location precision: %(num)s feature took “%(precision)s”, the others give their own",
                                 "location precision: %(num)s features took “%(precision)s”, the others give "
                                 "their own", report["features_given_precision"],
                                 precision=_precision_words(report, said)))
    for warning in report["warnings"]:
        note = _as_options(warning)  # the library's words in English; its sentence in another language
        if said.lang != DEFAULT_LANGUAGE:
            from .problem_words import localized

            note = localized(note, said, page=False)
        click.echo(said.gettext("note: %(warning)s", warning=note))
    if dry_run:
        click.echo(said.gettext("dry run: nothing was stored"))
        return
    if said.lang == DEFAULT_LANGUAGE:
        click.echo(f"imported {report['features']:,} feature(s) as revision {revision.id}")
    else:
        click.echo(said.ngettext("imported %(num)s feature as revision %(revision)s",
                                 "imported %(num)s features as revision %(revision)s",
                                 report["features"], revision=revision.id))


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

from .ledger_cli import commitments as _commitments  # noqa: E402
from .ledger_cli import documents as _documents  # noqa: E402

main.add_command(_documents)
main.add_command(_commitments)
main.add_command(_history)
