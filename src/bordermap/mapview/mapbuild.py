"""Build the folium map and the HTML document around it (live page and export alike)."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import folium
import orjson
from branca.element import Element, MacroElement
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import escape

from .. import __version__
from ..i18n import N_, Messages
from ..paths import library_templates_dir
from .assets import Assets

# The border region, from the Gulf of Thailand to the tri-border with Laos.
DEFAULT_CENTER = (11.9, 105.9)
DEFAULT_ZOOM = 7
TILE_ORIGIN = "https://tile.openstreetmap.org"
# The basemap's credit: "contributors" and "Basemap" are translated, the link is not.
TILE_CREDIT = N_("Basemap © %(osm)s contributors")
TILE_LINK = '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
TILE_ATTRIBUTION = "Basemap &copy; " + TILE_LINK + " contributors"
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>', re.S)
DATA_ATTRIBUTION = N_("Boundaries: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0)")
# Beyond this many layers fetched by URL, the page fetches every layer's features in one request
# instead of one request each: 2,000 requests kept the server busy for tens of seconds.
BUNDLE_ABOVE = 50


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
    curated_as_of: str = ""  # the curated data's own date
    edited_on: str = ""  # the day of the editors' newest change still in effect ("" for none)
    revision: int = 0  # the number of the editors' newest revision
    mode: str = "live"  # "live" (served by the app) or "export" (one self-contained file)
    links: dict[str, str] = field(default_factory=dict)
    i18n: dict[str, Any] = field(default_factory=dict)  # the page language's strings for the scripts
    data_attribution: str = DATA_ATTRIBUTION
    vocabulary: dict[str, Any] = field(default_factory=dict)  # the data's labels in the page language
    country_labels: list[dict[str, Any]] = field(default_factory=list)  # {country, label, lat, lon}
    made_on: str = ""  # an export's day, its "today" ("" on the live page: the reader's today)
    app_url: str = ""  # an export's app, when known: where its downloads and the live map are

    def bundle_url(self) -> str | None:
        """One URL for every layer's features, when there are too many layers to fetch each.

        Only when each fetched (not inlined) layer's URL is one path with `?layer=<id>` (the
        path alone then answers every layer, each feature naming its layer); otherwise None.
        """
        fetched = [layer for layer in self.layers if "data" not in layer and not layer.get("onDemand")]
        urls = [layer.get("url") for layer in fetched]
        if len(urls) <= BUNDLE_ABOVE or None in urls:
            return None
        paths = set()
        for layer, url in zip(fetched, urls, strict=True):
            parts = urlsplit(url)
            if parse_qs(parts.query) != {"layer": [layer["id"]]}:
                return None
            paths.add(parts._replace(query="").geturl())
        return paths.pop() if len(paths) == 1 else None

    def preloads(self, urls: list[str]) -> list[str]:
        """The URLs the page should start fetching in its head: the bundle in place of its layers."""
        bundle = self.bundle_url()
        if bundle is None:
            return urls
        layer_urls = {layer["url"] for layer in self.layers if layer.get("url")}
        return [bundle] + [url for url in urls if url not in layer_urls]

    def to_dict(self) -> dict[str, Any]:
        """The JSON the script reads."""
        return {
            "layers": self.layers,
            "bundleUrl": self.bundle_url(),
            "commitments": self.commitments,
            "asOf": self.as_of,
            "datasetVersion": self.dataset_version,
            "curatedAsOf": self.curated_as_of,
            "editedOn": self.edited_on,
            "revision": self.revision,
            "appVersion": __version__,
            "mode": self.mode,
            "madeOn": self.made_on,
            "appUrl": self.app_url,
            "links": self.links,
            "dataAttribution": self.data_attribution,
            "countryLabels": self.country_labels,
            "i18n": self.i18n,
            "vocabulary": self.vocabulary,
        }


CONFIG_ELEMENT_ID = "bm-config"


class BorderMapLayers(MacroElement):
    """Starts bordermap.js on the map; the script reads its configuration from the page.

    The configuration is never part of this macro's output: branca compiles a macro's rendered
    script again as a Jinja template (`Element(script(...))`), so any data written here would be
    evaluated on the server. The macro names only folium's own variables and a fixed element id.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            BorderMap.init({{ this._parent.get_name() }}, BorderMap.readConfig({{ this.element_id|tojson }}), {
                basemap: {{ this.tiles.get_name() if this.tiles else 'null' }}
            });
        {% endmacro %}
        """
    )

    def __init__(self, tiles: folium.TileLayer | None):
        super().__init__()
        self._name = "BorderMapLayers"
        self.element_id = CONFIG_ELEMENT_ID
        self.tiles = tiles


# Inside <script type="application/json"> only "</script" (and "<!--") could end or change the
# element; escaping every "<", ">" and "&" rules both out, and U+2028/9 keep older parsers happy.
_SCRIPT_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                        "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_safe(json_text: str) -> str:
    """JSON text with every "<", ">", "&", U+2028 and U+2029 escaped: safe inside a <script>."""
    return _SCRIPT_JSON_UNSAFE.sub(lambda match: _SCRIPT_JSON_ESCAPES[match.group(0)], json_text)


def config_json(config: MapConfig) -> str:
    """The configuration as JSON text that is safe inside a `<script type="application/json">`."""
    return script_safe(orjson.dumps(config.to_dict()).decode("utf-8"))


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


def build_map(view: MapView | None = None, *, basemap: bool = True, words: Messages | None = None) -> folium.Map:
    """A folium map of the border region with bordermap's layers attached (credits in `words`)."""
    view = view or MapView()
    fmap = folium.Map(
        location=list(view.center),
        zoom_start=view.zoom,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,  # startup.js adds the scale, in the page language's units and digits
        min_zoom=4,
        max_zoom=18,
        attribution_control=True,
        # A selection is framed at the zoom that fits it (a quarter step), not the whole step
        # below: on a phone the step below showed 17 provinces in a third of the map's width.
        # The zoom buttons still move by whole steps.
        zoom_snap=0.25,
    )
    # bordermap's document template links or inlines Leaflet itself: no CDN links from folium.
    fmap.default_js = []
    fmap.default_css = []
    tiles = None
    if basemap:
        tiles = folium.TileLayer(
            tiles=TILE_ORIGIN + "/{z}/{x}/{y}.png",
            attr=_tile_attribution(words),
            name="OpenStreetMap",
            max_zoom=19,
            control=False,
        )
        tiles.add_to(fmap)
    BorderMapLayers(tiles).add_to(fmap)
    _stable_ids(fmap.get_root())
    return fmap


