"""What GDAL may do when it reads an upload: read the file given, and nothing the file names.

GDAL chooses a driver by a file's content, not its name: a "KML" or "CSV" upload that is really a
GDAL virtual dataset (an OGRVRTDataSource) was opened as one, and read whatever it named, the
server's own files or an address on its network, with the answer in GDAL's error or in a request
to another host (review rv22c, F1). Two guards, set once for the whole process:

- The drivers whose files name other datasets, addresses or programs (`NAMING_DRIVERS`) are taken
  out of GDAL: GDAL's own GDAL_SKIP, applied by registering the drivers again, as GDAL does when
  it starts. A file in their formats is then "not recognized", whatever it is called. The formats
  bordermap reads, writes or a notebook user is likely to read stay.
- No address is fetched: `/vsicurl/` and the services built on it open only the one name
  CPL_VSIL_CURL_ALLOWED_FILENAME gives, which names nothing (an allowed file ending, the guard
  before, let any address through that ended so, or that ended so after a "#"); and every
  request GDAL makes otherwise (a GML file's schema, fetched by the GML driver from a "GPX" file
  that also reads as GML: the change's review, H1) goes to a proxy that is not there
  (GDAL_HTTP_PROXY), refused at once.

`guarded()` says whether both hold; the upload pipeline reads GIS files only then.
"""

from __future__ import annotations

import ctypes
import logging

import pyogrio
import pyogrio._ogr

# Drivers that open what a file names (another file, a URL, a database, a web service) or run
# something: a virtual dataset (OGR_VRT), a GDAL algorithm (GDALG), the web services' own
# description files (WFS, OAPIF, CSW, ...), GML and its kin (which fetch the schema a file names,
# and took a "GPX" file that also read as GML), Arrow database connections (ADBC), GPSBabel (a
# program), tile templates (MVT), and the hosted services GDAL reads by connection string.
NAMING_DRIVERS = frozenset({
    "OGR_VRT", "VRT", "GDALG", "ADBC", "AIVector", "HTTP", "WFS", "OAPIF", "OGCAPI", "CSW", "EEDA", "EEDAI", "NGW",
    "PLSCENES", "Carto", "AmigoCloud", "Elasticsearch", "GPSBabel", "MVT", "WMS", "WMTS", "WCS", "STACIT", "STACTA",
    "DAAS", "GML", "NAS", "GMLAS",
})
# The one name /vsicurl/ may open: no address is ever this.
NO_ADDRESS = "/vsicurl/bordermap-fetches-nothing"
# Where every other request of GDAL's goes: a proxy on a port nothing serves (TCP port 1), which
# refuses the connection at once.
NO_PROXY_THERE = "127.0.0.1:1"

log = logging.getLogger(__name__)


def _skip_drivers() -> None:
    """GDAL_SKIP named drivers are taken out when GDAL registers its drivers; it did that when
    pyogrio was imported, so it is asked to again (GDALAllRegister, through pyogrio's own module:
    the symbol comes from the GDAL it is linked with, bundled or the system's)."""
    present = sorted(NAMING_DRIVERS & set(pyogrio.list_drivers()))
    if not present:
        return
    skipped = (pyogrio.get_gdal_config_option("GDAL_SKIP") or "").split()
    pyogrio.set_gdal_config_options({"GDAL_SKIP": " ".join(dict.fromkeys([*skipped, *present]))})
    ctypes.CDLL(pyogrio._ogr.__file__).GDALAllRegister()


def _install() -> bool:
    pyogrio.set_gdal_config_options({"CPL_VSIL_CURL_ALLOWED_FILENAME": NO_ADDRESS,
                                     # kept for a GDAL older than the option above
                                     "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".bordermap-fetches-nothing",
                                     "GDAL_HTTP_PROXY": NO_PROXY_THERE, "GDAL_HTTPS_PROXY": NO_PROXY_THERE,
                                     "GDAL_HTTP_TIMEOUT": "5", "GDAL_HTTP_MAX_RETRY": "0",
                                     "GML_DOWNLOAD_WFS_SCHEMA": "NO"})
    try:
        _skip_drivers()
    except (OSError, AttributeError) as error:  # no GDALAllRegister to call: said below
        log.warning("GDAL's drivers could not be limited: %s", error)
    left = sorted(NAMING_DRIVERS & set(pyogrio.list_drivers()))
    if left:
        log.warning("GDAL still has drivers that open what a file names (%s): GIS uploads are refused",
                    ", ".join(left))
    return not left


_GUARDED = _install()


def guarded() -> bool:
    """Whether GDAL reads an upload and nothing it names (set when this module was imported)."""
    return _GUARDED
