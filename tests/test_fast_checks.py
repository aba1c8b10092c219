"""The column-at-a-time checks of a large upload agree with the feature-at-a-time ones."""

import copy
import random

import pytest

from bordermap.ingest import check
from bordermap.ingest.parse import Limits
from bordermap.ingest.text import TextRules

VALUES = ["Ban Phum", "x" * 30, "a\u202eb", "ctrl\x07", "", "open", "planned", "nope", "exact", "approximate",
          "economic-zone", "Bad Slug", "2025-12", "2025-13", 0, 3, -1, 2.5, 1e300, True, False, None,
          [1, 2], {"a": 1}, [{"title": "t", "url": "https://x.org"}]]
KEYS = ["name", "name_vi", "status", "location_precision", "precision_m", "kind", "indicative", "status_date",
        "sources", "population", "note", "id", "layer", "commitments", "k\x01"]
GEOMETRIES = [{"type": "Point", "coordinates": [105.1, 11.2]}, {"type": "Polygon", "coordinates": []},
              {"type": "Pointy", "coordinates": [1, 2]}, {"coordinates": [1, 2]}, {"type": "Point"}, None, [],
              {"type": "GeometryCollection", "geometries": []},
              {"type": "Point", "coordinates": [105.1, 11.2], "properties": {}},
              {"type": "Point", "coordinates": [105.1, 11.2], "x": [[[[[[1]]]]]]},
              {"type": "Point", "coordinates": [105.1, 11.2], "bbox": [105.1, 11.2, 105.1, 11.2]}]


def _feature(rng, keys):
    feature = {"type": "Feature", "properties": {k: rng.choice(VALUES) for k in keys}, "geometry": GEOMETRIES[0]}
    roll = rng.random()
    if roll < 0.05:
        feature["geometry"] = rng.choice(GEOMETRIES)
    elif roll < 0.08:
        feature["type"] = rng.choice(["feature", None])
    elif roll < 0.12:
        feature["id"] = rng.choice(["a1", 7, True, 1.5, None, [1], "", "a\u202eb"])
    elif roll < 0.14:
        feature["properties"] = rng.choice([None, [], "x", {}])
    elif roll < 0.16:
        feature["bbox"] = [1, 2, 3, 4]
        feature["extra"] = [[[[[[1]]]]]]
    elif roll < 0.17:
        del feature["properties"]
    elif roll < 0.18:
        feature["crs"] = {}
    elif roll < 0.19:
        feature["coordinates"] = [1, 2]
    return feature


def _one_by_one(features, paths, limits, text):
    """What the import finds when it takes every feature on its own (no fast path)."""
    exact = check.check_each(features, paths, limits, text)
    return exact.problems, exact.kept, exact.ids, exact.properties, exact.warnings


def _agree_with_the_slow_checks(features: list) -> None:
    """The checks of these features give what the per-feature rules give, names in their order."""
    paths = [f"features[{i}]" for i in range(len(features))]
    text = TextRules(10_000, True)
    expected = _one_by_one(copy.deepcopy(features), paths, Limits(), text)
    kept, ids, props, warnings, problems, *_ = check.check_features(copy.deepcopy(features), paths, Limits(), text)
    assert (problems, list(kept), ids, props, warnings) == expected
    assert [list(p) for p in props] == [list(p) for p in expected[3]]


@pytest.mark.parametrize("seed", range(300))
def test_fast_checks_report_what_the_slow_ones_do(seed):
    rng = random.Random(seed)
    key_sets = [rng.sample(KEYS, rng.randint(0, 5)) for _ in range(rng.randint(1, 3))]
    # Mostly sound features, so that whole groups take the fast path.
    features = [_feature(rng, rng.choice(key_sets)) if rng.random() < 0.3
                else {"type": "Feature", "properties": {k: v for k, v in zip(keys, ("Ban", "open", "Xa"), strict=False)},
                      "geometry": dict(GEOMETRIES[0])}
                for keys in [rng.choice([["name"], ["name", "status"], ["note", "name"]])]
                for _ in range(rng.randint(1, 40))]
    paths = [f"features[{i}]" for i in range(len(features))]
    limits = Limits(max_depth=rng.choice([4, 32]))
    text = TextRules(rng.choice([5, 10_000]), rng.random() < 0.8)
    expected = _one_by_one(copy.deepcopy(features), paths, limits, text)
    kept, ids, props, warnings, problems, *_ = check.check_features(copy.deepcopy(features), paths, limits, text)
    assert (problems, list(kept), ids, props, warnings) == expected
    assert [list(p) for p in props] == [list(p) for p in expected[3]]  # the same order of names


