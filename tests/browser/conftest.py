"""The browser suite: the real app served on a loopback port, driven by Debian's Chromium.

One app for these tests (gone when they are done) on a fresh SQLite file built by the
migrations (`flask db upgrade`, as in production, then `funding import` and `knowledge
seed`), served by werkzeug in a thread with its real security headers; e-mail goes through
the outbox to a real SMTP sink, delivered by the worker's `deliver_due` whenever a test
reads its mail, and links in e-mail use the served address (BASE_URL). The
rolled-back-transaction fixture of tests/conftest.py is switched off here: the server
commits for real, so the journeys see each other's data in order.

Skipped on PostgreSQL runs (the journeys run once per `make test`, on SQLite) and where
Chromium is missing, unless ARENA_REQUIRE_BROWSER=1 (CI) turns that into a failure.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

import config as settings
from tests.browser.support import ARTIFACTS, CHROMIUM, Mail, checked_pages
from tests.smtp_sink import SmtpSink

HERE = Path(__file__).parent
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]


def _skip_reason() -> str | None:
    database = os.environ.get("TEST_DATABASE_URL", "")
    if database and not database.startswith("sqlite"):
        return "the browser journeys run once per `make test`, in the SQLite run"
    if not Path(CHROMIUM).exists() and os.environ.get("ARENA_REQUIRE_BROWSER") != "1":
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    if reason is None:
        return
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _transaction():
    """No rolled-back transaction here: the served app commits like in production."""
    yield


@pytest.fixture(scope="package")
def browser_mail_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def _browser_config(workdir: Path, smtp_port: int) -> type:
    return type("BrowserConfig", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'browser.sqlite'}",
        "MAIL_PORT": smtp_port,
        "MAIL_SUPPRESS_SEND": False,
        "UPLOAD_DIR": str(workdir / "uploads"),
        "SEARCH_INDEX_DIR": str(workdir / "search_index"),
        "MAIL_FOLDER": str(workdir / "mail"),
        "WTF_CSRF_SSL_STRICT": False,
    })


def _install(app) -> None:
    """What an operator does on a new installation (README): migrate, then load the
    funding programmes and the standard knowledge articles."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    for command in (["funding", "import"], ["knowledge", "seed"]):
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="package")
def live_app(browser_mail_sink):
    """The app on a fresh migrated SQLite file, served at app.config['BASE_URL']."""
    from app import create_app
    from app.extensions import db

    with tempfile.TemporaryDirectory(prefix="arena-browser-") as path:
        app = create_app(_browser_config(Path(path), browser_mail_sink.port))
        _install(app)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield app
        finally:
            server.shutdown()
            thread.join(timeout=10)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="package")
def mail(live_app, browser_mail_sink) -> Mail:
    return Mail(live_app, browser_mail_sink)


@pytest.fixture(scope="package")
def chromium():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=LAUNCH_ARGS)
        yield browser
        browser.close()
    _list_checked_pages()


def _list_checked_pages() -> None:
    """test-artifacts/axe-pages.txt: every page axe checked (address without the port)."""
    lines = [url.split("/", 3)[-1] for url in checked_pages]
    (ARTIFACTS / "axe-pages.txt").write_text(
        f"{len(lines)} page views checked by axe-core (WCAG 2.0/2.1 A and AA), "
        f"{len(set(lines))} distinct addresses:\n" + "\n".join(f"/{line}" for line in lines)
        + "\n")
