"""The editors' status-history page: add an event (checked, one revision), retract it."""

from __future__ import annotations

GOOD = {"subject": "feature:xw-hcmc-moc-bai", "date": "2026-01-15", "status": "under-construction",
        "confidence": "medium", "note": "Main works began.", "source_title": "Main works start",
        "source_publisher": "A paper", "source_date": "2026-01-16"}


def test_the_page_asks_for_the_token_before_it_offers_the_form(client):
    page = client.get("/history").get_data(as_text=True)
    assert 'id="event-form"' not in page and 'id="unlock-token"' in page
    assert client.post("/history", data=GOOD).status_code in (401, 403)


def test_an_editor_adds_and_retracts_an_event(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    assert 'id="event-form"' in client.get("/history").get_data(as_text=True)
    bad = client.post("/history", data={**GOOD, "date": "2026-01-32", "source_date": ""})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "event.date: expected an ISO date" in text and "event.source.date: missing" in text
    assert 'value="Main works began."' in text  # what was typed is kept
    assert client.get("/api/revisions").get_json() == []
    added = client.post("/history", data=GOOD)
    assert added.status_code == 302
    record = client.get("/api/features/xw-hcmc-moc-bai/history?at=2026-02-01").get_json()
    assert record["status"] == "under-construction" and record["targets"][0]["actual"] == "2026-01-15"
    page = client.get("/history").get_data(as_text=True)
    event_id = f"ev-{client.get('/api/revisions').get_json()[0]['id']}"
    assert event_id in page
    shown = client.get(f"/revisions/{event_id[3:]}").get_data(as_text=True)
    assert "xw-hcmc-moc-bai: 2026-01-15 · Under construction" in shown  # the status as the legend names it
    assert client.post(f"/history/events/{event_id}/retract").status_code == 302
    assert client.get("/api/features/xw-hcmc-moc-bai/history?at=2026-02-01").get_json()["status"] == "planned"


def test_a_large_layers_features_are_not_read_into_the_form(app, client, monkeypatch):
    """A million points with a status would be a million choices and seconds of reading: the
    form offers the other layers' features; the large layer's events go through the API."""
    import pytest

    from bordermap import layer_points
    from bordermap.model import Layer

    monkeypatch.setattr(layer_points, "LARGE_LAYER_FEATURES", 50)
    store = app.extensions["bordermap.store"]
    wells = [{"type": "Feature", "id": f"well-{i}", "properties": {"name": f"Well {i}", "status": "open"},
              "geometry": {"type": "Point", "coordinates": [105 + i * 0.001, 11.2]}} for i in range(60)]
    store.add_features("wells", wells, author="t", summary="wells",
                       new_layer=Layer(id="wells", title="Wells", kind="well", origin="user"))
    store.add_features("ponds", [{**wells[0], "id": "pond-1", "properties": {"name": "Pond", "status": "open"}}],
                       author="t", summary="a pond", new_layer=Layer(id="ponds", title="Ponds", kind="pond",
                                                                        origin="user"))
    read = type(store).features
    monkeypatch.setattr(type(store), "features", lambda self, layer_id=None: pytest.fail(f"read {layer_id}")
                        if layer_id in (None, "wells") else read(self, layer_id))
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.get("/history").get_data(as_text=True)
    assert 'value="feature:pond-1"' in page and 'value="feature:xw-hcmc-moc-bai"' in page
    assert "feature:well-" not in page
