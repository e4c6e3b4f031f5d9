"""A challenge's events on its dated timeline (and so in its .ics)."""

from __future__ import annotations

from flask import Flask

from app.challenges.timeline import TimelineEntry, extra_entries
from app.core.urls import external_url
from app.dialogue import queries


def add_events(challenge, entries: list) -> None:
    """Append one entry per event of the challenge (cancelled ones are left out)."""
    for event in queries.events_of_challenge(challenge):
        if event.is_cancelled:
            continue
        entries.append(TimelineEntry(
            key=f"event-{event.id}", label=f"{event.kind.label}: {event.title}",
            starts_at=event.starts_at, ends_at=event.ends_at,
            url=external_url("dialogue.event", event_id=event.id)))


def init_app(app: Flask) -> None:
    """Register on the challenges area's timeline hook."""
    extra_entries.register(add_events)
