"""The server's log places things in time and lists requests (review 20, F12).

Its lines had no time (`ERROR:bordermap_app:Service unavailable on /upload: ...`), so an outage
could not be placed, and waitress logs no requests. `bordermap serve` now stamps every line and
logs each request (method, path, status, duration) unless BORDERMAP_REQUEST_LOG=off.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _served(tmp_path, requests: list[str], **env: str) -> str:
    """The log of `bordermap serve` while it answers `requests`."""
    port = _free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-c", "from bordermap_app.cli import main; main()", "serve", "--port", str(port)],
            env={**os.environ, "BORDERMAP_INSTANCE_PATH": str(tmp_path / "instance"),
                 "BORDERMAP_EDITOR_TOKEN": "server-log-token-0123", **env},
            stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).close()
                    break
                except (urllib.error.URLError, ConnectionError):
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")
                    time.sleep(0.2)
            for path in requests:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
                except urllib.error.HTTPError as error:
                    error.read()
            # A line is written once its answer is sent, which may be after the client has read it:
            # wait for the line of each path asked for (counting lines raced the last one, as the
            # token's address is answered twice, redirected).
            deadline = time.monotonic() + 10
            wanted = [f"GET {path.split('?')[0]} " for path in requests]
            while env.get("BORDERMAP_REQUEST_LOG") != "off" and time.monotonic() < deadline and \
                    not all(line in log.read_text() for line in wanted):
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return log.read_text(errors="replace")


def test_serve_logs_each_request_on_timestamped_lines(tmp_path):
    text = _served(tmp_path, ["/api/layers?lang=vi", "/no/such/page", "/upload?token=server-log-token-0123",
                              "/export.html"])
    lines = [line for line in text.splitlines() if "bordermap.requests" in line]
    assert any(re.match(rf"{STAMP} INFO bordermap\.requests: GET /api/layers 200 \d+\.\d ms$", line)
               for line in lines), text
    assert any(re.search(r"GET /no/such/page 404 \d+\.\d ms$", line) for line in lines), text
    assert "server-log-token-0123" not in "\n".join(lines)  # the query string, which may hold it, is left out
    # Every log line, not only the requests', says when (waitress's own included).
    logged = [line for line in text.splitlines() if not line.startswith("bordermap: ")]
    assert logged and all(re.match(STAMP, line) for line in logged), text
    # Other libraries only from WARNING up: the export's font subsetting wrote 160 INFO lines.
    assert "fontTools" not in text and "GET /export.html 200" in text, text[-3000:]


def test_an_operator_can_switch_the_request_log_off(tmp_path):
    text = _served(tmp_path, ["/api/layers"], BORDERMAP_REQUEST_LOG="off")
    assert "GET /api/layers" not in text and re.search(STAMP, text), text


def test_a_message_over_several_lines_is_one_line_with_its_time(capsys):
    """Review 23a, F8: in an outage libpq's hint came on a line of its own, without time or
    level, two or three a second per server; a traceback still follows its line."""
    import logging

    from bordermap_app.request_log import configure_logging

    root = logging.getLogger()
    kept = root.handlers[:], root.level
    try:
        configure_logging()
        logging.getLogger("psycopg.pool").warning(
            "error connecting in 'bordermap': connection failed: Connection refused\n\tIs the server running?")
        try:
            raise ValueError("broken")
        except ValueError:
            logging.getLogger("bordermap_app").exception("Internal error on /x")
    finally:
        root.handlers[:], level = kept
        root.setLevel(level)
    lines = capsys.readouterr().err.splitlines()
    assert re.fullmatch(STAMP + r" WARNING psycopg\.pool: error connecting .* refused \| Is the server running\?",
                        lines[0]), lines
    assert re.fullmatch(STAMP + r" ERROR bordermap_app: Internal error on /x", lines[1]) and lines[2] == \
        "Traceback (most recent call last):", lines
