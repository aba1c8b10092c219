"""Big GeoJSON files a slice at a time: the command line's import in bounded memory (the
scan is `ingest.scanner`'s, the merging of what slices say `ingest.merge`'s).

A FeatureCollection file is read three times, never whole:

1. `scan`: block reads and a scanner (a C-speed regex that takes a whole JSON string as one
   token and stops at each brace or bracket) find the top-level "features" array and cut it
   into slices of whole features (at most `SLICE_FEATURES` features or `SLICE_BYTES` bytes).
   Only offsets are kept.
2. `plan_file` checks each slice with the very code a whole-file upload runs
   (`read_upload`): the slice is wrapped in the file's own top level (every member but the
   features, exactly as the file writes them, crs and bbox included), so every rule applies.
   Paths in problems are made the file's own (`features[40123]`, not the slice's index); the
   warnings a whole file gives once (null values dropped, winding, elevation, features far
   from the region) are added up across slices; ids are settled over the whole file (an id
   repeated in slice 2 and slice 40 is found). Each planned slice goes to a spool file.
   Any error in any slice: nothing is stored (the store is not even written to).
3. `store_plan` writes the spooled slices as one import and one revision, a batch at a time,
   inside the store's transaction (`Store.add_feature_batches`).

Files this reader does not take (another format, a lone Feature, UTF-16/32 text, a features
array holding something other than objects) raise `NotStreamable`: the caller reads them
whole, under the ordinary upload limits.
"""

from __future__ import annotations

import pickle
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator

import orjson

from ..errors import BordermapError, InvalidInput, MalformedInput
from ..model import Layer, Revision
from ..store import Store
from . import formats, scanner
from .crs import crs_title, is_lonlat
from .ids import apply_ids, id_candidates, id_notes
from .merge import Errors, Warnings, global_path, record_error, syntax_error
from .parse import Limits, gc_paused
from .precision import editor_precision, give_precision
from .problems import Problem, raise_for
from .scanner import SEQUENCE_HEADER, SLICE_BYTES, SLICE_FEATURES, NotStreamable, Scan, read_range, scan
from .targets import earlier_import, imported_before, target_and_links
from .text import AUTHOR, FILENAME, SUMMARY, text_problems

__all__ = ["NotStreamable", "Scan", "StreamPlan", "plan_file", "scan", "store_plan"]

# Per slice, nothing bounds the count of features or positions: the slice bounds the memory.
UNBOUNDED = 1 << 62


