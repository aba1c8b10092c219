"""A "KML" or "CSV" upload that is a GDAL virtual dataset opens nothing it names (review rv22c, F1).

GDAL chose the driver by the content: a VRT sent as KML (with "<kml" in a comment) or as CSV
(with "lon,lat" on its first line) read the server's secret key, its environment and addresses on
its network, and said them in the refusal or sent them to another host. Each guard is tested on
its own: the upload's content checked against its kind, GDAL without the drivers of files that
name other files, and no address fetched whatever its name ends with.
"""

from __future__ import annotations

import pyogrio
import pytest

from bordermap.errors import MalformedInput
from bordermap.ingest import gdal_guard, make_layer, plan_import

SECRET = "s3cret-7f1c"


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(f"value\n{SECRET}\n", encoding="utf-8")
    return path


def _vrt(source: str, comment: str) -> bytes:
    return (f'<OGRVRTDataSource><!-- {comment} --><OGRVRTLayer name="x"><SrcDataSource>{source}</SrcDataSource>'
            '<GeometryType>wkbNone</GeometryType></OGRVRTLayer></OGRVRTDataSource>').encode()


def _plan(raw: bytes, filename: str):
    return plan_import(raw, new_layer=make_layer("", title="Gates"), filename=filename)


@pytest.mark.parametrize("comment, filename, said", [
    ("<kml>", "gates.kml", "the file is not a KML file: its first element is “<OGRVRTDataSource>”"),
    ("lon,lat", "gates.csv", "the file is not a CSV file: it holds XML"),
    ("lon,lat", "gates.txt", "the file is not a CSV file: it holds XML"),
])
def test_a_vrt_sent_as_kml_or_csv_is_refused_for_what_it_is(secret_file, listener, comment, filename, said):
    address, asked = listener
    for source in (f"CSV:{secret_file}", f"CSV:/vsicurl/{address}/internal.csv"):
        with pytest.raises(MalformedInput) as refused:
            _plan(_vrt(source, comment), filename)
        assert str(refused.value.message).startswith(said), refused.value.message
        assert SECRET not in str(refused.value.message) and str(secret_file) not in str(refused.value.message)
    assert asked == []


def test_gdal_itself_opens_no_virtual_dataset_or_web_service_file(tmp_path, secret_file):
    """The guard beneath the content checks: were a VRT handed to GDAL, GDAL knows no such format."""
    assert gdal_guard.guarded()
    assert not gdal_guard.NAMING_DRIVERS & set(pyogrio.list_drivers())
    vrt = tmp_path / "x.vrt"
    vrt.write_bytes(_vrt(f"CSV:{secret_file}", "a virtual dataset"))
    with pytest.raises(pyogrio.errors.DataSourceError, match="not recognized as being in a supported file format"):
        pyogrio.read_info(vrt)
    # The formats bordermap reads are all there.
    assert {"GPKG", "ESRI Shapefile", "LIBKML", "CSV", "FlatGeobuf", "GPX", "GeoJSON"} <= set(pyogrio.list_drivers())


@pytest.mark.parametrize("tail", ["x.bordermap-reads-no-address", "x.csv#.bordermap-reads-no-address",
                                  "x.bordermap-fetches-nothing", "x.csv"])
def test_no_address_is_fetched_whatever_it_ends_with(listener, tail):
    """The file ending GDAL was allowed to fetch (none was meant to) let through any address that
    ended so, or ended so after a "#"."""
    address, asked = listener
    for prefix in ("/vsicurl/", "/vsicurl_streaming/"):
        with pytest.raises(pyogrio.errors.DataSourceError):
            pyogrio.read_info(f"CSV:{prefix}{address}/{tail}")
    assert asked == []


def test_real_kml_and_csv_files_are_still_read():
    kml = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- written by hand -->\n'
           b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Bavet</name>'
           b'<Point><coordinates>106.137,11.068</coordinates></Point></Placemark></Document></kml>')
    assert [f["properties"]["name"] for f in _plan(kml, "gates.kml").features] == ["Bavet"]
    csv = b"name,lon,lat\nBavet,106.137,11.068\n"
    assert [f["properties"]["name"] for f in _plan(csv, "gates.csv").features] == ["Bavet"]


def test_a_gpx_file_that_also_reads_as_gml_fetches_no_schema(listener):
    """The change's review, H1: a "GPX" file whose header also said GML was opened by GDAL's GML
    driver, which fetched the WFS schema it named (not through /vsicurl/, which the guard held):
    a request to any address from an upload. The GML drivers are gone, and GDAL's requests go to
    a proxy that is not there."""
    address, asked = listener
    gpx = (f'<?xml version="1.0"?>\n<gpx version="1.1" xmlns:wfs="http://www.opengis.net/wfs" '
           f'xmlns:gml="http://www.opengis.net/gml" xmlns:ns="http://x" '
           f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://x '
           f'{address}/wfs?SERVICE=WFS&amp;VERSION=1.1.0&amp;REQUEST=DescribeFeatureType&amp;TYPENAME=ns:a">\n'
           '<gml:featureMember><ns:a><ns:n>1</ns:n></ns:a></gml:featureMember>\n'
           '<wpt lat="11.5" lon="104.9"><name>Bavet</name></wpt>\n</gpx>').encode()
    plan = _plan(gpx, "track.gpx")
    assert [f["properties"]["name"] for f in plan.features] == ["Bavet"]
    assert asked == []
    assert "GML" not in pyogrio.list_drivers()


@pytest.mark.parametrize("lang, said", [("km", "ឯកសារនេះមិនមែនជាឯកសារ KML ទេ"), ("vi", "Tệp này không phải là tệp CSV")])
def test_the_refusal_is_said_in_the_readers_language(lang, said):
    from bordermap.i18n import messages
    from bordermap_app.problem_words import localized
    from test_problem_words import TRANSLATIONS

    raw, filename = (_vrt("CSV:/etc/passwd", "<kml>"), "x.kml") if lang == "km" else (_vrt("CSV:/etc/passwd", "lon,lat"),
                                                                                   "x.csv")
    with pytest.raises(MalformedInput) as refused:
        _plan(raw, filename)
    assert localized(refused.value.message, messages(lang, TRANSLATIONS)).startswith(said)
