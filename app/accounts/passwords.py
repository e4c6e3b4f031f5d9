"""Password hashing (Argon2id) and the password policy."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

MIN_LENGTH = 10
# A precomputed hash to verify against when the account does not exist, so that
# both paths take about as long.
_DUMMY_PASSWORD = "not-a-real-password-0"


@lru_cache(maxsize=2)
def _hasher(profile: str) -> PasswordHasher:
    if profile == "fast":  # the test suite only
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


def hasher() -> PasswordHasher:
    """The Argon2id hasher for the configured cost profile."""
    return _hasher(current_app.config.get("PASSWORD_HASH_PROFILE", "standard"))


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash (or a dummy one, taking similar time)."""
    try:
        return hasher().verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=2)
def _dummy_hash_for(profile: str) -> str:
    return _hasher(profile).hash(_DUMMY_PASSWORD)


def _dummy_hash() -> str:
    return _dummy_hash_for(current_app.config.get("PASSWORD_HASH_PROFILE", "standard"))


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30 000 most common passwords (from zxcvbn's frequency lists)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a new password is not acceptable, or None if it is."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!") in common_passwords():
        return _("This password is too common. Choose one that is harder to guess.")
    personal = {part for part in (email.lower().split("@")[0], name.lower()) if len(part) >= 4}
    if any(part in lowered for part in personal):
        return _("Do not use your name or e-mail address in the password.")
    return None
