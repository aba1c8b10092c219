"""When a page has many layers, the map configuration names one URL for all of them and the
page preloads that instead of one URL per layer."""

from __future__ import annotations

from bordermap.mapview.assets import Assets
from bordermap.mapview.mapbuild import BUNDLE_ABOVE, MapConfig, build_map, render_document


def config(count: int, url=lambda layer_id: f"/api/features?layer={layer_id}") -> MapConfig:
    return MapConfig(layers=[{"id": f"l{i}", "title": f"Layer {i}", "url": url(f"l{i}")} for i in range(count)])


def test_many_layers_fetched_by_layer_parameter_share_one_url():
    many = config(BUNDLE_ABOVE + 1)
    assert many.bundle_url() == "/api/features"
    assert many.to_dict()["bundleUrl"] == "/api/features"
    urls = [layer["url"] for layer in many.layers] + ["/api/commitments"]
    assert many.preloads(urls) == ["/api/features", "/api/commitments"]


def test_few_layers_or_other_urls_are_fetched_one_by_one():
    assert config(BUNDLE_ABOVE).bundle_url() is None
    assert config(BUNDLE_ABOVE + 1, url=lambda layer_id: f"/layers/{layer_id}.geojson").bundle_url() is None
    assert config(BUNDLE_ABOVE + 1, url=lambda layer_id: f"/api/features?layer={layer_id}&x=1").bundle_url() is None
    inline = MapConfig(layers=[{"id": f"l{i}", "data": {}} for i in range(BUNDLE_ABOVE + 1)])
    assert inline.bundle_url() is None
    few = config(3)
    urls = [layer["url"] for layer in few.layers]
    assert few.preloads(urls) == urls


def test_the_page_preloads_the_one_url_instead_of_each_layer():
    many = config(BUNDLE_ABOVE + 1)
    html = render_document(build_map(), many, title="t", assets=Assets(),
                           chrome={"preload": [layer["url"] for layer in many.layers]},
                           link_for=lambda path: "/assets/" + path)
    assert html.count('rel="preload"') == 1
    assert '<link rel="preload" href="/api/features" as="fetch"' in html
