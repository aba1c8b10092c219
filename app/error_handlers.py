"""One place where errors become answers: JSON under /api/, a page elsewhere."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions

from bordermap import i18n
from bordermap.errors import BordermapError, storage_error
from bordermap.i18n import N_

from . import api_words
from .auth import CHALLENGE
from .language import chosen_by_header, words
from .request_log import loggable

# Werkzeug's names of the HTTP errors, marked so the page can name them in its language.
HTTP_TITLES = {400: N_("Bad Request"), 401: N_("Unauthorized"), 403: N_("Forbidden"), 404: N_("Not Found"),
               405: N_("Method Not Allowed"), 413: N_("Request Entity Too Large"), 429: N_("Too Many Requests"),
               500: N_("Internal Server Error"), 503: N_("Service Unavailable")}


def _wants_json() -> bool:
    if request.path == "/ogc" or request.path.startswith("/ogc/"):
        from .ogc_api import output_format  # the OGC API answers errors in the format asked for

        try:
            return output_format() == "json"
        except BordermapError:
            return True
    return request.path.startswith("/api/")


# What each kind of error means, said to a person in the page language; the library's own
# message, which names the value and the place, is in English and follows on the page.
MEANINGS = {
    400: N_("The request could not be used as it was sent."),
    401: N_("This needs the editor token."),
    403: N_("This is not allowed."),
    404: N_("There is nothing at this address, or no item with this id."),
    405: N_("This address does not take that kind of request."),
    409: N_("This would conflict with what is already stored; nothing was changed."),
    413: N_("What was sent is larger than the server accepts."),
    422: N_("The data sent has problems; nothing was stored."),
    429: N_("Too many tries in a short time: wait a moment and try again."),
    500: N_("Something went wrong on our side; it has been logged."),
    # No wait named: the message under it says how long (review rv21e, F7: "in a moment" above "in a minute").
    503: N_("The server cannot do this now."),
    507: N_("The server's disk is full; nothing was changed."),
}
# A 503 that trying again will not mend (a statement past the database's timeout, review 20, F15).
NOT_WORTH_RETRYING = N_("The server could not answer this request.")
# A reader who only asked to see something (a GET) sent no data and changed nothing.
READING_MEANINGS = {
    422: N_("The address asks for something that cannot be made: see below what to change."),
}


FORM_REFUSED = N_("The form could not be accepted: the browser session it was opened in has ended since, or it "
                  "was opened in another browser. Go back to the form and send it again: what you typed is "
                  "usually still there.")


def _answer(error: BordermapError, *, own_words: bool = False):
    """The library's error body as JSON under /api/, the same fields as a page elsewhere.

    An error with a `user_message` is shown in the reader's language, its details logged.
    Another's message and problems are English in `message` and `problems` (scripts match
    them); `description`, `localized_problems` and the page say them in the request's language
    where the catalogue has words for them (`api_words`).
    `own_words`: the message is only the standard HTTP description (the page's meaning says it).
    """
    message = error.message
    said_in_english = None  # an error with a user_message: what it says, as scripts match it
    if error.user_message:
        current_app.logger.error("%s on %s: %s", error.title, loggable(request.path), error.message)
        # A reader who only asked to see something changed nothing: not told that nothing was changed.
        reading = request.method in ("GET", "HEAD") and error.user_message_reading
        said_in_english = str(reading or error.user_message)
        message = gettext(said_in_english)
    reading = request.method in ("GET", "HEAD") and READING_MEANINGS.get(error.status)
    meaning = reading or MEANINGS.get(error.status) or MEANINGS[500 if error.status >= 500 else 400]
    if error.status == 503 and error.user_message and not getattr(error, "retry_after", None):
        meaning = NOT_WORTH_RETRYING  # (its own words say why, and a moment later would not help)
    here = words()
    english = here.lang == i18n.DEFAULT_LANGUAGE
    # What the reader is told in their language; None where it is the message as it is.
    local = None if english or error.user_message else gettext(meaning) if own_words else \
        api_words.said(message, here)
    problems = [(problem, False) for problem in error.problems] if english else \
        api_words.problems(error.problems, here)
    if _wants_json():
        body = error.to_dict()
        if error.user_message:
            # `error` and `message` English as every answer's are (the README; review 32b, #3: a
            # database outage's were in the request's language), `description` in it.
            body.update(error=error.title, message=said_in_english, description=message)
        # The members of OGC API's exception (17-069r4, exception.yaml) beside bordermap's own:
        # `code` the error's name as the library gives it (the same in any language), and
        # `description`, which clients show a person, in the request's language when it has words.
        body.update(code=error.title)
        body.setdefault("description", local or body["message"])
        if error.problems and not english:
            body["localized_problems"] = [text for text, _ in problems]
        return chosen_by_header(jsonify(body)), error.status
    unlock = _unlock_here(error.status)  # its form says what the details would, in the reader's words
    return chosen_by_header(make_response(render_template(
        "error.html", status=error.status, title=error.title, message=local or message, meaning=meaning,
        details=not own_words and not unlock, problems=problems,
        translated=bool(error.user_message or local), **unlock))), error.status


def _unlock_here(status: int) -> dict:
    """On an editor's page opened without the token (401), the form that unlocks editing and comes
    back to this page, rather than a dead end."""
    if status != 401 or request.method != "GET":
        return {}
    from .auth import editing_enabled
    from .edit import back_to
    from .forms import TokenForm

    if not editing_enabled():
        return {}
    here = request.full_path.rstrip("?")
    return {"token_form": TokenForm(), "next_url": back_to(here)}


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

    @app.after_request
    def challenge(response):
        # Every 401 names the scheme that would succeed (RFC 9110 §15.5.2), whoever raised it.
        if response.status_code == 401:
            response.headers.setdefault("WWW-Authenticate", CHALLENGE)
        return response

    @app.errorhandler(CSRFError)
    def handle_refused_form(error: CSRFError):
        # An editors' form whose token no longer holds (the session it was opened in ended, or
        # another browser's): the reader is told in their language how to get the form back
        # (review 31a, #2: "Details, in English: The CSRF token has expired.", and a link to the map).
        refused = _typed(400, HTTP_TITLES.get(400, "Bad Request"),
                         f"the form's CSRF token was refused: {error.description}")
        refused.user_message = FORM_REFUSED
        return _answer(refused)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        message = error.description or error.name
        if error.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request body is larger than the limit of {limit:,} bytes"
        title = HTTP_TITLES.get(error.code or 500, error.name)
        # Werkzeug's stock sentence for the status says no more than the page's meaning does;
        # a description of this error (a missing CSRF token, the size limit) is shown as details.
        stock = getattr(default_exceptions.get(error.code or 500), "description", None)
        body, status = _answer(_typed(error.code or 500, title, message),
                               own_words=error.code != 413 and message == stock)
        # Werkzeug's header that says what would do: a 405's Allow (RFC 9110 §15.5.6 requires it).
        return body, status, [(name, value) for name, value in error.get_headers() if name == "Allow"]

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        typed = storage_error(error)  # a full disk or a read-only store is the server's state, not a bug
        if typed is not None:
            app.logger.error("%s on %s: %s", typed.title, loggable(request.path), error)
            return _answer(typed)
        app.logger.exception("unexpected error on %s", loggable(request.path))
        return _answer(_typed(500, N_("Internal error"), "something went wrong on our side; it has been logged"))
