"""A person's dialogue data: in their data download, and what erasing the account does."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.dialogue import services
from app.dialogue.models import CalendarFeedKey, EventRegistration
from app.extensions import db


def export(user) -> list[dict]:
    """Every registration of the person (including cancelled ones and waiting places)."""
    registrations = db.session.scalars(select(EventRegistration).where(
        EventRegistration.user_id == user.id).order_by(EventRegistration.id))
    return [{"event": r.event.title, "starts_at": r.event.starts_at.isoformat(),
             "organisation": r.organisation.name, "status": r.status.value,
             "registered_at": r.created_at.isoformat(),
             "cancelled_at": r.cancelled_at and r.cancelled_at.isoformat()}
            for r in registrations]


def erase(user) -> None:
    """Give up the person's places at coming events (the waiting list moves up) and revoke
    their calendar-feed address; registrations for events held stay as the record."""
    for registration in services.coming_registrations(user):
        services.cancel_registration(registration, None)
    db.session.execute(delete(CalendarFeedKey).where(CalendarFeedKey.user_id == user.id))
