"""The upload page says what is wrong with a file in the reader's language (app/problem_words):
the library writes each problem in English, and the page finds the sentence for it."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import geopandas
import orjson
import pandas
import pyogrio
import pytest
import shapely
from bs4 import BeautifulSoup

from bordermap.errors import BordermapError
from bordermap.i18n import messages
from bordermap.ingest import explain, make_layer, plan_import
from bordermap.ingest.parse import Limits
from bordermap_app import problem_tables, problem_words, structure_words

TRANSLATIONS = Path(__file__).resolve().parents[1] / "app" / "translations"


def _fc(*features, **members) -> bytes:
    return orjson.dumps({"type": "FeatureCollection", **members, "features": list(features)})


def _point(lon, lat, **props) -> dict:
    return {"type": "Feature", "properties": {"name": "Depot", **props},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def _polygon(ring) -> dict:
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _zip_of(*names: str) -> bytes:
    """A zipped Shapefile of one well holding only these of its files (written by GDAL)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wells.shp"
        geopandas.GeoDataFrame({"name": ["Well"]}, geometry=[shapely.Point(105, 11)], crs="EPSG:4326").to_file(path)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name in names:
                archive.write(path.with_name(name), name)
    return out.getvalue()


# Files the library finds something wrong with, or notes something about: each gives one of the
# problems the page has a sentence for.
FILES = {
    "latitude": _fc(_point(105, 206.1)),
    "longitude": _fc(_point(205, 11)),
    "one of": _fc(_point(105, 11, status="done-ish")),
    "short ring": _fc(_polygon([[105, 11], [106, 11], [106, 12]])),
    "open ring": _fc(_polygon([[105, 11], [106, 11], [106, 12], [105.5, 12.5]])),
    "bow tie": _fc(_polygon([[105, 11], [106, 12], [106, 11], [105, 12], [105, 11]])),
    "no geometry": _fc({"type": "Feature", "properties": {}, "geometry": None}),
    "control": _fc(_point(105, 11, name="Tab\u202eevil")),
    "line break": _fc(_point(105, 11, name="Two\nlines")),
    "long text": _fc(_point(105, 11, note="x" * 300)),
    "repeated key": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1,"a":2},'
                    b'"geometry":{"type":"Point","coordinates":[105,11]}}]}',
    "no features": orjson.dumps({"type": "FeatureCollection"}),
    "crs": _fc(_point(105, 11), crs={"type": "name", "properties": {"name": "EPSG:9999999"}}),
    "empty": b"",
    "syntax": b'{"type": "FeatureCollection", "features": [',
    "no layer": _zip_of("wells.shp", "wells.prj"),  # its .shx and .dbf left behind
    "no shapefile": _zip_of("wells.prj"),
    "far": _fc(_point(2.35, 48.85)),
    "nulls": _fc(_point(105, 11, note=None)),
    "winding": _fc(_polygon([[105, 11], [105, 12], [106, 12], [106, 11], [105, 11]])),
    "elevation": _fc({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [105, 11, 5]}}),
    "ids": _fc({**_point(105, 11), "id": "a b"}, {**_point(105, 11), "id": 1}, {**_point(105, 11), "id": 1},
               {**_point(105, 11), "id": ""}),
    "huge": _fc(_point(1e300, 11)),
    # A spreadsheet's export: the coordinates written as text (review rv19, M2).
    "text coordinates": _fc({"type": "Feature", "properties": {},
                             "geometry": {"type": "Point", "coordinates": ["106.3", "11.2"]}}),
    "projected": _fc(_point(500000, 1200000)),
    "projected in degrees": _fc(_point(500000, 1200000), crs={"type": "name", "properties": {"name": "EPSG:4326"}}),
    "degrees in metres": _fc(_point(105, 11), crs={"type": "name", "properties": {"name": "EPSG:32648"}}),
    "swapped": _fc(_point(11, 105)),
    "unknown crs": _fc(_point(105, 11), crs={"type": "name", "properties": {"name": "EPSG:99999"}}),
    "no properties": _fc({"type": "Feature", "geometry": {"type": "Point", "coordinates": [105, 11]}}),
    "repaired": _fc(_polygon([[105, 11], [106, 12], [106, 11], [105, 12], [105, 11]])),
    # GDAL and most tools write GeoJSON on one line: a syntax error far along that line.
    "one line": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
                b'"geometry":{"type":"Point","coordinates":[106,11]}},]}',
}
REPAIRED = {"repaired"}
def _two_layers(empty: str = "") -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "two.gpkg"
        for layer, x in (("markets", 105.0), ("piers", 105.5)):
            frame = geopandas.GeoDataFrame({"name": [layer]}, geometry=[shapely.Point(x, 11)], crs="EPSG:4326")
            (frame.iloc[:0] if layer == empty else frame).to_file(path, layer=layer, driver="GPKG")
        return path.read_bytes()


