"""Deadline reminders to jurors who have not finished (run by the worker as a job)."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.core.events import notify
from app.core.jobs import register_job
from app.evaluation.models import Evaluation
from app.evaluation.scoring import progress_of
from app.evaluation.services import JUROR_REMINDER, unfinished_jurors
from app.extensions import db

REMINDER_LEAD_TIMES = (timedelta(days=3), timedelta(days=1))


def due_reminder_point(deadline: datetime, now: datetime) -> datetime | None:
    """The latest reminder moment (3 days, then 1 day before) that has passed, if any."""
    if now >= deadline:
        return None
    passed = [deadline - lead for lead in REMINDER_LEAD_TIMES if now >= deadline - lead]
    return max(passed) if passed else None


def _challenges_in_scoring() -> list[Challenge]:
    return list(db.session.scalars(
        db.select(Challenge).join(Evaluation, Evaluation.challenge_id == Challenge.id).where(
            Challenge.state == ChallengeState.IN_EVALUATION,
            Challenge.evaluation_deadline_at.is_not(None),
            Evaluation.opened_at.is_not(None), Evaluation.scoring_closed_at.is_(None))))


def send_juror_reminders(now: datetime | None = None) -> int:
    """Remind each unfinished juror once per reminder moment; returns how many were sent."""
    now = now or utcnow()
    sent = 0
    for challenge in _challenges_in_scoring():
        point = due_reminder_point(challenge.evaluation_deadline_at, now)
        if point is None:
            continue
        for member in unfinished_jurors(challenge):
            if member.user is None or (member.last_reminded_at and
                                       member.last_reminded_at >= point):
                continue
            progress = progress_of(member)
            notify(JUROR_REMINDER, [member.user], challenge=challenge,
                   scored=progress.scored, total=progress.total)
            member.last_reminded_at = now
            sent += 1
    db.session.flush()
    return sent


@register_job("jury_reminders", every_seconds=3600)
def jury_reminders_job() -> str | None:
    """Remind jurors of the evaluation deadline (three days and one day before)."""
    count = send_juror_reminders()
    return f"reminded {count} jurors" if count else None
