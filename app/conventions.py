"""HTTP conventions of the read-only data endpoints: CORS, validators, 304s and gzip.

- **CORS**: the read-only endpoints (`READ_ONLY` and the OGC API) answer any origin
  (`Access-Control-Allow-Origin: *`), so a page elsewhere (uMap, geojson.io, a notebook) can
  load the layers. Nothing that changes data gets the header: no POST, PUT, PATCH or DELETE,
  and no editor page, so a browser keeps other sites' scripts from reading their answers.
- **Validators**: those answers carry a weak `ETag` made from the state of the data (curated
  version and last revision) and the request (path, query, `Accept`), a `Last-Modified` from
  the last change, and `Cache-Control: no-cache` (keep, but ask again). A request whose
  `If-None-Match` names the current tag is answered 304 before any work is done.
- **gzip**: a JSON answer (`application/json`, `application/geo+json`, the OpenAPI document)
  over `GZIP_MIN_BYTES` is compressed with the standard library's gzip when the client
  accepts it; a reverse proxy that compresses too sees `Content-Encoding` and leaves it alone.
"""

from __future__ import annotations

import gzip
import hashlib
from datetime import datetime, timezone

from flask import Flask, Response, request

from bordermap import queries

from .resources import store

READ_ONLY = {
    "api.layers", "api.features", "api.feature", "api.commitments", "api.commitment", "api.documents",
    "api.licences", "edit_api.download_layer", "downloads.layer",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
GZIP_MIN_BYTES = 1024
GZIP_TYPES = {"application/json", "application/geo+json", "application/vnd.oai.openapi+json"}


def _read_only() -> bool:
    if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method", "GET") not in ("GET", "HEAD"):
        return False  # a preflight for a change to the same URL (POST /api/features) gets no CORS
    return request.method in SAFE_METHODS and (
        request.endpoint in READ_ONLY or (request.blueprint == "ogc" and request.endpoint is not None))


def _validators() -> tuple[str, datetime | None]:
    """(ETag value, Last-Modified) for this request at the data's current state."""
    current = store()
    state = queries.data_state(current)
    key = "\n".join((request.full_path, request.headers.get("Accept", "") if request.blueprint == "ogc" else ""))
    tag = f"{queries.dataset_version(current, state)}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    return tag, _last_modified(current)


def _last_modified(current) -> datetime | None:
    """The newest of the curated data's date and the last revision's time."""
    moments = []
    newest = current.last_revision()
    if newest:
        moments.append(datetime.fromisoformat(newest[1]))
    as_of = current.curated_as_of()
    if as_of:
        moments.append(datetime.fromisoformat(as_of[:10]).replace(tzinfo=timezone.utc))
    moments = [m if m.tzinfo else m.replace(tzinfo=timezone.utc) for m in moments]
    return min(max(moments), datetime.now(timezone.utc)) if moments else None


def _gzip(response: Response) -> None:
    if (response.status_code != 200 or response.direct_passthrough or response.is_streamed
            or response.mimetype not in GZIP_TYPES or "Content-Encoding" in response.headers):
        return
    response.vary.add("Accept-Encoding")
    if "gzip" not in request.accept_encodings or request.accept_encodings["gzip"] <= 0:
        return
    body = response.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"


def init_app(app: Flask) -> None:
    """Register the before/after hooks on every request."""

    @app.before_request
    def not_modified():
        if request.method not in ("GET", "HEAD") or not _read_only() or not request.if_none_match:
            return None
        tag, modified = _validators()
        if request.if_none_match.contains_weak(tag):
            response = Response(status=304)
            response.set_etag(tag, weak=True)
            response.last_modified = modified
            return response
        return None

    @app.after_request
    def conventions(response: Response) -> Response:
        if not _read_only():
            return response
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            tag, modified = _validators()
            response.set_etag(tag, weak=True)
            response.last_modified = modified
            response.headers.setdefault("Cache-Control", "no-cache")
            _gzip(response)
        return response
