"""What a bordermap store does, whatever keeps the data.

This module is the whole contract: a new backend subclasses `Store`, implements every
abstract method as its docstring says, and passes `tests/test_store_contract.py` (add the
backend's factory to `BACKENDS` there). Everything crosses the contract in the domain's
terms: GeoJSON features as dicts, `Layer`, `Revision`, `Change` and `RevisionPage` from
`bordermap.model`, commitments and documents as the dicts `geodata/*.toml` holds. No row,
column name or JSON text crosses it; how a backend keeps the data is its own affair.

Words used below:

- A *curated* layer (origin "curated") comes from `geodata/` through `sync_curated` and is
  never changed otherwise; a *user* layer (origin "user") changes only through revisions.
- A *revision* is one change to user data (`add_features`, `delete_features`, `delete_layer`,
  `link`, `put_document`, `put_commitment`, `revert`), applied in one transaction: all of it
  is stored, or none. Revision ids
  are positive integers, unique and increasing in the order revisions were made. Every
- A *revision* is one change to user data (`add_features`, `replace_feature`,
  `delete_features`, `delete_layer`, `link`, `revert`), applied in one transaction: all of it
  is stored, or none. Revision ids are positive integers, unique and increasing in the order revisions were made. Every
  revision records a `Change` per entity it touched (see `bordermap.model.Change`), in the
  order it touched them, so it can be shown and reverted.
- Errors are the typed ones of `bordermap.errors`: `NotFound` for an unknown id (whatever
  its type or size: a revision id of 2**70 is simply not found), `Conflict` for a change
  the data's current state does not allow, `InvalidInput` for a malformed request,
  `PreconditionFailed` when a change names a feature version that is no longer current. A
  failed call changes nothing.
- A feature's *version* (`feature_version`) is a short text that changes whenever a revision
  writes the feature's geometry or properties (a revert that puts back an earlier state may
  give back the earlier version). A change given `expected_version(s)` compares them inside its
  own transaction, so two writers (in two processes sharing the data) cannot both pass the check.
- Several processes may open the same store at once; every call must be safe under that.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Collection, Iterable, Iterator

import orjson

from ..curated import CuratedData
from ..errors import BordermapError, NotFound
from ..model import LaterChange, Layer, Revision, RevisionPage

Feature = dict[str, Any]


class Store(ABC):
    """Layers, features, documents, commitments and the revisions of user changes."""

    #: (schema version found, schema version now) when the store was opened: the backend
    #: applies the migrations its data lacks on opening; both equal when none were needed.
    schema_upgrade: tuple[int, int] = (0, 0)

    def close(self) -> None:  # noqa: B027 - optional: a backend with nothing open needs none
        """Let go of what the store holds open (a server's connections); nothing for a file.

        A closed store is not used again.
        """

    # --- reading -------------------------------------------------------------------------
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
        """The feature's current version (see above); NotFound when absent."""

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

    # --- the editors' ledger -------------------------------------------------------------
    @abstractmethod
    def put_document(self, document: dict[str, Any], *, author: str, action: str, summary: str,
                     based_on: int | None = None) -> Revision:
        """Add or replace a document editors keep, as one revision (layer None), and return it.

        `action` "document-add": a new record; its `id` None gets `doc-ed-<n>` (n counting up,
        never reused, skipping ids in use), a given id already in use (curated or not) is a
        Conflict. "document-edit": replaces the editors' record with this `id`; NotFound when
        there is none, Conflict for a curated one. The record is stored as given, with `id`
        and `origin` "editor"; it must hold `paragraphs` (a list of text, paragraph n at n-1).
        Conflict, naming each `<commitment id> (paragraph n)`, when a paragraph any commitment
        cites would change or go. `summary` may hold "{id}", replaced by the record's id. The
        revision's one change has entity "document", the records before and after as states.
        """

    @abstractmethod
    def put_commitment(self, commitment: dict[str, Any], *, author: str, action: str, summary: str,
                       based_on: int | None = None) -> Revision:
        """Add or replace a commitment editors keep, as one revision (layer None), and return it.

        `action` "commitment-add" (id None gets `c-ed-<n>`), or any other, such as
        "commitment-edit" and "commitment-retire", to replace the editors' record with this
        `id` (NotFound / Conflict as for `put_document`). Stored as given, with `id` and
        `origin` "editor". NotFound, saying where, for a `document` the store does not hold,
        a `paragraph` outside an editors' document's paragraphs, and each id in `features`
        or `provinces` that is no feature. The revision's one change has entity "commitment".

        A revert of any of these revisions puts the record back as it was; it is refused
        (Conflict) when it would remove or change a document's paragraph some commitment cites,
        or bring back a commitment citing a document that is gone.
        """

    # --- status events ---------------------------------------------------------------------
    # Dated status events and targets of features and commitments (see bordermap.history for
    # their fields). Curated ones come with `sync_curated` (`CuratedData.history`) and change
    # only with it; editors add, correct and retract their own, each change a revision of one
    # Change whose entity is "event" (id: the event id; states: events as `status_events`
    # gives them, or None), undone by `revert` like any other.
    @abstractmethod
    def status_events(self, entity: str | None = None, entity_id: str | None = None) -> list[dict[str, Any]]:
        """Every event and target, or those of one feature or commitment (`entity` "feature" or
        "commitment" with its id): curated ones in the order given to `sync_curated`, then the
        editors' in the order they were added. Each is its data with `id`, `kind` ("event" or
        "target"), `entity`, `entity_id` and `origin` ("curated" or "user"). An unknown id has none.
        """

    @abstractmethod
    def add_status_event(self, event: dict[str, Any], *, author: str) -> Revision:
        """Add an editor's event (checked by `bordermap.history.check_event`) as one "event"
        revision, and return it; the event's id is `ev-<revision id>`.

        NotFound when its feature or commitment does not exist; InvalidInput for another entity;
        Conflict when an editor's event of the same feature or commitment with the very same
        data is there already (decided inside the write: two at once store one).
        The revision's summary names the entity, the status and the date; layer_id is None.
        """

    @abstractmethod
    def correct_status_event(self, event_id: str, event: dict[str, Any], *, author: str,
                             based_on: int | None = None) -> Revision:
        """Replace an editor's event with `event` (same entity and id, else InvalidInput) as one
        "event-correct" revision. NotFound for an unknown id; Conflict for a curated event;
        ChangedSince when `based_on` (`record_revision("event", event_id)` when the editor read
        it) is given and another revision changed the event since (review rv22a, H3)."""

    @abstractmethod
    def retract_status_event(self, event_id: str, *, author: str, reason: str = "") -> Revision:
        """Remove an editor's event as one "event-retract" revision (the summary keeps the
        reason). NotFound for an unknown id; Conflict for a curated event."""

    # --- curated data --------------------------------------------------------------------
    @abstractmethod
    def curated_version(self) -> str | None:
        """The `version` of the curated data the store holds, or None before the first sync."""

    @abstractmethod
    def curated_as_of(self) -> str | None:
        """The `as_of` date of the curated data the store holds, or None before the first sync."""

    @abstractmethod
    def sync_curated(self, curated: CuratedData) -> bool:
        """Hold exactly this curated data; True if anything changed.

        The caller loads it (`bordermap.curated.load_curated`); a store never reads files.
        Same `version` as held: nothing happens (False). Otherwise every curated layer,
        feature, document, commitment and status event is replaced by the given ones in one transaction,
        layers at the positions given and user layers moved after them in their order; user
        layers, features, links, the editors' documents and commitments and the revisions are
        left alone. Conflict (and no change) when a curated layer's id is taken by a user layer,
        or a curated document's or commitment's by an editors' one.
        """

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
    def record_revision(self, entity: str, record_id: str) -> int | None:
        """The newest revision that changed an editors' `document`, `commitment` or `event`, None when
        none did. `put_document` and `put_commitment` take it as `based_on`: given, they refuse
        with Conflict when another revision has changed the record since (two editors saving the
        same record, the second would silently undo the first's change)."""

    # --- what the app servers share besides the data (store/common_shared.py) ---------------
    @abstractmethod
    def start_session(self, session_id: str, now: float, forget_before: float) -> None:
        """Record an editor's unlocked session, started at `now` (seconds since the epoch);
        sessions started before `forget_before` are forgotten."""

    @abstractmethod
    def session_started(self, session_id: str) -> float | None:
        """When the session began, or None when there is no such session (or it ended)."""

    @abstractmethod
    def end_session(self, session_id: str) -> None:
        """End the session (locking every copy of its cookie); nothing happens when it is gone."""

    @abstractmethod
    def stage_upload(self, sha256: str, raw: bytes, now: float, forget_before: float) -> None:
        """Keep a checked file until it is imported, for whichever server the import reaches;
        files staged before `forget_before` are forgotten."""

    @abstractmethod
    def staged_upload(self, sha256: str, forget_before: float) -> bytes | None:
        """The checked file with this digest, or None when there is none staged since `forget_before`."""

    @abstractmethod
    def unstage_upload(self, sha256: str) -> None:
        """Forget a checked file once imported; nothing happens when it is gone."""

    @abstractmethod
    def layer_properties(self, layer_id: str, chunk: int = 65536) -> Iterator[list[tuple[str, str]]]:
        """Each feature's properties in the layer's order as (feature id, the properties' JSON
        text), `chunk` features at a time, read as `layer_points` reads (one snapshot, a chunk of
        rows held at a time); the text decodes to the properties `features` gives, without the
        `layer` and `commitments` it adds. NotFound for an unknown layer id, raised when the
        first chunk is asked for.
        """
