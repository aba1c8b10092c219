"""A value too large for PostgreSQL's index is refused as the change's, not as the database
being away (review rv21f, L3: it was "the database is unavailable", a 503, which an operator
would chase and an editor would retry); nothing is stored."""

from __future__ import annotations

import base64
import random

import pytest

from bordermap.errors import StoreUnavailable, TooLarge
from test_store_contract import postgis_store


def test_a_value_past_an_index_rows_limit_is_refused_as_too_large(request, tmp_path):
    store = postgis_store(request, tmp_path)
    try:
        revisions = len(store.history())
        # Letters in no order, which PostgreSQL cannot compress to fit a B-tree index row.
        key = base64.b64encode(random.Random(3).randbytes(9000)).decode()
        with pytest.raises(TooLarge, match="too large for the database to store: index row") as refused:
            with store._write() as db:  # the import key's index, written as an import would write it
                db.execute("INSERT INTO revisions (id, created_at, author, action, summary, file_sha256)"
                           " VALUES (9999, now(), 'editor', 'import', 'x', %s)", (key,))
        assert not isinstance(refused.value, StoreUnavailable)
        assert len(store.history()) == revisions
    finally:
        store.close()
