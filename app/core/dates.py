"""Dates and times as people type and read them: local time in the configured zone
(`BABEL_DEFAULT_TIMEZONE`, Europe/Stockholm), stored as UTC instants.

The one rule for a date typed without a time: it means 12:00 local time. Midnight would
make "31 May" a deadline that passes as 31 May begins (a day early for most readers) and
lands on the previous day in UTC; noon is the same calendar day everywhere in Europe.
Whole-day periods (funding calls) use `day_start` and `day_end` instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Stockholm"
INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d")
DATE_ONLY_TIME = time(12, 0)
INPUT_FORMAT = "%Y-%m-%dT%H:%M"  # what a datetime-local input shows


def local_zone() -> ZoneInfo:
    """The platform's time zone: the configured one, Europe/Stockholm by default."""
    name = (current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context()
            else None) or DEFAULT_ZONE
    return ZoneInfo(name)


def parse_local_datetime(text: str | None) -> datetime | None:
    """A date and time typed in local time, as UTC; None if empty; ValueError if unreadable.

    Accepts what a datetime-local input sends (2026-05-31T14:00) and what people type
    (2026-05-31 14:00, or 2026-05-31 for noon).
    """
    text = (text or "").strip()
    if not text:
        return None
    for pattern in INPUT_FORMATS:
        try:
            local = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if pattern == "%Y-%m-%d":
            local = datetime.combine(local.date(), DATE_ONLY_TIME)
        return local.replace(tzinfo=local_zone()).astimezone(UTC)
    raise ValueError(text)


def local_input_value(value: datetime | None) -> str:
    """A UTC instant as the local 'YYYY-MM-DDTHH:MM' a datetime-local input shows."""
    return value.astimezone(local_zone()).strftime(INPUT_FORMAT) if value else ""


def day_start(day: date | None) -> datetime | None:
    """The first instant of a local day, in UTC."""
    if day is None:
        return None
    return datetime.combine(day, time.min, local_zone()).astimezone(UTC)


def day_end(day: date | None) -> datetime | None:
    """The last second of a local day, in UTC."""
    if day is None:
        return None
    return datetime.combine(day, time(23, 59, 59), local_zone()).astimezone(UTC)


def local_day(value: datetime | None) -> date | None:
    """The local day of a stored instant."""
    return value.astimezone(local_zone()).date() if value else None
