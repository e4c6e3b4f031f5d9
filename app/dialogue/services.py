"""Dialogue events: scheduling, moving and cancelling; registrations, waiting lists and
one-to-one slots; summaries; who is told what (with the calendar file attached).

Capacity is kept by the database (see app/dialogue/models.py): a seat, an organisation's
place and a slot are each taken in a savepoint; if another request took the same one at
the same second the unique constraint refuses ours and we try the next one. Services
flush, never commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.attachments import services as attachments
from app.attachments.models import Attachment
from app.audit.services import record
from app.challenges.models import Challenge
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, register_event
from app.core.tokens import TokenError, make_token, read_token
from app.dialogue import calendar, queries
from app.dialogue.models import (
    CalendarFeedKey,
    DialogueEvent,
    EventKind,
    EventRegistration,
    EventSlot,
    EventStatus,
    MeetingNote,
    RegistrationStatus,
)
from app.dialogue.permissions import active_registration, is_winner, supplier_organisations
from app.extensions import db
from app.networks.models import PlannedProcurement
from app.organisations.models import Organisation

# Told at once whatever the preferences: they change someone's calendar.
for _key in ("dialogue/registered", "dialogue/waiting", "dialogue/promoted",
             "dialogue/event_changed", "dialogue/event_cancelled"):
    register_event(_key, EventGroup.DIALOGUE, essential=True)
for _key in ("dialogue/reminder", "dialogue/summary_published"):
    register_event(_key, EventGroup.DIALOGUE)
register_event("dialogue/summary_due", EventGroup.MY_CHALLENGES)

MAX_SLOTS = 200
MAX_PEOPLE_PER_ORGANISATION = 20
MAX_CAPACITY = 10_000
RETRIES = 5


@dataclass
class EventInput:
    """What an organiser types about an event (times in UTC)."""

    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    location: str = ""
    online_url: str = ""
    capacity: int | None = None
    people_per_organisation: int = 2
    registration_deadline_at: datetime | None = None
    language: str = "sv"
    accessibility: str = ""
    slot_minutes: int | None = None
    winners_only: bool = False


# -- checks ---------------------------------------------------------------------------------

def _check_times(data: EventInput, now: datetime) -> None:
    if data.starts_at <= now:
        raise DomainError(_("The event must start in the future."), field="starts_at")
    if data.ends_at <= data.starts_at:
        raise DomainError(_("The event must end after it starts."), field="ends_at")
    deadline = data.registration_deadline_at
    if deadline is not None and deadline > data.starts_at:
        raise DomainError(_("The registration deadline must be before the event starts."),
                          field="registration_deadline_at")


def _check_numbers(data: EventInput) -> None:
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        raise DomainError(_("Enter a number of seats from 1 to %(max)d.", max=MAX_CAPACITY),
                          field="capacity")
    if not 1 <= data.people_per_organisation <= MAX_PEOPLE_PER_ORGANISATION:
        raise DomainError(_("Enter a number of people from 1 to %(max)d.",
                            max=MAX_PEOPLE_PER_ORGANISATION), field="people_per_organisation")
    if not (data.location.strip() or data.online_url.strip()):
        raise DomainError(_("Enter the place, the online link or both."), field="location")


def _check_slots(data: EventInput) -> None:
    if data.kind != EventKind.ONE_TO_ONE:
        return
    if not data.slot_minutes or not 5 <= data.slot_minutes <= 240:
        raise DomainError(_("Enter the length of each meeting, from 5 to 240 minutes."),
                          field="slot_minutes")
    count = int((data.ends_at - data.starts_at) / timedelta(minutes=data.slot_minutes))
    if count < 1:
        raise DomainError(_("The event is shorter than one meeting."), field="slot_minutes")
    if count > MAX_SLOTS:
        raise DomainError(_("That makes more than %(max)d meetings: choose longer meetings or "
                            "a shorter day.", max=MAX_SLOTS), field="slot_minutes")


def check_event(data: EventInput, challenge: Challenge | None) -> None:
    """Refuse an event that cannot take place as described (DomainError on a field)."""
    _check_times(data, utcnow())
    _check_numbers(data)
    _check_slots(data)
    if data.winners_only and (data.kind != EventKind.PITCH_DAY or challenge is None):
        raise DomainError(_("Only a pitch day on a challenge can be limited to its winners."),
                          field="winners_only")


# -- scheduling -----------------------------------------------------------------------------

def new_uid() -> str:
    """A globally unique calendar UID for a new event."""
    host = current_app.config["BASE_URL"].split("//")[-1].split("/")[0].split(":")[0]
    return f"dialogue-{uuid.uuid4().hex}@{host or 'arena.local'}"


def _apply(event: DialogueEvent, data: EventInput) -> None:
    for item in fields(EventInput):
        setattr(event, item.name, getattr(data, item.name))
    event.title = data.title.strip()
    if event.kind != EventKind.ONE_TO_ONE:
        event.slot_minutes = None
    if event.kind != EventKind.PITCH_DAY:
        event.winners_only = False


def _make_slots(event: DialogueEvent) -> None:
    step = timedelta(minutes=event.slot_minutes)
    start = event.starts_at
    while start + step <= event.ends_at and len(event.slots) < MAX_SLOTS:
        event.slots.append(EventSlot(starts_at=start, ends_at=start + step))
        start += step


def create_event(actor: User, data: EventInput, challenge: Challenge | None = None,
                 planned: PlannedProcurement | None = None) -> DialogueEvent:
    """Schedule an event on a challenge or a planned procurement (one-to-one slots made)."""
    check_event(data, challenge)
    event = DialogueEvent(uid=new_uid(), challenge=challenge, planned_procurement=planned,
                          created_by=actor, status=EventStatus.SCHEDULED, sequence=0)
    _apply(event, data)
    if event.is_one_to_one:
        event.capacity = None
        _make_slots(event)
    db.session.add(event)
    db.session.flush()
    record("dialogue.event_created", actor, event, kind=event.kind.value)
    return event


def _booked(event: DialogueEvent) -> list[EventSlot]:
    return [slot for slot in event.slots if not slot.is_free]


def _reslot(event: DialogueEvent, old_start: datetime, old_minutes: int | None,
            old_length: timedelta) -> None:
    """Shift the slots with a moved event; make them anew if nobody booked one yet."""
    same_shape = (old_minutes == event.slot_minutes
                  and old_length == event.ends_at - event.starts_at)
    if same_shape:
        delta = event.starts_at - old_start
        for slot in event.slots:
            slot.starts_at, slot.ends_at = slot.starts_at + delta, slot.ends_at + delta
        return
    if _booked(event):
        raise DomainError(_("Meetings are booked: move the whole day, keeping its length and "
                            "the length of each meeting, or cancel the event."),
                          field="slot_minutes")
    event.slots.clear()
    db.session.flush()
    _make_slots(event)


def _registered(event: DialogueEvent) -> list[EventRegistration]:
    return [r for r in event.registrations if r.is_registered]


def _check_capacity_kept(event: DialogueEvent, data: EventInput) -> None:
    seated = [r for r in _registered(event) if r.seat is not None]
    if data.capacity is not None and seated and max(r.seat for r in seated) > data.capacity:
        raise DomainError(ngettext(
            "More people have registered than that: keep at least %(num)d seat.",
            "More people have registered than that: keep at least %(num)d seats.",
            max(r.seat for r in seated)), field="capacity")


def update_event(event: DialogueEvent, actor: User, data: EventInput) -> bool:
    """Change an event; if the time, place or link changed, everyone registered or waiting
    is told with the new calendar file (same UID, next SEQUENCE). Returns whether they were."""
    if data.kind != event.kind:
        raise DomainError(_("The kind of an event cannot change."), field="kind")
    check_event(data, event.challenge)
    _check_capacity_kept(event, data)
    before = (event.starts_at, event.ends_at, event.location, event.online_url)
    old_start, old_minutes = event.starts_at, event.slot_minutes
    old_length = event.ends_at - event.starts_at
    _apply(event, data)
    if event.is_one_to_one:
        event.capacity = None
        _reslot(event, old_start, old_minutes, old_length)
    changed = before != (event.starts_at, event.ends_at, event.location, event.online_url)
    if changed:
        event.sequence += 1
        event.reminders_sent_at = None
    db.session.flush()
    record("dialogue.event_changed", actor, event, moved=changed)
    if changed:
        _tell_everyone(event, "dialogue/event_changed")
    if not event.is_one_to_one:
        _promote_to_seats(event)  # more seats: the waiting list moves up
    return changed


def cancel_event(event: DialogueEvent, actor: User, reason: str) -> None:
    """Cancel an event; everyone registered or waiting is told, with a cancelling .ics."""
    if event.is_cancelled:
        raise DomainError(_("The event is already cancelled."), status=409)
    event.status = EventStatus.CANCELLED
    event.cancelled_at = utcnow()
    event.cancel_reason = reason.strip()
    event.sequence += 1
    db.session.flush()
    record("dialogue.event_cancelled", actor, event)
    _tell_everyone(event, "dialogue/event_cancelled")


def cancel_events_of_withdrawn(challenge, actor: User) -> None:
    """Cancel a withdrawn challenge's events still to come (everyone registered or waiting
    is told, with the withdrawal's reason); events already held keep their summaries."""
    for event in queries.events_of_challenge(challenge):
        if not event.is_cancelled and not event.has_ended:
            cancel_event(event, actor, challenge.withdrawn_reason or "")