FILES["two layers"] = _two_layers()


def _written(name: str, frame, **options) -> bytes:
    """A file as pyogrio (GDAL) writes it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        pyogrio.write_dataframe(frame, path, **options)
        return path.read_bytes()


def _depots(crs: str = "EPSG:4326", x: float = 104.18, y: float = 10.61):
    return geopandas.GeoDataFrame({"name": ["Truck park Bavet", "Depot Kampot"]},
                                  geometry=[shapely.Point(106.16, 11.07), shapely.Point(x, y)], crs=crs)


def _not_a_geopackage() -> bytes:
    """An SQLite database without GeoPackage's tables."""
    with tempfile.TemporaryDirectory() as folder:
        with sqlite3.connect(Path(folder) / "plain.db") as db:
            db.execute("CREATE TABLE depots (name TEXT)")
        return (Path(folder) / "plain.db").read_bytes()


# GIS files GDAL would misread or cannot read, or that hold nothing (review 12, M2, S3, N2).
KML = _written("depots.kml", _depots(), driver="KML").decode()
FLATGEOBUF = _written("depots.fgb", _depots(), layer_options={"SPATIAL_INDEX": "NO"})
GIS_FILES = {
    "kml number": KML.replace("104.18,10.61", "104.18,10.6l").encode(),
    "kml position": KML.replace("104.18,10.61", "104.18;10.61").encode(),
    "kml empty": KML.replace("104.18,10.61", " ").encode(),
    "kml broken": KML[:len(KML) // 2].encode(),
    "gpkg damaged": FILES["two layers"][:len(FILES["two layers"]) * 3 // 5],
    "not a gpkg": _not_a_geopackage(),
    "fgb cut short": FLATGEOBUF[:12 + int.from_bytes(FLATGEOBUF[8:12], "little")],
    "fgb cut in its header": FLATGEOBUF[:200],
    "kml html": KML.replace("<name>Depot Kampot</name>", "<name>Depot Kampot</name><description><![CDATA[<table>"
                                                          "<tr><th>Tên</th><td>Bến</td></tr></table>]]></description>"
                            ).encode(),
    "kml of no layer": b'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
                       b"<Document><name>Depots</name></Document></kml>",
    "gpkg empty": _written("none.gpkg", _depots().iloc[:0]),
    "geojson empty": _fc(),
    "layer empty": _two_layers(empty="piers"),
    "no such layer": FILES["two layers"],
    "many": _written("many.gpkg", _depots()),
    "csv no geometry": b"name,stalls\nA,1\n",
    # Excel's "CSV (Comma delimited)" on a Vietnamese Windows: CP1258, which no byte names
    "csv cp1258": "name,lon,lat\nBê\u0301n Tây Ninh,106.16,11.07\n".encode("cp1258"),
    "gpkg no geometry": _written("table.gpkg", pandas.DataFrame({"name": ["Depot"]}), driver="GPKG"),
    "crs without code": _written("lcc.gpkg", _depots("+proj=lcc +lat_1=10.3 +lat_2=12.1 +lat_0=11 +lon_0=105.2 +x_0=0 "
                                                     "+y_0=0 +ellps=WGS84 +units=m +no_defs", 1000, 1000)),
}

FILES.update(GIS_FILES)


def _shapefile_in(codec: str, *names: str, cpg: str = "", field: str = "ten") -> bytes:
    """A zipped Shapefile whose text is in `codec`, with a .cpg saying `cpg` (none when empty)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gates.shp"
        geopandas.GeoDataFrame({field: list(names)}, geometry=[shapely.Point(106, 11)] * len(names),
                               crs="EPSG:4326").to_file(path, encoding=codec)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for part in ("shp", "shx", "dbf", "prj"):
                archive.write(path.with_suffix(f".{part}"), f"gates.{part}")
            if cpg:
                archive.writestr("gates.cpg", cpg)
    return out.getvalue()


def _shp_cut_short(zipped: bytes, size: int) -> bytes:
    """The zipped Shapefile with its .shp cut to `size` bytes, its .shx and .dbf whole (review rv25a, #7)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(zipped)) as given, zipfile.ZipFile(out, "w") as archive:
        for name in given.namelist():
            data = given.read(name)
            archive.writestr(name, data[:size] if name.endswith(".shp") else data)
    return out.getvalue()


# Text in an encoding the file does not name, or that the editor names wrongly (review 15, F7).
ENCODED = {
    "shp cp1258": _shapefile_in("cp1258", "Cửa khẩu Mộc Bài"),
    "shp latin-1": _shapefile_in("ISO-8859-1", "Bòsnia"),
    "shp not utf-8": _shapefile_in("cp1258", "Cửa khẩu Mộc Bài"),
    "csv not utf-8": "name,lon,lat\nBê\u0301n,106.16,11.07\n".encode("cp1258"),
    "csv latin-1": b"name,lon,lat\nB\xf2snia,106.16,11.07\n",
    "encoding for gpkg": FILES["two layers"],
    "encoding for geojson": _fc(_point(105, 11)),
    "no such encoding": _fc(_point(105, 11)),
    "shp says utf-8": _shapefile_in("cp1258", "Cửa khẩu Mộc Bài", cpg="UTF-8"),
    "shp utf-8 read as cp1258": _shapefile_in("UTF-8", "Cửa khẩu Mộc Bài", cpg="UTF-8"),
    "csv utf-8 read as cp1252": "name,lon,lat\nBến,106.16,11.07\n".encode(),
    "shp field name": _shapefile_in("ISO-8859-1", "Bavet", field="néo"),
    "shp doubted": _shapefile_in("cp1258", "Cửa khẩu Mộc Bài"),
    "shp cut short": _shp_cut_short(_shapefile_in("UTF-8", "Bavet", "Mộc Bài", cpg="UTF-8"), 130),
}
FILES.update(ENCODED)
ENCODINGS = {"shp not utf-8": "utf-8", "csv not utf-8": "utf-8", "encoding for gpkg": "windows-1258",
             "encoding for geojson": "windows-1258", "no such encoding": "tcvn3", "shp utf-8 read as cp1258": "windows-1258",
             "csv utf-8 read as cp1252": "windows-1252", "shp field name": "utf-8", "shp doubted": "iso-8859-1"}
SOURCE_LAYERS = {"layer empty": "piers", "no such layer": "nope"}


def _office(part: str) -> bytes:
    """A Word or Excel file as far as its ZIP's members tell (what the library looks at)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return out.getvalue()


# Files that are no map at all (review 10, M3): each said to be what it is, never quoted byte by byte.
NOT_MAPS = {
    "text": b"hello\n",
    "table": b"a,b\n1,2\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "docx": _office("word/document.xml"),
    "xlsx": _office("xl/workbook.xml"),
    "damaged zip": _office("word/document.xml")[:60],
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    "binary": b"II*\x00\x08\x00\x00\x00",
    "latin-1": b"\xe9t\xe9\n",
    # A CSV whose coordinates are not numbers (review 10, S7).
    "csv numbers": b"name,lon,lat\nA,abc,11\nB,105.9,\n",
    "csv wkt": b"name,wkt\nA,POINT (abc)\nB,\n",
    "csv swapped": b"name,lon,lat\nMoc Bai,11.07,106.137\n",
    # XML that is neither KML nor GPX, and GPX files a GPS or an editor left wrong (review rv21b, M3).
    "xml": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>\n',
    "gpx cut short": b'<?xml version="1.0"?>\n<gpx version="1.1" creator="x">\n<wpt lat="11.1" lon="106.1"><name>A</name>',
    "gpx no lat": b'<?xml version="1.0"?>\n<gpx version="1.1" creator="x">\n<wpt lat="11.1" lon="106.1"><name>A</name>'
                  b'</wpt>\n<wpt lon="106.2"><name>B</name></wpt>\n</gpx>\n',
}
FILES.update(NOT_MAPS)
FILENAMES = {"no layer": "wells.zip", "no shapefile": "wells.zip", "two layers": "two.gpkg", "text": "notes.txt",
             "table": "table.txt", "xml": "drawing.svg", "gpx cut short": "gates.gpx", "gpx no lat": "gates.gpx",
             "png": "photo.png", "docx": "report.docx", "xlsx": "sites.xlsx",
             "damaged zip": "wells.zip", "csv numbers": "badnum.csv", "csv wkt": "badwkt.csv", "csv swapped": "gates.csv",
             **{name: "depots.kml" for name in GIS_FILES if name.startswith("kml")}, "fgb cut short": "depots.fgb",
             "fgb cut in its header": "depots.fgb",
             "csv no geometry": "stalls.csv", "shp cp1258": "gates.zip", "shp latin-1": "gates.zip",
             "shp not utf-8": "gates.zip", "csv not utf-8": "ben.csv", "csv latin-1": "ben.csv",
             "encoding for gpkg": "two.gpkg", "shp says utf-8": "gates.zip", "shp utf-8 read as cp1258": "gates.zip",
             "csv utf-8 read as cp1252": "ben.csv", "shp field name": "gates.zip", "shp doubted": "gates.zip",
             "shp cut short": "gates.zip"}
LIMITS = Limits(max_text=200)
FILE_LIMITS = {"many": Limits(max_text=200, max_features=1)}
# Files uploaded into a new layer of an id the editor typed, which the import refuses.
LAYER_IDS = {"bad id": "Special Zones", "reserved id": "gpkg-wells"}
FILES.update({name: _fc(_point(105, 11)) for name in LAYER_IDS})


def _said(name: str) -> list[str]:
    """What the upload page shows for the file: its problems, or its notes, as explain words them."""
    raw = FILES[name]
    try:
        plan = plan_import(raw, new_layer=make_layer(LAYER_IDS.get(name, ""), title="Wells"),
                           limits=FILE_LIMITS.get(name, LIMITS), filename=FILENAMES.get(name, "upload.geojson"),
                           repair=name in REPAIRED, source_layer=SOURCE_LAYERS.get(name), encoding=ENCODINGS.get(name))
    except BordermapError as error:
        problems = explain.readable_problems(error.problems, raw)
        if any(problem in error.message for problem in error.problems):
            return problems  # the message only gathers them
        return [explain.readable_message(error.message, raw), *problems]
    return explain.readable_problems([str(w) for w in plan.warnings], raw)


@pytest.fixture(scope="module")
def said() -> dict[str, list[str]]:
    return {name: _said(name) for name in FILES}


@pytest.mark.parametrize("lang", ["vi", "km"])
def test_each_problem_the_page_has_a_sentence_for_is_found_and_translated(said, lang):
    here = messages(lang, TRANSLATIONS)
    used = set()
    for name, problems in said.items():
        assert problems, name
        for problem in problems:
            local = problem_words.localized(problem, here)
            english = problem_words.localized(problem, messages("en"))
            assert local != english, (name, problem)
            for pattern, sentence, _counts in problem_tables.MESSAGES + problem_tables.HINTS:
                if pattern.search(problem.split(": ", 1)[-1].split(" — ")[0]) or pattern.search(
                        problem.split(" — ")[-1]):
                    used.add(sentence)
    # Every sentence of the table is met by a file above, but the one for GEOS's other reasons.
    unmet = {sentence for _, sentence, _counts in problem_tables.MESSAGES + problem_tables.HINTS} - used
    # the GeoJSON checks' (tests/test_upload_problems_said.py meets each through the API)
    unmet -= {sentence for _, sentence, *_ in structure_words.BEFORE + structure_words.ENTRIES}
    assert unmet <= {"invalid %(kind)s: %(reason)s", "%(n)s feature id(s) were already used in the store: they get "
                     "new ids on import and keep the original as source_id",
                     "could not be reprojected: the positions lie outside the area where the CRS is defined",
                     # the form's, not the file's (tests/test_upload_check_says_all_at_once.py meets it)
                     "give the new layer a title",
                     # the status history's, not an upload's (tests/test_retire_form.py meets it)
                     "commitment %(id)s is retired: revert its retirement before giving it a status",
                     "commitment %(id)s is retired: revert its retirement before changing it",
                     # a file whose content is not its kind's (tests/test_rv22c_uploads_name_nothing_gdal_opens.py)
                     "the file is not a %(kind)s file: its first element is %(element)s, where such a file starts "
                     "with <%(tag)s>",
                     "the file is not a %(kind)s file: it has no first element, where such a file starts with <%(tag)s>",
                     "the file is not a CSV file: it holds XML (it starts with “<”); upload the table itself, saved as "
                     "CSV",
                     # PostgreSQL's own limit (tests/test_postgis_value_too_large.py)
                     "a value of this change is too large for the database to store (PostgreSQL says: %(detail)s); "
                     "nothing was stored",
                     # files that compute or unpack past the limit (tests/test_rv22c_files_that_compute_or_unpack.py)
                     "the KMZ unpacks to %(n)s bytes; the limit is %(limit)s (4 times the upload limit)",
                     "the ZIP archive unpacks to %(n)s bytes; the limit is %(limit)s (4 times the upload limit)",
                     "the GeoPackage's layer %(name)s computes its column %(column)s as it is read: save it as a layer "
                     "of its own (in QGIS, Export > Save Features As) and upload that",
                     "the GeoPackage's own table %(name)s computes its column %(column)s as it is read: the file was "
                     "not written by a GIS; save the layer again (in QGIS, Export > Save Features As) and upload that",
                     "the GeoPackage's own table %(name)s is a view (a query), not a table: the file was not written "
                     "by a GIS; save the layer again (in QGIS, Export > Save Features As) and upload that",
                     # keeping the record's (tests/test_rv22a_keeping_the_record.py meets them)
                     "commitment %(id)s cites paragraph %(n)s: make it cite another paragraph first",
                     "status event %(id)s cites paragraph %(n)s: correct it to cite another source, or retract it, first",
                     "status event %(id)s was changed by revision %(n)s after you opened it, so nothing was saved: what "
                     "is stored now is shown above the form",
                     "this status event is already in the record as %(id)s (the same day, status, source and note): "
                     "correct that one if it needs it",
                     "status event %(id)s would cite paragraph %(n)s, reworded since: record it again, citing the "
                     "paragraph as it reads now, rather than bring it back",
                     # (tests/test_store_ledger_contract.py makes the store refuse it; the page's words as the event's)
                     "commitment %(id)s would cite paragraph %(n)s, reworded since: edit the commitment instead, citing "
                     "the paragraph as it reads now",
                     # conflicts and refusals of the upload page's (tests/test_conflicts_said_in_the_page_language.py)
                     "a layer with id %(id)s already exists; choose it as the target or give the new layer another id",
                     "the checked file is no longer waiting for import; choose it and check it again",
                     # another editor's import of the same checked file (tests/test_review20_two_editors_one_file.py)
                     "since you checked it, this file was imported into %(id)s as revision %(n)s (%(when)s, by "
                     "%(who)s); it was not imported again",
                     "the editor token is not valid",
                     # an empty JSON body sent to the API's other endpoints (parse.read_json); an empty upload
                     # is "the file is empty" (tests/test_gpx_dxf_and_empty_uploads.py)
                     "the upload is empty: expected a GeoJSON Feature or FeatureCollection",
                     # a Shapefile's missing or wrong .prj (tests/test_rv21b_positions_said_for_the_file.py)
                     "expected longitude/latitude, got numbers that look projected (%(numbers)s in %(n)s feature(s)) "
                     "and the Shapefile has no .prj; give its CRS, %(examples)s",
                     "expected metres in %(crs)s, got numbers that look like longitude/latitude (x %(x)s); correct the "
                     "Shapefile's .prj, or leave it out, if the file is in longitude/latitude",
                     # a download put back into its layer (tests/test_rv21b_imports_known_again.py)
                     "%(n)s feature(s) of this file are already in %(id)s with the same id and geometry: importing "
                     "adds each a second time, under a new id",
                     # archives and GeoPackages that name other files, or unpack or read far beyond their size
                     # (tests/test_review21_uploads_open_nothing_else.py meets them)
                     "the zipped Shapefile unpacks to %(n)s bytes; the limit is %(limit)s (4 times the upload limit)",
                     "the Shapefile %(name)s is %(n)s bytes unpacked: more positions than the limit of %(limit)s",
                     "the zipped Shapefile's %(name)s is not a %(part)s file (it does not begin as one): zip the "
                     "Shapefile's own .shp, .shx, .dbf and .prj and upload that",
                     "the ZIP archive holds a file named as its Shapefiles' folder, %(name)s: zip the Shapefiles' "
                     "own .shp, .shx, .dbf and .prj and upload that",
                     "the GeoPackage's layer %(name)s is a view (a query over other tables), not a table: save it "
                     "as a layer of its own (in QGIS, Export > Save Features As) and upload that",
                     # the ledger's, not an upload's (tests/test_ledger.py meets it)
                     "this document is already in the record as %(id)s (the same title, publisher, date and text): "
                     "cite that one, or edit it",
                     "this commitment is already in the record as %(id)s (the same document, paragraph and summary): "
                     "edit that one, or say in the summary what differs",
                     # a second editor's save (tests/test_two_editors_one_commitment.py meets it)
                     "commitment %(id)s was changed by revision %(n)s after you opened it, so nothing was saved: "
                     "open it again to see that change, then make yours"}, unmet


def test_figures_names_and_the_feature_are_carried_over(said):
    vi = messages("vi", TRANSLATIONS)
    assert problem_words.localized(said["latitude"][0], vi) == (
        "Đối tượng 1 “Depot”, geometry.coordinates: vĩ độ phải nằm trong khoảng -90…90, nhưng là “206.1”")
    km = messages("km", TRANSLATIONS)
    status = problem_words.localized(said["one of"][0], km)
    assert status.startswith("ធាតុទី ១ “Depot”, properties.status៖ ") and '"done-ish"' in status
    assert "“status”" in status  # the hint, in Khmer, names the property


def test_a_name_with_a_bidirectional_control_is_quoted_readably(said):
    """U+202E in a name quoted by a message would turn the rest of the message around."""
    problem = said["control"][0]
    assert "\u202e" not in problem and "“Tab[U+202E]evil”" in problem
    assert "rename the property" not in problem  # renaming it would not take the character out


def test_the_upload_page_speaks_vietnamese_and_khmer(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    for lang, words in (("vi", ("Kiểm tra thấy 1 vấn đề", "vĩ độ phải nằm trong khoảng")),
                        ("km", ("ការពិនិត្យបានរកឃើញបញ្ហា ១", "រយៈទទឹងត្រូវនៅចន្លោះ", "ធាតុទី ១"))):
        page = client.post(f"/upload?lang={lang}", data={
            "file": (io.BytesIO(FILES["latitude"]), "depot.geojson"), "target": "new", "new_title": "Depot",
            "action": "check"}, content_type="multipart/form-data")
        html = page.get_data(as_text=True)
        assert page.status_code == 422
        for word in words:
            assert word in html, (lang, word)
        assert "expected a latitude" not in html and "the upload was not imported" not in html


def test_a_syntax_error_along_a_one_line_file_is_placed_not_called_another_format(said):
    """A one-line file whose start is sound JSON breaks later: the page says where, as the API does."""
    assert said["one line"][0].startswith("not valid JSON at line 1, column 126 (character 125): trailing comma")
    assert "not GeoJSON" not in said["one line"][0]
    vi = messages("vi", TRANSLATIONS)
    assert "125" in problem_words.localized(said["one line"][0], vi)
    # A file that is no JSON at all from its first character is still said to be no GeoJSON.
    assert explain.readable_message("not valid JSON at line 1, column 1 (character 0): unexpected character",
                                    b"name,lon,lat\nA,105,11\n").startswith("this file is not GeoJSON")


def test_a_repaired_geometry_is_noted_without_asking_for_the_repair_again(said):
    note = next(n for n in said["repaired"] if "repaired" in n)
    assert "tick" not in note and "Self-intersection at [105.5, 11.5]" in note
    km = messages("km", TRANSLATIONS)
    assert "Self-intersection" not in problem_words.localized(note, km)


@pytest.mark.parametrize("lang, said", [("km", "មិនស្គាល់ CRS EPSG:99999"), ("vi", "CRS EPSG:99999 không xác định")])
def test_a_crs_given_with_the_upload_is_refused_in_the_readers_language(lang, said):
    raw = _fc(_point(105, 11))
    with pytest.raises(BordermapError) as refused:
        plan_import(raw, new_layer=make_layer("", title="Wells"), limits=LIMITS, crs="EPSG:99999")
    problems = explain.readable_problems(refused.value.problems, raw) or [
        explain.readable_message(refused.value.message, raw)]
    here = messages(lang, TRANSLATIONS)
    local = " ".join(problem_words.localized(problem, here) for problem in problems)
    assert said in local and "given with the upload" not in local and "unknown CRS" not in local, local


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_no_english_is_left_inside_the_sentences_of_the_commonest_mistakes(said, lang):
    """The reason a JSON reader gives and the examples of a CRS read in the reader's language too."""
    here = messages(lang, TRANSLATIONS)
    comma = problem_words.localized(said["one line"][0], here)
    projected = problem_words.localized(said["projected"][0], here)
    assert "trailing comma" not in comma and here.numeral(125) in comma
    assert "e.g." not in projected and " or " not in projected and "EPSG:32648" in projected


def test_the_checked_files_coordinates_are_named_in_the_readers_language(client):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post("/upload?lang=km", data={
        "file": (io.BytesIO(_fc(_point(105, 11))), "depot.geojson"), "target": "new", "new_title": "Depot",
        "action": "check"}, content_type="multipart/form-data").get_data(as_text=True)
    assert "រយៈបណ្ដោយ/រយៈទទឹង (EPSG:4326)" in page and "longitude/latitude (EPSG:4326)" not in page


def test_khmer_upload_problems_write_their_numbers_in_khmer_digits(client):
    """Review N6: "ធាតុទី 2 “Bowtie zone”" put Latin digits inside a Khmer sentence; the feature's
    number and the counts are written as the page writes numbers, the file's values as they are."""
    bow_tie = {**_polygon([[105, 11], [106, 12], [106, 11], [105, 12], [105, 11]]),
               "properties": {"name": "Bowtie zone"}}
    client.post("/unlock", data={"token": "test-editor-token"})
    for lang, said, not_said in (
            ("km", ("ធាតុទី ២ “Bowtie zone”", "[105.5, 11.5]"), ("ធាតុទី 2", "ធាតុទី ២ “Bowtie zone”: invalid")),
            ("vi", ("Đối tượng 2 “Bowtie zone”", "[105.5, 11.5]"), ("feature 2",))):
        page = client.post(f"/upload?lang={lang}", data={
            "file": (io.BytesIO(_fc(_point(105, 11), bow_tie)), "zones.geojson"), "target": "new",
            "new_title": "Zones", "action": "check"}, content_type="multipart/form-data")
        shown = " ".join(BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
            "[role=alert]").get_text(" ").split())
        assert page.status_code == 422
        for words in said:
            assert words in shown, (lang, words, shown)
        for words in not_said:
            assert words not in shown, (lang, words, shown)


def test_counts_in_a_khmer_problem_are_in_khmer_digits(said):
    """The line, column and character of a syntax error, and a ring's count of positions."""
    km = messages("km", TRANSLATIONS)
    syntax = problem_words.localized(said["one line"][0], km)
    assert "១២៦" in syntax and "១២៥" in syntax and "126" not in syntax and "125" not in syntax
    ring = problem_words.localized(said["short ring"][0], km)
    assert ring.startswith("ធាតុទី ១") and "៣" in ring and " 3" not in ring, ring
    # English keeps the library's figures.
    assert "line 1, column 126 (character 125)" in problem_words.localized(said["one line"][0], messages("en"))


@pytest.mark.parametrize("name, english", [
    ("png", "this file is an image (PNG), not a map file: upload GeoJSON, a GeoPackage, a zipped Shapefile, KML, "
            "CSV, FlatGeobuf or GPX"),
    ("jpeg", "this file is an image (JPEG), not a map file"),
    ("pdf", "this file is a PDF document, not a map file"),
    ("docx", "this file is a Word document, not a map file"),
    ("xlsx", "this file is an Excel workbook, not a map file: save the sheet as CSV with lon and lat columns"),
    ("binary", "this file is not text and not a map format bordermap reads"),
])
def test_a_file_that_is_no_map_is_said_to_be_what_it_is(said, name, english):
    """Review 10, M3: a picture was refused by quoting its bytes (“�PNG”); its kind says more."""
    assert said[name][0].startswith(english), said[name]
    for lang in ("km", "vi"):
        local = problem_words.localized(said[name][0], messages(lang, TRANSLATIONS))
        assert "\ufffd" not in local and "PNG\r" not in local and "not a map" not in local, local
        for kind in ("image", "PDF document", "Word document", "Excel workbook"):
            assert kind not in local, local  # the kind is translated with the sentence


def test_a_csv_row_is_named_in_the_readers_language(said):
    """Review 10, S7: the row, its name, the column and the value, the row's number in Khmer digits."""
    assert said["csv numbers"] == ["row 2 (A): lon is “abc”, not a number", "row 3 (B): lat is empty; expected a number"]
    km, vi = messages("km", TRANSLATIONS), messages("vi", TRANSLATIONS)
    assert [problem_words.localized(problem, vi) for problem in said["csv numbers"]] == [
        "Dòng 2 (A): lon là “abc”, không phải một số", "Dòng 3 (B): lat để trống; cần một số"]
    khmer = [problem_words.localized(problem, km) for problem in said["csv numbers"]]
    assert khmer[0].startswith("ជួរដេកទី ២ (A)៖ lon ") and "“abc”" in khmer[0], khmer
    assert khmer[1].startswith("ជួរដេកទី ៣ (B)៖ lat "), khmer


@pytest.mark.parametrize("lang, words", [("km", "ជារូបភាព (PNG)"), ("vi", "là một hình ảnh (PNG)")])
def test_the_upload_page_says_a_picture_is_no_map_in_the_readers_language(client, lang, words):
    client.post("/unlock", data={"token": "test-editor-token"})
    page = client.post(f"/upload?lang={lang}", data={
        "file": (io.BytesIO(NOT_MAPS["png"]), "photo.png"), "target": "new", "new_title": "Photo",
        "action": "check"}, content_type="multipart/form-data")
    shown = " ".join(BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
        "[role=alert]").get_text(" ").split())
    assert page.status_code == 400
    assert words in shown and "not a map file" not in shown and "PNG\r" not in shown and "\ufffd" not in shown, shown


def test_text_in_another_encoding_is_not_quoted_with_replacement_characters(said):
    """A Latin-1 file keeps the advice to save it as UTF-8, not “�t�” quoted from its first line."""
    assert said["latin-1"][0].startswith("not valid JSON at line 1, column 1 (byte 0): byte 0xE9 is not UTF-8 text")
    assert "\ufffd" not in said["latin-1"][0] and "\ufffd" not in said["text"][0]


@pytest.mark.parametrize("lang, figures, doubled", [("vi", "x 700.000…700.000, y 1.220.000…1.220.000", "ví dụ ví dụ"),
                                                    ("km", "x ៧០០,០០០…៧០០,០០០", "ឧទាហរណ៍ ឧទាហរណ៍")])
def test_the_figures_of_a_projected_file_are_written_as_the_page_writes_numbers(lang, figures, doubled):
    """Review 8, N1: "x 700,000…700,000" on a Vietnamese page that writes 200.000 elsewhere, and
    "for example" said twice in Khmer."""
    problem = ("features[0].geometry: expected longitude/latitude, got numbers that look projected (x 700,000…700,000, "
               "y 1,220,000…1,220,000 in 1 feature(s)) and the file declares no CRS; give the CRS, e.g. EPSG:32648 "
               "or EPSG:3405")
    said = problem_words.localized(problem, messages(lang))
    assert figures in said and doubled not in said, said
    assert "EPSG:32648" in said


@pytest.mark.parametrize("lang, number, position", [
    ("vi", "Đối tượng 2 “Depot Kampot”, coordinates: “10.6l” không phải là một số",
     "Đối tượng 2 “Depot Kampot”, coordinates: “104.18;10.61” không phải là một vị trí: cần kinh độ,vĩ độ"),
    ("km", "ធាតុទី ២ “Depot Kampot”, coordinates៖ “10.6l” មិនមែនជាលេខទេ",
     "ធាតុទី ២ “Depot Kampot”, coordinates៖ “104.18;10.61” មិនមែនជាទីតាំងទេ៖ ត្រូវការ រយៈបណ្ដោយ,រយៈទទឹង")])
def test_a_kml_coordinate_gdal_would_misread_is_named_in_the_readers_language(said, lang, number, position):
    """Review 12, M2: as a CSV's row, the feature (its number in the reader's digits), its name and the value."""
    assert said["kml number"] == ["feature 2 “Depot Kampot”, coordinates: “10.6l” is not a number"]
    here = messages(lang, TRANSLATIONS)
    assert problem_words.localized(said["kml number"][0], here) == number
    assert problem_words.localized(said["kml position"][0], here).startswith(position)
    assert "expected" not in problem_words.localized(said["kml empty"][0], here)


# Review 12, S3: each was English on a Khmer or Vietnamese page, with SQL or the server's path in it.
GIS_REFUSALS = {
    "gpkg damaged": ("the GeoPackage is damaged or cut short: it cannot be read as a database; save or copy it again",
                     {"km": "GeoPackage នេះខូច ឬមិនពេញលេញ", "vi": "Tệp GeoPackage bị hỏng hoặc bị thiếu phần cuối"}),
    "gpkg empty": ("the file holds no features", {"km": "ឯកសារនេះគ្មានធាតុណាមួយទេ", "vi": "Tệp không có đối tượng nào"}),
    "no such layer": ("source_layer: the file has no layer “nope”; it has “markets”, “piers”",
                      {"km": "ឯកសារនេះគ្មានស្រទាប់ “nope” ទេ៖ វាមាន “markets”, “piers”",
                       "vi": "tệp không có lớp “nope”; tệp có “markets”, “piers”"}),
    "kml broken": ("the KML file is not well-formed XML at line 7 (unclosed token): it may be damaged or cut short; "
                   "save or export it again", {"km": "ឯកសារ KML មិនមែនជា XML ត្រឹមត្រូវនៅបន្ទាត់ ៧ ទេ",
                                               "vi": "Tệp KML không phải XML hợp lệ ở dòng 7"}),
    "fgb cut short": ("the FlatGeobuf file is cut short: its header announces 2 features, 0 could be read",
                      {"km": "ប្រកាសថាមានធាតុ ២ ប៉ុន្តែអាចអានបានតែ ០", "vi": "phần đầu tệp ghi có 2 đối tượng"}),
    "not a gpkg": ("the file could not be read as GeoPackage: At least one of the required GeoPackage tables, "
                   "gpkg_spatial_ref_sys or gpkg_contents, is missing",
                   {"km": "មិនអាចអានឯកសារនេះជា GeoPackage បានទេ (ព័ត៌មានលម្អិតជាភាសាអង់គ្លេស៖ At least one",
                    "vi": "Không đọc được tệp dưới dạng GeoPackage (chi tiết bằng tiếng Anh: At least one"}),
}


@pytest.mark.parametrize("name", GIS_REFUSALS)
def test_a_gis_file_gdal_cannot_read_is_refused_in_a_sentence_of_ours(said, name):
    english, local = GIS_REFUSALS[name]
    assert said[name][0] == english
    for lang, words in local.items():
        shown = problem_words.localized(said[name][0], messages(lang, TRANSLATIONS))
        assert words in shown, (lang, shown)
        assert "sqlite" not in shown.lower() and "/tmp" not in shown and "upload.kml" not in shown, shown


@pytest.mark.parametrize("lang, words", [
    ("km", ("GeoPackage នេះខូច ឬមិនពេញលេញ", "ធាតុទី ២ “Depot Kampot”, coordinates៖ “10.6l” មិនមែនជាលេខទេ",
            "ស្រទាប់ក្នុងឯកសារ (ពេលវាមានច្រើន)៖ ឯកសារនេះគ្មានស្រទាប់ “nope” ទេ")),
    ("vi", ("Tệp GeoPackage bị hỏng hoặc bị thiếu phần cuối", "Đối tượng 2 “Depot Kampot”, coordinates: “10.6l” không "
            "phải là một số", "Lớp trong tệp (khi tệp có nhiều lớp): tệp không có lớp “nope”"))])
def test_the_upload_page_says_why_a_gis_file_is_refused_in_the_readers_language(client, lang, words):
    client.post("/unlock", data={"token": "test-editor-token"})
    shown = []
    for name, filename in (("gpkg damaged", "two.gpkg"), ("kml number", "depots.kml"), ("no such layer", "two.gpkg")):
        page = client.post(f"/upload?lang={lang}", data={
            "file": (io.BytesIO(FILES[name]), filename), "target": "new", "new_title": "Depots",
            "source_layer": SOURCE_LAYERS.get(name, ""), "action": "check"}, content_type="multipart/form-data")
        assert page.status_code in (400, 422), page.status_code
        shown.append(" ".join(BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
            "[role=alert]").get_text(" ").split()))
    for said_here, expected in zip(shown, words, strict=True):
        assert expected in said_here, (lang, said_here)
        assert "sqlite" not in said_here.lower() and "damaged" not in said_here and "not a number" not in said_here
