"""Whether a FlatGeobuf file ends before the features its header announces.

GDAL reads a FlatGeobuf file cut short in three ways, depending on where it was cut: "no layer",
"Fatal error parsing feature", or the features before the cut and no error. The file says itself
how long it should be, so it is measured before GDAL reads it: after the magic bytes, a header
(a FlatBuffers table whose `features_count` and `index_node_size` are read here), the spatial
index (a packed R-tree of 40-byte nodes, its size computed from those two), then each feature as
its length and its bytes.
"""

from __future__ import annotations

import struct

MAGIC = b"fgb\x03"
_FEATURES_COUNT, _INDEX_NODE_SIZE = 8, 9  # the Header table's fields, by their number in the schema
_NODE_BYTES = 40  # four doubles of the box and the offset


def _field(header: bytes, table: int, number: int) -> int | None:
    """Where field `number` of the FlatBuffers table at `table` is, or None when it is not written."""
    vtable = table - struct.unpack_from("<i", header, table)[0]
    length = struct.unpack_from("<H", header, vtable)[0]
    slot = 4 + 2 * number
    if slot + 2 > length:
        return None
    offset = struct.unpack_from("<H", header, vtable + slot)[0]
    return table + offset if offset else None


def _index_bytes(features: int, node_size: int) -> int:
    """The size of the packed R-tree over `features` with nodes of `node_size` entries."""
    if node_size == 0 or features == 0:
        return 0
    node_size = min(max(node_size, 2), 65535)
    level, nodes = features, features
    while level != 1:
        level = -(-level // node_size)
        nodes += level
    return nodes * _NODE_BYTES


def shortfall(raw: bytes) -> tuple[int, int] | None:
    """(features the header announces, whole features the file holds) when the file ends before
    them; (-1, 0) when it ends inside its header; None for a whole file, or one whose header
    does not count its features (a file written as a stream may leave the count at 0)."""
    if len(raw) < 12:
        return (-1, 0)
    header_size = struct.unpack_from("<I", raw, 8)[0]
    start = 12 + header_size
    if len(raw) < start:
        return (-1, 0)
    header = raw[12:start]
    try:
        table = struct.unpack_from("<I", header, 0)[0]
        where = _field(header, table, _FEATURES_COUNT)
        announced = struct.unpack_from("<Q", header, where)[0] if where is not None else 0
        where = _field(header, table, _INDEX_NODE_SIZE)
        node_size = struct.unpack_from("<H", header, where)[0] if where is not None else 16
    except struct.error:
        return None  # a header that is not one: GDAL's reading says what is wrong
    if announced == 0:
        return None
    position, whole = start + _index_bytes(announced, node_size), 0
    while whole < announced and position + 4 <= len(raw):
        position += 4 + struct.unpack_from("<I", raw, position)[0]
        if position > len(raw):
            break
        whole += 1
    return (announced, whole) if whole < announced else None