# -- telling people -------------------------------------------------------------------------

def slot_of(event: DialogueEvent, organisation_id: int) -> EventSlot | None:
    """The one-to-one slot an organisation booked, if any."""
    return next((s for s in event.slots if s.organisation_id == organisation_id), None)


def tell(key: str, registration: EventRegistration, **context) -> None:
    """Tell one registered or waiting person, with the calendar file if registered."""
    event = registration.event
    slot = slot_of(event, registration.organisation_id)
    files = [calendar.invitation(event, slot)] if (
        registration.is_registered or key == "dialogue/event_cancelled") else []
    notify(key, [registration.user], attachments=files, event=event,
           registration=registration, slot=slot, **context)


def _tell_everyone(event: DialogueEvent, key: str) -> None:
    for registration in event.registrations:
        if registration.status != RegistrationStatus.CANCELLED:
            tell(key, registration)


def organisers_of(event: DialogueEvent) -> list[User]:
    """The people at the organising organisations (owner and co-owners, or coordinator)."""
    if event.challenge is not None:
        organisations = event.challenge.owners
    else:
        coordinator = event.planned_procurement.network.coordinator
        organisations = [coordinator] if coordinator else []
    return [m.user for o in organisations for m in o.memberships]


# -- registering ----------------------------------------------------------------------------

