"""A layer's finished body kept in the store: a cold `/api/features?layer=…` reads one text.

`features_geojson(layer)` costs most of a second for a large layer (every feature read and
written), while the stored body of that layer reads in a few milliseconds. So each layer's
body is kept in `layer_bodies` with the version of the data it was built from, and served
while that version is current; every app server sharing the database shares it.

The version is read, in the same snapshot as the body, from what every change already
writes in its own transaction: the newest revision naming the layer, the newest revision
naming no layer, the curated data's version (and this module's format and the schema's
version). So no write path has to remember to bump anything, and a change committed by any
process is seen by every other at once. This rests on one rule every change keeps (see
`_begin_revision` in sqlite_changes and postgis_changes, the one place a revision starts):

    a revision that names a layer changes only that layer's features and their links;
    one that may change another layer's features, a commitment or links to several layers
    (links, editors' commitments, status events, deletes across layers) names no layer.

A change that writes features without starting a revision (none does today) must call
`_forget_bodies` in its transaction.

Bodies larger than `KEEP_MAX_BYTES` are never kept: a layer of a million points makes a body
of 170–300 MB, which would grow the database by as much and be written again at every change
to the layer (docs/layer-bodies.md has the figures); such layers are built each time, as
before. The body of every layer at once (`layer_id` None) is not kept either.
"""

from __future__ import annotations

import logging

import orjson

from ..errors import NotFound

# Bump when the body's encoding changes, so bodies kept by an older bordermap are not served.
BODY_FORMAT = 1
# 64 MiB: a layer of roughly 200,000 to 350,000 points. Larger bodies are built for each request instead.
KEEP_MAX_BYTES = 64 * 1024 * 1024

log = logging.getLogger(__name__)


def feature_text(feature_id: str, layer_json: str, properties: str, geometry: str, commitments: str) -> str | None:
    """A feature as `features` gives it, encoded, written around its stored text; None when the
    stored properties name `layer` or `commitments` themselves (then they must be decoded)."""
    if '"layer"' in properties or '"commitments"' in properties or properties[:1] != "{" \
            or properties[-1:] != "}":
        return None
    head = properties[:-1]
    return (f'{{"type":"Feature","id":{orjson.dumps(feature_id).decode()},"geometry":{geometry},"properties":{head}'
            f'{"" if head == "{" else ","}"layer":{layer_json},"commitments":{commitments}}}}}')



def written_body(rows, links: dict[str, list[str]]) -> bytes:
    """The FeatureCollection of `rows` (id, layer id, stored properties text, stored geometry
    text), in their order, as orjson writes `features()`: each feature written around its
    stored texts, or decoded and encoded where its properties name `layer` or `commitments`."""
    linked = {feature_id: orjson.dumps(ids).decode() for feature_id, ids in links.items()}
    layers: dict[str, str] = {}
    parts = []
    for feature_id, layer, properties, geometry in rows:
        layer_json = layers.get(layer) or layers.setdefault(layer, orjson.dumps(layer).decode())
        text = feature_text(feature_id, layer_json, properties, geometry, linked.get(feature_id, "[]"))
        if text is None:
            decoded = {**orjson.loads(properties), "layer": layer, "commitments": links.get(feature_id, [])}
            text = orjson.dumps({"type": "Feature", "id": feature_id, "geometry": orjson.loads(geometry),
                                 "properties": decoded}).decode()
        parts.append(text)
    return b'{"type":"FeatureCollection","features":[' + ",".join(parts).encode() + b"]}"

class BodiesMixin:
    """`features_geojson` over kept bodies. The store provides `_read`, `_P`, `_SCHEMA_VERSION`
    and the dialect's `_build_body(db, layer_id)` (the body from the data, in the read
    transaction `db`), `_kept_body(db, layer_id, version)` (the kept bytes or None) and
    `_keep_body(layer_id, version, body)` (store it; best effort, in its own transaction)."""

    def features_geojson(self, layer_id: str | None = None) -> bytes:
        with self._read() as db:
            if layer_id is None:
                return self._build_body(db, None)
            if db.execute(f"SELECT 1 FROM layers WHERE id = {self._P}", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            version = self._body_version(db, layer_id)
            kept = self._kept_body(db, layer_id, version)
            if kept is not None:
                return kept
            body = self._build_body(db, layer_id)
        if len(body) <= KEEP_MAX_BYTES:
            try:
                self._keep_body(layer_id, version, body)
            except Exception as error:  # noqa: BLE001 - the body is served all the same
                log.info("layer %s: body not kept (%s)", layer_id, error)
        return body

    def layer_version(self, layer_id: str) -> str:
        with self._read() as db:
            if db.execute(f"SELECT 1 FROM layers WHERE id = {self._P}", (layer_id,)).fetchone() is None:
                raise NotFound(f"no layer with id {layer_id!r}")
            return self._body_version(db, layer_id)

    def _body_version(self, db, layer_id: str) -> str:
        """The version of the data `layer_id`'s body is built from, as `db` sees it."""
        P = self._P
        row = db.execute("SELECT (SELECT value FROM meta WHERE key = 'curated_version') AS curated,"
                         f" (SELECT max(id) FROM revisions WHERE layer_id = {P}) AS own,"
                         " (SELECT max(id) FROM revisions WHERE layer_id IS NULL) AS shared",
                         (layer_id,)).fetchone()
        return orjson.dumps([BODY_FORMAT, self._SCHEMA_VERSION, row["curated"], row["own"],
                             row["shared"]]).decode()

    def _forget_bodies(self, db, layer_id: str | None = None) -> None:
        """Drop the kept body of `layer_id` (of every layer: None) in the transaction `db`."""
        if layer_id is None:
            db.execute("DELETE FROM layer_bodies")
        else:
            db.execute(f"DELETE FROM layer_bodies WHERE layer_id = {self._P}", (layer_id,))
