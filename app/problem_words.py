"""The upload page's problems and notes in the reader's language.

The library writes every problem in English (the API and the logs keep them so);
`bordermap.ingest.explain` names the feature (for the page and the command line) and adds a hint. Here the page puts
each one, as explain wrote it, into Khmer or Vietnamese: the problems editors meet most have a
sentence of their own in the catalogue, their figures and names carried over; a problem
without one keeps its English words, with the feature and the hint in the reader's language.
tests/test_problem_words.py makes the library write each of these problems and checks that its
sentence is found, so a change of wording in the library cannot go unnoticed.
"""

from __future__ import annotations

import re

from bordermap import revision_words
from bordermap.i18n import N_, Messages
from bordermap.ingest.formats import NAMES as FORMAT_NAMES
from bordermap.ingest.not_maps import KINDS as FILE_KINDS

from . import structure_words

# A problem about one field of a body ("features[0]: no feature with id 'x'"), its path and what
# is wrong there: the editors' forms, the commands and the API each say it at that field.
PROBLEM_PATH = re.compile(r"(?P<path>[\w.\[\]]+): (?P<message>.*)", re.S)

# The named groups that are counts or places in the file (feature 2, line 1, 300 characters),
# written in the reader's digits; the others are the file's own values and names, kept as written.
COUNTS = frozenset({"n", "line", "column", "at", "limit"})
FORMATS = frozenset(FORMAT_NAMES.values())
_FORMAT = "|".join(map(re.escape, FORMAT_NAMES.values()))  # a format as the library names it


# Each message as the library writes it (after "path: "), and the sentence the catalogue
# translates; the named groups are the figures and names, never translated. A third item
# names the groups of that message that are counts too.
def _table(entries: tuple[tuple, ...]) -> tuple[tuple[re.Pattern[str], str, frozenset[str]], ...]:
    return tuple((re.compile(pattern + r"\Z"), sentence, COUNTS | frozenset(more))
                 for pattern, sentence, *more in entries)


