"""GIS files as users' tools write them (review 15): Khmer and Vietnamese field names in KML and
in Shapefiles cut at dBase's 10 bytes, KMZ from Google Earth and GDAL, a zipped folder, a
Shapefile without its .dbf, a provincial VN-2000 .prj with no EPSG code, and the Shapefile
download uploaded again. Each file is written by GDAL (pyogrio) or as the tool writes it."""

from __future__ import annotations

import io
import zipfile

import geopandas
import pyogrio
import pytest
from shapely.geometry import Point

from bordermap.ingest import make_layer, plan_import
from bordermap.ingest.parse import Limits

TOKEN = {"Authorization": "Bearer test-editor-token"}
LIMITS = Limits(max_bytes=20_000_000)


def planned(raw: bytes, filename: str, **options) -> list[dict]:
    plan = plan_import(raw, new_layer=make_layer("", title="Files"), limits=LIMITS, filename=filename, **options)
    return [feature["properties"] for feature in plan.features]


def gates() -> geopandas.GeoDataFrame:
    return geopandas.GeoDataFrame({"name": ["Mộc Bài", "Bavet"], "ខេត្តព្រំដែន": ["ស្វាយរៀង", "ស្វាយរៀង"],
                                   "tỉnh_thành": ["Tây Ninh", "Tây Ninh"], "so_lan": [12, 3]},
                                  geometry=[Point(106.16, 11.07), Point(106.13, 11.08)], crs="EPSG:4326")


def zipped(folder, prefix: str = "", leave_out: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member in sorted(folder.iterdir()):
            if member.suffix != leave_out:
                archive.write(member, prefix + member.name)
    return out.getvalue()


def test_kml_data_names_in_vietnamese_and_khmer_are_kept_with_every_value():
    """Google My Maps writes <Data name="Tỉnh">; GDAL's LIBKML made every letter outside ASCII
    "_", and names alike then lost all values but one."""
    data = "".join(f'<Data name="{name}"><value>{value}</value></Data>' for name, value in
                   (("Tên", "Mộc Bài"), ("Tân", "Tân Nam"), ("ឈ្មោះ", "បាវិត"), ("ខេត្ត", "ស្វាយរៀង")))
    kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
           f'<Placemark><name>Gate</name><ExtendedData>{data}</ExtendedData>'
           '<Point><coordinates>106.16,11.07</coordinates></Point></Placemark></Document></kml>').encode()
    props = planned(kml, "mymaps.kml")[0]
    assert {key: props[key] for key in ("Tên", "Tân", "ឈ្មោះ", "ខេត្ត")} == \
        {"Tên": "Mộc Bài", "Tân": "Tân Nam", "ឈ្មោះ": "បាវិត", "ខេត្ត": "ស្វាយរៀង"}


def test_a_shapefile_whose_long_names_gdal_cut_inside_a_letter_is_read(tmp_path):
    """dBase holds 10 bytes of a name; GDAL (and QGIS, geopandas) cut ខេត្តព្រំដែន and tỉnh_thành
    inside a letter. The file is read, each name up to its last whole letter, every value kept."""
    with pytest.warns(RuntimeWarning):  # GDAL says it cut the names
        pyogrio.write_dataframe(gates(), tmp_path / "gates.shp", encoding="UTF-8")
    props = planned(zipped(tmp_path), "gates.zip")
    assert props[0]["name"] == "Mộc Bài" and props[0]["so_lan"] == 12
    assert props[0]["ខេត"] == "ស្វាយរៀង" and props[0]["tỉnh_th"] == "Tây Ninh"


@pytest.mark.parametrize("how", ["gdal", "google earth"])
def test_a_kmz_is_read(tmp_path, how):
    if how == "gdal":  # doc.kml with a link to layers/gates.kml, as ogr2ogr -f LIBKML writes
        pyogrio.write_dataframe(gates(), tmp_path / "gates.kmz", driver="LIBKML")
        raw = (tmp_path / "gates.kmz").read_bytes()
    else:  # doc.kml and its icon, as Google Earth saves a place
        kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
               '<Style id="s"><IconStyle><Icon><href>files/icon.png</href></Icon></IconStyle></Style>'
               '<Placemark><name>Mộc Bài</name><styleUrl>#s</styleUrl>'
               '<Point><coordinates>106.16,11.07,0</coordinates></Point></Placemark></Document></kml>')
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("doc.kml", kml)
            archive.writestr("files/icon.png", b"\x89PNG\r\n\x1a\n")
        raw = out.getvalue()
    props = planned(raw, "gates.kmz")
    assert props[0]["name"] == "Mộc Bài"


