"""What the app servers share besides the data: editors' unlocked sessions and checked uploads.

Both were files in each server's own instance folder, so behind a proxy without sticky
sessions an editor unlocked on one server was locked on the next, and a file checked on one
could not be imported through another (review 13, F1 and F2). Kept in the store, every server
sharing the database sees them. Neither is data: no revision records them, `db copy` does not
move them, and each is forgotten after its time (`forget_before`, swept at each new one).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any


class SharedStateMixin:
    """The store provides `_P`, `_read()` and `_side_write()`: a short transaction of its own
    that does not take the writer's lock (these rows are no change to the data)."""

    _P: str

    def _side_write(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def start_session(self, session_id: str, now: float, forget_before: float) -> None:
        P = self._P
        with self._side_write() as db:
            db.execute(f"DELETE FROM editor_sessions WHERE started < {P}", (forget_before,))
            db.execute(f"INSERT INTO editor_sessions (id, started) VALUES ({P}, {P})", (session_id, now))

    def session_started(self, session_id: str) -> float | None:
        with self._read() as db:
            row = db.execute(f"SELECT started FROM editor_sessions WHERE id = {self._P}", (session_id,)).fetchone()
        return None if row is None else float(row["started"])

    def end_session(self, session_id: str) -> None:
        with self._side_write() as db:
            db.execute(f"DELETE FROM editor_sessions WHERE id = {self._P}", (session_id,))

    def stage_upload(self, sha256: str, raw: bytes, now: float, forget_before: float) -> None:
        P = self._P
        with self._side_write() as db:
            db.execute(f"DELETE FROM staged_uploads WHERE staged < {P}", (forget_before,))
            db.execute(f"INSERT INTO staged_uploads (sha256, staged, body) VALUES ({P}, {P}, {P})"
                       " ON CONFLICT (sha256) DO UPDATE SET staged = excluded.staged", (sha256, now, raw))

    def staged_upload(self, sha256: str, forget_before: float) -> bytes | None:
        P = self._P
        with self._read() as db:
            row = db.execute(f"SELECT body FROM staged_uploads WHERE sha256 = {P} AND staged >= {P}",
                             (sha256, forget_before)).fetchone()
        return None if row is None else bytes(row["body"])

    def unstage_upload(self, sha256: str) -> None:
        with self._side_write() as db:
            db.execute(f"DELETE FROM staged_uploads WHERE sha256 = {self._P}", (sha256,))