MESSAGES = _table(structure_words.BEFORE + (
    (r"expected a latitude within -90…90, got (?P<got>.+)",
     N_("expected a latitude within -90…90, got %(got)s")),
    (r"expected a longitude within -180…180, got (?P<got>.+)",
     N_("expected a longitude within -180…180, got %(got)s")),
    (r"expected a number, got (?P<got>.+)", N_("expected a number, got %(got)s")),
    (r"could not be reprojected: the positions lie outside the area where the CRS is defined",
     N_("could not be reprojected: the positions lie outside the area where the CRS is defined")),
    (r"expected one of (?P<allowed>.+), got (?P<got>.+)",
     N_("expected one of %(allowed)s, got %(got)s")),
    (r"a layer with id '(?P<id>[^']+)' already exists; choose it as the target or give the new layer another id",
     N_("a layer with id %(id)s already exists; choose it as the target or give the new layer another id")),
    (r"the checked file is no longer waiting for import; choose it and check it again",
     N_("the checked file is no longer waiting for import; choose it and check it again")),
    (r"since you checked it, this file was imported into '(?P<id>[^']+)' as revision (?P<n>\d+) \((?P<when>[^,]+), "
     r"by (?P<who>.+)\); it was not imported again",
     N_("since you checked it, this file was imported into %(id)s as revision %(n)s (%(when)s, by %(who)s); "
        "it was not imported again")),
    (r"the editor token is not valid", N_("the editor token is not valid")),
    (r"commitment '(?P<id>[^']+)' was changed by revision (?P<n>\d+) after you opened it, so nothing was saved: "
     r"open it again to see that change, then make yours",
     N_("commitment %(id)s was changed by revision %(n)s after you opened it, so nothing was saved: "
        "open it again to see that change, then make yours")),
    # A document's change (or a revert) that would break what cites it (bordermap.store.common_ledger).
    (r"commitment (?P<id>\S+) cites paragraph (?P<n>\d+): make it cite another paragraph first",
     N_("commitment %(id)s cites paragraph %(n)s: make it cite another paragraph first")),
    (r"status event (?P<id>\S+) cites paragraph (?P<n>\d+): correct it to cite another source, or retract it, first",
     N_("status event %(id)s cites paragraph %(n)s: correct it to cite another source, or retract it, first")),
    # A revert that would bring a citation back onto a paragraph rewritten since (common_ledger).
    (r"status event (?P<id>\S+) would cite paragraph (?P<n>\d+), reworded since: record it again, citing the "
     r"paragraph as it reads now, rather than bring it back",
     N_("status event %(id)s would cite paragraph %(n)s, reworded since: record it again, citing the paragraph "
        "as it reads now, rather than bring it back")),
    (r"commitment (?P<id>\S+) would cite paragraph (?P<n>\d+), reworded since: edit the commitment instead, "
     r"citing the paragraph as it reads now",
     N_("commitment %(id)s would cite paragraph %(n)s, reworded since: edit the commitment instead, citing the "
        "paragraph as it reads now")),
    (r"this status event is already in the record as (?P<id>\S+) \(the same day, status, source and note\): "
     r"correct that one if it needs it",
     N_("this status event is already in the record as %(id)s (the same day, status, source and note): correct "
        "that one if it needs it")),
    (r"event '(?P<id>[^']+)' was changed by revision (?P<n>\d+) after you opened it, so nothing was saved: "
     r"open it again to see that change, then make yours",
     N_("status event %(id)s was changed by revision %(n)s after you opened it, so nothing was saved: what is "
        "stored now is shown above the form")),
    (r"commitment '(?P<id>[^']+)' is retired: revert its retirement before giving it a status",
     N_("commitment %(id)s is retired: revert its retirement before giving it a status")),
    (r"commitment '(?P<id>[^']+)' is retired: revert its retirement before changing it",
     N_("commitment %(id)s is retired: revert its retirement before changing it")),
    (r"a ring needs at least 4 positions, got (?P<got>\d+)",
     N_("a ring needs at least 4 positions, got %(got)s"), "got"),
    (r"ring is not closed \(first (?P<first>\[.*?\]), last (?P<last>\[.*?\])\)",
     N_("ring is not closed (first %(first)s, last %(last)s)")),
    (r"invalid (?P<kind>\w+): Self-intersection at (?P<at>\[.*\]); ask for a repair to fix it "
     r"\(--repair, or the repair box\)",
     N_("invalid %(kind)s: its outline crosses itself at %(at)s")),
    (r"invalid (?P<kind>\w+): (?P<reason>.+); ask for a repair to fix it \(--repair, or the repair box\)",
     N_("invalid %(kind)s: %(reason)s")),
    (r"expected a title for the new layer, got nothing", N_("give the new layer a title")),
    (r"expected an id of lowercase letters, digits and hyphens \(like special-zones\), got (?P<got>.+)",
     N_("expected an id of lowercase letters, digits and hyphens (like special-zones), got %(got)s")),
    (r"expected an id that does not begin with gpkg \(GeoPackage keeps such names for itself\) and is not "
     r"commitments, documents, links or licences \(tables of the downloads\), got (?P<got>.+)",
     N_("expected an id that does not begin with gpkg (GeoPackage keeps such names for itself) and is not "
        "commitments, documents, links or licences (tables of the downloads), got %(got)s")),
    (r"expected a geometry object, got null \(a feature without a location cannot be drawn\)",
     N_("expected a geometry object, got null (a feature without a location cannot be drawn)")),
    (r"expected plain text, got a control character U\+(?P<code>[0-9A-F]{4,6}) at character (?P<at>\d+): remove it",
     N_("expected plain text, got a control character U+%(code)s at character %(at)s: remove it")),
    (r"expected one line of text, got a line break or tab U\+(?P<code>[0-9A-F]{4}) at character (?P<at>\d+): "
     r"put it on one line",
     N_("expected one line of text, got a line break or tab U+%(code)s at character %(at)s: put it on one "
        "line")),
    (r"text is (?P<n>[\d,]+) characters long; the limit is (?P<limit>[\d,]+): shorten it",
     N_("text is %(n)s characters long; the limit is %(limit)s: shorten it")),
    (r"key (?P<key>'.*') appears (?P<n>\d+) times; expected each key once in an object",
     N_("key %(key)s appears %(n)s times; expected each key once in an object")),
    (r"expected an array of Features, got (?P<got>.+)",
     N_("expected an array of Features, got %(got)s")),
    (r"expected a CRS code such as EPSG:32648, got (?P<got>.+)",
     N_("expected a CRS code such as EPSG:32648, got %(got)s")),
    (r"the upload is empty: expected a GeoJSON Feature or FeatureCollection",
     N_("the upload is empty: expected a GeoJSON Feature or FeatureCollection")),
    (r"not valid JSON at line (?P<line>\d+), column (?P<column>\d+) \(character (?P<at>\d+)\): (?P<what>.+)",
     N_("not valid JSON at line %(line)s, column %(column)s (character %(at)s): %(what)s")),
    (r"the file is a ZIP archive without a Shapefile \(\.shp with its \.shx, \.dbf and \.prj\) or KML inside: zip "
     r"those, or upload a \.geojson or \.gpkg file",
     N_("the file is a ZIP archive without a Shapefile (.shp with its .shx, .dbf and .prj) or KML inside: zip those "
        "files, or upload a .geojson or .gpkg file")),
    (r"the CSV file is not UTF-8 text \(line (?P<line>[\d,]+) is not\): save it as “CSV UTF-8 \(Comma delimited\)” "
     r"and upload it again, or choose the encoding it was written in",
     N_("the CSV file is not UTF-8 text (line %(line)s is not): save it as “CSV UTF-8 (Comma delimited)” and upload "
        "it again, or choose its “Text encoding”")),
    (r"the CSV file is not UTF-8 text \(line (?P<line>[\d,]+) is not\); it reads as Vietnamese in Windows-1258: "
     r"choose that encoding with the upload, or save it as “CSV UTF-8 \(Comma delimited\)” and upload it again",
     N_("the CSV file is not UTF-8 text (line %(line)s is not); it reads as Vietnamese in Windows-1258: choose "
        "“Vietnamese (Windows-1258)” under “Text encoding”, or save it as “CSV UTF-8 (Comma delimited)” and upload it "
        "again")),
    (r"the CSV file is not (?P<encoding>[\w-]+) text \(line (?P<line>[\d,]+) is not\): choose the encoding it was "
     r"written in",
     N_("the CSV file is not %(encoding)s text (line %(line)s is not): choose the “Text encoding” it was written in")),
    (r"the Shapefile's text is not (?P<encoding>[\w-]+) \(byte (?P<byte>0x[0-9A-F]{2}) in (?P<name>“.*”), feature "
     r"(?P<n>\d+)\): choose the encoding the file was written in",
     N_("the Shapefile's text is not %(encoding)s (byte %(byte)s in %(name)s, feature %(n)s): choose the “Text "
        "encoding” the file was written in")),
    (r"the Shapefile does not say how its text is encoded \(it has no \.cpg file\); its letters read as Vietnamese "
     r"in Windows-1258 and were read so: if they look wrong, choose the file's encoding with the upload",
     N_("the Shapefile does not say how its text is encoded (it has no .cpg file); its letters read as Vietnamese "
        "in Windows-1258 and were read so: if they look wrong, choose the file's “Text encoding” and check again")),
    (r"the Shapefile does not say how its text is encoded \(it has no \.cpg file\); it was read as "
     r"(?P<encoding>[\w-]+): if letters look wrong, choose the file's encoding with the upload",
     N_("the Shapefile does not say how its text is encoded (it has no .cpg file); it was read as %(encoding)s: "
        "if letters look wrong, choose the file's “Text encoding” and check again")),
    (r"the Shapefile's text is not (?P<encoding>[\w-]+) \(byte (?P<byte>0x[0-9A-F]{2}) in the field name "
     r"(?P<name>“.*”)\): choose the encoding the file was written in",
     N_("the Shapefile's text is not %(encoding)s (byte %(byte)s in the field name %(name)s): choose the “Text "
        "encoding” the file was written in")),
    (r"the Shapefile says its text is (?P<declared>[\w-]+), but it reads as (?P<found>[\w-]+) and was read so: if "
     r"letters look wrong, choose the file's encoding with the upload",
     N_("the Shapefile says its text is %(declared)s, but it reads as %(found)s and was read so: if letters look "
        "wrong, choose the file's “Text encoding” and check again")),
    (r"the Shapefile's text is (?P<plainly>[\w-]+), not the (?P<given>[\w-]+) chosen: choose [\w-]+",
     N_("the Shapefile's text is %(plainly)s, not the %(given)s chosen: choose %(plainly)s under “Text encoding”")),
    (r"the CSV file is (?P<plainly>[\w-]+) text, not the (?P<given>[\w-]+) chosen: choose [\w-]+",
     N_("the CSV file is %(plainly)s text, not the %(given)s chosen: choose %(plainly)s under “Text encoding”")),
    (r"the text reads as Vietnamese in Windows-1258, not as the (?P<given>[\w-]+) chosen; it was read as chosen: "
     r"check its letters",
     N_("the text reads as Vietnamese in Windows-1258, not as the %(given)s chosen; it was read as chosen: check its "
        "letters")),
    (r"expected utf-8, windows-1258, windows-1252 or iso-8859-1, got (?P<got>.+)",
     N_("expected utf-8, windows-1258, windows-1252 or iso-8859-1, got %(got)s")),
    (r"a (?P<kind>.+) file says how its text is encoded; an encoding is chosen only for a Shapefile or a CSV file",
     N_("a %(kind)s file says how its text is encoded; a “Text encoding” is chosen only for a Shapefile or a CSV "
        "file")),
    (r"a GeoJSON file is UTF-8 \(or says it is UTF-16 or UTF-32\); an encoding is chosen only for a Shapefile or a "
     r"CSV file",
     N_("a GeoJSON file is UTF-8 (or says it is UTF-16 or UTF-32); a “Text encoding” is chosen only for a "
        "Shapefile or a CSV file")),
    (r"the zipped Shapefile lacks (?P<missing>.+): a Shapefile is its \.shp, \.shx and \.dbf files together \(and "
     r"its \.prj\); zip them all and upload that",
     N_("the zipped Shapefile lacks %(missing)s: a Shapefile is its .shp, .shx and .dbf files together (and its "
        ".prj); zip them all and upload that")),
    (r"the zipped Shapefile unpacks to (?P<n>[\d,]+) bytes; the limit is (?P<limit>[\d,]+) "
     r"\(4 times the upload limit\)",
     N_("the zipped Shapefile unpacks to %(n)s bytes; the limit is %(limit)s (4 times the upload limit)")),
    (r"the KMZ unpacks to (?P<n>[\d,]+) bytes; the limit is (?P<limit>[\d,]+) \(4 times the upload limit\)",
     N_("the KMZ unpacks to %(n)s bytes; the limit is %(limit)s (4 times the upload limit)")),
    (r"the ZIP archive unpacks to (?P<n>[\d,]+) bytes; the limit is (?P<limit>[\d,]+) \(4 times the upload limit\)",
     N_("the ZIP archive unpacks to %(n)s bytes; the limit is %(limit)s (4 times the upload limit)")),
    (r"the Shapefile (?P<name>“.+”) is (?P<n>[\d,]+) bytes unpacked: more positions than the limit of "
     r"(?P<limit>[\d,]+)",
     N_("the Shapefile %(name)s is %(n)s bytes unpacked: more positions than the limit of %(limit)s")),
    (r"the zipped Shapefile's (?P<name>“.+”) is not a (?P<part>\.[a-z]+) file \(it does not begin as one\): zip the "
     r"Shapefile's own \.shp, \.shx, \.dbf and \.prj and upload that",
     N_("the zipped Shapefile's %(name)s is not a %(part)s file (it does not begin as one): zip the Shapefile's own "
        ".shp, .shx, .dbf and .prj and upload that")),
    (r"the zipped Shapefile's (?P<name>“.+”) is cut short: it is (?P<size>[\d,]+) bytes, where its index "
     r"(?P<index>“.+”) says its (?P<n>[\d,]+) features take (?P<needed>[\d,]+) bytes, and it holds (?P<whole>[\d,]+) "
     r"of them whole: export or copy the Shapefile again and upload that",
     N_("the zipped Shapefile's %(name)s is cut short: it is %(size)s bytes, where its index %(index)s says its "
        "%(n)s features take %(needed)s bytes, and it holds %(whole)s of them whole: export or copy the Shapefile "
        "again and upload that"), "size", "needed", "whole"),
    (r"the ZIP archive holds a file named as its Shapefiles' folder, (?P<name>“.+”): zip the Shapefiles' own \.shp, "
     r"\.shx, \.dbf and \.prj and upload that",
     N_("the ZIP archive holds a file named as its Shapefiles' folder, %(name)s: zip the Shapefiles' own .shp, "
        ".shx, .dbf and .prj and upload that")),
    (r"the GeoPackage's layer (?P<name>“.+”) is a view \(a query over other tables\), not a table: save it as a "
     r"layer of its own \(in QGIS, Export > Save Features As\) and upload that",
     N_("the GeoPackage's layer %(name)s is a view (a query over other tables), not a table: save it as a layer of "
        "its own (in QGIS, Export > Save Features As) and upload that")),
    (r"the GeoPackage's layer (?P<name>“.+”) computes its column (?P<column>“.+”) as it is read: save it as a layer "
     r"of its own \(in QGIS, Export > Save Features As\) and upload that",
     N_("the GeoPackage's layer %(name)s computes its column %(column)s as it is read: save it as a layer of its own "
        "(in QGIS, Export > Save Features As) and upload that")),
    (r"the GeoPackage's own table (?P<name>“.+”) is a view \(a query\), not a table: the file was not written by a "
     r"GIS; save the layer again \(in QGIS, Export > Save Features As\) and upload that",
     N_("the GeoPackage's own table %(name)s is a view (a query), not a table: the file was not written by a GIS; "
        "save the layer again (in QGIS, Export > Save Features As) and upload that")),
    (r"the GeoPackage's own table (?P<name>“.+”) computes its column (?P<column>“.+”) as it is read: the file was "
     r"not written by a GIS; save the layer again \(in QGIS, Export > Save Features As\) and upload that",
     N_("the GeoPackage's own table %(name)s computes its column %(column)s as it is read: the file was not written "
        "by a GIS; save the layer again (in QGIS, Export > Save Features As) and upload that")),
    # A file whose content is not of the kind it was taken for (bordermap.ingest.formats).
    (r"the file is not a (?P<kind>KML|GPX) file: its first element is (?P<element>“.+”), where a (?:KML|GPX) file "
     r"starts with <(?P<tag>kml|gpx)>",
     N_("the file is not a %(kind)s file: its first element is %(element)s, where such a file starts with <%(tag)s>")),
    (r"the file is not a (?P<kind>KML|GPX) file: its first element is missing, where a (?:KML|GPX) file starts "
     r"with <(?P<tag>kml|gpx)>",
     N_("the file is not a %(kind)s file: it has no first element, where such a file starts with <%(tag)s>")),
    (r"the file is not a CSV file: it holds XML \(it starts with “<”\); upload the table itself, saved as CSV",
     N_("the file is not a CSV file: it holds XML (it starts with “<”); upload the table itself, saved as CSV")),
    (r"a value of this change is too large for the database to store: (?P<detail>.+)",
     N_("a value of this change is too large for the database to store (PostgreSQL says: %(detail)s); nothing was "
        "stored")),
    (r"the (?P<kind>.+) file holds no layer with features",
     N_("no layer of this %(kind)s file holds features")),
    (r"the file holds (?P<n>\d+) layers: (?P<names>.+); choose one \(source_layer\)",
     N_("the file holds %(n)s layers: %(names)s; choose one under “Layer in the file”")),
    (r"(?P<n>\d+) feature\(s\) lie outside the Cambodia–Viet Nam region \(longitude 102–110, latitude 8–24\): "
     r"(?P<which>.+); check the coordinates and the CRS \(a UTM file needs its zone, e\.g\. EPSG:32648 for 48N\)",
     N_("%(n)s feature(s) lie outside the Cambodia–Viet Nam region (longitude 102–110, latitude 8–24): "
        "%(which)s; check the coordinates and the CRS (a UTM file needs its zone, e.g. EPSG:32648 for 48N)")),
    (r"empty \(null\) values were dropped: (?P<names>.+)",
     N_("empty (null) values were dropped: %(names)s")),
    (r"winding order normalised on (?P<n>\d+) feature\(s\): exterior rings counterclockwise, holes clockwise "
     r"\(RFC 7946\)",
     N_("winding order normalised on %(n)s feature(s): exterior rings counterclockwise, holes clockwise "
        "(RFC 7946)")),
    (r"the third coordinate \(elevation\) was dropped on (?P<n>\d+) feature\(s\); bordermap keeps longitude and "
     r"latitude",
     N_("the third coordinate (elevation) was dropped on %(n)s feature(s); bordermap keeps longitude and latitude")),
    (r"(?P<value>\S+) is not a coordinate in any CRS \(expected longitude/latitude in degrees, or metres\); check "
     r"how the file was written",
     N_("%(value)s is not a coordinate in any CRS (expected longitude/latitude in degrees, or metres); check how "
        "the file was written")),
    (r"expected longitude/latitude, got numbers that look projected \((?P<numbers>.+) in (?P<n>\d+) feature\(s\)\) "
     r"and the file declares no CRS; give the CRS, (?P<examples>e\.g\. .+)",
     N_("expected longitude/latitude, got numbers that look projected (%(numbers)s in %(n)s feature(s)) and the "
        "file declares no CRS; give the CRS, %(examples)s")),
    (r"expected longitude/latitude, got numbers that look projected \((?P<numbers>.+) in (?P<n>\d+) feature\(s\)\) "
     r"and the CRS is (?P<crs>.+), which is in degrees; give the projected CRS instead, (?P<examples>e\.g\. .+)",
     N_("expected longitude/latitude, got numbers that look projected (%(numbers)s in %(n)s feature(s)) and the "
        "CRS is %(crs)s, which is in degrees; give the projected CRS instead, %(examples)s")),
    (r"expected metres in (?P<crs>.+), got numbers that look like longitude/latitude \(x (?P<x>\S+)\); leave the "
     r"CRS out if the file is in longitude/latitude",
     N_("expected metres in %(crs)s, got numbers that look like longitude/latitude (x %(x)s); leave the CRS out "
        "if the file is in longitude/latitude")),
    (r"latitude (?P<lat>\S+) is outside -90…90; the positions look like \[latitude, longitude\] \(first "
     r"(?P<first>\S+), second (?P<second>\S+)\) but GeoJSON order is \[longitude, latitude\]",
     N_("latitude %(lat)s is outside -90…90; the positions look like [latitude, longitude] (first %(first)s, "
        "second %(second)s) but GeoJSON order is [longitude, latitude]")),
    (r"expected longitude/latitude, got numbers that look projected \((?P<numbers>.+) in (?P<n>\d+) feature\(s\)\) "
     r"and the Shapefile has no \.prj; give its CRS, (?P<examples>e\.g\. .+)",
     N_("expected longitude/latitude, got numbers that look projected (%(numbers)s in %(n)s feature(s)) and the "
        "Shapefile has no .prj; give its CRS, %(examples)s")),
    (r"expected metres in (?P<crs>.+), got numbers that look like longitude/latitude \(x (?P<x>\S+)\); correct the "
     r"Shapefile's \.prj, or leave it out, if the file is in longitude/latitude",
     N_("expected metres in %(crs)s, got numbers that look like longitude/latitude (x %(x)s); correct the "
        "Shapefile's .prj, or leave it out, if the file is in longitude/latitude")),
    (r"latitude (?P<lat>\S+) is outside -90…90; the lon and lat columns look swapped \(lon (?P<first>\S+), lat "
     r"(?P<second>\S+)\)",
     N_("latitude %(lat)s is outside -90…90; the lon and lat columns look swapped (lon %(first)s, lat %(second)s)")),
    (r"unknown CRS (?P<crs>\S+): it is not in the EPSG register that pyproj knows",
     N_("unknown CRS %(crs)s: it is not in the EPSG register that pyproj knows")),
    (r"expected an object or null, got nothing \(the member is required\)",
     N_("expected an object or null, got nothing (the member is required)")),
    (r"repaired \(Self-intersection at (?P<at>\[.*?\])\); now a (?P<kind>\w+)",
     N_("repaired (its outline crossed itself at %(at)s); now a %(kind)s")),
    # A file that is no map at all (bordermap.ingest.not_maps, explain.readable_message).
    (r"this file is (?P<what>.+), not a map file: upload GeoJSON, a GeoPackage, a zipped Shapefile, KML, CSV, "
     r"FlatGeobuf or GPX",
     N_("this file is %(what)s, not a map file: upload GeoJSON, a GeoPackage, a zipped Shapefile, KML, CSV, "
        "FlatGeobuf or GPX")),
    (r"this file is (?P<what>.+), not a map file: save the sheet as CSV with lon and lat columns \(or a WKT column\) "
     r"and upload that, or upload GeoJSON, a GeoPackage, a zipped Shapefile, KML, CSV, FlatGeobuf or GPX",
     N_("this file is %(what)s, not a map file: save the sheet as CSV with lon and lat columns (or a WKT column) "
        "and upload that, or upload GeoJSON, a GeoPackage, a zipped Shapefile, KML, CSV, FlatGeobuf or GPX")),
    (r"this file is (?P<what>.+), not a map file: if it lists places, give it a header row with lon and lat columns "
     r"\(or a WKT column\), separated by commas, and upload it as a \.csv file, or upload GeoJSON, a GeoPackage, a "
     r"zipped Shapefile, KML, CSV, FlatGeobuf or GPX",
     N_("this file is %(what)s, not a map file: if it lists places, give it a header row with lon and lat columns "
        "(or a WKT column), separated by commas, and upload it as a .csv file, or upload GeoJSON, a GeoPackage, a "
        "zipped Shapefile, KML, CSV, FlatGeobuf or GPX")),
    (r"the file is empty", N_("the file is empty")),
    (r"this file is not text and not a map format bordermap reads: upload GeoJSON, a GeoPackage, a zipped "
     r"Shapefile, KML, CSV, FlatGeobuf or GPX",
     N_("this file is not text and not a map format bordermap reads: upload GeoJSON, a GeoPackage, a zipped "
        "Shapefile, KML, CSV, FlatGeobuf or GPX")),
    (r"this file is not GeoJSON: it starts with “(?P<head>.*)”; expected a JSON object beginning with "
     r"\{\"type\": \"FeatureCollection\" or \{\"type\": \"Feature\"\.",
     N_("this file is not GeoJSON: it starts with “%(head)s”; expected a JSON object beginning with "
        "{\"type\": \"FeatureCollection\" or {\"type\": \"Feature\".")),
    (r"this file is not GeoJSON: it starts with “(?P<head>.*)”, which looks like a table \(CSV\)\. Give it lon and "
     r"lat columns \(or a WKT column\) and upload it as a \.csv file, or convert it to GeoJSON \(in QGIS: Export › "
     r"Save Features As › GeoJSON\)\.",
     N_("this file is not GeoJSON: it starts with “%(head)s”, which looks like a table (CSV). Give it lon and "
        "lat columns (or a WKT column) and upload it as a .csv file, or convert it to GeoJSON (in QGIS: Export › "
        "Save Features As › GeoJSON).")),
    (r"the file is a ZIP archive that cannot be opened \(cut short\?\): zip the Shapefile's \.shp, \.shx, \.dbf "
     r"and \.prj again and upload that",
     N_("the file is a ZIP archive that cannot be opened (cut short?): zip the Shapefile's .shp, .shx, .dbf and "
        ".prj again and upload that")),
    (r"the file is gzip-compressed, not GeoJSON text: decompress it \(gunzip\) and upload the \.geojson file "
     r"inside",
     N_("the file is gzip-compressed, not GeoJSON text: decompress it (gunzip) and upload the .geojson file "
        "inside")),
    (r"not valid JSON at line (?P<line>\d+), column (?P<column>\d+) \(byte (?P<at>[\d,]+)\): byte "
     r"(?P<byte>0x[0-9A-F]{2}) is not UTF-8 text; the file may be in Latin-1 or Windows-1252: save it as UTF-8 "
     r"and upload it again",
     N_("not valid JSON at line %(line)s, column %(column)s (byte %(at)s): byte %(byte)s is not UTF-8 text; the "
        "file may be in Latin-1 or Windows-1252: save it as UTF-8 and upload it again")),
    # A CSV row GDAL could not place (bordermap.ingest.csv_rows), after "row 2 (name): ".
    (r"(?P<field>.+) is “(?P<value>.*)”, not a number",
     N_("%(field)s is “%(value)s”, not a number")),
    (r"(?P<field>\w+) is missing; expected a number", N_("%(field)s is missing; expected a number")),
    (r"(?P<field>.+) is empty; expected a number",
     N_("%(field)s is empty; expected a number")),
    (r"(?P<field>.+) is “(?P<value>.*)”, not a geometry in WKT \(such as (?P<example>.+)\)",
     N_("%(field)s is “%(value)s”, not a geometry in WKT (such as %(example)s)")),
    (r"(?P<field>.+) is empty; expected a geometry in WKT, such as (?P<example>.+)",
     N_("%(field)s is empty; expected a geometry in WKT, such as %(example)s")),
    # A KML coordinate GDAL would read as another place (bordermap.ingest.kml_coordinates), after
    # "feature 2 “Depot”, coordinates: ".
    (r"“(?P<value>.*)” is not a number",
     N_("“%(value)s” is not a number")),
    (r"“(?P<value>.*)” is not a position: expected longitude,latitude or longitude,latitude,altitude \(numbers "
     r"separated by commas, positions by spaces\)",
     N_("“%(value)s” is not a position: expected longitude,latitude or longitude,latitude,altitude (numbers "
        "separated by commas, positions by spaces)")),
    (r"no positions: expected longitude,latitude or longitude,latitude,altitude \(numbers separated by commas, "
     r"positions by spaces\)",
     N_("no positions: expected longitude,latitude or longitude,latitude,altitude (numbers separated by commas, "
        "positions by spaces)")),
    # A GIS file GDAL cannot read, or that holds nothing (bordermap.ingest.formats, gdal_errors).
    (r"the GeoPackage is damaged or cut short: it cannot be read as a database; save or copy it again",
     N_("the GeoPackage is damaged or cut short: it cannot be read as a database; save or copy it again")),
    (r"the KML file is not well-formed XML at line (?P<line>\d+) \((?P<detail>.+)\): it may be damaged or cut "
     r"short; save or export it again",
     N_("the KML file is not well-formed XML at line %(line)s (%(detail)s): it may be damaged or cut short; save "
        "or export it again")),
    (r"the GPX file is not well-formed XML at line (?P<line>\d+) \((?P<detail>.+)\): it may be damaged or cut "
     r"short; save or export it again",
     N_("the GPX file is not well-formed XML at line %(line)s (%(detail)s): it may be damaged or cut short; save "
        "or export it again")),
    (rf"the file could not be read as (?P<kind>{_FORMAT}): (?P<detail>.+)",
     N_("the file could not be read as %(kind)s: %(detail)s")),
    (r"the descriptions of (?P<n>[\d,]+) feature\(s\) were HTML, as GIS programs write them in KML: each is kept "
     r"as its text, a table row as “name: value”",
     N_("the descriptions of %(n)s feature(s) were HTML, as GIS programs write them in KML: each is kept as its "
        "text, a table row as “name: value”")),
    (r"this document is already in the record as (?P<id>\S+) \(the same title, publisher, date and text\): cite "
     r"that one, or edit it",
     N_("this document is already in the record as %(id)s (the same title, publisher, date and text): cite that "
        "one, or edit it")),
    (r"this commitment is already in the record as (?P<id>\S+) \(the same document, paragraph and summary\): edit "
     r"that one, or say in the summary what differs",
     N_("this commitment is already in the record as %(id)s (the same document, paragraph and summary): edit that "
        "one, or say in the summary what differs")),
    (r"the FlatGeobuf file is cut short: it ends inside its header, before any feature",
     N_("the FlatGeobuf file is cut short: it ends inside its header, before any feature")),
    (r"the FlatGeobuf file is cut short: its header announces (?P<n>[\d,]+) features, (?P<got>[\d,]+) could be "
     r"read",
     N_("the FlatGeobuf file is cut short: its header announces %(n)s features, %(got)s could be read"), "got"),
    (r"the file holds no features",
     N_("the file holds no features")),
    (r"the layer “(?P<name>.*)” holds no features",
     N_("the layer “%(name)s” holds no features")),
    (r"expected at least one Feature, got an empty array",
     N_("expected at least one Feature, got an empty array")),
    (r"the file has no layer “(?P<name>.*?)”; it has (?P<names>.+)",
     N_("the file has no layer “%(name)s”; it has %(names)s")),
    (r"the layer holds (?P<n>[\d,]+) features; the limit is (?P<limit>[\d,]+)",
     N_("the layer holds %(n)s features; the limit is %(limit)s")),
    (r"the CSV file has no geometry; a CSV needs lon and lat columns, or a WKT column",
     N_("the CSV file has no geometry; a CSV needs lon and lat columns, or a WKT column")),
    (rf"the (?P<kind>{_FORMAT}) file has no geometry",
     N_("the %(kind)s file has no geometry")),
    (r"the file's coordinate system \((?P<crs>.+)\) has no EPSG code bordermap can reproject from; give the code "
     r"with the upload \(crs=EPSG:N\)",
     N_("the file's coordinate system (%(crs)s) has no EPSG code bordermap can reproject from; give the code with "
        "the upload (crs=EPSG:N)")),
    (r"(?P<n>\d+) feature\(s\) of this file are already in (?P<id>\S+) with the same id and geometry: importing "
     r"adds each a second time, under a new id",
     N_("%(n)s feature(s) of this file are already in %(id)s with the same id and geometry: importing adds each a "
        "second time, under a new id")),
    (r"(?P<n>\d+) feature id\(s\) were empty: they get new ids on import",
     N_("%(n)s feature id(s) were empty: they get new ids on import")),
    (r"(?P<n>\d+) feature id\(s\) were not usable as ids \(letters, digits, '\.', '_', '~', '-'; at most 128 "
     r"characters\): they get new ids on import and keep the original as source_id",
     N_("%(n)s feature id(s) were not usable as ids (letters, digits, '.', '_', '~', '-'; at most 128 "
        "characters): they get new ids on import and keep the original as source_id")),
    (r"(?P<n>\d+) feature id\(s\) were repeated within the file: they get new ids on import and keep the original "
     r"as source_id",
     N_("%(n)s feature id(s) were repeated within the file: they get new ids on import and keep the original as "
        "source_id")),
    (r"(?P<n>\d+) feature id\(s\) were already used in the store: they get new ids on import and keep the "
     r"original as source_id",
     N_("%(n)s feature id(s) were already used in the store: they get new ids on import and keep the "
        "original as source_id")),
) + structure_words.ENTRIES)

