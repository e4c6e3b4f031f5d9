"""Reading events: the public calendar (filters by county and sector), a challenge's or a
planned procurement's events, a person's own events. Each list is one query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from app.challenges.models import PUBLIC_STATES, Challenge, ChallengeSector
from app.dialogue.models import (
    DialogueEvent,
    EventRegistration,
    EventStatus,
    RegistrationStatus,
)
from app.extensions import db
from app.networks.models import (
    Network,
    NetworkSector,
    NetworkStatus,
    PlannedProcurement,
    PlannedProcurementStatus,
)


def _public_target():
    """Events whose challenge is public or whose planned procurement is announced."""
    on_challenge = DialogueEvent.challenge_id.in_(
        select(Challenge.id).where(Challenge.state.in_(PUBLIC_STATES)))
    on_planned = DialogueEvent.planned_procurement_id.in_(
        select(PlannedProcurement.id).join(Network).where(
            PlannedProcurement.status != PlannedProcurementStatus.CANCELLED,
            Network.status == NetworkStatus.ACTIVE))
    return or_(on_challenge, on_planned)


def _in_region(region: str):
    challenge = DialogueEvent.challenge_id.in_(
        select(Challenge.id).where(Challenge.region == region))
    planned = DialogueEvent.planned_procurement_id.in_(
        select(PlannedProcurement.id).join(Network).where(Network.region == region))
    return or_(challenge, planned)


def _in_sector(sector: str):
    challenge = exists().where(ChallengeSector.challenge_id == DialogueEvent.challenge_id,
                               ChallengeSector.sector == sector)
    planned = exists().where(
        PlannedProcurement.id == DialogueEvent.planned_procurement_id,
        NetworkSector.network_id == PlannedProcurement.network_id,
        NetworkSector.sector == sector)
    return or_(challenge, planned)


def public_events_query(start: datetime, end: datetime | None = None,
                        region: str | None = None, sector: str | None = None,
                        kind: str | None = None):
    """The query of public events (scheduled or cancelled) ending after `start` (and
    starting before `end`), soonest first."""
    conditions = [_public_target(), DialogueEvent.ends_at > start]
    if end is not None:
        conditions.append(DialogueEvent.starts_at < end)
    if region:
        conditions.append(_in_region(region))
    if sector:
        conditions.append(_in_sector(sector))
    if kind:
        conditions.append(DialogueEvent.kind == kind)
    return (select(DialogueEvent).where(and_(*conditions))
            .options(selectinload(DialogueEvent.challenge),
                     selectinload(DialogueEvent.planned_procurement))
            .order_by(DialogueEvent.starts_at, DialogueEvent.id))


def public_events(start: datetime, end: datetime | None = None, region: str | None = None,
                  sector: str | None = None, kind: str | None = None, limit: int = 200):
    """Public events (see `public_events_query`), at most `limit`."""
    query = public_events_query(start, end, region, sector, kind).limit(limit)
    return list(db.session.scalars(query))


def public_event(event_id: int) -> DialogueEvent | None:
    """An event whose challenge or planned procurement is public, or None."""
    return db.session.scalar(select(DialogueEvent).where(
        DialogueEvent.id == event_id, _public_target()))


def events_of_challenge(challenge: Challenge) -> list[DialogueEvent]:
    """A challenge's events, in time order."""
    return list(db.session.scalars(
        select(DialogueEvent).where(DialogueEvent.challenge_id == challenge.id)
        .order_by(DialogueEvent.starts_at, DialogueEvent.id)))


def events_of_planned(planned: PlannedProcurement) -> list[DialogueEvent]:
    """A planned procurement's events, in time order."""
    return list(db.session.scalars(
        select(DialogueEvent).where(DialogueEvent.planned_procurement_id == planned.id)
        .order_by(DialogueEvent.starts_at, DialogueEvent.id)))


def registrations_of(user, since: datetime | None = None) -> list[EventRegistration]:
    """A person's registrations and waiting-list places (not cancelled), by event time."""
    query = (select(EventRegistration).join(DialogueEvent)
             .where(EventRegistration.user_id == user.id,
                    EventRegistration.status != RegistrationStatus.CANCELLED)
             .options(selectinload(EventRegistration.event))
             .order_by(DialogueEvent.starts_at))
    if since is not None:
        query = query.where(DialogueEvent.ends_at > since)
    return list(db.session.scalars(query))


def scheduled():
    """The condition for events that take place."""
    return DialogueEvent.status == EventStatus.SCHEDULED
