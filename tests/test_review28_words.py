"""Review 28: the words bordermap prints, read as sentences.

#1 a GeoPackage's null values were noted as "note: properties: empty (null) values were dropped:
kind, name" (three colons in a row); #2 an English refusal of a file with several problems said
the first twice; #3 `bordermap --lang km import FILE` without a layer was refused in English;
#4 a Vietnamese day read "11 tháng 1, 2011" beside the month "tháng 8 năm 2007".
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from bordermap.i18n import messages
from bordermap_app.cli import main
from conftest import clean, open_map, screenshot

NOTE = {"en": "note: ", "km": "កំណត់សម្គាល់៖ ", "vi": "lưu ý: "}
COLONS = re.compile("[:៖]")


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    return tmp_path / "instance"


def _geopackage(path, columns: dict) -> None:
    """A GeoPackage of five points whose attribute table holds `columns` (None: a null)."""
    import geopandas
    from shapely.geometry import Point

    frame = geopandas.GeoDataFrame(columns, geometry=[Point(105, 11 + i / 10) for i in range(5)], crs="EPSG:4326")
    frame.to_file(path, driver="GPKG")


def _one_point(tmp_path):
    """A GeoJSON file of one point feature, nothing wrong with it."""
    path = tmp_path / "gates.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                                                "coordinates": [105, 11]}}))
    return path


def _import(lang: str, *args: str):
    return CliRunner().invoke(main, ["--lang", lang, "import", *args])


@pytest.mark.parametrize("lang, nulls, said", [
    ("en", ("kind", "name"), "empty (null) values were dropped from the properties kind, name"),
    ("en", ("name",), "empty (null) values were dropped from the property name"),
    ("km", ("kind", "name"), "តម្លៃទទេ (null) នៃលក្ខណៈ kind, name ត្រូវបានដកចេញ"),
    ("vi", ("kind", "name"), "các giá trị trống (null) của thuộc tính kind, name đã bị bỏ"),
])
def test_a_geopackages_null_values_are_noted_in_one_sentence(instance, tmp_path, lang, nulls, said):
    """#1: the note names the properties whose nulls were dropped, in one sentence after "note:"."""
    columns = {"name": ["A", None, None, "D", "E"], "kind": ["x", "y", "z", "w", "v"], "count": [1, 2, 3, 4, 5]}
    if "kind" in nulls:
        columns["kind"][2] = None
    path = tmp_path / "sites.gpkg"
    _geopackage(path, columns)
    result = _import(lang, str(path), "--layer", "sites", "--new-layer-title", "Sites", "--dry-run")
    assert result.exit_code == 0, result.output
    notes = [line.removeprefix(NOTE[lang]) for line in result.output.splitlines() if line.startswith(NOTE[lang])]
    assert notes == [said], result.output
    assert not COLONS.search(notes[0])  # the note's own colon is the only one on its line


@pytest.mark.parametrize("lang, said", [
    ("en", "Empty (null) values were dropped from the properties kind, name"),
    ("km", "តម្លៃទទេ (null) នៃលក្ខណៈ kind, name ត្រូវបានដកចេញ"),
    ("vi", "Các giá trị trống (null) của thuộc tính kind, name đã bị bỏ"),
])
def test_the_upload_page_notes_null_values_in_the_same_sentence(client, tmp_path, lang, said):
    """#1 on the upload page, whose notes list read "At properties: empty (null) values were
    dropped: kind, name" (Khmer "នៅ properties៖ …៖ …")."""
    import io

    from bs4 import BeautifulSoup

    path = tmp_path / "sites.gpkg"
    _geopackage(path, {"name": ["A", None, "C", "D", "E"], "kind": [None, "y", "z", "w", "v"]})
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/upload?lang={lang}", data={"file": (io.BytesIO(path.read_bytes()), "sites.gpkg"),
                                                      "target": "new", "new_title": "Sites", "action": "check"},
                       content_type="multipart/form-data")
    notes = [" ".join(li.get_text(" ").split())
             for li in BeautifulSoup(page.get_data(as_text=True), "html.parser").select(".bm-warnings li")]
    assert page.status_code == 200 and said in notes, notes


BAD = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "West"}, "geometry": {"type": "Point", "coordinates": [104]}},
    {"type": "Feature", "properties": {"name": "East"}, "geometry": {"type": "Point", "coordinates": [105]}},
    {"type": "Feature", "properties": {"name": "Fine"}, "geometry": {"type": "Point", "coordinates": [105, 11]}}]}


COUNTS = {"en": "The check found 2 problems", "km": "ការពិនិត្យបានរកឃើញបញ្ហា ២", "vi": "Kiểm tra thấy 2 vấn đề"}


