"""The reading half of the Store contract: layers, features, documents and commitments as they are.

Apart from the changes (`contract_revisions`) because every caller reads and only editors
write; `bordermap.store.base` gathers the parts into `Store` and defines the words used here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Collection, Iterable, Iterator

import orjson

from ..errors import NotFound
from ..model import Layer

if TYPE_CHECKING:
    from .base import Feature


class ReadingContract(ABC):
    """What a store answers about the data it holds; part of `Store`."""

    @abstractmethod
    def layers(self) -> list[Layer]:
        """Every layer, ordered by `position` then id, each with its `feature_count`.

        Curated layers keep the positions `sync_curated` gave them; a new user layer goes
        after every layer there is.
        """

    @abstractmethod
    def layer(self, layer_id: str) -> Layer:
        """One layer (as in `layers`); NotFound when there is none."""

    @abstractmethod
    def features(self, layer_id: str | None = None) -> list[Feature]:
        """GeoJSON features of a layer, in the order they were added; or of every layer.

        Each is `{"type": "Feature", "id", "geometry", "properties"}` as it was stored, with
        two computed properties added: `layer` (its layer id) and `commitments` (the ids of
        every commitment that names it, curated or user link, in commitment order). With no
        layer, layers come in `layers()` order. NotFound for an unknown layer.
        """

    def features_geojson(self, layer_id: str | None = None) -> bytes:
        """`features` as one GeoJSON FeatureCollection, encoded as UTF-8 JSON.

        The same collection `{"type": "FeatureCollection", "features": features(layer_id)}`
        decodes to; a backend may pass its stored text through instead of decoding and
        encoding every geometry, and may keep a layer's body to serve it again, but never one
        older than what any process has committed. NotFound for an unknown layer.
        """
        return orjson.dumps({"type": "FeatureCollection", "features": self.features(layer_id)})

    @abstractmethod
    def features_in_bbox(self, layer_id: str | None, bbox: tuple[float, float, float, float], *,
                         offset: int = 0, limit: int | None = None,
                         leaving_out: Collection[str] = ()) -> tuple[int, list[Feature]]:
        """The features whose bounding box meets `bbox`, a page of them, and how many match in all.

        `bbox` is (west, south, east, north) in degrees of longitude and latitude (EPSG:4326);
        west greater than east is a window across the antimeridian (from west to 180 and from
        -180 to east). A feature matches when its own bounding box meets the window, edges
        included: a point on the window's edge matches, and so does a line or polygon that
        only crosses it. A feature without positions never matches. The features are those of
        `layer_id` (NotFound for an unknown layer), or of every layer when None, in the order
        `features` gives them, as it gives them; from `offset` (0-based), at most `limit`
        (None: all). The count is of every match, whatever the page. The features whose ids are
        in `leaving_out` are no matches: neither counted nor in any page (the OGC API's bbox
        leaves out those whose shape does not meet it). The backend answers from a spatial
        index: the cost follows the matches, not the size of the layer, and a page reads only
        its own features.
        """

    @abstractmethod
    def layer_page(self, layer_id: str, offset: int = 0, limit: int | None = None) -> list[Feature]:
        """`features(layer_id)[offset:offset + limit]` (None: to the end), read by the layer's
        index: the cost follows the page, not the size of the layer. NotFound for an unknown
        layer."""

    @abstractmethod
    def features_by_id(self, feature_ids: Iterable[str]) -> list[Feature]:
        """These features, as `features` gives them, in the order of `feature_ids`; absent ids
        are left out. One query, not one per id."""

    @abstractmethod
    def layer_extent(self, layer_id: str) -> tuple[float, float, float, float] | None:
        """(west, south, east, north): the smallest and largest longitude and latitude of every
        position of the layer's features, as their GeoJSON gives them; None when it has none.
        Answered by the database, without reading the features. NotFound for an unknown layer."""

    @abstractmethod
    def feature(self, feature_id: str) -> Feature:
        """One feature, as `features` gives it; NotFound when absent."""

    @abstractmethod
    def feature_version(self, feature_id: str) -> str:
        """The feature's current version (see `bordermap.store.base`); NotFound when absent."""

    @abstractmethod
    def feature_properties(self, feature_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored properties of each of these features, in one call; absent ids are left out.

        For callers that need many features' names at once (the commitments list): no
        geometry, no computed `layer` or `commitments`. Must cost one query, not one per id.
        """

    @abstractmethod
    def documents(self) -> list[dict[str, Any]]:
        """The source documents commitments cite: the curated ones in the order `sync_curated`
        gave them, then the editors' in the order they were added (`put_document`).

        Each has `origin`: "curated", or "editor" for a record editors added (those hold, as
        given, their `text` and `paragraphs`).
        """

    @abstractmethod
    def commitments(self) -> list[dict[str, Any]]:
        """Every commitment: curated ones in curated order, as given to `sync_curated`, then the
        editors' in the order they were added (`put_commitment`), retired ones included.

        Each has `origin` ("curated" or "editor") and three lists: `features` and `provinces`
        (the record's own links; empty lists when the data has none) and `user_features`: ids
        of the existing features linked by `link` or `add_features`, sorted. A retired record
        (one whose `retired` is set) names no feature: `features()` leaves it out of every
        feature's `commitments`.
        """

    def commitment(self, commitment_id: str) -> dict[str, Any]:
        """One commitment (as in `commitments`); NotFound when absent."""
        for item in self.commitments():
            if item["id"] == commitment_id:
                return item
        raise NotFound(f"no commitment with id {commitment_id!r}")

    def taken_ids(self, feature_ids: Iterable[str]) -> set[str]:
        """Which of these feature ids are already in the store (any layer)."""
        wanted = set(feature_ids)
        return {feature["id"] for feature in self.features() if feature["id"] in wanted}

    # --- positions of a large point layer ---------------------------------------------------
    @abstractmethod
    def layer_points(self, layer_id: str, chunk: int = 65536) -> Iterator[list[tuple[str, float | None, float | None]]]:
        """The positions of a layer's features in the layer's order, `chunk` features at a time.

        Each chunk is a list of (feature id, longitude, latitude), the floats exactly those of
        the feature's GeoJSON coordinates; a MultiPoint gives one tuple per position, and a
        feature of any other geometry type (or none) gives one (feature id, None, None), so a
        caller can tell that the layer is not all points. NotFound for an unknown layer id, raised
        when the first chunk is asked for. The iterator reads one snapshot of the data and holds
        at most a chunk of rows at a time (a million points are never one list).
        """

    @abstractmethod
    def layer_version(self, layer_id: str) -> str:
        """A text that changes whenever the layer's features may have changed (a change to the
        layer, one that may touch any layer, a curated update): what a copy of something built
        from them is kept with. NotFound for an unknown layer id."""

    @abstractmethod
    def layer_properties(self, layer_id: str, chunk: int = 65536) -> Iterator[list[tuple[str, str]]]:
        """Each feature's properties in the layer's order as (feature id, the properties' JSON
        text), `chunk` features at a time, read as `layer_points` reads (one snapshot, a chunk of
        rows held at a time); the text decodes to the properties `features` gives, without the
        `layer` and `commitments` it adds. NotFound for an unknown layer id, raised when the
        first chunk is asked for.
        """