def _active(event: DialogueEvent) -> list[EventRegistration]:
    return [r for r in event.registrations if r.status != RegistrationStatus.CANCELLED]


def _free_number(taken: set[int], limit: int | None) -> int | None:
    number = 1
    while number in taken:
        number += 1
    return number if limit is None or number <= limit else None


def _fresh(event: DialogueEvent) -> None:
    """Read the event's registrations and slots again (another request may have changed
    them since this one read them)."""
    db.session.refresh(event, ["registrations", "slots"])


def _check_may_register(event: DialogueEvent, user: User, organisation: Organisation) -> None:
    if organisation not in supplier_organisations(user):
        raise DomainError(_("Choose one of your organisations."), field="organisation")
    if not event.registration_open:
        raise DomainError(_("Registration for this event is closed."), status=409)
    if active_registration(user, event) is not None:
        raise DomainError(_("You are already registered for this event."), status=409)
    if event.winners_only and not is_winner(event, organisation):
        raise DomainError(_("This pitch day is for the winners of the challenge only."),
                          status=403, field="organisation")


def _save(event: DialogueEvent, user: User, organisation: Organisation, place: int,
          status: RegistrationStatus, seat: int | None) -> EventRegistration | None:
    """Write the registration (the person's earlier, cancelled one is reused) in a
    savepoint; None if a unique constraint refused it (another request took the same seat
    or place first)."""
    earlier = next((r for r in event.registrations if r.user_id == user.id), None)
    try:
        with db.session.begin_nested():
            registration = earlier or EventRegistration(event_id=event.id, user_id=user.id)
            registration.organisation_id, registration.place = organisation.id, place
            registration.status, registration.seat = status, seat
            registration.cancelled_at = None
            db.session.add(registration)
            db.session.flush()
    except IntegrityError:
        _fresh(event)
        return None
    db.session.expire(event, ["registrations"])
    return registration


def register(event: DialogueEvent, user: User, organisation: Organisation,
             slot_id: int | None = None) -> EventRegistration:
    """Register a supplier's person: a seat (or their organisation's one-to-one slot) if
    one is free, otherwise a place on the waiting list. They are told either way."""
    _check_may_register(event, user, organisation)
    for _attempt in range(RETRIES):
        registration = _attempt_registration(event, user, organisation, slot_id)
        if registration is not None:
            record("dialogue.registered", user, event, status=registration.status.value)
            tell("dialogue/registered" if registration.is_registered else "dialogue/waiting",
                 registration)
            return registration
    raise DomainError(_("Many people are registering right now: please try again."),
                      status=409)


