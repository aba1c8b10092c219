"""An editors' form whose change the database could not make (review 20, F3).

With the store's writer lock held past the statement timeout, the upload, ledger and history
forms showed the driver's English ("the database postgresql://bordermap:***@127.0.0.1:55320/…
is unavailable: canceling statement due to statement timeout") on Khmer and Vietnamese pages,
naming the database's address, and logged nothing. The API said the translated sentence and
logged the details; the forms now do the same.
"""

from __future__ import annotations

import io
import logging

import orjson
import pytest

from bordermap.errors import DatabaseUnavailable

DRIVER = ("the database postgresql://bordermap:***@127.0.0.1:55320/bordermap is unavailable: canceling "
          "statement due to statement timeout CONTEXT: while locking tuple (0,1) in relation \"meta\"")
SAID = {"en": "The database did not answer in time", "vi": "Cơ sở dữ liệu", "km": "មូលដ្ឋានទិន្នន័យ"}


def _failing(*args, **kwargs):
    raise DatabaseUnavailable(DRIVER)


def _forms(client):
    """Each form's sending, as its page sends it: (the store method its change calls, the post)."""
    point = orjson.dumps({"type": "Feature", "properties": {"name": "Chợ"},
                          "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})
    return {
        "upload": ("add_features", lambda lang: client.post(
            f"/upload?lang={lang}", content_type="multipart/form-data",
            data={"file": (io.BytesIO(point), "market.geojson"), "target": "new", "new_title": "Markets",
                  "action": "import"})),
        "history": ("add_status_event", lambda lang: client.post(f"/history?lang={lang}", data={
            "subject": "feature:xw-hcmc-moc-bai", "date": "2026-01-15", "date_kind": "exact",
            "status": "under-construction", "confidence": "medium", "note": "Main works began.",
            "source_title": "Main works start", "source_publisher": "A paper", "source_date": "2026-01-16"})),
    }


@pytest.mark.parametrize("form", ["upload", "history"])
@pytest.mark.parametrize("lang", ["en", "vi", "km"])
def test_a_form_says_the_database_failed_in_the_page_language_and_logs_the_details(
        app, client, monkeypatch, caplog, form, lang):
    client.post("/unlock", data={"token": "test-editor-token"})
    method, send = _forms(client)[form]
    monkeypatch.setattr(app.extensions["bordermap.store"], method, _failing)
    with caplog.at_level(logging.WARNING):
        answer = send(lang)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 503, html[:2000]
    assert SAID[lang] in html
    assert "postgresql://" not in html and "canceling statement" not in html
    assert any("canceling statement due to statement timeout" in r.getMessage() for r in caplog.records)
    assert client.get("/api/revisions").get_json() == []
