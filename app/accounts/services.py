"""Accounts: registration, e-mail verification, log-in, password reset and profile."""

from __future__ import annotations

from functools import partial

from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import User, UserSession
from app.accounts.passwords import hash_password, password_problem, verify_password
from app.audit.services import record
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, queue_email, queue_email_to_user, register_event
from app.core.tokens import (
    TokenError,
    fingerprint,
    hash_token,
    make_token,
    random_token,
    read_token,
)
from app.core.transactions import write_beside_reading
from app.extensions import db

VERIFY_PURPOSE = "verify-email"
RESET_PURPOSE = "reset-password"
CHANGE_EMAIL_PURPOSE = "change-email"

for _key in ("accounts/verify_email", "accounts/account_exists", "accounts/password_reset",
             "accounts/password_changed", "accounts/confirm_email_change",
             "accounts/email_changed", "accounts/confirm_two_factor"):
    register_event(_key, EventGroup.SECURITY)


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding space."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The account with this e-mail address, if any."""
    return db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))


def check_new_password(password: str, email: str = "", name: str = "") -> None:
    """Raise DomainError if the password breaks the policy."""
    problem = password_problem(password, email, name)
    if problem:
        raise DomainError(problem, field="password")


def create_user(email: str, name: str, password: str, locale: str = "sv", **extra) -> User:
    """Create an account (no e-mail sent); the password must meet the policy."""
    check_new_password(password, email, name)
    return _add_user(email, name, hash_password(password), locale, **extra)


def _add_user(email: str, name: str, password_hash: str, locale: str, **extra) -> User:
    user = User(email=normalise_email(email), name=name.strip(), locale=locale,
                password_hash=password_hash, **extra)
    db.session.add(user)
    db.session.flush()
    return user


def register(email: str, name: str, password: str, locale: str = "sv") -> User | None:
    """Register a new account and e-mail a verification link.

    If the address is taken, the owner gets a note instead and nothing else changes. The
    form answers the same either way, and after the same work: the password is checked
    and hashed (most of the time taken) before anyone looks the address up, so neither
    the answer nor its timing reveals who has an account.
    """
    check_new_password(password, email, name)
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing:
        queue_email_to_user("accounts/account_exists", existing)
        return None
    user = _add_user(email, name, password_hash, locale)
    send_verification(user)
    record("account.registered", actor=user, obj=user)
    return user


def send_verification(user: User) -> None:
    """Queue an e-mail with a signed link that confirms the user's address."""
    token = make_token(VERIFY_PURPOSE, {"user": user.id, "email": user.email})
    queue_email_to_user("accounts/verify_email", user, token=token)


