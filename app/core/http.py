"""Small helpers for views: user-facing refusals with a message of our own."""

from __future__ import annotations

from flask import abort
from werkzeug.exceptions import HTTPException


class UserFacingError(HTTPException):
    """An HTTP error whose description is a translated message meant for the user."""

    arena_message = True

    def __init__(self, status: int, message: str):
        super().__init__(description=message)
        self.code = status


def refuse(status: int, message: str):
    """Stop the request with a status and a message for the user."""
    raise UserFacingError(status, message)


def require(condition: bool, status: int = 403) -> None:
    """Abort with the status (403 by default) unless the condition holds."""
    if not condition:
        abort(status)
