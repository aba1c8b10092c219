"""The map page: its chrome and map configuration, built once for the live page and the export."""

from __future__ import annotations

from typing import Any, Callable, Iterable
from urllib.parse import quote

from .. import provenance, queries, vocabulary
from ..i18n import N_, Messages, curated_layer
from ..model import Layer
from ..store import Store
from . import fonts
from .assets import Assets
from .first_view import first_view_svg
from .first_view_legend import legend_html
from .mapbuild import DATA_ATTRIBUTION, MapConfig, MapView, build_map, render_document

BRAND = "bordermap"
SUBTITLE = N_("Cambodia–Viet Nam border commitments")
DEFAULT_TITLE = f"{BRAND}: {SUBTITLE}"
# Where each country's name is written on the map: inside the country, clear of the border and of
# the towns, and within the default view on a phone's narrow map as on a desktop's.
COUNTRY_LABELS = (
    {"country": "KH", "label": N_("Cambodia"), "lat": 12.75, "lon": 104.6},
    {"country": "VN", "label": N_("Viet Nam"), "lat": 11.35, "lon": 107.2},
)


def map_page(
    store: Store,
    *,
    layers: list[dict[str, Any]],
    commitments: dict[str, Any],
    mode: str = "live",
    title: str = DEFAULT_TITLE,
    view: MapView | None = None,
    basemap: bool = True,
    nav: Iterable[dict[str, Any]] = (),
    nonce: str | None = None,
    link_for: Callable[[str], str | None] | None = None,
    state: tuple | None = None,
    words: Messages | None = None,
    languages: Iterable[dict[str, Any]] = (),
    links: dict[str, str] | None = None,
    embed: bool = False,
    left_out: Iterable[Layer] = (),
    left_out_base: str = "",
    made_on: str = "",
    app_url: str = "",
) -> str:
    """The whole HTML page of the map.

    `layers` and `commitments` are the script's entries (by URL on the live page, inline in the
    export); `mode` is "live" or "export"; `nav` the header's links; `nonce` the inline scripts'
    CSP nonce; `link_for` where assets are linked from (None: inline). The data's date and
    version come from the store, for `state` (the current one by default). `words` is the page
    language (English by default); `languages` the switcher's links ({lang, label, href, current}).
    `links` are URLs the scripts offer (`embed`: the embeddable view, `embedOrigins`: the sites
    allowed to frame it); `embed` makes the page the embedded view (the map alone).
    """
    words = words or Messages()
    state = state or queries.data_state(store)
    as_of = queries.dataset_as_of(store, state)
    version = queries.dataset_version(store, state)
    # The curated data keeps its own date; the editors' changes have theirs (see provenance).
    curated_as_of = store.curated_as_of() or ""
    edited_on = provenance.editors_changed_on(store, state)
    layers = _with_provenance(layers, provenance.layer_provenance(store, state))
    layers = [curated_layer(layer, words) for layer in layers]
    labels = vocabulary.labels(words.lang)
    data_attribution = words.gettext(DATA_ATTRIBUTION)
    commitments = _translated_sectors(commitments, words, labels["sectors"])
    config = MapConfig(layers=layers, commitments=commitments, as_of=as_of, dataset_version=version,
                       curated_as_of=curated_as_of, edited_on=edited_on, revision=state[1],
                       mode=mode, i18n=words.script_messages(), vocabulary=labels,
                       data_attribution=data_attribution,
                       country_labels=[dict(item, label=words.gettext(item["label"])) for item in COUNTRY_LABELS],
                       links=dict(links or {}), made_on=made_on, app_url=app_url)
    # The data of the layers shown at first, when not inlined, starts downloading while the
    # scripts load and run (the export has no URLs). Hidden layers, the commitments and the
    # history are fetched by the script, once it runs, so they do not hold up the first view.
    # A large layer (onDemand) is fetched only once it is drawn, after the first view.
    urls = [layer["url"] for layer in layers
            if layer.get("url") and layer.get("visible") and not layer.get("onDemand")]
    chrome = {"as_of": words.date(curated_as_of or as_of), "edited_on": words.date(edited_on),
              "revision": words.numeral(state[1]) if state[1] else "",  # a name, never grouped
              "dataset_version": version, "nav": list(nav), "nonce": nonce,
              "preload": urls, "export": mode == "export", "lang": words.lang,
              "languages": list(languages), "embed": embed,
              # The panel keeps its room while the commitments load, so the drawn map does not move.
              "panel_pending": bool(commitments.get("url")),
              "left_out": _left_out_note(list(left_out), words, left_out_base),
              "made_on": words.date(made_on), "app_url": app_url}
    # The live page's first view, drawn by the server, shows before the scripts have run.
    if mode == "live":
        opening = view or MapView()
        chrome["firstview"] = first_view_svg(store, layers, opening.center, opening.zoom, state)
        if chrome["firstview"]:  # its key, for a reader whose browser runs no script
            chrome["legend"] = legend_html(store, layers, words, labels["feature_statuses"], state)
        chrome["data_url"] = (links or {}).get("data", "")
        chrome["data_attribution"] = data_attribution
    if title == DEFAULT_TITLE:  # the default title is shown as brand and subtitle
        chrome.update(brand=BRAND, subtitle=words.gettext(SUBTITLE))
        title = f"{BRAND}: {chrome['subtitle']}"
    # The live page links the whole font; the export embeds the part of it the file uses.
    font_url = link_for(f"fonts/{fonts.FONT_FILE}") if link_for else None
    chrome["font_face"] = fonts.page_font_faces(font_url) if font_url else None
    html = render_document(build_map(view, basemap=basemap, words=words), config, title=title, assets=Assets(),
                           chrome=chrome, link_for=link_for, words=words)
    if font_url is None:
        html = html.replace(FONT_SLOT, fonts.embedded_font_face(html), 1)
    return html


