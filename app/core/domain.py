"""The error a service raises when a request breaks a domain rule."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action, with a message for the user (already translated) and a status."""

    def __init__(self, message: str, status: int = 422, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field  # the form field the message belongs to, if any
