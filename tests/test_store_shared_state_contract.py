"""What the app servers share besides the data (review 13, F1, F2): editors' sessions and
checked uploads, on both backends alike. Neither is data: no revision records them."""

from __future__ import annotations

import hashlib

from test_store_contract import backend_store_fixture

store = backend_store_fixture()
DAY = 24 * 3600.0


def test_a_session_lives_until_it_ends_and_old_ones_are_forgotten_at_the_next_start(store):
    store.start_session("old-session", 1_000.0, 0.0)
    store.start_session("kept-session", 50_000.0, 0.0)
    assert store.session_started("old-session") == 1_000.0
    store.start_session("new-session", 90_000.0, 90_000.0 - DAY)
    assert store.session_started("old-session") is None  # swept: it started more than a day before
    assert store.session_started("kept-session") == 50_000.0
    store.end_session("kept-session")
    store.end_session("kept-session")  # ending twice is no error
    assert store.session_started("kept-session") is None and store.session_started("never") is None
    assert store.session_started("new-session") == 90_000.0
    assert store.history() == []  # no revision: a session is no change to the data


def test_a_checked_file_is_kept_byte_for_byte_until_imported_or_too_old(store):
    raw = bytes(range(256)) * 4 + "ព្រំដែន".encode()
    sha = hashlib.sha256(raw).hexdigest()
    store.stage_upload(sha, raw, 10_000.0, 0.0)
    store.stage_upload(sha, raw, 20_000.0, 0.0)  # checked again: kept once, from the later time
    assert store.staged_upload(sha, 15_000.0) == raw
    assert store.staged_upload(sha, 25_000.0) is None  # older than the caller keeps files for
    assert store.staged_upload("0" * 64, 0.0) is None
    store.stage_upload("f" * 64, b"other", 20_000.0 + DAY + 1, 20_000.0 + 1)
    assert store.staged_upload(sha, 0.0) is None  # swept by the later check
    store.unstage_upload("f" * 64)
    store.unstage_upload("f" * 64)
    assert store.staged_upload("f" * 64, 0.0) is None
    assert store.history() == []
