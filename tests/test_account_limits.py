"""What an outsider learns and can do with the account forms: registration takes as long
for a taken address as for a new one, and the forms that e-mail someone (registration,
password reset, a new confirmation link) are limited per client address and per
recipient. The client address is the one the trusted proxies saw (TRUSTED_PROXY_HOPS)."""

from __future__ import annotations

import statistics
import time

import pytest

import config as settings
from app import create_app
from app.extensions import limiter
from tests.conftest import submit
from tests.factories import PASSWORD, make_user

GOOD_PASSWORD = "a-long-unusual-passphrase"
TOO_MANY = "Too many attempts"


def register(client, email: str, password: str = GOOD_PASSWORD):
    return submit(client, "/auth/register", {"name": "Nina Ny", "email": email,
                                             "password": password, "locale": "en"})


def timed_registration(client, email: str) -> float:
    """Seconds the server takes to answer the registration form (the page is fetched
    first, outside the measurement, as a browser would)."""
    page = client.get("/auth/register").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    started = time.perf_counter()
    response = client.post("/auth/register", data={
        "csrf_token": token, "name": "Nina Ny", "email": email, "password": GOOD_PASSWORD,
        "locale": "en"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and "Check your e-mail" in response.get_data(
        as_text=True)
    return elapsed


def test_registration_takes_as_long_for_a_taken_address_as_for_a_new_one(
        app, client, monkeypatch):
    """With production's password hashing (Argon2id, about 0.1–0.3 s here) the taken
    address used to answer in a tenth of the time. Rounds alternate between the two, so
    a busy machine slows both alike; only a gross difference fails."""
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PROFILE", "standard")
    make_user(email="taken@example.org")
    taken, new = [], []
    for round_number in range(3):
        limiter.reset()
        taken.append(timed_registration(client, "taken@example.org"))
        new.append(timed_registration(client, f"new{round_number}@example.org"))
    assert statistics.median(taken) > 0.5 * statistics.median(new), (taken, new)


def test_a_weak_password_is_refused_alike_for_a_taken_and_a_new_address(client):
    make_user(email="taken@example.org")
    for email in ("taken@example.org", "free@example.org"):
        response = register(client, email, password="password123")
        assert response.status_code == 422, email
        assert "too common" in response.get_data(as_text=True)


def limits(app, monkeypatch, per_address: str = "100 per hour",
           per_recipient: str = "100 per hour") -> None:
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_LIMIT_PER_ADDRESS", per_address)
    monkeypatch.setitem(app.config, "ACCOUNT_MAIL_LIMIT_PER_RECIPIENT", per_recipient)


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def assert_too_many(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 429, page[-2000:]
    assert TOO_MANY in page and "Please wait a few minutes and try again." in page


def test_password_reset_requests_are_limited_per_recipient(app, client, deliver, monkeypatch):
    limits(app, monkeypatch, per_recipient="3 per hour")
    victim = make_user(email="victim@example.org")
    for _ in range(3):
        assert submit(client, "/auth/reset", {"email": "Victim@Example.org"}).status_code == 200
    assert_too_many(submit(client, "/auth/reset", {"email": victim.email}))
    elsewhere = from_address(app, "198.51.100.23")
    assert_too_many(submit(elsewhere, "/auth/reset", {"email": victim.email}))
    assert submit(client, "/auth/reset", {"email": "someone@example.org"}).status_code == 200
    assert len(deliver().to(victim.email)) == 3


def test_an_unknown_address_meets_the_same_limit_as_a_known_one(app, client, monkeypatch):
    """A refusal must not tell an outsider which addresses have accounts."""
    limits(app, monkeypatch, per_recipient="2 per hour")
    make_user(email="known@example.org")
    for email in ("known@example.org", "unknown@example.org"):
        statuses = [submit(client, "/auth/reset", {"email": email}).status_code
                    for _ in range(3)]
        assert statuses == [200, 200, 429], email


def test_registration_and_reset_share_the_recipients_budget(app, client, deliver, monkeypatch):
    limits(app, monkeypatch, per_recipient="2 per hour")
    owner = make_user(email="owner@example.org")
    assert register(client, owner.email).status_code == 200  # "already has an account"
    assert submit(client, "/auth/reset", {"email": owner.email}).status_code == 200
    assert_too_many(register(from_address(app, "203.0.113.9"), owner.email))
    assert_too_many(submit(client, "/auth/reset", {"email": owner.email}))
    assert len(deliver().to(owner.email)) == 2


def test_account_emails_are_limited_per_client_address(app, monkeypatch):
    limits(app, monkeypatch, per_address="4 per hour")
    flooder = from_address(app, "192.0.2.66")
    assert register(flooder, "one@example.org").status_code == 200
    assert register(flooder, "two@example.org").status_code == 200
    assert submit(flooder, "/auth/reset", {"email": "three@example.org"}).status_code == 200
    assert submit(flooder, "/auth/reset", {"email": "four@example.org"}).status_code == 200
    assert_too_many(register(flooder, "five@example.org"))
    assert_too_many(submit(flooder, "/auth/reset", {"email": "six@example.org"}))
    assert register(from_address(app, "192.0.2.67"), "seven@example.org").status_code == 200


def test_a_refused_form_does_not_count(app, client, monkeypatch):
    limits(app, monkeypatch, per_address="2 per hour", per_recipient="2 per hour")
    for _ in range(3):
        assert register(client, "weak@example.org", password="short").status_code == 422
    assert register(client, "weak@example.org").status_code == 200


def test_resending_the_confirmation_link_is_limited(app, client, login, deliver, monkeypatch):
    limits(app, monkeypatch, per_recipient="2 per hour")
    person = make_user(email="unconfirmed@example.org", verified=False)
    login(person, PASSWORD)
    for _ in range(2):
        response = submit(client, "/auth/verify/resend", {}, page="/account/")
        assert response.status_code == 302
    assert_too_many(submit(client, "/auth/verify/resend", {}, page="/account/"))
    assert_too_many(submit(app.test_client(), "/auth/reset", {"email": person.email}))
    assert len(deliver().to(person.email)) == 2


def proxied_app(app, hops: int):
    """The app behind `hops` reverse proxies, with a small API budget per client."""
    return create_app(type("Proxied", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRUSTED_PROXY_HOPS": hops, "API_RATE_LIMIT": "2 per minute"}))


def through_proxies(client, forwarded_for: str):
    """A request as the last proxy (10.0.0.2) passes it on."""
    return client.get("/api/v1/challenges", environ_base={"REMOTE_ADDR": "10.0.0.2"},
                      headers={"X-Forwarded-For": forwarded_for})


def test_with_two_trusted_proxies_the_client_is_the_second_last_forwarded_address(app):
    """client -> proxy 10.0.0.1 -> proxy 10.0.0.2 -> app. Whatever the client writes
    into X-Forwarded-For itself comes before its real address and is not believed."""
    client = proxied_app(app, hops=2).test_client()
    for spoofed in ("1.1.1.1", "2.2.2.2"):
        response = through_proxies(client, f"{spoofed}, 198.51.100.7, 10.0.0.1")
        assert response.status_code == 200
    assert through_proxies(client, "3.3.3.3, 198.51.100.7, 10.0.0.1").status_code == 429
    assert through_proxies(client, "198.51.100.8, 10.0.0.1").status_code == 200


@pytest.mark.parametrize("defaults", [settings.Config, settings.ProductionConfig],
                         ids=["embedded default", "production default"])
def test_forwarded_addresses_beyond_the_trusted_proxies_are_not_believed(app, defaults):
    """With the default number of trusted proxies (none in the embedded default, one in
    production), addresses a client writes into X-Forwarded-For give it no new budget."""
    client = proxied_app(app, hops=defaults.TRUSTED_PROXY_HOPS).test_client()
    statuses = [through_proxies(client, f"{spoof}, 198.51.100.7").status_code
                for spoof in ("1.1.1.1", "2.2.2.2", "3.3.3.3")]
    assert statuses == [200, 200, 429]
