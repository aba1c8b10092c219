"""The sentences of the upload's structural checks (bordermap.ingest: validate, properties, check,
parse, crs, geo, rings, pipeline), for `problem_words`: each message as the library writes it
(after "path: ") and the catalogue's sentence, the named groups carried over as in its table.

Apart from the other tables (check_words, encoding_words, file_words) only for its size; the
order matters as in problem_tables.MESSAGES: a message is said by the first pattern it matches,
so a message's special case comes before its general one.
tests/test_upload_problems_said.py makes the library write each of them through the API.
"""

from __future__ import annotations

from bordermap.i18n import N_

# What the library writes for a value it did not expect (ingest.problems.describe) that is words, not
# the value itself: said in the reader's language (`problem_words.got`).
NOTHING = N_("nothing")
AN_OBJECT = N_("an object")

# What GDAL read a file as, when it knew no driver for it (bordermap.ingest.formats).
NOTHING_KNOWN = N_("nothing it knows")

# Why GEOS finds a geometry invalid (bordermap.ingest.geo._reason writes "<reason> at [x, y]").
GEOS_REASONS = {"Self-intersection": N_("its outline crosses itself"),
                "Ring Self-intersection": N_("a ring touches itself"),
                "Hole lies outside shell": N_("a hole lies outside its outer ring"),
                "Nested shells": N_("one of its polygons lies inside another"),
                "Interior is disconnected": N_("its holes cut its inside apart"),
                "Holes are nested": N_("a hole lies inside another hole"),
                "Duplicate Rings": N_("a ring is repeated"),
                "Too few points in geometry component": N_("a part has too few distinct positions"),
                "Invalid Coordinate": N_("a coordinate is not a number")}
REASON_AT = N_("%(reason)s at %(at)s")

# The parts of a geometry's coordinates (ingest.coordinates._LEVEL_NAMES); the GeoJSON type names stay.
PARTS = {"positions": N_("positions"), "rings": N_("rings")}
_PART = r"positions|rings|LineStrings|Polygons"

