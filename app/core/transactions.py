"""One place commits per request: after the view, if the response is a success.

Small changes a reading request wants (`write_beside_reading`) run once its response
has been sent, so the reader never waits for SQLite's write lock or a commit to disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from flask import Flask, current_app, g
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
    once the response has been sent, in a transaction of its own that takes the lock
    first. The change gets ids, not the request's objects: it runs in a new session.
    """
    if takes_write_lock():
        change()
    else:
        g.setdefault("changes_after_reading", []).append(change)


def _write_after_response(app: Flask, changes: list[Callable[[], None]]) -> None:
    """The WSGI server calls this when it has sent the response (closed it)."""
    with app.app_context():
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
        app = current_app._get_current_object()
        response.call_on_close(partial(_write_after_response, app, changes))
    return response


def init_app(app: Flask) -> None:
    """Register the per-request commit."""
    app.after_request(_commit_or_rollback)
