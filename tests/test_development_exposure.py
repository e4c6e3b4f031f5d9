"""Development settings are safe by default: the mail viewer (every sign-up, reset and
invitation link) exists only when mail goes to the local folder and answers only this
machine, and the app says loudly when development settings run where others can reach
them or with a real mail server. A deployment that forgets ARENA_ENV shows no mail."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import config as settings
from app import create_app

ROOT = Path(__file__).resolve().parent.parent
SHOUT = "DEVELOPMENT SETTINGS IN USE"


def development_app(app, **overrides):
    """The embedded default (what ARENA_ENV left unset gives), on the suite's database."""
    return create_app(type("Development", (settings.Config,), {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_TRANSPORT": "file", "BASE_URL": "http://127.0.0.1:5000", **overrides}))


@pytest.fixture
def mail_viewer(app):
    return development_app(app).test_client()


@pytest.mark.parametrize(("remote", "headers"), [
    ("203.0.113.5", {}),
    ("10.1.2.3", {}),
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.5"}),  # through a proxy on this machine
    ("127.0.0.1", {"X-Real-IP": "203.0.113.5"}),
    ("127.0.0.1", {"Forwarded": "for=203.0.113.5"}),
    ("127.0.0.1", {"Host": "arena.example.se"}),
])
def test_the_mail_viewer_answers_only_this_machine(mail_viewer, remote, headers):
    for path in ("/dev/mail/", "/dev/mail/1"):
        response = mail_viewer.get(path, headers=headers, environ_base={"REMOTE_ADDR": remote})
        assert response.status_code == 404, path


@pytest.mark.parametrize("remote", ["127.0.0.1", "::1"])
def test_the_mail_viewer_still_serves_the_developer(mail_viewer, remote):
    response = mail_viewer.get("/dev/mail/", environ_base={"REMOTE_ADDR": remote},
                               headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Development mailbox" in response.get_data(as_text=True)


def test_with_real_smtp_there_is_no_mail_viewer_at_all(app):
    smtp = development_app(app, MAIL_TRANSPORT="smtp", MAIL_SERVER="smtp.example.se")
    assert not [rule for rule in smtp.url_map.iter_rules() if rule.rule.startswith("/dev/")]
    assert smtp.test_client().get("/dev/mail/").status_code == 404


def test_production_has_no_mail_viewer_even_with_mail_to_a_folder(app):
    production = create_app(type("Prod", (settings.ProductionConfig,), {
        "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/7", "MAIL_TRANSPORT": "file"}))
    assert not [rule for rule in production.url_map.iter_rules()
                if rule.rule.startswith("/dev/")]


def shouts(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.levelno >= logging.ERROR and SHOUT in record.getMessage()]


@pytest.mark.parametrize(("argv", "heard"), [
    (["flask", "--app", "wsgi", "run", "--host", "0.0.0.0"], "0.0.0.0"),
    (["gunicorn", "--workers", "4", "--bind=0.0.0.0:8000", "wsgi:app"], "0.0.0.0:8000"),
    (["gunicorn", "-b", "[::]:8000", "wsgi:app"], "[::]:8000"),
])
def test_development_settings_listening_beyond_this_machine_are_announced_at_start(
        app, monkeypatch, caplog, argv, heard):
    monkeypatch.setattr(sys, "argv", argv)
    development_app(app)
    (shout,) = shouts(caplog)
    assert heard in shout and "ARENA_ENV=production" in shout


def test_development_settings_on_this_machine_start_quietly(app, monkeypatch, caplog):
    monkeypatch.setattr(sys, "argv", ["flask", "--app", "wsgi", "run", "--host", "127.0.0.1"])
    quiet = development_app(app)
    assert shouts(caplog) == []
    quiet.test_client().get("/healthz")
    assert shouts(caplog) == []


def test_the_first_request_from_elsewhere_is_announced_once(app, caplog):
    client = development_app(app).test_client()
    for _ in range(2):
        client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.5"})
    (shout,) = shouts(caplog)
    assert "203.0.113.5" in shout


def test_a_deployment_that_forgot_arena_env_shows_no_mail_and_says_why(tmp_path):
    """As an operator would start it: a real mail server and public address configured,
    ARENA_ENV forgotten. `flask routes` lists what the app serves."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("ARENA_ENV", "TEST_DATABASE_URL")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'forgot.sqlite'}",
               MAIL_SERVER="smtp.example.se", BASE_URL="https://arena.example.se",
               SEARCH_INDEX_DIR=str(tmp_path / "index"), UPLOAD_DIR=str(tmp_path / "uploads"))
    result = subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi",
                             "routes"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    assert "/auth/login" in result.stdout and "/dev/mail" not in result.stdout
    assert SHOUT in result.stderr
    assert "smtp.example.se" in result.stderr and "arena.example.se" in result.stderr
