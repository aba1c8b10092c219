"""Response headers that keep a page from doing more than it should, and the session cookie.

The map page's only inline scripts carry a per-response nonce; everything else is served by
the app itself. Text from uploads is already inserted as text; this is the second fence.
Editors' pages and answers to authenticated requests are never stored by a cache.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from bordermap import settings
from bordermap.errors import ConfigError
from bordermap.mapview.mapbuild import TILE_ORIGIN


def script_nonce() -> str:
    """The nonce for this response's inline scripts, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _policy(nonce: str, frame_ancestors: tuple[str, ...] = ()) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {TILE_ORIGIN}",
        # The language switcher's Khmer word has a small face embedded in the page (fonts.py).
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        # Only the embedded view may be framed by other sites, and only by those listed.
        "frame-ancestors " + " ".join(("'self'",) + frame_ancestors),
    ])


def embed_origins() -> tuple[str, ...]:
    """The sites BORDERMAP_EMBED_ORIGINS allows to frame the embedded view (checked at start)."""
    return current_app.extensions["bordermap.embed_origins"]


def allow_framing() -> None:
    """Let this response (the embedded view) be framed by the configured sites."""
    g.framed_by = embed_origins()


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie, marked `Secure` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure or super().get_cookie_secure(app)


def proxy_hops(value: object) -> int:
    """How many reverse proxies' X-Forwarded-* headers to trust (BORDERMAP_PROXY_FIX)."""
    text = str(value if value is not None else "").strip()
    if text.isdigit() and int(text) <= 10:
        return int(text)
    raise ConfigError(f"BORDERMAP_PROXY_FIX: expected the number of reverse proxies in front of the "
                      f"app, from 0 to 10 (1 for one proxy), got {text!r}")


def _private() -> bool:
    """Editors' pages, and anything answered to a request that carried the token."""
    if request.blueprint == "edit" or "Authorization" in request.headers:
        return True
    # A view that found the editor unlocked may have shown what only editors see. (Reading
    # the session here for every response would add `Vary: Cookie` to the public pages.)
    return bool(g.get("editor_unlocked"))


def init_app(app: Flask) -> None:
    """Session cookie settings and proxy trust; headers on every response (the export download
    is a file and gets no CSP)."""
    app.session_interface = SessionCookies()
    app.extensions["bordermap.embed_origins"] = settings.embed_origins(app.config)
    hops = proxy_hops(app.config.get("PROXY_FIX") or 0)
    if hops:
        # Behind a proxy, the client's address (for throttling) and scheme (for `Secure`
        # cookies) arrive in X-Forwarded-* headers; trusted only from that many proxies. Not the
        # host, port or prefix: the documented proxy passes the Host itself and would pass on a
        # client's own X-Forwarded-Host or -Prefix, which then named the app's address in its
        # answers (review 21, F7).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)

    @app.before_request
    def refuse_nul() -> None:
        # No id or address holds a NUL character; PostgreSQL cannot even look one up, and each
        # was a 500 with a traceback in the log (review 23a, F4). A NUL in a query's value is
        # the request's problem, said where the store meets it.
        if "\x00" in request.path:
            raise NotFound("no page, asset or item has an address holding a NUL character (%00)")

    @app.after_request
    def add_headers(response: Response) -> Response:
        if _private():
            response.headers["Cache-Control"] = "no-store"
        if response.status_code == 429 and "retry_after" in g:
            response.headers["Retry-After"] = str(g.retry_after)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        framed_by = g.get("framed_by") or ()
        if not framed_by:  # X-Frame-Options knows no list of sites: the CSP alone says it then
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        attachment = "attachment" in response.headers.get("Content-Disposition", "")
        if response.mimetype == "text/html" and not attachment:
            response.headers.setdefault("Content-Security-Policy", _policy(script_nonce(), framed_by))
        return response