def verify_email(token: str) -> User:
    """Mark the address in a verification link as confirmed; TokenError if unusable."""
    data = read_token(VERIFY_PURPOSE, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("email"):
        raise TokenError()
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        record("account.email_verified", actor=user, obj=user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the password is right and the account active; records the attempt."""
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or not user.is_active:
        record("auth.login_failed", actor=user, obj=user, email=normalise_email(email)[:254])
        return None
    user.last_login_at = utcnow()
    record("auth.login", actor=user, obj=user)
    return user


def request_password_reset(email: str) -> None:
    """E-mail a single-use reset link if the account exists; silent otherwise."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = make_token(
        RESET_PURPOSE, {"user": user.id, "fp": fingerprint(user.password_hash)}
    )
    queue_email_to_user("accounts/password_reset", user, token=token)
    record("auth.reset_requested", actor=user, obj=user)


def user_for_reset_token(token: str) -> User:
    """The user a reset link is for, if the link is still valid and unused."""
    data = read_token(RESET_PURPOSE, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("user"))
    if user is None or fingerprint(user.password_hash) != data.get("fp"):
        raise TokenError()  # spent: the password has changed since
    return user


def set_password(user: User, password: str, reason: str) -> None:
    """Store a new password and end every other session of the user."""
    check_new_password(password, user.email, user.name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    revoke_sessions(user, keep_token=user.session_token)
    record(f"auth.password_{reason}", actor=user, obj=user)
    queue_email_to_user("accounts/password_changed", user)


def reset_password(token: str, password: str) -> User:
    """Use a reset link to set a new password; the link cannot be used again."""
    user = user_for_reset_token(token)
    set_password(user, password, "reset")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the link proved the address
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change a password after checking the current one."""
    if not verify_password(user.password_hash, current_password):
        raise DomainError(_("Your current password is not correct."), field="current_password")
    set_password(user, new_password, "changed")


def request_email_change(user: User, new_email: str, password: str) -> None:
    """Send a confirmation link to the new address; the change happens when it is used."""
    if not verify_password(user.password_hash, password):
        raise DomainError(_("Your current password is not correct."), field="current_password")
    new_email = normalise_email(new_email)
    if find_user_by_email(new_email):
        raise DomainError(_("Another account already uses that e-mail address."), field="email")
    token = make_token(CHANGE_EMAIL_PURPOSE, {"user": user.id, "email": new_email,
                                              "old": user.email})
    queue_email("accounts/confirm_email_change", new_email, locale=user.locale, recipient=user,
                token=token, user=user)


def confirm_email_change(token: str) -> User:
    """Switch the account to the new address in a confirmation link."""
    data = read_token(CHANGE_EMAIL_PURPOSE, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("old"):
        raise TokenError()
    if find_user_by_email(data["email"]):
        raise DomainError(_("Another account already uses that e-mail address."))
    queue_email_to_user("accounts/email_changed", user, new_email=data["email"])
    user.email = data["email"]
    user.email_verified_at = utcnow()
    record("account.email_changed", actor=user, obj=user)
    return user


def update_profile(user: User, name: str, locale: str) -> None:
    """Change the user's display name and language."""
    user.name = name.strip()
    user.locale = locale
    db.session.flush()


SEEN_INTERVAL_SECONDS = 300


def start_session(user: User, user_agent: str = "") -> str:
    """Open a session for a device that just logged in; returns its secret token."""
    token = random_token()
    db.session.add(UserSession(user_id=user.id, token_hash=hash_token(token),
                               user_agent=(user_agent or "")[:200]))
    db.session.flush()
    user.session_token = token
    return token


def _session_for(token: str, user_id: int) -> UserSession | None:
    return db.session.scalar(db.select(UserSession).filter_by(
        token_hash=hash_token(token), user_id=user_id, revoked_at=None))


def end_session(user: User) -> None:
    """Revoke the current session: a copy of its cookies no longer logs anyone in."""
    session = _session_for(user.session_token or "", user.id)
    if session:
        session.revoked_at = utcnow()
        db.session.flush()


def revoke_sessions(user: User, keep_token: str | None = None) -> int:
    """Revoke every session of the user (except the one with `keep_token`)."""
    count = 0
    for session in db.session.scalars(db.select(UserSession).filter_by(
            user_id=user.id, revoked_at=None)):
        if keep_token and session.token_hash == hash_token(keep_token):
            continue
        session.revoked_at = utcnow()
        count += 1
    db.session.flush()
    return count


def log_out_everywhere(user: User) -> None:
    """Invalidate every session and remember-me cookie of the user."""
    revoke_sessions(user)
    record("auth.logout_everywhere", actor=user, obj=user)


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id names a session, which must still be open."""
    try:
        raw_id, token = user_id.split(".", 1)
        user = db.session.get(User, int(raw_id))
    except (ValueError, AttributeError):
        return None
    session = _session_for(token, user.id) if user and user.is_active else None
    if session is None:
        return None
    user.session_token = token
    if (utcnow() - session.last_seen_at).total_seconds() > SEEN_INTERVAL_SECONDS:
        write_beside_reading(partial(_mark_seen, session.id))
    return user


def _mark_seen(session_id: int) -> None:
    db.session.execute(db.update(UserSession).where(UserSession.id == session_id)
                       .values(last_seen_at=utcnow()))


def create_admin(email: str, name: str, password: str) -> User:
    """Create (or promote) a platform administrator with a verified address."""
    user = find_user_by_email(email)
    if user is None:
        user = create_user(email, name, password, locale="sv")
    user.is_admin = True
    user.email_verified_at = user.email_verified_at or utcnow()
    record("admin.created", actor=None, obj=user)
    return user
