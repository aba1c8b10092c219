"""Rules every backend applies the same way: renaming taken ids, and the refusals' wording.

Backends differ in how they keep data, not in what a user is told: the messages of the
contract's Conflict and InvalidInput errors are built here, once.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..errors import Conflict, InvalidInput, LaterChangeConflict, PreconditionFailed
from ..model import LaterChange, Revision
from .base import Feature


def now() -> str:
    """The time a revision is made: UTC, ISO 8601, whole seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_on_taken(on_taken: str) -> None:
    if on_taken not in ("refuse", "rename"):
        raise ValueError(f"on_taken: expected 'refuse' or 'rename', got {on_taken!r}")


def refuse_repeated(ids: list[str]) -> None:
    """InvalidInput when a given feature id appears twice in one upload."""
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        duplicates = [i for i in ids if i in seen or seen.add(i)]
        raise InvalidInput(
            f"feature ids repeat within the upload: {', '.join(sorted(set(duplicates))[:10])}"
        )


def renamed(features: list[Feature], taken: set[str]) -> list[Feature]:
    """The features with each taken id dropped (to be assigned anew) and kept as `source_id`."""
    result = []
    for feature in features:
        if feature.get("id") in taken:
            properties = {k: v for k, v in (feature.get("properties") or {}).items() if k != "id"}
            properties["source_id"] = feature["id"]
            feature = {**feature, "id": None, "properties": properties}
        result.append(feature)
    return result


def taken_conflict(taken: list[str], features: list[Feature], first: int = 0) -> Conflict:
    """The refusal of an upload whose given ids are already in the store (in upload order);
    `features` are the upload's from its `first` onwards."""
    shown = ", ".join(taken[:10]) + (" …" if len(taken) > 10 else "")
    where = {fid: i for i, fid in enumerate((f.get("id") for f in features), first)}
    return Conflict(
        f"{len(taken)} feature id(s) already exist in the store: {shown}",
        problems=[f"features[{where[t]}].id: {t!r} is already used" for t in taken[:50]],
    )


def duplicate_conflict(earlier: Revision, layer_id: str, file_sha256: str) -> Conflict:
    """The refusal of a file already imported into this layer as `earlier`."""
    return Conflict(
        f"this file (SHA-256 {file_sha256[:12]}…) was already imported into layer {layer_id!r} "
        f"as revision {earlier.id} ({earlier.created_at}, by {earlier.author}); importing "
        "it again would add its features twice. To import it again anyway, ask for a "
        "duplicate import (allow_duplicate)"
    )


def later_change_conflict(found: LaterChange) -> LaterChangeConflict:
    """The refusal of a revert when a later revision changed an entity the revision touched,
    naming the later revisions and the one to revert first."""
    later = found.later
    if not later:
        by = "a later change"
    elif len(later) == 1:
        by = f"a later revision, revision {later[0]}; revert revision {later[0]} first"
    else:
        by = (f"later revisions, revisions {', '.join(map(str, later))}; revert revision {later[-1]} "
              "(the newest) first")
    return LaterChangeConflict(
        f"cannot revert revision {found.revision}: {found.entity} {found.shown_id!r} was changed by {by}",
        later_change=found,
    )


def standing(touching: list[Revision]) -> tuple[int, ...]:
    """Of the later revisions that touched an entity (oldest first), those whose change to it
    still stands: not reverted, and not the revert of another of them. A chain of reverts of
    reverts may leave none: then the newest, whose revert is the way back."""
    if not touching:
        return ()
    ids = {revision.id for revision in touching}
    kept = tuple(revision.id for revision in touching
                 if revision.reverted_by is None and revision.reverts not in ids)
    return kept or (touching[-1].id,)


def version_of(revision_id: int | None, created_at: str | datetime | None = None) -> str:
    """A feature's version from the revision that last wrote it, its number and the time it was
    made (curated features have none). A database restored from a dump numbers its next
    revisions as the lost ones were numbered; the time tells the two apart, so a client holding
    a version from the lost timeline is refused, not taken as current (review 13, F4)."""
    if revision_id is None:
        return "curated"
    if created_at is not None and not isinstance(created_at, str):  # PostgreSQL's timestamptz
        created_at = created_at.astimezone(timezone.utc).isoformat(timespec="seconds")
    stamp = "".join(ch for ch in (created_at or "")[:19] if ch.isdigit())
    return f"{revision_id}-{stamp}" if stamp else str(revision_id)


def stale_version(feature_id: str, expected: str, current: str) -> PreconditionFailed:
    """The refusal of a conditional change whose version is no longer the feature's."""
    return PreconditionFailed(
        f"feature {feature_id!r} changed since you read it: you sent version {expected!r}, it is now "
        f"{current!r}; nothing was changed. Read it again, apply your change, and send the new version"
    )