def test_a_refused_file_says_each_problem_once_in_every_language(instance, tmp_path):
    """#2: in English the first problem was said in the summary line ("Error: the upload was not
    imported: feature 1 … (and 1 more)") and again as the list's first item; English now says it
    as Khmer and Vietnamese do: a count, then each problem once."""
    path = tmp_path / "gates.geojson"
    path.write_text(json.dumps(BAD), encoding="utf-8")
    for lang, count in COUNTS.items():
        result = _import(lang, str(path), "--layer", "gates", "--new-layer-title", "Gates", "--dry-run")
        assert result.exit_code == 1
        lines = [line for line in result.stderr.splitlines() if not line.startswith("bordermap: ")]  # the store
        assert len(lines) == 3 and lines[0].endswith(count), (lang, result.stderr)
        assert "“West”" in lines[1] and "“East”" in lines[2], (lang, result.stderr)
        for place in ("[104]", "[105]"):
            assert result.stderr.count(place) == 1, (lang, result.stderr)


@pytest.mark.parametrize("lang, said", [
    ("en", "Error: give --layer with the id of a layer of yours, or --new-layer-title with a title for a new layer"),
    # Without "Invalid input" before it, which read as if the file were at fault (the second
    # review 28, #5).
    ("km", "កំហុស៖ សូមផ្ដល់ --layer ជាមួយលេខសម្គាល់នៃស្រទាប់មួយរបស់អ្នក ឬ "
           "--new-layer-title ជាមួយចំណងជើងសម្រាប់ស្រទាប់ថ្មី"),
    ("vi", "Lỗi: hãy đưa --layer kèm mã của một lớp của bạn, hoặc --new-layer-title "
           "kèm tiêu đề cho một lớp mới"),
])
def test_an_import_without_a_layer_is_refused_in_the_readers_language(instance, tmp_path, lang, said):
    """#3: "--layer: expected the id of a layer of yours, …" found no sentence in Khmer or
    Vietnamese and was said "(in English)"; both options are named as typed."""
    path = _one_point(tmp_path)
    result = _import(lang, str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == said
    assert not instance.exists()


def test_a_vietnamese_day_is_written_as_its_month_is():
    """#4: CLDR's long Vietnamese day "11 tháng 1, 2011" beside its month "tháng 8 năm 2007"."""
    vi = messages("vi")
    assert (vi.date("2011-01-11"), vi.date("2007-08")) == ("11 tháng 1 năm 2011", "tháng 8 năm 2007")
    assert (messages("km").date("2011-01-11"), messages("en").date("2011-01-11")) == ("១១ មករា ២០១១", "2011-01-11")


def test_a_vietnamese_year_alone_is_named_a_year():
    """The second review 28, #2: a status of a year read "vào 2025" (at 2025) where Vietnamese
    writes "vào năm 2025", as its month reads "tháng 8 năm 2007"."""
    vi, km, en = messages("vi"), messages("km"), messages("en")
    assert (vi.date("2025"), vi.date("2025-08"), vi.date("2025-08-11")) == (
        "năm 2025", "tháng 8 năm 2025", "11 tháng 8 năm 2025")
    assert vi.gettext("since {date}").replace("{date}", vi.date("2025")) == "từ năm 2025"
    assert (km.date("2025"), en.date("2025"), km.date("0999")) == ("២០២៥", "2025", "០៩៩៩")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "km", "en"])
def test_the_pages_scripts_write_a_year_as_the_server_does(live_server, new_tab, lang):
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang={lang}")
    values = ["2025", "0999", "2025-08", "2025-08-11"]
    assert tab.evaluate("(values) => values.map((v) => BorderMap.date(v))", values) == [
        messages(lang).date(value) for value in values]
    clean(tab)


def test_a_vietnamese_page_writes_a_day_with_its_year_after_nam(client):
    """#4 on a server page: the ledger lists each document with its day of publication."""
    from bs4 import BeautifulSoup

    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.get("/ledger?lang=vi")
    text = " ".join(BeautifulSoup(page.get_data(as_text=True), "html.parser").get_text(" ").split())
    assert page.status_code == 200 and "11 tháng 12 năm 2025" in text, text[:2000]  # PR 71/2025
    assert not re.search(r"tháng \d+, \d{4}", text), text[:2000]


@pytest.mark.browser
def test_the_maps_popup_writes_a_vietnamese_day_as_the_server_does(live_server, new_tab):
    """#4 in the page's scripts (BorderMap.date): the checkpoint's status date in its popup."""
    tab = new_tab()
    open_map(tab, f"{live_server.url}/?lang=vi#feature=cp-meun-chey-tan-nam")
    popup = tab.wait_for_selector('.leaflet-popup-content .bm-popup[data-feature="cp-meun-chey-tan-nam"]')
    text = popup.inner_text()
    assert "8 tháng 12 năm 2025" in text, text
    assert not re.search(r"tháng \d+, \d{4}", text), text
    screenshot(tab, "review28-vi-popup-date")
    clean(tab)


