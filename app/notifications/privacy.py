"""The notifications part of a person's data: settings, in-app messages, e-mails to them."""

from __future__ import annotations

from app.extensions import db
from app.notifications.models import Notification, NotificationPreference, OutboxMessage


def export(user) -> dict:
    """A person's notification settings and in-app messages, for their data download."""
    preferences = db.session.scalars(db.select(NotificationPreference).filter_by(
        user_id=user.id))
    notifications = db.session.scalars(db.select(Notification).filter_by(
        user_id=user.id).order_by(Notification.id))
    return {
        "preferences": {p.group: p.frequency.value for p in preferences},
        "notifications": [{"at": n.created_at.isoformat(), "subject": n.subject,
                           "read": n.read_at is not None} for n in notifications],
    }


def erase(user) -> None:
    """Delete a person's notifications, settings and the e-mails queued to them."""
    db.session.execute(db.delete(Notification).filter_by(user_id=user.id))
    db.session.execute(db.delete(NotificationPreference).filter_by(user_id=user.id))
    db.session.execute(db.delete(OutboxMessage).where(
        (OutboxMessage.recipient_id == user.id) | (OutboxMessage.to_address == user.email)))

