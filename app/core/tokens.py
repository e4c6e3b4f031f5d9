"""Signed, expiring tokens for links in e-mails (itsdangerous)."""

from __future__ import annotations

import enum
import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class TokenProblem(enum.StrEnum):
    EXPIRED = "expired"
    INVALID = "invalid"


class TokenError(Exception):
    """A link that cannot be used, and why."""

    def __init__(self, problem: TokenProblem = TokenProblem.INVALID):
        super().__init__(problem.value)
        self.problem = problem


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"arena.{purpose}")


def make_token(purpose: str, payload) -> str:
    """Sign a payload for one purpose (a token for one purpose is useless for another)."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int):
    """The payload of a valid token, or TokenError saying it expired or is invalid."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenError(TokenProblem.EXPIRED) from error
    except BadSignature as error:
        raise TokenError(TokenProblem.INVALID) from error


def random_token() -> str:
    """A random URL-safe secret for links stored (hashed) in the database."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 of a random token, which is what we store."""
    return hashlib.sha256(token.encode()).hexdigest()


def fingerprint(value: str) -> str:
    """A short digest of a secret, used to make a token single-use."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]
