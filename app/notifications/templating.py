"""Template helpers: the bell's unread count."""

from __future__ import annotations

from flask import g

from app.core.templating import template_global
from app.notifications.inbox import unread_count


@template_global
def unread_notifications(user) -> int:
    """The unread count for the header's bell: one COUNT query per request, although the
    bell appears twice (wide header and phone menu); 0 when logged out."""
    if not (user and user.is_authenticated):
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(user)
    return g.unread_notifications
