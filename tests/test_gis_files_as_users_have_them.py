"""GIS files as users' tools write them (review 15): Khmer and Vietnamese field names in KML and
in Shapefiles cut at dBase's 10 bytes, KMZ from Google Earth and GDAL, a zipped folder, a
Shapefile without its .dbf, a provincial VN-2000 .prj with no EPSG code, and the Shapefile
download uploaded again. Each file is written by GDAL (pyogrio) or as the tool writes it."""

from __future__ import annotations

import io
import subprocess
import unicodedata
import zipfile

import geopandas
import orjson
import pyogrio
import pytest
from shapely.geometry import Point

from bordermap.ingest import make_layer, plan_import
from bordermap.ingest.parse import Limits
from conftest import gdal_tool

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


def test_a_csv_from_excel_in_utf16_is_read_and_one_in_a_code_page_is_read_in_the_encoding_chosen(client):
    """Excel's "Unicode Text" is UTF-16 with its mark: read. Its "CSV (Comma delimited)" on a
    Vietnamese Windows is CP1258, which no byte names: refused, in the reader's language, with the
    line, the encoding it reads as and what to choose (it was refused in Python's codec words);
    with that encoding chosen on the page it is read, its letters each one character."""
    rows = "name;lon;lat\r\nBến Tây Ninh;106,16;11,07\r\n"
    assert planned(rows.encode("utf-16"), "ben.csv")[0]["name"] == "Bến Tây Ninh"
    cp1258 = "name,lon,lat\nCang,106.1,11.0\nBê\u0301n Tây Ninh,106.16,11.07\n".encode("cp1258")
    with pytest.raises(Exception, match=r"the CSV file is not UTF-8 text \(line 3 is not\); it reads as Vietnamese "
                                        r"in Windows-1258: choose that encoding"):
        planned(cp1258, "ben.csv")
    assert planned(cp1258, "ben.csv", encoding="windows-1258")[1]["name"] == "Bến Tây Ninh"
    with pytest.raises(Exception, match=r"encoding: the CSV file is not UTF-8 text \(line 3 is not\): choose the "):
        planned(cp1258, "ben.csv", encoding="utf-8")
    client.post("/unlock", data={"token": "test-editor-token"})
    form = {"target": "new", "new_title": "Bến", "action": "check"}
    page = client.post("/upload?lang=vi", data={"file": (io.BytesIO(cp1258), "ben.csv"), **form},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Tệp CSV không phải văn bản UTF-8 (dòng 3 không phải); văn bản đọc được là tiếng Việt" in page
    page = client.post("/upload?lang=vi", data={"file": (io.BytesIO(cp1258), "ben.csv"), "encoding": "windows-1258",
                                                **form}, content_type="multipart/form-data").get_data(as_text=True)
    assert "Bến Tây Ninh" in page and '<option selected value="windows-1258">' in page  # kept for the import
    staged = page.split('name="staged" value="')[1].split('"')[0]
    done = client.post("/upload?lang=vi", data={**form, "staged": staged, "filename": "ben.csv", "action": "import",
                                                "new_id": "ben", "encoding": "windows-1258"})
    assert done.status_code == 201, done.get_data(as_text=True)
    stored = client.get("/api/features?layer=ben").get_json()["features"]
    assert sorted(f["properties"]["name"] for f in stored) == ["Bến Tây Ninh", "Cang"]


def _cp1258_shapefile(folder, names: list[str]) -> bytes:
    """A zipped Shapefile in CP1258 without its .cpg, as MapInfo and ArcView left many (ogr2ogr
    writes CP1258 as they do: letters and their tone marks apart)."""
    source = folder / "gates.geojson"
    source.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ten": name, "so": i}, "geometry": {"type": "Point", "coordinates": [106, 11]}}
        for i, name in enumerate(names)]}))
    made = subprocess.run([gdal_tool("ogr2ogr"), "-lco", "ENCODING=CP1258", str(folder / "gates.shp"), str(source)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    source.unlink()
    (folder / "gates.cpg").unlink()
    assert (folder / "gates.dbf").read_bytes()[29] == 0  # dBase's language driver names no code page either
    return zipped(folder)


def test_a_vietnamese_shapefile_without_its_cpg_is_read_as_vietnamese_and_says_so(client, tmp_path):
    """Review 15, F7: GDAL read it as ISO-8859-1 ("CýÒa khâÒu Môòc Bài"), with no word said."""
    body = _cp1258_shapefile(tmp_path, ["Cửa khẩu Mộc Bài", "Đường Xuyên Á", "Tây Ninh"])
    client.post("/unlock", data={"token": "test-editor-token"})
    done = client.post("/api/features?layer=gates&new_layer_title=Gates&filename=gates.zip", data=body, headers=TOKEN)
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["report"]["warnings"][0] == (
        "(file): the Shapefile does not say how its text is encoded (it has no .cpg file); its letters read as "
        "Vietnamese in Windows-1258 and were read so: if they look wrong, choose the file's encoding with the upload")
    stored = [f["properties"]["ten"] for f in client.get("/api/features?layer=gates").get_json()["features"]]
    assert stored == ["Cửa khẩu Mộc Bài", "Đường Xuyên Á", "Tây Ninh"]
    assert all(unicodedata.is_normalized("NFC", name) for name in stored)
    page = client.post("/upload?lang=vi", data={"file": (io.BytesIO(body), "gates.zip"), "target": "new",
                                                "new_title": "Cổng", "action": "check"},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "<li>Shapefile không cho biết văn bản được mã hóa thế nào" in page and "Cửa khẩu Mộc Bài" in page
    # The editor's word wins over the guess: ISO-8859-1 gives GDAL's old reading, with a doubt said.
    plan = plan_import(body, new_layer=make_layer("", title="Files"), limits=LIMITS, filename="gates.zip",
                       encoding="iso-8859-1")
    assert plan.features[0]["properties"]["ten"] == "CýÒa khâÒu Môòc Bài"
    assert [str(w) for w in plan.warnings] == ["(file): the text reads as Vietnamese in Windows-1258, not as the "
                                               "ISO-8859-1 chosen; it was read as chosen: check its letters"]


def test_a_shapefile_in_the_wrong_encoding_chosen_is_refused_by_field_and_feature_and_stores_nothing(client, tmp_path):
    body = _cp1258_shapefile(tmp_path, ["Cang", "Cửa khẩu Mộc Bài"])
    client.post("/unlock", data={"token": "test-editor-token"})
    before = client.get("/api/layers").get_json()
    refused = client.post("/api/features?layer=gates&new_layer_title=Gates&filename=gates.zip&encoding=utf-8",
                          data=body, headers=TOKEN)
    assert refused.status_code == 422
    assert refused.get_json()["message"].startswith(
        "encoding: the Shapefile's text is not UTF-8 (byte 0xFD in “ten”, feature 2): choose the encoding")
    assert client.get("/api/layers").get_json() == before
    page = client.post("/upload?lang=km", data={"file": (io.BytesIO(body), "gates.zip"), "target": "new",
                                                "new_title": "Gates", "encoding": "utf-8", "action": "check"},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "អត្ថបទរបស់ Shapefile មិនមែនជា UTF-8 ទេ (បៃ 0xFD ក្នុង “ten” ធាតុទី ២)" in page


@pytest.mark.parametrize("names, codec, read", [
    (["Côte d'Ivoire", "Bòsnia", "Ìle-de-France"], "ISO-8859-1", None),  # marks after consonants: not Vietnamese
    (["São Tomé", "Tây Ninh"], "ISO-8859-1", None),  # no tone mark: read as GDAL reads it
    (["Mộc Bài", "ច្រកបាវិត"], "UTF-8", "utf-8"),
])
def test_a_shapefile_without_its_cpg_is_read_as_its_text_reads_and_says_how(tmp_path, names, codec, read):
    source = tmp_path / "s.geojson"
    source.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ten": name}, "geometry": {"type": "Point", "coordinates": [106, 11]}}
        for name in names]}))
    encoding = "UTF-8" if read else "ISO-8859-1"
    made = subprocess.run([gdal_tool("ogr2ogr"), "-lco", f"ENCODING={encoding}", str(tmp_path / "s.shp"), str(source)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    source.unlink()
    (tmp_path / "s.cpg").unlink()
    plan = plan_import(zipped(tmp_path), new_layer=make_layer("", title="Files"), limits=LIMITS, filename="s.zip")
    assert [f["properties"]["ten"] for f in plan.features] == names
    assert [str(w) for w in plan.warnings] == [
        f"(file): the Shapefile does not say how its text is encoded (it has no .cpg file); it was read as {codec}: "
        "if letters look wrong, choose the file's encoding with the upload"]


@pytest.mark.parametrize("body, filename, said", [
    (b'{"type": "FeatureCollection", "features": []}', "a.geojson", "a GeoJSON file is UTF-8"),
    (None, "g.gpkg", "encoding: a GeoPackage file says how its text is encoded"),
])
def test_an_encoding_given_for_a_file_that_says_its_own_is_refused(body, filename, said):
    if body is None:
        body = io.BytesIO()
        gates().to_file(body, driver="GPKG", layer="gates")
        body = body.getvalue()
    with pytest.raises(Exception, match=said):
        planned(body, filename, encoding="windows-1258")
    with pytest.raises(Exception, match="encoding: expected utf-8, windows-1258, windows-1252 or iso-8859-1, got "
                                        '"tcvn3"'):
        planned(body, filename, encoding="tcvn3")


@pytest.mark.parametrize("x, y", [("Kinh độ", "Vĩ độ"), ("kinh do", "vi do"), ("រយៈបណ្តោយ", "រយៈទទឹង"),
                                  ("Kinh \u0111o\u0302\u0323", "Vi\u0303 \u0111o\u0302\u0323")])
def test_a_csv_headed_in_vietnamese_or_khmer_is_placed(x, y):
    """A Vietnamese or Khmer spreadsheet heads its coordinates in its own words (review 15, F11)."""
    rows = f"Tên;{x};{y}\nCửa khẩu Mộc Bài;106,16;11,07\n".encode()
    plan = plan_import(rows, new_layer=make_layer("", title="Gates"), limits=LIMITS, filename="cua_khau.csv")
    assert plan.features[0]["bbox"][:2] == [106.16, 11.07]
    assert plan.features[0]["properties"]["name"] == "Cửa khẩu Mộc Bài"  # Tên is the name (review rv21b, L3)


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


@pytest.mark.parametrize("index", ["YES", "NO"])
def test_a_flatgeobuf_file_cut_anywhere_is_called_cut_short(tmp_path, index):
    """Review 15, F10: cut at 200 or 600 bytes it was "no layer … if it is a zipped Shapefile",
    at 1,300 "Fatal error parsing feature"; only at one length was it called cut short."""
    path = tmp_path / "gates.fgb"
    gates().to_file(path, driver="FlatGeobuf", layer_options={"SPATIAL_INDEX": index})
    whole = path.read_bytes()
    assert len(planned(whole, "gates.fgb")) == 2
    header_ends = 12 + int.from_bytes(whole[8:12], "little")
    for cut in range(1, len(whole)):
        with pytest.raises(Exception) as refused:
            planned(whole[:cut], "gates.fgb")
        said = str(refused.value)
        if cut < 4:
            continue  # not yet a FlatGeobuf file by its first bytes
        if cut < header_ends:
            assert said == "the FlatGeobuf file is cut short: it ends inside its header, before any feature", cut
        else:
            assert said.startswith("the FlatGeobuf file is cut short: its header announces 2 features, "), (cut, said)


def test_a_kml_description_in_html_is_kept_as_its_text(client):
    """Review 15, F15: ArcGIS's "Layer To KML" (and QGIS, Google Earth) put the attributes in an
    HTML table in <description>; the popup showed `<html><body><table border="1"><tr><th>Tên…`."""
    html = ('<html><head><style>td {color: red}</style></head><body><table border="1">'
            '<tr style="font-weight:bold"><td>cuakhau</td></tr><tr><td><table>'
            "<tr><th>Tên</th><td>L&#7879; Thanh</td></tr><tr><th>ខេត្ត</th><td>រតនគិរី</td></tr></table></td></tr>"
            '</table><p>Quyết định <a href="https://example.org/qd-12">số 12</a><br>mở năm 2026</p>'
            '<img src="x" onerror="alert(1)"><script>alert(2)</script></body></html>')
    placemarks = "".join(
        f"<Placemark><name>{name}</name><description>{text}</description>"
        f"<Point><coordinates>{x},13.81</coordinates></Point></Placemark>"
        for name, text, x in (("Lệ Thanh", f"<![CDATA[{html}]]>", 107.58), ("Bờ Y", "đường &lt; 5 km, &gt; 2 làn", 107.4)))
    body = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f"{placemarks}</Document></kml>").encode()
    client.post("/unlock", data={"token": "test-editor-token"})
    done = client.post("/api/features?layer=k6&new_layer_title=K6&filename=k6.kml", data=body, headers=TOKEN)
    assert done.status_code == 201, done.get_json()
    assert "(file): the descriptions of 1 feature(s) were HTML, as GIS programs write them in KML: each is kept " \
           "as its text, a table row as “name: value”" in done.get_json()["report"]["warnings"]
    stored = {f["properties"]["name"]: f["properties"]["description"]
              for f in client.get("/api/features?layer=k6").get_json()["features"]}
    assert stored == {"Lệ Thanh": "cuakhau\nTên: Lệ Thanh\nខេត្ត: រតនគិរី\nQuyết định số 12 (https://example.org/qd-12)\n"
                                  "mở năm 2026",
                      "Bờ Y": "đường < 5 km, > 2 làn"}  # text with "<" in it is no markup


def _shapefile_saying(folder, codec: str, names: list[str], cpg: str | None = None, driver: int = 0) -> bytes:
    """A zipped Shapefile whose text is in `codec`, with a .cpg saying `cpg` (None: none) and
    dBase language driver `driver`, as GIS programs on a Vietnamese Windows leave them."""
    source = folder / "s.geojson"
    source.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ten": name}, "geometry": {"type": "Point", "coordinates": [106, 11]}}
        for name in names]}))
    made = subprocess.run([gdal_tool("ogr2ogr"), "-lco", f"ENCODING={codec}", str(folder / "s.shp"), str(source)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    source.unlink()
    (folder / "s.cpg").unlink()
    if cpg is not None:
        (folder / "s.cpg").write_text(cpg)
    dbf = bytearray((folder / "s.dbf").read_bytes())
    dbf[29] = driver
    (folder / "s.dbf").write_bytes(bytes(dbf))
    return zipped(folder)


NOT_AS_SAID = "the Shapefile says its text is {}, but it reads as {} and was read so: if letters look wrong, " \
              "choose the file's encoding with the upload"


@pytest.mark.parametrize("codec, names, cpg, driver, note", [
    # Review 16: a .cpg or a dBase header that says another encoding than the text is in.
    ("CP1258", ["Cửa khẩu Mộc Bài", "Tây Ninh"], "UTF-8", 0, NOT_AS_SAID.format("UTF-8", "Windows-1258")),
    ("CP1258", ["Cửa khẩu Mộc Bài"], None, 0x57, NOT_AS_SAID.format("Windows-1252", "Windows-1258")),
    ("CP1258", ["Cửa khẩu Mộc Bài"], None, 0x03, NOT_AS_SAID.format("Windows-1252", "Windows-1258")),
    ("CP1258", ["Cửa khẩu Mộc Bài"], "1252", 0, NOT_AS_SAID.format("Windows-1252", "Windows-1258")),
    ("CP1258", ["Cửa khẩu Mộc Bài"], "", 0, "the Shapefile does not say how its text is encoded (it has no .cpg "
     "file); its letters read as Vietnamese in Windows-1258 and were read so: if they look wrong, choose the file's "
     "encoding with the upload"),
    # Vietnamese without a tone mark: ư and đ are ý and ð in Western code pages, which Western names hardly use.
    ("CP1258", ["Hưng Yên", "Đồng Tháp"], None, 0, "the Shapefile does not say how its text is encoded (it has no "
     ".cpg file); its letters read as Vietnamese in Windows-1258 and were read so: if they look wrong, choose the "
     "file's encoding with the upload"),
    ("UTF-8", ["ច្រកទ្វារព្រំដែនបាវិត", "Mộc Bài"], "65001", 0, None),  # Windows' number for UTF-8
    ("CP1252", ["Saint-Étienne – “Gare”", "São Paulo €"], None, 0, "the Shapefile does not say how its text is "
     "encoded (it has no .cpg file); it was read as Windows-1252: if letters look wrong, choose the file's encoding "
     "with the upload"),
    ("CP1252", ["Saint-Étienne – “Gare”"], None, 0x57, None),  # as it says
])
def test_a_shapefile_is_read_as_its_text_reads_when_it_says_another_encoding(tmp_path, codec, names, cpg, driver,
                                                                             note):
    body = _shapefile_saying(tmp_path, codec, names, cpg, driver)
    plan = plan_import(body, new_layer=make_layer("", title="Files"), limits=LIMITS, filename="s.zip")
    assert [f["properties"]["ten"] for f in plan.features] == names
    assert [str(w) for w in plan.warnings] == ([f"(file): {note}"] if note else [])


@pytest.mark.parametrize("body, chosen, refusal", [
    ("utf-8 shapefile", "windows-1258", "encoding: the Shapefile's text is UTF-8, not the Windows-1258 chosen: "
                                        "choose UTF-8"),
    ("utf-8 csv", "windows-1252", "encoding: the CSV file is UTF-8 text, not the Windows-1252 chosen: choose UTF-8"),
    ("latin-1 field name", "utf-8", "encoding: the Shapefile's text is not UTF-8 (byte 0xE9 in the field name "
                                    "“n\\xe9o”): choose the encoding the file was written in"),
])
def test_an_encoding_the_text_plainly_is_not_in_is_refused(tmp_path, body, chosen, refusal):
    """Review 16, F1 and F5: UTF-8 read as a code page was stored as "Cá»­a kháº©u" without a word;
    a field name not in the encoding chosen kept a "�"."""
    if body == "utf-8 shapefile":
        raw, filename = _shapefile_saying(tmp_path, "UTF-8", ["Cửa khẩu"], "UTF-8"), "s.zip"
    elif body == "utf-8 csv":
        raw, filename = "name,lon,lat\nCửa khẩu,106,11\n".encode(), "s.csv"
    else:
        geopandas.GeoDataFrame({"néo": ["Bavet"]}, geometry=[Point(106.13, 11.08)], crs="EPSG:4326").to_file(
            tmp_path / "g.shp", encoding="ISO-8859-1")
        raw, filename = zipped(tmp_path), "g.zip"
    with pytest.raises(Exception) as refused:
        planned(raw, filename, encoding=chosen)
    assert str(refused.value) == refusal


def test_a_shapefile_value_cut_at_254_bytes_inside_a_letter_keeps_its_whole_letters(tmp_path):
    long = "Đường Xuyên Á " * 30  # 480 bytes of UTF-8: dBase keeps 254, the last letter cut
    stored = planned(_shapefile_saying(tmp_path, "UTF-8", [long], "UTF-8"), "s.zip")[0]["ten"]
    assert "\ufffd" not in stored and long.startswith(stored) and len(stored.encode()) >= 250


def test_an_encoding_name_with_a_null_character_is_refused_not_a_server_error(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    refused = client.post("/api/features?layer=x&new_layer_title=X&filename=s.csv&encoding=cp1258%00",
                          data=b"name,lon,lat\nA,106,11\n", headers=TOKEN)
    assert refused.status_code == 422 and refused.get_json()["message"].startswith("encoding: expected utf-8")
