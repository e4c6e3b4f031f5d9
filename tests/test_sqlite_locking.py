"""SQLite writers queue instead of failing: a transaction that may write takes the write
lock when it begins (requests other than GET/HEAD/OPTIONS, and background jobs).

These tests use an app of their own on a SQLite file, whatever TEST_DATABASE_URL says:
the behaviour is SQLite's.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import config as settings
from app import create_app
from app.core.jobs import Job, run_job
from app.extensions import db


@pytest.fixture
def sqlite_app(tmp_path):
    path = tmp_path / "locking.sqlite"
    locking = type("LockingConfig", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SQLITE_BUSY_TIMEOUT_MS": 5000})
    application = create_app(locking)
    with application.app_context():
        db.session.execute(text("CREATE TABLE entries (writer TEXT NOT NULL)"))
        db.session.commit()
        db.session.remove()
    yield application, path
    with application.app_context():
        db.engine.dispose()


def other_writer_is_refused(path) -> bool:
    """Whether another connection, waiting 50 ms at most, cannot start writing."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        other.close()


@pytest.mark.parametrize(("method", "locks"), [("POST", True), ("DELETE", True),
                                               ("GET", False), ("HEAD", False)])
def test_requests_that_may_write_hold_the_write_lock_from_their_first_query(
        sqlite_app, method, locks):
    application, path = sqlite_app
    with application.test_request_context("/", method=method):
        db.session.execute(text("SELECT count(*) FROM entries"))
        assert other_writer_is_refused(path) is locks
        db.session.rollback()


def test_background_jobs_hold_the_write_lock_from_their_first_query(sqlite_app):
    application, path = sqlite_app
    seen = []

    def job():
        db.session.execute(text("SELECT count(*) FROM entries"))
        seen.append(other_writer_is_refused(path))

    with application.app_context():
        run_job(Job("probe", job, every_seconds=1))
        db.session.execute(text("SELECT count(*) FROM entries"))
        assert other_writer_is_refused(path) is False  # a plain read outside jobs does not
        db.session.rollback()
    assert seen == [True]


def read_then_write(application, method: str, has_read: threading.Event, outcome: list):
    """A request that reads, pauses (as a view rendering a form would), then writes."""
    with application.test_request_context("/", method=method):
        try:
            db.session.execute(text("SELECT count(*) FROM entries"))
            has_read.set()
            time.sleep(0.3)
            db.session.execute(text("INSERT INTO entries VALUES ('slow')"))
            db.session.commit()
            outcome.append("saved")
        except OperationalError as error:
            has_read.set()
            db.session.rollback()
            outcome.append(str(error.orig))
        finally:
            db.session.remove()


def race(application, method: str) -> tuple[list, list]:
    """A slow writer that read first, and a quick one committing while it pauses."""
    has_read, slow, quick = threading.Event(), [], []
    thread = threading.Thread(target=read_then_write, args=(application, method, has_read, slow))
    thread.start()
    has_read.wait(5)
    with application.test_request_context("/", method=method):
        db.session.execute(text("INSERT INTO entries VALUES ('quick')"))
        db.session.commit()
        quick.append("saved")
        db.session.remove()
    thread.join(10)
    return slow, quick


def test_two_posts_writing_at_once_both_succeed_one_after_the_other(sqlite_app):
    application, _path = sqlite_app
    slow, quick = race(application, "POST")
    assert slow == ["saved"] and quick == ["saved"]
    with application.app_context():
        writers = db.session.scalars(text("SELECT writer FROM entries")).all()
    assert writers == ["slow", "quick"]  # the quick one waited for the lock


def test_without_the_lock_a_writer_that_read_first_would_fail(sqlite_app):
    """Why: what SQLite does to a transaction that reads, then writes after another
    connection committed (the reason requests that may write take the lock first)."""
    application, _path = sqlite_app
    slow, quick = race(application, "GET")
    assert quick == ["saved"]
    assert slow and "locked" in slow[0]
