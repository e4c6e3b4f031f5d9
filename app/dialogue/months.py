"""The month view of the calendar: which month, its weeks and days in local time."""

from __future__ import annotations

import calendar as calendar_module
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import get_day_names
from flask_babel import format_date, get_locale

from app.core.dates import day_start, local_day
from app.core.db import utcnow


@dataclass(frozen=True)
class MonthGrid:
    """A month as weeks of days (Monday first; days outside the month are None)."""

    first: date
    weeks: list[list[date | None]]

    @property
    def first_instant(self) -> datetime:
        return day_start(self.first)

    @property
    def end_instant(self) -> datetime:
        return day_start(self.next_month)

    @property
    def next_month(self) -> date:
        return date(self.first.year + self.first.month // 12, self.first.month % 12 + 1, 1)

    @property
    def previous_month(self) -> date:
        year, month = (self.first.year - 1, 12) if self.first.month == 1 else (
            self.first.year, self.first.month - 1)
        return date(year, month, 1)


def parse_month(text: str | None) -> date:
    """The first day of a month given as YYYY-MM; this month if missing or unreadable."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1) if 1900 < year < 3000 and 1 <= month <= 12 else _this()
    except ValueError:
        return _this()


def _this() -> date:
    today = local_day(utcnow())
    return date(today.year, today.month, 1)


def month_grid(first: date) -> MonthGrid:
    """The weeks of a month."""
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return MonthGrid(first, [[d if d.month == first.month else None for d in week]
                             for week in weeks])


def weekday_names() -> list[str]:
    """The names of the days of the week, Monday first, in the reader's language."""
    names = get_day_names("abbreviated", locale=get_locale())
    return [names[index] for index in range(7)]


def month_label(first: date) -> str:
    """A month's name and year in the reader's language ("maj 2026")."""
    return format_date(first, "LLLL y")


def events_by_day(events) -> dict[date, list]:
    """Events grouped by the local day they start on."""
    days: dict[date, list] = {}
    for event in events:
        days.setdefault(local_day(event.starts_at), []).append(event)
    return days
