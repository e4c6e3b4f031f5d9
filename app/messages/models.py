"""A thread between a challenge's owners and one supplier about its solution, its
messages and, per organisation, when it was last read."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
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
