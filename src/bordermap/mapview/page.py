"""The map page: its chrome and map configuration, built once for the live page and the export."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from .. import queries
from ..store import Store
from .assets import Assets
from .mapbuild import MapConfig, MapView, build_map, render_document

DEFAULT_TITLE = "bordermap: Cambodia–Viet Nam border commitments"
BRAND, SUBTITLE = DEFAULT_TITLE.split(": ", 1)


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
) -> str:
    """The whole HTML page of the map.

    `layers` and `commitments` are the script's entries (by URL on the live page, inline in the
    export); `mode` is "live" or "export"; `nav` the header's links; `nonce` the inline scripts'
    CSP nonce; `link_for` where assets are linked from (None: inline). The data's date and
    version come from the store, for `state` (the current one by default).
    """
    state = state or queries.data_state(store)
    as_of = queries.dataset_as_of(store, state)
    version = queries.dataset_version(store, state)
    config = MapConfig(layers=layers, commitments=commitments, as_of=as_of, dataset_version=version,
                       mode=mode)
    # The data starts downloading while the scripts load and run (the export has no URLs).
    urls = [layer["url"] for layer in layers if layer.get("url")]
    urls += [commitments[key] for key in ("url", "documentsUrl") if commitments.get(key)]
    chrome = {"as_of": as_of, "dataset_version": version, "nav": list(nav), "nonce": nonce,
              "preload": urls, "export": mode == "export"}
    if title == DEFAULT_TITLE:  # the default title is shown as brand and subtitle
        chrome.update(brand=BRAND, subtitle=SUBTITLE)
    return render_document(build_map(view, basemap=basemap), config, title=title, assets=Assets(),
                           chrome=chrome, link_for=link_for)