ENTRIES = (
    # The document and its features (bordermap.ingest.validate).
    (r"expected a GeoJSON object, got (?P<got>.+)", N_("expected a GeoJSON object, got %(got)s")),
    (r'expected "Feature" or "FeatureCollection", got (?P<got>"[^"]*") \(a bare geometry: wrap it in a Feature '
     r"with properties\)",
     N_('expected "Feature" or "FeatureCollection", got %(got)s (a bare geometry: wrap it in a Feature with '
        "properties)")),
    (r'expected "Feature" or "FeatureCollection", got (?P<got>.+)',
     N_('expected "Feature" or "FeatureCollection", got %(got)s')),
    (r'expected "Feature", got (?P<got>.+)', N_('expected "Feature", got %(got)s')),
    (r"expected a Feature object, got (?P<got>.+)", N_("expected a Feature object, got %(got)s")),
    (r"expected a string or a number, got (?P<got>.+)", N_("expected a string or a number, got %(got)s")),
    (r"expected an object or null, got (?P<got>.+)", N_("expected an object or null, got %(got)s")),
    (r"a crs member on a feature is not supported; declare it once on the FeatureCollection or give the CRS with "
     r"the upload",
     N_("a crs member on a feature is not supported; declare it once on the FeatureCollection or give the CRS with "
        "the upload")),
    (r'a FeatureCollection must not have a "(?P<name>\w+)" member \(RFC 7946 §7\.1\); remove or rename it',
     N_('a FeatureCollection must not have a "%(name)s" member (RFC 7946 §7.1); remove or rename it')),
    (r'a Feature must not have a "(?P<name>\w+)" member \(RFC 7946 §7\.1\); remove or rename it',
     N_('a Feature must not have a "%(name)s" member (RFC 7946 §7.1); remove or rename it')),
    (r'a geometry must not have a "(?P<name>\w+)" member \(RFC 7946 §7\.1\); remove or rename it',
     N_('a geometry must not have a "%(name)s" member (RFC 7946 §7.1); remove or rename it')),
    (r"expected an array \[west, south, east, north\] \(or 6 numbers with elevations\), got (?P<n>\d+) item\(s\)",
     N_("expected an array [west, south, east, north] (or 6 numbers with elevations), got %(n)s item(s)")),
    (r"expected an array \[west, south, east, north\] \(or 6 numbers with elevations\), got (?P<got>.+)",
     N_("expected an array [west, south, east, north] (or 6 numbers with elevations), got %(got)s")),
    (r"south \((?P<south>\S+)\) is greater than north \((?P<north>\S+)\); expected \[west, south, east, north\]",
     N_("south (%(south)s) is greater than north (%(north)s); expected [west, south, east, north]")),
    (r"the lowest elevation \((?P<low>\S+)\) is greater than the highest \((?P<high>\S+)\)",
     N_("the lowest elevation (%(low)s) is greater than the highest (%(high)s)")),
    (r"expected a geometry object, got nothing \(the member is required\)",
     N_("expected a geometry object, got nothing (the member is required)")),
    (r"expected a geometry object, got (?P<got>.+)", N_("expected a geometry object, got %(got)s")),
    (r"expected a geometry inside a GeometryCollection, got another GeometryCollection \(nesting them is not "
     r"supported\)",
     N_("expected a geometry inside a GeometryCollection, got another GeometryCollection (nesting them is not "
        "supported)")),
    (r"expected a non-empty array of geometries, got (?P<got>.+)",
     N_("expected a non-empty array of geometries, got %(got)s")),
    (r"expected the coordinates of a (?P<kind>\w+), got nothing",
     N_("expected the coordinates of a %(kind)s, got nothing")),
    (rf"expected an array of (?P<what>{_PART}), got a position (?P<got>\[.*\]) \(a level of nesting is missing\)",
     N_("expected an array of %(what)s, got a position %(got)s (a level of nesting is missing)")),
    (rf"expected an array of (?P<what>{_PART}), got (?P<got>.+)", N_("expected an array of %(what)s, got %(got)s")),
    (r"a line needs at least 2 positions, got (?P<got>\d+)", N_("a line needs at least 2 positions, got %(got)s"),
     "got"),
    (rf"expected at least 1 (?P<what>{_PART}), got 0", N_("expected at least 1 %(what)s, got 0")),
    (r"expected a position \[longitude, latitude\], got (?P<got>.+)",
     N_("expected a position [longitude, latitude], got %(got)s")),
    (r"expected a position of 2 or 3 numbers, got (?P<n>\d+) \((?P<got>.+)\)",
     N_("expected a position of 2 or 3 numbers, got %(n)s (%(got)s)")),
    (r"expected a finite number, got (?P<got>.+)", N_("expected a finite number, got %(got)s")),
    (r"expected nesting of at most (?P<n>\d+) levels, got more",
     N_("expected nesting of at most %(n)s levels, got more")),
    # Properties (bordermap.ingest.properties, check).
    (r"expected text, got nothing \(a source needs a title\)",
     N_("expected text, got nothing (a source needs a title)")),
    (r"expected text, got (?P<got>.+)", N_("expected text, got %(got)s")),
    (r"expected a positive number, got (?P<got>.+)", N_("expected a positive number, got %(got)s")),
    (r"expected true or false, got (?P<got>.+)", N_("expected true or false, got %(got)s")),
    (r"expected a date like 2025-12-08, 2025-12 or 2026, got (?P<got>.+)",
     N_("expected a date like 2025-12-08, 2025-12 or 2026, got %(got)s")),
    (r"expected a short lowercase word like economic-zone, got (?P<got>.+)",
     N_("expected a short lowercase word like economic-zone, got %(got)s")),
    (r"expected an array of \{title, publisher, date, url\} objects, got (?P<got>.+)",
     N_("expected an array of {title, publisher, date, url} objects, got %(got)s")),
    (r"expected an object with title, publisher, date, url, got (?P<got>.+)",
     N_("expected an object with title, publisher, date, url, got %(got)s")),
    (r"expected an http:// or https:// address, got (?P<got>.+)",
     N_("expected an http:// or https:// address, got %(got)s")),
    (r"expected only title, publisher, date and url in a source",
     N_("expected only title, publisher, date and url in a source")),
    (r"holds an integer beyond 64 bits; kept exactly, as JSON text",
     N_("holds an integer beyond 64 bits; kept exactly, as JSON text")),
    (r"holds an integer beyond 64 bits; kept exactly, as text",
     N_("holds an integer beyond 64 bits; kept exactly, as text")),
    (r'expected a radius in metres when location_precision is "approximate", got nothing',
     N_('expected a radius in metres when location_precision is "approximate", got nothing')),
    (r"dropped (?P<names>.+): bordermap sets these itself", N_("dropped %(names)s: bordermap sets these itself")),
    # The bytes of a GeoJSON upload (bordermap.ingest.parse, stream).
    (r"the file is (?P<n>[\d,]+) bytes; the limit is (?P<limit>[\d,]+) bytes",
     N_("the file is %(n)s bytes; the limit is %(limit)s bytes")),
    (r"the file is a ZIP archive \(a zipped shapefile or KMZ\?\), not GeoJSON text: extract or convert the data to "
     r"a \.geojson file and upload that",
     N_("the file is a ZIP archive (a zipped shapefile or KMZ?), not GeoJSON text: extract or convert the data to a "
        ".geojson file and upload that")),
    (r"this is a multipart form upload; send the GeoJSON file itself as the body \(curl --data-binary "
     r"@file\.geojson, not curl -F\)",
     N_("this is a multipart form upload; send the GeoJSON file itself as the body (curl --data-binary "
        "@file.geojson, not curl -F)")),
    (r"the file looks like (?P<encoding>UTF-\d+ \([\w-]+\)) text but byte (?P<at>[\d,]+) is not valid "
     r"(?P=encoding): save the file as UTF-8 and upload it again",
     N_("the file looks like %(encoding)s text but byte %(at)s is not valid %(encoding)s: save the file as UTF-8 "
        "and upload it again")),
    (r"the JSON text is nested too deeply to read", N_("the JSON text is nested too deeply to read")),
    (r"not valid JSON: the records of the sequence are not separated by line breaks",
     N_("not valid JSON: the records of the sequence are not separated by line breaks")),
    (r"not valid JSON", N_("not valid JSON")),
    # A legacy crs member (bordermap.ingest.crs).
    (r'expected \{"type": "name", "properties": \{"name": "EPSG:…"\}\}, got (?P<got>.+)',
     N_('expected {"type": "name", "properties": {"name": "EPSG:…"}}, got %(got)s')),
    (r'expected a named CRS \(type "name" or "EPSG"\), got type (?P<got>.+); give the CRS as a code instead, '
     r"(?P<examples>e\.g\. .+)",
     N_('expected a named CRS (type "name" or "EPSG"), got type %(got)s; give the CRS as a code instead, '
        "%(examples)s")),
    # Coordinates and geometries (bordermap.ingest.geo, rings).
    (r"(?P<box>\[[^\]]*\]) does not contain its geometry, whose bounds are (?P<bounds>\[[^\]]*\]); correct the bbox "
     r"or remove it \(bordermap works out its own\)",
     N_("%(box)s does not contain its geometry, whose bounds are %(bounds)s; correct the bbox or remove it "
        "(bordermap works out its own)")),
    (r"a segment goes from longitude (?P<west>\S+) to (?P<east>\S+): maps draw it the long way round the world; if "
     r"it crosses the antimeridian, cut it there into two parts \(RFC 7946 §3\.1\.9\)",
     N_("a segment goes from longitude %(west)s to %(east)s: maps draw it the long way round the world; if it "
        "crosses the antimeridian, cut it there into two parts (RFC 7946 §3.1.9)")),
    (r"kept (?P<n>\d+) decimals instead of 6: rounding to 6 \(about 0\.1 m\) would make it invalid "
     r"\((?P<reason>.+)\)",
     N_("kept %(n)s decimals instead of 6: rounding to 6 (about 0.1 m) would make it invalid (%(reason)s)")),
    (r"kept every decimal instead of 6: rounding to 6 \(about 0\.1 m\) would make it invalid \((?P<reason>.+)\)",
     N_("kept every decimal instead of 6: rounding to 6 (about 0.1 m) would make it invalid (%(reason)s)")),
    (r"invalid (?P<kind>\w+): (?P<reason>.+); nothing is left after repair",
     N_("invalid %(kind)s: %(reason)s; nothing is left after repair")),
    (r"could not be read: (?P<detail>.+)", N_("could not be read: %(detail)s")),
    (r"ring was not closed \(first (?P<first>\[.*?\]), last (?P<last>\[.*?\])\); closed by repeating its first "
     r"position",
     N_("ring was not closed (first %(first)s, last %(last)s); closed by repeating its first position")),
    # The upload's own parameters (bordermap.ingest.pipeline).
    (r"expected a colour like #7b3294, got (?P<got>.+)", N_("expected a colour like #7b3294, got %(got)s")),
    (r"expected the id of a layer of yours, or a title for a new layer",
     N_("expected the id of a layer of yours, or a title for a new layer")),
    (r"expected a radius in metres \(a positive number\), got (?P<got>.+)",
     N_("expected a radius in metres (a positive number), got %(got)s")),
    (r'a radius is given only with location_precision "approximate", got (?P<got>.+)',
     N_('a radius is given only with location_precision "approximate", got %(got)s')),
    (r"the file holds (?P<n>[\d,]+) features; the limit is (?P<limit>[\d,]+)",
     N_("the file holds %(n)s features; the limit is %(limit)s")),
    (r"the file holds (?P<n>[\d,]+) positions; the limit is (?P<limit>[\d,]+)",
     N_("the file holds %(n)s positions; the limit is %(limit)s")),
    (r"the file declares (?P<declared>\S+) but (?P<given>\S+) was given with the upload; give only one, or the same",
     N_("the file declares %(declared)s but %(given)s was given with the upload; give only one, or the same")),
    # The same file again (pipeline, bordermap.store.rules), as the API's parameter names it; the
    # upload page and the command line have theirs.
    (r"this file was already imported into (?P<id>[^ ;]+) as revision (?P<n>\d+); importing it again needs "
     r"allow_duplicate",
     N_("this file was already imported into %(id)s as revision %(n)s; importing it again needs allow_duplicate")),
    (r"this file was already imported into a new layer '(?P<id>[^']+)' as revision (?P<n>\d+); to add it again, "
     r"import it into that layer with allow_duplicate",
     N_("this file was already imported into a new layer %(id)s as revision %(n)s; to add it again, import it into "
        "that layer with allow_duplicate")),
    (r"this file \(SHA-256 [0-9a-f]+…\) was already imported into layer '(?P<id>[^']+)' as revision (?P<n>\d+) "
     r"\(.+\); importing it again would add its features twice\. To import it again anyway, ask for a duplicate "
     r"import \(allow_duplicate\)",
     N_("this file was already imported into layer %(id)s as revision %(n)s; importing it again would add its "
        "features twice: to do so anyway, ask for a duplicate import (allow_duplicate)")),
    # GIS files (bordermap.ingest.formats, kml_coordinates).
    (r"the KML file (?P<name>“.+”) in the archive is (?P<n>[\d,]+) bytes unpacked; the limit is (?P<limit>[\d,]+)",
     N_("the KML file %(name)s in the archive is %(n)s bytes unpacked; the limit is %(limit)s")),
    (r"the file is not a (?P<kind>.+?) file GDAL reads as such \(it reads as (?P<driver>.+)\): upload the "
     r"(?P<format>.+) file itself",
     N_("the file is not a %(kind)s file GDAL reads as such (it reads as %(driver)s): upload the %(format)s file "
        "itself")),
    (r"the Shapefile has no \.prj: its positions were read as longitude/latitude on WGS 84 \(EPSG:4326\); if it "
     r"was made on another datum, give its CRS",
     N_("the Shapefile has no .prj: its positions were read as longitude/latitude on WGS 84 (EPSG:4326); if it "
        "was made on another datum, give its CRS")),
    (r"the file is in (?P<encoding>.+); it was read as such and its text is kept as UTF-8",
     N_("the file is in %(encoding)s; it was read as such and its text is kept as UTF-8")),
)

# Put before check_words' general "expected one of …" (the upload's location_precision).
BEFORE = (
    (r"expected one of (?P<allowed>.+) \(or nothing: unknown\), got (?P<got>.+)",
     N_("expected one of %(allowed)s (or nothing: unknown), got %(got)s")),
)
