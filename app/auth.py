"""Who may change data: the editor token, from an `Authorization: Bearer` header or the session."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request, session

from bordermap.errors import Forbidden, Unauthorized

DISABLED = "editing is disabled: no editor token configured"


def _token() -> str:
    token = current_app.config.get("EDITOR_TOKEN") or ""
    if not token:
        raise Forbidden(DISABLED)
    return token


def editing_enabled() -> bool:
    return bool(current_app.config.get("EDITOR_TOKEN"))


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def require_bearer() -> None:
    """For the JSON API: 401 without a token, 403 with a wrong one (or when editing is off)."""
    token = _token()
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if not header:
        raise Unauthorized("this needs the editor token: send the header Authorization: Bearer <token>")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("expected the header Authorization: Bearer <token>")
    if not _same(given.strip(), token):
        raise Forbidden("the editor token is not valid")


def _mark(token: str) -> str:
    # The session keeps a keyed digest, never the token itself.
    key = str(current_app.secret_key).encode("utf-8")
    return hmac.new(key, token.encode("utf-8"), hashlib.sha256).hexdigest()


def unlock(given: str) -> None:
    """Remember in the session that this browser knows the token; Forbidden when it is wrong."""
    token = _token()
    if not given or not _same(given.strip(), token):
        raise Forbidden("the editor token is not valid")
    session["editor"] = _mark(token)


def is_unlocked() -> bool:
    token = current_app.config.get("EDITOR_TOKEN") or ""
    return bool(token) and hmac.compare_digest(session.get("editor", ""), _mark(token))


def lock() -> None:
    session.pop("editor", None)


def require_session() -> None:
    """For the pages: the session must hold the token (entered once in a form)."""
    _token()
    if not is_unlocked():
        raise Unauthorized("enter the editor token first")