@pytest.mark.parametrize("seed", range(100))
def test_fast_checks_of_many_alike_features(seed):
    rng = random.Random(seed)
    keys = rng.sample(KEYS, rng.randint(0, 4))
    columns = {k: [rng.choice(VALUES[:8] + VALUES[14:22])] * 3 for k in keys}
    features = [{"type": "Feature", "properties": {k: rng.choice(columns[k]) for k in keys},
                 "geometry": {"type": "Point", "coordinates": [105.0, 11.0]}} for _ in range(rng.randint(1, 30))]
    _agree_with_the_slow_checks(features)


@pytest.mark.parametrize("seed", range(50))
def test_ids_read_a_column_at_a_time_equal_the_loop(seed):
    """check.file_ids takes the properties' ids as a column when no feature has an id member;
    it gives what the feature-by-feature rule (member first, even a null one) gives."""
    rng = random.Random(seed)
    features = []
    for _ in range(rng.randint(1, 30)):
        feature = {"type": "Feature", "properties": {}, "geometry": None}
        if rng.random() < 0.5:
            feature["properties"]["id"] = rng.choice(["p1", 8, None, ""])
        if rng.random() < 0.2 * (seed % 2):
            feature["id"] = rng.choice(["f1", 9, None])
        features.append(feature)
    given = [feature["properties"] for feature in features]
    expected = [feature.get("id", feature["properties"].get("id")) for feature in features]
    assert check.file_ids(features, given) == expected


@pytest.mark.parametrize("seed", range(5))
def test_rounding_only_what_changes_equals_rounding_everything(seed):
    """geo._round rebuilds only the geometries rounding moves; the result is the same."""
    import numpy as np
    import shapely

    from bordermap.ingest import geo

    rng = random.Random(seed)

    def number() -> float:
        return round(rng.uniform(102, 110), rng.choice((0, 3, 6, 6, 7, 9, 12)))

    def ring() -> list:
        x, y, d = number(), number(), rng.choice((0.1, 0.0000004, 1e-9))
        return [(x, y), (x + d, y), (x + d, y + d), (x, y)]

    makers = [
        lambda: shapely.Point(number(), number()),
        lambda: shapely.LineString([(number(), number()) for _ in range(rng.randint(2, 5))]),
        lambda: shapely.Polygon(ring()),
        lambda: shapely.MultiPoint([(number(), number()) for _ in range(rng.randint(1, 4))]),
        lambda: shapely.GeometryCollection([shapely.Point(number(), number()), shapely.Polygon(ring())]),
        lambda: shapely.from_wkt("POLYGON EMPTY"),
        lambda: shapely.Point(float("nan"), number()),
    ]
    geoms = np.array([rng.choice(makers)() for _ in range(300)], dtype=object)
    for decimals in (6, 9):
        fast, reference = geo._round(geoms, decimals), geo._round_each(geoms, decimals)
        assert list(shapely.to_wkb(fast)) == list(shapely.to_wkb(reference))
        assert fast is not geoms
    already = geo._round_each(geoms, 6)
    assert list(geo._round(already, 6)) == list(already)  # nothing moves: the same objects
    single = geoms[2]
    assert shapely.to_wkb(geo._round(single, 6)) == shapely.to_wkb(geo._round_each(single, 6))


