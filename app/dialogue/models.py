"""Dialogue events: information meetings, one-to-one meetings, pitch days and workshops on a
challenge, need or planned procurement; who registered, who waits, who booked which slot.

Capacity is kept by unique constraints, so two people who take the last seat or slot at
the same second cannot both have it: a registered person holds a numbered seat (unique per
event), an organisation's people hold numbered places (unique per organisation and
event), and a slot holds at most one organisation (and an organisation at most one slot).
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.challenges.models import Challenge
from app.core.db import UTCDateTime, str_enum, utcnow
from app.core.enums import LabelledEnum
from app.extensions import db
from app.networks.models import PlannedProcurement
from app.organisations.models import Organisation


class EventKind(LabelledEnum):
    INFORMATION_MEETING = "information_meeting", _l("Information meeting")
    ONE_TO_ONE = "one_to_one", _l("One-to-one meetings")
    PITCH_DAY = "pitch_day", _l("Pitch day")
    WORKSHOP = "workshop", _l("Workshop")


# After these the buyer publishes what was said, so every supplier knows the same.
SUMMARY_KINDS = frozenset({EventKind.INFORMATION_MEETING, EventKind.ONE_TO_ONE})


class EventStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class DialogueEvent(db.Model):
    """A dated meeting a buyer holds with suppliers, before or during a procurement."""

    __tablename__ = "dialogue_events"
    __table_args__ = (
        Index("ix_dialogue_events_status_starts", "status", "starts_at"),
        Index("ix_dialogue_events_created_by_id", "created_by_id"),  # My pages: organised
        CheckConstraint("(challenge_id IS NULL) <> (planned_procurement_id IS NULL)",
                        name="one_target"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The same for every version of the event, so calendars update it in place.
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, "dialogue_event_kind"))
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus, "dialogue_event_status"), default=EventStatus.SCHEDULED)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", name="fk_dialogue_events_challenge_id_challenges",
                   ondelete="CASCADE"), index=True)
    planned_procurement_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_planned_procurements.id",
                   name="fk_dialogue_events_planned_procurement_id",
                   ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Revealed only to registered participants (and the organisers).
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: no limit (not one-to-one)
    people_per_organisation: Mapped[int] = mapped_column(Integer, default=2)
    registration_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    language: Mapped[str] = mapped_column(String(5), default="sv")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    slot_minutes: Mapped[int | None] = mapped_column(Integer)  # one-to-one meetings only
    winners_only: Mapped[bool] = mapped_column(Boolean, default=False)  # pitch days
    # RFC 5545 SEQUENCE: one more at every change people must know about.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    summary_text: Mapped[str] = mapped_column(Text, default="")
    summary_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    summary_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_dialogue_events_created_by_id_users",
                   ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    challenge: Mapped[Challenge | None] = relationship()
    planned_procurement: Mapped[PlannedProcurement | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    registrations: Mapped[list[EventRegistration]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="EventRegistration.id")
    slots: Mapped[list[EventSlot]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventSlot.starts_at")
    notes: Mapped[list[MeetingNote]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="MeetingNote.id")

    @property
    def target_title(self) -> str:
        """The title of the challenge or planned procurement the event is about."""
        target = self.challenge or self.planned_procurement
        return target.title if target else ""

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_one_to_one(self) -> bool:
        return self.kind == EventKind.ONE_TO_ONE

    @property
    def has_ended(self) -> bool:
        return utcnow() >= self.ends_at

    @property
    def registration_open(self) -> bool:
        """Scheduled, not started, and before its registration deadline (server clock)."""
        now = utcnow()
        deadline = self.registration_deadline_at or self.starts_at
        return (self.status == EventStatus.SCHEDULED and now < self.starts_at
                and now < deadline)

    @property
    def needs_summary(self) -> bool:
        """An information meeting or one-to-one round that took place and has no
        published summary yet."""
        return (self.kind in SUMMARY_KINDS and self.status == EventStatus.SCHEDULED
                and self.has_ended and self.summary_published_at is None)

    def __repr__(self) -> str:
        return f"<DialogueEvent {self.id} {self.kind.value} {self.title!r}>"


class EventRegistration(db.Model):
    """One person of a supplier organisation registered for an event, or waiting."""

    __tablename__ = "dialogue_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_dialogue_registrations_event_user"),
        # A registered person holds a seat; two people never hold the same one.
        UniqueConstraint("event_id", "seat", name="uq_dialogue_registrations_event_seat"),
        # An organisation's people (registered or waiting) hold numbered places.
        UniqueConstraint("event_id", "organisation_id", "place",
                         name="uq_dialogue_registrations_event_organisation_place"),
        Index("ix_dialogue_registrations_event_status", "event_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("dialogue_events.id", name="fk_dialogue_registrations_event_id_dialogue_events",
                   ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_dialogue_registrations_user_id_users",
                   ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_dialogue_registrations_organisation_id_organisations",
                   ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        str_enum(RegistrationStatus, "dialogue_registration_status"))
    seat: Mapped[int | None] = mapped_column(Integer)    # registered, seated events only
    place: Mapped[int | None] = mapped_column(Integer)   # 1..people_per_organisation
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[DialogueEvent] = relationship(back_populates="registrations")
    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def is_registered(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING


class EventSlot(db.Model):
    """A one-to-one meeting time of N minutes, booked by at most one organisation."""

    __tablename__ = "dialogue_slots"
    __table_args__ = (
        UniqueConstraint("event_id", "starts_at", name="uq_dialogue_slots_event_starts"),
        UniqueConstraint("event_id", "organisation_id",
                         name="uq_dialogue_slots_event_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("dialogue_events.id", name="fk_dialogue_slots_event_id_dialogue_events",
                   ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", name="fk_dialogue_slots_organisation_id_organisations",
                   ondelete="SET NULL"))
    booked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_dialogue_slots_booked_by_id_users", ondelete="SET NULL"))
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[DialogueEvent] = relationship(back_populates="slots")
    organisation: Mapped[Organisation | None] = relationship()
    booked_by: Mapped[User | None] = relationship()

    @property
    def is_free(self) -> bool:
        return self.organisation_id is None


class MeetingNote(db.Model):
    """The buyer's own note of a one-to-one meeting: confidential, never published."""

    __tablename__ = "dialogue_meeting_notes"
    __table_args__ = (
        UniqueConstraint("event_id", "organisation_id",
                         name="uq_dialogue_meeting_notes_event_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("dialogue_events.id",
                   name="fk_dialogue_meeting_notes_event_id_dialogue_events",
                   ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_dialogue_meeting_notes_organisation_id_organisations",
                   ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_dialogue_meeting_notes_author_id_users",
                   ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[DialogueEvent] = relationship(back_populates="notes")
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship()


class CalendarFeedKey(db.Model):
    """Which generation of a person's secret calendar-feed address is valid: the address
    is a signed token of (user, generation); a new address revokes every older one."""

    __tablename__ = "dialogue_calendar_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_dialogue_calendar_keys_user_id_users",
                   ondelete="CASCADE"), unique=True)
    generation: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
