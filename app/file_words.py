"""The sentences of what a file holds, for `problem_words`: its layers and features, the region and
the notes (nulls, winding, elevation), its coordinates and their CRS, a file that is no map, a
CSV row or KML coordinate that cannot be placed, GDAL's refusals, a document or commitment
already in the record, its feature ids.

The third part of problem_tables.MESSAGES, after encoding_words' and before
structure_words.ENTRIES; the order matters: a message is said by the first pattern it matches.
tests/test_problem_words.py makes the library write each of them.
"""

from __future__ import annotations

import re

from bordermap.i18n import N_
from bordermap.ingest.format_checks import NAMES as FORMAT_NAMES

FORMAT = "|".join(map(re.escape, FORMAT_NAMES.values()))  # a format as the library names it

# Each message as the library writes it (after "path: "), the sentence the catalogue
# translates and, as a third item, the named groups that are counts too (problem_tables.table).
ENTRIES = (
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
    (rf"the file could not be read as (?P<kind>{FORMAT}): (?P<detail>.+)",
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
    (rf"the (?P<kind>{FORMAT}) file has no geometry",
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
)
