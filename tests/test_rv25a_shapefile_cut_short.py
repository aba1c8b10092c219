"""Review rv25a, #7: a zipped Shapefile whose .shp is cut short (its .shx and .dbf whole, the .shx
naming records past the .shp's end) is refused as cut short, in the page's language, where GDAL
read the features past the cut as "geometry: missing (null)"; nothing is stored."""

from __future__ import annotations

import io
import zipfile

import geopandas
import pyogrio
import pytest
import shapely
from bs4 import BeautifulSoup

TOKEN = {"Authorization": "Bearer test-editor-token"}


def zipped_shapefile(tmp_path, cut_to: int | None = None) -> bytes:
    """Three gates as a zipped Shapefile written by GDAL, the .shp cut to `cut_to` bytes."""
    path = tmp_path / "gates.shp"
    frame = geopandas.GeoDataFrame({"name": ["Bavet", "Mộc Bài", "Xa Mát"]}, crs="EPSG:4326", geometry=[
        shapely.Point(106.13, 11.07), shapely.Point(106.15, 11.08), shapely.Point(106.17, 11.09)])
    pyogrio.write_dataframe(frame, path, encoding="UTF-8")
    if cut_to is not None:
        path.write_bytes(path.read_bytes()[:cut_to])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in ("shp", "shx", "dbf", "prj", "cpg"):
            archive.write(path.with_suffix(f".{part}"), f"gates.{part}")
    return out.getvalue()


CUT = ("the zipped Shapefile's “gates.shp” is cut short: it is 150 bytes, where its index “gates.shx” says its 3 "
       "features take 184 bytes, and it holds 1 of them whole: export or copy the Shapefile again and upload that")


def test_the_api_refuses_a_shapefile_cut_short_and_stores_nothing(client, tmp_path):
    refused = client.post("/api/features?layer=gates&new_layer_title=Gates&filename=gates.zip",
                          data=zipped_shapefile(tmp_path, 150), headers=TOKEN)
    assert refused.status_code == 400, refused.get_json()
    assert refused.get_json()["message"] == CUT
    assert client.get("/api/features?layer=gates").status_code == 404


@pytest.mark.parametrize("cut_to", [150, 120, 60])
def test_a_shp_cut_anywhere_after_its_magic_is_refused(client, tmp_path, cut_to):
    refused = client.post("/api/features?layer=gates&new_layer_title=Gates&dry_run=1",
                          data=zipped_shapefile(tmp_path, cut_to), headers=TOKEN)
    assert refused.status_code == 400 and "is cut short" in refused.get_json()["message"], refused.get_json()


def test_the_whole_shapefile_still_reads(client, tmp_path):
    done = client.post("/api/features?layer=gates&new_layer_title=Gates", data=zipped_shapefile(tmp_path),
                       headers=TOKEN)
    assert done.status_code == 201, done.get_json()
    features = client.get("/api/features?layer=gates").get_json()["features"]
    assert [f["geometry"]["coordinates"] for f in features] == [[106.13, 11.07], [106.15, 11.08], [106.17, 11.09]]


@pytest.mark.parametrize("lang, words", [
    ("en", "“gates.shp” is cut short: it is 150 bytes, where its index “gates.shx” says its 3 features take 184"),
    ("km", "ឯកសារ “gates.shp” ក្នុង Shapefile ដែលបានបង្ហាប់ មិនពេញលេញ៖ វាមានទំហំ ១៥០ បៃ"),
    ("vi", "Tệp “gates.shp” trong Shapefile nén bị thiếu phần cuối: tệp có 150 byte")])
def test_the_upload_page_says_the_shp_is_cut_short_in_the_readers_language(client, tmp_path, lang, words):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/upload?lang={lang}", data={
        "file": (io.BytesIO(zipped_shapefile(tmp_path, 150)), "gates.zip"), "target": "new", "new_title": "Gates",
        "action": "check"}, content_type="multipart/form-data")
    assert page.status_code == 400
    alert = " ".join(BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
        "[role=alert]").get_text(" ").split())
    assert words in alert, alert
    assert "missing" not in alert and "null" not in alert
