"""A thread between a challenge's owners and one supplier about its solution, its
messages and, per organisation, when it was last read; and a buyer's announcements."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.challenges.models import Challenge
from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.organisations.models import Organisation
from app.solutions.models import Solution


class Side(enum.StrEnum):
    BUYER = "buyer"  # the challenge's owner or a co-owner
    SUPPLIER = "supplier"  # the organisation that submitted the solution


class MessageThread(db.Model):
    """The one conversation about a solution (confidential like its details)."""

    __tablename__ = "message_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", name="fk_message_threads_solution_id_solutions",
                   ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    message_count: Mapped[int] = mapped_column(Integer, default=0)

    solution: Mapped[Solution] = relationship()
    messages: Mapped[list[Message]] = relationship(
        back_populates="thread", cascade="all, delete-orphan", order_by="Message.id")
    readings: Mapped[list[ThreadReading]] = relationship(
        back_populates="thread", cascade="all, delete-orphan")


class Message(db.Model):
    """One message, written by a person for their organisation."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_thread_id_id", "thread_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("message_threads.id", name="fk_messages_thread_id_message_threads",
                   ondelete="CASCADE"))
    side: Mapped[Side] = mapped_column(str_enum(Side, "message_side"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_messages_organisation_id_organisations"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_messages_author_id_users", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    thread: Mapped[MessageThread] = relationship(back_populates="messages")
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship()


class ThreadReading(db.Model):
    """When someone of an organisation last opened a thread: its read receipt."""

    __tablename__ = "message_thread_readings"
    __table_args__ = (
        UniqueConstraint("thread_id", "organisation_id",
                         name="uq_message_thread_readings_thread_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("message_threads.id", name="fk_message_thread_readings_thread_id",
                   ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_message_thread_readings_organisation_id",
                   ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    thread: Mapped[MessageThread] = relationship(back_populates="readings")
    organisation: Mapped[Organisation] = relationship()


class Announcement(db.Model):
    """A buyer's message to a whole group about a challenge (everyone who submitted, its
    followers, or a group another area registers, e.g. an event's registrants)."""

    __tablename__ = "message_announcements"
    __table_args__ = (Index("ix_message_announcements_challenge_created",
                            "challenge_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_message_announcements_challenge_id_challenges",
                   ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(60))  # a key of announcements.TARGETS
    target_id: Mapped[int | None] = mapped_column(Integer)  # e.g. the event, for its registrants
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_message_announcements_organisation_id"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_message_announcements_author_id_users",
                   ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship()
