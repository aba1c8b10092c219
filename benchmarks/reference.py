"""The reference: a plain folium map of the same data, every layer inlined at full resolution."""

from __future__ import annotations

import folium

from bordermap.mapview.mapbuild import DEFAULT_CENTER, DEFAULT_ZOOM


def folium_map(collections: list[dict]) -> folium.Map:
    """folium.Map plus one folium.GeoJson per layer, the way folium's documentation does it.

    Points are drawn as circle markers (one SVG element each), as folium's docs suggest for
    many points; its default, an image marker per point, would be slower still.
    """
    fmap = folium.Map(location=list(DEFAULT_CENTER), zoom_start=DEFAULT_ZOOM)
    for collection in collections:
        folium.GeoJson(collection, marker=folium.CircleMarker(radius=5)).add_to(fmap)
    return fmap


def folium_html(collections: list[dict]) -> str:
    """The page folium writes for those layers (what `Map.save` would write)."""
    return folium_map(collections).get_root().render()


def folium_html_with_local_leaflet(collections: list[dict], leaflet_js_url: str, leaflet_css_url: str) -> str:
    """The same page, with Leaflet linked from the loopback server instead of a CDN.

    folium links Leaflet, jQuery and Bootstrap from CDNs; the browser benchmark allows no
    outside request, so Leaflet comes from the app and the other, unused libraries are left out.
    """
    fmap = folium_map(collections)
    fmap.default_js = [("leaflet", leaflet_js_url)]
    fmap.default_css = [("leaflet_css", leaflet_css_url)]
    return fmap.get_root().render()
