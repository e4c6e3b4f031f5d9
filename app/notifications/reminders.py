"""Deadline reminders: suppliers with a draft solution are told 7 days and 1 day before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.core.events import Situation, notify
from app.extensions import db
from app.notifications.models import DeadlineReminder, ReminderKind
from app.solutions.models import Solution, SolutionState

REMINDER_EVENT = "notifications/deadline_reminder"
WINDOWS = {ReminderKind.SEVEN_DAYS: timedelta(days=7), ReminderKind.ONE_DAY: timedelta(days=1)}


def reminder_kind(deadline: datetime, now: datetime) -> ReminderKind | None:
    """Which reminder is due now: 1 day before wins over 7 days before; none after the end."""
    left = deadline - now
    if left <= timedelta(0):
        return None
    if left <= WINDOWS[ReminderKind.ONE_DAY]:
        return ReminderKind.ONE_DAY
    if left <= WINDOWS[ReminderKind.SEVEN_DAYS]:
        return ReminderKind.SEVEN_DAYS
    return None


def drafts_near_deadline(now: datetime) -> list[Solution]:
    """Draft solutions to open challenges whose submission deadline is within 7 days."""
    return list(db.session.scalars(
        db.select(Solution).join(Solution.challenge)
        .where(Solution.state == SolutionState.DRAFT,
               Challenge.state == ChallengeState.PUBLISHED,
               Challenge.is_paused.is_(False),
               Challenge.submission_deadline_at > now,
               Challenge.submission_deadline_at <= now + WINDOWS[ReminderKind.SEVEN_DAYS])
        .order_by(Solution.id)
    ))


def _record_once(solution: Solution, kind: ReminderKind) -> bool:
    """Record the reminder; False if it was already sent (by us or another worker)."""
    try:
        with db.session.begin_nested():
            db.session.add(DeadlineReminder(solution_id=solution.id, kind=kind,
                                            deadline_at=solution.challenge.submission_deadline_at))
    except IntegrityError:
        return False
    return True


def _already_sent(solution_ids: list[int]) -> set[tuple[int, ReminderKind]]:
    if not solution_ids:
        return set()
    rows = db.session.execute(db.select(DeadlineReminder.solution_id, DeadlineReminder.kind)
                              .where(DeadlineReminder.solution_id.in_(solution_ids)))
    return {(solution_id, kind) for solution_id, kind in rows}


@dataclass
class ReminderReport:
    solutions: int = 0
    messages: int = 0


def remind(solution: Solution, kind: ReminderKind) -> int:
    """Tell every member of the supplier about its draft; returns the e-mails queued now."""
    organisation = solution.organisation
    messages = notify(REMINDER_EVENT, [m.user for m in organisation.memberships],
                      situation=Situation.SME_ANSWERING, funding_organisation=organisation,
                      challenge=solution.challenge, organisation=organisation, kind=kind.value,
                      deadline=solution.challenge.submission_deadline_at)
    return len(messages)


def send_deadline_reminders(now: datetime | None = None) -> ReminderReport:
    """Remind the members of each supplier with a draft, once per reminder kind."""
    now = now or utcnow()
    report = ReminderReport()
    drafts = drafts_near_deadline(now)
    sent = _already_sent([s.id for s in drafts])
    for solution in drafts:
        kind = reminder_kind(solution.challenge.submission_deadline_at, now)
        if kind is None or (solution.id, kind) in sent or not _record_once(solution, kind):
            continue
        report.messages += remind(solution, kind)
        report.solutions += 1
        db.session.commit()
    return report
