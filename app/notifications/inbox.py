"""In-app notifications: the list behind the bell, mirroring the e-mails."""

from __future__ import annotations

from app.accounts.models import User
from app.core.db import utcnow
from app.extensions import db
from app.notifications.models import Notification

SUMMARY_LENGTH = 300
PAGE_SIZE = 30


def shorten(summary: str, limit: int = SUMMARY_LENGTH) -> str:
    """An event's declared summary, cut at a word to fit the in-app list."""
    summary = " ".join(summary.split()).rstrip(" :")  # "…posted an update:" leads in
    return summary if len(summary) <= limit else summary[: limit - 1].rsplit(" ", 1)[0] + "…"


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one COUNT query)."""
    return db.session.scalar(
        db.select(db.func.count(Notification.id))
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def notifications_of(user: User, page: int = 1):
    """The user's notifications, newest first, a page at a time."""
    query = (db.select(Notification).where(Notification.user_id == user.id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def notification_of(user: User, notification_id: int) -> Notification | None:
    """One of the user's own notifications (None for someone else's)."""
    notification = db.session.get(Notification, notification_id)
    return notification if notification and notification.user_id == user.id else None


def mark_read(notification: Notification) -> None:
    """Mark one notification as read."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark all the user's notifications as read; returns how many were unread."""
    result = db.session.execute(
        db.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    return result.rowcount