@dataclass
class StreamPlan:
    """A planned file, checked whole, its features spooled a slice at a time (nothing stored)."""

    scan: Scan
    layer_id: str
    new_layer: Layer | None
    spool: BinaryIO  # a temporary file without a name: gone when closed, or when the process ends
    spooled: list[tuple[int, int]]  # (offset, length) of each slice's record in the spool
    count: int
    geometry_types: Counter
    warnings: list[Problem]
    source_crs: str | None
    file_sha256: str
    filename: str
    links: list[str]
    repair: bool
    location_precision: str
    precision_m: float | None
    precision_given: int
    counts: Counter  # usable ids the file gives, and how often
    taken: set[str]
    ids_kept: int
    reserved: set[str] = field(default_factory=set)  # ids kept that look like the store's own

    @property
    def summary(self) -> str:
        return f"imported {self.count} feature(s) from {self.filename} into {self.layer_id}"

    def batches(self) -> Iterator[list[dict[str, Any]]]:
        """The planned features, a slice at a time, with their ids settled and precision given."""
        for offset, length in self.spooled:
            self.spool.seek(offset)
            blob, file_ids = pickle.loads(self.spool.read(length))
            planned = orjson.loads(blob)
            properties = [feature["properties"] for feature in planned]
            if file_ids is not None:
                ids: list = [None] * len(planned)
                apply_ids(properties, ids, id_candidates(file_ids), self.counts, self.taken)
                for feature, feature_id in zip(planned, ids, strict=True):
                    if feature_id is not None:
                        feature["id"] = feature_id
            give_precision(properties, self.location_precision, self.precision_m)
            yield planned

    def features(self) -> list[dict[str, Any]]:
        """Every planned feature (for tests and small files: holds them all)."""
        return [feature for batch in self.batches() for feature in batch]

    def report(self, preview: int = 20) -> dict[str, Any]:
        """What `ImportPlan.report` says, for the whole file."""
        shown = next(self.batches(), [])[:preview] if preview else []
        return {
            "layer": self.layer_id,
            "new_layer": self.new_layer.to_dict() if self.new_layer else None,
            "file": self.filename,
            "file_sha256": self.file_sha256,
            "features": self.count,
            "geometry_types": dict(sorted(self.geometry_types.items())),
            "source_crs": crs_title(self.source_crs) if self.source_crs else "longitude/latitude (EPSG:4326)",
            "reprojected": not is_lonlat(self.source_crs),
            "ids_kept": self.ids_kept,
            "ids_to_assign": self.count - self.ids_kept,
            "links": self.links,
            "location_precision": self.location_precision or None,
            "precision_m": self.precision_m,
            "features_given_precision": self.precision_given,
            "warnings": [str(w) for w in self.warnings],
            "preview": [{"id": f.get("id"), "geometry": f["geometry"]["type"], "bbox": f["bbox"],
                         "properties": f["properties"]} for f in shown],
        }

    def close(self) -> None:
        self.spool.close()

    def __enter__(self) -> "StreamPlan":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def plan_file(
    path: Path | str,
    *,
    layer: str = "",
    new_layer: Layer | None = None,
    crs: str | None = None,
    repair: bool = False,
    limits: Limits | None = None,
    links: Iterable[str] = (),
    store: Store | None = None,
    filename: str | None = None,
    location_precision: str | None = None,
    precision_m: Any = None,
    slice_features: int = SLICE_FEATURES,
    slice_bytes: int = SLICE_BYTES,
    progress: Callable[[str, int, int], None] | None = None,
) -> StreamPlan:
    """`plan_import` for a GeoJSON FeatureCollection file, a slice at a time (see the module).

    The same checks and the same report; the features go to a temporary spool file, which
    `StreamPlan.close` removes (as the end of the process does). `limits` bound each feature
    (depth, text); the file's size, feature count and positions are not bounded: memory is,
    by the slice. NotStreamable when the file is
    not a UTF-8 FeatureCollection of objects.
    """
    from .read_upload import read_upload

    path = Path(path)
    filename = filename or path.name
    limits = limits or Limits()
    raise_for(text_problems(filename, "filename", FILENAME))
    with path.open("rb") as handle:
        if formats.kind_of(handle.read(4096), filename) is not None:
            raise NotStreamable("another format")
    precision, radius = editor_precision(location_precision, precision_m)
    found = scan(path, slice_features=slice_features, slice_bytes=slice_bytes,
                 progress=(lambda done: progress("reading", done, path.stat().st_size)) if progress else None)
    layer_id, kind, links = target_and_links(store, layer, new_layer, links, lambda: _sha256(path))
    per_slice = replace(limits, max_bytes=UNBOUNDED, max_features=UNBOUNDED, max_vertices=UNBOUNDED)
    spool = out = tempfile.TemporaryFile(prefix="bordermap-import-")
    try:
        with path.open("rb") as handle:
            if found.sequence:
                header, trailer = SEQUENCE_HEADER, b"]}"
            else:
                header = read_range(handle, found.start, found.features_open + 1)
                trailer = read_range(handle, found.features_close, found.size)
            errors, warnings = Errors(), Warnings()
            spooled: list[tuple[int, int]] = []
            types: Counter = Counter()
            counts: Counter = Counter()
            source = None
            offset = given = 0
            with_ids = False
            # A file whose structure breaks: the whole slices are closed here, the rest is read to the end.
            closing = trailer if found.broken_at is None else b"]}"
            pieces = [(first, end, n, closing) for first, end, n in found.slices]
            if found.broken_at is not None:
                pieces.append((found.broken_at, found.size, 0, b""))
            for first, end, n, tail in pieces:
                body = read_range(handle, first, end)
                if not n:  # after the last whole slice: a comma may come before the next feature
                    comma = re.match(rb"\s*,", body)
                    if comma:
                        first, body = first + comma.end(), body[comma.end():]
                if found.sequence:
                    body = scanner.RECORD_BREAK.sub(b"},{", body.strip(b" \t\r\n\x1e"))
                    tail = b"]}"
                raw = header + body + tail
                try:
                    with gc_paused():
                        planned, file_ids, kinds, notes, source = read_upload(raw, per_slice, crs, repair)
                        planned = list(planned)  # Feature objects, as the spool keeps them
                except MalformedInput:
                    if found.sequence:
                        raise record_error(path, found, first, end) from None
                    raise syntax_error(path, found, raw, len(header), first) from None
                except InvalidInput as error:
                    errors.add(error.problems, offset)
                    offset += n
                    del raw, body
                    if progress:
                        progress("checking", end - found.start, found.size - found.start)
                    continue
                except BordermapError as error:  # TooLarge and the like: the same for the whole file
                    problems = [global_path(p, offset) for p in error.problems]
                    raise type(error)(error.message, problems=problems) from None
                del raw, body
                if not n:  # a tail that parsed: the structure was irregular, not broken
                    raise NotStreamable("irregular features array")
                warnings.add(notes, offset)
                types.update(kinds)
                errors.passed(planned, source)
                if not errors.total:
                    for props in map(lambda f: f["properties"], planned):
                        props.setdefault("kind", kind)
                    if precision:
                        given += sum(1 for f in planned if "location_precision" not in f["properties"])
                    ids = None if file_ids.count(None) == len(file_ids) else file_ids
                    if ids is not None:
                        with_ids = True
                        counts.update(fid for _, fid in id_candidates(ids) if fid)
                    record = pickle.dumps((orjson.dumps(planned), ids), protocol=pickle.HIGHEST_PROTOCOL)
                    spooled.append((out.tell(), len(record)))
                    out.write(record)
                offset += n
                if progress:
                    progress("checking", end - found.start, found.size - found.start)
            errors.raise_any()
        sha256 = _sha256(path)
        notes = warnings.merged()
        taken: set[str] = set()
        ids_kept = 0
        if with_ids:
            unique = [fid for fid, n in counts.items() if n == 1]
            taken = store.taken_ids(unique) if store is not None else set()
            notes += _id_tally(spool, spooled, counts, taken)
            ids_kept = sum(1 for fid in unique if fid not in taken)

        earlier = earlier_import(store, layer_id, new_layer, sha256)
        if earlier is not None:
            notes.append(imported_before(layer_id, earlier))
        prefix = f"{layer_id}-"
        reserved = {fid for fid, n in counts.items() if n == 1 and fid.startswith(prefix) and fid not in taken}
        return StreamPlan(found, layer_id, new_layer, spool, spooled, offset, types, notes, source, sha256,
                          filename, links, repair, precision, radius, given, counts, taken, ids_kept, reserved)
    except BaseException:
        spool.close()
        raise


