"""Registration, e-mail verification, log-in and its rate limit, password reset."""

from __future__ import annotations

import re

from freezegun import freeze_time

from app.accounts.models import User
from app.accounts.services import find_user_by_email
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import submit
from tests.factories import PASSWORD, make_user
from tests.smtp_sink import html_of, text_of

LINK = re.compile(r"http://arena\.test(/\S+)")


def link_in(message) -> str:
    return LINK.search(text_of(message)).group(1)


def register(client, email="new.person@example.org", password="a-long-unusual-passphrase",
             **extra):
    data = {"name": "Nina Ny", "email": email, "password": password, "locale": "en", **extra}
    return submit(client, "/auth/register", data)


def test_registration_sends_a_verification_link_that_confirms_the_address(client, deliver):
    response = register(client)
    assert response.status_code == 200
    assert "Check your e-mail" in response.get_data(as_text=True)
    user = find_user_by_email("new.person@example.org")
    assert user is not None and not user.email_verified
    assert user.password_hash.startswith("$argon2id$")

    (message,) = deliver().to("new.person@example.org")
    assert message["Subject"] == "Confirm your e-mail address"
    assert "/auth/verify/" in html_of(message)
    response = client.get(link_in(message))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified


def test_verification_link_that_was_tampered_with_is_refused(client):
    response = client.get("/auth/verify/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_registration_with_short_or_common_password_keeps_what_was_typed(client):
    response = register(client, password="password123")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "too common" in page
    assert 'value="new.person@example.org"' in page
    assert 'value="Nina Ny"' in page
    assert find_user_by_email("new.person@example.org") is None

    response = register(client, password="short")
    assert response.status_code == 422
    assert "at least 10 characters" in response.get_data(as_text=True)


def test_registering_a_taken_address_looks_the_same_and_warns_the_owner(client, deliver):
    owner = make_user(email="taken@example.org")
    response = register(client, email="taken@example.org")
    assert response.status_code == 200
    assert "Check your e-mail" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id)).filter_by(
        email="taken@example.org")) == 1
    (message,) = deliver().to(owner.email)
    assert "already has an account" in text_of(message)


def test_login_with_fields_named_email_and_password(client):
    user = make_user()
    response = submit(client, "/auth/login", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_login_answers_the_same_for_unknown_account_and_wrong_password(client):
    user = make_user()
    wrong = submit(client, "/auth/login", {"email": user.email, "password": "wrong-password-1"})
    unknown = submit(client, "/auth/login", {"email": "nobody@example.org",
                                             "password": "wrong-password-1"})
    assert wrong.status_code == unknown.status_code == 401
    message = "The e-mail address or password is not correct."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    failed = db.session.scalars(db.select(AuditEvent).filter_by(action="auth.login_failed"))
    assert len(list(failed)) == 2


def test_login_is_rate_limited_per_account(client):
    user = make_user()
    for _ in range(5):
        response = submit(client, "/auth/login", {"email": user.email, "password": "nope-nope-1"})
        assert response.status_code == 401
    response = submit(client, "/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    other = make_user()
    assert submit(client, "/auth/login", {"email": other.email,
                                          "password": PASSWORD}).status_code == 302


def test_login_is_rate_limited_per_address(app, client):
    for index in range(20):
        submit(client, "/auth/login", {"email": f"a{index}@example.org", "password": "x" * 12})
    response = submit(client, "/auth/login", {"email": "late@example.org", "password": "x" * 12})
    assert response.status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(client):
    user = make_user()
    for _ in range(7):
        assert submit(client, "/auth/login", {"email": user.email,
                                              "password": PASSWORD}).status_code == 302
        submit(client, "/auth/logout", {}, page="/auth/logout")


def test_password_reset_link_works_once(client, deliver):
    user = make_user()
    submit(client, "/auth/reset", {"email": user.email})
    (message,) = deliver().to(user.email)
    path = link_in(message)
    response = submit(client, path, {"password": "a-brand-new-passphrase"})
    assert response.status_code == 302
    assert submit(client, "/auth/login", {"email": user.email,
                                          "password": "a-brand-new-passphrase"}).status_code == 302
    client.post("/auth/logout")
    spent = client.get(path)
    assert spent.status_code == 400
    assert "already been used" in spent.get_data(as_text=True)


def test_password_reset_link_expires(client, deliver):
    user = make_user()
    with freeze_time("2026-11-01 10:00:00"):
        submit(client, "/auth/reset", {"email": user.email})
        path = link_in(deliver().to(user.email)[0])
    with freeze_time("2026-11-01 12:30:00"):
        response = client.get(path)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_password_reset_for_unknown_address_sends_nothing_and_looks_the_same(client, deliver):
    response = submit(client, "/auth/reset", {"email": "ghost@example.org"})
    assert response.status_code == 200
    assert "If there is an account" in response.get_data(as_text=True)
    assert deliver().to("ghost@example.org") == []


def test_changing_password_logs_out_other_sessions(app, client, login):
    user = make_user()
    login(user)
    other_device = app.test_client()
    submit(other_device, "/auth/login", {"email": user.email, "password": PASSWORD})
    assert other_device.get("/account/").status_code == 200
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "password": "another-long-passphrase"})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other_device.get("/account/").status_code == 302  # back to log-in


def test_change_password_with_wrong_current_password_is_refused(client, login):
    user = make_user()
    login(user)
    response = submit(client, "/account/password", {
        "current_password": "not-my-password", "password": "another-long-passphrase"})
    assert response.status_code == 422
    assert "current password is not correct" in response.get_data(as_text=True)


def test_change_email_needs_confirmation_from_the_new_address(client, login, deliver):
    user = make_user()
    login(user)
    submit(client, "/account/email", {"email": "moved@example.org", "current_password": PASSWORD})
    assert find_user_by_email(user.email) is not None
    (message,) = deliver().to("moved@example.org")
    assert client.get(link_in(message)).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "moved@example.org"


def test_profile_changes_name_and_language(client, login):
    user = make_user()
    login(user)
    response = submit(client, "/account/", {"name": "Renamed Person", "locale": "sv"})
    assert response.status_code == 302
    page = client.get("/account/").get_data(as_text=True)
    assert "Renamed Person" in page
    assert 'lang="sv"' in page


def test_logout_everywhere_ends_remembered_sessions(app, client, login):
    user = make_user()
    login(user)
    other = app.test_client()
    submit(other, "/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    submit(client, "/account/logout-everywhere", {}, page="/auth/logout")
    assert other.get("/account/").status_code == 302
