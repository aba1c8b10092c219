"""Settings as an operator writes them in a unit or env file (review 23a): a token read from a
secret file ends in a newline, a URL may start with a space or come in quotes; the password is
never shown, and a token works as typed."""

from __future__ import annotations

from click.testing import CliRunner

from bordermap import settings
from bordermap.store import database_url_problem, redacted
from bordermap_app import create_app
from bordermap_app.cli import main

URL = "postgresql://bordermap:bmpass-secret@127.0.0.1:1/nowhere"


def test_values_lose_the_spaces_and_line_end_around_them():
    read = settings.from_environment({"BORDERMAP_EDITOR_TOKEN": "abcdefghijklmnopqrstuvwx\n",
                                      "BORDERMAP_DATABASE_URL": f" {URL}", "OTHER": " x "})
    assert read == {"EDITOR_TOKEN": "abcdefghijklmnopqrstuvwx", "DATABASE_URL": URL}


def test_a_token_from_a_secret_file_works_as_typed(tmp_path, monkeypatch):
    """F3: the server started, then refused every editor (403) and soon throttled them."""
    monkeypatch.setenv("BORDERMAP_EDITOR_TOKEN", "abcdefghijklmnopqrstuvwx\n")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")})
    response = app.test_client().post("/api/features?layer=zones&new_layer_title=Zones&dry_run=1",
                                      headers={"Authorization": "Bearer abcdefghijklmnopqrstuvwx"},
                                      data=b'{"type": "Feature", "properties": {}, '
                                           b'"geometry": {"type": "Point", "coordinates": [105, 11]}}')
    assert response.status_code == 200, response.get_data(as_text=True)


def test_the_password_is_hidden_whatever_comes_before_the_address():
    """F2: a URL in quotes, or after a space, was refused with its password in the message."""
    for given in (f" {URL}", f"'{URL}'", f'"{URL}"'):
        assert "bmpass-secret" not in redacted(given)
    said = database_url_problem(f"'{URL}'")
    assert "without quotes" in said and "bmpass-secret" not in said and "bordermap:***@" in said


def test_a_command_given_the_address_after_a_space_reaches_it_and_hides_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERMAP_DATABASE_URL", f"  {URL}\n")
    monkeypatch.setenv("BORDERMAP_DB_WAIT_S", "1")
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    result = CliRunner().invoke(main, ["revisions", "list"])
    assert result.exit_code != 0
    assert "bmpass-secret" not in result.output and "127.0.0.1:1/nowhere" in result.output
    assert "must be a postgresql://" not in result.output  # taken as the address it is
