"""The `bordermap` command: serve the app, initialise the store (more verbs join here)."""

from __future__ import annotations

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
