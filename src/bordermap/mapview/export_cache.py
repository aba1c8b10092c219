"""Built exports kept as files until the data changes, so a download costs a build only once.

Building the export of a large layer takes hundreds of MiB for a moment; anyone may ask for it.
Each (options, state of the data) is built once, by the first request; requests for the same
file that arrive meanwhile wait for that build and share it, and builds of different files run
one at a time. A request that must wait holds a server thread, so at most `max_waiting` do;
the others are told the server is busy (Busy, 503 with Retry-After) rather than starving
every other page. The file is then streamed from disk. When the folder cannot be written (a full
disk, a read-only instance folder) the export is still built and served, from memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import BinaryIO

from .. import queries
from ..errors import Busy, storage_error
from ..files import atomic_write, private_folder
from ..store import Store
from .export import ExportOptions, build_export

log = logging.getLogger(__name__)
RETRY_AFTER = 30  # seconds: about what a large export takes to build
STALE_TEMPORARY = 3600  # seconds after which a temporary file is a leftover of a killed process


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:24]


class ExportCache:
    """Exports on disk in `folder`, at most `keep` of them, built `builds_at_once` at a time."""

    def __init__(self, folder: Path | str, *, keep: int = 8, builds_at_once: int = 1, max_waiting: int = 3):
        self.folder = Path(folder)
        self.keep = keep
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

    def open(self, store: Store, options: ExportOptions) -> BinaryIO:
        """The export for the current data, open for reading from its start."""
        name = self.name(store, options)
        cached = self._open(name)
        if cached is not None:
            return cached
        with self._lock:
            if sum(count for _, count in self._waiting.values()) >= self.max_waiting:
                raise Busy("the server is building other exports of the map; try again in a minute "
                           "(each export is built once and then served at once to everyone)",
                           retry_after=RETRY_AFTER)
            entry = self._waiting.setdefault(name, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                cached = self._open(name)  # built while this request waited
                if cached is not None:
                    return cached
                with self._build_slots:
                    html = build_export(store, options)
                    self.builds += 1
                return self._keep(name, html)
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
