"""Typed errors that carry a message for the user and an HTTP status."""

from __future__ import annotations


class BordermapError(Exception):
    """Base class: `message` is shown to the user, `status` is the HTTP status."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str, *, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def to_dict(self) -> dict:
        """The JSON body the API answers with."""
        body = {"error": self.title, "message": self.message, "status": self.status}
        if self.problems:
            body["problems"] = self.problems
        return body


class NotFound(BordermapError):
    status = 404
    title = "Not found"


class InvalidInput(BordermapError):
    """Input that breaks a rule; `problems` lists every rule broken, each with where."""

    status = 422
    title = "Invalid input"


class MalformedInput(BordermapError):
    status = 400
    title = "Malformed input"


class TooLarge(BordermapError):
    status = 413
    title = "Too large"


class Conflict(BordermapError):
    status = 409
    title = "Conflict"


class Unauthorized(BordermapError):
    status = 401
    title = "Unauthorized"


class Forbidden(BordermapError):
    status = 403
    title = "Forbidden"


class TooManyRequests(BordermapError):
    """Too many attempts from one client in too short a time; the message says how long to wait."""

    status = 429
    title = "Too many requests"


class CuratedDataError(BordermapError):
    """The curated data in geodata/ is broken: a maintainer's error, not a user's."""

    status = 500
    title = "Curated data error"


class ConfigError(BordermapError):
    """The server's own setting or instance folder is wrong: the operator's to fix at start-up."""

    status = 500
    title = "Configuration error"


class SourceNotFound(NotFound):
    """A source document file is missing from the sources folder, or its name is not a plain file name."""

    title = "Source not found"


class ParagraphNotFound(NotFound):
    """A paragraph number is outside a source document's numbered body paragraphs."""

    title = "Paragraph not found"
