"""Who may do what with notifications and the e-mail queue."""

from __future__ import annotations

from app.core.templating import template_global


@template_global
def can_manage_outbox(user) -> bool:
    """Platform administrators see the e-mail queue and retry failed messages."""
    return bool(user and user.is_authenticated and user.is_admin)


@template_global
def can_read_notification(user, notification) -> bool:
    """A notification is only for the person it was written to."""
    return bool(user and user.is_authenticated and notification.user_id == user.id)
