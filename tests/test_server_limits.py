"""waitress's own limits, against a real server on a free loopback port, configured as `serve` does."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

import orjson
import pytest

from bordermap_app import create_app
from bordermap_app.serving import FORM_OVERHEAD, waitress_options
from conftest import LiveServer

LIMIT = 4096  # the app's upload limit in these tests
SLOW_CLIENTS = 120
ANSWER_WITHIN = 10  # seconds; the server answers in milliseconds when nothing blocks it


@pytest.fixture
def server(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "EDITOR_TOKEN": "test-editor-token", "MAX_UPLOAD_BYTES": str(LIMIT)})
    running = LiveServer(app, **waitress_options(app, threads=2))
    yield running
    running.close()


def _connect(server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.effective_port), timeout=ANSWER_WITHIN)


def _status_line(conn: socket.socket) -> bytes:
    received = b""
    while b"\r\n" not in received:
        chunk = conn.recv(4096)
        if not chunk:
            break
        received += chunk
    return received.split(b"\r\n", 1)[0]


def test_an_oversized_body_is_refused_before_it_is_sent(server):
    """An anonymous 300 MiB upload is answered 413 from its headers; the body is never read."""
    with _connect(server) as conn:
        conn.sendall(b"POST /api/features?layer=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/geo+json\r\nContent-Length: 314572800\r\n\r\n{")
        assert _status_line(conn).startswith(b"HTTP/1.1 413")


def test_a_chunked_body_is_cut_off_at_the_limit(server):
    with _connect(server) as conn:
        conn.sendall(b"POST /api/features?layer=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 65536
        try:
            for _ in range((LIMIT + FORM_OVERHEAD) // len(chunk) + 4):
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: that is the point
        assert _status_line(conn).startswith(b"HTTP/1.1 413")


def test_a_body_a_little_over_the_limit_gets_the_apps_message(server):
    body = orjson.dumps({"type": "FeatureCollection", "features": [], "pad": "x" * LIMIT})
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.effective_port}/api/features?layer=x", data=body, method="POST",
        headers={"Authorization": "Bearer test-editor-token", "Content-Type": "application/geo+json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=ANSWER_WITHIN)
    assert refused.value.code == 413
    assert f"larger than the limit of {LIMIT:,} bytes" in orjson.loads(refused.value.read())["message"]


def test_slow_clients_do_not_lock_everyone_else_out(server):
    """Connections that send half a request and wait do not keep the map from others."""
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            conn = _connect(server)
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the end
            slow.append(conn)
        with urllib.request.urlopen(f"http://127.0.0.1:{server.effective_port}/api/layers",
                                    timeout=ANSWER_WITHIN) as response:
            assert response.status == 200
    finally:
        for conn in slow:
            conn.close()


def test_serve_passes_the_limits_to_waitress(tmp_path, monkeypatch):
    import waitress
    from click.testing import CliRunner

    from bordermap_app.cli import main

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("BORDERMAP_MAX_UPLOAD_BYTES", "1000000")
    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **options: seen.update(options))
    assert CliRunner().invoke(main, ["serve", "--port", "5999"]).exit_code == 0
    assert seen["max_request_body_size"] == 1_000_000 + FORM_OVERHEAD
    assert seen["connection_limit"] >= 4 * SLOW_CLIENTS and seen["channel_timeout"] <= 60


@pytest.mark.parametrize("value", ["many", "0", "-5"])
def test_a_bad_limit_setting_is_one_clear_line(tmp_path, monkeypatch, value):
    from click.testing import CliRunner

    from bordermap_app.cli import main

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("BORDERMAP_CONNECTION_LIMIT", value)
    result = CliRunner().invoke(main, ["serve", "--port", "5999"])
    assert result.exit_code == 1
    assert f"BORDERMAP_CONNECTION_LIMIT must be a whole number of at least 1, got {value!r}" in result.output
    assert "Traceback" not in result.output
