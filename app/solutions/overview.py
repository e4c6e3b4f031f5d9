"""Read-only views over solutions: the supplier dashboard and the challenge page panel."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import selectinload

from app.challenges.models import Challenge, ChallengeFollow, ChallengeState, Clarification
from app.core.db import utcnow
from app.core.templating import template_global
from app.extensions import db
from app.organisations.models import Organisation
from app.solutions import permissions, services
from app.solutions.models import Solution, SolutionResult, SolutionState

# The order of the sections of the supplier dashboard.
STATUS_ORDER = ("draft", "submitted", "withdrawn", "shortlisted", "winner", "not_selected")
UPCOMING_LIMIT = 10


@template_global
def solution_status(solution: Solution) -> str:
    """Draft, submitted or withdrawn, or the published result (winner, shortlisted...)."""
    result = permissions.published_result(solution)
    return result.value if result else solution.state.value


@dataclass
class Dashboard:
    organisations: list[Organisation]
    groups: list[tuple[str, list[Solution]]]
    deadlines: list[Challenge]
    questions: list[Clarification]


def dashboard_for(user) -> Dashboard:
    """A supplier's overview: solutions by status, coming deadlines, questions asked."""
    solutions = solutions_of_user(user)
    by_status: dict[str, list[Solution]] = {status: [] for status in STATUS_ORDER}
    for solution in solutions:
        by_status[solution_status(solution)].append(solution)
    return Dashboard(
        organisations=[m.organisation for m in user.memberships],
        groups=[(status, items) for status, items in by_status.items() if items],
        deadlines=upcoming_deadlines(user, solutions),
        questions=questions_asked_by(user),
    )


def solutions_of_user(user) -> list[Solution]:
    """Every solution of the organisations the user belongs to, newest first."""
    organisation_ids = [m.organisation_id for m in user.memberships]
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        db.select(Solution).filter(Solution.organisation_id.in_(organisation_ids))
        .options(selectinload(Solution.challenge), selectinload(Solution.organisation))
        .order_by(Solution.updated_at.desc(), Solution.id.desc())))


def upcoming_deadlines(user, solutions: list[Solution]) -> list[Challenge]:
    """Open challenges the user follows or is answering, soonest deadline first."""
    active = {s.challenge_id for s in solutions
              if s.state in (SolutionState.DRAFT, SolutionState.SUBMITTED)}
    followed = set(db.session.scalars(
        db.select(ChallengeFollow.challenge_id).filter_by(user_id=user.id)))
    if not active | followed:
        return []
    return list(db.session.scalars(
        db.select(Challenge).filter(
            Challenge.id.in_(active | followed), Challenge.state == ChallengeState.PUBLISHED,
            Challenge.submission_deadline_at > utcnow(),
        ).order_by(Challenge.submission_deadline_at).limit(UPCOMING_LIMIT)))


def questions_asked_by(user) -> list[Clarification]:
    """The questions the user asked, newest first (answers show once published)."""
    return list(db.session.scalars(
        db.select(Clarification).filter_by(asked_by_id=user.id)
        .order_by(Clarification.created_at.desc())))


@dataclass
class Panel:
    """What the challenge page shows about solutions to one visitor."""

    received: int
    is_owner: bool
    accepting: bool
    entries: list[tuple[Organisation, Solution | None]] = field(default_factory=list)
    result_published: bool = False
    winners: list[Organisation] = field(default_factory=list)
    public_summaries: list[Solution] = field(default_factory=list)


@template_global
def solution_panel(challenge: Challenge, user) -> Panel:
    """The solutions part of a challenge page, for this visitor."""
    panel = Panel(
        received=services.submitted_count(challenge),
        is_owner=permissions.can_view_solution_inbox(user, challenge),
        accepting=permissions.accepts_solutions(challenge),
        entries=[(organisation, services.solution_of(challenge, organisation))
                 for organisation in permissions.solution_organisations(user)],
        result_published=permissions.result_is_published(challenge),
    )
    if panel.result_published:
        submitted = _submitted(challenge)
        panel.winners = [s.organisation for s in submitted if s.result == SolutionResult.WINNER]
        panel.public_summaries = [s for s in submitted
                                  if s.summary_public_after_decision and s.public_summary]
    return panel


def _submitted(challenge: Challenge) -> list[Solution]:
    return list(db.session.scalars(
        db.select(Solution).filter_by(challenge_id=challenge.id, state=SolutionState.SUBMITTED)
        .options(selectinload(Solution.organisation))
        .order_by(Solution.submitted_at, Solution.id)))
