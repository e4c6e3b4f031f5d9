"""The networks blocks of My pages, one query each: for coordinators and members, each
network's recent activity, new interest registrations and planned procurements; for
buyers, the interest other authorities registered on their challenges."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, or_, select

from app.challenges.models import Challenge
from app.challenges.workspace import is_buyer, owned_by
from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.extensions import db
from app.networks.models import (
    InterestRegistration,
    Network,
    NetworkJoinRequest,
    NetworkMember,
    NetworkStatus,
    NetworkUpdate,
    PlannedProcurement,
    PlannedProcurementStatus,
)
from app.organisations.models import RequestStatus
from app.organisations.workspace import organisation_ids_of

RECENT = timedelta(days=30)
MAX_ITEMS = 10


def _count(column, *conditions):
    return (select(func.count(column)).where(*conditions).correlate(Network)
            .scalar_subquery())


def network_rows(user_id: int, since) -> list:
    """The networks the person's organisations belong to or coordinate, with counts."""
    organisations = organisation_ids_of(user_id)
    planned = PlannedProcurement.network_id == Network.id
    return list(db.session.execute(select(
        Network.id, Network.name, Network.coordinator_id.in_(organisations).label("coordinates"),
        _count(NetworkUpdate.id, NetworkUpdate.network_id == Network.id,
               NetworkUpdate.created_at >= since).label("updates"),
        _count(PlannedProcurement.id, planned,
               PlannedProcurement.status == PlannedProcurementStatus.OPEN).label("planned"),
        _count(InterestRegistration.id, InterestRegistration.planned_procurement_id.in_(
            select(PlannedProcurement.id).where(planned)),
            InterestRegistration.created_at >= since).label("interest"),
        _count(NetworkJoinRequest.id, NetworkJoinRequest.network_id == Network.id,
               NetworkJoinRequest.status == RequestStatus.PENDING).label("requests"))
        .where(Network.status == NetworkStatus.ACTIVE, or_(
            Network.coordinator_id.in_(organisations), Network.id.in_(
                select(NetworkMember.network_id)
                .where(NetworkMember.organisation_id.in_(organisations)))))
        .order_by(Network.name).limit(MAX_ITEMS)))


def workspace_block(user) -> WorkspaceBlock | None:
    """My networks: activity in the last 30 days, what the coordinator must answer."""
    rows = network_rows(user.id, utcnow() - RECENT)
    if not rows:
        return None
    return WorkspaceBlock(key="networks", title=_("My networks"), order=30,
                          items=[_network_item(row) for row in rows],
                          more_label=_("All networks"), more_url=url_for("networks.directory"))


def _network_item(row) -> WorkspaceItem:
    parts = [ngettext("%(num)d update in 30 days", "%(num)d updates in 30 days", row.updates),
             ngettext("%(num)d planned procurement", "%(num)d planned procurements",
                      row.planned),
             ngettext("%(num)d new interest registration", "%(num)d new interest registrations",
                      row.interest)]
    if row.coordinates and row.requests:
        parts.append(ngettext("%(num)d request to join waits for you",
                              "%(num)d requests to join wait for you", row.requests))
    return WorkspaceItem(label=row.name, url=url_for("networks.network", network_id=row.id),
                         status=_("Coordinator") if row.coordinates else None,
                         note=" · ".join(parts))


def interest_block(user) -> WorkspaceBlock | None:
    """For buyers: authorities that registered interest in their challenges."""
    if not is_buyer(user):
        return None
    since = utcnow() - RECENT
    rows = db.session.execute(
        select(Challenge.id, Challenge.title, func.count(InterestRegistration.id).label("total"),
               func.sum(case((InterestRegistration.created_at >= since, 1), else_=0))
               .label("new"))
        .join(InterestRegistration, InterestRegistration.challenge_id == Challenge.id)
        .where(owned_by(user.id)).group_by(Challenge.id, Challenge.title)
        .order_by(func.max(InterestRegistration.created_at).desc()).limit(MAX_ITEMS)).all()
    if not rows:
        return None
    return WorkspaceBlock(key="interest", title=_("Interest in my challenges"), order=18, items=[
        WorkspaceItem(label=r.title, count=r.total,
                      url=url_for("networks.challenge_interest", challenge_id=r.id),
                      note=ngettext("%(num)d new in the last 30 days",
                                    "%(num)d new in the last 30 days", r.new or 0)
                      if r.new else None) for r in rows])
