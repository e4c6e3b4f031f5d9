"""Who may do what with accounts."""

from __future__ import annotations

from app.core.templating import template_global


@template_global
def can_administer_platform(user) -> bool:
    """Platform administrators verify organisations and moderate."""
    return bool(user and user.is_authenticated and user.is_admin)


def is_signed_in(user) -> bool:
    """True for a logged-in, active account."""
    return bool(user and user.is_authenticated)