# The second review 28 (#4): what the command line says of the options it was given, and of a
# file's layers and encoding, stayed English in Khmer and Vietnamese, where the upload page said
# the same in the reader's language.
@pytest.mark.parametrize("lang, said", [
    ("en", '--kind: expected a short lowercase word like economic-zone, got "BAD!"'),
    ("km", '--kind៖ ត្រូវការពាក្យខ្លីជាអក្សរតូច ដូចជា economic-zone ប៉ុន្តែបានទទួល "BAD!"'),
    ("vi", '--kind: cần một từ ngắn viết thường như economic-zone, nhưng là "BAD!"'),
])
def test_a_refused_option_is_named_as_typed_and_said_in_the_readers_language(instance, tmp_path, lang, said):
    path = _one_point(tmp_path)
    result = _import(lang, str(path), "--new-layer-title", "Gates", "--kind", "BAD!", "--dry-run")
    assert result.exit_code == 1, result.output
    assert said in result.stderr.splitlines()[-1], result.stderr
    assert "(in English)" not in result.stderr and "(ជាភាសាអង់គ្លេស)" not in result.stderr


@pytest.mark.parametrize("lang, said", [
    ("en", "the file holds 2 layers: “markets”, “roads”; choose one (--source-layer)"),
    ("km", "ឯកសារមាន ២ ស្រទាប់៖ “markets”, “roads”៖ សូមជ្រើសរើសមួយដោយ --source-layer"),
    ("vi", "tệp có 2 lớp: “markets”, “roads”; hãy chọn một lớp bằng --source-layer"),
])
def test_a_file_of_several_layers_asks_for_one_in_the_readers_language(instance, tmp_path, lang, said):
    import geopandas
    from shapely.geometry import Point

    path = tmp_path / "two.gpkg"
    for name in ("markets", "roads"):
        geopandas.GeoDataFrame({"name": [name]}, geometry=[Point(105, 11)], crs="EPSG:4326").to_file(
            path, driver="GPKG", layer=name)
    result = _import(lang, str(path), "--new-layer-title", "Two", "--dry-run")
    assert result.exit_code == 1, result.output
    assert said in result.stderr, result.stderr
    assert "(in English)" not in result.stderr and "(bằng tiếng Anh)" not in result.stderr


@pytest.mark.parametrize("lang, said", [
    ("en", "note: the Shapefile does not say how its text is encoded (it has no .cpg file); its letters read as "
           "Vietnamese in Windows-1258 and were read so: if they look wrong, give the file's encoding with --encoding"),
    ("km", "កំណត់សម្គាល់៖ Shapefile មិនប្រាប់ថាអត្ថបទរបស់វាត្រូវបានអ៊ិនកូដយ៉ាងដូចម្តេចទេ (គ្មានឯកសារ .cpg)។ "
           "អក្សររបស់វាអានបានជាភាសាវៀតណាមក្នុង Windows-1258 ហើយត្រូវបានអានដូច្នោះ៖ បើអក្សរមើលទៅខុស "
           "សូមផ្ដល់ការអ៊ិនកូដរបស់ឯកសារដោយ --encoding"),
    ("vi", "lưu ý: Shapefile không cho biết văn bản được mã hóa thế nào (không có tệp .cpg); chữ trong tệp đọc được "
           "là tiếng Việt mã Windows-1258 nên đã được đọc như vậy: nếu chữ hiển thị sai, hãy cho biết mã hóa của tệp "
           "bằng --encoding"),
])
def test_a_shapefile_read_as_vietnamese_is_noted_in_the_readers_language(instance, tmp_path, lang, said):
    """English said it "note: (file): …", the library's place for the whole file before its sentence."""
    result = _import(lang, str(_vietnamese_shapefile(tmp_path)), "--new-layer-title", "Gates", "--dry-run")
    assert result.exit_code == 0, result.output
    assert said in result.output.splitlines(), result.output


@pytest.mark.parametrize("lang, said", [
    ("km", "សូមផ្ដល់ការអ៊ិនកូដដែលឯកសារត្រូវបានសរសេរដោយ --encoding"),
    ("vi", "hãy cho biết mã hóa mà tệp đã được lưu bằng --encoding"),
])
def test_a_wrong_encoding_points_to_the_option_not_the_pages_field(instance, tmp_path, lang, said):
    """The second review 28, #4: the refusal named the upload page's “Text encoding”, which the
    command line has not."""
    result = _import(lang, str(_vietnamese_shapefile(tmp_path)), "--new-layer-title", "Gates",
                     "--encoding", "utf-8", "--dry-run")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().endswith(said), result.stderr
    assert "“" + ("ការអ៊ិនកូដអត្ថបទ" if lang == "km" else "Mã hóa văn bản") not in result.stderr


def _vietnamese_shapefile(tmp_path):
    """A zipped Shapefile of three gates named in Vietnamese, written in Windows-1258, no .cpg."""
    import zipfile

    import geopandas
    from shapely.geometry import Point

    folder = tmp_path / "shp"
    folder.mkdir()
    names = ["Cửa khẩu Mộc Bài", "Xa Mát", "Tịnh Biên"]
    geopandas.GeoDataFrame({"name": names}, geometry=[Point(105 + i / 10, 11) for i in range(3)],
                           crs="EPSG:4326").to_file(folder / "gates.shp", encoding="cp1258")
    (folder / "gates.cpg").unlink(missing_ok=True)
    archive = tmp_path / "gates.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for member in folder.iterdir():
            zipped.write(member, member.name)
    return archive
