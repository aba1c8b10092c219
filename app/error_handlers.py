"""One place where errors become answers: JSON under /api/, a page elsewhere."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from bordermap.errors import BordermapError, storage_error
from bordermap.i18n import N_


def _wants_json() -> bool:
    if request.path == "/ogc" or request.path.startswith("/ogc/"):
        from .ogc_api import output_format  # the OGC API answers errors in the format asked for

        try:
            return output_format() == "json"
        except BordermapError:
            return True
    return request.path.startswith("/api/")


def _answer(error: BordermapError):
    """The library's error body as JSON under /api/, the same fields as a page elsewhere.

    An error with a `user_message` is shown in the reader's language, its details logged.
    """
    message = error.message
    if error.user_message:
        current_app.logger.error("%s on %s: %s", error.title, request.path, error.message)
        message = gettext(error.user_message)
    if _wants_json():
        body = error.to_dict()
        if error.user_message:
            body.update(error=gettext(error.title), message=message)
        return jsonify(body), error.status
    return render_template("error.html", status=error.status, title=error.title, message=message,
                           problems=error.problems), error.status


def _typed(status: int, title: str, message: str) -> BordermapError:
    error = BordermapError(message)
    error.status, error.title = status, title
    return error


def init_app(app: Flask) -> None:
    """Register the handlers; nothing the user sees is a traceback."""

    @app.errorhandler(BordermapError)
    def handle_bordermap_error(error: BordermapError):
        body, status = _answer(error)
        retry_after = getattr(error, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        return body, status, headers

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        message = error.description or error.name
        if error.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request body is larger than the limit of {limit:,} bytes"
        return _answer(_typed(error.code or 500, error.name, message))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        typed = storage_error(error)  # a full disk or a read-only store is the server's state, not a bug
        if typed is not None:
            app.logger.error("%s on %s: %s", typed.title, request.path, error)
            return _answer(typed)
        app.logger.exception("unexpected error on %s", request.path)
        return _answer(_typed(500, N_("Internal error"), "something went wrong on our side; it has been logged"))
