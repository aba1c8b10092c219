"""The editor says the location precision of features whose file gives none, through each door."""

from __future__ import annotations

from io import BytesIO

import pytest
from click.testing import CliRunner

from bordermap.curated import load_curated
from bordermap.store import open_store
from bordermap_app.cli import main
from test_import import TOKEN, fc, point_feature, post, stored

FILE = fc([point_feature(105.1, 11.1, name="own", location_precision="exact"),
           point_feature(105.2, 11.2, name="own radius", location_precision="approximate", precision_m=50),
           point_feature(105.3, 11.3, name="silent")])


def by_name(features) -> dict:
    return {f["properties"]["name"]: f["properties"] for f in features}


def test_api_gives_the_editors_precision_only_where_the_file_gives_none(client):
    dry = post(client, "layer=p&new_layer_title=P&location_precision=approximate&precision_m=250&dry_run=1", FILE)
    report = dry.get_json()["report"]
    assert (report["location_precision"], report["precision_m"], report["features_given_precision"]) == \
        ("approximate", 250, 1)
    assert post(client, "layer=p&new_layer_title=P&location_precision=approximate&precision_m=250",
                FILE).status_code == 201
    props = by_name(stored(client, "p"))
    assert (props["silent"]["location_precision"], props["silent"]["precision_m"]) == ("approximate", 250)
    assert props["own"]["location_precision"] == "exact" and "precision_m" not in props["own"]
    assert (props["own radius"]["location_precision"], props["own radius"]["precision_m"]) == ("approximate", 50)


@pytest.mark.parametrize("query, named, says", [
    ("location_precision=precise", "location_precision", "expected one of exact, approximate"),
    ("location_precision=approximate", "precision_m", "expected a radius in metres"),
    ("location_precision=approximate&precision_m=-3", "precision_m", "a positive number"),
    ("location_precision=exact&precision_m=10", "precision_m", 'only with location_precision "approximate"'),
])
def test_api_refuses_a_bad_precision_and_stores_nothing(client, query, named, says):
    answer = post(client, f"layer=bad&new_layer_title=Bad&{query}", FILE)
    text = " ".join(answer.get_json()["problems"])
    assert answer.status_code == 422 and named in text and says in text
    assert "bad" not in [layer["id"] for layer in client.get("/api/layers").get_json()]


def test_without_a_choice_silent_features_stay_unknown(client):
    assert post(client, "layer=q&new_layer_title=Q", FILE).status_code == 201
    assert "location_precision" not in by_name(stored(client, "q"))["silent"]


def test_cli_gives_the_editors_precision_and_refuses_a_bad_one(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    path = tmp_path / "mixed.geojson"
    path.write_bytes(FILE)
    runner = CliRunner()
    args = ["import", str(path), "--layer", "cli", "--new-layer-title", "CLI"]
    bad = runner.invoke(main, args + ["--location-precision", "roughly"])
    assert bad.exit_code != 0 and "--location-precision: expected one of exact, approximate" in bad.output
    assert "Traceback" not in bad.output
    dry = runner.invoke(main, args + ["--location-precision", "exact", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "location precision: 1 feature took “exact”" in dry.output
    done = runner.invoke(main, args + ["--location-precision", "exact"])
    assert done.exit_code == 0, done.output
    store = open_store(tmp_path / "instance", load_curated())
    props = by_name(store.features("cli"))
    assert props["silent"]["location_precision"] == "exact"
    assert props["own radius"]["location_precision"] == "approximate"


def test_upload_form_keeps_the_choice_from_the_dry_run_to_the_import(client):
    data = {"token": TOKEN, "target": "new", "new_title": "Form", "new_id": "form", "action": "check",
            "location_precision": "approximate", "precision_m": "1000",
            "file": (BytesIO(FILE), "mixed.geojson")}
    checked = client.post("/upload", data=data, content_type="multipart/form-data")
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200, html
    assert "1 feature gives none and takes “approximate (within about 1,000 m)”" in html
    staged = html.split('name="staged" value="')[1].split('"')[0]
    # Import sends the form under the report, which keeps the choice (review 11, S2: it sends
    # the form as it is, not hidden copies of what was checked).
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#import-button")["form"] == "upload-form"
    assert soup.select_one("#upload-form #location_precision option[selected]")["value"] == "approximate"
    assert soup.select_one("#upload-form #precision_m")["value"] == "1000"
    done = client.post("/upload", data={"target": "new", "new_title": "Form", "new_id": "form", "staged": staged,
                                        "filename": "mixed.geojson", "action": "import",
                                        "location_precision": "approximate", "precision_m": "1000"})
    assert done.status_code == 201
    props = by_name(stored(client, "form"))
    assert (props["silent"]["location_precision"], props["silent"]["precision_m"]) == ("approximate", 1000)
    assert props["own"]["location_precision"] == "exact"


def test_upload_form_refuses_a_bad_precision(client):
    data = {"token": TOKEN, "target": "new", "new_title": "Form", "new_id": "form", "action": "check",
            "location_precision": "approximate", "file": (BytesIO(FILE), "mixed.geojson")}
    checked = client.post("/upload", data=data, content_type="multipart/form-data")
    html = checked.get_data(as_text=True)
    assert checked.status_code == 422 and "precision_m" in html and "expected a radius in metres" in html
    assert "form" not in [layer["id"] for layer in client.get("/api/layers").get_json()]
