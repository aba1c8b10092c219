"""The notebook's map never evaluates stored text as a template (review 21, F2).

branca compiles a macro's rendered script again as a Jinja template; the notebook's data was
written into one, so a feature named `{{ … }}` ran Python on the analyst's machine when the map
was shown, the project's first critical issue in another place.
"""

from __future__ import annotations

import orjson

from bordermap.curated import load_curated
from bordermap.ingest import make_layer, plan_import, run_import
from bordermap.mapview.notebook_map import notebook_map
from bordermap.store import open_store


def test_stored_text_is_not_evaluated_when_the_map_is_rendered(tmp_path):
    witness = tmp_path / "ran"
    payloads = [
        "{{ 6 * 7 * 1000003 }}",
        "{% for x in range(3) %}TI{% endfor %}",
        "{# a comment #}kept",
        "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch %s') }}" % witness,
    ]
    features = [{"type": "Feature", "properties": {"name": text, "description": text},
                 "geometry": {"type": "Point", "coordinates": [105.0 + i / 10, 11.0]}} for i, text in enumerate(payloads)]
    store = open_store(tmp_path / "instance", load_curated())
    plan = plan_import(orjson.dumps({"type": "FeatureCollection", "features": features}),
                       new_layer=make_layer("", title="{{ 7 * 7000001 }} <b>Depots</b>"), store=store)
    run_import(store, plan, author="test")
    html = notebook_map(store, ["7-7000001-b-depots-b"]).get_root().render()
    assert not witness.exists()
    assert "42000126" not in html and "49000007" not in html and "TITITI" not in html
    # The texts are there, as JSON strings a browser reads back whole.
    data = html[html.index("var data = ") + len("var data = "):]
    data = orjson.loads(data[:data.index(";\n")].replace("<\\/", "</"))
    names = [f["properties"]["name"] for f in data["layers"][0]["features"]]
    assert names == payloads and data["layers"][0]["title"] == "{{ 7 * 7000001 }} <b>Depots</b>"
    store.close()
