"""The bordermap web application: translates HTTP to library calls and back."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from flask.sansio.scaffold import find_package

from bordermap import settings
from bordermap.errors import ConfigError
from bordermap.files import atomic_write, private_folder
from bordermap.paths import app_templates_dir
from bordermap.store import STORE_FILE

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
        try:
            # Readable by the server's user only: with it, sessions and CSRF tokens can be
            # forged. Processes starting together on a fresh folder each try; the first keeps
            # the name and every other one reads that key, so all of them sign alike.
            atomic_write(path, secrets.token_hex(32), mode=0o600, replace=False)
        except FileExistsError:
            pass
        except OSError as error:
            raise ConfigError(f"{path}: cannot create the secret key ({error.strerror or error}); "
                              "make the instance folder writable by the server's user") from None
    try:
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the secret key ({getattr(error, 'strerror', None) or error}); "
                          "give the server's user access to the instance folder") from None
    if not key:
        raise ConfigError(f"{path}: the secret key file is empty; delete it and start again "
                          "(signed-in editors will have to enter the token again)")
    return key


def _instance_folder(app: Flask) -> None:
    """Create the instance folder, the server user's alone (0700): it holds the store and key."""
    folder = Path(app.instance_path)
    try:
        private_folder(folder)
    except OSError as error:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: cannot create the instance folder ({error.strerror or error}); "
                              "set BORDERMAP_INSTANCE_PATH to a folder the server's user may write") from None
        # Someone else's folder that we may still use: refusing to start would help nobody.
        app.logger.warning("%s: cannot make the instance folder private (%s); make it mode 0700",
                           folder, error.strerror or error)


def _private_files(instance_path: Path) -> None:
    """Make the store and the secret key the server user's alone (0600), as earlier releases
    did not; SQLite gives the journal files it makes later the store file's mode."""
    for name in ("secret_key", STORE_FILE, f"{STORE_FILE}-wal", f"{STORE_FILE}-shm", f"{STORE_FILE}-journal"):
        path = instance_path / name
        try:
            if path.is_file() and path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
        except FileNotFoundError:
            pass  # a journal file SQLite removed meanwhile
        except OSError as error:  # a read-only folder: served read-only, nothing to tighten now
            logging.getLogger(__name__).warning("%s: cannot make it private (%s)", path, error.strerror)


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
        PROXY_FIX=0,
        # Lax: the editor's cookie is not sent with another site's form posts or scripts' calls.
        SESSION_COOKIE_SAMESITE="Lax",
        # A form's CSRF token holds as long as the browser's session does: Flask-WTF's default of
        # an hour refused an editor who took longer over a note, on a page that could not give
        # the form back (review 31a, #2).
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.update(settings.from_environment())
    if test_config:
        app.config.update(test_config)
    _instance_folder(app)
    from . import (
        auth,
        cli,
        conventions,
        download_api,
        edit,
        editor_words,
        error_handlers,
        geometry_words,
        language,
        ogc_api,
        pages,
        read_api,
        resources,
        security,
    )

    resources.init_app(app)  # the store; a folder the server cannot write is served read-only
    given_key = app.config.get("SECRET_KEY")
    if given_key is not None and len(str(given_key)) < 16:  # as short a key as the editor token may not be
        raise ConfigError("BORDERMAP_SECRET_KEY: at least 16 characters (a random one: "
                          "python -c 'import secrets; print(secrets.token_hex(32))')")
    if not given_key:
        if app.config.get("DATABASE_URL"):  # several servers: each would sign with a key of its own
            logging.getLogger(__name__).warning(
                "BORDERMAP_DATABASE_URL is set but BORDERMAP_SECRET_KEY is not: this server signs forms and "
                "sessions with its own key (%s), so another server refuses them (\"The CSRF session token is "
                "missing\"); give every server the same BORDERMAP_SECRET_KEY", Path(app.instance_path) / "secret_key")
        app.config["SECRET_KEY"] = _secret_key(Path(app.instance_path))
    auth.init_app(app)
    _private_files(Path(app.instance_path))
    app.json.sort_keys = False  # keep GeoJSON and records in their natural order
    language.init_app(app)  # the page language, before anything renders a page
    editor_words.init_app(app)  # the editors' pages: vocabulary, place names, refusals in that language
    geometry_words.init_app(app)  # shapes said as points, lines and areas
    error_handlers.init_app(app)
    security.init_app(app)
    conventions.init_app(app)  # CORS, ETag and gzip on the read-only endpoints
    app.register_blueprint(pages.bp)
    app.register_blueprint(read_api.bp)
    app.register_blueprint(ogc_api.bp)
    app.register_blueprint(download_api.bp)
    edit.init_app(app)  # editing: upload, revisions, the token-protected API, CSRF on forms
    cli.init_app(app)
    if settings.request_log(app.config, default=False):  # `bordermap serve`'s default is on
        from .request_log import RequestLog

        app.wsgi_app = RequestLog(app.wsgi_app)  # outermost: every request, as the client sent it
    return app
