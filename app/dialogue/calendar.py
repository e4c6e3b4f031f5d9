"""iCalendar (RFC 5545) files of dialogue events, made with the `icalendar` library.

Every version of an event keeps its UID and carries the event's SEQUENCE, so a calendar
that imported it replaces it when the event moves and removes it when it is cancelled.
The place and the online link are written only into files for people entitled to them
(`with_access`): never into the public feed.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from icalendar import Calendar, Event

from app.core.db import utcnow
from app.core.events import EmailAttachment
from app.core.urls import external_url
from app.dialogue.models import DialogueEvent, EventSlot

PRODUCT = "-//Innovation Arena//Dialogue events//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar(method: str | None = None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _description(event: DialogueEvent, with_access: bool) -> str:
    lines = [event.description.strip()] if event.description.strip() else []
    if with_access and event.online_url:
        lines.append(_("Online: %(url)s", url=event.online_url))
    if event.accessibility.strip():
        lines.append(_("Accessibility: %(text)s", text=event.accessibility.strip()))
    if event.is_cancelled and event.cancel_reason:
        lines.append(_("Cancelled: %(reason)s", reason=event.cancel_reason))
    return "\n\n".join(lines)


def event_component(event: DialogueEvent, with_access: bool = False,
                    slot: EventSlot | None = None) -> Event:
    """One VEVENT: the event (or a person's one-to-one slot in it), same UID throughout."""
    item = Event()
    item.add("uid", event.uid)
    item.add("sequence", event.sequence)
    item.add("dtstamp", utcnow())
    item.add("dtstart", (slot or event).starts_at)
    item.add("dtend", (slot or event).ends_at)
    item.add("summary", f"{event.kind.label}: {event.title}")
    item.add("description", _description(event, with_access))
    item.add("url", external_url("dialogue.event", event_id=event.id))
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if with_access and (event.location or event.online_url):
        item.add("location", event.location or event.online_url)
    return item


def calendar_text(events, with_access: bool = False, method: str | None = None,
                  name: str | None = None, slots: dict | None = None) -> bytes:
    """A calendar with one VEVENT per event; `slots` maps an event id to a person's slot."""
    calendar = _calendar(method, name)
    for event in events:
        calendar.add_component(
            event_component(event, with_access, (slots or {}).get(event.id)))
    return calendar.to_ical()


def invitation(event: DialogueEvent, slot: EventSlot | None = None) -> EmailAttachment:
    """The .ics attached to e-mails to a registered person: the current version (or the
    cancellation), with the place and link."""
    method = "CANCEL" if event.is_cancelled else "PUBLISH"
    data = calendar_text([event], with_access=True, method=method,
                         slots={event.id: slot} if slot else None)
    return EmailAttachment(f"event-{event.id}.ics", "text/calendar", data)


def last_modified(events) -> datetime | None:
    """The newest change among events, for feeds."""
    return max((e.updated_at for e in events), default=None)
