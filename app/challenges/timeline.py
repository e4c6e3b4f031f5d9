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

from flask_babel import lazy_gettext as _l

from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.core.hooks import Hook
from app.core.templating import template_global


@dataclass(frozen=True)
class TimelineEntry:
    """One dated step: what it is, when it starts and ends (UTC), and where to read more."""

    key: str                       # stable, unique within the challenge (also the .ics UID part)
    label: str
    starts_at: datetime | None
    ends_at: datetime | None = None
    url: str | None = None
    public: bool = True            # False: only the owners see it

    @property
    def starts_iso(self) -> str:
        """The start as an RFC 3339 UTC instant (a page's machine-readable <time>)."""
        return self.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ") if self.starts_at else ""


extra_entries = Hook("challenges.timeline_extra_entries")


# The phases every challenge goes through, in order; dated entries other areas add are
# placed among them by date.
PHASES = (
    ("published", _l("Published"), "published_at"),
    ("questions", _l("Deadline for questions"), "question_deadline_at"),
    ("submissions", _l("Deadline for submissions"), "submission_deadline_at"),
    ("evaluation", _l("Evaluation ends"), "evaluation_deadline_at"),
    ("decision", _l("Decision"), "decided_at"),
    ("outcome", _l("Outcome recorded"), "outcome_recorded_at"),
)


@dataclass(frozen=True)
class TimelineStep:
    """An entry as the challenge page shows it: done, where the challenge is now, or ahead."""

    entry: TimelineEntry
    status: str  # "done", "current" or "upcoming"


def _phase_entries(challenge: Challenge) -> list[TimelineEntry]:
    return [TimelineEntry(key=key, label=str(label), starts_at=getattr(challenge, field))
            for key, label, field in PHASES]


def _added_entries(challenge: Challenge) -> list[TimelineEntry]:
    """The public entries other areas add (dialogue days), by date; undated ones are left
    out, as they cannot be placed."""
    added: list[TimelineEntry] = []
    extra_entries(challenge, added)
    return sorted((e for e in added if e.public and e.starts_at is not None),
                  key=lambda e: e.starts_at)


def challenge_timeline(challenge: Challenge) -> list[TimelineEntry]:
    """Every phase in order (dated or not), with the other areas' dated entries merged in
    by date: the one list the challenge page and its .ics file are made from."""
    added, merged = _added_entries(challenge), []
    for phase in _phase_entries(challenge):
        while phase.starts_at is not None and added and added[0].starts_at < phase.starts_at:
            merged.append(added.pop(0))
        merged.append(phase)
    return merged + added


def current_key(challenge: Challenge, now: datetime | None = None) -> str | None:
    """The phase the challenge is in now (None for a draft, one in review or withdrawn)."""
    state = challenge.effective_state
    if state == ChallengeState.PUBLISHED:
        deadline = challenge.question_deadline_at
        return "questions" if deadline and (now or utcnow()) < deadline else "submissions"
    return CURRENT_BY_STATE.get(state)


CURRENT_BY_STATE = {ChallengeState.CLOSED: "evaluation", ChallengeState.IN_EVALUATION:
                    "evaluation", ChallengeState.DECIDED: "decision",
                    ChallengeState.OUTCOME_RECORDED: "outcome"}


@template_global
def timeline_steps(challenge: Challenge) -> list[TimelineStep]:
    """The timeline with each entry marked done, current or upcoming: a phase by where
    the challenge is, an added entry (a dialogue day) by whether it has passed."""
    entries, now = challenge_timeline(challenge), utcnow()
    phases = [entry.key for entry in entries if entry.key in PHASE_KEYS]
    current = current_key(challenge, now)
    position = phases.index(current) if current in phases else -1
    return [TimelineStep(entry, _status(entry, phases, position, now)) for entry in entries]


PHASE_KEYS = frozenset(key for key, _label, _field in PHASES)


def _status(entry: TimelineEntry, phases: list[str], position: int, now: datetime) -> str:
    if entry.key not in PHASE_KEYS:
        return "done" if (entry.ends_at or entry.starts_at) < now else "upcoming"
    index = phases.index(entry.key)
    return "done" if index < position else "current" if index == position else "upcoming"
