"""Response headers that keep a page from doing more than it should.

The map page's only inline scripts carry a per-response nonce; everything else is served by
the app itself. Text from uploads is already inserted as text; this is the second fence.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g

from bordermap.mapview.mapbuild import TILE_ORIGIN


def script_nonce() -> str:
    """The nonce for this response's inline scripts, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _policy(nonce: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {TILE_ORIGIN}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def init_app(app: Flask) -> None:
    """Add the headers to every response; the export download is a file and gets none of CSP."""

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        attachment = "attachment" in response.headers.get("Content-Disposition", "")
        if response.mimetype == "text/html" and not attachment:
            response.headers.setdefault("Content-Security-Policy", _policy(script_nonce()))
        return response
