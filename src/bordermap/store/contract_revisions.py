"""The Store contract's revisions: adding, replacing and deleting user features and layers,
linking them to commitments, the history of those changes and their reverts.

Apart from reading (`contract_reading`) and the editors' records (`contract_ledger`);
`bordermap.store.base` gathers the parts into `Store` and defines the words used here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Iterable

from ..errors import BordermapError
from ..model import LaterChange, Layer, Revision, RevisionPage

if TYPE_CHECKING:
    from .base import Feature


class RevisionsContract(ABC):
    """How a store changes user layers and features, one revision at a time, and undoes them; part of `Store`."""

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
        on_taken: str = "refuse",
        allow_duplicate: bool = False,
    ) -> Revision:
        """Add GeoJSON features to a user layer as one "import" revision, and return it.

        Everything below is decided inside the revision's transaction, so two imports
        running at once cannot both take an id or both pass the duplicate check.

        - `new_layer` (origin "user") is created first, with its `position` after every
          layer; `layer_id` is then ignored. Conflict if a layer with its id exists, unless
          that is because this very file was imported into it before (see duplicates).
          Without `new_layer`, NotFound for an unknown layer and Conflict for a curated one.
        - Each feature is stored with its `geometry`, its `properties` and its `id`. Ids are
          unique across the whole store. A feature whose `id` is missing or None gets
          `<layer id>-<n>`, n counting up per layer from 1 and never reused, skipping ids in
          use or given in the same call; the id is also written to its `properties["id"]`.
        - A given id already in the store: with `on_taken="refuse"`, Conflict listing them
          (message, and `problems` as `features[i].id: 'x' is already used`); with
          `on_taken="rename"`, the feature gets a new id as above and keeps the one it came
          with as `properties["source_id"]`. A given id repeated within `features`:
          InvalidInput.
        - A feature's `bbox` member, when present, is its bounding box (a backend may use it
          instead of walking the coordinates); it is not stored as a property.
        - Every feature is linked to each commitment in `links` (NotFound for an unknown one).
        - Duplicates: when `file_sha256` is given (what names the file: the upload pipeline's
          `import_key`, its SHA-256 and, of a file of several layers, the layer read) and an
          import of the same into the same layer exists and was not reverted (`find_import`),
          Conflict naming that revision, unless `allow_duplicate`.
        - The revision: action "import", `layer_id` the layer, `file_sha256` as given; its
          changes are the new layer (if any), then each feature in the order given, then
          each link (for each commitment in `links`, each feature in order).
        """

    @abstractmethod
    def add_feature_batches(
        self,
        layer_id: str,
        batches: Iterable[Iterable[Feature]],
        *,
        author: str,
        summary: str,
        file_sha256: str | None = None,
        new_layer: Layer | None = None,
        links: Iterable[str] = (),
        on_taken: str = "refuse",
        allow_duplicate: bool = False,
        reserved: Iterable[str] = (),
    ) -> Revision:
        """`add_features` for an upload too large to hold at once: the features come in batches
        (each read from `batches` only once the one before is written), all stored as ONE
        "import" revision in ONE transaction. An error in any batch (or raised by the iterator)
        leaves the store unchanged. Everything `add_features` says holds, with these
        differences:

        - An id given in an earlier batch counts as already in the store for a later one
          (`on_taken` decides); the caller settles ids across batches first.
        - Numbering (`<layer id>-<n>`) skips the ids given in the batch being written and the
          `reserved` ids (those later batches give), besides the ids in use.
        - A Conflict's `problems` count features across batches (`features[i]`, i in the upload).
        - The revision's changes: the new layer (if any), then for each batch its features in
          order and then its links.
        """

    @abstractmethod
    def find_import(self, layer_id: str, file_sha256: str) -> Revision | None:
        """The newest import of the file named so (`add_features`' `file_sha256`) into this
        layer that was not reverted, or None."""

    @abstractmethod
    def replace_feature(self, feature_id: str, feature: Feature, *, author: str, summary: str = "",
                        expected_version: str | None = None) -> Revision:
        """Give a user feature a new geometry and new properties as one "replace" revision.

        `feature` is a checked GeoJSON feature (its `id`, if any, is ignored; `bbox` as for
        `add_features`); its properties are stored as given, with `properties["id"]` set to
        `feature_id`. The feature keeps its id, layer, place in the layer and links. NotFound for
        an unknown id, Conflict for a curated feature, PreconditionFailed (and no change) when
        `expected_version` is given and is not the feature's version when the transaction reads
        it. The revision: action "replace", `layer_id` the feature's layer, `summary` defaulting
        to "replaced feature <id>", one change (the feature before and after); it reverts like
        any other. Afterwards `feature_version` is new.
        """

    @abstractmethod
    def delete_features(self, feature_ids: Iterable[str], *, author: str, summary: str = "",
                        expected_versions: dict[str, str] | None = None) -> Revision:
        """Delete user features as one "delete" revision; a deleted feature's links go with it.

        NotFound for an unknown id, Conflict for a curated feature, PreconditionFailed (and no
        change) when a feature named in `expected_versions` has another version, compared in
        the transaction. The revision's
        `layer_id` is the features' layer when they share one (else None); `summary`
        defaults to "deleted N feature(s)". Changes: for each feature in the order given,
        its links (by commitment id), then the feature.
        """

    @abstractmethod
    def delete_layer(self, layer_id: str, *, author: str) -> Revision:
        """Delete a user layer with its features and their links, as one "delete-layer"
        revision (summary "deleted layer <id>"); NotFound / Conflict as for `add_features`.
        Changes: each feature in layer order (after its links), then the layer."""

    @abstractmethod
    def link(self, commitment_id: str, feature_ids: Iterable[str], *, author: str) -> Revision:
        """Link features to a commitment as one "link" revision (layer None, summary
        "linked N feature(s) to <commitment id>"), one change per feature.
        NotFound for an unknown commitment or feature."""

    @abstractmethod
    def history(self, layer_id: str | None = None) -> list[Revision]:
        """Revisions, newest first: all of them, or those whose `layer_id` is this one."""

    def last_revision(self) -> tuple[int, str] | None:
        """(id, created_at) of the newest revision, or None; backends answer it cheaply."""
        history = self.history()
        return (history[0].id, history[0].created_at) if history else None

    def change_times(self) -> tuple[list[str], str | None]:
        """When the data last changed: the two newest revisions' times, newest first, and when
        the curated data held was loaded (None where no load recorded it); ISO 8601, UTC.
        Revision times come from one clock for everyone sharing the store (the database's)
        and never go back. An HTTP date has whole seconds: the conditional GETs need to know
        when two changes share one (review 20, F7). Backends answer it in one read."""
        history = self.history()
        return [revision.created_at for revision in history[:2]], None

    @abstractmethod
    def revision(self, revision_id: int, offset: int = 0, limit: int = 100) -> RevisionPage:
        """A revision and its changes from `offset` (0-based), at most `limit` of them.

        Only the page is read: a revision of a million changes costs what its page costs.
        A negative offset counts as 0; an offset past the end gives no changes; any limit,
        however large, is allowed. `total` is how many changes the revision holds. A feature an import added shows,
        as its `after`, the feature as that import wrote it, even after later revisions
        changed or removed it. NotFound for an unknown id, including ids no backend can
        hold (negative, or 2**63 and more).
        """

    @abstractmethod
    def revert(self, revision_id: int, *, author: str) -> Revision:
        """Undo a revision as a new "revert" revision.

        The new revision puts every entity back as it was before (features in their places
        in their layers, with their links), records `reverts` = the original's id and sets
        the original's `reverted_by`. Its summary is "reverted revision N (<summary>)".
        Conflict when the original was already reverted, or when a later revision changed
        any entity it touched (then a `LaterChangeConflict`, whose `later_change` is what
        `revert_blocked` answers); NotFound as for `revision`.
        """

    @abstractmethod
    def revert_blocked(self, revision_id: int) -> LaterChange | None:
        """Why `revert` would refuse this revision because a later revision changed an entity it
        touched, or None: the first such entity `revert` finds (its changes, last first) and
        the later revisions whose changes touched it and still stand (`LaterChange.later`; a
        feature an import wrote counts as touched by that import). Changes nothing; NotFound as
        for `revision`.
        """

    @abstractmethod
    def revert_refused(self, revision_id: int) -> BordermapError | None:
        """The error `revert` would raise for this revision for what the editors' record holds
        (a citation it would break or bring back onto reworded words, a commitment a status
        event names, a document gone), or None; None too when a later change stands in the way
        (`revert_blocked`) or the revision was reverted. Changes nothing; NotFound as for
        `revision`.
        """
