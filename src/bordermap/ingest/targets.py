"""Where an import goes and how it is known again: the target layer (a user layer, or a new one
made and checked here), the commitments its features are linked to, and the key that names an
import of a file (and of one layer of it) for the duplicate check."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Callable, Iterable

from ..errors import Conflict, InvalidInput, NotFound
from ..model import GEOPACKAGE_PREFIX, Layer, Revision, clashing_layer_id
from ..store import Store
from . import palette
from .problems import Problem, describe, raise_for
from .text import TITLE, text_problems

_LAYER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_KIND = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

# The longest layer name an import key holds whole, in characters (4 bytes each at most): PostgreSQL
# indexes the key (revisions_by_file), and refuses an index row it cannot compress to fit a page
# ("index row requires 12016 bytes, maximum size is 8191" for a name of 12,000 random letters).
KEY_LAYER_CHARS = 200


def import_key(file_sha256: str, source_layer: str | None) -> str:
    """What names an import for the duplicate check (the store's `file_sha256`): the file's
    SHA-256, followed by the name of the layer read when the file holds several, so that the
    second layer of a GeoPackage is not taken for the first imported again (review rv21b, M2).
    A longer name than KEY_LAYER_CHARS is kept as its start and the SHA-256 of the whole name."""
    if not source_layer:
        return file_sha256
    if len(source_layer) > KEY_LAYER_CHARS:
        whole = hashlib.sha256(source_layer.encode("utf-8", "surrogatepass")).hexdigest()
        source_layer = f"{source_layer[:KEY_LAYER_CHARS]}… (SHA-256 {whole})"
    return f"{file_sha256}:{source_layer}"


def import_key_parts(key: str) -> tuple[str, str | None]:
    """An `import_key` taken apart: the file's SHA-256, and the layer read (None: the whole
    file), a long name shown by its start and its own SHA-256."""
    digest, _, layer = key.partition(":")
    return digest, layer or None


def earlier_import(store: Store | None, layer_id: str, new_layer: Layer | None, key: str) -> Revision | None:
    """The revision that imported this very file (`import_key`) into `layer_id` before, if any (a
    new layer has no imports yet: `_target` refused one whose id is taken)."""
    return store.find_import(layer_id, key) if store is not None and new_layer is None else None


def imported_before(layer_id: str, earlier: Revision) -> Problem:
    """The plan's note on a file imported into its layer before (the upload page and the
    command line each put it in their own words: app/problem_words)."""
    return Problem("(file)", f"this file was already imported into {layer_id} as revision {earlier.id}; "
                             "importing it again needs allow_duplicate", "warning")


def slugify(text: str) -> str:
    """An ASCII id from a title: `Special economic zones` → `special-economic-zones`,
    `Đồn biên phòng Đức Huệ` → `don-bien-phong-duc-hue` (Vietnamese đ is a letter of its own,
    which no decomposition turns into a d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 63:  # at most 63 characters, cut between words where one ends near there
        cut = slug.rfind("-", 0, 64)
        slug = slug[:cut] if cut > 40 else slug[:63]
    return slug.rstrip("-")


def make_layer(layer_id: str, *, title: str, kind: str = "", color: str = "", store: Store | None = None) -> Layer:
    """A new user layer, checked: InvalidInput lists what is wrong with id, title, kind, colour.

    Without a colour it takes the palette's first one no user layer of `store` has (palette.py)."""
    title = (title or "").strip()
    kind = (kind or "").strip() or "user"
    color = (color or "").strip() or palette.default_color(store)
    typed = (layer_id or "").strip()
    layer_id = typed or slugify(title)
    if not layer_id and title:
        # A title in letters with no Latin form (Khmer) gives no slug: its id is drawn from it, the
        # same title the same id, where the refusal blamed a `layer` nobody gave (review 23b, #13).
        layer_id = "layer-" + hashlib.sha256(title.encode()).hexdigest()[:8]
    if not typed and clashing_layer_id(layer_id):  # a title like "GPKG import": the id says what it is
        layer_id = f"layer-{layer_id}"[:63].rstrip("-")
    problems = []
    # Without an id or a title to make one from, the missing title is the one problem (review 24a, #1).
    described = bool(typed or title)
    if described and not _LAYER_ID.match(layer_id):
        problems.append(Problem("layer", "expected an id of lowercase letters, digits and hyphens "
                                         f"(like special-zones), got {describe(layer_id)}"))
    elif described and clashing_layer_id(layer_id):
        problems.append(Problem("layer", f"expected an id that does not begin with {GEOPACKAGE_PREFIX} (GeoPackage "
                                         "keeps such names for itself) and is not commitments, documents, links "
                                         f"or licences (tables of the downloads), got {describe(layer_id)}"))
    if not title:
        problems.append(Problem("new_layer_title", "expected a title for the new layer, got nothing"))
    else:
        problems += text_problems(title, "new_layer_title", TITLE)
    if not _KIND.match(kind):
        problems.append(Problem("kind", "expected a short lowercase word like economic-zone, "
                                        f"got {describe(kind)}"))
    if not _COLOR.match(color):
        problems.append(Problem("color", f"expected a colour like #7b3294, got {describe(color)}"))
    raise_for(problems)
    return Layer(id=layer_id, title=title, kind=kind, origin="user", visible=True,
                 style={"color": color.lower(), "weight": 3, "fill": color.lower()})


def layer_target(store: Store | None, layer_id: str, new_layer: Layer | None) -> tuple[str, str]:
    """The layer's id and kind; the layer must be a user layer, or new."""
    if new_layer is not None:
        if store is not None and new_layer.id in {layer.id for layer in store.layers()}:
            raise Conflict(f"a layer with id {new_layer.id!r} already exists; choose it as the "
                           "target or give the new layer another id")
        return new_layer.id, new_layer.kind
    if not layer_id:
        raise InvalidInput("layer: expected the id of a layer of yours, or a title for a new layer")
    if store is None:
        return layer_id, "user"
    try:
        layer = store.layer(layer_id)
    except NotFound:
        raise NotFound(f"no layer with id {layer_id!r}; to create it, give a title for the new layer") from None
    if layer.origin != "user":
        raise Conflict(f"layer {layer_id!r} is curated; add features to a layer of your own")
    return layer.id, layer.kind


def target_and_links(store: Store | None, layer: str, new_layer: Layer | None, links: Iterable[str],
                     key: Callable[[], str]) -> tuple[str, str, list[str]]:
    """The layer an import goes into and its kind, and the commitments to link, each checked.

    `key` gives the import's `import_key`, asked for only to name an earlier import of the same file.
    """
    try:
        layer_id, kind = layer_target(store, layer, new_layer)
    except Conflict:
        # A retried request whose first try created the layer: name the import that did.
        earlier = store.find_import(new_layer.id, key()) if store is not None and new_layer is not None else None
        if earlier is None:
            raise
        raise Conflict(f"this file was already imported into a new layer {new_layer.id!r} as revision "
                       f"{earlier.id}; to add it again, import it into that layer with allow_duplicate") from None
    links = list(dict.fromkeys(links))
    if store is not None:
        known = {item["id"] for item in store.commitments()}
        missing = [cid for cid in links if cid not in known]
        if missing:
            raise NotFound(f"no commitment with id {missing[0]!r}")
    return layer_id, kind, links
