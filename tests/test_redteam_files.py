"""Red-team pass of issue 17: every file the server writes in its instance folder is its alone.

The README promises 0700 folders and 0600 files; the export cache was the one exception
(0755 and 0644), found by listing the instance folder of a running server.
"""

from __future__ import annotations

import stat
from pathlib import Path


def test_instance_folder_holds_only_private_files_after_an_export(app, client):
    assert client.get("/export.html").status_code == 200
    instance = app.instance_path
    exports = Path(instance) / "exports"
    assert any(exports.iterdir())
    for path in [Path(instance), *Path(instance).rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(instance)} is {oct(mode)}"
