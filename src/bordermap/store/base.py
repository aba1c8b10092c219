"""What a bordermap store does, whatever keeps the data.

This module is where the contract starts: a new backend subclasses `Store`, implements every
abstract method as its docstring says, and passes `tests/test_store_contract.py` (add the
backend's factory to `BACKENDS` there). The methods are declared one concern a module, read in
this order: `contract_reading` (layers, features, documents and commitments as they are),
`contract_revisions` (the revisions that change user layers and features, their history and
reverts), `contract_ledger` (the editors' documents and commitments, status events, curated
data) and `contract_shared` (what the app servers share besides the data). Everything crosses
the contract in the domain's terms: GeoJSON features as dicts, `Layer`, `Revision`, `Change`
and `RevisionPage` from `bordermap.model`, commitments and documents as the dicts
`geodata/*.toml` holds. No row, column name or JSON text crosses it; how a backend keeps the
data is its own affair.

Words used in all four:

- A *curated* layer (origin "curated") comes from `geodata/` through `sync_curated` and is
  never changed otherwise; a *user* layer (origin "user") changes only through revisions.
- A *revision* is one change to user data (`add_features`, `replace_feature`,
  `delete_features`, `delete_layer`, `link`, `put_document`, `put_commitment`, the status
  events' changes, `revert`), applied in one transaction: all of it is stored, or none.
  Revision ids are positive integers, unique and increasing in the order revisions were made.
  Every revision records a `Change` per entity it touched (see `bordermap.model.Change`), in the
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

from typing import Any

from .contract_ledger import LedgerContract
from .contract_reading import ReadingContract
from .contract_revisions import RevisionsContract
from .contract_shared import SharedStateContract

Feature = dict[str, Any]


class Store(ReadingContract, RevisionsContract, LedgerContract, SharedStateContract):
    """Layers, features, documents, commitments and the revisions of user changes.

    The abstract methods are declared by concern: `ReadingContract` (`contract_reading`),
    `RevisionsContract` (`contract_revisions`), `LedgerContract` (`contract_ledger`) and
    `SharedStateContract` (`contract_shared`).
    """

    #: (schema version found, schema version now) when the store was opened: the backend
    #: applies the migrations its data lacks on opening; both equal when none were needed.
    schema_upgrade: tuple[int, int] = (0, 0)

    def close(self) -> None:  # noqa: B027 - optional: a backend with nothing open needs none
        """Let go of what the store holds open (a server's connections); nothing for a file.

        A closed store is not used again.
        """
