"""ZIP uploads (a zipped Shapefile, a KMZ): what is inside, checked before GDAL opens any of it,
and the name GDAL is given to open."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from ..errors import MalformedInput, TooLarge
from . import not_maps, shapefile_index
from .explain import quoted
from .parse import Limits

# What GDAL is given to open in a zipped Shapefile: nothing but the Shapefile's own parts, each
# of which must begin as its kind does. A member of another kind (a GDAL VRT that names a file
# or an address) is never opened (review 21, F1).
_SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian: .shp and .shx
_DBASE_VERSIONS = frozenset(b"\x02\x03\x04\x05\x30\x31\x32\x43\x63\x7b\x83\x8b\x8e\xcb\xe5\xf5\xfb")
UNPACKED_FACTOR = 4  # a Shapefile's parts may unpack to this many times the upload limit


def zip_members(raw: bytes, limits: Limits | None = None) -> list[str]:
    """The names inside a ZIP upload; MalformedInput when it is not one bordermap can read. A
    Shapefile's .shp, .shx and .dbf must begin as such files do, and unpack to no more than
    UNPACKED_FACTOR times the upload limit (a small archive can unpack to gigabytes, which GDAL
    would read whole: review 21, F4)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            _check_shapefile_parts(archive, limits or Limits())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise MalformedInput("the file is a ZIP archive that cannot be opened (cut short?): zip the "
                             "Shapefile's .shp, .shx, .dbf and .prj again and upload that") from None
    names = [name for name in names if not _apple_extra(name)]
    if not any(name.lower().endswith((".shp", ".kml")) for name in names):
        not_maps.refuse_by_members(names)
        raise MalformedInput("the file is a ZIP archive without a Shapefile (.shp with its .shx, .dbf and "
                             ".prj) or KML inside: zip those, or upload a .geojson or .gpkg file")
    lowered = {name.lower() for name in names}
    for shp in (name for name in names if name.lower().endswith(".shp")):
        missing = [shp[:-4] + ext for ext in (".shx", ".dbf") if (shp[:-4] + ext).lower() not in lowered]
        if missing:  # without its .dbf GDAL reads the shapes and drops every attribute unsaid
            raise MalformedInput(f"the zipped Shapefile lacks {' and '.join(map(quoted, missing))}: a Shapefile is "
                                 "its .shp, .shx and .dbf files together (and its .prj); zip them all and upload that")
    return names


def _check_shapefile_parts(archive: zipfile.ZipFile, limits: Limits) -> None:
    """MalformedInput for a Shapefile part that does not begin as its kind does (GDAL would take a
    VRT or another driver's file by its content); TooLarge when the parts unpack to more than
    UNPACKED_FACTOR times the upload limit, or the .shp to more positions than the limit. Every
    member counts, not only a Shapefile's three parts: GDAL reads a .prj whole, a .cpg is read, and
    a KMZ's many KML files are each read (review rv22c, F3: a 1 MB archive of a .cpg or .prj of a
    gigabyte, or twenty KML files of 20 MB, took gigabytes of memory or a minute of a thread)."""
    members = [member for member in archive.infolist() if not member.is_dir()]
    unpacked = sum(member.file_size for member in members)
    if unpacked > UNPACKED_FACTOR * limits.max_bytes:
        names = [member.filename.lower() for member in members]
        what = "zipped Shapefile" if any(n.endswith(".shp") for n in names) else \
            "KMZ" if any(n.endswith(".kml") for n in names) else "ZIP archive"
        raise TooLarge(f"the {what} unpacks to {unpacked:,} bytes; the limit is "
                       f"{UNPACKED_FACTOR * limits.max_bytes:,} ({UNPACKED_FACTOR} times the upload limit)")
    parts = [member for member in members if not _apple_extra(member.filename)
             and member.filename.lower().endswith((".shp", ".shx", ".dbf"))]
    for member in parts:
        name = member.filename
        if name.lower().endswith(".shp") and member.file_size > 16 * limits.max_vertices + 60 * limits.max_features:
            # 16 bytes a position, and a record's header: more positions than an upload may hold
            raise TooLarge(f"the Shapefile {quoted(name)} is {member.file_size:,} bytes unpacked: more positions "
                           f"than the limit of {limits.max_vertices:,}")
        with archive.open(member) as handle:
            head = handle.read(4)
        kind = name.lower()[-4:]
        if (kind in (".shp", ".shx") and head != _SHAPEFILE_MAGIC) or (kind == ".dbf" and head[:1]
                                                                       and head[0] not in _DBASE_VERSIONS):
            raise MalformedInput(f"the zipped Shapefile's {quoted(name)} is not a {kind} file (it does not "
                                 "begin as one): zip the Shapefile's own .shp, .shx, .dbf and .prj and upload that")
    _refuse_cut_short(archive, parts)


def _refuse_cut_short(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    """MalformedInput for a .shp shorter than its .shx says: GDAL would read the features past the
    cut without their geometry, and say nothing (review rv25a, #7)."""
    index = {member.filename.lower(): member for member in parts if member.filename.lower().endswith(".shx")}
    for shp in (member for member in parts if member.filename.lower().endswith(".shp")):
        shx = index.get(shp.filename[:-4].lower() + ".shx")
        if shx is None:
            continue  # said by zip_members, which names the missing parts
        with archive.open(shx) as handle:
            short = shapefile_index.shortfall(shp.file_size, handle)
        if short is not None:
            raise MalformedInput(
                f"the zipped Shapefile's {quoted(shp.filename)} is cut short: it is {short.size:,} bytes, where its "
                f"index {quoted(shx.filename)} says its {short.features:,} features take {short.needed:,} bytes, "
                f"and it holds {short.whole:,} of them whole: export or copy the Shapefile again and upload that")


def _apple_extra(name: str) -> bool:
    """What macOS adds to a ZIP it makes (__MACOSX/, ._ files): no part of the data."""
    return name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("._")


def _inside(names: list[str]) -> str:
    """The folder of the ZIP that holds its Shapefiles, when they are all in one folder ("" at
    the top: a folder zipped whole, as "Send to > Compressed folder" makes, holds them one down)."""
    folders = {str(PurePosixPath(name).parent) for name in names if name.lower().endswith(".shp")}
    return folders.pop() if len(folders) == 1 and folders != {"."} else ""


def is_kmz(names: list[str]) -> bool:
    """A KMZ (KML with its pictures or linked KML, as Google Earth and GDAL write it): a KML and
    no Shapefile."""
    return not any(name.lower().endswith(".shp") for name in names) and \
        any(name.lower().endswith(".kml") for name in names)


def gdal_path(folder: Path, raw: bytes, kind: str, members: list[str], kmz: bool) -> str:
    """The upload written into `folder`, and the name GDAL opens it by: a KMZ by its own name, a
    zipped Shapefile through /vsizip/ down to its one .shp, or its folder of them."""
    if kmz:  # GDAL's LIBKML opens a KMZ by its name, links and all
        path = folder / "upload.kmz"
        path.write_bytes(raw)
        return str(path)
    suffix = {"gpkg": ".gpkg", "zip": ".zip", "kml": ".kml", "csv": ".csv", "fgb": ".fgb", "gpx": ".gpx"}[kind]
    path = folder / f"upload{suffix}"
    path.write_bytes(raw)
    if kind != "zip":
        return str(path)
    shapefiles = [name for name in members if name.lower().endswith(".shp")]
    if len(shapefiles) == 1:  # the .shp itself: GDAL opens nothing else of the archive by its name
        return f"/vsizip/{path}/{shapefiles[0]}"
    inside = _inside(members)
    if inside and any(name.rstrip("/") == inside for name in members if not name.endswith("/")):
        # A file named as the folder (a VRT, say) would be opened instead of the folder (review 21, F1).
        raise MalformedInput(f"the ZIP archive holds a file named as its Shapefiles' folder, {quoted(inside)}: "
                             "zip the Shapefiles' own .shp, .shx, .dbf and .prj and upload that")
    return f"/vsizip/{path}" + (f"/{inside}" if inside else "")
