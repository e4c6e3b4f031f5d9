"""A supplier's readiness self-assessment: private answers, one row per completed check."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.db import UTCDateTime, utcnow
from app.extensions import db
from app.organisations.models import Organisation


class ReadinessCheck(db.Model):
    """One completed quick check of a supplier; the newest is the one shown.

    The answers are read only by the organisation's members. The public profile may say
    "readiness self-assessed (date)" when the organisation chose to show it, never more.
    """

    __tablename__ = "readiness_checks"
    __table_args__ = (
        Index("ix_readiness_checks_organisation_completed", "organisation_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_readiness_checks_organisation_id_organisations",
                   ondelete="CASCADE")
    )
    completed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_readiness_checks_completed_by_id_users",
                   ondelete="SET NULL")
    )
    # {question key: answer value}; the questions themselves live in questions.py.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    score: Mapped[int] = mapped_column(Integer)  # 0-100 over the questions that apply
    show_on_profile: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    completed_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ReadinessCheck {self.id} org={self.organisation_id} {self.score}>"
