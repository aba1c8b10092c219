"""How waitress serves the app: its own limits, so abuse is refused before it costs anything.

waitress reads a whole request body (spooling a large one to disk) before the app sees it,
and by default keeps 100 connections and waits two minutes for an idle one. The limits below
refuse an oversized body from its Content-Length, before reading it, and let many slow
clients neither fill the connection table nor hold it for long.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from bordermap.errors import InvalidInput

from .security import proxy_hops

# Room for a multipart form's boundaries and fields around a file of the largest allowed size:
# such an upload reaches the app, which refuses it with a message that names the limit.
FORM_OVERHEAD = 64 * 1024
CONNECTION_LIMIT = 500        # open connections at once; many more than threads, few enough for fds
CHANNEL_TIMEOUT = 30          # seconds a connection may send nothing before it is closed
CLEANUP_INTERVAL = 10         # how often idle connections are looked for
MAX_HEADER_BYTES = 64 * 1024  # request line and headers


def waitress_options(app: Flask, *, threads: int = 8) -> dict[str, Any]:
    """Keyword arguments for `waitress.serve`/`create_server` that bound what a client can cost.

    Each limit can be set by the app's config (BORDERMAP_CONNECTION_LIMIT, _CHANNEL_TIMEOUT).
    """
    config = app.config
    proxied = proxy_hops(config.get("PROXY_FIX") or 0) > 0
    return {
        "threads": threads,
        "max_request_body_size": int(config["MAX_CONTENT_LENGTH"]) + FORM_OVERHEAD,
        "max_request_header_size": MAX_HEADER_BYTES,
        "connection_limit": _whole(config, "CONNECTION_LIMIT", CONNECTION_LIMIT),
        "channel_timeout": _whole(config, "CHANNEL_TIMEOUT", CHANNEL_TIMEOUT),
        "cleanup_interval": CLEANUP_INTERVAL,
        "asyncore_use_poll": True,  # select() cannot watch more than 1,024 sockets
        "expose_tracebacks": False,
        # waitress drops X-Forwarded-* from peers it does not trust before the app sees them;
        # with BORDERMAP_PROXY_FIX the app's ProxyFix is what trusts (only that many) proxies,
        # so waitress must pass them on. Without it they stay dropped, so cannot be forged.
        "clear_untrusted_proxy_headers": not proxied,
        "ident": "bordermap",
    }


def _whole(config, key: str, default: int) -> int:
    raw = config.get(key)
    if raw in (None, ""):
        return default
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit() and int(text) >= 1):
        raise InvalidInput(f"BORDERMAP_{key} must be a whole number of at least 1, got {raw!r}")
    return int(text)
