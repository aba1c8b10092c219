"""Writing files so that a reader never sees half of one, and a failure leaves nothing behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path | str, data: bytes, *, mode: int = 0o644) -> None:
    """Write `data` to a temporary file beside `path`, sync it, then rename it over `path`.

    Any failure (a full disk, a kill) removes the temporary file: no partial file is left
    for a reader or for anyone to clean up.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