def _place(event: DialogueEvent, organisation: Organisation) -> int:
    taken = {r.place for r in _active(event) if r.organisation_id == organisation.id}
    place = _free_number(taken, event.people_per_organisation)
    if place is None:
        raise DomainError(ngettext(
            "Your organisation has already registered %(num)d person, the most this event allows.",
            "Your organisation has already registered %(num)d people, the most this event allows.",
            event.people_per_organisation), status=409)
    return place


def _attempt_registration(event, user, organisation, slot_id) -> EventRegistration | None:
    place = _place(event, organisation)
    seat, status = None, RegistrationStatus.WAITING
    if event.is_one_to_one:
        if slot_of(event, organisation.id) or _book(event, organisation, user, slot_id):
            status = RegistrationStatus.REGISTERED
    else:
        seat = _free_number({r.seat for r in _registered(event)}, event.capacity)
        status = RegistrationStatus.WAITING if seat is None else RegistrationStatus.REGISTERED
    return _save(event, user, organisation, place, status, seat)


def _book(event: DialogueEvent, organisation: Organisation, user: User,
          slot_id: int | None) -> bool:
    """Book a free slot for the organisation (the chosen one, else the first free one);
    False if none is free. A conditional update: of two requests for the last slot, the
    database lets exactly one change it."""
    free = [s for s in event.slots if s.is_free and (slot_id is None or s.id == slot_id)]
    taken = any(_take_slot(event, slot, organisation, user) for slot in free)
    if slot_id is not None and not taken:
        raise DomainError(_("That meeting time has just been taken: choose another."),
                          status=409, field="slot")
    return taken


def _take_slot(event: DialogueEvent, slot: EventSlot, organisation: Organisation,
               user: User | None) -> bool:
    try:
        with db.session.begin_nested():
            taken = db.session.execute(
                update(EventSlot).where(EventSlot.id == slot.id,
                                        EventSlot.organisation_id.is_(None))
                .values(organisation_id=organisation.id, booked_by_id=getattr(user, "id", None),
                        booked_at=utcnow())
                .execution_options(synchronize_session=False)).rowcount
    except IntegrityError:  # the organisation got another slot at the same second
        taken = 0
    db.session.refresh(slot)
    return taken == 1


def cancel_registration(registration: EventRegistration, actor: User) -> None:
    """Cancel a registration or a place on the waiting list; a freed seat or slot goes to
    the first on the waiting list, who is told."""
    event = registration.event
    was_registered = registration.is_registered
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.seat = registration.place = None
    db.session.flush()
    record("dialogue.registration_cancelled", actor, event)
    if was_registered:
        _fill_freed(event, registration.organisation_id)


def _waiting(event: DialogueEvent) -> list[EventRegistration]:
    return sorted((r for r in event.registrations if r.is_waiting), key=lambda r: r.id)


def _fill_freed(event: DialogueEvent, organisation_id: int) -> None:
    if not event.is_one_to_one:
        _promote_to_seats(event)
        return
    still_there = any(r.organisation_id == organisation_id for r in _registered(event))
    slot = slot_of(event, organisation_id)
    if slot is None or still_there:
        return
    slot.organisation_id = slot.booked_by_id = slot.booked_at = None
    db.session.flush()
    _promote_to_slot(event, slot)


def _promote_to_seats(event: DialogueEvent) -> None:
    for registration in _waiting(event):
        seat = _free_number({r.seat for r in _registered(event)}, event.capacity)
        if seat is None:
            return
        registration.status, registration.seat = RegistrationStatus.REGISTERED, seat
        db.session.flush()
        tell("dialogue/promoted", registration)


def _promote_to_slot(event: DialogueEvent, slot: EventSlot) -> None:
    waiting = _waiting(event)
    if not waiting:
        return
    first = waiting[0]
    if not _take_slot(event, slot, first.organisation, first.user):
        return
    for registration in waiting:
        if registration.organisation_id == first.organisation_id:
            registration.status = RegistrationStatus.REGISTERED
            db.session.flush()
            tell("dialogue/promoted", registration)


