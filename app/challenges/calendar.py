"""iCalendar (RFC 5545) file with a challenge's deadlines, in UTC."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.challenges.models import Challenge
from app.challenges.timeline import TimelineEntry, challenge_timeline
from app.core.db import utcnow


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _utc(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    parts, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            parts.append(current)
            current = " "
        current += char
    return [*parts, current]


def _event(challenge: Challenge, entry: TimelineEntry, url: str, host: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:challenge-{challenge.id}-{entry.key}@{host}",
        f"DTSTAMP:{_utc(utcnow())}",
        f"DTSTART:{_utc(entry.starts_at)}",
        f"DTEND:{_utc(entry.ends_at or entry.starts_at)}",
        f"SUMMARY:{_escape(_('%(what)s: %(title)s', what=entry.label, title=challenge.title))}",
        f"DESCRIPTION:{_escape(challenge.summary)}",
        f"URL:{entry.url or url}",
        "END:VEVENT",
    ]


def challenge_calendar(challenge: Challenge, url: str, host: str) -> str:
    """The .ics text: one event per dated entry of the challenge's timeline (its phases
    and what other areas add, such as meetings and pitch days), as the page shows them."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Innovation Arena//Challenges//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for entry in challenge_timeline(challenge):
        if entry.public and entry.starts_at is not None:
            lines += _event(challenge, entry, url, host)
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
