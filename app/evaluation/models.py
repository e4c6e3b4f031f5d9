"""Jury evaluation: criteria, the jury, conflicts of interest, scores and the decision."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.challenges.models import Challenge
from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.solutions.models import Solution, SolutionResult


class JurorStatus(enum.StrEnum):
    INVITED = "invited"  # not answered yet
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"  # the owner withdrew the invitation or removed the juror


class Evaluation(db.Model):
    """A challenge's evaluation settings, its progress and the owner's decision."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("challenge_id", name="uq_evaluations_challenge_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_evaluations_challenge_id_challenges",
                   ondelete="CASCADE")
    )
    # Jurors see "Solution 4", never the supplier; the protocol says "Juror A".
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)
    jurors_see_each_other: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_evaluations_opened_by_id_users", ondelete="SET NULL")
    )
    # Set when the owner ends scoring before every juror has submitted.
    scoring_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scoring_closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_evaluations_scoring_closed_by_id_users",
                   ondelete="SET NULL")
    )
    justification: Mapped[str] = mapped_column(Text, default="")
    feedback_for_others: Mapped[str] = mapped_column(Text, default="")
    presentation_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    presentation_place: Mapped[str] = mapped_column(String(300), default="")
    presentation_booking_url: Mapped[str] = mapped_column(String(500), default="")
    decision_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_evaluations_decision_published_by_id_users",
                   ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    challenge: Mapped[Challenge] = relationship()
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    scoring_closed_by: Mapped[User | None] = relationship(foreign_keys=[scoring_closed_by_id])
    decision_published_by: Mapped[User | None] = relationship(
        foreign_keys=[decision_published_by_id])

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    @property
    def decision_published(self) -> bool:
        return self.decision_published_at is not None


class Criterion(db.Model):
    """One weighted evaluation criterion with its scale (e.g. 0–5)."""

    __tablename__ = "evaluation_criteria"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_evaluation_criteria_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer)  # whole percent; a challenge's sum is 100
    scale_min: Mapped[int] = mapped_column(Integer, default=0)
    scale_max: Mapped[int] = mapped_column(Integer, default=5)

    challenge: Mapped[Challenge] = relationship()


class JuryMember(db.Model):
    """An invitation to the jury of a challenge, and once accepted, the juror's seat."""

    __tablename__ = "jury_members"
    __table_args__ = (
        UniqueConstraint("challenge_id", "email", name="uq_jury_members_challenge_email"),
        # My pages: a person's open invitations, found by e-mail without a scan.
        Index("ix_jury_members_email", "email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_jury_members_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_jury_members_user_id_users", ondelete="SET NULL"),
        index=True,
    )
    status: Mapped[JurorStatus] = mapped_column(
        str_enum(JurorStatus, "juror_status"), default=JurorStatus.INVITED
    )
    # Fixed at invitation: "Juror A" is the first person invited to this jury.
    label_index: Mapped[int] = mapped_column(Integer, default=0)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(5), default="sv")  # of the invitation e-mail
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_jury_members_invited_by_id_users", ondelete="SET NULL")
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    challenge: Mapped[Challenge] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    declarations: Mapped[list[ConflictDeclaration]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )
    scores: Mapped[list[Score]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    @property
    def is_accepted(self) -> bool:
        return self.status == JurorStatus.ACCEPTED

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None


class EvaluationEntry(db.Model):
    """A solution taken into the evaluation when it opened, numbered ("Solution 4").

    It also holds the owner's draft decision, which suppliers see only once published
    (then copied to Solution.result).
    """

    __tablename__ = "evaluation_entries"
    __table_args__ = (
        UniqueConstraint("solution_id", name="uq_evaluation_entries_solution_id"),
        UniqueConstraint("challenge_id", "number", name="uq_evaluation_entries_challenge_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_evaluation_entries_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", name="fk_evaluation_entries_solution_id_solutions",
                   ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column(Integer)
    draft_result: Mapped[SolutionResult | None] = mapped_column(
        str_enum(SolutionResult, "solution_result")
    )

    solution: Mapped[Solution] = relationship()


class ConflictDeclaration(db.Model):
    """A juror's yes/no declaration of a conflict of interest for one solution."""

    __tablename__ = "jury_conflicts"
    __table_args__ = (
        UniqueConstraint("member_id", "solution_id", name="uq_jury_conflicts_member_solution"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("jury_members.id", name="fk_jury_conflicts_member_id_jury_members",
                   ondelete="CASCADE"), index=True
    )
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", name="fk_jury_conflicts_solution_id_solutions",
                   ondelete="CASCADE")
    )
    has_conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    declared_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_jury_conflicts_declared_by_id_users", ondelete="SET NULL")
    )
    # Scores removed because the conflict came to light after scoring.
    withdrawn_scores: Mapped[int] = mapped_column(Integer, default=0)

    member: Mapped[JuryMember] = relationship(back_populates="declarations")
    solution: Mapped[Solution] = relationship()
    declared_by: Mapped[User | None] = relationship()


class Score(db.Model):
    """One juror's score and comment for one solution on one criterion."""

    __tablename__ = "jury_scores"
    __table_args__ = (
        UniqueConstraint("member_id", "solution_id", "criterion_id",
                         name="uq_jury_scores_member_solution_criterion"),
        Index("ix_jury_scores_solution_id", "solution_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("jury_members.id", name="fk_jury_scores_member_id_jury_members",
                   ondelete="CASCADE")
    )
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", name="fk_jury_scores_solution_id_solutions",
                   ondelete="CASCADE")
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_criteria.id", name="fk_jury_scores_criterion_id_criteria",
                   ondelete="CASCADE")
    )
    value: Mapped[int | None] = mapped_column(Integer)  # None: comment saved, no score yet
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    member: Mapped[JuryMember] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()
