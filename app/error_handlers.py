"""One place where errors become answers: JSON under /api/, a page elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from bordermap.errors import BordermapError, storage_error


def _wants_json() -> bool:
    if request.path == "/ogc" or request.path.startswith("/ogc/"):
        from .ogc_api import output_format  # the OGC API answers errors in the format asked for

        try:
            return output_format() == "json"
        except BordermapError:
            return True
    return request.path.startswith("/api/")


def _answer(status: int, title: str, message: str, problems: list[str] | None = None):
    if _wants_json():
        body = {"error": title, "message": message, "status": status}
        if problems:
            body["problems"] = problems
        return jsonify(body), status
    return render_template("error.html", status=status, title=title, message=message,
                           problems=problems or []), status


def init_app(app: Flask) -> None:
    """Register the handlers; nothing the user sees is a traceback."""

    @app.errorhandler(BordermapError)
    def handle_bordermap_error(error: BordermapError):
        return _answer(error.status, error.title, error.message, error.problems)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        message = error.description or error.name
        if error.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request body is larger than the limit of {limit:,} bytes"
        return _answer(error.code or 500, error.name, message)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        typed = storage_error(error)  # a full disk or a read-only store is the server's state, not a bug
        if typed is not None:
            app.logger.error("%s on %s: %s", typed.title, request.path, error)
            return _answer(typed.status, typed.title, typed.message, typed.problems)
        app.logger.exception("unexpected error on %s", request.path)
        return _answer(500, "Internal error", "something went wrong on our side; it has been logged")