def _tile_attribution(words: Messages | None) -> str:
    """The basemap credit as HTML (Leaflet shows it as such): our words escaped, the link ours."""
    if words is None or words.lang == "en":
        return TILE_ATTRIBUTION
    text = str(escape(words.gettext(TILE_CREDIT)))
    return text.replace("%(osm)s", TILE_LINK, 1)


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
    config: MapConfig,
    *,
    title: str,
    assets: Assets,
    chrome: dict[str, Any] | None = None,
    link_for: Callable[[str], str | None] | None = None,
    words: Messages | None = None,
) -> str:
    """The whole HTML document: page chrome, side panel, the map, its configuration and scripts.

    The configuration is a template variable of this one render (as JSON data), never template
    source: user text in it is text.

    `link_for("package/file")` gives the URL to link an asset from; where it gives None, or
    there is no `link_for` (the export), the asset is inlined.
    """
    words = words or Messages()
    root = fmap.get_root()
    root.render()  # folium fills header/html/script on render
    # folium's viewport tag forbids pinch zoom; the page declares its own, accessible one.
    header = _FOLIUM_VIEWPORT.sub("", root.header.render())
    chrome = dict(chrome or {})
    if chrome.get("preload"):
        chrome["preload"] = config.preloads(chrome["preload"])
    nonce = chrome.get("nonce")
    if nonce:  # folium's own inline script in the header runs under the page's policy too
        header = header.replace("<script>", f'<script nonce="{nonce}">')
    html = _environment().get_template("map_page.html").render(
        title=title,
        folium_header=header,
        folium_html=root.html.render(),
        folium_script=root.script.render(),
        config_id=CONFIG_ELEMENT_ID,
        config_json=config_json(config),
        assets=assets,
        link_for=link_for or (lambda path: None),
        chrome=chrome,
        gettext=words.gettext,
        ngettext=words.ngettext,
        _=words.gettext,
        lang=words.lang,
    )
    if chrome.get("export"):
        html = _with_file_policy(html, link_for)
    return html


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'


def _with_file_policy(html: str, link_for: Callable[[str], str | None] | None) -> str:
    """Give a standalone file its own Content-Security-Policy, as a meta tag.

    No server sends the file a header, so the policy travels inside it: only the file's own
    inline scripts (each pinned by its SHA-256) run, it loads nothing but basemap tiles (and
    Leaflet from the CDN when asked), and it sends no data anywhere.
    """
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _INLINE_SCRIPT.findall(html)
    })
    linked = sorted({url for url in (link_for(p) if link_for else None for p in (
        "leaflet/leaflet.js", "leaflet/leaflet.css")) if url})
    scripts = " ".join([*hashes, *[u for u in linked if u.endswith(".js")]])
    styles = " ".join(["'unsafe-inline'", *[u for u in linked if u.endswith(".css")]])
    policy = "; ".join([
        "default-src 'none'",
        f"script-src {scripts}",
        f"style-src {styles}",  # Leaflet positions every tile and marker with inline styles
        f"img-src data: {TILE_ORIGIN}",
        "font-src data:",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace(_CHARSET, f"{_CHARSET}\n{meta}", 1)
