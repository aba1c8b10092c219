"""The editor's session and token: cookie flags, Lock, caching, guess throttling, token length."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bordermap.errors import ConfigError
from bordermap_app import create_app
from bordermap_app.cli import EXIT_SERVER, main
from bordermap_app.throttle import Throttle, client_key

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
    assert result.exit_code == EXIT_SERVER and "Traceback" not in result.output
    assert result.output.startswith("Error: BORDERMAP_PROXY_FIX: expected the number of reverse proxies")


# ----------------------------------------------------------------------------- Lock
def unlocked(client) -> bool:
    return "Editing is unlocked in this browser" in client.get("/upload").get_data(as_text=True)


def test_lock_also_locks_a_copy_of_the_cookie(app):
    browser, thief = app.test_client(), app.test_client()
    browser.get(f"/upload?token={TOKEN}")
    thief.set_cookie("session", browser.get_cookie("session").value)
    assert unlocked(browser) and unlocked(thief)  # a copied cookie works until Lock…

    browser.post("/lock", data={"next": "/upload"})
    assert not unlocked(browser)
    assert not unlocked(thief)  # …and not after it
    refused = thief.post("/revisions/1/revert")
    assert refused.status_code == 401 and "enter the editor token first" in refused.get_data(as_text=True)


def test_lock_in_one_browser_leaves_another_editor_unlocked(app):
    first, second = app.test_client(), app.test_client()
    first.get(f"/upload?token={TOKEN}")
    second.get(f"/upload?token={TOKEN}")
    first.post("/lock")
    assert not unlocked(first) and unlocked(second)


def test_an_unlocked_session_survives_a_restart_and_is_locked_for_every_process(tmp_path):
    # Two app objects on one instance folder stand for two server processes (or a restart).
    one, two = make_app(tmp_path), make_app(tmp_path)
    browser = one.test_client()
    browser.get(f"/upload?token={TOKEN}")
    elsewhere = two.test_client()
    elsewhere.set_cookie("session", browser.get_cookie("session").value)
    assert unlocked(elsewhere)
    browser.post("/lock")
    assert not unlocked(elsewhere)


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


# ----------------------------------------------------------------------------- guesses
class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_doubles_after_the_free_guesses_up_to_a_ceiling():
    clock = Clock()
    throttle = Throttle(free=3, base=1, ceiling=8, clock=clock)
    assert [throttle.failed("a") for _ in range(8)] == [0, 0, 0, 1, 2, 4, 8, 8]
    assert throttle.wait("a") == 8 and throttle.wait("b") == 0
    clock.now += 7.5
    assert throttle.wait("a") == 1
    clock.now += 0.5
    assert throttle.wait("a") == 0
    throttle.succeeded("a")
    assert throttle.failed("a") == 0  # a right token starts the count afresh


def test_the_count_is_forgotten_after_a_quiet_hour_and_memory_is_bounded():
    clock = Clock()
    throttle = Throttle(free=1, forget=3600, capacity=100, clock=clock)
    throttle.failed("a"), throttle.failed("a")
    clock.now += 3602
    assert throttle.failed("a") == 0
    for n in range(1000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}")
    assert len(throttle) == 100


@pytest.mark.parametrize("address, key", [
    ("192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),  # one host holds a whole /64
    ("::ffff:192.0.2.7", "192.0.2.7"),
    (None, "unknown"),
])
def test_guesses_are_counted_per_address_and_per_ipv6_network(address, key):
    assert client_key(address) == key


def test_wrong_tokens_are_slowed_down_with_429_and_retry_after(app, client):
    clock = Clock()
    app.extensions["bordermap.throttle"].clock = clock
    wrong = {"Authorization": "Bearer not-the-editor-token"}
    url = "/api/features?layer=z&new_layer_title=Z&dry_run=1"
    answers = [client.post(url, data=POINT, headers=wrong) for _ in range(6)]
    assert [a.status_code for a in answers] == [403] * 6
    assert answers[0].get_json()["message"] == "the editor token is not valid"
    assert answers[5].get_json()["message"] == "the editor token is not valid; wait 1 second before the next try"

    # While it waits, even the right token is not looked at: guessing gains nothing.
    throttled = client.post(url, data=POINT, headers=AUTH)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "1"
    assert throttled.get_json()["message"] == ("too many wrong editor tokens from your address (127.0.0.1); "
                                               "wait 1 second, then enter the token again")
    page = client.post("/unlock", data={"token": TOKEN})  # the form is throttled the same way
    assert page.status_code == 429 and page.headers["Retry-After"] == "1"
    assert "wait 1 second, then enter the token again" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    other = app.test_client()  # another address is not held back
    assert other.post(url, data=POINT, headers=AUTH, environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 200

    clock.now += 1
    assert client.post(url, data=POINT, headers=AUTH).status_code == 200


def test_behind_a_proxy_each_forwarded_client_is_throttled_on_its_own(tmp_path):
    app = make_app(tmp_path, PROXY_FIX="1")
    client = app.test_client()

    def unlock(address, token):
        return client.post("/unlock", data={"token": token}, headers={"X-Forwarded-For": address})

    for _ in range(6):
        unlock("198.51.100.1", "not-the-editor-token")
    assert unlock("198.51.100.1", TOKEN).status_code == 429
    assert unlock("198.51.100.2", TOKEN).status_code == 302


# ----------------------------------------------------------------------------- token length
def test_a_short_editor_token_is_refused_at_start(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="BORDERMAP_EDITOR_TOKEN is 5 characters long; an editor token needs at least 16"):
        make_app(tmp_path, EDITOR_TOKEN="abcde")
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "cli"))
    monkeypatch.setenv("BORDERMAP_EDITOR_TOKEN", "x")
    result = CliRunner().invoke(main, ["serve", "--port", "5999"])
    assert result.exit_code == EXIT_SERVER and "Traceback" not in result.output
    assert result.output.startswith("Error: BORDERMAP_EDITOR_TOKEN is 1 character long")
    assert make_app(tmp_path, EDITOR_TOKEN="sixteen-chars-ok").config["EDITOR_TOKEN"] == "sixteen-chars-ok"