def _id_tally(spool: BinaryIO, spooled: list[tuple[int, int]], counts: Counter, taken: set[str]) -> list[Problem]:
    """The notes on ids `ids.settle_ids` gives, over the whole file (a pass over the spool)."""

    tally = [0, 0, 0, 0]
    for offset, length in spooled:
        spool.seek(offset)
        blob, file_ids = pickle.loads(spool.read(length))
        if file_ids is None:
            continue
        for k, n in enumerate(apply_ids([{} for _ in file_ids], [None] * len(file_ids), id_candidates(file_ids),
                                         counts, taken)):
            tally[k] += n
    return id_notes(*tally)


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(scanner.BLOCK):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------------------ storing
def store_plan(store: Store, plan: StreamPlan, *, author: str, allow_duplicate: bool = False,
               progress: Callable[[str, int, int], None] | None = None) -> Revision:
    """`run_import` for a streamed plan: one revision, written a slice at a time in one transaction."""
    raise_for(text_problems(author, "author", AUTHOR)
              + text_problems(plan.filename, "filename", FILENAME)
              + text_problems(plan.summary, "summary", SUMMARY))

    def batches() -> Iterator[list[dict]]:
        done = 0
        for batch in plan.batches():
            yield batch
            done += len(batch)
            if progress:
                progress("storing", done, plan.count)

    with gc_paused():
        return store.add_feature_batches(
            plan.layer_id, batches(), author=author, summary=plan.summary, file_sha256=plan.file_sha256,
            new_layer=plan.new_layer, links=plan.links, on_taken="rename", allow_duplicate=allow_duplicate,
            reserved=plan.reserved,
        )
