"""A folium map for notebooks: chosen layers, each feature's commitments in its popup, and no
network needed (Leaflet is inlined; no basemap unless asked for).

`folium.Map` shows itself in Jupyter as an iframe of the whole page, so what the page needs must
be in it: folium's own CDN links are dropped and Leaflet's script and style are written into the
page's head. The popups are built from text nodes, never as HTML, so a name cannot run.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import folium
import orjson
from branca.element import MacroElement
from jinja2 import Template

from ..i18n import Messages
from ..store import Store
from . import mapbuild
from .assets import Assets
from .mapbuild import DATA_ATTRIBUTION, TILE_ATTRIBUTION, TILE_ORIGIN, MapView

# JSON's own "{" is followed by '"' or "}": one before "{", "%" or "#" is inside a string.
_TEMPLATE_OPENING = re.compile(r"\{(?=[{%#])")


def _script_json(value: Any) -> str:
    """JSON to write inside a <script> element of a folium macro, escaped as the live map's
    configuration is (`mapbuild.config_json`): no `<`, `>` or `&`, so neither `</script` nor
    `<!--<script>` can end or swallow the element (one feature name blanked the map: review 22c,
    F5). And no "{{", "{%" or "{#" opens a Jinja tag, since branca compiles a macro's rendered
    script again as a template (a feature named "{{ … }}" ran on the analyst's machine: review 21,
    F2). Inside a JSON string "\\u003c" is the same "<" and "\\u007b" the same "{"."""
    text = mapbuild.script_safe(orjson.dumps(value).decode())  # the live map's escapes
    return _TEMPLATE_OPENING.sub(lambda _: "\\u007b", text)


class InlineLeaflet(MacroElement):
    """Leaflet's style and script, and the popups' style, written into the page's head."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
<script>{{ this.js }}</script>
<style>.bm-nb-popup h3{margin:0 0 .3em;font-size:1.05em}.bm-nb-popup h4{margin:.4em 0 .2em}
.bm-nb-popup ul{margin:0;padding-left:1.2em}.bm-nb-cite{color:#555}</style>
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "InlineLeaflet"
        assets = Assets()
        self.css = assets.inline_css("leaflet", "leaflet.css")
        self.js = assets.inline_js("leaflet", "leaflet.js")


class NotebookLayers(MacroElement):
    """The layers as Leaflet GeoJSON layers with text-only popups, and a layer control."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (map) {
  var data = {{ this.data }};
  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value === null || value === undefined ? "" :
      typeof value === "object" ? JSON.stringify(value) : String(value);
    if (className) node.className = className;
    return node;
  }
  function popup(feature) {
    var props = feature.properties || {};
    var box = document.createElement("div");
    box.className = "bm-nb-popup";
    box.setAttribute("data-feature", String(feature.id));
    box.appendChild(text("h3", props.name || feature.id));
    var linked = (props.commitments || []).map(function (id) { return data.commitments[id]; })
      .filter(Boolean);
    if (linked.length) {
      box.appendChild(text("h4", data.words.commitments));
      var list = document.createElement("ul");
      linked.forEach(function (item) {
        var li = text("li", item.summary);
        li.appendChild(text("span", " (" + item.cite + ")", "bm-nb-cite"));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    return box;
  }
  // Leaflet writes an overlay's name into the layer control as HTML: the title goes in as text.
  function asHtml(value) {
    var node = document.createElement("span");
    node.textContent = String(value);
    return node.innerHTML;
  }
  var overlays = {};
  var bounds = L.latLngBounds([]);
  var drawn = 0;
  data.layers.forEach(function (layer) {
    var color = layer.color;
    var group = L.geoJSON(layer.features, {
      style: function () { return { color: color, weight: 3, fillOpacity: 0.15 }; },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: color, fillColor: color, fillOpacity: 0.8 });
      },
      onEachFeature: function (feature, item) {
        drawn++;
        item.bindPopup(function () { return popup(feature); }, { maxWidth: 320 });
      }
    }).addTo(map);
    overlays[asHtml(layer.title)] = group;
    if (group.getBounds().isValid()) bounds.extend(group.getBounds());
  });
  // Points above lines and areas, whatever the order of the layers: each stays clickable.
  Object.keys(overlays).forEach(function (title) {
    overlays[title].eachLayer(function (item) { if (item instanceof L.CircleMarker) item.bringToFront(); });
  });
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  if (map.attributionControl) map.attributionControl.addAttribution(data.words.attribution);
  if (data.fit && bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
  map.getContainer().setAttribute("data-bordermap-drawn", String(drawn));
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, data: dict[str, Any]):
        super().__init__()
        self._name = "BorderMapNotebookLayers"
        self.data = _script_json(data)


def _cite(item: dict[str, Any]) -> str:
    paragraph = item.get("paragraph")
    return f"{item.get('document', '')}" + (f" ¶{paragraph}" if paragraph is not None else "")


def notebook_map(store: Store, layers: Iterable[str] | None = None, *, words: Messages | None = None,
                 basemap: bool = False, view: MapView | None = None) -> folium.Map:
    """A `folium.Map` of these layers (default: every visible one) that needs no network."""
    words = words or Messages()
    chosen = list(layers) if layers is not None else [layer.id for layer in store.layers() if layer.visible]
    by_id = {layer.id: layer for layer in store.layers()}
    for layer_id in chosen:
        if layer_id not in by_id:
            store.layer(layer_id)  # NotFound, with the store's message
    commitments = {item["id"]: {"summary": item.get("summary", ""), "cite": _cite(item)}
                   for item in store.commitments()}
    data = {
        "layers": [{"id": layer_id, "title": by_id[layer_id].title,
                    "color": by_id[layer_id].style.get("color", "#3388ff"),
                    "features": store.features(layer_id)} for layer_id in chosen],
        "commitments": commitments,
        # Our own words (the attribution is shown as HTML by Leaflet): no data goes in here.
        "words": {"commitments": words.gettext("Commitments"), "attribution": words.gettext(DATA_ATTRIBUTION)},
        "fit": view is None,
    }
    view = view or MapView()
    fmap = folium.Map(location=list(view.center), zoom_start=view.zoom, tiles=None, control_scale=True,
                      attribution_control=True)
    fmap.default_js = []
    fmap.default_css = []
    InlineLeaflet().add_to(fmap)
    if basemap:  # tiles come from the network: off unless asked for
        folium.TileLayer(tiles=TILE_ORIGIN + "/{z}/{x}/{y}.png", attr=TILE_ATTRIBUTION, name="OpenStreetMap",
                         control=False).add_to(fmap)
    NotebookLayers(data).add_to(fmap)
    return fmap
