"""A new layer titled only in Khmer letters, which have no Latin form to make its id from, gets an
id drawn from its title: the upload was refused with `layer: … got ""`, blaming a field the
editor never gave (review 23b, #13)."""

from __future__ import annotations

import orjson

from bordermap.ingest import make_layer

TOKEN = {"Authorization": "Bearer test-editor-token"}
TITLE = "ច្រកព្រំដែន"
POINT = orjson.dumps({"type": "Feature", "properties": {"name": "ច្រក"},
                      "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})


def test_a_khmer_title_gives_an_id_and_the_same_title_the_same_id():
    layer = make_layer("", title=TITLE)
    assert layer.id.startswith("layer-") and layer.title == TITLE
    assert make_layer("", title=TITLE).id == layer.id != make_layer("", title="ផ្លូវ").id
    assert make_layer("", title="Đồn biên phòng").id == "don-bien-phong"  # a Latin title as before


def test_an_upload_into_a_new_layer_titled_in_khmer_lands_under_that_title(client):
    response = client.post(f"/api/features?new_layer_title={TITLE}", data=POINT, headers=TOKEN)
    assert response.status_code == 201, response.get_data(as_text=True)
    layer_id = response.get_json()["revision"]["layer_id"]
    assert layer_id.startswith("layer-")
    layers = {layer["id"]: layer["title"] for layer in client.get("/api/layers").get_json()}
    assert layers[layer_id] == TITLE
