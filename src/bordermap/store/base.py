"""What a bordermap store does, whatever keeps the data."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Iterable

from ..curated import CuratedData
from ..model import Layer, Revision

Feature = dict[str, Any]


class Store(ABC):
    """Layers, features, documents, commitments and the revisions of user changes.

    Curated data (from geodata/) is replaced as a whole by `sync_curated`; user data changes
    only through revisions, each applied in one transaction and revertable.
    """

    # --- reading -------------------------------------------------------------------------
    @abstractmethod
    def layers(self) -> list[Layer]:
        """Every layer in drawing order, with its feature count."""

    @abstractmethod
    def layer(self, layer_id: str) -> Layer:
        """One layer; NotFound when there is none."""

    @abstractmethod
    def features(self, layer_id: str | None = None) -> list[Feature]:
        """GeoJSON features of a layer (or all), each with its `commitments` ids."""

    @abstractmethod
    def feature(self, feature_id: str) -> Feature:
        """One GeoJSON feature with its layer id and commitments; NotFound when absent."""

    @abstractmethod
    def documents(self) -> list[dict[str, Any]]:
        """The source documents commitments cite."""

    @abstractmethod
    def commitments(self) -> list[dict[str, Any]]:
        """Every commitment, with the feature ids it links (curated and user links)."""

    def commitment(self, commitment_id: str) -> dict[str, Any]:
        """One commitment; NotFound when absent."""
        from ..errors import NotFound

        for item in self.commitments():
            if item["id"] == commitment_id:
                return item
        raise NotFound(f"no commitment with id {commitment_id!r}")

    # --- changing ------------------------------------------------------------------------
    @abstractmethod
    def add_features(
        self,
        layer_id: str,
        features: Iterable[Feature],
        *,
        author: str,
        summary: str,
        file_sha256: str | None = None,
        new_layer: Layer | None = None,
        links: Iterable[str] = (),
    ) -> Revision:
        """Add features to a user layer (created first when `new_layer` is given).

        A feature without an `id` is given `<layer>-<n>` (n counts up per layer and is never
        reused); a feature's `bbox`, when present, is used instead of walking its coordinates.
        Every feature is linked to each commitment in `links`, in the same revision.
        """

    def taken_ids(self, feature_ids: Iterable[str]) -> set[str]:
        """Which of these feature ids are already in the store."""
        wanted = set(feature_ids)
        return {feature["id"] for feature in self.features() if feature["id"] in wanted}

    @abstractmethod
    def delete_features(self, feature_ids: Iterable[str], *, author: str, summary: str = "") -> Revision:
        """Delete user features; curated ones cannot be deleted."""

    @abstractmethod
    def delete_layer(self, layer_id: str, *, author: str) -> Revision:
        """Delete a user layer with all its features."""

    @abstractmethod
    def link(self, commitment_id: str, feature_ids: Iterable[str], *, author: str) -> Revision:
        """Link user features to a commitment."""

    @abstractmethod
    def history(self, layer_id: str | None = None) -> list[Revision]:
        """Revisions, newest first (of one layer, or all)."""

    def last_revision(self) -> tuple[int, str] | None:
        """(id, created_at) of the newest revision, or None; backends answer it cheaply."""
        history = self.history()
        return (history[0].id, history[0].created_at) if history else None

    @abstractmethod
    def revision(self, revision_id: int) -> tuple[Revision, list[dict[str, Any]]]:
        """A revision and its changes (entity, id, before, after)."""

    @abstractmethod
    def revert(self, revision_id: int, *, author: str) -> Revision:
        """Undo a revision as a new revision; Conflict if later changes touched the same data."""

    # --- curated data --------------------------------------------------------------------
    @abstractmethod
    def curated_version(self) -> str | None:
        """The version of the curated data the store holds, or None when empty."""

    @abstractmethod
    def curated_as_of(self) -> str | None:
        """The date of the newest dated fact in the curated data the store holds."""

    @abstractmethod
    def sync_curated(self, curated: CuratedData) -> bool:
        """Bring curated layers up to date, leaving user data alone; True if anything changed."""
