"""A statement the database stops at its timeout is not an outage (review 20, F15).

With `BORDERMAP_DB_STATEMENT_TIMEOUT_MS` too low for a large layer, every reader was told
"it may be restarting or busy, please try again in a minute", although trying again never
helps; and a change that waited for a long import's writer lock was told the same. Now each
says what happened in the reader's language, and the operator's log names the setting to raise.
"""

from __future__ import annotations

import logging

import psycopg
import pytest

from bordermap_app import create_app

TOKEN = {"Authorization": "Bearer test-editor-token"}
POINT = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Gate"},'
         b'"geometry":{"type":"Point","coordinates":[105.1,11.1]}}]}')
SLOW = {
    "en": "took longer than this server allows",
    "vi": "mất nhiều thời gian hơn mức máy chủ này cho phép",
    "km": "ប្រើពេលយូរជាងម៉ាស៊ីនមេនេះអនុញ្ញាត",
}
WAITED = {
    "en": "Another change was being saved",
    "vi": "Một thay đổi khác đang được lưu",
    "km": "ការផ្លាស់ប្ដូរមួយទៀតកំពុងត្រូវបានរក្សាទុក",
}
RESTARTING = ("may be restarting", "có thể đang khởi động lại", "ចាប់ផ្ដើមឡើងវិញ")


@pytest.fixture
def server(postgres_url, tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": postgres_url,
                      "DB_STATEMENT_TIMEOUT_MS": "300", "SECRET_KEY": "k" * 32,
                      "EDITOR_TOKEN": "test-editor-token", "WTF_CSRF_ENABLED": False})
    yield app
    app.extensions["bordermap.store"].close()


@pytest.mark.parametrize("lang", ["en", "vi", "km"])
def test_a_statement_past_the_timeout_is_said_as_such_and_the_log_names_the_setting(server, lang, monkeypatch,
                                                                                  caplog):
    store = server.extensions["bordermap.store"]

    def slow_layers(*args, **kwargs):  # a query the database takes a second over (a huge layer)
        with store._read() as db:
            db.execute("SELECT pg_sleep(1)")

    monkeypatch.setattr(store, "layers", slow_layers)
    client = server.test_client()
    with caplog.at_level(logging.ERROR):
        page = client.get(f"/?lang={lang}")
        answer = client.get(f"/api/layers?lang={lang}", headers={"Accept-Language": lang})
    text = page.get_data(as_text=True)
    assert page.status_code == 503 and SLOW[lang] in text
    assert not any(words in text for words in RESTARTING)
    assert "Retry-After" not in page.headers  # no time after which it would work
    assert answer.status_code == 503 and "Retry-After" not in answer.headers
    assert "BORDERMAP_DB_STATEMENT_TIMEOUT_MS" in caplog.text and "300" in caplog.text
    assert "postgresql://" not in text and "BORDERMAP_DB_STATEMENT_TIMEOUT_MS" not in text


@pytest.mark.parametrize("lang", ["vi", "km"])
def test_a_change_that_waited_for_a_long_import_is_told_so(server, postgres_url, lang, caplog):
    client = server.test_client()
    with psycopg.connect(postgres_url) as held, caplog.at_level(logging.ERROR):
        held.execute("SELECT 1 FROM meta WHERE key = 'writer' FOR UPDATE")  # a long import, elsewhere
        answer = client.post(f"/api/features?layer=x&new_layer_title=X&lang={lang}", data=POINT, headers=TOKEN)
        held.rollback()
    # Said in the request's language in `description`; `message` stays English (review 32b, #3).
    message = answer.get_json()["description"]
    assert answer.status_code == 503 and WAITED[lang] in message, message
    assert answer.get_json()["message"].startswith("Another change") and answer.get_json()["error"] == "Service unavailable"
    assert not any(words in message for words in RESTARTING)
    assert "BORDERMAP_DB_STATEMENT_TIMEOUT_MS" in caplog.text and "another change" in caplog.text
    assert client.post("/api/features?layer=x&new_layer_title=X", data=POINT, headers=TOKEN).status_code == 201