# -- after the meeting: the summary for all, the buyer's own notes ------------------------

def publish_summary(event: DialogueEvent, actor: User, text: str) -> None:
    """Publish (or correct) what was said, for everyone; the first time, the people who
    registered are told. Equal treatment: what one supplier heard, all may read."""
    first = event.summary_published_at is None
    event.summary_text = text.strip()
    event.summary_published_at = event.summary_published_at or utcnow()
    db.session.flush()
    record("dialogue.summary_published", actor, event, first=first)
    if first:
        notify("dialogue/summary_published", [r.user for r in _registered(event)], event=event)


def save_note(event: DialogueEvent, organisation: Organisation, actor: User, text: str) -> None:
    """Keep the organisers' own note of a one-to-one meeting (never published)."""
    note = next((n for n in event.notes if n.organisation_id == organisation.id), None)
    if note is None:
        note = MeetingNote(organisation=organisation)
        event.notes.append(note)
    note.text, note.author = text.strip(), actor
    db.session.flush()


MATERIAL_OWNER = "dialogue_material"


def add_material(event: DialogueEvent, actor: User, upload) -> Attachment:
    """Add a file shown at the meeting (checked like every upload); public with the
    summary."""
    attachment = attachments.store(upload, MATERIAL_OWNER, event.id, actor)
    record("dialogue.material_added", actor, event, filename=attachment.filename)
    return attachment


def material_of(event: DialogueEvent) -> list[Attachment]:
    """The files shown at the meeting, oldest first."""
    return attachments.attachments_of(MATERIAL_OWNER, event.id)


def remove_material(event: DialogueEvent, actor: User, attachment_id: int) -> None:
    """Remove one of the meeting's files (DomainError 404 if it is not the event's)."""
    attachment = next((a for a in material_of(event) if a.id == attachment_id), None)
    if attachment is None:
        raise DomainError(_("That file does not exist."), 404)
    record("dialogue.material_removed", actor, event, filename=attachment.filename)
    attachments.delete(attachment)


# -- reading --------------------------------------------------------------------------------

def coming_registrations(user: User) -> list[EventRegistration]:
    """The person's registrations and waiting places for events that have not ended."""
    return list(db.session.scalars(select(EventRegistration).join(DialogueEvent).where(
        EventRegistration.user_id == user.id, DialogueEvent.ends_at > utcnow(),
        EventRegistration.status != RegistrationStatus.CANCELLED)))


def counts(event: DialogueEvent) -> dict[str, int]:
    """How many are registered and waiting, and how many seats or slots are free."""
    registered = _registered(event)
    if event.is_one_to_one:
        free = sum(1 for s in event.slots if s.is_free)
    else:
        free = None if event.capacity is None else max(event.capacity - len(registered), 0)
    return {"registered": len(registered), "waiting": len(_waiting(event)), "free": free}


def participants(event: DialogueEvent) -> list[EventRegistration]:
    """Registered people first, then the waiting list, in the order they came."""
    return _registered(event) + _waiting(event)


# -- the personal calendar feed -------------------------------------------------------------

FEED_PURPOSE = "dialogue.calendar_feed"
FEED_MAX_AGE = 10 * 365 * 24 * 3600  # the address works until replaced


def _feed_key(user: User) -> CalendarFeedKey | None:
    return db.session.scalar(select(CalendarFeedKey).where(CalendarFeedKey.user_id == user.id))


def _generation(key: CalendarFeedKey | None) -> int:
    return key.generation if key is not None else 0


def feed_token(user: User) -> str:
    """The secret of the person's calendar-feed address (signed: user and generation)."""
    return make_token(FEED_PURPOSE, [user.id, _generation(_feed_key(user))])


def renew_feed(user: User) -> str:
    """A new feed address; every earlier one stops working."""
    key = _feed_key(user)
    if key is None:
        key = CalendarFeedKey(user_id=user.id, generation=0)
        db.session.add(key)
    key.generation += 1
    db.session.flush()
    record("dialogue.feed_renewed", user, user)
    return feed_token(user)


def user_for_feed(token: str) -> User | None:
    """The person a feed address belongs to, or None if it is unknown or replaced."""
    try:
        user_id, generation = read_token(FEED_PURPOSE, token, FEED_MAX_AGE)
    except (TokenError, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or _generation(_feed_key(user)) != generation:
        return None
    return user if user is not None and user.is_active_account else None
