"""The Store contract's records kept beside the features: the editors' documents and
commitments, the dated status events, and the curated data from `geodata/`.

Apart from the features' revisions (`contract_revisions`) because each record is one revision of
one Change and curated data changes only by a sync; `bordermap.store.base` gathers the parts
into `Store` and defines the words used here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from ..curated import CuratedData
from ..model import Revision


class LedgerContract(ABC):
    """The editors' ledger, the status events and the curated data a store keeps; part of `Store`."""

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
        """Add an editor's event (checked by `bordermap.history_checks.check_event`) as one "event"
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

    # --- whose change an editor read ------------------------------------------------------
    @abstractmethod
    def record_revision(self, entity: str, record_id: str) -> int | None:
        """The newest revision that changed an editors' `document`, `commitment` or `event`, None when
        none did. `put_document` and `put_commitment` take it as `based_on`: given, they refuse
        with Conflict when another revision has changed the record since (two editors saving the
        same record, the second would silently undo the first's change)."""
