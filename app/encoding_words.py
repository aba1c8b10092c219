"""The sentences of a file read in the wrong way, for `problem_words`: its text encoding (CSV,
Shapefile), its archive (a ZIP, a KMZ, a zipped Shapefile, their sizes), a GeoPackage's tables
that are views, a file whose content is not of the kind it was taken for.

The second part of problem_tables.MESSAGES, after check_words' and before file_words'; the
order matters: a message is said by the first pattern it matches.
tests/test_problem_words.py makes the library write each of them.
"""

from __future__ import annotations

from bordermap.i18n import N_

# Each message as the library writes it (after "path: "), the sentence the catalogue
# translates and, as a third item, the named groups that are counts too (problem_tables.table).
ENTRIES = (
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
)