# The same file again into the layer it went into (review rv19, M1): sentences of the upload
# page, which has a box to tick for it; the command line keeps the library's words, which name
# its option.
PAGE_MESSAGES = _table((
    # The layer chosen, deleted by another editor between the check and the import (review rv21e, F3).
    (r"no layer with id '(?P<id>[^']+)'; to create it, give a title for the new layer",
     N_("the layer %(id)s is no longer there (another editor may have deleted it since the check): choose "
        "another layer of yours, or “A new layer”, and check the file again")),
    # A new layer whose id an import of the same file took (review rv21b, M5): the page names its
    # own controls, where the library names the API's parameter.
    (r"this file was already imported into a new layer '(?P<id>[^']+)' as revision (?P<n>\d+); to add it again, "
     r"import it into that layer with allow_duplicate",
     N_("this file was already imported as revision %(n)s, into the layer %(id)s it made: to add its features a "
        "second time, choose %(id)s under “A layer of yours”, check the file again and tick “Import it again”")),
    (r"this file was already imported into (?P<id>[^ ;]+) as revision (?P<n>\d+); importing it again needs "
     r"allow_duplicate",
     N_("this file was already imported into %(id)s as revision %(n)s: tick “Import it again” beside the button to "
        "add its features a second time")),
    (r"this file \(SHA-256 [0-9a-f]+…\) was already imported into layer '(?P<id>[^']+)' as revision (?P<n>\d+) "
     r"\(.+\); importing it again would add its features twice\. To import it again anyway, ask for a duplicate "
     r"import \(allow_duplicate\)",
     N_("this file was already imported into layer %(id)s as revision %(n)s; importing it again would add its "
        "features twice: tick “Import it again” beside the button to do so anyway")),
))
# The same, on the command line, where the library's parameter is its option (cli._as_options).
CLI_MESSAGES = _table((
    (r"give --layer with the id of a layer of yours, or --new-layer-title with a title for a new layer",
     N_("give --layer with the id of a layer of yours, or --new-layer-title with a title for a new layer")),
    (r"no layer with id '(?P<id>[^']+)'; to create it, give --new-layer-title",
     N_("there is no layer %(id)s; to make it, give --new-layer-title")),
    (r"invalid (?P<kind>\w+): Self-intersection at (?P<at>\[.*\]); ask for a repair to fix it "
     r"\(--repair, or the repair box\)",
     N_("invalid %(kind)s: its outline crosses itself at %(at)s; add --repair to repair it, or correct the outline "
        "in a GIS")),
    (r"invalid (?P<kind>\w+): (?P<reason>.+); ask for a repair to fix it \(--repair, or the repair box\)",
     N_("invalid %(kind)s: %(reason)s; add --repair to repair it, or correct it in a GIS")),
    (r"this file was already imported into a new layer '(?P<id>[^']+)' as revision (?P<n>\d+); to add it again, "
     r"import it into that layer with --allow-duplicate",
     N_("this file was already imported as revision %(n)s, into the layer %(id)s it made: to add its features a "
        "second time, import it with --layer %(id)s (no new layer) and --allow-duplicate")),
    (r"this file \(SHA-256 [0-9a-f]+…\) was already imported into layer '(?P<id>[^']+)' as revision (?P<n>\d+) "
     r"\(.+\); importing it again would add its features twice\. To import it again anyway, ask for a duplicate "
     r"import \(--allow-duplicate\)",
     N_("this file was already imported into layer %(id)s as revision %(n)s; importing it again would add its "
        "features twice: add --allow-duplicate to do so anyway")),
))
_ON_THE_PAGE = PAGE_MESSAGES + MESSAGES
_ON_THE_COMMAND_LINE = CLI_MESSAGES + MESSAGES

