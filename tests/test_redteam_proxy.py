"""Red-team pass of issue 17: `BORDERMAP_PROXY_FIX` must work under waitress as `serve` runs it.

waitress 3 drops every X-Forwarded-* header from a peer it does not trust before the app sees
it, so unless `serve` tells it otherwise the app's ProxyFix never gets them: behind an HTTPS
proxy the session cookie lost `Secure`, and every client shared the proxy's address, so six
wrong tokens from anyone answered 429 to every editor.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from bordermap_app import create_app
from bordermap_app.serving import waitress_options
from conftest import LiveServer

TOKEN = "red-team-editor-token-0123456789"
ANSWER_WITHIN = 10  # seconds


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _serve(tmp_path, proxy_fix: str):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "EDITOR_TOKEN": TOKEN, "PROXY_FIX": proxy_fix})
    return LiveServer(app, **waitress_options(app, threads=2))


@pytest.fixture
def behind_proxy(tmp_path):
    running = _serve(tmp_path, "1")
    yield running
    running.close()


@pytest.fixture
def direct(tmp_path):
    running = _serve(tmp_path, "0")
    yield running
    running.close()


def _get(server, path: str, headers: dict) -> tuple[int, dict]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(f"http://127.0.0.1:{server.effective_port}{path}", headers=headers)
    try:
        with opener.open(request, timeout=ANSWER_WITHIN) as answer:
            return answer.status, dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def _wrong_token(server, address: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.effective_port}/api/features?layer=x", data=b"{}", method="POST",
        headers={"Authorization": "Bearer not-the-token", "X-Forwarded-For": address})
    try:
        urllib.request.urlopen(request, timeout=ANSWER_WITHIN)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def test_cookie_is_secure_when_the_proxy_says_https(behind_proxy):
    status, headers = _get(behind_proxy, f"/upload?token={TOKEN}", {"X-Forwarded-Proto": "https"})
    assert status == 302
    assert "; Secure" in headers["Set-Cookie"]


def test_wrong_tokens_from_one_client_do_not_lock_out_another(behind_proxy):
    attacker = [_wrong_token(behind_proxy, "203.0.113.7") for _ in range(7)]
    assert attacker[-1] == 429
    assert _wrong_token(behind_proxy, "198.51.100.20") == 403  # judged on its own, not throttled


def test_without_the_setting_forwarded_headers_are_ignored(direct):
    status, headers = _get(direct, f"/upload?token={TOKEN}", {"X-Forwarded-Proto": "https"})
    assert status == 302
    assert "Secure" not in headers["Set-Cookie"]
    codes = [_wrong_token(direct, f"198.51.100.{i}") for i in range(7)]
    assert codes[-1] == 429  # a forged address does not escape the throttle
