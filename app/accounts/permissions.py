"""Who may do what with accounts."""

from __future__ import annotations

from app.accounts.twofactor import admin_requires_two_factor
from app.core.templating import template_global


@template_global
def can_administer_platform(user) -> bool:
    """Platform administrators verify organisations and moderate (with two-factor on, where
    the platform requires it)."""
    if not (user and user.is_authenticated and user.is_admin):
        return False
    return user.totp_enabled or not admin_requires_two_factor()


def must_enrol_two_factor(user) -> bool:
    """True for an administrator who has to turn on two-factor before administering."""
    return bool(user and user.is_authenticated and user.is_admin and not user.totp_enabled
                and admin_requires_two_factor())


@template_global
def can_change_email(user) -> bool:
    """Whoever may change the account's address. Not an administrator who has yet to turn
    on two-factor: with only the password, someone could move the account to a mailbox of
    their own and then confirm an authenticator of their own there."""
    return bool(user and user.is_authenticated) and not must_enrol_two_factor(user)


def is_signed_in(user) -> bool:
    """True for a logged-in, active account."""
    return bool(user and user.is_authenticated)