# The hints explain adds after " — ".
HINTS = _table((
    (r"`(?P<key>\w+)` is a property bordermap reserves \(it means the same on every layer\), so its values are "
     r"fixed\. To keep your own value, rename the property in the file \(for example `\w+_source` or `site_\w+`\) "
     r"and upload it again\.",
     N_("`%(key)s` is a property bordermap reserves (it means the same on every layer), so its values are "
        "fixed. To keep your own value, rename the property in the file (for example `%(key)s_source` or "
        "`site_%(key)s`) and upload it again.")),
    (r"tick “Repair invalid geometries” to close it \(its first position is repeated at its end\)\.",
     N_("tick “Repair invalid geometries” to close it (its first position is repeated at its end).")),
    (r"tick “Repair invalid geometries”, or correct the outline in a GIS\.",
     N_("tick “Repair invalid geometries”, or correct the outline in a GIS.")),
))

# The upload form's fields, as the library names them in a problem.
FIELDS = {"source_layer": N_("Layer in the file (when it holds several)"), "author": N_("Your name"),
          "encoding": N_("Text encoding"),
          "crs (given with the upload)": N_("CRS of the coordinates (given with the upload)")}

_FEATURE = re.compile(r"\bfeature (\d+)(?= “|[,;:)]|\Z)")
_ROW = re.compile(r"\brow (\d+)(?= \(|[,;:)]|\Z)")
# "feature 3 “Depot”, properties.status: ...", "row 2 (Depot): ...", "row 2 (Depot), status: ...",
# "geometry: ..." or
# "crs (given with the upload): ..."
_WHO_AND_PATH = re.compile(r"(?P<head>feature \d+(?: “[^”]*”)?(?:, [^:]+)?|row \d+(?: \(.*?\))?(?:, [^:]+)?"
                           r"|\(top level\)|[\w.\[\]()]+(?: \([\w ]+\))?): (?P<message>.*)", re.S)


