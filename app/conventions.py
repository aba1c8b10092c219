"""HTTP conventions of the read-only data endpoints: CORS, validators, 304s and gzip.

- **CORS**: the read-only endpoints (`READ_ONLY` and the OGC API) answer any origin
  (`Access-Control-Allow-Origin: *`), so a page elsewhere (uMap, geojson.io, a notebook) can
  load the layers; so does a GET under /ogc or /api that no endpoint took (its 404 or
  redirect). Their preflight (`OPTIONS` asking for GET or HEAD) allows those methods and
  the headers of a conditional or negotiated read (`READ_HEADERS`), so such a page can
  revalidate what it keeps. Nothing that changes data gets the headers: no POST, PUT, PATCH or
  DELETE (nor their preflight), and no editor page, so a browser keeps other sites' scripts
  from reading their answers, and from sending a change at all when it needs a preflight.
- **Validators**: those answers carry a weak `ETag` made from the state of the data (curated
  version and last revision) and the request (path, query, `Accept`, and the language
  `Accept-Language` chose when the answer speaks one the address does not name: the OGC API's
  HTML pages, the searches), a `Last-Modified` from
  the last change, and `Cache-Control: no-cache` (keep, but ask again). A request whose
  `If-None-Match` names the current tag, or (without one) whose `If-Modified-Since` is not
  older than the last change, is answered 304 before any work is done; not on the date when
  the last change shares its second with another (`_last_modified`). An answer as of today
  (`AS_OF_TODAY`, without `at=`) is validated per day: its tag names the day, and its
  `Last-Modified` is not older than that day's start. `Vary` names `Accept` on the OGC API
  (JSON or HTML) and `Accept-Language` wherever that header chose the answer's language, a
  304 included, so no cache hands a page in one language to a reader of another.
- **gzip**: a JSON answer (`application/json`, `application/geo+json`, the OpenAPI document,
  the collections' schemas) over `GZIP_MIN_BYTES` is compressed with the standard library's gzip
  when the client accepts it; a reverse proxy that compresses too sees `Content-Encoding` and leaves it alone.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import threading
import zlib
from collections import OrderedDict
from datetime import datetime, timezone

from flask import Flask, Response, g, request

from bordermap import i18n, queries, tracking

from .language import page_language
from .ogc_api import answers_html
from .resources import store

READ_ONLY = {
    "api.layers", "api.features", "api.feature", "api.commitments", "api.commitment", "api.documents",
    "api.licences", "api.layer_points_body", "edit_api.download_layer", "downloads.layer", "downloads.table",
    "downloads.no_such_download",
    "downloads.dataset", "api.history", "api.feature_history", "api.commitment_history", "api.scorecard",
    "api.search", "api.layer_search", "api.layer_search_index",
}
# Answers that are as of today unless the request names a day (`at=`): a commitment turns
# overdue or stale overnight with no change to the data, so their validators change each day.
AS_OF_TODAY = {"api.commitments", "api.commitment", "api.feature_history", "api.commitment_history",
               "api.scorecard"}
# Answers in the reader's language (`lang=`, else Accept-Language): the searches name each
# place's layer in it. The OGC API's HTML pages do too (its JSON documents never).
IN_READERS_LANGUAGE = {"api.search", "api.layer_search"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# What a cross-origin read may send beyond the CORS-safelisted headers: If-None-Match and
# If-Modified-Since (the 304s above), Accept and Accept-Language (the OGC API's JSON or HTML,
# the searches' language), which a browser safelists only for some values.
READ_HEADERS = "If-None-Match, If-Modified-Since, Accept, Accept-Language"
# Where a read that matched no endpoint still answers any origin (`_unrouted_read`).
UNROUTED_READS = ("/ogc/", "/api/")
GZIP_MIN_BYTES = 1024
GZIP_TYPES = {"application/json", "application/geo+json", "application/vnd.oai.openapi+json",
              "application/schema+json"}


def _read_only() -> bool:
    asked = request.headers.get("Access-Control-Request-Method", "GET")
    if request.method == "OPTIONS" and asked not in ("GET", "HEAD"):
        return False  # a preflight for a change to the same URL (POST /api/features) gets no CORS
    return request.method in SAFE_METHODS and (
        request.endpoint in READ_ONLY or (request.blueprint == "ogc" and request.endpoint is not None))


def _unrouted_read() -> bool:
    """A GET or HEAD under /ogc or /api that no endpoint took: a routing redirect (a trailing
    slash) or a 404. Its answer says no more than the address does, and without CORS a script
    of another origin sees a network error, not the 404, nor where the redirect goes (review 23, #5)."""
    return (request.method in ("GET", "HEAD") and request.endpoint is None
            and (request.path in ("/ogc", "/api") or request.path.startswith(UNROUTED_READS)))


def _language_from_header() -> str | None:
    """The language Accept-Language chose for this answer, when the answer speaks one and its
    address names none (a valid `lang=`); None otherwise."""
    if i18n.language(request.args.get("lang")):
        return None
    if request.endpoint in IN_READERS_LANGUAGE or (request.blueprint == "ogc" and answers_html()):
        return page_language()
    return None


def _validators() -> tuple[str, datetime | None, datetime | None]:
    """(ETag value, Last-Modified, the moment If-Modified-Since is compared with) for this
    request at the data's current state, once a request."""
    if "bm_validators" not in g:
        current = store()
        state = queries.data_state(current)
        dated = request.endpoint in AS_OF_TODAY and not request.args.get("at")
        day = tracking.today() if dated else ""
        key = "\n".join((request.full_path, request.headers.get("Accept", "") if request.blueprint == "ogc" else "",
                         day, _language_from_header() or "", state[2]))
        tag = f"{queries.dataset_version(current, state)}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        moments = list(queries.cached(current, "change_moments", state, lambda: _change_moments(current)))
        if dated:  # not older than the start of the day it is as of
            moments.append(datetime.fromisoformat(day).replace(tzinfo=timezone.utc))
        g.bm_validators = (tag, *_last_modified(moments))
    return g.bm_validators


def _change_moments(current) -> list[datetime]:
    """The times the data's state depends on: the last revision and the one before it, and
    when the curated data was loaded (its own date where no load was recorded)."""
    revisions, loaded = current.change_times()
    as_of = current.curated_as_of()
    texts = [*revisions, loaded or (as_of[:10] if as_of else None)]
    moments = [datetime.fromisoformat(text) for text in texts if text]
    return [m if m.tzinfo else m.replace(tzinfo=timezone.utc) for m in moments]


def _last_modified(moments: list[datetime]) -> tuple[datetime | None, datetime | None]:
    """(Last-Modified, the moment an If-Modified-Since may be compared with, or None).

    An HTTP date has whole seconds. When the newest change shares its second with another (two
    revisions in one second, on one server or two), a client that read the data between them
    holds the same date as one that read it after: no If-Modified-Since can then tell, and only
    the ETag answers 304 (review 20, F7). Revision times come from one clock (the database's,
    when several servers share it) and never go back, so a later change is never dated before
    a date already handed out.
    """
    if not moments:
        return None, None
    newest = max(moments)
    seconds = [int(m.timestamp()) for m in moments]
    certain = seconds.count(max(seconds)) == 1
    # Never later than now (RFC 9110 §8.8.2.1): a server whose clock is behind the database's
    # says its own time, which only makes If-Modified-Since answer 200 until it catches up.
    return min(newest, datetime.now(timezone.utc)), newest if certain else None


# The last few compressed answers, by the SHA-256 of what they compress: a large layer is
# served from the read cache as the same bytes many times, and compressing it costs ~40 ms.
_packed: "OrderedDict[bytes, bytes]" = OrderedDict()
_packed_lock = threading.Lock()
PACKED_KEPT = 16


def _compress(body: bytes) -> bytes:
    key = hashlib.sha256(body).digest()
    with _packed_lock:
        if key in _packed:
            _packed.move_to_end(key)
            return _packed[key]
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    with _packed_lock:
        _packed[key] = packed
        while len(_packed) > PACKED_KEPT:
            _packed.popitem(last=False)
    return packed


def accepts_gzip() -> bool:
    """Whether the request's client takes gzip."""
    return request.accept_encodings["gzip"] > 0


# Raw deflate of the parts `gzip_joined` keeps, by its key and the part's place (or SHA-256).
_deflated: "OrderedDict[object, bytes]" = OrderedDict()
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0


def _deflate(data: bytes) -> bytes:
    # Each piece is a deflate stream of its own, flushed to a byte boundary and not final, so
    # pieces made apart can follow one another in one stream.
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


def gzip_joined(parts: list[bytes], fill: bytes, key: object = None) -> bytes:
    """gzip of `fill.join(parts)`, each part compressed once and kept, only `fill` each time.

    For a large cached page whose every response carries its own nonce: compressing the whole
    page again for each response would cost more than building it. The parts are kept by
    `key` (which must change when they do), or by their SHA-256 when there is none.
    """
    pieces, crc, size = [_GZIP_HEADER], 0, 0
    for index, part in enumerate(parts):
        if index:
            pieces.append(_deflate(fill))
            crc, size = zlib.crc32(fill, crc), size + len(fill)
        key_of_part = (key, index) if key is not None else hashlib.sha256(part).digest()
        with _packed_lock:
            packed = _deflated.get(key_of_part)
            if packed is not None:
                _deflated.move_to_end(key_of_part)
        if packed is None:
            packed = _deflate(part)
            with _packed_lock:
                _deflated[key_of_part] = packed
                while len(_deflated) > PACKED_KEPT:
                    _deflated.popitem(last=False)
        pieces.append(packed)
        crc, size = zlib.crc32(part, crc), size + len(part)
    pieces.append(zlib.compressobj(6, zlib.DEFLATED, -15).flush(zlib.Z_FINISH))  # the final block
    pieces.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(pieces)


def compressed(body: bytes) -> bytes:
    """`body` gzipped (the last few kept, by their SHA-256)."""
    return _compress(body)


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
    response.set_data(_compress(body))
    response.headers["Content-Encoding"] = "gzip"


def init_app(app: Flask) -> None:
    """Register the before/after hooks on every request."""

    @app.before_request
    def not_modified():
        if request.method not in ("GET", "HEAD") or not _read_only():
            return None
        if request.if_none_match:  # when both are sent, the tag decides (RFC 9110 §13.2.2)
            tag, _, _ = _validators()
            matched = request.if_none_match.contains_weak(tag)
        elif request.if_modified_since is not None:
            tag, _, comparable = _validators()
            matched = comparable is not None and comparable.replace(microsecond=0) <= request.if_modified_since
        else:
            return None
        if matched:
            response = Response(status=304)
            response.set_etag(tag, weak=True)  # (no Last-Modified on a 304: RFC 9110 §15.4.5)
            return response
        return None

    @app.after_request
    def conventions(response: Response) -> Response:
        if _unrouted_read():
            response.headers["Access-Control-Allow-Origin"] = "*"
            if request.path == "/ogc" or request.path.startswith("/ogc/"):
                response.vary.add("Accept")  # the error is JSON or a page, as the OGC API's are
            return response
        if not _read_only():
            return response
        if request.blueprint == "ogc":
            response.vary.add("Accept")
        if _language_from_header():
            response.vary.add("Accept-Language")
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition, Link"
        if request.method == "OPTIONS":  # a preflight of a read (_read_only refuses any other)
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD"
            response.headers["Access-Control-Allow-Headers"] = READ_HEADERS
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            tag, modified, _ = _validators()
            if "ETag" not in response.headers:  # a view's own (a feature's version) is kept
                response.set_etag(tag, weak=True)
            response.last_modified = modified
            response.headers.setdefault("Cache-Control", "no-cache")
            _gzip(response)
        return response
