"""The people registered for an event as a group buyers announce to (the messages area's
announcements), e.g. "Everyone registered for Information meeting, 12 March"."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.dialogue import queries
from app.dialogue.models import DialogueEvent, EventRegistration, RegistrationStatus

AUDIENCE = "dialogue/registrants"


def registrant_ids(challenge_id: int, target_id: int | None = None):
    """The people registered or waiting for the challenge's event `target_id`."""
    return (select(EventRegistration.user_id).join(DialogueEvent)
            .where(DialogueEvent.challenge_id == challenge_id,
                   DialogueEvent.id == target_id,
                   EventRegistration.status != RegistrationStatus.CANCELLED))


def announceable_events(challenge) -> list[tuple[int, str]]:
    """The challenge's events that take place, as (id, "title, date")."""
    return [(event.id, f"{event.title}, {format_datetime(event.starts_at, 'd MMMM y')}")
            for event in queries.events_of_challenge(challenge) if not event.is_cancelled]


def init_app(app: Flask) -> None:
    """Offer each event's registrants as a group in the buyer's announcements."""
    from app.core.events import register_audience
    from app.messages.announcements import TO_PARTICIPANTS, register_target

    register_audience(AUDIENCE, registrant_ids)
    register_target("event", _l("Everyone registered for %(name)s"), AUDIENCE,
                    TO_PARTICIPANTS, objects=announceable_events)
