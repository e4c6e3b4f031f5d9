"""Fixtures: one app and schema per session, each test inside a rolled-back transaction."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from contextvars import ContextVar
from pathlib import Path

import pytest
from flask import has_request_context, request
from flask.ctx import _cv_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

import config as settings
from app import create_app
from app.core.db import READ_ONLY_METHODS, takes_write_lock
from app.extensions import db, limiter
from app.notifications.delivery import deliver_due
from tests.smtp_sink import SmtpSink

pytest_plugins = ["tests.search_support"]  # the search tests' `backend` fixture

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_THROUGH_TEST_CLIENT: ContextVar[bool] = ContextVar("through_test_client", default=False)
WRITES = ("INSERT", "UPDATE", "DELETE")
# Posted with an irreversible action: what the confirmation page (templates/core/
# confirm.html) sends, so the action happens instead of the page that asks first.
CONFIRM = {"confirmed": "yes"}
# Writes made by GET/HEAD requests whose transaction did not take SQLite's write lock:
# on SQLite such a request fails at once ("database is locked") when anything else
# writes at the same time. Every request any test sends is watched (tests/
# test_reads_that_write.py explains); a test that causes one fails.
reads_that_wrote_unlocked: list[str] = []


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
    for in English unless a test sends its own Accept-Language. Like a WSGI server, it
    reads each response whole and closes it, which runs what waits for the response to
    be sent (`app.core.transactions.write_beside_reading`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # read, then close, as a server does (see below)
        token = _cv_app.set(None)
        through = _THROUGH_TEST_CLIENT.set(True)
        try:
            return super().open(*args, **kwargs)
        finally:
            _THROUGH_TEST_CLIENT.reset(through)
            _cv_app.reset(token)


def _watch_reads_that_write(_connection, _cursor, statement, *_args) -> None:
    if not (_THROUGH_TEST_CLIENT.get() and has_request_context()):
        return
    if (request.method in READ_ONLY_METHODS and statement.lstrip()[:6].upper() in WRITES
            and not takes_write_lock()):
        reads_that_wrote_unlocked.append(
            f"{request.method} {request.path} ({request.endpoint}): {statement[:70]}")


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
        event.listen(db.engine, "before_cursor_execute", _watch_reads_that_write)
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
    unlocked, reads_that_wrote_unlocked[:] = list(reads_that_wrote_unlocked), []
    assert not unlocked, ("GET requests wrote without SQLite's write lock (mark the view "
                          "with app.core.db.writes_when_read):\n" + "\n".join(unlocked))


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


class EnglishClient(FlaskClient):
    """A plain browser that asks for pages in English, for an app of its own (each
    response read whole and closed, as IsolatedClient)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture
def parallel_app(committed_database, smtp_sink):
    """An app of its own on a committed database, for real parallel requests (races):
    each thread's client gets its own database connection and sees the others' commits."""
    application = create_app(type("Races", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": committed_database, "MAIL_PORT": smtp_sink.port}))
    application.test_client_class = EnglishClient
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


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
