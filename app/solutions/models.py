"""Solutions: one supplier organisation's answer to a challenge, and its versions."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.challenges.models import Challenge, ChallengeRequirement
from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.organisations.models import Organisation


class SolutionState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class SolutionResult(enum.StrEnum):
    """The owner's decision, visible to the supplier only once it is published."""

    WINNER = "winner"
    SHORTLISTED = "shortlisted"
    NOT_SELECTED = "not_selected"


class Solution(db.Model):
    """A supplier's answer: a public summary and confidential details.

    Confidential fields (details, requirement answers, references, price, IP statement,
    attachments) are only for those `can_view_solution_details` allows.
    """

    __tablename__ = "solutions"
    __table_args__ = (
        UniqueConstraint("challenge_id", "organisation_id",
                         name="uq_solutions_challenge_organisation"),
        # My pages' "solutions received": counted per challenge from the index alone.
        Index("ix_solutions_challenge_state_submitted", "challenge_id", "state",
              "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_solutions_challenge_id_challenges"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_solutions_organisation_id_organisations"),
        index=True,
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_solutions_created_by_id_users", ondelete="SET NULL")
    )
    state: Mapped[SolutionState] = mapped_column(
        str_enum(SolutionState, "solution_state"), default=SolutionState.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    public_summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")  # confidential
    trl: Mapped[int | None] = mapped_column(Integer)
    references: Mapped[str] = mapped_column(Text, default="")  # confidential
    price_model: Mapped[str] = mapped_column(Text, default="")  # confidential
    ip_statement: Mapped[str] = mapped_column(Text, default="")  # confidential
    ip_terms_acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    summary_public_after_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[SolutionResult | None] = mapped_column(
        str_enum(SolutionResult, "solution_result")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    challenge: Mapped[Challenge] = relationship()
    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    answers: Mapped[list[RequirementAnswer]] = relationship(
        back_populates="solution", cascade="all, delete-orphan"
    )
    versions: Mapped[list[SolutionVersion]] = relationship(
        back_populates="solution", cascade="all, delete-orphan",
        order_by="SolutionVersion.number",
    )

    __mapper_args__ = {"version_id_col": version}


class RequirementAnswer(db.Model):
    """How a solution meets one functional requirement (confidential)."""

    __tablename__ = "solution_requirement_answers"
    __table_args__ = (
        UniqueConstraint("solution_id", "requirement_id",
                         name="uq_solution_requirement_answers_solution_requirement"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", name="fk_solution_requirement_answers_solution_id_solutions",
                   ondelete="CASCADE"), index=True
    )
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_requirements.id",
                   name="fk_solution_answers_requirement_id_requirements",
                   ondelete="CASCADE")
    )
    answer: Mapped[str] = mapped_column(Text, default="")

    solution: Mapped[Solution] = relationship(back_populates="answers")
    requirement: Mapped[ChallengeRequirement] = relationship()


class SolutionVersion(db.Model):
    """A submitted version, frozen: its content, the time and the SHA-256 of the content."""

    __tablename__ = "solution_versions"
    __table_args__ = (
        UniqueConstraint("solution_id", "number", name="uq_solution_versions_solution_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(
        ForeignKey("solutions.id", name="fk_solution_versions_solution_id_solutions",
                   ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_solution_versions_submitted_by_id_users",
                   ondelete="SET NULL")
    )
    content: Mapped[dict] = mapped_column(JSON)  # confidential snapshot
    sha256: Mapped[str] = mapped_column(String(64))

    solution: Mapped[Solution] = relationship(back_populates="versions")
