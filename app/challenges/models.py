"""Challenges and needs: what a buyer publishes, its requirements, questions and changes."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.attachments.models import Attachment
from app.core.db import UTCDateTime, str_enum, utcnow
from app.core.enums import LabelledEnum
from app.extensions import db
from app.organisations.models import Organisation


class ChallengeKind(LabelledEnum):
    NEED = "need", _l("Need (market exploration)")  # suppliers show what exists
    CHALLENGE = "challenge", _l("Challenge (competition)")  # a jury picks winners


class ChallengeState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    CLOSED = "closed"
    IN_EVALUATION = "in_evaluation"
    DECIDED = "decided"
    OUTCOME_RECORDED = "outcome_recorded"
    WITHDRAWN = "withdrawn"


PUBLIC_STATES = frozenset({
    ChallengeState.PUBLISHED, ChallengeState.CLOSED, ChallengeState.IN_EVALUATION,
    ChallengeState.DECIDED, ChallengeState.OUTCOME_RECORDED, ChallengeState.WITHDRAWN,
})


def deadline_reached(deadline_at: datetime | None, now: datetime | None = None) -> bool:
    """The one rule for when the time for solutions is over: from the second the submission
    deadline is reached (UTC, server clock), whether or not the close job has recorded it.
    Pages, search and the API all ask this (or `deadline_reached_in_sql`)."""
    return deadline_at is not None and (now or utcnow()) >= deadline_at


def deadline_reached_in_sql(column, now: datetime | None = None):
    """`deadline_reached` as a SQL condition on a deadline column (indexable)."""
    return and_(column.is_not(None), column <= (now or utcnow()))


class ProcurementRoute(LabelledEnum):
    MARKET_DIALOGUE = "market_dialogue", _l("Market dialogue or request for information")
    INNOVATION_PARTNERSHIP = "innovation_partnership", _l("Innovation partnership")
    PRE_COMMERCIAL = "pre_commercial", _l("Pre-commercial procurement")
    PROCUREMENT_OF_INNOVATION = ("procurement_of_innovation",
                                 _l("Procurement of innovative solutions"))
    UNDECIDED = "undecided", _l("Not decided yet")


class IPTerms(enum.StrEnum):
    SUPPLIER_OWNS = "supplier_owns"  # the default: supplier keeps IP, buyer gets a licence
    SHARED = "shared"
    BUYER_OWNS = "buyer_owns"


class OutcomeKind(LabelledEnum):
    PROCUREMENT_ANNOUNCED = "procurement_announced", _l("A procurement has been announced")
    CONTRACT_AWARDED = "contract_awarded", _l("A contract has been awarded")
    PARTNERSHIP_STARTED = "partnership_started", _l("An innovation partnership has started")
    NOT_PURSUED = "not_pursued", _l("The need is not being pursued")


class Challenge(db.Model):
    """A need (market exploration) or challenge (judged competition) of a buyer."""

    __tablename__ = "challenges"
    __table_args__ = (
        Index("ix_challenges_state_deadline", "state", "submission_deadline_at"),
        # The public list: newest first (state included, so a page is found in the index
        # alone), counts per kind, and sorted by title.
        Index("ix_challenges_published_order", "published_at", "id", "state"),
        Index("ix_challenges_state_kind", "state", "kind"),
        Index("ix_challenges_title", "title"),
        Index("ix_challenges_owner_state", "owner_id", "state"),  # whose challenges are public
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ChallengeKind] = mapped_column(str_enum(ChallengeKind, "challenge_kind"))
    state: Mapped[ChallengeState] = mapped_column(
        str_enum(ChallengeState, "challenge_state"), default=ChallengeState.DRAFT
    )
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_challenges_owner_id_organisations")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_challenges_created_by_id_users", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600), default="")
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    desired_effects: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    budget_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    budget_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="SEK")
    procurement_route: Mapped[ProcurementRoute] = mapped_column(
        str_enum(ProcurementRoute, "procurement_route"), default=ProcurementRoute.UNDECIDED
    )
    ip_terms: Mapped[IPTerms] = mapped_column(
        str_enum(IPTerms, "ip_terms"), default=IPTerms.SUPPLIER_OWNS
    )
    ip_justification: Mapped[str] = mapped_column(Text, default="")
    question_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submission_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    evaluation_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agenda_goals: Mapped[list[int]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(5), default="sv")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    review_comment: Mapped[str | None] = mapped_column(Text)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    is_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome_kind: Mapped[OutcomeKind | None] = mapped_column(str_enum(OutcomeKind, "outcome_kind"))
    outcome_url: Mapped[str | None] = mapped_column(String(500))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_for_review_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic locking: a stale edit form is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    requirements: Mapped[list[ChallengeRequirement]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChallengeRequirement.position",
    )
    co_owner_links: Mapped[list[ChallengeCoOwner]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan"
    )
    sector_links: Mapped[list[ChallengeSector]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan"
    )
    cpv_links: Mapped[list[ChallengeCpv]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan"
    )
    clarifications: Mapped[list[Clarification]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="Clarification.created_at",
    )
    changes: Mapped[list[ChallengeChange]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChallengeChange.changed_at",
    )
    cover: Mapped[ChallengeCover | None] = relationship(back_populates="challenge")

    __mapper_args__ = {"version_id_col": version}

    @property
    def co_owners(self) -> list[Organisation]:
        return [link.organisation for link in self.co_owner_links]

    @property
    def owners(self) -> list[Organisation]:
        """The owner followed by the co-owners: everyone with the owner's rights."""
        return [self.owner, *self.co_owners]

    @property
    def sectors(self) -> list[str]:
        return [link.sector for link in self.sector_links]

    @property
    def cpv_codes(self) -> list[str]:
        return [link.code for link in self.cpv_links]

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def deadline_reached(self) -> bool:
        """True from the second the submission deadline is reached (UTC, server clock)."""
        return deadline_reached(self.submission_deadline_at)

    @property
    def effective_state(self) -> ChallengeState:
        """The state as of this second: a published challenge whose submission deadline has
        been reached counts as closed, before the `close_deadlines` job records it.

        A paused challenge stays published (the job leaves it open too): its owner resumes
        it with a new deadline, or withdraws it.
        """
        if self.state == ChallengeState.PUBLISHED and not self.is_paused and (
                self.deadline_reached):
            return ChallengeState.CLOSED
        return self.state

    @classmethod
    def closed_by_deadline(cls, now: datetime | None = None):
        """SQL: published and not paused, but the deadline has been reached, so it counts
        as closed (`effective_state`) although the close job has not recorded it yet."""
        return and_(cls.state == ChallengeState.PUBLISHED, cls.is_paused.is_(False),
                    deadline_reached_in_sql(cls.submission_deadline_at, now))

    @classmethod
    def effectively(cls, state: ChallengeState, now: datetime | None = None):
        """SQL: the challenge's `effective_state` is `state` (usable with the state index)."""
        if state == ChallengeState.PUBLISHED:
            return and_(cls.state == state, ~cls.closed_by_deadline(now))
        if state == ChallengeState.CLOSED:
            return or_(cls.state == state, cls.closed_by_deadline(now))
        return cls.state == state

    def __repr__(self) -> str:
        return f"<Challenge {self.id} {self.state} {self.title!r}>"


