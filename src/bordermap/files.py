"""Writing files so that a reader, or a crash, never leaves half of one behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path | str, data: bytes | str, *, mode: int = 0o644, replace: bool = True) -> int:
    """Write `data` (text as UTF-8) to `path` whole or not at all; return the bytes written.

    The data goes to a uniquely named temporary file in the same folder, is flushed to disk,
    and then becomes `path` in one step, so readers see the old file or the new one. With
    `replace=False` an existing `path` is left alone and FileExistsError is raised: of several
    processes writing the same new file at once, exactly one wins and the others can read its
    content. The temporary file is removed on every failure (a full disk included).
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:  # said of the file asked for, not of a temporary name the caller never gave
        raise type(error)(error.errno, error.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp made it 0600; the caller's mode holds whatever the umask
        if replace:
            os.replace(tmp, path)
        else:
            # A hard link, unlike a rename, refuses to overwrite: the first writer keeps the name.
            os.link(tmp, path)
            os.unlink(tmp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return len(raw)


def private_folder(path: Path | str) -> Path:
    """Create `path` (and its parents) if needed and make it the owner's alone (0700)."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk; where a folder cannot be
    # opened for syncing (Windows), the rename is still atomic and that is what readers need.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
