"""The shapes bordermap stores: layers, features, documents, commitments, revisions."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from .i18n import N_

SECTORS = {
    "political": N_("Political"),
    "education": N_("Education"),
    "economy": N_("Economy"),
    "trade-investment": N_("Trade and investment"),
    "agriculture": N_("Agriculture"),
    "culture": N_("Culture"),
    "transport": N_("Transport"),
    "health": N_("Health"),
    "security": N_("Security"),
    "defence": N_("Defence"),
    "border-affairs": N_("Border affairs"),
    "other": N_("Other areas"),
}

FEATURE_STATUSES = (
    "open",
    "inaugurated",
    "under-construction",
    "under-discussion",
    "proposed",
    "study",
    "planned",
    "approved",
    "suspended",
    "cancelled",
)

PRECISIONS = ("exact", "approximate")

# The whole-dataset GeoPackage (tables.dataset) holds tables of these names beside the layers',
# and GeoPackage keeps every table name that begins with "gpkg" for itself.
DATA_TABLES = ("commitments", "documents", "links")  # also downloads of their own (CSV, JSON)
LICENCES_TABLE = "licences"
DATASET_TABLES = (*DATA_TABLES, LICENCES_TABLE)
GEOPACKAGE_PREFIX = "gpkg"


def date_span(date: str, latest: str | None) -> str | None:
    """How a document's date reads when its day of publication is not known for sure: `latest`
    (`date_latest`, shaped as `date`) is the latest it may be, `date` the earliest. "or" when
    `latest` is the next day (month, year: "2025-02-19 or 2025-02-20"), "between" when further, None
    when the date is certain (no `latest`, or `date` itself)."""
    if not latest or latest == date:
        return None
    if len(date) == 10:
        after = _dt.date.fromisoformat(latest) - _dt.date.fromisoformat(date) == _dt.timedelta(days=1)
    elif len(date) == 7:
        after = int(latest[:4]) * 12 + int(latest[5:]) - int(date[:4]) * 12 - int(date[5:]) == 1
    else:
        after = int(latest) - int(date) == 1
    return "or" if after else "between"


# A document's date by its length: its pattern, an example, what makes it a day to check it.
_DATE_SHAPES = {10: (r"\d{4}-\d{2}-\d{2}", "2025-02-20", ""), 7: (r"\d{4}-\d{2}", "2025-02", "-01"),
                4: (r"\d{4}", "2025", "-01-01")}


def date_latest_problems(date: Any, latest: Any) -> list[str]:
    """What is wrong with a document's `date_latest` (none when it has none): it is a date of
    the same shape as `date` (2025-02-20, 2025-02 or 2025) and later than it."""
    if latest is None:
        return []
    pattern, example, rest = _DATE_SHAPES.get(len(date) if isinstance(date, str) else 0, _DATE_SHAPES[10])
    if not isinstance(latest, str) or not re.fullmatch(pattern, latest):
        return [f"expected a date shaped as the date ({example}), got {latest!r}"]
    try:
        _dt.date.fromisoformat(latest + rest)
    except ValueError:
        return [f"no such date: {latest!r}"]
    if isinstance(date, str) and latest <= date:
        return [f"expected a date after the date ({date}), got {latest}"]
    return []


def clashing_layer_id(layer_id: str) -> bool:
    """Whether a layer of this id cannot be a GeoPackage table of its own name in the downloads:
    no new layer takes such an id, and an older layer's table is renamed (download_formats.table_name)."""
    return layer_id.lower().startswith(GEOPACKAGE_PREFIX) or layer_id in DATASET_TABLES


@dataclass(frozen=True)
class Layer:
    """A named group of features drawn together, with its style."""

    id: str
    title: str
    kind: str
    origin: str = "curated"  # "curated" (from geodata/) or "user" (uploaded)
    visible: bool = True
    position: int = 0
    style: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    feature_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The layer as the API shows it."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "origin": self.origin,
            "visible": self.visible,
            "style": self.style,
            "description": self.description,
            "feature_count": self.feature_count,
        }


@dataclass(frozen=True)
class Revision:
    """One change to user data: an import, a deletion or a revert."""

    id: int
    created_at: str
    author: str
    action: str
    layer_id: str | None
    summary: str
    file_sha256: str | None = None
    reverted_by: int | None = None
    reverts: int | None = None
    changes: int = 0
    first_feature_id: str | None = None  # the first feature it wrote or removed, to show it

    def to_dict(self) -> dict[str, Any]:
        """The revision as the API shows it."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Change:
    """One entity's state before and after a revision; None where it did not exist.

    - `entity == "layer"`: `id` is the layer id; states are `Layer`s (`feature_count` 0).
    - `entity == "feature"`: `id` is the feature id; states are GeoJSON Features (`type`, `id`,
      `geometry`, `properties` as stored, without the computed `layer` and `commitments`) with
      one foreign member, `layer`, the id of the layer the feature is in.
    - `entity == "link"`: `id` is the pair (commitment id, feature id); states are
      `{"commitment_id": ..., "feature_id": ...}`.
    - `entity == "document"` or `"commitment"`: a record editors keep; `id` is its id, states
      are the record as `Store.documents()` / `Store.commitments()` give it (without the
      computed `user_features`).
    """

    entity: str
    id: Any  # str, or (commitment id, feature id) for a link
    before: Any
    after: Any


@dataclass(frozen=True)
class RevisionPage:
    """A revision with one page of its changes, in the order they were made."""

    revision: Revision
    changes: list[Change]
    total: int  # how many changes the revision holds in all
    offset: int = 0  # the position of `changes[0]` among them


@dataclass(frozen=True)
class LaterChange:
    """Why a revision cannot be reverted now: a later revision changed an entity it touched.

    `entity` and `id` name that entity as a `Change` does. `later` are the later revisions that
    changed it and still stand (neither reverted nor the revert of another of them), oldest
    first; reverting the newest of them first takes the latest change to it back.
    """

    revision: int
    entity: str
    id: Any  # str, or (commitment id, feature id) for a link
    later: tuple[int, ...]

    @property
    def shown_id(self) -> str:
        """The entity's id as one text (a link's two ids joined by an arrow)."""
        return " → ".join(self.id) if isinstance(self.id, tuple) else str(self.id)
