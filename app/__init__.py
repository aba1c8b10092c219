"""The bordermap web application: translates HTTP to library calls and back."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from flask.sansio.scaffold import find_package

from bordermap import settings
from bordermap.paths import app_templates_dir

PACKAGE_DIR = Path(__file__).resolve().parent


def instance_folder(config: dict[str, Any] | None = None) -> Path:
    """The instance folder: INSTANCE_PATH (config, then BORDERMAP_INSTANCE_PATH), else Flask's.

    Flask's own choice is `instance/` beside a checkout, `<prefix>/var/bordermap_app-instance`
    when installed; the CLI asks here too, so both open the same store without building an app.
    """
    prefix, package_path = find_package(__name__)
    default = Path(package_path, "instance") if prefix is None else Path(prefix, "var", f"{__name__}-instance")
    chosen = settings.from_environment()
    if config and config.get("INSTANCE_PATH"):
        chosen["INSTANCE_PATH"] = config["INSTANCE_PATH"]
    return settings.instance_path(chosen, default)


def _secret_key(instance_path: Path) -> str:
    """A per-instance secret for sessions and CSRF tokens, kept in the instance folder."""
    path = instance_path / "secret_key"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        # Readable by the server's user only: with it, sessions and CSRF tokens can be forged.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        os.replace(tmp, path)
    return path.read_text().strip()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; config from defaults, BORDERMAP_* variables, then `test_config`."""
    app = Flask(
        __name__,
        instance_path=str(instance_folder(test_config)),
        instance_relative_config=True,
        template_folder=str(app_templates_dir(PACKAGE_DIR)),
        static_folder=None,
    )
    app.config.from_mapping(
        SOURCES_DIR=None,
        EDITOR_TOKEN=None,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    app.config.update(settings.from_environment())
    if test_config:
        app.config.update(test_config)
    from . import cli, edit, error_handlers, pages, read_api, resources, security

    resources.init_app(app)  # first: it makes the instance folder, or says why it cannot
    if not app.config.get("SECRET_KEY"):
        try:
            app.config["SECRET_KEY"] = _secret_key(Path(app.instance_path))
        except OSError as error:
            # A read-only folder still serves the map; sessions then last as long as this process.
            app.logger.warning("no secret key in %s (%s): using one for this run only",
                               app.instance_path, error.strerror)
            app.config["SECRET_KEY"] = secrets.token_hex(32)

    app.json.sort_keys = False  # keep GeoJSON and records in their natural order
    error_handlers.init_app(app)
    security.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(read_api.bp)
    edit.init_app(app)  # editing: upload, revisions, the token-protected API, CSRF on forms
    cli.init_app(app)
    return app
