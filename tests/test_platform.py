"""The shared foundations: languages, CSRF, error pages, health check, security headers."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_from, submit
from tests.factories import make_user

MAIN_PAGES = ["/", "/auth/login", "/auth/register", "/auth/reset", "/organisations/",
              "/accessibility", "/help"]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_in_swedish_by_browser_preference(client, path):
    response = client.get(path, headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="sv"' in page
    assert "Till huvudinnehållet" in page  # the skip link


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_in_english_by_browser_preference(client, path):
    response = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"})
    page = response.get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "Skip to main content" in page


def test_language_switcher_overrides_the_browser(client):
    client.get("/language/en?next=/help", headers={"Accept-Language": "sv"})
    page = client.get("/help", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="en"' in page


def test_language_switcher_refuses_to_redirect_elsewhere(client):
    response = client.get("/language/sv?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_swedish_login_form_and_error(client):
    headers = {"Accept-Language": "sv"}
    page = client.get("/auth/login", headers=headers).get_data(as_text=True)
    assert "Logga in" in page and 'name="email"' in page and 'name="password"' in page
    response = submit(client, "/auth/login", {"email": "x@example.org",
                                              "password": "fel-lösenord"}, headers=headers)
    assert "E-postadressen eller lösenordet är fel." in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email,
                                                "password": "correct-horse-battery-9"})
    assert response.status_code == 400
    assert "form had expired" in response.get_data(as_text=True)


def test_post_with_a_token_from_another_session_is_refused(app, client):
    other = app.test_client()
    token = csrf_from(other.get("/auth/login").get_data(as_text=True))
    client.get("/auth/login")
    response = client.post("/auth/login", data={"csrf_token": token, "email": "a@example.org",
                                                "password": "whatever-123"})
    assert response.status_code == 400


@pytest.mark.parametrize("lang, text", [("en", "Page not found"), ("sv", "Sidan finns inte")])
def test_not_found_page_in_both_languages(client, lang, text):
    response = client.get("/no/such/page", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_forbidden_page(client, login):
    login(make_user(locale="sv"))
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "Åtkomst nekad" in response.get_data(as_text=True)


def test_unexpected_error_gives_a_friendly_500_without_details(app):
    from app import create_app

    fresh = create_app(dict(app.config))

    @fresh.route("/_test/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = fresh.test_client().get("/_test/boom", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret internal detail" not in page


def test_healthz_reports_database_and_outbox(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok"
    assert isinstance(body["outbox_backlog"], int)


def test_security_headers_are_sent(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "base-uri 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_is_http_only_and_same_site(client):
    response = client.get("/auth/login")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch):
    import config as settings
    from app import create_app

    insecure = type("Insecure", (settings.ProductionConfig,),
                    {"SECRET_KEY": settings.INSECURE_DEFAULT_KEY,
                     "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(insecure)


SHARED_LIMIT_STORE = "redis://127.0.0.1:6379/7"


@pytest.mark.parametrize("storage", [None, "memory://", "MEMORY://", " memory:// "])
def test_production_refuses_to_count_rate_limits_in_process_memory(storage):
    """With several web processes each would count for itself: every limit N times weaker,
    and forgotten at each restart."""
    import config as settings
    from app import create_app

    production = type("Prod", (settings.ProductionConfig,), {
        "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "RATELIMIT_STORAGE_URI": storage})
    with pytest.raises(RuntimeError) as refusal:
        create_app(production)
    assert "RATELIMIT_STORAGE_URI" in str(refusal.value)
    assert "redis://" in str(refusal.value)


def test_production_sends_hsts_behind_a_tls_proxy_and_uses_a_host_cookie(app):
    import config as settings
    from app import create_app

    production = type("Prod", (settings.ProductionConfig,), {
        "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_PORT": app.config["MAIL_PORT"], "RATELIMIT_STORAGE_URI": SHARED_LIMIT_STORE})
    client = create_app(production).test_client()
    plain = client.get("/auth/login", headers={"X-Forwarded-Proto": "http"})
    assert plain.status_code in (301, 302)  # redirected to https
    secure = client.get("/auth/login", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=" in secure.headers["Strict-Transport-Security"]
    cookie = secure.headers["Set-Cookie"]
    assert cookie.startswith("__Host-arena_session=") and "Secure" in cookie


def test_landing_page_lists_open_challenges_soonest_deadline_first(client):
    from datetime import timedelta

    from app.challenges.models import ChallengeState
    from tests.factories import make_challenge

    make_challenge(title="Later deadline", deadline_in=timedelta(days=40))
    make_challenge(title="Sooner deadline", deadline_in=timedelta(days=3))
    make_challenge(title="Still a draft", state=ChallengeState.DRAFT)
    page = client.get("/").get_data(as_text=True)
    assert page.index("Sooner deadline") < page.index("Later deadline")
    assert "Still a draft" not in page


def test_ids_beyond_the_database_range_are_not_found_rather_than_errors(client):
    assert client.get("/organisations/2147483648").status_code == 404
    assert client.get("/challenges/99999999999").status_code == 404
    assert client.get("/challenges/?buyer=2147483648").status_code == 200
