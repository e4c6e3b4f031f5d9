"""In-app notifications: the list behind the bell, mirroring the e-mails."""

from __future__ import annotations

import re

from flask import current_app

from app.accounts.models import User
from app.core.db import utcnow
from app.extensions import db
from app.notifications.models import Notification

SUMMARY_LENGTH = 300
PAGE_SIZE = 30
_URL = re.compile(r"https?://\S+")
_SIGNATURE = "\n-- \n"


def summarise(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first paragraph of an e-mail's text after the greeting, shortened."""
    body = text.split(_SIGNATURE)[0]
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    if paragraphs and paragraphs[0].endswith(",") and len(paragraphs[0]) < 80:
        paragraphs = paragraphs[1:]  # "Hello Name,"
    first = next((p for p in paragraphs if _URL.sub("", p).strip(" :")), "")
    first = " ".join(_URL.sub("", first).split()).rstrip(" :")
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def site_path(text: str, link: str | None = None) -> str | None:
    """The page a notification points to: the template's `link`, else its first link here."""
    base = current_app.config["BASE_URL"]
    candidates = [link] if link else re.findall(re.escape(base) + r"(/[^\s<>\"')]*)", text)
    for candidate in candidates:
        path = candidate[len(base):] if candidate.startswith(base) else candidate
        if path.startswith("/") and not path.startswith("//"):
            return path[:500]
    return None


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
