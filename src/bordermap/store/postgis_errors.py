"""The PostGIS store's errors: which kind of "the database did not answer" it was.

An outage (the database down, restarting, every connection busy) is worth trying again in a
minute. A statement the database stopped at the server's statement timeout is not: the same
request takes as long again, and only the operator can help, by raising the setting the log
names (review 20, F15). A change that waited past that timeout for another change to be saved
(a long import holds the writer lock) is told so.
"""

from __future__ import annotations

import psycopg

from ..errors import DatabaseUnavailable
from ..i18n import N_

SETTING = "BORDERMAP_DB_STATEMENT_TIMEOUT_MS"


class StatementTimeout(DatabaseUnavailable):
    """A statement ran past the statement timeout and was stopped; nothing was changed."""

    user_message = N_("The database took longer than this server allows for this request, so it was "
                      "stopped and nothing was changed. Trying again will not help: please tell the "
                      "server's administrator.")
    user_message_reading = N_("The database took longer than this server allows to answer this request, "
                              "so it was stopped. Trying again will not help: please tell the server's "
                              "administrator.")
    retry_after = None


class WaitedForAnotherChange(DatabaseUnavailable):
    """A change waited for the writer lock, held by another change, past the statement timeout."""

    user_message = N_("Another change was being saved and took longer than this one could wait, so "
                      "nothing was changed. Please try again in a minute.")
    user_message_reading = None
    retry_after = 60


def unavailable(error: Exception, where: str, said: str, timeout_ms: int) -> DatabaseUnavailable:
    """The typed error for a failed call: `said` is the driver's message, scrubbed of secrets."""
    diag = getattr(error, "diag", None)
    if isinstance(error, psycopg.errors.QueryCanceled) and "statement timeout" in (diag.message_primary or ""):
        if "relation \"meta\"" in (diag.context or ""):  # the writer lock is the meta table's row
            return WaitedForAnotherChange(
                f"a change waited {timeout_ms} ms for another change to be saved (the writer lock of "
                f"{where}, held by a long import or revert) and was stopped; {SETTING}={timeout_ms} "
                "is how long a change may wait: raise it if such waits are expected")
        return StatementTimeout(
            f"the database {where} stopped a statement at the statement timeout of {timeout_ms} ms: "
            f"raise {SETTING} (now {timeout_ms}) if requests like this one should finish ({said})")
    return DatabaseUnavailable(f"the database {where} is unavailable: {said}")
