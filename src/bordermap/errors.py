"""Typed errors that carry a message for the user and an HTTP status."""

from __future__ import annotations

import errno
import sqlite3

from .i18n import N_  # titles are translated where a page shows them


class BordermapError(Exception):
    """Base class: `message` is shown to the user, `status` is the HTTP status."""

    status = 400
    title = N_("Bad request")
    #: When set, what a web page or API answer shows instead of `message`, translated into the
    #: reader's language; `message` keeps the details for the server's log and the command line.
    user_message: str | None = None
    #: When set, what a reader who only asked to see something is shown instead of `user_message`.
    user_message_reading: str | None = None

    def __init__(self, message: str, *, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def restated(self, message: str, problems: list[str]) -> BordermapError:
        """The same refusal (its type and whatever else it carries) with another message and
        problems: a form that says the file's problems with its own keeps what the file's say."""
        again = type(self).__new__(type(self), message)  # copy.copy would call __init__ with the args alone
        again.__dict__.update(vars(self))
        again.args, again.message, again.problems = (message,), message, list(problems)
        return again

    def to_dict(self) -> dict:
        """The JSON body the API answers with."""
        body = {"error": self.title, "message": self.message, "status": self.status}
        if self.problems:
            body["problems"] = self.problems
        return body


class NotFound(BordermapError):
    status = 404
    title = N_("Not found")


class InvalidInput(BordermapError):
    """Input that breaks a rule; `problems` lists every rule broken, each with where."""

    status = 422
    title = N_("Invalid input")


class LayerChoice(InvalidInput):
    """A file of several layers read without a choice of one (or with a name it lacks): `layers`
    lists those it offers, each {"name", "geometry_type", "features"} (None where not known)."""

    def __init__(self, message: str, *, layers: list[dict], problems: list[str] | None = None):
        super().__init__(message, problems=problems)
        self.layers = list(layers)

    def to_dict(self) -> dict:
        # A client offers the choice with what a reader tells the layers apart by.
        return {**super().to_dict(), "layers": self.layers}


class MalformedInput(BordermapError):
    status = 400
    title = N_("Malformed input")


class TooLarge(BordermapError):
    status = 413
    title = N_("Too large")


class Conflict(BordermapError):
    status = 409
    title = N_("Conflict")


class ChangedSince(Conflict):
    """A save refused because another revision changed the record after the editor read it."""


class LaterChangeConflict(Conflict):
    """A revert refused because a later revision changed what it would undo; `later_change`
    (a `bordermap.model.LaterChange`) names the entity and those later revisions."""

    def __init__(self, message: str, *, later_change, problems: list[str] | None = None):
        super().__init__(message, problems=problems)
        self.later_change = later_change

    def to_dict(self) -> dict:
        # The API names the revisions to revert first as numbers a program can follow.
        return {**super().to_dict(), "later_revisions": list(self.later_change.later)}


class PreconditionFailed(BordermapError):
    """A conditional change (`If-Match`) named a version that is no longer current: nothing changed."""

    status = 412
    title = N_("Precondition failed")


class PreconditionRequired(BordermapError):
    """A change that must name the version it replaces (`If-Match`) came without one."""

    status = 428
    title = N_("Precondition required")


class UnsupportedMediaType(BordermapError):
    """A body in a format this address does not take; the message names the ones it does."""

    status = 415
    title = N_("Unsupported media type")


class Unauthorized(BordermapError):
    status = 401
    title = N_("Unauthorized")


class Forbidden(BordermapError):
    status = 403
    title = N_("Forbidden")


class TooManyRequests(BordermapError):
    """Too many attempts from one client in too short a time; the message says how long to wait."""

    status = 429
    title = N_("Too many requests")


class Busy(BordermapError):
    """The server is doing as much of this as it safely can; `retry_after` says when to ask again."""

    status = 503
    title = N_("Busy")

    def __init__(self, message: str, *, retry_after: int = 30, problems: list[str] | None = None):
        super().__init__(message, problems=problems)
        self.retry_after = retry_after


class CuratedDataError(BordermapError):
    """The curated data in geodata/ is broken: a maintainer's error, not a user's."""

    status = 500
    title = N_("Curated data error")


class ConfigError(BordermapError):
    """The server's own setting or instance folder is wrong: the operator's to fix at start-up."""

    status = 500
    title = N_("Configuration error")


class SourceNotFound(NotFound):
    """A source document file is missing from the sources folder, or its name is not a plain file name."""

    title = N_("Source not found")


class ParagraphNotFound(NotFound):
    """A paragraph number is outside a source document's numbered body paragraphs."""

    title = N_("Paragraph not found")


class StoreError(BordermapError):
    """The store cannot be used as it is (for example, a newer bordermap wrote it)."""

    status = 500
    title = N_("Store error")


class DiskFull(BordermapError):
    """The server's disk (or the user's quota on it) is full: nothing was changed."""

    status = 507
    title = N_("Insufficient storage")


class StoreUnavailable(BordermapError):
    """The instance folder or the store cannot be written (read-only) or opened, or the
    store's database cannot be reached now (down, restarting, every connection busy)."""

    status = 503
    title = N_("Service unavailable")


class DatabaseUnavailable(StoreUnavailable):
    """The store's database server did not answer in time (down, restarting, every connection
    busy, or a statement past its timeout): the call changed nothing. Several app servers
    retry on their own; the reader is told to try again, the operator's log gets `message`."""

    user_message = N_("The database did not answer in time (it may be restarting or busy), so nothing "
                      "was changed. Please try again in a minute.")
    user_message_reading = N_("The database did not answer in time (it may be restarting or busy). "
                              "Please try again in a minute.")
    retry_after = 10


_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def _sqlite_kind(error: sqlite3.Error) -> str | None:
    """"full", "read-only" or None for a SQLite error, by its result code name or message."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return "full"
    if (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"))
            or "readonly database" in text or "unable to open database file" in text):
        return "read-only"
    return None


def storage_error(error: BaseException, where: str = "the server's data folder") -> BordermapError | None:
    """The typed error for a disk or store failure (full, read-only), or None for anything else.

    `where` names what could not be written, for the message.
    """
    kind = None
    if isinstance(error, OSError):
        kind = "full" if error.errno in _DISK_FULL else "read-only" if error.errno in _NOT_WRITABLE else None
    elif isinstance(error, sqlite3.Error):
        kind = _sqlite_kind(error)
    if kind == "full":
        return DiskFull(f"the server's disk is full: {where} could not be written and nothing was changed; "
                        "ask the server's administrator to free space, then try again")
    if kind == "read-only":
        return StoreUnavailable(f"the server cannot write to {where} (it is read-only or not the server's "
                                "to change): nothing was changed; reading still works. Ask the server's "
                                "administrator to make it writable by the server's user")
    return None
