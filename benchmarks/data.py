"""Deterministic test data: seeded points and polygons in the border region, as GeoJSON bytes."""

from __future__ import annotations

import math
import random

import orjson

# The region the curated data covers, Gulf of Thailand to the tri-border with Laos.
LON = (102.3, 109.5)
LAT = (8.5, 14.7)
STATUSES = ("open", "planned", "proposed", "under-construction", "study")
SYLLABLES = ("ban", "phum", "xa", "thon", "kam", "pong", "tan", "loc", "hoa", "binh", "sre", "chey")


def _name(rng: random.Random) -> str:
    return " ".join(rng.choices(SYLLABLES, k=2 + (rng.random() < 0.5))).title()


def _properties(rng: random.Random, i: int) -> dict:
    return {
        "name": f"{_name(rng)} {i}",
        "name_vi": f"Làng {_name(rng)}",
        "status": rng.choice(STATUSES),
        "population": rng.randint(50, 20_000),
    }


def points(n: int, seed: int = 1) -> dict:
    """A FeatureCollection of `n` points with names and a few properties."""
    rng = random.Random(seed)
    features = []
    for i in range(n):
        lon = round(rng.uniform(*LON), 6)
        lat = round(rng.uniform(*LAT), 6)
        features.append({
            "type": "Feature",
            "properties": _properties(rng, i),
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        })
    return {"type": "FeatureCollection", "features": features}


def polygons(n: int, seed: int = 2) -> dict:
    """A FeatureCollection of `n` star-shaped (hence valid) polygons of 10–30 vertices."""
    rng = random.Random(seed)
    features = []
    for i in range(n):
        cx = rng.uniform(LON[0] + 0.1, LON[1] - 0.1)
        cy = rng.uniform(LAT[0] + 0.1, LAT[1] - 0.1)
        size = rng.uniform(0.005, 0.05)
        count = rng.randint(10, 30)
        # Angles strictly increasing counterclockwise, radii positive: a simple ring.
        ring = []
        for k in range(count):
            angle = 2 * math.pi * k / count
            radius = size * rng.uniform(0.55, 1.0)
            ring.append([round(cx + radius * math.cos(angle), 6), round(cy + radius * math.sin(angle), 6)])
        ring.append(list(ring[0]))
        features.append({
            "type": "Feature",
            "properties": _properties(rng, i),
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })
    return {"type": "FeatureCollection", "features": features}


def as_bytes(collection: dict) -> bytes:
    """The GeoJSON file a user would upload."""
    return orjson.dumps(collection)
