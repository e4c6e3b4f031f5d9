"""Small helpers for views: user-facing refusals with a message of our own; the request
class that keeps NUL characters out of what users send."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import HTTPException, NotFound


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


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class WithoutNul(ImmutableMultiDict):
    """Form and query values with NUL characters removed.

    Nobody types them; PostgreSQL refuses them in text (a 500 where SQLite would store
    them), so they never reach a form, a query or the database.
    """

    def __init__(self, mapping=None):
        if mapping is not None:
            pairs = MultiDict(mapping).items(multi=True) if isinstance(mapping, Mapping) else (
                mapping)
            mapping = [(_without_nul(key), _without_nul(value)) for key, value in pairs]
        super().__init__(mapping)


class ArenaRequest(Request):
    """Flask's request, with NUL-free form and query values."""

    parameter_storage_class = WithoutNul


def refuse_nul_in_path() -> None:
    """An address with a NUL character (%00) names nothing here: 404."""
    if "\x00" in request.path:
        raise NotFound()
