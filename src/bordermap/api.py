"""What the read API answers, as plain functions over a store (no HTTP here)."""

from __future__ import annotations

from typing import Any, Callable

from .store import Store

def layer_summaries(store: Store) -> list[dict[str, Any]]:
    """Every layer: id, title, kind, feature count, default visibility, origin, style."""
    return [layer.to_dict() for layer in store.layers()]


def feature_collection(store: Store, layer_id: str | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of one layer (NotFound for an unknown id), or of all."""
    return {"type": "FeatureCollection", "features": store.features(layer_id)}


def feature(store: Store, feature_id: str) -> dict[str, Any]:
    """One GeoJSON Feature with its layer and commitment ids."""
    return store.feature(feature_id)


def dataset_as_of(store: Store) -> str:
    """The date the data speaks of: the newest dated curated fact, or the last user change."""
    dates = [store.curated_as_of() or ""]
    history = store.history()
    if history:
        dates.append(history[0].created_at[:10])
    return max(dates)


def dataset_version(store: Store) -> str:
    """Curated data version plus the number of the last user revision."""
    history = store.history()
    return f"{store.curated_version() or 'empty'}-r{history[0].id if history else 0}"


def live_layer_configs(store: Store, url_for_layer: Callable[[str], str]) -> list[dict[str, Any]]:
    """Layer entries for the live page's script: fetched by URL, so the page stays light."""
    return [
        {
            "id": layer.id,
            "title": layer.title,
            "kind": layer.kind,
            "visible": layer.visible,
            "style": layer.style,
            "origin": layer.origin,
            "url": url_for_layer(layer.id),
        }
        for layer in store.layers()
    ]
