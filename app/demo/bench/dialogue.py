"""Benchmark data for dialogue events: 5 000 events on public challenges, about 100 000
registrations and the one-to-one slots, some of them booked.

A step of `flask --app wsgi bench generate` (see `app.demo.bench.STEPS`), so the calendar
and an event page are measured with national figures (bench/pages.py).
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from app.challenges.models import PUBLIC_STATES, Challenge
from app.core.db import utcnow
from app.demo.bench.base import BATCH, SV_WORDS, insert, random_text
from app.dialogue.models import (
    DialogueEvent,
    EventKind,
    EventRegistration,
    EventSlot,
    EventStatus,
    RegistrationStatus,
)
from app.extensions import db
from app.organisations.models import Membership, Organisation, OrganisationKind

EVENTS = 5000
PEOPLE_PER_EVENT = 20  # on average: 100 000 registrations
SLOT_MINUTES = 30
SLOTS = 12


def _event(rng: random.Random, challenge_id: int, now) -> dict:
    start = (now + timedelta(days=rng.randint(-60, 120), hours=rng.randint(0, 23))).replace(
        minute=0, second=0, microsecond=0)
    kind = rng.choice(list(EventKind))
    hours = SLOTS * SLOT_MINUTES / 60 if kind == EventKind.ONE_TO_ONE else rng.choice((1, 2, 3))
    return {
        "uid": f"bench-{uuid.uuid4().hex}@bench.example", "kind": kind,
        "status": EventStatus.SCHEDULED if rng.random() > 0.03 else EventStatus.CANCELLED,
        "challenge_id": challenge_id, "title": random_text(rng, SV_WORDS, 5)[:-1],
        "description": random_text(rng, SV_WORDS, 40), "starts_at": start,
        "ends_at": start + timedelta(hours=hours), "location": "Stadshuset",
        "online_url": "https://meet.bench.example/room", "people_per_organisation": 2,
        "capacity": None if kind == EventKind.ONE_TO_ONE else 40, "language": "sv",
        "accessibility": "", "winners_only": False, "sequence": 0, "summary_text": "",
        "cancel_reason": "", "created_at": now, "updated_at": now,
        "slot_minutes": SLOT_MINUTES if kind == EventKind.ONE_TO_ONE else None,
    }


def _people() -> list[tuple[int, int]]:
    return list(db.session.execute(
        db.select(Membership.user_id, Membership.organisation_id).join(Organisation)
        .where(Organisation.kind == OrganisationKind.SUPPLIER)).tuples())


def _for_event(rng, event_id, kind, start, people, now) -> tuple[list, list]:
    chosen = rng.sample(people, min(len(people), rng.randint(0, 2 * PEOPLE_PER_EVENT)))
    registrations, slots, orgs = [], [], set()
    for seat, (user_id, org_id) in enumerate(chosen, start=1):
        if org_id in orgs:
            continue
        orgs.add(org_id)
        one_to_one = kind == EventKind.ONE_TO_ONE
        booked = one_to_one and len(orgs) <= SLOTS
        registrations.append({
            "event_id": event_id, "user_id": user_id, "organisation_id": org_id, "place": 1,
            "status": RegistrationStatus.REGISTERED if (booked or not one_to_one and seat <= 40)
            else RegistrationStatus.WAITING,
            "seat": seat if not one_to_one and seat <= 40 else None,
            "created_at": now, "updated_at": now})
    if kind == EventKind.ONE_TO_ONE:
        booked = [(r["organisation_id"], r["user_id"]) for r in registrations
                  if r["status"] == RegistrationStatus.REGISTERED]
        for index in range(SLOTS):
            org_id, user_id = booked[index] if index < len(booked) else (None, None)
            at = start + timedelta(minutes=SLOT_MINUTES * index)
            slots.append({"event_id": event_id, "starts_at": at,
                          "ends_at": at + timedelta(minutes=SLOT_MINUTES),
                          "organisation_id": org_id, "booked_by_id": user_id,
                          "booked_at": now if org_id else None})
    return registrations, slots


def generate_dialogue_events(rng: random.Random) -> None:
    """Events on public challenges, with registrations, waiting lists and booked slots."""
    if db.session.scalar(db.select(db.func.count(DialogueEvent.id))):
        return
    now = utcnow()
    challenges = list(db.session.scalars(db.select(Challenge.id).where(
        Challenge.state.in_(PUBLIC_STATES)).order_by(Challenge.id)))
    if not challenges:
        return
    rows = [_event(rng, rng.choice(challenges), now) for _ in range(EVENTS)]
    for offset in range(0, len(rows), BATCH):
        insert(DialogueEvent, rows[offset:offset + BATCH])
    people = _people()
    registrations, slots = [], []
    for event_id, kind, start in db.session.execute(db.select(
            DialogueEvent.id, DialogueEvent.kind, DialogueEvent.starts_at)).tuples():
        more, more_slots = _for_event(rng, event_id, kind, start, people, now)
        registrations += more
        slots += more_slots
    for offset in range(0, max(len(registrations), len(slots)), BATCH):
        insert(EventRegistration, registrations[offset:offset + BATCH])
        insert(EventSlot, slots[offset:offset + BATCH])
