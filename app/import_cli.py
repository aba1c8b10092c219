"""`bordermap import`: a file into a layer of yours, through the same checks as an upload, one
revision; a file larger than the upload limit streamed a slice at a time, with a progress bar
through its stages on a terminal; the report in the reader's language (`--lang`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from bordermap import settings
from bordermap.errors import BordermapError
from bordermap.i18n import DEFAULT_LANGUAGE, N_, Messages

from .cli_words import Said, words
from .geometry_words import report_shapes


def _limits():
    from bordermap.ingest.parse import Limits

    return Limits.from_mapping(settings.from_environment())


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


@click.command("import")
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
        if error.message == _NO_LAYER and not error.problems:
            # What the command was not given, said alone, naming both options that give it:
            # "Invalid input" before it read as if the file were at fault (review 28, #5), and
            # the file, not read yet, is not read to name problems it has none of.
            from .cli import EXIT_REFUSED
            from .problem_words import localized

            said = words()
            refused = Said(localized(NO_LAYER_OPTIONS, said, page=False, start=False), said)
            refused.exit_code = EXIT_REFUSED
            raise refused from None
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


# The library names the missing layer as the API's field ("layer: expected …"); the command line
# names both options that give one, in a sentence problem_words says in Khmer and Vietnamese too
# ("--layer: expected …" had no sentence there and stayed English): import_command says it.
_NO_LAYER = "layer: expected the id of a layer of yours, or a title for a new layer"
NO_LAYER_OPTIONS = "give --layer with the id of a layer of yours, or --new-layer-title with a title for a new layer"


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
    from bordermap.ingest.targets import layer_target

    from .cli import _cli_author, _store

    if not (new_layer_title or "").strip():
        # The library's check of the layer named, before the store is opened: opening it makes
        # one where there is none, which an import refused for want of a layer left behind
        # (review 27, #10).
        layer_target(None, layer, None)
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
    source = report["source_crs"]  # the upload page's words for longitude/latitude, a CRS's own name else
    crs = said.gettext("coordinates: %(crs)s", crs=said.gettext("longitude/latitude (EPSG:4326)")
                       if source == "longitude/latitude (EPSG:4326)" else source)
    click.echo(crs + (said.gettext(", reprojected to EPSG:4326") if report["reprojected"] else ""))
    if report["location_precision"]:
        click.echo(said.ngettext("location precision: %(num)s feature took “%(precision)s”, the others give their own",
                                 "location precision: %(num)s features took “%(precision)s”, the others give "
                                 "their own", report["features_given_precision"],
                                 precision=_precision_words(report, said)))
    from .problem_words import localized
    from .problem_words import note as whole_note

    for warning in report["warnings"]:
        note = _as_options(warning)  # the library's words in English; its sentence in another language
        # A note said in a sentence of its own in every language (not "note: properties: …: …").
        said_whole = whole_note(note, said, start=False)
        if said_whole is not None:
            note = said_whole
        elif said.lang != DEFAULT_LANGUAGE or note.startswith("(file): "):
            # In English too for a note on the whole file, whose sentence says so ("note: (file):
            # the Shapefile does not say …" put the library's place for it before the sentence).
            note = localized(note, said, page=False, start=said.lang != DEFAULT_LANGUAGE)
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
