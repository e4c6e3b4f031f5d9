"""Error pages in the user's language, for browsers and JSON clients alike."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from app.core.domain import DomainError
from app.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("We could not understand what was sent. Please try again.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("The page may have moved, or the address may be wrong.")),
    405: (_l("Not allowed"), _l("That action is not possible on this page.")),
    409: (_l("Conflict"), _l("Someone else changed this in the meantime.")),
    413: (_l("File too large"), _l("The file you sent is larger than we accept.")),
    422: (_l("Could not process"), _l("Please check what you entered.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("Sorry, the service had a problem. Please try again.")),
    503: (_l("Temporarily unavailable"), _l("The service is busy. Please try again shortly.")),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(status: int, detail: str | None = None):
    """Render the error page (or JSON) for a status, with an optional specific message."""
    title, default_message = MESSAGES.get(status, MESSAGES[500])
    message = detail or str(default_message)
    if _wants_json():
        return jsonify(error=str(title), message=message, status=status), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _handle_http(error: HTTPException):
    detail = error.description if getattr(error, "arena_message", False) else None
    response = make_response(render_error(error.code or 500, detail))
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)  # required by RFC 9110
    return response


def _handle_csrf(error: CSRFError):
    return render_error(
        400, str(_l("The form had expired or was sent from elsewhere. Please try again."))
    )


def _handle_domain(error: DomainError):
    db.session.rollback()
    return render_error(error.status, error.message)


def _handle_database_busy(error: OperationalError):
    db.session.rollback()
    log.warning("database unavailable or busy on %s: %s", request.path, error.orig)
    return render_error(503, str(_l("The service is busy right now and nothing was saved. "
                                     "Please try again in a moment.")))


def _handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _handle_http(error)
    log.exception("unhandled error on %s", request.path)
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers: specific HTTP errors, CSRF and anything unexpected."""
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(DomainError, _handle_domain)
    app.register_error_handler(OperationalError, _handle_database_busy)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(InternalServerError, _handle_unexpected)
    app.register_error_handler(Exception, _handle_unexpected)