def test_a_zipped_folder_holding_the_shapefile_is_read(tmp_path):
    """What "Send to > Compressed folder" makes of a folder, with macOS's extras beside it."""
    pyogrio.write_dataframe(gates()[["name", "geometry"]], tmp_path / "gates.shp")
    raw = zipped(tmp_path, prefix="Du_lieu/")
    with zipfile.ZipFile(io.BytesIO(raw), "a") as archive:
        archive.writestr("__MACOSX/Du_lieu/._gates.shp", b"\x00\x05\x16\x07")
    assert [p["name"] for p in planned(raw, "Du_lieu.zip")] == ["Mộc Bài", "Bavet"]


@pytest.mark.parametrize("left_out", [".dbf", ".shx"])
def test_a_shapefile_without_its_dbf_or_shx_is_refused_by_name(client, tmp_path, left_out):
    """Without its .dbf GDAL read the shapes and dropped every attribute without a word."""
    pyogrio.write_dataframe(gates()[["name", "geometry"]], tmp_path / "gates.shp")
    raw = zipped(tmp_path, leave_out=left_out)
    before = client.get("/api/layers").get_json()
    answer = client.post("/api/features?layer=gates&new_layer_title=Gates&filename=gates.zip", data=raw, headers=TOKEN)
    assert answer.status_code == 400
    assert f"the zipped Shapefile lacks “gates{left_out}”" in answer.get_json()["message"]
    assert client.get("/api/layers").get_json() == before
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post("/upload?lang=vi", data={"file": (io.BytesIO(raw), "gates.zip"), "target": "new",
                                                 "new_title": "Gates", "action": "check"},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert f"Shapefile nén zip thiếu “gates{left_out}”" in page


# A .prj as a provincial cadastre's software writes VN-2000 / TM-3 105-30 (EPSG:9209): an unnamed
# datum with the VN-2000 shift in its name, which pyproj matches to no EPSG code.
TM3 = ('PROJCS["unknown",GEOGCS["GCS_unknown",DATUM["D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_-191_90441429'
       '_-39_30318279_-111_45032835_-0_00928836_0_01975479_-0_00427372_0_252906278",SPHEROID["WGS_1984",6378137.0,'
       '298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
       'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.5],'
       'PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')


def test_a_prj_without_an_epsg_code_takes_the_code_the_upload_gives(tmp_path):
    """A provincial VN-2000 TM-3 zone has no EPSG code pyproj finds from its .prj: refused alone,
    as before, and read when the editor names the code, as the refusal says to."""
    frame = geopandas.GeoDataFrame({"name": ["Mộc Bài"]}, geometry=[Point(106.16, 11.07)], crs="EPSG:4326")
    pyogrio.write_dataframe(frame.to_crs("EPSG:9209"), tmp_path / "gate.shp")
    (tmp_path / "gate.prj").write_text(TM3)
    raw = zipped(tmp_path)
    with pytest.raises(Exception, match="has no EPSG code bordermap can reproject from"):
        planned(raw, "gate.zip")
    plan = plan_import(raw, new_layer=make_layer("", title="Gate"), limits=LIMITS, filename="gate.zip",
                       crs="EPSG:9209")  # VN-2000 / TM-3 zone 105.5 (the Tây Ninh meridian)
    lon, lat = plan.features[0]["bbox"][:2]
    assert abs(lon - 106.16) < 1e-4 and abs(lat - 11.07) < 1e-4, (lon, lat)


def test_the_shapefile_download_names_its_fields_in_whole_letters_and_uploads_again(client, tmp_path):
    """The download cut names at 10 characters, which GDAL then cut at 10 bytes inside a letter:
    a name no reader decodes, a FIELDS.txt that said otherwise, and a file that did not upload."""
    body = geopandas.GeoDataFrame({"name": ["Mộc Bài"], "tỉnh_thành": ["Tây Ninh"], "ខេត្តព្រំដែន": ["ស្វាយរៀង"]},
                                  geometry=[Point(106.16, 11.07)], crs="EPSG:4326").to_json().encode()
    assert client.post("/api/features?layer=g&new_layer_title=G", data=body, headers=TOKEN).status_code == 201
    download = client.get("/api/layers/g.shp.zip").data
    with zipfile.ZipFile(io.BytesIO(download)) as archive:
        dbf = archive.read(next(n for n in archive.namelist() if n.endswith(".dbf")))
        fields_txt = archive.read(next(n for n in archive.namelist() if n.endswith("FIELDS.txt"))).decode()
    names = [dbf[32 + 32 * k: 32 + 32 * k + 11].split(b"\x00")[0] for k in range((dbf[8] + 256 * dbf[9] - 33) // 32)]
    for name in names:
        name.decode("utf-8")  # whole letters only
        assert len(name) <= 10
    assert "tỉnh_th\ttỉnh_thành" in fields_txt and "ខេត\tខេត្តព្រំដែន" in fields_txt
    again = client.post("/api/features?layer=g2&new_layer_title=G2&filename=g.shp.zip", data=download, headers=TOKEN)
    assert again.status_code == 201, again.get_json()


def test_a_csv_from_excel_in_utf16_is_read_and_one_in_a_code_page_is_refused_by_line(client):
    """Excel's "Unicode Text" is UTF-16 with its mark: read. Its "CSV (Comma delimited)" on a
    Vietnamese Windows is CP1258, which no byte names: refused, in the reader's language, with
    the line and what to save instead (it was refused in Python's codec words)."""
    rows = "name;lon;lat\r\nBến Tây Ninh;106,16;11,07\r\n"
    assert planned(rows.encode("utf-16"), "ben.csv")[0]["name"] == "Bến Tây Ninh"
    cp1258 = "name,lon,lat\nCang,106.1,11.0\nBê\u0301n Tây Ninh,106.16,11.07\n".encode("cp1258")
    with pytest.raises(Exception, match=r"the CSV file is not UTF-8 text \(line 3 is not\): save it as “CSV UTF-8"):
        planned(cp1258, "ben.csv")
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post("/upload?lang=vi", data={"file": (io.BytesIO(cp1258), "ben.csv"), "target": "new",
                                                 "new_title": "Bến", "action": "check"},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "tệp CSV không phải văn bản UTF-8 (dòng 3 không phải)" in page


@pytest.mark.parametrize("x, y", [("Kinh độ", "Vĩ độ"), ("kinh do", "vi do"), ("រយៈបណ្តោយ", "រយៈទទឹង"),
                                  ("Kinh \u0111o\u0302\u0323", "Vi\u0303 \u0111o\u0302\u0323")])
def test_a_csv_headed_in_vietnamese_or_khmer_is_placed(x, y):
    """A Vietnamese or Khmer spreadsheet heads its coordinates in its own words (review 15, F11)."""
    rows = f"Tên;{x};{y}\nCửa khẩu Mộc Bài;106,16;11,07\n".encode()
    plan = plan_import(rows, new_layer=make_layer("", title="Gates"), limits=LIMITS, filename="cua_khau.csv")
    assert plan.features[0]["bbox"][:2] == [106.16, 11.07]
    assert plan.features[0]["properties"]["Tên"] == "Cửa khẩu Mộc Bài"


def test_the_kml_download_keeps_integers_integers_through_an_upload(client):
    """KML's schema types 32-bit integers only; a 64-bit column was written as text, and a
    download uploaded again turned 12 into "12" (review 15, F12)."""
    body = geopandas.GeoDataFrame({"name": ["Mộc Bài", "Bavet"], "so_lan": [12, 3], "big": [3_000_000_000, 1]},
                                  geometry=[Point(106.16, 11.07), Point(106.13, 11.08)], crs="EPSG:4326")
    assert client.post("/api/features?layer=k&new_layer_title=K", data=body.to_json().encode(),
                       headers=TOKEN).status_code == 201
    kml = client.get("/api/layers/k.kml").data
    assert b'<SimpleField name="so_lan" type="int"' in kml
    again = client.post("/api/features?layer=k2&new_layer_title=K2&filename=k.kml", data=kml, headers=TOKEN)
    assert again.status_code == 201, again.get_json()
    back = {f["properties"]["name"]: f["properties"] for f in client.get("/api/features?layer=k2").get_json()["features"]}
    assert (back["Mộc Bài"]["so_lan"], back["Bavet"]["so_lan"]) == (12, 3)
    assert type(back["Mộc Bài"]["so_lan"]) is int
    assert back["Mộc Bài"]["big"] in (3_000_000_000, "3000000000")  # 64 bits: text in KML, every digit kept
