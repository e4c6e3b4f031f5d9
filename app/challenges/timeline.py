"""The dated timeline of a challenge: one entry per phase or dated event.

The challenges area builds the entries it owns (questions, submissions, evaluation,
decision). Areas above it add their own dated entries (dialogue days, for example) by
registering on `extra_entries` in their `init_app`: each registered function is called
with the challenge and the list being built, and appends `TimelineEntry` objects to it.
The .ics file of a challenge is made from the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.core.hooks import Hook


@dataclass(frozen=True)
class TimelineEntry:
    """One dated step: what it is, when it starts and ends (UTC), and where to read more."""

    key: str                       # stable, unique within the challenge (also the .ics UID part)
    label: str
    starts_at: datetime | None
    ends_at: datetime | None = None
    url: str | None = None
    public: bool = True            # False: only the owners see it


extra_entries = Hook("challenges.timeline_extra_entries")
