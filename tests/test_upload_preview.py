"""The dry run's map preview: the first features, far-away ones flagged, heavy lines simplified."""

from __future__ import annotations

from bordermap.ingest.preview import DRAWN_POSITIONS, preview_map


def point(name, lon, lat):
    return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def test_far_features_are_flagged_and_only_the_first_are_drawn():
    features = [{"geometry": p["geometry"], "bbox": [*p["geometry"]["coordinates"]] * 2, "properties": p["properties"]}
                for p in (point("Paris", 2.35, 48.86), point("Bavet", 106.13, 11.07), point("Moc Bai", 106.2, 11.1))]
    shown = preview_map(features, 2)
    assert (shown["total"], shown["shown"], shown["far"]) == (3, 2, 1)
    assert [(f["properties"]["number"], f["properties"]["name"], f["properties"]["far"]) for f in shown["features"]] \
        == [(1, "Paris", True), (2, "Bavet", False)]
    assert shown["features"][0]["geometry"] == {"type": "Point", "coordinates": [2.35, 48.86]}


def test_a_heavy_line_is_simplified_for_the_drawing_only():
    coords = [[106.0 + i * 1e-4, 11.0 + (i % 2) * 1e-7] for i in range(DRAWN_POSITIONS * 3)]
    line = {"type": "LineString", "coordinates": coords}
    features = [{"geometry": line, "bbox": [106.0, 11.0, coords[-1][0], 11.0000001], "properties": {}}]
    drawn = preview_map(features, 50)["features"][0]["geometry"]
    assert drawn["type"] == "LineString" and 2 <= len(drawn["coordinates"]) <= DRAWN_POSITIONS
    assert len(features[0]["geometry"]["coordinates"]) == DRAWN_POSITIONS * 3


def test_the_preview_says_which_shapes_it_draws():
    """Review 31b, #4: the key was a round dot for lines and areas too; the page keys each shape."""
    line = {"type": "MultiLineString", "coordinates": [[[106.0, 11.0], [106.1, 11.1]]]}
    area = {"type": "Polygon", "coordinates": [[[106.0, 11.0], [106.1, 11.0], [106.1, 11.1], [106.0, 11.0]]]}
    both = {"type": "GeometryCollection", "geometries": [line, {"type": "Point", "coordinates": [106.0, 11.0]}]}
    features = [{"geometry": g, "bbox": [106.0, 11.0, 106.1, 11.1], "properties": {}} for g in (area, line)]
    assert preview_map(features, 50)["shapes"] == ["line", "area"]
    assert preview_map(features[:1], 50)["shapes"] == ["area"]
    assert preview_map([{**features[0], "geometry": both}], 50)["shapes"] == ["point", "line"]


def test_the_upload_pages_key_has_a_key_for_each_shape_drawn(client):
    from io import BytesIO

    import orjson
    from bs4 import BeautifulSoup

    def keys(geometries):
        body = orjson.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": f"f{i}"}, "geometry": g} for i, g in enumerate(geometries)]})
        client.post("/unlock", data={"token": "test-editor-token"})
        page = client.post("/upload", data={"action": "check", "target": "new", "new_title": "Mixed", "kind": "zone",
                                            "color": "#ee3377", "file": (BytesIO(body), "mixed.geojson")},
                           content_type="multipart/form-data")
        assert page.status_code == 200, page.data[:2000]
        soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
        return [key["data-shape"] for key in soup.select(".bm-preview-legend .bm-preview-key-add")]

    point = {"type": "Point", "coordinates": [106.13, 11.07]}
    line = {"type": "LineString", "coordinates": [[106.0, 11.0], [106.1, 11.1]]}
    area = {"type": "Polygon", "coordinates": [[[106.0, 11.0], [106.1, 11.0], [106.1, 11.1], [106.0, 11.0]]]}
    assert keys([point]) == ["point"]
    assert keys([area, line]) == ["line", "area"]
    assert keys([line, point, area]) == ["point", "line", "area"]
