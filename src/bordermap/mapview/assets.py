"""Front-end assets: Leaflet from the xstatic-leaflet package, bordermap's own from static/.

The live page links them (the app serves them); the export inlines them, images included as
data: URIs, so the file needs no network.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from ..errors import NotFound
from ..paths import static_dir
from . import fonts

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_VERSION = xstatic_leaflet.VERSION

# name → (folder, file); the order is the order of inclusion in the page. Plain scripts, not
# modules: the export is opened from file://, where module imports fail. bordermap.js makes the
# BorderMap object; each script after it adds one concern; startup.js runs them; the panel
# (panel.js) uses only the interface and events they offer.
SCRIPTS = (
    ("leaflet", "leaflet.js"),
    ("bordermap", "batchcanvas.js"),
    ("bordermap", "bordermap.js"),
    ("bordermap", "urlstate.js"),
    ("bordermap", "styles.js"),
    ("bordermap", "popups.js"),
    ("bordermap", "labels.js"),
    ("bordermap", "layers.js"),
    ("bordermap", "features.js"),
    ("bordermap", "legend.js"),
    ("bordermap", "layercontrol.js"),
    ("bordermap", "startup.js"),
    ("bordermap", "panel.js"),
    ("bordermap", "timeline.js"),
    ("bordermap", "downloads.js"),
)
STYLES = (("leaflet", "leaflet.css"), ("bordermap", "bordermap.css"))
_MIME = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml",
         ".ttf": "font/ttf"}
_CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?([^'\")]+)['\"]?\)")


@dataclass(frozen=True)
class Assets:
    """Locates asset files by (package, path) and produces inline copies of them."""

    def folder(self, package: str) -> Path:
        """The folder an asset package's files live in."""
        if package == "leaflet":
            return LEAFLET_DIR
        if package == "bordermap":
            return static_dir()
        raise NotFound(f"no asset package {package!r}")

    def path(self, package: str, name: str) -> Path:
        """An asset file; NotFound for anything outside the package's folder."""
        if package == "fonts":  # the Khmer web font, from its own package (see fonts.py)
            if name != fonts.FONT_FILE:
                raise NotFound(f"no asset {package}/{name}")
            return fonts.font_path()
        folder = self.folder(package).resolve()
        if "\0" in name:  # no file name holds one, and the OS refuses to look it up
            raise NotFound(f"no asset {package}/{name.replace(chr(0), '%00')}")
        candidate = (folder / name).resolve()
        if folder not in candidate.parents or not candidate.is_file():
            raise NotFound(f"no asset {package}/{name}")
        return candidate

    @staticmethod
    def mime(path: Path) -> str:
        """The content type to serve an asset with."""
        return _MIME.get(path.suffix, "application/octet-stream")

    def _data_uri(self, path: Path) -> str:
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"data:{self.mime(path)};base64,{encoded}"

    def inline_css(self, package: str, name: str) -> str:
        """A stylesheet with every relative url() replaced by a data: URI."""
        path = self.path(package, name)
        text = path.read_text(encoding="utf-8")

        def replace(match: re.Match) -> str:
            target = self.path(package, str(Path(name).parent / match.group(1)))
            return f"url({self._data_uri(target)})"

        return _CSS_URL.sub(replace, text)

    def inline_js(self, package: str, name: str) -> str:
        """A script's text, made safe to place inside a <script> element."""
        text = self.path(package, name).read_text(encoding="utf-8")
        # Drop the source-map comment (the map file is not shipped) and never let the
        # text close the script element early.
        text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
        return text.replace("</script", "<\\/script")

    @cached_property
    def scripts(self) -> tuple[tuple[str, str], ...]:
        return SCRIPTS

    @cached_property
    def styles(self) -> tuple[tuple[str, str], ...]:
        return STYLES
