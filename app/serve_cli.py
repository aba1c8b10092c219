"""`bordermap serve`: the app served with waitress, with an editor token made for the run when
none is configured. A command of its own module, registered on the group in `cli`.
"""

from __future__ import annotations

import logging
import secrets

import click


@click.command("serve")
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
        logging.getLogger("bordermap_app.cli").warning(
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
