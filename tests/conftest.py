"""Fixtures: one app and schema per session, each test inside a rolled-back transaction."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from pathlib import Path

import pytest
from flask.ctx import _cv_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

import config as settings
from app import create_app
from app.extensions import db, limiter
from app.notifications.delivery import deliver_due
from tests.smtp_sink import SmtpSink

pytest_plugins = ["tests.search_support"]  # the search tests' `backend` fixture

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def workdir():
    with tempfile.TemporaryDirectory(prefix="arena-tests-") as path:
        yield Path(path)


def _database_url(workdir: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{workdir / 'test.sqlite'}"


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (and so its own `g` and db session), as in
    production, even though the test itself runs inside an app context. Pages are asked
    for in English unless a test sends its own Accept-Language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture(scope="session")
def app(smtp_sink, workdir):
    suite_config = type("SuiteConfig", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": _database_url(workdir),
        "MAIL_PORT": smtp_sink.port,
        "MAIL_SUPPRESS_SEND": False,
        "UPLOAD_DIR": str(workdir / "uploads"),
        "SEARCH_INDEX_DIR": str(workdir / "search_index"),
        "MAIL_FOLDER": str(workdir / "mail"),
    })
    application = create_app(suite_config)
    application.test_client_class = IsolatedClient
    _BoundSession.suite_app = application
    with application.app_context():
        db.create_all()  # tests only; the platform itself uses the migrations
        yield application
        db.session.remove()
        db.drop_all()


class _BoundSession(FlaskSession):
    """A Flask-SQLAlchemy session that uses the test's connection for the suite's app (other
    apps a test creates, e.g. on a throwaway database, keep their own engine)."""

    suite_app = None

    def get_bind(self, *args, **kwargs):
        from flask import current_app

        if current_app._get_current_object() is _BoundSession.suite_app:
            return self.bind
        return super().get_bind(*args, **kwargs)


@pytest.fixture(autouse=True)
def _transaction(app):
    """Run each test in a transaction that is rolled back; commits become savepoints."""
    db.session.remove()
    connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = scoped_session(
        sessionmaker(class_=_BoundSession, db=db, bind=connection,
                     join_transaction_mode="create_savepoint", expire_on_commit=False),
        scopefunc=original.registry.scopefunc,
    )
    limiter.reset()
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def committed_database(workdir):
    """A database of its own with the schema, whose commits another process can see."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        name = f"arena_faults_{uuid.uuid4().hex[:8]}"
        admin = create_engine(make_url(base).set(database="postgres"),
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{workdir / f'faults-{uuid.uuid4().hex}.sqlite'}"
    application = create_app(type("Faults", (settings.TestConfig,),
                                  {"SQLALCHEMY_DATABASE_URI": url}))
    with application.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    if base:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def mailbox(smtp_sink):
    """The SMTP sink, emptied for this test."""
    smtp_sink.messages.clear()
    smtp_sink.refuse = False
    return smtp_sink


@pytest.fixture
def deliver(mailbox):
    """Run one pass of the outbox worker (delivering to the SMTP sink) and return the sink."""

    def run(**kwargs):
        db.session.commit()
        deliver_due(**kwargs)
        return mailbox

    return run


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def submit(client, url: str, data: dict | None = None, page: str | None = None,
           headers: dict | None = None, **kwargs):
    """Post a form the way a browser does: read the CSRF token from the page first."""
    response = client.get(page or url, headers=headers)
    payload = {"csrf_token": csrf_from(response.get_data(as_text=True)), **(data or {})}
    return client.post(url, data=payload, headers=headers, **kwargs)


def log_in(client, user, password: str = "correct-horse-battery-9"):
    response = submit(client, "/auth/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


@pytest.fixture
def login(client):
    def do(user, password: str = "correct-horse-battery-9"):
        return log_in(client, user, password)

    return do