def _with_provenance(layers: list[dict[str, Any]], found: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each editors' layer with who added it and when (`provenance`), for its popups and legend."""
    return [dict(layer, provenance=found[layer["id"]]) if layer.get("origin") == "user" and layer["id"] in found
            else layer for layer in layers]


# Where the export's embedded font goes, once the file's text (and so its Khmer) is known.
FONT_SLOT = "/*bordermap-font-face*/"


def _translated_sectors(commitments: dict[str, Any], words: Messages, labels: dict[str, str]) -> dict[str, Any]:
    """The panel's sector names in the page language (geodata/vocabulary.toml), live (`sectors`)
    or inlined (`data`); a sector the vocabulary lacks goes through the catalogue."""
    def translate(sectors: dict) -> dict:
        return {key: labels.get(key) or words.gettext(label) for key, label in sectors.items()}

    commitments = dict(commitments)
    if isinstance(commitments.get("sectors"), dict):
        commitments["sectors"] = translate(commitments["sectors"])
    data = commitments.get("data")
    if isinstance(data, dict) and isinstance(data.get("sectors"), dict):
        commitments["data"] = dict(data, sectors=translate(data["sectors"]))
    return commitments


def _left_out_note(layers: list[Layer], words: Messages, base: str = "") -> str:
    """What the export says of the large layers it leaves out ("" for none): each by name and
    the address its whole GeoJSON is served at, on the server at `base` (the web export's own;
    "" from the command line, which knows none: a path on the app)."""
    if not layers:
        return ""
    urls = [base + "/api/layers/" + quote(layer.id, safe="") + ".geojson" for layer in layers]
    named = "; ".join(words.ngettext("%(title)s (id %(id)s, %(num)s feature): %(url)s",
                                     "%(title)s (id %(id)s, %(num)s features): %(url)s",
                                     layer.feature_count, title=layer.title, id=layer.id, url=url)
                      for layer, url in zip(layers, urls, strict=True))
    return words.gettext("Left out of this file as too large for it: %(layers)s. The same address ending in "
                         ".gpkg, .csv, .kml, .fgb or .shp.zip gives the layer as a GeoPackage, CSV, KML, "
                         "FlatGeobuf or zipped Shapefile.", layers=named)
