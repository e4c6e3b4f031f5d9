"""Organisations, their members, invitations and requests to join."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class OrganisationKind(enum.StrEnum):
    CONTRACTING_AUTHORITY = "contracting_authority"
    SUPPLIER = "supplier"
    INTERMEDIARY = "intermediary"
    ACADEMIA = "academia"
    OTHER = "other"


# The kinds of organisation that may answer a challenge with a solution. Intermediaries
# point SMEs to challenges rather than answering themselves.
SOLUTION_PROVIDER_KINDS = frozenset({OrganisationKind.SUPPLIER, OrganisationKind.ACADEMIA})


# The kinds of organisation a platform administrator verifies before they act as such:
# buyers publish challenges, intermediaries advise clients and decide check applications.
VERIFIED_KINDS = frozenset({OrganisationKind.CONTRACTING_AUTHORITY,
                            OrganisationKind.INTERMEDIARY})


class SizeClass(enum.StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class VerificationStatus(enum.StrEnum):
    NOT_REQUIRED = "not_required"
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class MemberRole(enum.StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Organisation(db.Model):
    """A contracting authority, supplier, intermediary, university or other body."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("org_number", name="uq_organisations_org_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind, "organisation_kind"))
    org_number: Mapped[str] = mapped_column(String(11))
    size_class: Mapped[SizeClass] = mapped_column(str_enum(SizeClass, "size_class"))
    is_cooperative: Mapped[bool] = mapped_column(Boolean, default=False)
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(8))
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # Supplier profile: shown publicly for organisations that answer challenges, and used
    # to match them with new challenges.
    offers: Mapped[str] = mapped_column(Text, default="")
    capabilities: Mapped[str] = mapped_column(Text, default="")
    references: Mapped[str] = mapped_column(Text, default="")
    regions_served: Mapped[list[str]] = mapped_column(JSON, default=list)  # county codes
    verification_status: Mapped[VerificationStatus] = mapped_column(
        str_enum(VerificationStatus, "verification_status"), default=VerificationStatus.NOT_REQUIRED
    )
    verification_note: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Trusted authorities may publish challenges without an administrator's review.
    is_trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def is_contracting_authority(self) -> bool:
        return self.kind == OrganisationKind.CONTRACTING_AUTHORITY

    @property
    def offers_solutions(self) -> bool:
        """Suppliers and universities answer challenges; buyers and intermediaries do not."""
        return self.kind in SOLUTION_PROVIDER_KINDS

    @property
    def needs_verification(self) -> bool:
        """Authorities and intermediaries are verified by a platform administrator."""
        return self.kind in VERIFIED_KINDS

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_sme(self) -> bool:
        return self.size_class != SizeClass.LARGE

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class Membership(db.Model):
    """A person belonging to an organisation, as admin or member."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id", name="uq_memberships_user_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_memberships_user_id_users", ondelete="CASCADE")
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey(
            "organisations.id", name="fk_memberships_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        index=True,
    )
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, "member_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Invitation(db.Model):
    """An e-mailed invitation to join an organisation; works for people without an account."""

    __tablename__ = "organisation_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey(
            "organisations.id", name="fk_organisation_invitations_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        index=True,
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, "member_role"))
    language: Mapped[str] = mapped_column(String(5), default="sv")  # of the e-mail
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_organisation_invitations_invited_by_id_users",
                   ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship()


class JoinRequest(db.Model):
    """A person asking to become a member of an organisation."""

    __tablename__ = "organisation_join_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey(
            "organisations.id", name="fk_organisation_join_requests_organisation_id_organisations",
            ondelete="CASCADE",
        ),
        index=True,
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_organisation_join_requests_user_id_users",
                   ondelete="CASCADE")
    )
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "request_status"), default=RequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_organisation_join_requests_decided_by_id_users",
                   ondelete="SET NULL")
    )

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