def test_folding_ascii_quickly_equals_the_general_fold():
    """sources.fold's ASCII shortcut gives what decomposing and stripping marks gives."""
    import unicodedata

    from bordermap.sources import fold

    def general(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().replace("đ", "d")

    texts = ["".join(map(chr, range(128))), "Tay Ninh MOC BAI 71/2025", "Tây Ninh", "Đồng Tháp", "ស្វាយរៀង", ""]
    rng = random.Random(7)
    texts += ["".join(rng.choice("aZ09 .-ĐđÁé\u0301ស្") for _ in range(30)) for _ in range(200)]
    for text in texts:
        assert fold(text) == general(text), text


@pytest.mark.parametrize("seed", range(40))
def test_reading_positions_of_floats_equals_reading_any_numbers(seed):
    """geo_read._floats (lists of floats only, the common case) gives the array geo_read._numbers gives,
    and declines whatever is not plain floats in rows of 2 or 3."""
    import json

    from bordermap.ingest import geo_read

    rng = random.Random(seed)
    odd = [1, 0, True, None, "1.5", [1.0], {"a": 1.0}, 2 ** 70, 1e300, -0.0, 1e-7]
    for _ in range(50):
        width = rng.choice((2, 2, 3))
        positions = [[round(rng.uniform(-180, 180), rng.choice((0, 6, 15))) for _ in range(width)]
                     for _ in range(rng.randint(0, 6))]
        if positions and rng.random() < 0.4:
            row = rng.choice(positions)
            roll = rng.random()
            if roll < 0.6:
                row[rng.randrange(len(row))] = rng.choice(odd)
            elif roll < 0.8:
                row.append(1.0)
            else:
                positions[positions.index(row)] = rng.choice(["ab", {"x": 1.0, "y": 2.0}, []])
        positions = json.loads(json.dumps(positions))  # as the file would hold them
        fast = geo_read._floats(positions)
        if fast is None:
            continue
        assert {type(v) for row in positions for v in row} == {float}
        exact = geo_read._numbers(positions)
        assert exact is not None and exact.shape == fast.shape and exact.tobytes() == fast.tobytes()
    assert geo_read._floats([[105.1, 11.2], [105.3, 11.4]]).tolist() == [[105.1, 11.2], [105.3, 11.4]]
    assert geo_read._floats([[105, 11.2]]) is None and geo_read._floats([[True, 11.2]]) is None


def test_huge_integers_found_by_range_are_those_orjson_cannot_write():
    """fast._has_huge_integer looks at the smallest and largest; orjson refuses the same columns."""
    import orjson

    from bordermap.ingest import fast

    def refused(column):
        try:
            orjson.dumps(column)
        except orjson.JSONEncodeError:
            return True
        return False

    rng = random.Random(3)
    edges = [0, 1, -1, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1, 2 ** 64, -(2 ** 63), -(2 ** 63) - 1, 10 ** 30, -(10 ** 30)]
    for _ in range(500):
        column = [rng.choice(edges) + rng.choice((0, 0, 1, -1)) for _ in range(rng.randint(1, 5))]
        assert fast._has_huge_integer(column) == refused(column), column


@pytest.mark.parametrize("column", [[1, None, 2], [None, 2 ** 64], [1, 2.5, None, -(2 ** 63) - 1], [True, 7, None]])
def test_a_column_of_integers_and_nulls_is_cleaned_as_feature_by_feature(column):
    """Nulls beside integers (GIS files write them for missing values) take the same way."""
    features = [{"type": "Feature", "properties": {"population": value}, "geometry": {"type": "Point",
                                                                                       "coordinates": [105.0, 11.0]}}
                for value in column]
    paths = [f"features[{i}]" for i in range(len(features))]
    text = TextRules(10_000, True)
    expected = _one_by_one(copy.deepcopy(features), paths, Limits(), text)
    kept, ids, props, warnings, problems, *_ = check.check_features(copy.deepcopy(features), paths, Limits(), text)
    assert (problems, list(kept), ids, props, warnings) == expected


@pytest.mark.parametrize("seed", range(12))
def test_geometries_written_from_the_file_equal_what_geos_writes(seed, monkeypatch):
    """A geometry no step changed is written from the file's own object (geo_write.to_geojson); each
    stored text reads back as the text GEOS writes for the stored geometry reads, across
    geometries that are rounded, turned, 3D, of integers, reprojected, with other members or
    members in another order, and mixed with points."""
    import numpy as np
    import orjson
    import shapely

    from bordermap.ingest import geo, geo_write, make_layer, plan_import

    rng = random.Random(seed)

    def number(low: float, high: float) -> float:
        return round(rng.uniform(low, high), rng.choice((0, 2, 6, 6, 6, 7)))

    def ring(x: float, y: float, d: float, clockwise: bool) -> list:
        points = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
        return points[::-1] if clockwise else points

    def geometry(tiny: bool = True) -> dict:
        x, y = number(102, 109), number(8, 22)
        # A ring of 2e-6 degrees may keep more decimals than 6 to stay valid (geo.as_stored).
        d = rng.choice((0.5, 0.01, 0.000002) if tiny else (0.5, 0.01))
        kind = rng.choice(("Polygon", "Polygon", "LineString", "MultiPolygon", "MultiLineString", "Point",
                           "MultiPoint"))
        if kind == "Polygon":
            coordinates = [ring(x, y, d, rng.random() < 0.3)]
            if rng.random() < 0.3:
                coordinates.append(ring(x + d / 4, y + d / 4, d / 4, rng.random() < 0.7))
        elif kind == "MultiPolygon":
            coordinates = [[ring(x, y, d, rng.random() < 0.3)], [ring(x + 2 * d, y, d, False)]]
        elif kind in ("LineString", "MultiPoint"):
            coordinates = [[number(102, 109), number(8, 22)] for _ in range(rng.randint(2, 5))]
        elif kind == "MultiLineString":
            coordinates = [[[number(102, 109), number(8, 22)] for _ in range(2)] for _ in range(2)]
        else:
            coordinates = [x, y]
        shape = {"type": kind, "coordinates": coordinates}
        roll = rng.random()
        if roll < 0.05:
            shape = {"coordinates": coordinates, "type": kind}  # members in another order
        elif roll < 0.1:
            shape = {**shape, "bbox": [100, 5, 112, 25]}
        return shape

    def third(value):  # a third coordinate on every position
        if isinstance(value[0], (int, float)):
            return [*value, 3.0]
        return [third(v) for v in value]

    for variant in ("plain", "3d", "integers", "projected"):
        features = [{"type": "Feature", "properties": {"n": i}, "geometry": geometry(variant != "plain")}
                    for i in range(120)]
        crs = None
        if variant == "3d":
            for feature in features[::2]:
                feature["geometry"]["coordinates"] = third(feature["geometry"]["coordinates"])
        elif variant == "integers":
            features[0]["geometry"] = {"type": "Polygon", "coordinates": [[[104, 11], [105, 11], [105, 12], [104, 11]]]}
        elif variant == "projected":
            crs = "EPSG:32648"
            for feature in features:
                feature["geometry"] = {"type": "LineString", "coordinates": [
                    [number(500000, 600000), number(1200000, 1300000)] for _ in range(3)]}
        raw = orjson.dumps({"type": "FeatureCollection", "features": features})

        def planned(raw=raw, crs=crs):
            plan = plan_import(raw, new_layer=make_layer("", title="Shapes"), crs=crs,
                               limits=Limits(max_bytes=10_000_000))
            return [orjson.dumps(feature["geometry"]) for feature in plan.features], \
                [feature["bbox"] for feature in plan.features], plan.geometry_types

        texts, boxes, types = planned()
        with monkeypatch.context() as patch:  # GEOS writes every one, as before the fast path
            patch.setattr(geo_write, "to_geojson", lambda geoms, read=None, unchanged=None, write=geo_write.to_geojson:
                          write(geoms))
            geos_texts, geos_boxes, geos_types = planned()
        stored = list(map(orjson.loads, texts))
        assert stored == list(map(orjson.loads, geos_texts)), variant
        assert (boxes, types) == (geos_boxes, geos_types)
        assert all(list(shape) == ["type", "coordinates"] for shape in stored)
        shapes = shapely.from_geojson(texts)
        # The geometries are those the per-geometry rules give: GEOS reading the file's own.
        if variant == "plain":
            turned = shapely.orient_polygons(shapely.from_geojson(
                [orjson.dumps({"type": f["geometry"]["type"], "coordinates": f["geometry"]["coordinates"]})
                 for f in features]), exterior_cw=False)
            reference = shapely.to_geojson(geo._round_each(turned, geo.DECIMALS))
            assert stored == [orjson.loads(text) for text in reference]
            assert np.all(shapely.equals_exact(shapes, shapely.from_geojson(reference), tolerance=0.0))


@pytest.mark.parametrize("seed", range(100))
def test_names_in_other_orders_are_checked_as_feature_by_feature(seed):
    """Features (and properties) with the same names in another order are told apart by a pass
    per name, not a tuple per object: the outcome, and the order of each cleaned object's names,
    are the per-feature rules' whether or not an object has to be rebuilt (a null dropped)."""
    rng = random.Random(seed)
    keys = rng.sample(["name", "status", "note", "population", "id", "layer"], rng.randint(1, 5))
    features = []
    for _ in range(rng.randint(1, 30)):
        order = rng.sample(keys, len(keys)) if rng.random() < 0.5 else keys
        values = {"name": "Ban", "status": "open", "note": rng.choice(["x", None]), "population": rng.choice([3, None]),
                  "id": rng.choice(["a1", 7, None]), "layer": "mine"}
        members = [("type", "Feature"), ("properties", {k: values[k] for k in order}),
                   ("geometry", {"type": "Point", "coordinates": [105.0, 11.0]})]
        if rng.random() < 0.3:
            rng.shuffle(members)
        features.append(dict(members))
    if rng.random() < 0.2:  # another set of names of the same size
        features[-1]["properties"] = {f"other{k}": 1 for k in range(len(keys))}
    _agree_with_the_slow_checks(features)


@pytest.mark.parametrize("seed", range(20))
def test_points_written_by_orjson_hold_what_geos_writes(seed):
    """Points are written from their coordinates by orjson, all at once: each text is a GeoJSON
    Point with the very floats GEOS writes (in fewer digits where GEOS keeps 17)."""
    import numpy as np
    import orjson
    import shapely

    from bordermap.ingest import geo_write

    rng = random.Random(seed)
    values = [lambda: rng.uniform(-180, 180), lambda: round(rng.uniform(100, 110), rng.randint(0, 8)),
              lambda: rng.choice([0.0, -0.0, 1e-5, 1.5e-7, 123456789.123, 1e15, 5e-324]),
              lambda: rng.uniform(-1, 1) * 10 ** rng.randint(-8, 8)]
    xy = [[rng.choice(values)(), rng.choice(values)()] for _ in range(rng.randint(1, 200))]
    points = shapely.points(xy)
    texts, type_ids, boxes = geo_write.to_geojson(points)
    assert [orjson.loads(text) for text in texts] == [orjson.loads(text) for text in shapely.to_geojson(points)]
    assert all(text.startswith('{"type":"Point","coordinates":[') for text in texts)
    assert not type_ids.any() and boxes.tolist() == shapely.bounds(points).tolist()
    # A point without coordinates, or with a third one, is written by GEOS as before.
    assert geo_write._point_texts(np.array([shapely.Point(1, 2), shapely.from_wkt("POINT EMPTY")])) is None
    assert geo_write._point_texts(shapely.points([[1.0, 2.0], [np.nan, np.nan]])) is None
    assert geo_write._point_texts(shapely.points([[1.0, 2.0, 3.0]])) is None


@pytest.mark.parametrize("seed", range(200))
def test_colons_the_fast_checks_count_are_those_orjson_writes(seed):
    """The fast checks count the colons orjson writes for a features array (parse.duplicate_keys
    then compares the file's own with them, not with the document written again): the count is
    exact whenever it is given, with colons in names, texts and ids."""
    import orjson

    from bordermap.ingest import parse

    rng = random.Random(seed)
    names = ["name", "addr:street", "a:b:c", "status", "population", "note", "id", ":"]
    values = ["Ban", "12:30", "http://x.org/a:b", "::", "", 3, -1, 2.5, True, False, None, "open"]
    keys = rng.sample(names, rng.randint(0, 5))
    features = []
    for i in range(rng.randint(1, 40)):
        feature = {"type": "Feature", "properties": {k: rng.choice(values) for k in keys},
                   "geometry": {"type": rng.choice(["Point", "Point", "LineString"]), "coordinates": [105.0, 11.0]}}
        if feature["geometry"]["type"] == "LineString":
            feature["geometry"]["coordinates"] = [[105.0, 11.0], [105.1, 11.1]]
        if seed % 3 == 1:
            feature["id"] = rng.choice([f"f{i}", i, f"urn:x:{i}"])
        if seed % 7 == 3 and rng.random() < 0.3:
            feature["title"] = "a:b"  # a member the count does not take: no count is given
        features.append(feature)
    document = {"type": "FeatureCollection", "features": features}
    if seed % 5 == 2:
        document = {"name": "x:y", **document, "metadata": {"k:v": [1, "a:b"]}}
    paths = [f"features[{i}]" for i in range(len(features))]
    checked = check.check_features(copy.deepcopy(features), paths, Limits(), TextRules(10_000, True))
    written = orjson.dumps(document).count(b":")
    if checked.colons is not None:
        assert parse._written_colons(document, checked.colons) == written
    else:
        assert seed % 7 == 3 or not checked.plain
    assert parse._written_colons(document, None) == written
    raw = orjson.dumps(document)
    assert parse.duplicate_keys(raw, document, checked.colons) == []


@pytest.mark.parametrize("seed", range(200))
def test_a_file_said_to_hold_no_control_character_is_checked_for_line_breaks_alone(seed):
    """When a file's bytes cannot hold a control character (`may_hold_control_characters`), a
    name is only looked at for line breaks and tabs, five quick searches: whatever the texts,
    the answers are the full search's, for names and descriptions, whole columns and one text."""
    import orjson

    from bordermap.ingest.text import has_problem, may_hold_control_characters, text_problems

    rng = random.Random(seed)
    pieces = ["Bavet", "Mộc Bài", "បាវិត", "a\tb", "a\nb", "a\r\nb", "\u2028", "\u2029", "\x7f", "\x85", "\x1b",
              "\u202e", "\u2066", "–", "’", "\\", '"', "\x00", "ok"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 8))]
    raw = orjson.dumps({"type": "FeatureCollection", "features": [{"properties": {"name": t}} for t in texts]})
    control = may_hold_control_characters(raw)
    for lines in (True, False):
        quick, full = TextRules(10_000, control, lines), TextRules(10_000, True, lines)
        assert has_problem(texts, quick) == has_problem(texts, full)
        assert [text_problems(t, "name", quick) for t in texts] == [text_problems(t, "name", full) for t in texts]
