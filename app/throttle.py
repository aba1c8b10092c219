"""Slowing down guesses of the editor token: each wrong guess from an address doubles its wait."""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


def client_key(address: str | None) -> str:
    """The unit that is throttled: an IPv4 address, or an IPv6 address's /64 network.

    One IPv6 host usually holds a whole /64, so counting single addresses would let it make
    fresh guesses from each of them.
    """
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


class Throttle:
    """Wrong-guess counts per client, in bounded memory, safe to share between threads.

    The first `free` wrong guesses cost nothing (people mistype); after that each one makes
    the client wait `base` seconds, doubled for every further one, up to `ceiling`. A right
    guess, or `forget` seconds without a wrong one, clears the client's count. At most
    `capacity` clients are remembered; the one whose last wrong guess is oldest goes first.
    """

    def __init__(self, *, free: int = 5, base: float = 1.0, ceiling: float = 300.0,
                 forget: float = 3600.0, capacity: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        self.free, self.base, self.ceiling, self.forget = free, base, ceiling, forget
        self.capacity, self.clock = capacity, clock
        self._entries: OrderedDict[str, tuple[int, float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def wait(self, client: str) -> int:
        """Whole seconds `client` must still wait before its next guess is looked at (0: none)."""
        with self._lock:
            entry = self._current(client)
            return 0 if entry is None else _seconds(entry[1] - self.clock())

    def failed(self, client: str) -> int:
        """Count a wrong guess; return the whole seconds to wait before the next one."""
        with self._lock:
            now = self.clock()
            failures = (self._current(client) or (0, 0.0, 0.0))[0] + 1
            delay = 0.0
            if failures > self.free:
                delay = min(self.base * 2 ** min(failures - self.free - 1, 64), self.ceiling)
            self._entries[client] = (failures, now + delay, now)
            self._entries.move_to_end(client)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
            return _seconds(delay)

    def succeeded(self, client: str) -> None:
        """A right guess: the client starts afresh."""
        with self._lock:
            self._entries.pop(client, None)

    def _current(self, client: str) -> tuple[int, float, float] | None:
        entry = self._entries.get(client)
        if entry is not None and self.clock() - max(entry[1], entry[2]) > self.forget:
            del self._entries[client]
            return None
        return entry


def _seconds(delay: float) -> int:
    return max(0, math.ceil(delay))
