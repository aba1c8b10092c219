"""Front-end assets: Leaflet from the xstatic-leaflet package, bordermap's own from static/.

The live page links them (the app serves them); the export inlines them, images included as
data: URIs, so the file needs no network. Scripts go out minified (`shipped`): comments and
spaces are a third of bordermap's scripts and a reader's phone parses every byte of them.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import rjsmin
import xstatic.pkg.leaflet as xstatic_leaflet

from ..errors import NotFound
from ..paths import static_dir
from . import fonts

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_VERSION = xstatic_leaflet.VERSION

# name → (folder, file); the order is the order of inclusion in the page. Plain scripts, not
# modules: the export is opened from file://, where module imports fail. bordermap.js makes the
# BorderMap object; each script after it adds one concern; startup.js runs them; the panel
# (panel.js and its parts) uses only the interface and events they offer.
SCRIPTS = (
    ("leaflet", "leaflet.js"),
    # Before bordermap's scripts (which the page bundles in one file): share.js offers the image
    # only where it is loaded.
    ("vendor", "html-to-image/html-to-image.js"),
    ("bordermap", "batchcanvas.js"),
    ("bordermap", "bordermap.js"),
    ("bordermap", "datatext.js"),
    ("bordermap", "urlstate.js"),
    ("bordermap", "styles.js"),
    ("bordermap", "provenance.js"),
    # What a feature says: its names, the record's words on the chosen day, its commitments and
    # sources, the popup's content, then the popup and the tooltip themselves.
    ("bordermap", "placenames.js"),
    ("bordermap", "recordtext.js"),
    ("bordermap", "popupcites.js"),
    ("bordermap", "popupcontent.js"),
    ("bordermap", "popups.js"),
    ("bordermap", "labels.js"),
    # A large layer: its points' body and slices, the keyboard, the layer, its drawing, the pointer.
    ("bordermap", "bigbody.js"),
    ("bordermap", "bigkeys.js"),
    ("bordermap", "biglayer.js"),
    ("bordermap", "bigdraw.js"),
    ("bordermap", "bigpick.js"),
    ("bordermap", "layers.js"),
    ("bordermap", "features.js"),
    ("bordermap", "legend.js"),
    ("bordermap", "layercontrol.js"),
    ("bordermap", "firstview.js"),
    ("bordermap", "startup.js"),
    ("bordermap", "find.js"),
    # The commitments panel: its state first, then each part of it.
    ("bordermap", "panel.js"),
    ("bordermap", "panelhighlight.js"),
    ("bordermap", "panellist.js"),
    ("bordermap", "panelsearch.js"),
    ("bordermap", "paneldetail.js"),
    ("bordermap", "panelplaces.js"),
    # The record as of a day, its history in popups, the map on that day, the scorecard, the
    # control that chooses the day.
    ("bordermap", "tracking.js"),
    ("bordermap", "historyview.js"),
    ("bordermap", "timeline.js"),
    ("bordermap", "scorecard.js"),
    ("bordermap", "timecontrol.js"),
    ("bordermap", "downloads.js"),
    ("bordermap", "about.js"),
    # Sharing beyond the link: fullscreen, measuring, the PNG image (html-to-image, above, draws
    # it), print and embed.
    ("bordermap", "measure.js"),
    ("bordermap", "share.js"),
)
STYLES = (("leaflet", "leaflet.css"), ("bordermap", "bordermap.css"), ("bordermap", "share.css"))
# Libraries no PyPI package ships, copied unchanged from their npm package (vendor/README.md):
# path under vendor/ -> the file's SHA-256, checked by the tests.
VENDOR_DIR = Path(__file__).with_name("vendor")
VENDORED = {"html-to-image/html-to-image.js": "a90b42909d80964269ef6d5f3d1e4a5a7e2a4c263a5d2a76a9e7151901343262"}
# bordermap's own scripts, in that order, as one file: the live page links it instead of each,
# so the browser makes one request where it made a dozen (six at a time over HTTP/1.1).
BUNDLE = "bundle.js"
BUNDLED = ("vendor", "bordermap")  # the packages whose scripts the bundle holds
_MIME = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml",
         ".ttf": "font/ttf"}
# The data: URL of the switcher's small face in the page's font rules (fonts.name_font_face).
_NAME_FACE = re.compile(r'@font-face\{font-family:"' + re.escape(fonts.NAME_FAMILY)
                        + r'";src:url\("(data:font/woff;[^"]+)"\)')
_CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?([^'\")]+)['\"]?\)")


def shipped(script: str) -> str:
    """A script as the page gets it: without comments (those starting /*! kept: licence
    notices), spaces the language does not need, or a source-map line (no map is shipped).
    Names and statements are left as written, so an error's message still reads."""
    return rjsmin.jsmin(re.sub(r"^//# sourceMappingURL=.*$", "", script, flags=re.M), keep_bang_comments=True)


@dataclass(frozen=True)
class Assets:
    """Locates asset files by (package, path) and produces inline copies of them."""

    def folder(self, package: str) -> Path:
        """The folder an asset package's files live in."""
        if package == "leaflet":
            return LEAFLET_DIR
        if package == "bordermap":
            return static_dir()
        if package == "vendor":
            return VENDOR_DIR
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
        """A script's text as shipped, made safe to place inside a <script> element (never
        closing it early)."""
        return shipped(self.path(package, name).read_text(encoding="utf-8")).replace("</script", "<\\/script")

    @cached_property
    def scripts(self) -> tuple[tuple[str, str], ...]:
        return SCRIPTS

    def bundle(self) -> bytes:
        """Every one of SCRIPTS after Leaflet (the vendored ones and bordermap's) as one file, in
        their order."""
        files = [self.path(package, name) for package, name in SCRIPTS if package in BUNDLED]
        key = tuple((str(path), path.stat().st_mtime_ns) for path in files)
        if self._bundled.get("key") != key:  # rebuilt when a script changes (an editable install)
            # Each named, so that an error's place in the bundle says which script it is in.
            text = "\n".join(f"/* {path.name} */\n" + shipped(path.read_text(encoding="utf-8")) for path in files)
            self._bundled.update(key=key, body=text.encode("utf-8"))
        return self._bundled["body"]

    @cached_property
    def _bundled(self) -> dict:
        return {}

    def page_scripts(self, link_for) -> list[tuple[str, str | None]]:
        """The page's scripts as (package, name, URL or None to inline), in order.

        Where bordermap's scripts are linked, the page links their bundle in their place.
        """
        bundle_url = link_for(f"bordermap/{BUNDLE}")
        found, bundled = [], False
        for package, name in SCRIPTS:
            if package in BUNDLED and bundle_url:
                if not bundled:
                    found.append((package, BUNDLE, bundle_url))
                    bundled = True
                continue
            found.append((package, name, link_for(f"{package}/{name}")))
        return found

    @cached_property
    def styles(self) -> tuple[tuple[str, str], ...]:
        return STYLES

    @staticmethod
    def face_preloads(font_face: str | None) -> list[str]:
        """The data: URL of the language switcher's small face (fonts.name_font_face) among the
        page's font rules, for the page to preload.

        A face starts loading only once the page is laid out with it, and even embedded it comes
        after that first layout: the browser then lays the word out in a fallback, asking the
        system for a Khmer glyph in every family of the rule (nine of the 40 font look-ups of
        the first view on the slowed phone), and again once the face is there. Preloaded, it is
        there for the first layout.
        """
        return _NAME_FACE.findall(font_face or "")
