"""Buyer networks: member authorities, updates, planned procurements and interest in them."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.challenges.models import Challenge, ProcurementRoute
from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.organisations.models import Organisation, RequestStatus


class JoinPolicy(enum.StrEnum):
    OPEN = "open"  # any verified contracting authority joins at once
    APPROVAL = "approval"  # the coordinator approves each request


class NetworkStatus(enum.StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"  # no members left; kept, never deleted


class PlannedProcurementStatus(enum.StrEnum):
    OPEN = "open"  # collecting interest
    CONVERTED = "converted"  # turned into a joint challenge
    CANCELLED = "cancelled"


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class Network(db.Model):
    """A buyer network: a coordinating authority and member authorities around a theme."""

    __tablename__ = "networks"
    __table_args__ = (Index("ix_networks_status_region", "status", "region"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str | None] = mapped_column(String(8))
    join_policy: Mapped[JoinPolicy] = mapped_column(
        str_enum(JoinPolicy, "join_policy"), default=JoinPolicy.APPROVAL
    )
    status: Mapped[NetworkStatus] = mapped_column(
        str_enum(NetworkStatus, "network_status"), default=NetworkStatus.ACTIVE
    )
    # Empty only once the network is archived (no members, so no coordinator).
    coordinator_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", name="fk_networks_coordinator_id_organisations"),
        index=True,
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_networks_created_by_id_users", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    coordinator: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    members: Mapped[list[NetworkMember]] = relationship(
        back_populates="network", cascade="all, delete-orphan"
    )
    sector_links: Mapped[list[NetworkSector]] = relationship(
        back_populates="network", cascade="all, delete-orphan"
    )
    updates: Mapped[list[NetworkUpdate]] = relationship(
        back_populates="network", cascade="all, delete-orphan",
        order_by="NetworkUpdate.created_at.desc()",
    )
    planned_procurements: Mapped[list[PlannedProcurement]] = relationship(
        back_populates="network", cascade="all, delete-orphan",
        order_by="PlannedProcurement.created_at.desc()",
    )

    @property
    def sectors(self) -> list[str]:
        return [link.sector for link in self.sector_links]

    @property
    def member_organisations(self) -> list[Organisation]:
        """Member organisations by name."""
        return sorted((m.organisation for m in self.members), key=lambda o: o.name.lower())

    @property
    def is_active(self) -> bool:
        return self.status == NetworkStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<Network {self.id} {self.name!r}>"


class NetworkSector(db.Model):
    """A sector of a network (a table, so the directory can filter by it)."""

    __tablename__ = "network_sectors"
    __table_args__ = (
        UniqueConstraint("network_id", "sector", name="uq_network_sectors_network_sector"),
        Index("ix_network_sectors_sector", "sector"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", name="fk_network_sectors_network_id_networks",
                   ondelete="CASCADE")
    )
    sector: Mapped[str] = mapped_column(String(40))

    network: Mapped[Network] = relationship(back_populates="sector_links")


class NetworkMember(db.Model):
    """A contracting authority belonging to a network."""

    __tablename__ = "network_members"
    __table_args__ = (
        UniqueConstraint("network_id", "organisation_id",
                         name="uq_network_members_network_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", name="fk_network_members_network_id_networks",
                   ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", name="fk_network_members_organisation_id_organisations",
                   ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    network: Mapped[Network] = relationship(back_populates="members")
    organisation: Mapped[Organisation] = relationship()


class NetworkJoinRequest(db.Model):
    """An authority asking to join a network that admits members by approval."""

    __tablename__ = "network_join_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", name="fk_network_join_requests_network_id_networks",
                   ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_network_join_requests_organisation_id_organisations",
                   ondelete="CASCADE")
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_network_join_requests_requested_by_id_users",
                   ondelete="SET NULL")
    )
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "request_status"), default=RequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_network_join_requests_decided_by_id_users",
                   ondelete="SET NULL")
    )

    network: Mapped[Network] = relationship()
    organisation: Mapped[Organisation] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])


class NetworkUpdate(db.Model):
    """A post to the network's members (Markdown, shown sanitised, members only)."""

    __tablename__ = "network_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", name="fk_network_updates_network_id_networks",
                   ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_network_updates_author_id_users", ondelete="SET NULL")
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", name="fk_network_updates_organisation_id_organisations",
                   ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    network: Mapped[Network] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class PlannedProcurement(db.Model):
    """A procurement a network announces before any challenge exists, to collect interest."""

    __tablename__ = "network_planned_procurements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", name="fk_network_planned_procurements_network_id_networks",
                   ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    need: Mapped[str] = mapped_column(Text, default="")
    expected_timing: Mapped[str] = mapped_column(String(200), default="")
    route: Mapped[ProcurementRoute] = mapped_column(
        str_enum(ProcurementRoute, "procurement_route"), default=ProcurementRoute.UNDECIDED
    )
    status: Mapped[PlannedProcurementStatus] = mapped_column(
        str_enum(PlannedProcurementStatus, "planned_procurement_status"),
        default=PlannedProcurementStatus.OPEN,
    )
    # The joint challenge it became (a draft owned by the coordinating organisation).
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", name="fk_network_planned_procurements_challenge_id_challenges",
                   ondelete="SET NULL"), unique=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_network_planned_procurements_created_by_id_users",
                   ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    converted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    network: Mapped[Network] = relationship(back_populates="planned_procurements")
    challenge: Mapped[Challenge | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    registrations: Mapped[list[InterestRegistration]] = relationship(
        back_populates="planned_procurement", cascade="all, delete-orphan",
        order_by="InterestRegistration.created_at",
    )
    invitations: Mapped[list[CoOwnerInvitation]] = relationship(
        back_populates="planned_procurement", cascade="all, delete-orphan",
        order_by="CoOwnerInvitation.id",
    )

    @property
    def is_open(self) -> bool:
        return self.status == PlannedProcurementStatus.OPEN


class InterestRegistration(db.Model):
    """An authority saying "we have this need too", on a challenge or a planned procurement.

    The volume (quantity and unit, e.g. 1200 "units/year") and the amount count towards
    the public total only if `show_volume_publicly` is set; the owner sees everything.
    """

    __tablename__ = "interest_registrations"
    __table_args__ = (
        CheckConstraint("(challenge_id IS NULL) <> (planned_procurement_id IS NULL)",
                        name="one_target"),
        UniqueConstraint("challenge_id", "organisation_id",
                         name="uq_interest_registrations_challenge_organisation"),
        UniqueConstraint("planned_procurement_id", "organisation_id",
                         name="uq_interest_registrations_planned_procurement_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", name="fk_interest_registrations_challenge_id_challenges",
                   ondelete="CASCADE"), index=True
    )
    planned_procurement_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_planned_procurements.id",
                   name="fk_interest_registrations_planned_procurement_id_planned",
                   ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_interest_registrations_organisation_id_organisations",
                   ondelete="CASCADE")
    )
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_interest_registrations_registered_by_id_users",
                   ondelete="SET NULL")
    )
    volume_quantity: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    volume_unit: Mapped[str] = mapped_column(String(80), default="")
    amount_sek: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    time_frame: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    show_volume_publicly: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    challenge: Mapped[Challenge | None] = relationship()
    planned_procurement: Mapped[PlannedProcurement | None] = relationship(
        back_populates="registrations")
    organisation: Mapped[Organisation] = relationship()
    registered_by: Mapped[User | None] = relationship()


class CoOwnerInvitation(db.Model):
    """An interested authority asked to confirm co-ownership of a network's joint challenge."""

    __tablename__ = "network_co_owner_invitations"
    __table_args__ = (
        UniqueConstraint("challenge_id", "organisation_id",
                         name="uq_network_co_owner_invitations_challenge_organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    planned_procurement_id: Mapped[int] = mapped_column(
        ForeignKey("network_planned_procurements.id",
                   name="fk_network_co_owner_invitations_planned_procurement_id_planned",
                   ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", name="fk_network_co_owner_invitations_challenge_id_challenges",
                   ondelete="CASCADE")
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_network_co_owner_invitations_organisation_id_organisations",
                   ondelete="CASCADE")
    )
    status: Mapped[InvitationStatus] = mapped_column(
        str_enum(InvitationStatus, "co_owner_invitation_status"), default=InvitationStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_network_co_owner_invitations_answered_by_id_users",
                   ondelete="SET NULL")
    )

    planned_procurement: Mapped[PlannedProcurement] = relationship(back_populates="invitations")
    challenge: Mapped[Challenge] = relationship()
    organisation: Mapped[Organisation] = relationship()
    answered_by: Mapped[User | None] = relationship()

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING
