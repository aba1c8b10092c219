"""A layer as zipped Shapefiles: one file per shape type, field names and texts cut as dBase
requires, and FIELDS.txt saying what was cut, left out or split.

Apart from the other formats (`download_formats`) because dBase's limits need rules of their own.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import geopandas

from . import licences
from .download_formats import FORMATS, write
from .ingest.properties import RESERVED_PROPERTIES
from .model import Layer

# Shapefile holds one shape type per file: these go in files of their own, named by the key.
SHAPE_GROUPS = {"Point": "points", "MultiPoint": "multipoints", "LineString": "lines",
                "MultiLineString": "lines", "Polygon": "polygons", "MultiPolygon": "polygons"}


DBF_NAME = 10  # bytes in a dBase field name
DBF_TEXT = 254  # bytes in a dBase text value


def _bytes_cut(text: str, size: int) -> str:
    """`text` cut to at most `size` UTF-8 bytes, at the end of a character."""
    return text.encode()[:size].decode("utf-8", "ignore")


def _for_dbase(data: geopandas.GeoDataFrame) -> tuple[geopandas.GeoDataFrame, list[str]]:
    """Field names cut to 10 UTF-8 bytes and texts to 254 (each at a character's end),
    as dBase requires, done here so that FIELDS.txt can say what was cut and how. A name
    bordermap sets itself that would be cut (`commitments`) is left out: an upload drops it by
    its name, and would keep the cut one as a property of the file's own (review 15, F14)."""
    left_out = [name for name in data.columns if name in RESERVED_PROPERTIES and _bytes_cut(name, DBF_NAME) != name]
    data = data.drop(columns=left_out)
    renamed: dict[str, str] = {}
    for name in data.columns:
        if name == "geometry":
            continue
        # dBase holds 10 bytes of a name: a Khmer or Vietnamese one is cut after its last whole
        # letter within them (GDAL would cut inside a letter, which no reader decodes).
        short, n = _bytes_cut(name, DBF_NAME), 1
        while short in renamed.values():
            n += 1
            short = f"{_bytes_cut(name, DBF_NAME - len(str(n)))}{n}"
        renamed[name] = short
    notes = [f"{short}\t{name}" for name, short in renamed.items()]
    cut: list[str] = []
    data = data.copy()
    def clip(value: Any) -> Any:
        if not isinstance(value, str) or len(value.encode()) <= DBF_TEXT:
            return value
        return value.encode()[:DBF_TEXT].decode("utf-8", "ignore")

    for name in renamed:
        values = list(data[name])
        if any(isinstance(value, str) and len(value.encode()) > DBF_TEXT for value in values):
            cut.append(name)
            data[name] = [clip(value) for value in values]
    data = data.rename(columns=renamed)
    lines = ["Shapefile field\tbordermap property", *notes]
    if left_out:
        lines += ["", f"Left out: {', '.join(left_out)} (bordermap sets it; dBase would cut the name). "
                  "The GeoPackage, FlatGeobuf, CSV and GeoJSON downloads hold it."]
    if cut:
        lines += ["", f"Texts longer than {DBF_TEXT} bytes were cut (dBase holds no more) in: "
                  f"{', '.join(cut)}. The GeoPackage, FlatGeobuf, CSV and GeoJSON downloads hold them whole."]
    return data, lines


SPLIT_NAMED = 20  # features named in FIELDS.txt's note on the ones split; the rest are counted


def _split_note(parts: geopandas.GeoDataFrame) -> list[str]:
    """FIELDS.txt's lines on the features split into records of several files (GeometryCollections,
    `parts` their parts under their ids): uploaded again, each comes back as several features
    (review 21b, L7)."""
    files: dict[str, list[str]] = {}
    for feature_id, kind in zip(parts["id"], parts.geom_type.map(SHAPE_GROUPS), strict=True):
        kinds = files.setdefault(str(feature_id), [])
        if isinstance(kind, str) and kind not in kinds:
            kinds.append(kind)
    named = [f"{feature_id} ({', '.join(kinds)})" for feature_id, kinds in list(files.items())[:SPLIT_NAMED]]
    more = f" and {len(files) - SPLIT_NAMED} more" if len(files) > SPLIT_NAMED else ""
    return ["", "Split: a Shapefile holds one kind of shape per file, so a feature holding several kinds of "
                "geometry (a GeometryCollection) is a record for each part, in the file of the part's kind, "
                f"each record with the feature's id. Split so: {'; '.join(named)}{more}. Uploaded again, such "
                "a feature comes back as one feature per record; the GeoPackage, FlatGeobuf, KML, CSV and "
                "GeoJSON downloads hold it whole."]


def shapefile_zip(data: geopandas.GeoDataFrame, folder: Path, layer: Layer, licence: str) -> bytes:
    """One Shapefile per shape type (points, lines, polygons...), FIELDS.txt and LICENSE.txt, zipped."""
    data, fields = _for_dbase(data)
    # A GeometryCollection has no shape type: its parts go to their files, under its id.
    collections = data.geom_type == "GeometryCollection"
    if collections.any():
        parts = data[collections].explode(index_parts=False)
        fields += _split_note(parts)
        data = geopandas.GeoDataFrame(
            geopandas.pd.concat([data[~collections], parts]), geometry="geometry", crs=data.crs)
    groups = data.geom_type.map(SHAPE_GROUPS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for group in sorted(set(groups.dropna())):
            name = layer.id if groups.nunique() == 1 else f"{layer.id}-{group}"
            write(data[groups == group], folder / f"{name}.shp", FORMATS["shp.zip"], layer, licence, name)
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
        archive.writestr("FIELDS.txt", "\n".join(fields) + "\n")
        archive.writestr("LICENSE.txt", licences.text(layer))
    return buffer.getvalue()
