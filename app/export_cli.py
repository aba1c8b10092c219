"""`bordermap export`: the map written as one self-contained HTML file, its options read (the
app's address among them, checked). A command of its own module, registered on the group in `cli`.
"""

from __future__ import annotations

from pathlib import Path

import click

from bordermap.i18n import LANGUAGES


@click.command("export")
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

    from .cli import _store, words

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
    said = words()  # the command's language; --lang is the file's (review 31b, #7)
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
