"""Dates and times as people type and read them: local time in the configured zone
(`BABEL_DEFAULT_TIMEZONE`, Europe/Stockholm), stored as UTC instants.

The one rule for a date typed without a time: it means 12:00 local time. Midnight would
make "31 May" a deadline that passes as 31 May begins (a day early for most readers) and
lands on the previous day in UTC; noon is the same calendar day everywhere in Europe.
Whole-day periods (funding calls) use `day_start` and `day_end` instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import format_date, format_datetime, format_timedelta, get_locale

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


# -- the one date policy for what people read ---------------------------------------------
# A date ("3 januari 2027"), a date and time ("3 januari 2027 kl. 12.00" / "3 January
# 2027, 12:00") and, where it helps, relative time ("om 29 dagar"): never seconds, UTC or
# numbers only; a receipt may show the exact second, labelled as such (`format_exact`).
DAY_PATTERN = "d MMMM y"
MOMENT_PATTERNS = {"sv": "d MMMM y 'kl.' HH.mm", "en": "d MMMM y, HH:mm"}
EXACT_PATTERNS = {"sv": "d MMMM y 'kl.' HH.mm.ss", "en": "d MMMM y, HH:mm:ss"}
SHORT_SPAN = timedelta(days=2)  # below this, babel's own choice of unit reads well
DAYS_UNTIL_WEEKS = 5  # "om 29 dagar" rather than "om 4 veckor"


def _language() -> str:
    locale = get_locale()
    return locale.language if locale and locale.language in MOMENT_PATTERNS else "en"


def format_day(value: datetime | date | None) -> str:
    """A calendar day in words, in local time: "3 januari 2027"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_day(value)
    return format_date(value, DAY_PATTERN)


def format_moment(value: datetime | None) -> str:
    """A date and time, local, to the minute: "3 januari 2027 kl. 12.00"."""
    return format_datetime(value, MOMENT_PATTERNS[_language()]) if value else ""


def format_exact(value: datetime | None) -> str:
    """A date and time to the second, for receipts that say so."""
    return format_datetime(value, EXACT_PATTERNS[_language()]) if value else ""


def format_relative(value: datetime | None, now: datetime | None = None) -> str:
    """How far away an instant is: "om 29 dagar", "för 3 timmar sedan"."""
    if value is None:
        return ""
    delta = value - (now or datetime.now(UTC))
    threshold = 0.85 if abs(delta) < SHORT_SPAN else DAYS_UNTIL_WEEKS
    return format_timedelta(delta, add_direction=True, threshold=threshold)


DATE_FILTERS = {"day": format_day, "moment": format_moment, "relative": format_relative,
                "exact_moment": format_exact}


CLOCK_PATTERNS = {"sv": "HH.mm", "en": "HH:mm"}


def format_clock(value: datetime | None) -> str:
    """A time of day, local, for a span within one day ("12.00–13.30")."""
    return format_datetime(value, CLOCK_PATTERNS[_language()]) if value else ""


DATE_FILTERS["clock"] = format_clock
