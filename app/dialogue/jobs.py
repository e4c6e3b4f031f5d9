"""Scheduled work: reminders the day before, and reminders to publish a summary."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select

from app.core.db import utcnow
from app.core.events import notify
from app.core.jobs import register_job
from app.dialogue import services
from app.dialogue.models import SUMMARY_KINDS, DialogueEvent, EventStatus
from app.extensions import db

REMIND_BEFORE = timedelta(hours=24)
SUMMARY_REMINDER_EVERY = timedelta(days=3)


def send_event_reminders(now=None) -> int:
    """Remind everyone registered, once, when their event is less than a day away."""
    now = now or utcnow()
    events = db.session.scalars(select(DialogueEvent).where(
        DialogueEvent.status == EventStatus.SCHEDULED, DialogueEvent.starts_at > now,
        DialogueEvent.starts_at <= now + REMIND_BEFORE,
        DialogueEvent.reminders_sent_at.is_(None)).with_for_update(skip_locked=True)).all()
    for event in events:
        for registration in event.registrations:
            if registration.is_registered:
                services.tell("dialogue/reminder", registration)
        event.reminders_sent_at = now
    db.session.flush()
    return len(events)


def send_summary_reminders(now=None) -> int:
    """Remind the organisers every few days until a meeting's summary is published."""
    now = now or utcnow()
    events = db.session.scalars(select(DialogueEvent).where(
        DialogueEvent.status == EventStatus.SCHEDULED, DialogueEvent.ends_at <= now,
        DialogueEvent.kind.in_(SUMMARY_KINDS), DialogueEvent.summary_published_at.is_(None),
        or_(DialogueEvent.summary_reminded_at.is_(None),
            DialogueEvent.summary_reminded_at <= now - SUMMARY_REMINDER_EVERY))
        .with_for_update(skip_locked=True)).all()
    for event in events:
        notify("dialogue/summary_due", services.organisers_of(event), event=event)
        event.summary_reminded_at = now
    db.session.flush()
    return len(events)


@register_job("dialogue_reminders", every_seconds=600)
def reminders_job() -> str | None:
    """The worker's job: both kinds of reminder."""
    sent, due = send_event_reminders(), send_summary_reminders()
    return f"{sent} event reminders, {due} summary reminders" if sent or due else None
