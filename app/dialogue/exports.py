"""The organisers' participant list as CSV, and how a one-to-one time reads."""

from __future__ import annotations

import csv
import io

from flask_babel import format_datetime
from flask_babel import gettext as _

from app.dialogue import services
from app.dialogue.models import DialogueEvent, EventRegistration


def slot_label(slot) -> str:
    """A slot's time in local time, e.g. "10:00–10:30"."""
    return f"{format_datetime(slot.starts_at, 'HH:mm')}–{format_datetime(slot.ends_at, 'HH:mm')}"


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet does not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(event: DialogueEvent, registration: EventRegistration) -> list[str]:
    slot = services.slot_of(event, registration.organisation_id)
    status = _("Registered") if registration.is_registered else _("Waiting list")
    return [_csv_safe(registration.user.name), registration.user.email,
            _csv_safe(registration.organisation.name), status,
            slot_label(slot) if slot and registration.is_registered else "",
            format_datetime(registration.created_at, "yyyy-MM-dd HH:mm")]


def participants_csv(event: DialogueEvent) -> str:
    """Registered people, then the waiting list: name, address, organisation, status,
    meeting time, when they registered (UTF-8 with a byte order mark, for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("E-mail address"), _("Organisation"), _("Status"),
                     _("Meeting time"), _("Registered")])
    for registration in services.participants(event):
        writer.writerow(_row(event, registration))
    return "\ufeff" + out.getvalue()