class ChallengeCover(db.Model):
    """The picture a buyer chose for a challenge, kept only as the renditions the pages use
    (re-encoded, without metadata; app.attachments.pictures). A new picture has new
    files, so the addresses of a picture (named by its files) can be cached for good."""

    __tablename__ = "challenge_covers"
    __table_args__ = (UniqueConstraint("challenge_id", name="uq_challenge_covers_challenge_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_covers_challenge_id_challenges",
                   ondelete="CASCADE")
    )
    alt_text: Mapped[str] = mapped_column(String(300))
    card_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", name="fk_challenge_covers_card_id_attachments"))
    page_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", name="fk_challenge_covers_page_id_attachments"))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_challenge_covers_uploaded_by_id_users",
                   ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="cover")
    card: Mapped[Attachment] = relationship(foreign_keys=[card_id])
    page: Mapped[Attachment] = relationship(foreign_keys=[page_id])


class ChallengeRequirement(db.Model):
    """One functional requirement: what must be achieved, not how."""

    __tablename__ = "challenge_requirements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_requirements_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    challenge: Mapped[Challenge] = relationship(back_populates="requirements")


class ChallengeCoOwner(db.Model):
    """Another verified contracting authority sharing the owner's rights (joint challenge)."""

    __tablename__ = "challenge_co_owners"
    __table_args__ = (
        UniqueConstraint("challenge_id", "organisation_id",
                         name="uq_challenge_co_owners_challenge_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_co_owners_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_challenge_co_owners_organisation_id_organisations"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="co_owner_links")
    organisation: Mapped[Organisation] = relationship()


class CoOwnerStatus(enum.StrEnum):
    PENDING = "pending"  # invited by the owner, not answered yet: no access at all
    ACCEPTED = "accepted"  # now a co-owner (a ChallengeCoOwner row exists)
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the owner took the invitation back, or removed the co-owner


class ChallengeCoOwnerInvitation(db.Model):
    """The owning authority's invitation to another authority to co-own a challenge.

    Only an accepted invitation makes a co-owner (a `ChallengeCoOwner` row): until then the
    invited authority's members see nothing confidential.
    """

    __tablename__ = "challenge_co_owner_invitations"
    __table_args__ = (
        UniqueConstraint("challenge_id", "organisation_id",
                         name="uq_challenge_co_owner_invitations_challenge_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_co_owner_invitations_challenge_id",
                   ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_challenge_co_owner_invitations_organisation_id",
                   ondelete="CASCADE"), index=True
    )
    status: Mapped[CoOwnerStatus] = mapped_column(
        str_enum(CoOwnerStatus, "challenge_co_owner_status"), default=CoOwnerStatus.PENDING
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_challenge_co_owner_invitations_invited_by_id",
                   ondelete="SET NULL")
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_challenge_co_owner_invitations_answered_by_id",
                   ondelete="SET NULL")
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    challenge: Mapped[Challenge] = relationship()
    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def is_pending(self) -> bool:
        return self.status == CoOwnerStatus.PENDING