# What a JSON reader (orjson) says is wrong at the place a syntax error gives.
JSON_REASONS = {
    "trailing comma is not allowed": N_("a comma before a closing bracket or brace is not allowed"),
    "unexpected end of data": N_("the text ends before the JSON does (a bracket, brace or quote is not closed)"),
    "unexpected character, expected ':' after key": N_("expected “:” after a key"),
    "unexpected character, expected a string key": N_("expected a key in double quotes"),
    "unexpected content after document": N_("more text follows the end of the JSON"),
    "number with leading zero is not allowed": N_("a number may not start with 0"),
    "found text where a JSON value should start": N_("found text where a JSON value should start"),
    # The commonest mistake of a file edited by hand: a missing comma, or a bracket not closed.
    "unexpected character, expected ',' or '}'": N_("expected a comma or “}” here: a comma between two members "
                                                    "of an object, or the brace that closes it"),
    "unexpected character, expected ',' or ']'": N_("expected a comma or “]” here: a comma between two values "
                                                    "of a list, or the bracket that closes it"),
    "unexpected character, expected a JSON value": N_("expected a value here: a number, a text in double quotes, "
                                                      "true, false, null, a list or an object"),
    "invalid escaped sequence in string": N_("a backslash in a text starts no escape JSON knows (a backslash "
                                             "itself is written \\\\)"),
    "unexpected control character in string": N_("a text holds a tab or line break as it is (JSON writes them "
                                                 "\\t and \\n)"),
    "no low surrogate in string": N_("a text holds half of a \\u escape pair"),
    "number is infinity when parsed as double": N_("a number too large to be read"),
    "no digit after sign": N_("a minus sign with no number after it"),
}
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_NUMBER = re.compile(r"(-?)(\d{1,3}(?:,\d{3})+|\d+)(?![\d.])")
_GEOS_REASON = re.compile(r"(?P<reason>[\w -]+) at (?P<at>\[[^\]]*\])")
_DESCRIBED = re.compile(r"(?P<what>an array of|an integer of) (?P<n>\d+) (?:item\(s\)|digits)")
# The hint validate._case_hint adds to a type given in the wrong case.
_CASE_HINT = re.compile(r'(?P<message>.+) \(types are case-sensitive: write "(?P<name>\w+)"\)', re.S)
# The named groups that may hold a figure of the file: kept as the file writes it (`quoted`).
FIGURES = frozenset({"got", "south", "north", "low", "high", "west", "east", "lat", "first", "second", "last", "x",
                     "box", "bounds"})
