"""A bound, kept by the client, on how long the store waits for the database at a time.

The database stops a statement after its `statement_timeout`; a database that does not answer
at all (its process hung while its host still acknowledges the packets, a storage stall, a
proxy in between that stopped forwarding) stops nothing, and libpq waits for as long as that
lasts: every request holding a connection then waited with it, 90 s and more, and the server
said nothing (review rv21e, F1). Every wait of the store's connections for the database (a
statement, a fetch, a COPY's write, a COMMIT or a ROLLBACK: psycopg's `Connection.wait`) ends
GRACE_S after the database's own timeout: the connection, left midway through the protocol, is
closed, and the wait raises the error of a lost connection (the 503 of postgis_errors); the
pool replaces it. Nothing cut off so was committed, but for a COMMIT the database received
before it stopped answering, which no client can tell from one it did not.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg

GRACE_S = 10.0  # beyond the database's statement timeout
log = logging.getLogger(__name__)


class BoundedConnection(psycopg.Connection):
    """A connection whose every wait for the database ends after `bordermap_bound_s` (0: none),
    set when the store configures it."""

    bordermap_bound_s: float = 0.0

    def wait(self, gen: Any, *args: Any, **kwargs: Any) -> Any:
        bound = self.bordermap_bound_s
        if not bound or kwargs.get("timeout") is not None or len(args) > 1:
            return super().wait(gen, *args, **kwargs)  # psycopg's own bounded waits, as they are
        try:
            return super().wait(gen, *args, timeout=bound, **kwargs)
        except psycopg.errors._WaitTimeout:  # noqa: SLF001 - psycopg's own signal of its timeout
            log.warning("the database did not answer for %.0f s (its statement timeout and a grace): "
                        "the connection is closed, the request answered 503", bound)
            self.pgconn.finish()  # midway through the protocol: it cannot be used again
            raise psycopg.OperationalError(f"the database did not answer within {bound:.0f} s") from None
