"""Who may do what in an evaluation. Used by the views and the templates alike."""

from __future__ import annotations

from flask import g

from app.challenges.models import Challenge, ChallengeKind
from app.core.templating import template_global
from app.evaluation.models import JurorStatus, JuryMember
from app.evaluation.services import (
    competing_organisations,
    criteria_lock_reason,
    evaluation_has_opened,
    find_evaluation,
    independence_problem,
    jury_seat,
    scoring_is_open,
)
from app.extensions import db
from app.organisations.permissions import is_member
from app.solutions.models import Solution, SolutionState


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


@template_global
def can_manage_evaluation(user, challenge: Challenge) -> bool:
    """Members of the owner and co-owners run the evaluation of a judged challenge."""
    return (_signed_in(user) and challenge.kind == ChallengeKind.CHALLENGE
            and any(is_member(user, organisation) for organisation in challenge.owners))


@template_global
def can_edit_criteria(user, challenge: Challenge) -> bool:
    """Owners edit the criteria until the first solution arrives (or the first score)."""
    return can_manage_evaluation(user, challenge) and criteria_lock_reason(challenge) is None


@template_global
def can_view_criteria(user, challenge: Challenge) -> bool:
    """Criteria are public with the challenge; owners and jurors see them before that."""
    return challenge.is_public or can_manage_evaluation(user, challenge) or is_juror(
        user, challenge)


@template_global
def is_juror(user, challenge: Challenge) -> bool:
    """True for someone who accepted a seat on the challenge's jury."""
    return jury_seat(user, challenge) is not None


@template_global
def juror_can_view_solution(user, solution: Solution) -> bool:
    """An accepted juror who declared no conflict for this solution, while the evaluation
    is open or done, may see it on the jury's pages (and only there).

    Never a juror whose organisation answers the same challenge: a competitor is
    conflicted with every solution of it, whatever they declared.
    """
    from app.evaluation.scoring import entry_of, has_declared_no_conflict

    seat = jury_seat(user, solution.challenge)
    if seat is None or solution.state != SolutionState.SUBMITTED:
        return False
    if not evaluation_has_opened(solution.challenge) or entry_of(solution) is None:
        return False
    return has_declared_no_conflict(seat, solution.id) and not competing_organisations(
        user, solution.challenge)


@template_global
def can_score_solution(user, solution: Solution) -> bool:
    """A juror who may see the solution scores it while scoring is open, until submitting."""
    seat = jury_seat(user, solution.challenge)
    return (seat is not None and not seat.has_submitted
            and scoring_is_open(solution.challenge) and juror_can_view_solution(user, solution))


@template_global
def can_see_other_scores(user, challenge: Challenge) -> bool:
    """Jurors see each other's scores only after submitting, and only if the owner allows."""
    seat = jury_seat(user, challenge)
    evaluation = find_evaluation(challenge)
    return bool(seat and seat.has_submitted and evaluation
                and evaluation.jurors_see_each_other)


@template_global
def can_view_protocol(user, challenge: Challenge) -> bool:
    """The owner's members read and download the protocol once the evaluation has opened."""
    return can_manage_evaluation(user, challenge) and evaluation_has_opened(challenge)


def can_answer_invitation(user, member: JuryMember) -> bool:
    """The person the invitation was sent to (by address) may accept or decline it."""
    return _signed_in(user) and user.email == member.email


@template_global
def evaluated_anonymously(challenge: Challenge) -> bool:
    """True if the jury evaluates the challenge without seeing who the suppliers are."""
    evaluation = find_evaluation(challenge)
    return bool(evaluation and evaluation.anonymised)


@template_global
def jury_independence_problem(user, challenge: Challenge) -> str | None:
    """Why this person may not join the challenge's jury (their organisation answers it)."""
    return independence_problem(user, challenge) if _signed_in(user) else None


@template_global
def has_jury_seats(user) -> bool:
    """The header shows "Jury" to a person with a seat (or an open invitation) on a jury."""
    if not _signed_in(user):
        return False
    if "has_jury_seats" not in g:  # asked by the header twice (wide and phone menus)
        g.has_jury_seats = db.session.scalar(db.select(JuryMember.id).where(
            JuryMember.user_id == user.id, JuryMember.status.in_(
                [JurorStatus.ACCEPTED, JurorStatus.INVITED])).limit(1)) is not None
    return g.has_jury_seats
