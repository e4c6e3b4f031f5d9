"""Template helpers: the bell's unread count."""

from __future__ import annotations

from app.core.templating import template_global
from app.notifications.inbox import unread_count


@template_global
def unread_notifications(user) -> int:
    """The unread count for the header's bell (one COUNT query; 0 when logged out)."""
    if not (user and user.is_authenticated):
        return 0
    return unread_count(user)
