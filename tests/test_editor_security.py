"""The editor's session and token: cookie flags, Lock, caching, guess throttling, token length."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bordermap.errors import ConfigError
from bordermap_app import create_app
from bordermap_app.cli import main

TOKEN = "test-editor-token"  # as in conftest's app
AUTH = {"Authorization": f"Bearer {TOKEN}"}
POINT = (b'{"type":"Feature","properties":{"name":"Gate"},'
         b'"geometry":{"type":"Point","coordinates":[105.1,11.1]}}')


def make_app(tmp_path, **config):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                       "EDITOR_TOKEN": TOKEN, "WTF_CSRF_ENABLED": False, **config})


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


# ----------------------------------------------------------------------------- the cookie
def test_the_session_cookie_is_lax_and_hidden_from_scripts(client):
    cookie = session_cookie(client.get(f"/upload?token={TOKEN}"))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert "Secure" not in cookie  # over plain HTTP the browser would drop a Secure cookie


def test_the_session_cookie_is_secure_over_https(client):
    cookie = session_cookie(client.get(f"/upload?token={TOKEN}", base_url="https://localhost"))
    assert "Secure" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("proxies, secure", [(None, False), ("1", True)])
def test_behind_a_proxy_the_forwarded_scheme_counts_only_when_configured(tmp_path, proxies, secure):
    app = make_app(tmp_path, **({"PROXY_FIX": proxies} if proxies else {}))
    response = app.test_client().get(f"/upload?token={TOKEN}", headers={"X-Forwarded-Proto": "https"})
    assert ("Secure" in session_cookie(response)) is secure


def test_a_wrong_proxy_setting_is_refused_at_start_with_a_clear_message(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="BORDERMAP_PROXY_FIX: expected the number of reverse proxies"):
        make_app(tmp_path, PROXY_FIX="yes")
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "cli"))
    monkeypatch.setenv("BORDERMAP_PROXY_FIX", "yes")
    result = CliRunner().invoke(main, ["serve", "--port", "5999"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: BORDERMAP_PROXY_FIX: expected the number of reverse proxies")


# ----------------------------------------------------------------------------- caching
@pytest.mark.parametrize("method, url, headers", [
    ("get", "/upload", {}),
    ("get", "/revisions", {}),
    ("post", "/revisions/1/revert", {}),  # an error answer on an editor page, too
    ("post", "/api/features?layer=z&new_layer_title=Z&dry_run=1", AUTH),
    ("get", "/api/layers", AUTH),
])
def test_editor_pages_and_authenticated_answers_are_never_cached(client, method, url, headers):
    client.get(f"/upload?token={TOKEN}")
    response = getattr(client, method)(url, headers=headers, data=POINT if method == "post" else None)
    assert response.headers.get("Cache-Control") == "no-store", (response.status_code, url)


@pytest.mark.parametrize("url", ["/", "/api/layers", "/api/features?layer=checkpoints"])
def test_public_answers_stay_cacheable_and_do_not_vary_on_the_cookie(client, url):
    response = client.get(url)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Cookie" not in response.headers.get("Vary", "")
