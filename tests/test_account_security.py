"""Sessions end at log-out, two-factor authentication, personal data, a busy database."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import timedelta

import pyotp
import pytest
from freezegun import freeze_time

import config as settings
from app import create_app
from app.accounts.models import User
from app.accounts.privacy import apply_retention
from app.audit.services import record
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import Membership
from tests.conftest import submit
from tests.factories import PASSWORD, make_organisation, make_user
from tests.smtp_sink import text_of

CONFIRM_LINK = re.compile(r"http://arena\.test(/auth/two-factor/confirm/\S+)")


def enter_code(client, user) -> pyotp.TOTP:
    """Scan the QR code (read the new secret) and enter the app's code."""
    client.get("/account/two-factor")
    db.session.expire_all()
    totp = pyotp.TOTP(db.session.get(User, user.id).totp_secret)
    response = submit(client, "/account/two-factor", {"code": totp.now()})
    assert response.status_code == 302
    return totp


def confirmation_link(deliver, user) -> str:
    (message,) = deliver().to(user.email)
    assert message["Subject"] == "Confirm two-factor authentication"
    return CONFIRM_LINK.search(text_of(message)).group(1)


def enrol(client, user, deliver) -> pyotp.TOTP:
    """Turn two-factor on as a person does: app code, then the link in the e-mail."""
    totp = enter_code(client, user)
    link = confirmation_link(deliver, user)
    assert submit(client, link, {}).status_code == 302
    return totp


def test_a_copied_session_cookie_stops_working_after_log_out(app, client, login):
    user = make_user()
    login(user)
    stolen = app.test_client()
    for cookie in client._cookies.values():
        stolen.set_cookie(cookie.key, cookie.value)
    assert stolen.get("/account/").status_code == 200
    submit(client, "/auth/logout", {})
    assert stolen.get("/account/").status_code == 302


def test_logging_out_one_device_keeps_the_other(app, client, login):
    user = make_user()
    login(user)
    other = app.test_client()
    submit(other, "/auth/login", {"email": user.email, "password": PASSWORD})
    submit(client, "/auth/logout", {})
    assert other.get("/account/").status_code == 200


def test_two_factor_enrolment_and_log_in(app, client, login, deliver):
    user = make_user()
    login(user)
    totp = enrol(client, user, deliver)
    fresh = app.test_client()
    response = submit(fresh, "/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/auth/two-factor")
    assert fresh.get("/account/").status_code == 302  # not logged in yet
    wrong = submit(fresh, "/auth/two-factor", {"code": "000000"})
    assert wrong.status_code == 401
    assert "not correct" in wrong.get_data(as_text=True)
    with freeze_time(utcnow() + timedelta(seconds=31)):
        assert submit(fresh, "/auth/two-factor", {"code": totp.now()}).status_code == 302
        assert fresh.get("/account/").status_code == 200


def test_a_two_factor_code_cannot_be_replayed(app, client, login, deliver):
    user = make_user()
    login(user)
    totp = enrol(client, user, deliver)
    code = totp.now()  # the same step as the enrolment code
    fresh = app.test_client()
    submit(fresh, "/auth/login", {"email": user.email, "password": PASSWORD})
    assert submit(fresh, "/auth/two-factor", {"code": code}).status_code == 401


def test_administrators_must_enrol_when_required(app, client, login, deliver):
    admin = make_user(is_admin=True)
    login(admin)
    app.config["REQUIRE_ADMIN_2FA"] = True
    try:
        response = client.get("/admin/verifications")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/account/two-factor")
        enrol(client, admin, deliver)
        assert client.get("/admin/verifications").status_code == 200
        db.session.expire_all()
        code = pyotp.TOTP(db.session.get(User, admin.id).totp_secret)
        with freeze_time(utcnow() + timedelta(seconds=31)):
            refused = submit(client, "/account/two-factor", {"code": code.now()})
        assert refused.status_code == 403
    finally:
        app.config["REQUIRE_ADMIN_2FA"] = False


