"""Built exports kept as files until the data changes, so a download costs a build only once.

Building the export of a large layer takes hundreds of MiB for a moment; anyone may ask for it.
Each (options, state of the data) is built once, by the first request; requests for the same
file that arrive meanwhile wait for that build and share it, and builds of different files run
one at a time. A request that must wait holds a server thread, so at most `max_waiting` do;
the others are told the server is busy (Busy, 503 with Retry-After) rather than starving
every other page. The file is then streamed from disk. When the folder cannot be written (a full
disk, a read-only instance folder) the export is still built and served, from memory.

What anyone can vary without limit costs no build of its own (review 21, F5: each `view` was a
file of its own, so a loop over views kept the build slot busy and the others waiting):

- The opening view (`view=LAT,LON,ZOOM`) is written into the file as it is sent. Every view of
  the same data and options is one built file; its map's centre and zoom, in the file's last
  script, and that script's hash in the file's policy are replaced on the way out
  (`view_edits`); tests/test_export_cache.py proves the bytes sent equal a file built for the
  view.
- Each client (an address, an IPv6 /64) may have at most `BUILD_SECONDS` of building done for
  it in `BUILD_WINDOW` seconds; past that, a file not built yet is refused with a 429 that
  says when to ask again, while the files already built are still served to it at once.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import logging
import re
import shutil
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .. import queries
from ..errors import Busy, TooManyRequests, storage_error
from ..files import atomic_write, private_folder
from ..i18n import N_
from ..store import Store
from .export import ExportOptions, export_of_one_state
from .mapbuild import MapView

log = logging.getLogger(__name__)
RETRY_AFTER = 30  # seconds: about what a large export takes to build
STALE_TEMPORARY = 3600  # seconds after which a temporary file is a leftover of a killed process
# Building one client may have done for it: this many seconds of building in this many seconds
# (a fifth of the build slot's time), whatever it asks for.
BUILD_SECONDS = 120.0
BUILD_WINDOW = 600.0
CHUNK = 1 << 20  # bytes of a file read at a time


class ExportsBusy(Busy):
    """Every place to wait for a build is taken."""

    user_message = N_("The server is making other exports of the map right now: try again in a minute. "
                      "Each export is made once, then served at once to everyone who asks for it.")


class TooManyBuilds(TooManyRequests):
    """A client has had its share of building for now; `retry_after` says when it has more."""

    user_message = N_("You have asked for many different exports in the last few minutes. The ones already "
                      "made are still served to you at once; a new one can be made again in a few minutes.")

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class BuildBudget:
    """The seconds of building done for each client in the last `window` seconds, in bounded
    memory (the `capacity` clients seen last), safe to share between threads."""

    def __init__(self, *, seconds: float = BUILD_SECONDS, window: float = BUILD_WINDOW,
                 capacity: int = 10_000, clock=time.monotonic):
        self.seconds, self.window, self.capacity, self.clock = seconds, window, capacity, clock
        self._spent: OrderedDict[str, deque] = OrderedDict()  # client → (when, seconds) of each build
        self._lock = threading.Lock()

    def wait(self, client: str) -> int:
        """Whole seconds until `client` may have another file built (0: now)."""
        with self._lock:
            builds = self._current(client)
            over = sum(took for _, took in builds) - self.seconds
            if over < 0:
                return 0
            # The builds that must leave the window before the client is under its share again.
            for when, took in builds:
                over -= took
                if over < 0:
                    return max(1, int(when + self.window - self.clock()) + 1)
            return 1

    def spent(self, client: str, seconds: float) -> None:
        with self._lock:
            builds = self._current(client)
            builds.append((self.clock(), seconds))
            self._spent[client] = builds
            self._spent.move_to_end(client)
            while len(self._spent) > self.capacity:
                self._spent.popitem(last=False)

    def _current(self, client: str) -> deque:
        builds = self._spent.get(client, deque())
        horizon = self.clock() - self.window
        while builds and builds[0][0] <= horizon:
            builds.popleft()
        return builds


class ExportFile:
    """A kept export as it is sent: its size, and its bytes with the `edits` (offset, length
    replaced, new bytes; in order) made on the way out."""

    def __init__(self, handle: BinaryIO, edits: list[tuple[int, int, bytes]] | None = None):
        self.handle = handle
        self.edits = edits or []
        self.size = handle.seek(0, io.SEEK_END) + sum(len(new) - length for _, length, new in self.edits)
        handle.seek(0)

    def chunks(self) -> Iterator[bytes]:
        """The bytes a piece at a time; the file is closed when they are sent or the client goes."""
        with self.handle:
            at = 0
            for offset, length, new in self.edits:
                yield from self._read(offset - at)
                yield new
                self.handle.seek(length, io.SEEK_CUR)
                at = offset + length
            yield from self._read(None)

    def read(self) -> bytes:
        return b"".join(self.chunks())

    def _read(self, count: int | None) -> Iterator[bytes]:
        while count is None or count > 0:
            chunk = self.handle.read(CHUNK if count is None else min(CHUNK, count))
            if not chunk:
                return
            if count is not None:
                count -= len(chunk)
            yield chunk


# Where an export writes its opening view: the map's options in its last script (folium's
# `L.map(...)`), and that script's hash in its Content-Security-Policy.
_MAP_OPTIONS = re.compile(rb'L\.map\(\s*"[^"\n]+",\s*\{\s*center: (\[[^\]\n]*\]),')
_ZOOM = re.compile(rb'\n\s*"zoom": (\d+),')
_SCRIPT_HASHES = re.compile(rb"script-src ('sha256-[A-Za-z0-9+/=]+'(?: 'sha256-[A-Za-z0-9+/=]+')*)")
EDGE = 64 * 1024  # the policy lies within a file's first bytes, the map's script within its last


def _script_hash(body: bytes) -> bytes:
    return base64.b64encode(hashlib.sha256(body).digest())


def view_edits(head: bytes, tail: bytes, tail_at: int, view: MapView) -> list[tuple[int, int, bytes]] | None:
    """The edits (`ExportFile`) that make a built file open at `view`: from its first bytes
    (`head`) and its last (`tail`, which start at `tail_at`). None when the file is not as
    expected (it is then built for the view)."""
    start = tail.rfind(b"<script>")
    end = tail.find(b"</script>", start)
    if start < 0 or end < 0:
        return None
    start += len(b"<script>")
    body = tail[start:end]
    options = _MAP_OPTIONS.search(body)
    zoom = _ZOOM.search(body, options.end()) if options else None
    if zoom is None:
        return None
    # As folium writes them: its location as JSON, its options as JSON.
    center = json.dumps([float(view.center[0]), float(view.center[1])]).encode()
    level = json.dumps(int(view.zoom)).encode()
    edited = body[:options.start(1)] + center + body[options.end(1):zoom.start(1)] + level + body[zoom.end(1):]
    # The policy lists every inline script's hash once, sorted (mapbuild._with_file_policy).
    policy = _SCRIPT_HASHES.search(head)
    hashes = set(policy.group(1).split(b" ")) if policy else set()
    before = b"'sha256-" + _script_hash(body) + b"'"
    if before not in hashes:
        return None
    listed = b" ".join(sorted(hashes - {before} | {b"'sha256-" + _script_hash(edited) + b"'"}))
    return [(policy.start(1), len(policy.group(1)), listed),
            (tail_at + start + options.start(1), len(options.group(1)), center),
            (tail_at + start + zoom.start(1), len(zoom.group(1)), level)]


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:24]


class ExportCache:
    """Exports on disk in `folder`, at most `keep` of them, built `builds_at_once` at a time."""

    def __init__(self, folder: Path | str, *, keep: int = 8, builds_at_once: int = 1, max_waiting: int = 3,
                 budget: BuildBudget | None = None):
        self.folder = Path(folder)
        self.keep = keep
        self.budget = budget or BuildBudget()
        self.max_waiting = max_waiting  # requests building or waiting for a build, at most
        self.builds = 0  # how many exports this cache has built
        self._lock = threading.Lock()
        self._waiting: dict[str, list] = {}  # file name → [its lock, requests that want it]
        self._build_slots = threading.BoundedSemaphore(builds_at_once)
        # Files from an earlier run may come from other code: start empty.
        shutil.rmtree(self.folder, ignore_errors=True)

    def name(self, store: Store, options: ExportOptions, state: tuple | None = None) -> str:
        """The file name of an export: the state of the data, then the options."""
        state = state or queries.data_state(store)
        return f"{_digest(state)}-{_digest(dataclasses.astuple(options))}.html"

    def waiting(self, name: str) -> int:
        """How many requests want the export `name` that is being built now (0: none)."""
        with self._lock:
            entry = self._waiting.get(name)
            return entry[1] if entry else 0

    def open(self, store: Store, options: ExportOptions, client: str = "") -> ExportFile:
        """The export for the current data, to be sent (`ExportFile`). A file not built yet is
        built for `client` (an address) when it has not had its share of building."""
        if options.view is None:
            return ExportFile(self._file(store, options, client))
        handle = self._file(store, dataclasses.replace(options, view=None), client)
        size = handle.seek(0, io.SEEK_END)
        tail_at = max(0, size - EDGE)
        handle.seek(tail_at)
        tail = handle.read()
        handle.seek(0)
        edits = view_edits(handle.read(min(EDGE, size)), tail, tail_at, options.view)
        if edits is not None:
            return ExportFile(handle, edits)
        handle.close()
        log.warning("an export did not write its view where expected: built for the view instead")
        return ExportFile(self._file(store, options, client))

    def _file(self, store: Store, options: ExportOptions, client: str) -> BinaryIO:
        """The built file of `options`, open at its start."""
        state = queries.data_state(store)
        name = self.name(store, options, state)
        cached = self._open(name)
        if cached is not None:
            return cached
        with self._lock:
            if sum(count for _, count in self._waiting.values()) >= self.max_waiting:
                raise ExportsBusy("the server is building other exports of the map; try again in a minute "
                                  "(each export is built once and then served at once to everyone)",
                                  retry_after=RETRY_AFTER)
            entry = self._waiting.setdefault(name, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                cached = self._open(name)  # built while this request waited
                if cached is not None:
                    return cached
                wait = self.budget.wait(client)
                if wait:
                    share = f"{self.budget.seconds:g} s of building in {self.budget.window / 60:g} minutes"
                    raise TooManyBuilds(f"{client or 'this client'} has had its share of exports built ({share}); the "
                                        f"files built are served at once, a new one can be built in {wait} s",
                                        retry_after=wait)
                with self._build_slots:
                    started = self.budget.clock()
                    try:
                        built, html = export_of_one_state(store, options)
                    finally:
                        self.budget.spent(client, self.budget.clock() - started)
                    self.builds += 1
                # The data changed before or while it was built: the file is of the later state
                # it was built at (one state throughout), and kept under that state's name for
                # the requests that read it next (review 23k, #3: it was sent and not kept).
                return self._keep(name if built == state else self.name(store, options, built), html)
        finally:
            with self._lock:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._waiting[name]

    def _open(self, name: str) -> BinaryIO | None:
        try:
            return open(self.folder / name, "rb")
        except FileNotFoundError:
            return None

    def _keep(self, name: str, html: str) -> BinaryIO:
        try:
            # The server's alone, like everything in the instance folder.
            private_folder(self.folder)
            atomic_write(self.folder / name, html.encode("utf-8"), mode=0o600)
        except OSError as error:
            typed = storage_error(error, f"the export cache {self.folder}")
            if typed is None:
                raise
            log.warning("%s: serving the export from memory", typed.message)
            return io.BytesIO(html.encode("utf-8"))
        handle = open(self.folder / name, "rb")  # opened before pruning: a pruned file still reads
        self._prune(name)
        return handle

    def _prune(self, newest: str) -> None:
        """Drop exports of older data, the least recently built beyond `keep`, and leftovers."""
        state = newest.split("-", 1)[0]
        now = time.time()
        kept = []
        for path in self.folder.iterdir():
            try:
                if path.suffix == ".html" and not path.name.startswith(state):
                    path.unlink()
                elif path.suffix == ".html":
                    kept.append((path.stat().st_mtime, path))
                elif path.name.endswith(".tmp") and now - path.stat().st_mtime > STALE_TEMPORARY:
                    path.unlink()
            except FileNotFoundError:
                continue
        kept.sort(reverse=True)
        for _, path in kept[self.keep:]:
            path.unlink(missing_ok=True)