_LATIN_DIGIT = re.compile("[0-9]")
_QUOTED = re.compile(r'“.*”|".*"|\'.*\'', re.S)


def quoted(value: str, here: Messages) -> str:
    """A value of the file as the file writes it. Where the reader's digits are not the file's
    (Khmer), one holding digits is set in quotation marks (“105.5”), so that its Latin digits
    read as the file's, beside our counts and ranges in Khmer digits; elsewhere as it is."""
    if here.digits("0") == "0" or not value or not _LATIN_DIGIT.search(value) or _QUOTED.fullmatch(value):
        return value
    return f"“{value}”"


_EXAMPLES = re.compile(r"e\.g\. (?P<first>.+) or (?P<second>.+)\Z")


def count(text: str, here: Messages) -> str:
    """A count as the library wrote it ("12", or "1,234" grouped) in the reader's digits and
    grouping; anything else (a position, "[105.5, 11.5]") as it is."""
    if _GROUPED.fullmatch(text):
        return here.number(int(text.replace(",", "")))
    return here.numeral(text) if text.isdigit() else text


def got(text: str, here: Messages) -> str:
    """What arrived as `ingest.problems.describe` wrote it, in the reader's language where it is words
    ("nothing", "an object", "an array of 7 item(s)"); a value the file holds as it is."""
    if text == "nothing":
        return here.gettext(structure_words.NOTHING)
    if text == "an object":
        return here.gettext(structure_words.AN_OBJECT)
    found = _DESCRIBED.fullmatch(text)
    if found is None:
        return text
    n = int(found["n"])
    if found["what"] == "an array of":
        return here.ngettext("an array of %(num)s item", "an array of %(num)s items", n)
    return here.ngettext("an integer of %(num)s digit", "an integer of %(num)s digits", n)


