"""One place commits per request: after the view, if the response is a success."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, g
from sqlalchemy.exc import OperationalError

from app.core.db import takes_write_lock, writing_transactions
from app.extensions import db

log = logging.getLogger(__name__)


def keep_changes_despite_error() -> None:
    """Commit this request's changes even though the response is an error.

    Used where a refusal itself must be recorded (a failed log-in in the audit log).
    """
    g.keep_changes = True


def write_beside_reading(change: Callable[[], None]) -> None:
    """Make a small change that any request may want (a session's "last seen").

    In a request that writes anyway it happens at once. A reading request's transaction
    began without SQLite's write lock and cannot wait for it, so there the change runs
    after the request's own transaction, in one of its own that takes the lock first.
    """
    if takes_write_lock():
        change()
    else:
        g.setdefault("changes_after_reading", []).append(change)


def _write_after_reading(changes: list[Callable[[], None]]) -> None:
    try:
        with writing_transactions():
            for change in changes:
                change()
            db.session.commit()
    except OperationalError as error:  # busy past the timeout: bookkeeping, not the page
        db.session.rollback()
        log.warning("changes after a reading request not saved: %s", error.orig)


def _commit_or_rollback(response):
    if response.status_code < 400 or g.get("keep_changes"):
        db.session.commit()
    else:
        db.session.rollback()
    changes = g.pop("changes_after_reading", None)
    if changes:
        _write_after_reading(changes)
    return response


def init_app(app: Flask) -> None:
    """Register the per-request commit."""
    app.after_request(_commit_or_rollback)
