"""The colours a new user layer gets when its editor chooses none.

Every layer an editor uploaded used to be the same purple, so three of them could not be told
apart on the map or in the legend (review 25a, #2). A new layer takes the first colour here that
no user layer has yet, and once all are taken the one used least, first in this order.

The colours are from Paul Tol's qualitative schemes (muted and vibrant), leaving out those
near a curated layer's colour in geodata/layers.toml (olive by the roads' brown, cyan by the
light blue, sand by the amber): tests/test_user_layer_colours.py keeps them apart. Taken from two
schemes, they are not all apart for every reader: to a deuteranope #cc6677 is near #ee3377 and
#882255 near #aa4499, so the order here gives #cc6677 and #aa4499 only to a sixth and seventh layer.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

PALETTE = ("#ee3377", "#44aa99", "#332288", "#882255", "#117733", "#cc6677", "#aa4499")


def next_color(taken: Iterable[str]) -> str:
    """The palette's first colour the fewest of `taken` (the user layers' colours) use."""
    used = Counter((color or "").lower() for color in taken)
    return min(PALETTE, key=lambda color: used[color])  # min keeps the first of equals


def user_layer_colors(store) -> list[str]:
    """The colours of the store's user layers (none without a store)."""
    if store is None:
        return []
    return [layer.style.get("color", "") for layer in store.layers() if layer.origin == "user"]


def default_color(store) -> str:
    """The colour a new user layer of `store` gets when its editor chooses none."""
    return next_color(user_layer_colors(store))
