"""Demo data: coming events of each kind, one-to-one meetings with free times for the
demo supplier, a pitch day for the winners of the decided challenge, a workshop on the
network's planned procurement and a held information meeting with its published summary."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from app.accounts.services import find_user_by_email
from app.challenges.models import Challenge
from app.core.dates import local_day, local_zone
from app.core.db import utcnow
from app.dialogue import services
from app.dialogue.models import DialogueEvent, EventKind
from app.extensions import db
from app.networks.models import PlannedProcurement

ONLINE = "https://meet.demo.example/arena-dialog"
SUMMARY = """\
**Frågor och svar från informationsmötet**

- *Kan flera leverantörer lämna en gemensam lösning?* Ja, ett konsortium räknas som en
  leverantör; ange vem som samordnar.
- *Måste lösningen fungera utan mobilnät?* Nej, men den ska säga till tydligt när den
  inte kan nå planeringssystemet.
- *Visat material:* presentationen om dagens serviceresor (bifogad på utmaningens sida).
"""
SPECS = (
    {"title": "Informationsmöte om serviceresor", "target": "Serviceresor som planeras efter "
     "resenärens behov", "kind": EventKind.INFORMATION_MEETING, "days": 10, "hour": 9,
     "hours": 2, "capacity": 40, "location": "Stadshuset, Gustaf Adolfs torg 4, Göteborg",
     "accessibility": "Hörslinga i salen, stegfri entré. Mötet textas digitalt."},
    {"title": "Enskilda möten om trygghetsteknik", "target": "Trygghetsteknik i ordinärt och "
     "särskilt boende", "kind": EventKind.ONE_TO_ONE, "days": 14, "hour": 9, "hours": 3,
     "slot_minutes": 30, "location": "", "accessibility": "Digitala möten med textning."},
    {"title": "Pitchdag för vinnarna: energigemenskaper", "target": "Energigemenskaper som "
     "blir trygghetspunkter", "kind": EventKind.PITCH_DAY, "days": 20, "hour": 13, "hours": 3,
     "capacity": 60, "winners_only": True, "location": "Väven, Storgatan 46A, Umeå",
     "accessibility": "Stegfri entré och hörslinga."},
)
HELD = {"title": "Första informationsmötet om serviceresor",
        "target": "Serviceresor som planeras efter resenärens behov"}


def _at(days: int, hour: int) -> datetime:
    day = local_day(utcnow()) + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), local_zone()).astimezone(UTC)


def _exists(title: str) -> bool:
    return db.session.scalar(db.select(DialogueEvent.id).filter_by(title=title)) is not None


def _organiser(challenge: Challenge):
    """A person at the owner or a co-owner (None if the demo gave them nobody)."""
    return next((m.user for o in challenge.owners for m in o.memberships), None)


def _input(spec: dict) -> services.EventInput:
    start = _at(spec["days"], spec["hour"])
    return services.EventInput(
        kind=spec["kind"], title=spec["title"], starts_at=start,
        ends_at=start + timedelta(hours=spec["hours"]), location=spec["location"],
        online_url=ONLINE, capacity=spec.get("capacity"), people_per_organisation=2,
        language="sv", accessibility=spec["accessibility"],
        slot_minutes=spec.get("slot_minutes"), winners_only=spec.get("winners_only", False),
        description="Välkommen! Vi berättar om behovet och svarar på frågor. Allt som sägs "
                    "sammanfattas och publiceras för alla leverantörer.")


def _on_challenge(spec: dict) -> DialogueEvent | None:
    challenge = db.session.scalar(db.select(Challenge).filter_by(title=spec["target"]))
    if challenge is None or _exists(spec["title"]):
        return None
    return services.create_event(_organiser(challenge), _input(spec), challenge=challenge)


def _book_one_slot(event: DialogueEvent) -> None:
    """Another supplier books the first meeting, so the demo supplier sees a booked and
    free times."""
    coop = find_user_by_email("coop@demo.example")
    if coop and coop.memberships:
        services.register(event, coop, coop.memberships[0].organisation)


def _workshop() -> int:
    coordinator = find_user_by_email("coordinator@demo.example")
    planned = db.session.scalar(db.select(PlannedProcurement).order_by(PlannedProcurement.id))
    title = "Workshop: gemensamma krav på läkemedelsautomater"
    if coordinator is None or planned is None or _exists(title):
        return 0
    services.create_event(coordinator, _input({
        "title": title, "kind": EventKind.WORKSHOP, "days": 25, "hour": 10, "hours": 4,
        "location": "Regionens hus, Göteborg", "accessibility": "Stegfri entré."}),
        planned=planned)
    return 1


def _held_meeting() -> int:
    spec = {**SPECS[0], **HELD, "days": 1}
    event = _on_challenge(spec)
    if event is None:
        return 0
    event.starts_at, event.ends_at = event.starts_at - timedelta(days=15), (
        event.ends_at - timedelta(days=15))
    services.publish_summary(event, event.created_by, SUMMARY)
    event.summary_published_at = event.ends_at + timedelta(days=2)
    return 1


def load_dialogue_events() -> int:
    """Create the demo events that do not exist yet (by title); returns how many."""
    created = 0
    for spec in SPECS:
        event = _on_challenge(spec)
        if event is not None and event.is_one_to_one:
            _book_one_slot(event)
        created += event is not None
    created += _workshop() + _held_meeting()
    db.session.flush()
    return created
