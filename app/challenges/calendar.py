"""iCalendar (RFC 5545) file with a challenge's deadlines, in UTC."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.challenges.models import Challenge
from app.challenges.timeline import TimelineEntry, extra_entries
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


def _event(challenge: Challenge, key: str, summary: str, at: datetime, url: str,
           host: str, ends: datetime | None = None) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:challenge-{challenge.id}-{key}@{host}",
        f"DTSTAMP:{_utc(utcnow())}",
        f"DTSTART:{_utc(at)}",
        f"DTEND:{_utc(ends or at)}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(challenge.summary)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def _extra_entries(challenge: Challenge) -> list[TimelineEntry]:
    """The dated entries other areas add (dialogue events): public ones with a date."""
    entries: list[TimelineEntry] = []
    extra_entries(challenge, entries)
    return [e for e in entries if e.public and e.starts_at is not None]


def challenge_calendar(challenge: Challenge, url: str, host: str) -> str:
    """The .ics text: one event per deadline (questions, submissions, evaluation) and per
    dated entry other areas add to the timeline (meetings and pitch days)."""
    deadlines = [
        ("questions", _("Deadline for questions: %(title)s", title=challenge.title),
         challenge.question_deadline_at),
        ("submissions", _("Deadline for submissions: %(title)s", title=challenge.title),
         challenge.submission_deadline_at),
        ("evaluation", _("Evaluation ends: %(title)s", title=challenge.title),
         challenge.evaluation_deadline_at),
    ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Innovation Arena//Challenges//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for key, summary, at in deadlines:
        if at is not None:
            lines += _event(challenge, key, summary, at, url, host)
    for entry in _extra_entries(challenge):
        lines += _event(challenge, entry.key, entry.label, entry.starts_at, entry.url or url,
                        host, entry.ends_at)
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
