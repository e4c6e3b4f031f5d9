"""Demo data for the evaluation: a jury for a demo challenge that has closed."""

from __future__ import annotations

from app.accounts.services import find_user_by_email
from app.challenges.models import Challenge, ChallengeKind, ChallengeState
from app.evaluation.models import JuryMember
from app.evaluation.services import (
    accept_invitation,
    criteria_of,
    invite_juror,
    submitted_solutions,
    use_default_criteria,
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


def load_evaluation_demo() -> int:
    """Give the first closed (or in-evaluation) demo challenge with solutions criteria and
    the demo juror as an accepted jury member; does nothing otherwise, or a second time."""
    juror = find_user_by_email(DEMO_JUROR)
    challenge = _demo_challenge()
    inviter = _inviter(challenge) if challenge else None
    if juror is None or challenge is None or inviter is None:
        return 0
    if db.session.scalar(db.select(JuryMember).filter_by(challenge_id=challenge.id,
                                                          email=DEMO_JUROR)):
        return 0
    if not criteria_of(challenge):
        use_default_criteria(challenge, inviter)
    accept_invitation(invite_juror(challenge, inviter, DEMO_JUROR), juror)
    return 1
