"""One date policy (app/core/dates.py): a date, a date and time, relative time where it
helps; never seconds (except a receipt's exact time, labelled), UTC or numbers only.

The helpers are tested in both languages; every template people read is scanned for the
old ways of writing dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale

from app.core.dates import (
    format_clock,
    format_day,
    format_exact,
    format_moment,
    format_relative,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Machine-readable formats: Atom feeds carry RFC 3339 instants by their standard.
MACHINE_FORMATS = (".xml", ".ics")
FORBIDDEN = ("local_datetime(", "strftime(", "UTC")
NOON_IN_JANUARY = datetime(2027, 1, 3, 11, 0, 5, tzinfo=UTC)  # 12.00.05 in Stockholm


@pytest.mark.parametrize(("locale", "day", "moment", "exact", "clock"), [
    ("sv", "3 januari 2027", "3 januari 2027 kl. 12.00", "3 januari 2027 kl. 12.00.05",
     "12.00"),
    ("en_GB", "3 January 2027", "3 January 2027, 12:00", "3 January 2027, 12:00:05",
     "12:00"),
])
def test_a_date_a_date_and_time_and_an_exact_time(app, locale, day, moment, exact, clock):
    with app.test_request_context(), force_locale(locale):
        assert format_day(NOON_IN_JANUARY) == day
        assert format_moment(NOON_IN_JANUARY) == moment
        assert format_exact(NOON_IN_JANUARY) == exact
        assert format_clock(NOON_IN_JANUARY) == clock
        assert format_day(None) == format_moment(None) == ""


def test_relative_time_in_days_rather_than_weeks(app):
    now = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)
    with app.test_request_context(), force_locale("sv"):
        assert format_relative(now + timedelta(days=29), now) == "om 29 dagar"
        assert format_relative(now - timedelta(hours=3), now) == "för 3 timmar sedan"
    with app.test_request_context(), force_locale("en_GB"):
        assert format_relative(now + timedelta(days=29), now) == "in 29 days"
        assert format_relative(now + timedelta(minutes=30), now) == "in 30 minutes"


def test_no_template_writes_a_date_another_way():
    offending = []
    for path in sorted(TEMPLATES.rglob("*")):
        if not path.is_file() or path.suffix in MACHINE_FORMATS:
            continue
        text = path.read_text(encoding="utf-8")
        offending += [f"{path.relative_to(TEMPLATES)}: {word}" for word in FORBIDDEN
                      if word in text]
    assert not offending, offending
