"""The e-mail outbox, in-app notifications, preferences and sent reminders."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.db import UTCDateTime, str_enum, utcnow
from app.core.events import Frequency
from app.extensions import db


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    """One e-mail waiting for, or done with, delivery by the outbox worker."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Fixed when queued, so a retry after a crash sends the very same message.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(60))
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_outbox_messages_recipient_id_users", ondelete="SET NULL")
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which worker pass holds the claim: a worker only sends what it still holds.
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="OutboxAttachment.id")


class OutboxAttachment(db.Model):
    """A file sent with an outbox e-mail (a calendar invitation, for example)."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_messages.id", name="fk_outbox_attachments_message_id_outbox_messages",
                   ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")


class Notification(db.Model):
    """An in-app notification: the bell's list, and the items of e-mail digests."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_digest_pending", "frequency", "digested_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_notifications_user_id_users", ondelete="CASCADE")
    )
    event: Mapped[str] = mapped_column(String(60))
    group: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))  # a path on this site
    # How the e-mail went: at once, in a digest, or not at all.
    frequency: Mapped[Frequency] = mapped_column(str_enum(Frequency, "notification_frequency"))
    funding_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", name="fk_notifications_outbox_message_id_outbox_messages",
                   ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_pending_digest(self) -> bool:
        return self.frequency in (Frequency.DAILY, Frequency.WEEKLY) and self.digested_at is None


class NotificationPreference(db.Model):
    """How often a user wants e-mail about one group of events."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        UniqueConstraint("user_id", "group", name="uq_notification_preferences_user_group"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_notification_preferences_user_id_users",
                   ondelete="CASCADE")
    )
    group: Mapped[str] = mapped_column(String(40))
    frequency: Mapped[Frequency] = mapped_column(
        str_enum(Frequency, "notification_preference_frequency"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ReminderKind(enum.StrEnum):
    SEVEN_DAYS = "7_days"
    ONE_DAY = "1_day"


class DeadlineReminder(db.Model):
    """A deadline reminder already sent for a draft solution (each kind goes once)."""

    __tablename__ = "deadline_reminders"
    __table_args__ = (
        UniqueConstraint("solution_id", "kind", name="uq_deadline_reminders_solution_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", name="fk_deadline_reminders_solution_id_solutions",
                   ondelete="CASCADE")
    )
    kind: Mapped[ReminderKind] = mapped_column(str_enum(ReminderKind, "reminder_kind"))
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotificationFanout(db.Model):
    """An event for a large audience: recorded by the request, expanded by the worker.

    `last_user_id` is the expansion's progress (everyone up to that user id has been told);
    it moves in the same transaction as the messages of each batch, so an interrupted
    expansion neither loses nor repeats a recipient.
    """

    __tablename__ = "notification_fanouts"
    __table_args__ = (Index("ix_notification_fanouts_pending", "done_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event: Mapped[str] = mapped_column(String(60))
    audience: Mapped[str] = mapped_column(String(60))
    audience_args: Mapped[dict] = mapped_column(JSON, default=dict)
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    last_user_id: Mapped[int] = mapped_column(Integer, default=0)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
