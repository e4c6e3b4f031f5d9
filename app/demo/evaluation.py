"""Demo data for the evaluation: a jury for a demo challenge that has closed."""

from __future__ import annotations

from app.accounts.services import find_user_by_email
from app.challenges.models import Challenge, ChallengeKind, ChallengeState
from app.evaluation.models import JuryMember
from app.evaluation.services import (
    accept_invitation,
    criteria_of,
    default_criteria,
    invite_juror,
    replace_criteria,
    submitted_solutions,
)
from app.extensions import db

DEMO_JUROR = "juror@demo.example"


def _demo_challenge() -> Challenge | None:
    candidates = db.session.scalars(db.select(Challenge).where(
        Challenge.kind == ChallengeKind.CHALLENGE,
        Challenge.state.in_([ChallengeState.CLOSED, ChallengeState.IN_EVALUATION]),
    ).order_by(Challenge.id))
    return next((c for c in candidates if submitted_solutions(c)), None)


def _inviter(challenge: Challenge):
    return next((m.user for m in challenge.owner.memberships), None)


def give_judged_challenges_criteria() -> None:
    """Every judged demo challenge gets the suggested criteria (as its buyer would have set
    them before publishing): none is left published without criteria."""
    judged = db.session.scalars(db.select(Challenge).where(
        Challenge.kind == ChallengeKind.CHALLENGE).order_by(Challenge.id))
    for challenge in judged:
        inviter = _inviter(challenge)
        if inviter is not None and not criteria_of(challenge):
            replace_criteria(challenge, inviter, default_criteria(challenge.language))


def load_evaluation_demo() -> int:
    """Give the first closed (or in-evaluation) demo challenge with solutions criteria and
    the demo juror as an accepted jury member; does nothing otherwise, or a second time."""
    give_judged_challenges_criteria()
    juror = find_user_by_email(DEMO_JUROR)
    challenge = _demo_challenge()
    inviter = _inviter(challenge) if challenge else None
    if juror is None or challenge is None or inviter is None:
        return 0
    if db.session.scalar(db.select(JuryMember).filter_by(challenge_id=challenge.id,
                                                          email=DEMO_JUROR)):
        return 0
    accept_invitation(invite_juror(challenge, inviter, DEMO_JUROR), juror)
    return 1
