"""The standard build ships a working product, and a build without its data says so."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import orjson
import pytest

from bordermap.curated import load_curated
from bordermap.errors import CuratedDataError
from bordermap_app import create_app

REPO = Path(__file__).resolve().parents[1]
CURATED_LAYERS = [entry["id"] for entry in tomllib.loads((REPO / "geodata" / "layers.toml").read_text())["layers"]]
# Junk a working checkout may hold that a fresh clone lacks; the build must not depend on it.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "instance",
                                    "test-artifacts", "__pycache__", ".pytest_cache", ".cache")


# ----------------------------------------------------------------------------- missing data
def test_curated_data_without_layers_toml_is_refused_naming_the_folder(tmp_path):
    empty = tmp_path / "geodata"
    empty.mkdir()
    with pytest.raises(CuratedDataError) as caught:
        load_curated(empty)
    assert str(empty) in caught.value.message and "layers.toml" in caught.value.message
    assert caught.value.status == 500


def test_the_app_does_not_start_on_an_empty_data_folder(tmp_path, monkeypatch):
    (tmp_path / "geodata").mkdir()
    monkeypatch.setenv("BORDERMAP_GEODATA_DIR", str(tmp_path / "geodata"))
    with pytest.raises(CuratedDataError, match="layers.toml"):
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")})


# ----------------------------------------------------------------------------- the built wheel
def _source_tree(target: Path) -> Path:
    """The checkout's files as a fresh clone has them (tracked and new), without build debris."""
    try:
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                                capture_output=True, check=True).stdout.split(b"\0")
    except (OSError, subprocess.CalledProcessError):
        shutil.copytree(REPO, target, ignore=NOT_SOURCE)
        return target
    for name in filter(None, listed):
        source = REPO / os.fsdecode(name)
        if source.is_file():  # a file deleted in the work tree is still listed until committed
            (target / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / os.fsdecode(name))
    return target


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_until_serving(server: subprocess.Popen, url: str, log: Path, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"bordermap serve exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)  # polling a port that is not open yet: there is no state to wait on
    pytest.fail(f"bordermap serve did not answer within {limit} s:\n{log.read_text()[-3000:]}")


@pytest.mark.slow
def test_the_wheel_built_from_the_sdist_serves_every_layer_and_page(tmp_path):
    source = _source_tree(tmp_path / "source")
    dist = tmp_path / "dist"
    # Without an argument, build makes the sdist, then the wheel from the unpacked sdist.
    _run([sys.executable, "-m", "build", "--outdir", dist, source], timeout=600)
    (sdist,), (wheel,) = dist.glob("*.tar.gz"), dist.glob("*.whl")

    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"geodata/layers.toml", "geodata/facts/checkpoints.toml", "geodata/scripts/build_features.py",
            "templates/error.html", "templates/upload.html"} <= in_sdist
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    for layer_file in (REPO / "geodata").glob("*.geojson"):
        assert f"bordermap/geodata/{layer_file.name}" in in_wheel
    assert {"bordermap/geodata/layers.toml", "bordermap/geodata/commitments.toml",
            "bordermap/geodata/documents.toml", "bordermap_app/templates/error.html",
            "bordermap/mapview/static/batchcanvas.js", "bordermap/geodata/history.toml",
            "bordermap/geodata/facts/sources.toml", "bordermap/mapview/static/timeline.js"} <= in_wheel
    assert not any("/scripts/" in name for name in in_wheel), "the data scripts are not the product"

    # A fresh environment with nothing but the wheel and what it declares (pip's cache helps).
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=120)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", wheel], timeout=600)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("BORDERMAP_") and key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["BORDERMAP_INSTANCE_PATH"] = str(tmp_path / "instance")
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        # Started from an empty folder, so nothing of the checkout can be found by accident.
        server = subprocess.Popen([venv / "bin" / "bordermap", "serve", "--host", "127.0.0.1",
                                   "--port", str(port), "--threads", "2"],
                                  cwd=tmp_path / "dist", env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(server, base + "/api/layers", log)
        status, page = _get(base + "/")
        assert status == 200, page[:2000]
        # The page's own scripts and styles come from the installed packages too.
        for asset in re.findall(rb'(?:src|href)="(/[^"]+\.(?:js|css))"', page):
            assert _get(base + asset.decode())[0] == 200, asset

        status, body = _get(base + "/api/layers")
        assert status == 200
        layers = {layer["id"]: layer for layer in orjson.loads(body)}
        assert set(CURATED_LAYERS) <= set(layers)
        assert all(layers[layer_id]["feature_count"] > 0 for layer_id in CURATED_LAYERS)

        for path in ("/revisions", "/upload"):
            status, body = _get(base + path)
            assert status == 200, f"{path}: {body[:2000]!r}"
        status, body = _get(base + "/no-such-page")
        assert status == 404 and b"<html" in body.lower(), "the error page renders from the wheel"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "bordermap: serving on" in log.read_text()
