"""Build the folium map and the HTML document around it (live page and export alike)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import folium
from branca.element import Element, MacroElement
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from . import __version__
from .assets import Assets
from .paths import library_templates_dir

# The border region, from the Gulf of Thailand to the tri-border with Laos.
DEFAULT_CENTER = (11.9, 105.9)
DEFAULT_ZOOM = 7
TILE_ATTRIBUTION = (
    'Basemap &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>', re.S)
DATA_ATTRIBUTION = "Boundaries: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0)"


@dataclass
class MapView:
    """Where the map opens: centre (lat, lon) and zoom."""

    center: tuple[float, float] = DEFAULT_CENTER
    zoom: int = DEFAULT_ZOOM


@dataclass
class MapConfig:
    """What the map's script needs: layers (by URL or inline), commitments, labels."""

    layers: list[dict[str, Any]]
    commitments: dict[str, Any] = field(default_factory=dict)
    as_of: str = ""
    dataset_version: str = ""
    mode: str = "live"  # "live" (served by the app) or "export" (one self-contained file)
    links: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON the script reads."""
        return {
            "layers": self.layers,
            "commitments": self.commitments,
            "asOf": self.as_of,
            "datasetVersion": self.dataset_version,
            "appVersion": __version__,
            "mode": self.mode,
            "links": self.links,
            "dataAttribution": DATA_ATTRIBUTION,
        }


class BorderMapLayers(MacroElement):
    """Hands the map and its configuration to bordermap.js, which draws every layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            BorderMap.init({{ this._parent.get_name() }}, {{ this.config|tojson }}, {
                basemap: {{ this.tiles.get_name() if this.tiles else 'null' }}
            });
        {% endmacro %}
        """
    )

    def __init__(self, config: dict[str, Any], tiles: folium.TileLayer | None):
        super().__init__()
        self._name = "BorderMapLayers"
        self.config = config
        self.tiles = tiles


def _stable_ids(root: Element) -> None:
    """Replace folium's random element ids with ones derived from tree order.

    The same map then renders to the same bytes, which the export relies on.
    """
    stack = [root]
    counter = 0
    while stack:
        element = stack.pop(0)
        element._id = f"bm{counter}"
        counter += 1
        stack.extend(element._children.values())


def build_map(config: MapConfig, view: MapView | None = None, *, basemap: bool = True) -> folium.Map:
    """A folium map of the border region with bordermap's layers attached."""
    view = view or MapView()
    fmap = folium.Map(
        location=list(view.center),
        zoom_start=view.zoom,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        min_zoom=4,
        max_zoom=18,
        attribution_control=True,
    )
    # bordermap's document template links or inlines Leaflet itself: no CDN links from folium.
    fmap.default_js = []
    fmap.default_css = []
    tiles = None
    if basemap:
        tiles = folium.TileLayer(
            tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            attr=TILE_ATTRIBUTION,
            name="OpenStreetMap",
            max_zoom=19,
            control=False,
        )
        tiles.add_to(fmap)
    BorderMapLayers(config.to_dict(), tiles).add_to(fmap)
    _stable_ids(fmap.get_root())
    return fmap


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    # Built once: compiling the page template on every request took a third of its time.
    return Environment(
        loader=FileSystemLoader(str(library_templates_dir())),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )


def render_document(
    fmap: folium.Map,
    *,
    title: str,
    assets: Assets,
    chrome: dict[str, Any] | None = None,
    link_for: Callable[[str], str | None] | None = None,
) -> str:
    """The whole HTML document: page chrome, side panel, the map and its scripts.

    `link_for("package/file")` gives the URL to link an asset from; where it gives None, or
    there is no `link_for` (the export), the asset is inlined.
    """
    root = fmap.get_root()
    root.render()  # folium fills header/html/script on render
    # folium's viewport tag forbids pinch zoom; the page declares its own, accessible one.
    header = _FOLIUM_VIEWPORT.sub("", root.header.render())
    nonce = (chrome or {}).get("nonce")
    if nonce:  # folium's own inline script in the header runs under the page's policy too
        header = header.replace("<script>", f'<script nonce="{nonce}">')
    return _environment().get_template("map_page.html").render(
        title=title,
        folium_header=header,
        folium_html=root.html.render(),
        folium_script=root.script.render(),
        assets=assets,
        link_for=link_for or (lambda path: None),
        chrome=chrome or {},
    )
