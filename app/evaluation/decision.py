"""The owner's decision: winners, shortlist and the rest; published only when ready."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from app.accounts.models import User
from app.audit.services import record
from app.challenges import workflow
from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import Situation, notify
from app.evaluation.models import Evaluation, EvaluationEntry
from app.evaluation.scoring import active_entries, solution_label
from app.evaluation.services import (
    DECISION_NOT_SELECTED,
    DECISION_WINNER,
    evaluation_of,
    find_evaluation,
    scoring_complete,
    unfinished_jurors,
)
from app.extensions import db
from app.solutions.models import Solution, SolutionResult


@dataclass(frozen=True)
class DecisionInput:
    """What the owner enters on the decision page."""

    results: dict[int, SolutionResult | None]  # by entry id
    justification: str
    feedback_for_others: str
    presentation_at: datetime | None
    presentation_place: str
    presentation_booking_url: str


def _require_undecided(challenge: Challenge) -> Evaluation:
    evaluation = find_evaluation(challenge)
    if evaluation is None or not evaluation.is_open:
        raise DomainError(_("The evaluation has not opened yet."), 409)
    if evaluation.decision_published or challenge.state != ChallengeState.IN_EVALUATION:
        raise DomainError(_("The decision has already been published."), 409)
    return evaluation


def save_decision(challenge: Challenge, actor: User, decision: DecisionInput) -> None:
    """Save the draft decision; suppliers see nothing of it until it is published."""
    evaluation = _require_undecided(challenge)
    url = decision.presentation_booking_url.strip()
    if url and not url.startswith(("https://", "http://")):
        raise DomainError(_("Enter a full address starting with https://"),
                          field="presentation_booking_url")
    for entry in active_entries(challenge):
        entry.draft_result = decision.results.get(entry.id)
    evaluation.justification = decision.justification.strip()
    evaluation.feedback_for_others = decision.feedback_for_others.strip()
    evaluation.presentation_at = decision.presentation_at
    evaluation.presentation_place = decision.presentation_place.strip()
    evaluation.presentation_booking_url = url
    db.session.flush()
    record("evaluation.decision_saved", actor=actor, obj=challenge)


def _labels(entries: list[EvaluationEntry]) -> str:
    return ", ".join(solution_label(e) for e in entries)


def decision_problems(challenge: Challenge) -> list[str]:
    """What still stops the decision from being published (empty when it can be)."""
    evaluation = evaluation_of(challenge)
    problems = []
    if not scoring_complete(challenge):
        problems.append(ngettext("Scoring is still open: %(num)d juror has not submitted. Wait "
                                 "for them or close scoring.",
                                 "Scoring is still open: %(num)d jurors have not submitted. Wait "
                                 "for them or close scoring.", len(unfinished_jurors(challenge))))
    undecided = [e for e in active_entries(challenge) if e.draft_result is None]
    if undecided:
        problems.append(_("Choose a result for %(list)s.", list=_labels(undecided)))
    if not evaluation.justification:
        problems.append(_("Write a justification for the decision."))
    if _has_winner(challenge) and not _presentation_given(evaluation):
        problems.append(_("Invite the winners to present: give a date and place, or a link "
                          "where they book a time."))
    return problems


def invitation_fields_missing(challenge: Challenge) -> list[str]:
    """The presentation fields the publish step still needs to invite the winners (empty
    when there is no winner yet or the invitation is complete): date and time and place,
    unless a booking link is given instead."""
    evaluation = evaluation_of(challenge)
    if not _has_winner(challenge) or _presentation_given(evaluation):
        return []
    return [name for name, value in (("presentation_at", evaluation.presentation_at),
                                     ("presentation_place", evaluation.presentation_place))
            if not value]


def _has_winner(challenge: Challenge) -> bool:
    return any(e.draft_result == SolutionResult.WINNER for e in active_entries(challenge))


def _presentation_given(evaluation: Evaluation) -> bool:
    has_date_and_place = evaluation.presentation_at and evaluation.presentation_place
    return bool(has_date_and_place or evaluation.presentation_booking_url)


def publish_decision(challenge: Challenge, actor: User) -> None:
    """Publish the decision: results become visible, suppliers are told, challenge decided.

    The state change goes through the challenge state machine.
    """
    evaluation = _require_undecided(challenge)
    problems = decision_problems(challenge)
    if problems:
        raise DomainError(" ".join(problems), 409)
    now = utcnow()
    entries = active_entries(challenge)
    for entry in entries:
        entry.solution.result = entry.draft_result
    evaluation.decision_published_at = now
    evaluation.decision_published_by_id = actor.id
    workflow.decide(challenge, actor, via_jury=True)  # checks role, logs the move
    record("evaluation.decision_published", actor=actor, obj=challenge,
           winners=", ".join(str(e.number) for e in entries
                             if e.draft_result == SolutionResult.WINNER))
    for entry in entries:
        _tell_supplier(challenge, evaluation, entry.solution)


def _tell_supplier(challenge: Challenge, evaluation: Evaluation, solution: Solution) -> None:
    recipients = [m.user for m in solution.organisation.memberships if m.user.is_active]
    won = solution.result == SolutionResult.WINNER
    event, situation = ((DECISION_WINNER, Situation.SME_WINNING) if won
                        else (DECISION_NOT_SELECTED, Situation.SME_IP))
    # The catalogue promises winners the funding for the next step, and the others
    # the funding that protects what they developed.
    notify(event, recipients, situation=situation, funding_organisation=solution.organisation,
           challenge=challenge, solution=solution, evaluation=evaluation,
           shortlisted=solution.result == SolutionResult.SHORTLISTED)


def published_result(solution: Solution) -> SolutionResult | None:
    """The solution's result once the decision is published; None before (or if none)."""
    evaluation = find_evaluation(solution.challenge)
    if evaluation is None or not evaluation.decision_published:
        return None
    return solution.result
