"""Build hook: ship the top-level geodata/ and templates/ folders inside the wheel.

The design card keeps them at the top of the checkout; an installed package finds its
copies next to its modules (see bordermap.paths), a checkout finds the originals.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
COPIES = {
    "geodata": ("bordermap", "geodata", ("*.geojson", "*.toml")),
    "templates": ("bordermap_app", "templates", ("*.html",)),
}


class BuildWithData(build_py):
    """Copy the curated data and the page templates into the built packages."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder, (package, target, patterns) in COPIES.items():
            dest = Path(self.build_lib) / package / target
            dest.mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for src in sorted((HERE / folder).glob(pattern)):
                    shutil.copy2(src, dest / src.name)


setup(cmdclass={"build_py": BuildWithData})
