"""GET requests that change something wait for SQLite's write lock like every POST.

A GET's transaction begins without the write lock (reads never wait). If it then writes
while another connection (the worker) is writing, SQLite cannot let it wait: once the
other commits, the GET's snapshot is stale and its write fails at once, "database is
locked", a 503 for someone who clicked a link in an e-mail. So a view that writes on GET
is marked `writes_when_read` and takes the lock when it begins, and small bookkeeping
("last seen", a read receipt) happens in a transaction of its own that takes the lock,
once the response has been sent.

Two kinds of proof: every request the whole suite sends is watched through SQLAlchemy's
cursor events (tests/conftest.py: a GET that writes without the lock fails the test that
sent it; the authorisation matrix sends every route for every role), and the links that
write are followed here, first watched, then while another connection holds the lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass

import pytest
from flask import has_request_context, request
from sqlalchemy import event

import config as settings
from app import create_app
from app.accounts.services import CHANGE_EMAIL_PURPOSE, VERIFY_PURPOSE
from app.core.db import takes_write_lock
from app.core.events import Frequency
from app.core.tokens import make_token
from app.extensions import db
from app.funding.models import FundingProgramme
from app.notifications.models import Notification
from tests.conftest import submit
from tests.factories import PASSWORD, load_funding_programmes, make_user

STALE = "2000-01-01 00:00:00.000000"


@dataclass
class Setting:
    """A signed-in person, an unverified newcomer, a notification and a programme."""

    person_id: int
    person_email: str
    newcomer_id: int
    newcomer_email: str
    notification_id: int
    programme_key: str


def arrange() -> Setting:
    person = make_user(email="reader@example.org", locale="sv")
    newcomer = make_user(email="newcomer@example.org", verified=False)
    notification = Notification(user_id=person.id, event="challenges/outcome_recorded",
                                group="followed", subject="An outcome", summary="", url="/",
                                frequency=Frequency.IMMEDIATELY)
    db.session.add(notification)
    load_funding_programmes()
    programme = db.session.scalars(
        db.select(FundingProgramme).order_by(FundingProgramme.id)).first()
    db.session.commit()
    return Setting(person.id, person.email, newcomer.id, newcomer.email, notification.id,
                   programme.key)


def links(setting: Setting) -> dict[str, tuple[str, int]]:
    """Each GET that writes: endpoint -> (address, expected status). Needs an app context."""
    verify = make_token(VERIFY_PURPOSE, {"user": setting.newcomer_id,
                                         "email": setting.newcomer_email})
    change = make_token(CHANGE_EMAIL_PURPOSE, {"user": setting.newcomer_id,
                                               "email": "newcomer.new@example.org",
                                               "old": setting.newcomer_email})
    return {
        "funding.go": (f"/funding/{setting.programme_key}/go?from=email", 302),
        "main.set_language": ("/language/en", 303),
        "notifications.open_notification": (f"/notifications/{setting.notification_id}", 302),
        "accounts.two_factor_settings": ("/account/two-factor", 200),
        "auth.verify": (f"/auth/verify/{verify}", 302),
        "auth.confirm_email_change": (f"/auth/email/{change}", 302),
    }


def test_every_get_that_writes_takes_the_write_lock(app, client):
    setting = arrange()
    assert submit(client, "/auth/login", {"email": setting.person_email,
                                          "password": PASSWORD}).status_code == 302
    writes: dict[str, set[bool]] = {}
    after_response: list[bool] = []

    def watch(_connection, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() not in ("INSERT", "UPDATE", "DELETE"):
            return
        if has_request_context() and request.method == "GET":
            writes.setdefault(request.endpoint, set()).add(takes_write_lock())
        elif not has_request_context():
            after_response.append(takes_write_lock())

    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        for endpoint, (address, status) in links(setting).items():
            assert client.get(address).status_code == status, endpoint
        db.session.execute(db.text("UPDATE user_sessions SET last_seen_at = :t"), {"t": STALE})
        after_response.clear()
        assert client.get("/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    assert set(writes) == set(links(setting))
    assert {endpoint for endpoint, locked in writes.items() if locked != {True}} == set()
    assert after_response and set(after_response) == {True}  # "last seen", once sent


# --- the same links while the worker writes, on a SQLite file of their own ---

@pytest.fixture(scope="module")
def busy_sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("busy") / "busy.sqlite"
    application = create_app(type("Busy", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SQLITE_BUSY_TIMEOUT_MS": 5000}))
    with application.app_context():
        db.create_all()
        db.session.execute(db.text("CREATE TABLE worker_writes (n INTEGER)"))
        setting = arrange()
        db.session.remove()
    yield application, path, setting
    with application.app_context():
        db.engine.dispose()


def worker_holding_the_lock(path, seconds: float = 0.4):
    """Another connection that takes the write lock, writes, and commits `seconds` later.
    Returns once it holds the lock; join the thread to wait for its commit."""
    holding = threading.Event()

    def work():
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO worker_writes VALUES (1)")
        holding.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
        connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    assert holding.wait(5)
    return thread


def signed_in_client(application, setting: Setting):
    client = application.test_client()
    response = submit(client, "/auth/login", {"email": setting.person_email,
                                              "password": PASSWORD})
    assert response.status_code == 302
    return client


ENDPOINTS = ["funding.go", "main.set_language", "notifications.open_notification",
             "accounts.two_factor_settings", "auth.verify", "auth.confirm_email_change"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_link_that_writes_waits_for_a_busy_worker_instead_of_failing(busy_sqlite, endpoint):
    application, path, setting = busy_sqlite
    with application.app_context():
        address, status = links(setting)[endpoint]
    client = signed_in_client(application, setting)
    worker = worker_holding_the_lock(path)
    response = client.get(address)
    worker.join(10)
    assert response.status_code == status, response.get_data(as_text=True)[-2000:]


def test_last_seen_is_noted_after_a_page_read_while_the_worker_writes(busy_sqlite):
    application, path, setting = busy_sqlite
    client = signed_in_client(application, setting)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE user_sessions SET last_seen_at = ?", (STALE,))
    worker = worker_holding_the_lock(path)
    response = client.get("/funding/")
    assert response.status_code == 200
    response.close()  # the server has sent the page: "last seen" is written now
    worker.join(10)
    with sqlite3.connect(path) as connection:
        (seen,) = connection.execute(
            "SELECT last_seen_at FROM user_sessions ORDER BY id DESC LIMIT 1").fetchone()
    assert seen != STALE  # this device's session
