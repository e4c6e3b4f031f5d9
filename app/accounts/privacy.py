"""GDPR: a person's data as a download, erasure of an account, retention of inactive ones.

Areas that keep personal data register an exporter and an eraser here, so the download
and the erasure cover the whole platform.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import User, UserSession
from app.accounts.passwords import verify_password
from app.audit.models import AuditEvent
from app.audit.services import record
from app.core.db import utcnow
from app.core.domain import DomainError
from app.extensions import db

EXPORTERS: dict[str, Callable[[User], object]] = {}
ERASERS: dict[str, Callable[[User], None]] = {}


def register_personal_data(name: str, export: Callable[[User], object],
                           erase: Callable[[User], None] | None = None) -> None:
    """Declare personal data an area keeps: how to export it and how to erase it (each
    area calls it from its `init_app`; calling it again replaces the declaration)."""
    EXPORTERS[name] = export
    if erase:
        ERASERS[name] = erase


def personal_data(user: User) -> dict:
    """Everything the platform keeps about a person, as plain JSON-ready data."""
    return {name: export(user) for name, export in EXPORTERS.items()}


def _account(user: User) -> dict:
    return {
        "email": user.email, "name": user.name, "language": user.locale,
        "created_at": user.created_at.isoformat(),
        "email_verified_at": user.email_verified_at and user.email_verified_at.isoformat(),
        "last_login_at": user.last_login_at and user.last_login_at.isoformat(),
        "two_factor": user.totp_enabled,
    }


def _sessions(user: User) -> list[dict]:
    return [{"created_at": s.created_at.isoformat(), "user_agent": s.user_agent,
             "revoked": s.revoked_at is not None}
            for s in db.session.scalars(db.select(UserSession).filter_by(user_id=user.id))]


def _audit(user: User) -> list[dict]:
    return [{"at": e.created_at.isoformat(), "action": e.action, "ip": e.ip_address}
            for e in db.session.scalars(db.select(AuditEvent).filter_by(actor_id=user.id)
                                        .order_by(AuditEvent.id))]


def _erase_account(user: User) -> None:
    user.email = f"deleted-{user.id}@invalid.example"
    user.name = _("Deleted user")
    user.password_hash = "!"  # no password matches
    user.totp_secret = None
    user.totp_enabled_at = None
    user.is_active_account = False
    user.anonymised_at = utcnow()
    db.session.execute(db.delete(UserSession).filter_by(user_id=user.id))


def _erase_audit_addresses(user: User) -> None:
    db.session.execute(db.update(AuditEvent).filter_by(actor_id=user.id)
                       .values(ip_address=None))


register_personal_data("account", _account)
register_personal_data("sessions", _sessions)
register_personal_data("audit_log", _audit, _erase_audit_addresses)


def erase_account(user: User, reason: str = "request") -> None:
    """Anonymise a person: personal data removed, documents the buyer must archive kept.

    Records that others must keep (submitted solutions, questions asked) stay, linked
    only to an anonymous account.
    """
    for erase in ERASERS.values():
        erase(user)
    _erase_account(user)  # last: the others may still need the address
    db.session.flush()
    record("account.erased", actor=None, obj=user, reason=reason)


def delete_own_account(user: User, password: str) -> None:
    """A person deletes their own account after confirming their password."""
    if not verify_password(user.password_hash, password):
        raise DomainError(_("Your current password is not correct."), field="password")
    erase_account(user, "request")


def inactive_accounts(now=None) -> list[User]:
    """Accounts unused for longer than the retention setting (administrators excepted)."""
    days = current_app.config["ACCOUNT_RETENTION_DAYS"]
    cutoff = (now or utcnow()) - timedelta(days=days)
    last_seen = db.func.coalesce(User.last_login_at, User.created_at)
    return list(db.session.scalars(db.select(User).where(
        last_seen < cutoff, User.anonymised_at.is_(None), User.is_admin.is_(False))))


def apply_retention(now=None) -> int:
    """Anonymise every account past the retention period; returns how many."""
    accounts = inactive_accounts(now)
    for user in accounts:
        erase_account(user, "retention")
    return len(accounts)
