"""Files written whole or not at all, and the secret key that processes starting together share."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from bordermap.errors import ConfigError
from bordermap.files import atomic_write
from bordermap_app import _secret_key, create_app


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("wanted", [0o600, 0o644])
def test_atomic_write_gives_the_content_and_the_mode_whatever_the_umask(tmp_path, wanted):
    old = os.umask(0o077 if wanted == 0o644 else 0o000)
    try:
        size = atomic_write(tmp_path / "a.txt", "Tây Ninh\n", mode=wanted)
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Tây Ninh\n"
    assert size == len("Tây Ninh\n".encode("utf-8")) and mode(tmp_path / "a.txt") == wanted
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_atomic_write_replaces_unless_told_not_to(tmp_path):
    path = tmp_path / "key"
    atomic_write(path, b"first")
    atomic_write(path, b"second")
    assert path.read_bytes() == b"second"
    with pytest.raises(FileExistsError):
        atomic_write(path, b"third", replace=False)
    assert path.read_bytes() == b"second" and [p.name for p in tmp_path.iterdir()] == ["key"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "layer.geojson"
    path.write_bytes(b"old")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(path, b"new" * 1000)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["layer.geojson"]


# ----------------------------------------------------------------------------- the secret key
def test_a_key_written_by_another_process_meanwhile_is_the_one_used(tmp_path, monkeypatch):
    # Another process creates the key between this one's look and its write: this one must
    # end up with the other's key, or the two would sign sessions differently.
    import secrets

    real = secrets.token_hex

    def other_process_wins(n):
        (tmp_path / "secret_key").write_text("b" * 64)
        return real(n)

    monkeypatch.setattr(secrets, "token_hex", other_process_wins)
    assert _secret_key(tmp_path) == "b" * 64


CHILD = """
import sys, time
from pathlib import Path
from bordermap_app import _secret_key, create_app
base, rounds = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
deadline = time.monotonic() + 60
while not (base / "go").exists() and time.monotonic() < deadline:
    time.sleep(0.0005)
for n in range(rounds):
    print(_secret_key(base / str(n)), flush=True)
"""


def test_processes_starting_together_on_a_fresh_folder_share_one_key(tmp_path):
    """12 processes, held at a gate until all are ready, each start on the same 20 fresh folders."""
    processes, rounds = 12, 20
    for n in range(rounds):
        (tmp_path / str(n)).mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(rounds)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(processes)]
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready"
        (tmp_path / "go").touch()
        results = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    crashed = [err.strip().splitlines()[-1] for (_, err), proc in zip(results, procs, strict=True) if proc.returncode]
    assert not crashed, crashed
    for n in range(rounds):
        folder = tmp_path / str(n)
        keys = {out.split()[n] for out, _ in results}
        assert keys == {(folder / "secret_key").read_text()}, f"folder {n}: {len(keys)} different keys"
        assert mode(folder / "secret_key") == 0o600
        assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no temporary file left


def test_an_empty_key_file_is_a_clear_message(tmp_path):
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(ConfigError, match="the secret key file is empty; delete it and start again"):
        _secret_key(tmp_path)


# ----------------------------------------------------------------------------- private instance
TOKEN = "test-editor-token"
POINT = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Gate"},'
         b'"geometry":{"type":"Point","coordinates":[105.1,11.1]}}]}')


def dry_run(client, body: bytes = POINT):
    return client.post("/upload", content_type="multipart/form-data", data={
        "token": TOKEN, "target": "new", "new_title": "Gates", "kind": "gate", "color": "#1b7837",
        "action": "check", "file": (BytesIO(body), "gates.geojson")})


def test_the_instance_folder_store_key_and_staged_uploads_are_private(app, client):
    instance = Path(app.instance_path)
    assert dry_run(client).status_code == 200
    # An import writes the store again: its journal files must not be readable by others either.
    assert client.post("/api/features?layer=z&new_layer_title=Zones", data=POINT,
                       headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 201
    # The checked file and the editor's session are kept in the store (every app server sharing
    # the database sees them), so nothing of them is left in folders of their own.
    assert not (instance / "staged").exists() and not (instance / "editor_sessions").exists()
    assert mode(instance) == 0o700
    files = [p for p in instance.iterdir() if p.is_file()]
    assert {"secret_key", "bordermap.sqlite"} <= {p.name for p in files}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_an_instance_from_an_earlier_release_is_made_private_at_start(tmp_path):
    instance = tmp_path / "instance"
    create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "EDITOR_TOKEN": TOKEN})
    os.chmod(instance, 0o755)
    for path in instance.iterdir():
        os.chmod(path, 0o644)
    create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "EDITOR_TOKEN": TOKEN})
    assert mode(instance) == 0o700
    assert {p.name: mode(p) for p in instance.iterdir()} == {p.name: 0o600 for p in instance.iterdir()}


FULL_DISK = """
import resource, signal, sys
from io import BytesIO
from pathlib import Path
from bordermap_app import create_app
app = create_app({"TESTING": True, "INSTANCE_PATH": sys.argv[1], "EDITOR_TOKEN": "test-editor-token",
                  "WTF_CSRF_ENABLED": False})
client = app.test_client()
# No file may grow past 64 KiB from here on, as on a disk that fills up during the dry run.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, resource.RLIM_INFINITY))
body = Path(sys.argv[2]).read_bytes()
response = client.post("/upload", content_type="multipart/form-data", data={
    "token": "test-editor-token", "target": "new", "new_title": "Big", "kind": "gate",
    "color": "#1b7837", "action": "check", "file": (BytesIO(body), "big.geojson")})
print(response.status_code, response.get_data(as_text=True)[-3000:])
"""


def test_a_dry_run_on_a_full_disk_keeps_no_part_of_the_file(tmp_path):
    features = ",".join(
        '{"type":"Feature","properties":{"name":"Gate %d"},"geometry":{"type":"Point","coordinates":[105.1,11.1]}}' % n
        for n in range(2000))
    big = tmp_path / "big.geojson"
    big.write_text('{"type":"FeatureCollection","features":[' + features + "]}")
    instance = tmp_path / "instance"
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(instance), str(big)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not done.stdout.startswith("200")  # the file could not be kept for the import
    assert "Traceback" not in done.stdout
    with sqlite3.connect(instance / "bordermap.sqlite") as db:
        assert db.execute("SELECT count(*) FROM staged_uploads").fetchone() == (0,)


def test_a_folder_that_cannot_take_the_file_is_said_of_the_file_asked_for(tmp_path):
    """`bordermap export /proc/x.html` named a temporary file the reader never gave (review 12, N8)."""
    target = tmp_path / "missing" / "map.html"
    with pytest.raises(FileNotFoundError) as raised:
        atomic_write(target, "x")
    assert raised.value.filename == str(target) and ".tmp" not in str(raised.value)
