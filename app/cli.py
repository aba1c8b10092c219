"""The `bordermap` command: serve the app, initialise the store (more verbs join here)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to attach yet; kept so `flask --app bordermap_app` finds the same verbs."""


@click.group()
@click.version_option(package_name="bordermap")
def main() -> None:
    """bordermap: what Cambodia and Viet Nam agree to build and do along their border."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, threads: int) -> None:
    """Serve the app with waitress, a production WSGI server."""
    from waitress import serve as waitress_serve

    from . import create_app

    app = create_app()
    click.echo(f"bordermap: store in {app.instance_path}")
    click.echo(f"bordermap: serving on http://{host}:{port}/ (Ctrl+C to stop)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="bordermap")


@main.command("init")
def init_store() -> None:
    """Create the store, or bring its curated data up to date; user data is kept."""
    from . import create_app

    app = create_app()
    store = app.extensions["bordermap.store"]
    click.echo(f"store in {app.instance_path}: curated data version {store.curated_version()}")


@main.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--layers", help="Comma-separated layer ids to include (default: every layer).")
@click.option("--view", help="Initial view as LAT,LON,ZOOM (default: the border region).")
@click.option("--title", default=None, help="Title shown on the page and in the browser tab.")
@click.option("--cdn", is_flag=True, help="Load Leaflet from a public CDN instead of inlining it.")
@click.option("--no-basemap", is_flag=True, help="Leave out the online basemap (plain background).")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def export_command(out: Path, layers, view, title, cdn: bool, no_basemap: bool, force: bool) -> None:
    """Write the map as one self-contained HTML file that opens offline."""
    from bordermap.errors import BordermapError
    from bordermap.export import DEFAULT_TITLE, ExportOptions, build_export, parse_view, write_export

    from . import create_app

    try:
        app = create_app()
        sources = app.config.get("SOURCES_DIR")
        options = ExportOptions(
            layers=[part.strip() for part in layers.split(",") if part.strip()] if layers else None,
            view=parse_view(view) if view else None,
            title=title or DEFAULT_TITLE,
            cdn=cdn,
            basemap=not no_basemap,
            sources_dir=Path(sources) if sources else None,
        )
        size = write_export(build_export(app.extensions["bordermap.store"], options), out, force=force)
    except BordermapError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"wrote {out} ({size:,} bytes)")