def _match(text: str, table):
    """The first entry of `table` that says `text`, with its match; a message ending in the hint
    that a type is case-sensitive matched without it (the hint is said after it)."""
    hinted = _CASE_HINT.fullmatch(text)
    if hinted is not None:
        inner = _match(hinted["message"], table)
        if inner is not None:
            return inner[:3] + (hinted["name"],)
    for pattern, sentence, counts in table:
        found = pattern.match(text)
        if found is not None:
            return found, sentence, counts, None
    return None


def _sentence(text: str, table, here: Messages, *, start: bool = False) -> str | None:
    """`text` in the sentence of `table` that says it, in `here`'s language (with `start`, as
    the start of an item, with a capital); None when none does."""
    matched = _match(text, table)
    if matched is None:
        return None
    found, sentence, counts, hint = matched
    values = found.groupdict()
    for name in counts & values.keys():
        values[name] = count(values[name], here)
    if values.get("got") and "got" not in counts:  # "got nothing", "got an object": the library's words
        described = got(values["got"], here)
        values["got"] = described if described != values["got"] else quoted(values["got"], here)
    for name in (FIGURES - {"got"} - counts) & values.keys():
        values[name] = quoted(values[name], here)
    if values.get("what") in structure_words.PARTS:
        values["what"] = here.gettext(structure_words.PARTS[values["what"]])
    if values.get("numbers"):  # "x 700,000…700,000, y 1,220,000…": each figure in the reader's way
        values["numbers"] = _NUMBER.sub(lambda m: m.group(1) + count(m.group(2), here), values["numbers"])
    if values.get("what") in JSON_REASONS:
        values["what"] = here.gettext(JSON_REASONS[values["what"]])
    elif values.get("what") in FILE_KINDS:
        values["what"] = here.gettext(values["what"])
    for name in ("kind", "format"):
        if values.get(name) in FORMATS:  # "zipped Shapefile"; the others are names
            values[name] = here.gettext(values[name])
    reason = _GEOS_REASON.fullmatch(values.get("reason") or "")
    if reason is not None and reason["reason"] in structure_words.GEOS_REASONS:  # GEOS's words, said
        values["reason"] = here.gettext(structure_words.REASON_AT, at=quoted(reason["at"], here),
                                        reason=here.gettext(structure_words.GEOS_REASONS[reason["reason"]]))
    if values.get("driver") == "nothing it knows":
        values["driver"] = here.gettext(structure_words.NOTHING_KNOWN)
    if values.get("when"):  # a revision's time: the language's date and digits (review rv21e, F6)
        values["when"] = revision_words.when(values["when"], here)
    examples = _EXAMPLES.match(values.get("examples") or "")
    if examples is not None:
        values["examples"] = here.gettext(N_("e.g. %(first)s or %(second)s"), **examples.groupdict())
    said = (_capital(here.gettext(sentence)) if start else here.gettext(sentence)) % values
    if hint is None:
        return said
    return here.gettext(N_('%(problem)s (types are case-sensitive: write "%(name)s")'), problem=said, name=hint)


