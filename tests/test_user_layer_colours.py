"""Each new user layer gets a colour of its own when its editor chooses none (review 25a, #2).

Every upload used to be the same purple, so three layers could not be told apart on the map or
under "Added by editors" in the legend. The upload page, the API and the library follow one rule
(bordermap.ingest.palette): the first palette colour no user layer has, none a curated layer's.
"""

from __future__ import annotations

import math
import re
import tomllib
from io import BytesIO
from pathlib import Path

import orjson

from bordermap.ingest import make_layer
from bordermap.ingest.palette import PALETTE, next_color

AUTH = {"Authorization": "Bearer test-editor-token"}
LAYERS_TOML = Path(__file__).resolve().parents[1] / "geodata" / "layers.toml"


def _feature(name: str) -> bytes:
    return orjson.dumps({"type": "Feature", "properties": {"name": name},
                         "geometry": {"type": "Point", "coordinates": [105.5, 11.5]}})


def _curated_colours() -> set[str]:
    """Every colour geodata/layers.toml draws with (styles, variants, legends)."""
    tomllib.loads(LAYERS_TOML.read_text())  # the file parses: the colours below are its own
    return {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", LAYERS_TOML.read_text())}


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _user_colours(client) -> dict[str, str]:
    layers = client.get("/api/layers").get_json()
    layers = layers.get("layers", layers) if isinstance(layers, dict) else layers
    return {layer["id"]: layer["style"]["color"] for layer in layers if layer["origin"] == "user"}


def _shown_colour(client) -> str:
    """The colour the upload form's colour field holds, as a browser would send it."""
    page = client.get("/upload").get_data(as_text=True)
    field = re.search(r"<input[^>]*\bid=\"color\"[^>]*>", page).group(0)
    return re.search(r'value="([^"]*)"', field).group(1)


def test_the_palette_is_apart_from_the_curated_colours_and_from_itself():
    curated = _curated_colours()
    assert len(curated) > 10  # the file's colours were found
    for colour in PALETTE:
        nearest = min(math.dist(_rgb(colour), _rgb(c)) for c in curated)
        assert nearest > 55, (colour, nearest)
    for i, a in enumerate(PALETTE):
        for b in PALETTE[i + 1:]:
            assert math.dist(_rgb(a), _rgb(b)) > 55, (a, b)


def test_three_uploads_on_the_page_get_three_colours_none_curated(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    for n in range(3):
        shown = _shown_colour(client)
        response = client.post("/upload", data={
            "action": "import", "target": "new", "new_id": f"depots-{n}", "new_title": f"Depots {n}",
            "kind": "point", "color": shown, "file": (BytesIO(_feature(f"Depot {n}")), f"d{n}.geojson")},
            content_type="multipart/form-data")
        assert response.status_code == 201, response.data[:2000]
        assert _user_colours(client)[f"depots-{n}"] == shown  # the field showed what the layer got
    colours = list(_user_colours(client).values())
    assert len(set(colours)) == 3
    assert not set(colours) & _curated_colours()


def test_three_api_uploads_without_a_colour_differ_and_a_chosen_one_is_kept(client):
    for n in range(3):
        response = client.post(f"/api/features?layer=api-{n}&new_layer_title=Api+{n}", data=_feature("G"),
                               headers=AUTH)
        assert response.status_code == 201, response.data[:2000]
    chosen = client.post("/api/features?layer=mine&new_layer_title=Mine&color=%23123456", data=_feature("G"),
                         headers=AUTH)
    assert chosen.status_code == 201, chosen.data[:2000]
    colours = _user_colours(client)
    assert colours["mine"] == "#123456"
    three = [colours[f"api-{n}"] for n in range(3)]
    assert len(set(three)) == 3 and not set(three) & _curated_colours()
    # The page then offers a fourth colour, none of the layers' yet.
    assert _shown_colour(client) not in colours.values()


def test_once_every_colour_is_taken_the_palette_starts_again():
    assert next_color([]) == PALETTE[0]
    assert next_color(PALETTE[:2]) == PALETTE[2]
    assert next_color(list(PALETTE)) == PALETTE[0]
    assert next_color(list(PALETTE) + [PALETTE[0]]) == PALETTE[1]
    assert make_layer("x", title="X", color="#ABCDEF").style["color"] == "#abcdef"
