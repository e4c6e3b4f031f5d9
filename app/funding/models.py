"""Funding programmes ("checks") and the statistics of how often they were shown or used."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import get_locale
from sqlalchemy import JSON, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class Audience(enum.StrEnum):
    CONTRACTING_AUTHORITY = "contracting_authority"
    SME = "sme"
    COOPERATIVE = "cooperative"


class Stage(enum.StrEnum):
    BEFORE_PROCUREMENT = "before_procurement"
    ONGOING_PROCUREMENT = "ongoing_procurement"
    CAPACITY_BUILDING = "capacity_building"
    BUSINESS_DEVELOPMENT = "business_development"
    IP_STRATEGY = "ip_strategy"
    INFRASTRUCTURE = "infrastructure"


class CallStatus(enum.StrEnum):
    OPEN = "open"
    UPCOMING = "upcoming"
    CLOSED = "closed"


class FundingProgramme(db.Model):
    """A funding programme: who it is for, at which step, how much, and where to apply."""

    __tablename__ = "funding_programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    funder: Mapped[str] = mapped_column(String(300))
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, "funding_stage"))
    max_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="SEK")
    support_rate: Mapped[Decimal | None] = mapped_column(Numeric(4, 3))  # 1.000 = 100 %
    purpose_sv: Mapped[str] = mapped_column(Text, default="")
    purpose_en: Mapped[str] = mapped_column(Text, default="")
    eligibility_sv: Mapped[str] = mapped_column(Text, default="")
    eligibility_en: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # [{"name": ..., "audience": ["sme"], "url": ...}]: who to apply through.
    intermediaries: Mapped[list[dict]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def _localised(self, field: str) -> str:
        swedish = str(get_locale() or "sv").startswith("sv")
        value = getattr(self, f"{field}_sv" if swedish else f"{field}_en")
        return value or getattr(self, f"{field}_en" if swedish else f"{field}_sv")

    @property
    def name(self) -> str:
        """The name in the current language."""
        return self._localised("name")

    @property
    def purpose(self) -> str:
        return self._localised("purpose")

    @property
    def eligibility(self) -> str:
        return self._localised("eligibility")

    def status(self, now: datetime | None = None) -> CallStatus:
        """Open, upcoming or closed; without dates a programme counts as open."""
        now = now or utcnow()
        if self.closes_at and self.closes_at < now:
            return CallStatus.CLOSED
        if self.opens_at and self.opens_at > now:
            return CallStatus.UPCOMING
        return CallStatus.OPEN

    def intermediaries_for(self, audiences) -> list[dict]:
        """The intermediaries serving any of the audiences (cooperatives: Coompanion)."""
        wanted = {str(a) for a in audiences}
        return [i for i in self.intermediaries or [] if wanted & set(i.get("audience", []))]

    def __repr__(self) -> str:
        return f"<FundingProgramme {self.key}>"


class FundingEventKind(enum.StrEnum):
    MATCHED = "matched"  # shown to someone as fitting their step
    CLICKED = "clicked"  # someone followed the link to the funder


class FundingEvent(db.Model):
    """One match or click, counted for statistics (no personal data)."""

    __tablename__ = "funding_events"
    __table_args__ = (Index("ix_funding_events_programme_kind", "programme_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("funding_programmes.id",
                   name="fk_funding_events_programme_id_funding_programmes", ondelete="CASCADE")
    )
    kind: Mapped[FundingEventKind] = mapped_column(str_enum(FundingEventKind, "funding_event_kind"))
    source: Mapped[str] = mapped_column(String(20), default="page")  # email, page, panel
    situation: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