def _messages(page: bool, api: bool):
    return MESSAGES if api else _ON_THE_PAGE if page else _ON_THE_COMMAND_LINE


def has_sentence(problem: str, *, page: bool = True, api: bool = False) -> bool:
    """Whether `localized` says the problem itself in a sentence of the catalogue (and not only
    its feature, or its hint)."""
    problem = problem.partition(" — ")[0]
    found = _WHO_AND_PATH.match(problem)
    text = found["message"] if found is not None else problem
    return _match(text, _messages(page, api)) is not None


# The place inside a feature, as explain says it ("geometry.coordinates, ring 1, position 4"):
# each item of an array by what it is and its number from 1, as the feature is numbered.
PLACES = {"position": N_("position %(n)s"), "ring": N_("ring %(n)s"), "line": N_("line %(n)s"),
          "polygon": N_("polygon %(n)s"), "part": N_("part %(n)s"), "number": N_("number %(n)s"),
          "item": N_("item %(n)s")}
_PLACE = re.compile(rf"(?<=, )(?P<what>{'|'.join(PLACES)}) (?P<n>\d+)(?=, |\Z)")
_WHO = re.compile(r"(?P<what>feature|row) (?P<n>\d+)(?P<name> “[^”]*”| \(.*?\))?(?P<rest>.*)", re.S)
# A list item starts with a capital: the feature or row it is about, the place in the file
# ("At features[0].geometry", a JSON path counted from 0 as JSON counts), or the sentence.
_STARTS = {"feature": N_("Feature %(n)s"), "row": N_("Row %(n)s")}
AT_PATH = N_("At %(path)s: %(problem)s")
WHOLE_FILE = N_("The file as a whole: %(problem)s")


def _who(head: str, here: Messages) -> str:
    """The feature or row a problem is about as the start of an item ("Feature 3 “Depot”,
    geometry.coordinates, position 2"), in the reader's words and digits; a name as written."""
    found = _WHO.fullmatch(head)
    rest = _PLACE.sub(lambda m: here.gettext(PLACES[m["what"]], n=here.numeral(m["n"])), found["rest"])
    return here.gettext(_STARTS[found["what"]], n=here.numeral(found["n"])) + (found["name"] or "") + rest


def _capital(text: str) -> str:
    """`text` (a sentence of the catalogue, before its values are put in) with a capital first
    letter; a sentence that starts with a value of the file (a placeholder) as it is."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


# The note on null values dropped, whole: "properties: empty (null) values were dropped: kind, name"
# read as three colons in a row after "note:" (review 28, #1); said as one sentence in every
# language, English included, the properties named and counted.
_NULLS_DROPPED = re.compile(r"properties: empty \(null\) values were dropped: (?P<names>.+)\Z", re.S)


def note(text: str, here: Messages, *, start: bool = True) -> str | None:
    """A note said whole in one sentence of `here`'s language (with `start`, with a capital); None
    for any other problem or note."""
    found = _NULLS_DROPPED.match(text)
    if found is None:
        return None
    names = found["names"]
    said = here.ngettext("empty (null) values were dropped from the property %(names)s",
                         "empty (null) values were dropped from the properties %(names)s",
                         len(names.split(", ")), names=names)
    return said[:1].upper() + said[1:] if start else said


def localized(problem: str, here: Messages, *, page: bool = True, api: bool = False, start: bool = True) -> str:
    """One problem or note as explain wrote it, in the language of `here`, as an item of a list
    (with `start` False, as what follows a field's name: "Title: give the new layer a title"):
    starting with a capital, its counts (and the number of the feature it is about, and of the
    place in it) in that language's digits; with `page` False (the command line), without the
    sentences that point to the upload page's own controls; with `api`, only the sentences
    that name neither the page's controls nor the command's options."""
    whole = note(problem, here, start=start)
    if whole is not None:
        return whole
    messages = _messages(page, api)
    problem, dash, hint = problem.partition(" — ")
    if dash:
        hint = _sentence(hint, HINTS, here) or hint
    found = _WHO_AND_PATH.match(problem)
    head = found["head"] if found is not None else ""
    if found is not None and head == "(file)":  # a note on the whole file, whose sentence says so
        problem = _sentence(found["message"], messages, here, start=start) or found["message"]
    elif found is not None and head in FIELDS:  # the API's names of the form's fields
        message = _sentence(found["message"], messages, here) or found["message"]
        problem = here.gettext(N_("%(field)s: %(problem)s"), field=here.gettext(FIELDS[head]), problem=message)
    elif found is not None and _WHO.fullmatch(head):  # the language's colon (Khmer "៖") after the feature
        message = _sentence(found["message"], messages, here) or found["message"]
        problem = here.gettext(N_("%(field)s: %(problem)s"), field=_who(head, here), problem=message)
    elif found is not None:
        message = _sentence(found["message"], messages, here)
        if message is not None:  # the place in the file, said to be one
            problem = here.gettext(WHOLE_FILE, problem=message) if head == "(top level)" else \
                here.gettext(AT_PATH, path=head, problem=message)
    else:
        problem = _sentence(problem, messages, here, start=start) or problem
    text = _ROW.sub(lambda m: here.gettext(N_("row %(n)s"), n=here.numeral(m.group(1))),
                    problem + (" — " + hint if dash else ""))
    return _FEATURE.sub(lambda m: here.gettext(N_("feature %(n)s"), n=here.numeral(m.group(1))), text)
