"""The server's log: timestamped lines, and one line per request (review 20, F12).

An operator placing an outage in time needs the time on every line, and one line per request
(method, path, status, duration) says which requests were slow or failed and when. `bordermap
serve` logs requests unless `BORDERMAP_REQUEST_LOG=off` (a proxy in front that logs them already);
another WSGI server has its own access log and gets them with `BORDERMAP_REQUEST_LOG=on`.
The query string is left out: an editor's link may carry the token (`/upload?token=...`).
The path is the client's: its control characters are written escaped (`\\n`, `\\x1b`, `\\u2028`),
so one request is one line and no path can pass for another line (review 22c, F6).
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any, Callable, Iterable

from werkzeug.wsgi import ClosingIterator

FORMAT = "%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s"
log = logging.getLogger("bordermap.requests")


# Whose lines of `level` the log keeps; every other library's from WARNING up (fontTools alone
# wrote 160 INFO lines for one export's font subset).
OWN_LOGGERS = ("bordermap", "bordermap_app", "waitress")


class OneLine(logging.Formatter):
    """A record's message on its line: the lines a library's message runs over (libpq's hint
    under a refused connection, two or three a second per server in an outage) joined by " | ",
    so each entry keeps its time and level (review 23a, F8). A traceback, logged with the record,
    keeps its lines below it."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        line = super().formatMessage(record)
        return " | ".join(part.strip() for part in line.splitlines() if part.strip()) if "\n" in line else line


def configure_logging(level: int = logging.INFO) -> None:
    """Every line on stderr with its time: UTC, ISO 8601, to the millisecond."""
    handler = logging.StreamHandler()
    formatter = OneLine(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(level, logging.WARNING))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level)


# What a path must not write as it is: C0 and C1 controls (line breaks among them), the line and
# paragraph separators, the bidi controls (they reorder what a reader sees), bytes that are not
# UTF-8 (decoded as lone surrogates), and the backslash, so an escape cannot be forged either.
_UNSAFE = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff]")
_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group(0)
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape kept it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def loggable(text: str) -> str:
    """A WSGI string (the request's bytes as Latin-1) as its UTF-8 text on one line: control
    characters escaped, e.g. "/x\\n2026-12-05T01:30:00.000Z INFO ..." for a path holding a newline."""
    try:
        text = text.encode("latin-1").decode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # already text beyond Latin-1: not from a WSGI server's bytes
        pass
    return _UNSAFE.sub(_escape, text)


class RequestLog:
    """WSGI middleware: one INFO line per request once its answer is sent, e.g.
    `GET /api/layers 200 12.5 ms`."""

    def __init__(self, wsgi_app: Callable):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        status = ["-"]

        def noting_status(code: str, headers, exc_info=None):
            status[0] = code.split(" ", 1)[0]
            return start_response(code, headers, exc_info)

        def done() -> None:
            path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")) or "/"
            log.info("%s %s %s %.1f ms", loggable(environ.get("REQUEST_METHOD", "-")), loggable(path), status[0],
                     (time.perf_counter() - started) * 1000)

        try:
            body = self.wsgi_app(environ, noting_status)
        except BaseException:
            status[0] = "500"
            done()
            raise
        return ClosingIterator(body, [done])
