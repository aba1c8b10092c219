"""Cheap anonymous requests get what they asked for or a clear 400, never a 500, a page built for
another host, or a page that costs the server seconds (review 21, F5, F6, F10)."""

from __future__ import annotations

import re

import orjson
import pytest

TOKEN = {"Authorization": "Bearer test-editor-token"}


@pytest.mark.parametrize("query", ["_external=1&ref=newsletter", "_scheme=https", "_anchor=x", "_method=POST"])
def test_query_keys_are_kept_as_the_query_not_given_to_the_router(client, query):
    first = client.get(f"/?{query}", headers={"Host": "evil.example"})  # built once, then kept for everyone
    assert first.status_code == 200
    again = client.get(f"/?{query}").get_data(as_text=True)
    switcher = re.findall(r'href="([^"]*lang=(?:km|vi)[^"]*)"', again)
    assert switcher and all(link.startswith("/?lang=") and "evil.example" not in link for link in switcher), switcher
    assert client.get(f"/ledger?{query}").status_code in (200, 302)


def test_a_query_key_named_as_the_address_value_is_no_error(client):
    assert client.get("/ledger/documents/doc-x?document_id=other").status_code in (401, 403, 404)
    assert client.get("/history?entity=x&lang=vi").status_code in (200, 404)


def test_an_offset_beyond_a_database_number_is_a_400_said_as_such(client):
    answer = client.get("/ogc/collections/checkpoints/items?offset=9223372036854775808")
    assert answer.status_code == 400 and "at most 9223372036854775807" in answer.get_json()["message"]
    assert client.get("/ogc/collections/checkpoints/items?offset=9223372036854775807").status_code == 200


def test_an_html_page_of_items_holds_at_most_500(client):
    features = [{"type": "Feature", "properties": {"name": f"P{i}"},
                 "geometry": {"type": "Point", "coordinates": [105 + i / 10_000, 11.0]}} for i in range(600)]
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    assert client.post("/api/features?layer=many&new_layer_title=Many", data=body, headers=TOKEN).status_code == 201
    html = client.get("/ogc/collections/many/items?f=html&limit=10000").get_data(as_text=True)
    assert html.count('<section class="bm-ogc-feature">') == 500
    assert "limit=500" in html  # its next page asks for the same
    json = client.get("/ogc/collections/many/items?limit=10000").get_json()
    assert json["numberReturned"] == 600  # the JSON form as before


def test_behind_the_proxy_a_clients_forwarded_host_and_prefix_are_not_believed(tmp_path):
    """The documented proxy passes the Host; a client's own X-Forwarded-Host and -Prefix went
    through it and named the app's address in its answers (review 21, F7)."""
    from bordermap_app import create_app

    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "PROXY_FIX": 1})
    client = app.test_client()
    page = client.get("/data", headers={"Host": "bordermap.example.org", "X-Forwarded-Host": "evil.example",
                                        "X-Forwarded-Prefix": "//evil.example", "X-Forwarded-Proto": "https",
                                        "X-Forwarded-For": "203.0.113.9"}).get_data(as_text=True)
    assert "evil.example" not in page
    assert "https://bordermap.example.org/ogc" in page  # the scheme the proxy forwards is believed