class ChallengeSector(db.Model):
    """A sector a challenge belongs to (a table, so lists can be filtered by it)."""

    __tablename__ = "challenge_sectors"
    __table_args__ = (
        UniqueConstraint("challenge_id", "sector", name="uq_challenge_sectors_challenge_sector"),
        Index("ix_challenge_sectors_sector", "sector"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_sectors_challenge_id_challenges",
                   ondelete="CASCADE")
    )
    sector: Mapped[str] = mapped_column(String(40))

    challenge: Mapped[Challenge] = relationship(back_populates="sector_links")


class ChallengeCpv(db.Model):
    """A CPV code of a challenge (8 digits and check digit, e.g. 90510000-5)."""

    __tablename__ = "challenge_cpv_codes"
    __table_args__ = (
        UniqueConstraint("challenge_id", "code", name="uq_challenge_cpv_codes_challenge_code"),
        Index("ix_challenge_cpv_codes_code", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_cpv_codes_challenge_id_challenges",
                   ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(
        ForeignKey("cpv_codes.code", name="fk_challenge_cpv_codes_code_cpv_codes")
    )

    challenge: Mapped[Challenge] = relationship(back_populates="cpv_links")
    cpv: Mapped[CpvCode] = relationship()


class CpvCode(db.Model):
    """An entry of the Common Procurement Vocabulary (CPV 2008), e.g. 90510000-5.

    Seeded with the divisions and codes relevant to innovation procurement; the full
    official list can be imported with `flask --app wsgi cpv import cpv_2008.xml`.
    """

    __tablename__ = "cpv_codes"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(400))
    name_sv: Mapped[str] = mapped_column(String(400))

    def name(self, locale: str) -> str:
        """The name in a language (Swedish or English)."""
        return self.name_sv if locale == "sv" else self.name_en


class Clarification(db.Model):
    """A supplier's question (private until answered) or the owner's own clarification.

    Once published it is shown to everyone without the asker's identity.
    """

    __tablename__ = "clarifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_clarifications_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    asked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_clarifications_asked_by_id_users", ondelete="SET NULL")
    )
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_clarifications_answered_by_id_users",
                   ondelete="SET NULL")
    )
    # True for a clarification the owner published on its own (not an answer to a question).
    from_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    challenge: Mapped[Challenge] = relationship(back_populates="clarifications")
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ChallengeChange(db.Model):
    """A visible record of a substantive edit after publication."""

    __tablename__ = "challenge_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_changes_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_challenge_changes_changed_by_id_users",
                   ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")

    challenge: Mapped[Challenge] = relationship(back_populates="changes")


class ChallengeFollow(db.Model):
    """A user following a challenge: told of clarifications, extensions and outcomes."""

    __tablename__ = "challenge_follows"
    __table_args__ = (
        UniqueConstraint("user_id", "challenge_id", name="uq_challenge_follows_user_challenge"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_challenge_follows_user_id_users", ondelete="CASCADE")
    )
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_challenge_follows_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    challenge: Mapped[Challenge] = relationship()
