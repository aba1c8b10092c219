"""The Store contract's state the app servers share besides the data: editors' sessions and
checked uploads waiting to be imported (implemented once in `common_shared`).

Apart from the data's contract because none of it is data: nothing here makes a revision.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class SharedStateContract(ABC):
    """Sessions and staged uploads, kept where every app server sharing the store finds them; part of `Store`."""

    @abstractmethod
    def start_session(self, session_id: str, now: float, forget_before: float) -> None:
        """Record an editor's unlocked session, started at `now` (seconds since the epoch);
        sessions started before `forget_before` are forgotten."""

    @abstractmethod
    def session_started(self, session_id: str) -> float | None:
        """When the session began, or None when there is no such session (or it ended)."""

    @abstractmethod
    def end_session(self, session_id: str) -> None:
        """End the session (locking every copy of its cookie); nothing happens when it is gone."""

    @abstractmethod
    def stage_upload(self, sha256: str, raw: bytes, now: float, forget_before: float) -> None:
        """Keep a checked file until it is imported, for whichever server the import reaches;
        files staged before `forget_before` are forgotten."""

    @abstractmethod
    def staged_upload(self, sha256: str, forget_before: float) -> bytes | None:
        """The checked file with this digest, or None when there is none staged since `forget_before`."""

    @abstractmethod
    def unstage_upload(self, sha256: str) -> None:
        """Forget a checked file once imported; nothing happens when it is gone."""