def test_an_administrators_first_authenticator_counts_only_once_the_email_confirms_it(
        app, client, login, deliver, monkeypatch):
    """Someone with only an administrator's password logs in and enrols an app of their
    own: without the administrator's mailbox it never turns on."""
    monkeypatch.setitem(app.config, "REQUIRE_ADMIN_2FA", True)
    admin = make_user(is_admin=True, email="admin.person@example.org")
    login(admin)
    enter_code(client, admin)
    waiting = client.get("/account/two-factor")
    assert "we have sent a link to admin.person@example.org" in waiting.get_data(as_text=True)
    assert client.get("/admin/verifications").headers["Location"].endswith("/account/two-factor")
    db.session.expire_all()
    assert not db.session.get(User, admin.id).totp_enabled

    link = confirmation_link(deliver, admin)
    page = client.get(link)  # a GET (a mail program checking links) changes nothing
    assert page.status_code == 200 and "Only continue if you set up the app" in page.get_data(
        as_text=True)
    db.session.expire_all()
    assert not db.session.get(User, admin.id).totp_enabled
    assert submit(app.test_client(), link, {}).status_code == 302  # from the mailbox's device
    assert client.get("/admin/verifications").status_code == 200
    assert app.test_client().get(link).status_code == 400  # spent


def test_an_administrator_without_two_factor_cannot_move_the_account_to_another_mailbox(
        app, client, login, deliver, monkeypatch):
    """Otherwise the password alone would do: change the address to one's own, then
    confirm an authenticator there."""
    monkeypatch.setitem(app.config, "REQUIRE_ADMIN_2FA", True)
    admin = make_user(is_admin=True)
    login(admin)
    assert client.get("/account/email").status_code == 403
    refused = submit(client, "/account/email", {"email": "intruder@example.org",
                                                "current_password": PASSWORD}, page="/account/")
    assert refused.status_code == 403
    assert "turn on two-factor authentication before" in refused.get_data(as_text=True)
    assert deliver().to("intruder@example.org") == []
    enrol(client, admin, deliver)
    assert client.get("/account/email").status_code == 200


def test_a_new_qr_code_spends_an_earlier_confirmation_link(app, client, login, deliver):
    user = make_user()
    login(user)
    enter_code(client, user)
    link = confirmation_link(deliver, user)
    client.get("/account/two-factor?new=1")
    refused = app.test_client().get(link)
    assert refused.status_code == 400
    assert "not valid" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(User, user.id).totp_enabled


def production_cookie_settings(app, monkeypatch) -> None:
    """The suite's app with production's cookie settings, spoken to over HTTPS."""
    for name in dir(settings.ProductionConfig):
        if name.startswith(("REMEMBER_COOKIE_", "SESSION_COOKIE_")):
            monkeypatch.setitem(app.config, name, getattr(settings.ProductionConfig, name))


def test_in_production_the_remember_me_cookie_is_a_host_cookie_deleted_securely_at_log_out(
        app, monkeypatch):
    production_cookie_settings(app, monkeypatch)
    user = make_user()
    client = app.test_client()
    https = {"Referer": "https://localhost/"}  # CSRF protection checks it over HTTPS
    logged_in = submit(client, "https://localhost/auth/login",
                       {"email": user.email, "password": PASSWORD, "remember": "y"}, headers=https)
    set_cookie = [v for v in logged_in.headers.getlist("Set-Cookie")
                  if v.startswith("__Host-arena_remember=")]
    assert len(set_cookie) == 1, logged_in.headers.getlist("Set-Cookie")
    for attribute in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
        assert attribute in set_cookie[0]
    assert "Domain=" not in set_cookie[0]

    logged_out = submit(client, "https://localhost/auth/logout", {}, headers=https)
    deleted = [v for v in logged_out.headers.getlist("Set-Cookie")
               if v.startswith("__Host-arena_remember=")]
    assert len(deleted) == 1, logged_out.headers.getlist("Set-Cookie")
    for attribute in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax", "Max-Age=0"):
        assert attribute in deleted[0]
    assert "Domain=" not in deleted[0]


