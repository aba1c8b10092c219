"""The static export: one HTML file that opens anywhere, offline included.

Leaflet, bordermap's scripts and styles (images as data: URIs), every feature and the
commitments panel are inlined. The only requests the file may make are basemap tiles, and it
reads the same without them. The same data gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import orjson

from .. import commitments, layer_points, queries, tracking
from ..errors import Conflict, InvalidInput, NotFound, storage_error
from ..files import atomic_write
from ..i18n import messages
from ..model import Layer
from ..store import Store
from .assets import LEAFLET_VERSION
from .mapbuild import MapView
from .page import DEFAULT_TITLE, map_page

__all__ = ["DEFAULT_TITLE", "ExportOptions", "build_export", "parse_view", "write_export"]
# --cdn: Leaflet from a public CDN; bordermap's own files are on no CDN and stay inline.
CDN_URLS = {
    "leaflet/leaflet.js": f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
    "leaflet/leaflet.css": f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
}


@dataclass
class ExportOptions:
    """What goes into the file and how it opens."""

    layers: list[str] | None = None  # None: every layer
    view: MapView | None = None
    title: str = DEFAULT_TITLE
    cdn: bool = False
    basemap: bool = True
    lang: str = "en"  # the file's language: en, km or vi
    # The app's address, for the layers the file leaves out and a link back to the live map
    # ("": none known, from the command line unless --app-url gives it).
    base_url: str = ""
    # The day the file is made: its "today" (its statuses, overdue or not, are that day's; later
    # events are not in it), said in its header. Part of the name an export is kept under.
    made_on: str = field(default_factory=lambda: datetime.now(timezone.utc).date().isoformat())


def parse_view(text: str) -> MapView:
    """`LAT,LON,ZOOM` → MapView, with a message that says what was wrong."""
    parts = [p.strip() for p in text.split(",")]
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), int(parts[2])
    except (ValueError, IndexError):
        raise InvalidInput(f"view: expected LAT,LON,ZOOM such as 11.5,105.9,7, got {text!r}") from None
    if len(parts) != 3 or not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 19):
        raise InvalidInput(f"view: expected latitude -90..90, longitude -180..180, zoom 0..19, got {text!r}")
    return MapView(center=(lat, lon), zoom=zoom)


def _layer_configs(store: Store, wanted: list[str] | None, state: tuple) -> list[dict]:
    layers = store.layers()
    known = {layer.id for layer in layers}
    unknown = [layer_id for layer_id in wanted or [] if layer_id not in known]
    if unknown:
        raise NotFound(f"layers: no layer with id {', '.join(map(repr, unknown))} "
                       f"(known: {', '.join(sorted(known))})")
    # Each layer goes in as the GeoJSON bytes the read API serves (and caches), not as objects:
    # a layer's features as Python objects take several times their JSON's size, and only
    # one layer's are alive at a time this way. Statuses are today's, as the downloads' are.
    body = tracking.feature_collection_today_json
    return [
        queries.layer_config(layer, data=orjson.Fragment(body(store, layer.id, state)))
        for layer in layers
        if (wanted is None or layer.id in wanted) and not layer_points.is_big(layer)
    ]


def _left_out(store: Store, wanted: list[str] | None) -> list[Layer]:
    """The large layers (layer_points.is_big) the file leaves out: a million points are about
    190 MB of GeoJSON, more than a browser opens as one page. The file names them and where
    the app serves them."""
    return [layer for layer in store.layers() if (wanted is None or layer.id in wanted) and layer_points.is_big(layer)]


def build_export(store: Store, options: ExportOptions | None = None) -> str:
    """The export's HTML text, all of one state of the data: the revision its header names, with
    that revision's features, commitments and links (built again when the data changes meanwhile,
    queries.of_one_state)."""
    return export_of_one_state(store, options)[1]


def export_of_one_state(store: Store, options: ExportOptions | None = None) -> tuple[tuple, str]:
    """`build_export`, and the state of the data it is of (`queries.data_state`): a later one
    than the caller read before when the data changed meanwhile."""
    options = options or ExportOptions()
    return queries.of_one_state(store, lambda state: _export_of(store, options, state))


def _export_of(store: Store, options: ExportOptions, state: tuple) -> str:
    """The export's HTML text, its header saying `state`: of that state alone when the data stays
    at it while this runs (build_export makes sure)."""
    return map_page(
        store,
        layers=_layer_configs(store, options.layers, state),
        left_out=_left_out(store, options.layers),
        left_out_base=options.base_url,
        # Each commitment cites its document and paragraph, and links the document's online copy;
        # the publishers' paragraphs are not copied into a file made to be passed on (the app
        # shows a cited paragraph on request, when its instance has the sources; review 19).
        commitments={"data": _with_elsewhere(store, _in_language(
            commitments.payload(store), options.lang), options.layers, options.lang)},
        mode="export",
        made_on=options.made_on,
        app_url=options.base_url,
        title=options.title,
        view=options.view,
        basemap=options.basemap,
        link_for=(lambda path: CDN_URLS.get(path)) if options.cdn else None,
        words=messages(options.lang),
        state=state,
    )


def _with_elsewhere(store: Store, payload: dict, wanted: list[str] | None, lang: str) -> dict:
    """The panel's data and the names of the places its commitments link that the file leaves
    out (a layer not chosen, a large layer), in the file's language and English: the panel
    names each as a place not in this file instead of offering its id as a link to nothing."""
    shown = {layer.id for layer in store.layers()
             if (wanted is None or layer.id in wanted) and not layer_points.is_big(layer)}
    linked = dict.fromkeys(feature_id for item in payload["commitments"] for feature_id in commitments.places_of(item))
    kept = ("name", f"name_{lang}", f"name_{lang}_status") if lang != "en" else ("name",)
    elsewhere = {feature["id"]: {key: feature["properties"][key] for key in kept if key in feature["properties"]}
                 for feature in store.features_by_id(linked)
                 if feature["properties"].get("layer") not in shown}
    return {**payload, "elsewhere": elsewhere}


def _in_language(payload: dict, lang: str) -> dict:
    """The panel's data with only the file's language among each commitment's, event's and
    target's translations.

    The file is read in one language; the others' texts (and their Khmer glyphs in the
    embedded font) would only add to its size.
    """
    def own(item: dict) -> dict:
        return {**item, "translations": {key: value for key, value in item.get("translations", {}).items()
                                         if key == lang}}

    items = [own(item) for item in payload["commitments"]]
    history = {entity: {entity_id: [own(entry) if "translations" in entry else entry for entry in entries]
                        for entity_id, entries in by_id.items()}
               for entity, by_id in payload.get("history", {}).items()}
    return {**payload, "commitments": items, "history": history}


def write_export(html: str, path: Path, *, force: bool = False) -> int:
    """Write atomically (temporary file, then rename); refuse to replace a file unless `force`."""
    path = Path(path)
    if path.exists() and not force:
        # Not "<name>: …", which reads as a field's problem ("map.html: …") and was left in English.
        raise Conflict(f"the file {path} exists already; choose another name or pass --force to replace it")
    if not path.parent.is_dir():
        raise NotFound(f"{path.parent}: no such folder")
    data = html.encode("utf-8")
    try:
        atomic_write(path, data)
    except OSError as error:
        typed = storage_error(error, str(path))  # a full disk or a read-only folder, said so
        if typed is None:
            raise
        raise typed from None
    return len(data)
