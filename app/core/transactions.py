"""One place commits per request: after the view, if the response is a success."""

from __future__ import annotations

from flask import Flask, g

from app.extensions import db


def keep_changes_despite_error() -> None:
    """Commit this request's changes even though the response is an error.

    Used where a refusal itself must be recorded (a failed log-in in the audit log).
    """
    g.keep_changes = True


def _commit_or_rollback(response):
    if response.status_code < 400 or g.get("keep_changes"):
        db.session.commit()
    else:
        db.session.rollback()
    return response


def init_app(app: Flask) -> None:
    """Register the per-request commit."""
    app.after_request(_commit_or_rollback)