def test_download_personal_data(client, login):
    user = make_user(name="Data Person")
    make_organisation(admin=user, name="Datafirman AB")
    record("auth.login", actor=user, obj=user)
    login(user)
    response = client.get("/account/data.json")
    data = json.loads(response.get_data(as_text=True))
    assert "attachment" in response.headers["Content-Disposition"]
    assert data["account"]["email"] == user.email
    assert data["account"]["name"] == "Data Person"
    assert data["organisations"][0]["organisation"] == "Datafirman AB"
    assert any(event["action"] == "auth.login" for event in data["audit_log"])


def test_deleting_an_account_anonymises_it_and_ends_sessions(app, client, login):
    user = make_user(name="Gone Person")
    organisation = make_organisation(admin=user)
    login(user)
    response = submit(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    erased = db.session.get(User, user.id)
    assert erased.email.startswith("deleted-") and erased.name != "Gone Person"
    assert erased.anonymised_at is not None
    assert db.session.scalar(db.select(Membership).filter_by(
        organisation_id=organisation.id)) is None
    assert client.get("/account/").status_code == 302
    again = submit(app.test_client(), "/auth/login", {"email": user.email, "password": PASSWORD})
    assert again.status_code == 401


def test_deletion_refused_while_the_only_admin_of_an_organisation_with_members(client, login):
    user, colleague = make_user(), make_user()
    make_organisation(admin=user, members=(colleague,), name="Kvarvarande AB")
    login(user)
    response = submit(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 409
    assert "Kvarvarande AB" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).anonymised_at is None


def test_retention_anonymises_inactive_accounts_only(app):
    old = make_user(last_login_at=utcnow() - timedelta(days=4 * 365))
    recent = make_user(last_login_at=utcnow() - timedelta(days=10))
    admin = make_user(is_admin=True, last_login_at=utcnow() - timedelta(days=4 * 365))
    assert apply_retention() == 1
    assert old.anonymised_at is not None
    assert recent.anonymised_at is None and admin.anonymised_at is None


@pytest.fixture
def locked_sqlite_app(tmp_path, smtp_sink):
    path = tmp_path / "busy.sqlite"
    busy = type("BusyConfig", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SQLITE_BUSY_TIMEOUT_MS": 50,
        "MAIL_PORT": smtp_sink.port})
    application = create_app(busy)
    with application.app_context():
        db.create_all()
        db.session.remove()
    yield application, path
    with application.app_context():
        db.engine.dispose()


def test_a_locked_database_gives_a_retry_message_and_saves_nothing(locked_sqlite_app):
    application, path = locked_sqlite_app
    client = application.test_client()
    page = client.get("/auth/register", headers={"Accept-Language": "en"})
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        response = client.post("/auth/register", headers={"Accept-Language": "en"}, data={
            "csrf_token": token, "name": "Busy Person", "email": "busy@example.org",
            "password": "a-long-unusual-passphrase", "locale": "en"})
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503, response.get_data(as_text=True)[-3000:]
    assert "try again" in response.get_data(as_text=True)
    with application.app_context():
        assert db.session.scalar(db.select(User).filter_by(email="busy@example.org")) is None


def test_personal_data_includes_notifications_and_erasure_removes_them(client, login):
    from app.notifications.models import Notification
    from app.organisations.services import request_to_join

    user = make_user()
    organisation = make_organisation(admin=user)
    request_to_join(organisation, make_user(name="Asker"), "hello")  # notifies the admin
    login(user)
    data = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert any("asks to join" in n["subject"] for n in data["notifications"]["notifications"])
    submit(client, "/account/delete", {"password": PASSWORD})
    assert db.session.scalar(db.select(db.func.count(Notification.id)).filter_by(
        user_id=user.id)) == 0
