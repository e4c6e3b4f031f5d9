"""Optional two-factor authentication with time-based one-time codes (TOTP, RFC 6238)."""

from __future__ import annotations

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import User
from app.audit.services import record
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import queue_email_to_user
from app.core.tokens import TokenError, fingerprint, make_token, read_token
from app.extensions import db

ISSUER = "Innovation Arena"
ENROLMENT_PURPOSE = "confirm-two-factor"
ENROLMENT_LINK_MAX_AGE = 2 * 3600


def admin_requires_two_factor() -> bool:
    """True if administrators must use two-factor authentication (always in production)."""
    return bool(current_app.config.get("REQUIRE_ADMIN_2FA", True))


def new_secret(user: User) -> str:
    """Start enrolment: a fresh secret, not active until a code confirms it."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = None
    user.totp_last_step = None  # no code of this secret has been seen yet
    db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    """The otpauth:// address authenticator apps read from the QR code."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(user: User) -> str:
    """The enrolment QR code as an SVG data URI (no external service, CSP-safe)."""
    return segno.make(provisioning_uri(user), error="m").svg_data_uri(scale=5, border=2)


def _matching_step(user: User, code: str) -> int | None:
    totp = pyotp.TOTP(user.totp_secret)
    now = int(utcnow().timestamp())
    for offset in (-1, 0, 1):  # allow one step of clock drift either way
        at = now + offset * totp.interval
        if totp.verify(code.strip().replace(" ", ""), for_time=at, valid_window=0):
            return at // totp.interval
    return None


def verify_code(user: User, code: str) -> bool:
    """Check a code; each code works once (a replay of the same step is refused)."""
    if not user.totp_secret or not code:
        return False
    step = _matching_step(user, code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    db.session.flush()
    return True


def confirm_enrolment(user: User, code: str) -> None:
    """Check that the user's app shows the right codes, then e-mail the account's address
    a link that turns two-factor on: someone who has only the password cannot enrol an
    authenticator of their own (and so keep an administrator's account)."""
    if not verify_code(user, code):
        raise DomainError(_("The code is not correct. Check the time on your phone and try "
                            "again."), field="code")
    token = make_token(ENROLMENT_PURPOSE, {"user": user.id,
                                           "secret": fingerprint(user.totp_secret)})
    queue_email_to_user("accounts/confirm_two_factor", user, token=token)
    record("auth.two_factor_requested", actor=user, obj=user)


def awaiting_email_confirmation(user: User) -> bool:
    """True once a code from the app was right, until the e-mailed link is used."""
    return bool(user.totp_secret and not user.totp_enabled and user.totp_last_step)


def user_for_enrolment_link(token: str) -> User:
    """The account an enrolment link is for, if the link is still valid and unused (a
    new secret, or two-factor already on, spends it)."""
    data = read_token(ENROLMENT_PURPOSE, token, ENROLMENT_LINK_MAX_AGE)
    user = db.session.get(User, data.get("user"))
    if (user is None or user.totp_enabled or not user.totp_secret
            or fingerprint(user.totp_secret) != data.get("secret")):
        raise TokenError()
    return user


def complete_enrolment(token: str) -> User:
    """Turn two-factor on with the link e-mailed by `confirm_enrolment`."""
    user = user_for_enrolment_link(token)
    user.totp_enabled_at = utcnow()
    record("auth.two_factor_enabled", actor=user, obj=user)
    return user


def disable(user: User, code: str) -> None:
    """Turn two-factor off after a valid code; administrators cannot when it is required."""
    if user.is_admin and admin_requires_two_factor():
        raise DomainError(_("Administrators must keep two-factor authentication on."), 403)
    if not verify_code(user, code):
        raise DomainError(_("The code is not correct."), field="code")
    user.totp_secret = None
    user.totp_enabled_at = None
    record("auth.two_factor_disabled", actor=user, obj=user)
