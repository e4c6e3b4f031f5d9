"""Intermediaries' local offices, their clients, advisors' notes and recommendations."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.challenges.models import Challenge
from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.organisations.models import Organisation


class IntermediaryOffice(db.Model):
    """A local office of an intermediary: the counties it serves, the programmes it hands out."""

    __tablename__ = "intermediary_offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_intermediary_offices_organisation_id_organisations",
                   ondelete="CASCADE"),
        index=True,
    )
    name: Mapped[str] = mapped_column(String(200))
    counties: Mapped[list[str]] = mapped_column(JSON, default=list)  # county codes
    programme_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    client_links: Mapped[list[ClientLink]] = relationship(
        back_populates="office", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<IntermediaryOffice {self.id} {self.name}>"


class ClientLink(db.Model):
    """An organisation that chose an office as its advisor; ended links are kept."""

    __tablename__ = "intermediary_clients"
    __table_args__ = (
        UniqueConstraint("office_id", "client_id", name="uq_intermediary_clients_office_client"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(
        ForeignKey("intermediary_offices.id",
                   name="fk_intermediary_clients_office_id_intermediary_offices",
                   ondelete="CASCADE"),
        index=True,
    )
    client_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_intermediary_clients_client_id_organisations",
                   ondelete="CASCADE"),
        index=True,
    )
    linked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_intermediary_clients_linked_by_id_users",
                   ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    office: Mapped[IntermediaryOffice] = relationship(back_populates="client_links")
    client: Mapped[Organisation] = relationship()
    notes: Mapped[list[AdvisorNote]] = relationship(
        back_populates="link", cascade="all, delete-orphan", order_by="AdvisorNote.created_at")
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="link", cascade="all, delete-orphan",
        order_by="Recommendation.created_at")

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class AdvisorNote(db.Model):
    """An advisor's private follow-up note about a client: only the office's people see it."""

    __tablename__ = "advisor_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("intermediary_clients.id",
                   name="fk_advisor_notes_link_id_intermediary_clients", ondelete="CASCADE"),
        index=True,
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_advisor_notes_author_id_users", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    link: Mapped[ClientLink] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class Recommendation(db.Model):
    """A challenge or programme an advisor recommended to a client, with the advisor's note."""

    __tablename__ = "advisor_recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("intermediary_clients.id",
                   name="fk_advisor_recommendations_link_id_intermediary_clients",
                   ondelete="CASCADE"),
        index=True,
    )
    advisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_advisor_recommendations_advisor_id_users",
                   ondelete="SET NULL"))
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", name="fk_advisor_recommendations_challenge_id_challenges",
                   ondelete="CASCADE"))
    programme_key: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    link: Mapped[ClientLink] = relationship(back_populates="recommendations")
    challenge: Mapped[Challenge | None] = relationship()
    advisor: Mapped[User | None] = relationship()


class ApplicationState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    COMPLETION_REQUESTED = "completion_requested"
    GRANTED = "granted"
    REFUSED = "refused"
    RUNNING = "running"
    REPORT_DUE = "report_due"
    REPORTED = "reported"


# The states the deciding office still has to act on.
OPEN_STATES = frozenset({ApplicationState.SUBMITTED})
# The states after a grant: the project and its final report.
GRANTED_STATES = frozenset({ApplicationState.GRANTED, ApplicationState.RUNNING,
                            ApplicationState.REPORT_DUE, ApplicationState.REPORTED})


class CheckApplication(db.Model):
    """An application for a check: confidential to the applicant and the deciding office."""

    __tablename__ = "check_applications"
    __table_args__ = (
        Index("ix_check_applications_office_state", "office_id", "state", "submitted_at"),
        Index("ix_check_applications_applicant_programme", "applicant_id", "programme_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_key: Mapped[str] = mapped_column(String(80))
    applicant_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_check_applications_applicant_id_organisations",
                   ondelete="CASCADE"))
    office_id: Mapped[int | None] = mapped_column(
        ForeignKey("intermediary_offices.id",
                   name="fk_check_applications_office_id_intermediary_offices",
                   ondelete="SET NULL"))
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", name="fk_check_applications_challenge_id_challenges",
                   ondelete="SET NULL"))
    solution_id: Mapped[int | None] = mapped_column(
        ForeignKey("solutions.id", name="fk_check_applications_solution_id_solutions",
                   ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_check_applications_created_by_id_users",
                   ondelete="SET NULL"))
    state: Mapped[ApplicationState] = mapped_column(
        str_enum(ApplicationState, "check_application_state"), default=ApplicationState.DRAFT)
    owners: Mapped[int | None] = mapped_column(Integer)  # as the applicant stated
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    budget: Mapped[dict] = mapped_column(JSON, default=dict)  # line key -> whole SEK
    amount_requested: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    amount_granted: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    share_granted: Mapped[Decimal | None] = mapped_column(Numeric(4, 3))  # 1.000 = 100 %
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_check_applications_decided_by_id_users",
                   ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    project_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    project_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_reminders: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict | None] = mapped_column(JSON)  # the final report's answers
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    applicant: Mapped[Organisation] = relationship()
    office: Mapped[IntermediaryOffice | None] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="ApplicationEvent.created_at")

    def __repr__(self) -> str:
        return f"<CheckApplication {self.id} {self.programme_key} {self.state}>"


class ApplicationEvent(db.Model):
    """One step of an application with its recorded reason: submitted, assessed, decided."""

    __tablename__ = "check_application_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("check_applications.id",
                   name="fk_check_application_events_application_id_check_applications",
                   ondelete="CASCADE"),
        index=True,
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_check_application_events_actor_id_users",
                   ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))  # the new state, or "assessment"
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[CheckApplication] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
