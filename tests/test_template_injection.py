"""User and document text is data: it never passes through a template compiler on the server.

Every field that reaches the map's configuration (layer title, kind and colour, every
feature property, names, sources, commitments' summaries and place names, document titles)
carries a template payload; the map page, the export download and `bordermap export` must
answer and show it byte-for-byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from bordermap.mapview.mapbuild import CONFIG_ELEMENT_ID
from bordermap.model import Layer
from bordermap.paths import geodata_dir
from bordermap_app import create_app
from bordermap_app.cli import main

PAYLOADS = [
    "T{{7*7}}",
    "Opened {{ 6*7 }} days",
    "{% if true %}evaluated{% endif %}",
    "Gate {#3 (draft)",
    "{{ lipsum }}",
    "Zones {{ draft",
    "{{lipsum.__globals__.os.popen('echo PWNED$((6*7))').read()}}",
    "</script><script>window.__bm_xss=1</script><!--",
]
CONFIG = re.compile(
    rf'<script type="application/json" id="{CONFIG_ELEMENT_ID}">(.*?)</script>', re.S
)
MEUN_CHEY = "cp-meun-chey-tan-nam"


def _strings(value) -> list[str]:
    """Every string in a JSON tree, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _config(html: str) -> dict:
    blocks = CONFIG.findall(html)
    assert len(blocks) == 1, "the page holds its configuration in exactly one JSON element"
    return orjson.loads(blocks[0])


@pytest.fixture(params=PAYLOADS, ids=range(len(PAYLOADS)))
def hostile(request, tmp_path, monkeypatch):
    """An instance where every configurable field, curated and uploaded, holds the payload."""
    text = request.param
    toml_text = text.replace("\\", "\\\\").replace('"', '\\"')
    data = tmp_path / "geodata"
    shutil.copytree(geodata_dir(), data)
    documents = data / "documents.toml"
    documents.write_text(
        re.sub(r'(?m)^title = ".*"$', f'title = "{toml_text}"', documents.read_text(encoding="utf-8"),
               count=1),
        encoding="utf-8",
    )
    layers = data / "layers.toml"
    layers.write_text(
        layers.read_text(encoding="utf-8").replace('title = "Border checkpoints"', f'title = "{toml_text}"'),
        encoding="utf-8",
    )
    with open(data / "commitments.toml", "a", encoding="utf-8") as handle:
        handle.write(
            "\n[[commitments]]\n"
            'id = "c-pr71-99"\nsector = "transport"\n'
            f'summary = "{toml_text}"\nactors = ["{toml_text}"]\n'
            'statement = "agreed"\nstatus = "pledged"\nstated = "2025-12-09"\n'
            'document = "kh-mfa-pr71-2025"\nparagraph = 15\n'
            f'features = ["{MEUN_CHEY}", "user-hostile-1"]\nprovinces = []\n'
        )
    monkeypatch.setenv("BORDERMAP_GEODATA_DIR", str(data))
    instance = tmp_path / "instance"
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(instance))
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance)})
    store = app.extensions["bordermap.store"]
    layer = Layer(id="user-hostile", title=text, kind=text, origin="user",
                  style={"color": text, "fill": text})
    feature = {
        "type": "Feature",
        "id": "user-hostile-1",
        "geometry": {"type": "Point", "coordinates": [105.6, 11.2]},
        "properties": {
            "id": "user-hostile-1", "kind": text, "name": text, "name_km": text, "name_vi": text,
            "description": text, "status": text, "note": {"nested": [text]}, text: "a key",
            "sources": [{"title": text, "publisher": text, "date": text}],
        },
    }
    store.add_features("user-hostile", [feature], author=text, summary=text, new_layer=layer)
    return app, text


def test_map_page_shows_layer_fields_as_text(hostile):
    app, text = hostile
    response = app.test_client().get("/")
    assert response.status_code == 200
    config = _config(response.get_data(as_text=True))
    user = next(layer for layer in config["layers"] if layer["id"] == "user-hostile")
    assert user["title"] == text and user["kind"] == text and user["style"]["color"] == text
    curated = next(layer for layer in config["layers"] if layer["id"] == "checkpoints")
    assert curated["title"] == text
    assert "PWNED42" not in response.get_data(as_text=True)


def test_the_data_the_map_page_loads_keeps_the_text(hostile):
    app, text = hostile
    client = app.test_client()
    assert client.get("/api/features?layer=user-hostile").get_json()["features"][0]["properties"]["name"] == text
    commitment = client.get("/api/commitments/c-pr71-99").get_json()
    assert commitment["summary"] == text


def _assert_export_keeps_text(html: str, text: str) -> None:
    config = _config(html)
    strings = _strings(config)
    # Property values, the property key, names, sources, the layer's fields.
    assert strings.count(text) >= 10, f"the payload appears {strings.count(text)} times"
    assert "a key" in strings
    user = next(layer for layer in config["layers"] if layer["id"] == "user-hostile")
    feature = user["data"]["features"][0]
    assert feature["properties"]["name"] == text
    assert feature["properties"]["sources"][0]["title"] == text
    assert feature["properties"]["note"] == {"nested": [text]}
    data = config["commitments"]["data"]
    commitment = next(item for item in data["commitments"] if item["id"] == "c-pr71-99")
    assert commitment["summary"] == text
    assert text in _strings(commitment)  # the linked place's name
    assert text in _strings(data["documents"])
    assert "PWNED42" not in html and "evaluated" not in html.replace("{% if true %}evaluated", "")
    # The payload never closes the data element: the page has exactly one and it parsed.


def test_export_download_keeps_every_field_as_text(hostile):
    app, text = hostile
    response = app.test_client().get("/export.html")
    assert response.status_code == 200
    _assert_export_keeps_text(response.get_data(as_text=True), text)


def test_cli_export_keeps_every_field_as_text(hostile, tmp_path):
    app, text = hostile
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["export", str(out), "--title", text])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    _assert_export_keeps_text(html, text)
    # The title is text too, escaped once for HTML.
    from markupsafe import escape

    assert f"<title>{escape(text)}</title>" in html


def test_config_element_cannot_be_closed_by_data():
    from bordermap.mapview.mapbuild import MapConfig, config_json

    text = config_json(MapConfig(layers=[{"title": "</script><!-- \u2028 & >"}]))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert orjson.loads(text)["layers"][0]["title"] == "</script><!-- \u2028 & >"


def test_no_module_compiles_templates_from_strings_holding_data():
    """Only fixed template source is compiled: every Template(...) call in the code is a literal."""
    import ast

    compilers = {"Template", "Element", "Html", "from_string", "JavascriptLink", "CssLink"}
    root = Path(__file__).resolve().parents[1]
    for path in [*(root / "src").rglob("*.py"), *(root / "app").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in compilers:
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{path.name}:{node.lineno}: {name}(...) compiles source that is not a literal")
