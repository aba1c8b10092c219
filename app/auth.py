"""Who may change data: the editor token, from an `Authorization: Bearer` header or the session.

A browser that entered the token keeps a signed session naming a server-side session id; the
id's row in the store is what makes the session count, so "Lock" (which deletes it) also locks
out any copy of the cookie, and every app server sharing the database knows it (it was a file
in each server's own folder: behind a proxy the next server asked for the token again, review
13, F1). Wrong tokens are throttled per client address.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

from flask import Flask, current_app, g, request, session

from bordermap.errors import ConfigError, Forbidden, TooManyRequests, Unauthorized

from .resources import store
from .throttle import Throttle, client_key

DISABLED = "editing is disabled: no editor token configured"
MIN_TOKEN_LENGTH = 16
INVALID = "the editor token is not valid"
# What every 401 answers with (RFC 9110 §11.6.1: it must say how to authenticate): the editor
# token as a Bearer token (RFC 6750). A browser shows no login box for this scheme.
CHALLENGE = 'Bearer realm="bordermap"'
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{32}")


def init_app(app: Flask) -> None:
    """Refuse a guessable editor token at start-up; attach the wrong-guess throttle."""
    token = (app.config.get("EDITOR_TOKEN") or "").strip()
    if token and len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(
            f"BORDERMAP_EDITOR_TOKEN is {_plural(len(token), 'character')} long; an editor token "
            f"needs at least {MIN_TOKEN_LENGTH}: set a longer one (python -c \"import secrets; "
            "print(secrets.token_urlsafe(24))\" makes one), or leave it unset and `bordermap serve` "
            "makes one for each run")
    app.extensions["bordermap.throttle"] = Throttle()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _token() -> str:
    token = current_app.config.get("EDITOR_TOKEN") or ""
    if not token:
        raise Forbidden(DISABLED)
    return token


def editing_enabled() -> bool:
    return bool(current_app.config.get("EDITOR_TOKEN"))


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _check(given: str, token: str) -> None:
    """Compare a guess with the token, unless this client must wait; Forbidden when wrong."""
    throttle: Throttle = current_app.extensions["bordermap.throttle"]
    client = client_key(request.remote_addr)
    wait = throttle.wait(client)
    if wait:
        g.retry_after = wait
        raise TooManyRequests(f"too many wrong editor tokens from your address ({request.remote_addr}); "
                              f"wait {_plural(wait, 'second')}, then enter the token again")
    if _same(given, token):
        throttle.succeeded(client)
        return
    wait = throttle.failed(client)
    raise Forbidden(INVALID if not wait else
                    f"{INVALID}; wait {_plural(wait, 'second')} before the next try")


def require_bearer() -> None:
    """For the JSON API: 401 without a token, 403 with a wrong one (or when editing is off)."""
    token = _token()
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if not header:
        raise Unauthorized("this needs the editor token: send the header Authorization: Bearer <token>")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("expected the header Authorization: Bearer <token>")
    _check(given.strip(), token)


def _mark(token: str) -> str:
    # The session keeps a keyed digest, never the token itself.
    key = str(current_app.secret_key).encode("utf-8")
    return hmac.new(key, token.encode("utf-8"), hashlib.sha256).hexdigest()


def _lifetime() -> float:
    return current_app.permanent_session_lifetime.total_seconds()


def _alive(session_id: str) -> bool:
    started = store().session_started(session_id)
    return started is not None and time.time() - started < _lifetime()


def unlock(given: str) -> None:
    """Remember in the session that this browser knows the token; Forbidden when it is wrong."""
    token = _token()
    if not given or not given.strip():
        raise Forbidden(INVALID)
    _check(given.strip(), token)
    # A fresh id at every unlock: a session id planted before cannot be carried over.
    session_id = secrets.token_urlsafe(24)
    now = time.time()
    store().start_session(session_id, now, now - _lifetime())
    session["editor"] = f"{session_id}.{_mark(token)}"


def is_unlocked() -> bool:
    token = current_app.config.get("EDITOR_TOKEN") or ""
    session_id, _, mark = str(session.get("editor", "")).partition(".")
    g.editor_unlocked = (bool(token) and bool(_SESSION_ID.fullmatch(session_id))
                         and hmac.compare_digest(mark, _mark(token)) and _alive(session_id))
    return g.editor_unlocked


def lock() -> None:
    """Lock this session, and every copy of its cookie, by ending its server-side id."""
    session_id = str(session.pop("editor", "")).partition(".")[0]
    if _SESSION_ID.fullmatch(session_id):
        store().end_session(session_id)


def require_session() -> None:
    """For the pages: the session must hold the token (entered once in a form)."""
    _token()
    if not is_unlocked():
        raise Unauthorized("enter the editor token first")
