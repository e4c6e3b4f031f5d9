"""My pages: the events a person registered for or organises, and summaries to publish."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.dialogue.models import (
    SUMMARY_KINDS,
    DialogueEvent,
    EventRegistration,
    EventStatus,
    RegistrationStatus,
)
from app.extensions import db

LIMIT = 10


def _rows(user):
    """One query: (event, the person's registration or None), soonest first."""
    now = utcnow()
    mine = and_(EventRegistration.event_id == DialogueEvent.id,
                EventRegistration.user_id == user.id,
                EventRegistration.status != RegistrationStatus.CANCELLED)
    summary_due = and_(DialogueEvent.ends_at <= now, DialogueEvent.kind.in_(SUMMARY_KINDS),
                       DialogueEvent.status == EventStatus.SCHEDULED,
                       DialogueEvent.summary_published_at.is_(None))
    organised = and_(DialogueEvent.created_by_id == user.id,
                     or_(DialogueEvent.ends_at > now, summary_due))
    attending = and_(EventRegistration.id.is_not(None), DialogueEvent.ends_at > now)
    # Only the person's events are joined (not every event with an OR over them).
    candidates = select(EventRegistration.event_id).where(
        EventRegistration.user_id == user.id).union(
        select(DialogueEvent.id).where(DialogueEvent.created_by_id == user.id))
    query = (select(DialogueEvent, EventRegistration).outerjoin(EventRegistration, mine)
             .where(DialogueEvent.id.in_(candidates), or_(attending, organised))
             .order_by(DialogueEvent.starts_at, DialogueEvent.id).limit(LIMIT))
    return db.session.execute(query).all()


def _status(event: DialogueEvent, registration: EventRegistration | None) -> str:
    if event.is_cancelled:
        return _("Cancelled")
    if registration is None:
        return _("Publish the summary") if event.needs_summary else _("You organise it")
    return _("Registered") if registration.is_registered else _("Waiting list")


def workspace_block(user) -> WorkspaceBlock | None:
    """Coming events the person attends or organises, and summaries they owe."""
    if not (user and user.is_authenticated):
        return None
    items = [WorkspaceItem(label=f"{event.kind.label}: {event.title}",
                           url=url_for("dialogue.event", event_id=event.id),
                           due_at=event.starts_at, status=_status(event, registration))
             for event, registration in _rows(user)]
    return WorkspaceBlock(
        key="events", title=_("Events"), items=items,
        empty_text=_("No coming events. Information meetings and one-to-one meetings are "
                     "listed in the calendar."),
        more_label=_("My events and calendar feed"), more_url=url_for("dialogue.mine"),
        order=60)
