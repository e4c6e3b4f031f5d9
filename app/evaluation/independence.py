"""Jury independence: nobody from an organisation answering a challenge judges it.

Someone whose organisation has a solution (draft, submitted or withdrawn) on a challenge
cannot accept a seat on its jury (`services.accept_invitation`) and is refused at
invitation when the address belongs to a known account (`services.invite_juror`). If a
juror's organisation starts a solution later, or a juror joins an organisation that has
one, the juror becomes conflicted with every solution of the challenge, any scores are
withdrawn, and the owner is told, all in the transaction of the change: the evaluation's
`init_app` registers `jurors_of_new_supplier` and `juror_joined_supplier` on the hooks of
the solutions and organisations areas.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.services import record
from app.challenges.models import Challenge
from app.challenges.services import owner_members
from app.core.db import utcnow
from app.core.events import EventGroup, notify, register_event
from app.evaluation.models import ConflictDeclaration, JurorStatus, JuryMember
from app.evaluation.scoring import declaration_of, entries_of, withdraw_scores
from app.evaluation.services import competing_organisations, find_evaluation
from app.extensions import db
from app.organisations.models import Membership, Organisation
from app.solutions.models import Solution

JUROR_COMPETING = "evaluation/juror_competing"
register_event(JUROR_COMPETING, EventGroup.EVALUATION, essential=True)


def _accepted_seats(challenge_id: int, user_ids: list[int]) -> list[JuryMember]:
    if not user_ids:
        return []
    return list(db.session.scalars(db.select(JuryMember).where(
        JuryMember.challenge_id == challenge_id, JuryMember.user_id.in_(user_ids),
        JuryMember.status == JurorStatus.ACCEPTED).order_by(JuryMember.id)))


def jurors_of_new_supplier(solution: Solution) -> None:
    """The answering organisation's members who sit on the challenge's jury become
    conflicted with every solution of it."""
    members = [m.user_id for m in solution.organisation.memberships]
    for seat in _accepted_seats(solution.challenge_id, members):
        juror_now_competing(seat, solution.organisation)


def juror_joined_supplier(membership: Membership) -> None:
    """A juror who joins an organisation answering the challenge becomes conflicted."""
    answered = db.session.scalars(db.select(Solution.challenge_id).filter_by(
        organisation_id=membership.organisation_id))
    for challenge_id in set(answered):
        for seat in _accepted_seats(challenge_id, [membership.user_id]):
            juror_now_competing(seat, membership.organisation)


def juror_now_competing(seat: JuryMember, organisation: Organisation) -> None:
    """Make the juror conflicted with every solution, withdraw their scores, tell the owner.

    Nothing changes once the decision is published: the evaluation is over.
    """
    challenge = db.session.get(Challenge, seat.challenge_id)
    evaluation = find_evaluation(challenge)
    if evaluation and evaluation.decision_published:
        return
    withdrawn = conflict_with_every_solution(seat)
    record("evaluation.juror_competing", obj=challenge, juror=seat.email,
           organisation_id=organisation.id, withdrawn_scores=withdrawn)
    notify(JUROR_COMPETING, owner_members(challenge), challenge=challenge, juror=seat,
           withdrawn=withdrawn)


def conflict_with_every_solution(seat: JuryMember) -> int:
    """Record a conflict for every solution taken into the evaluation (none before it
    opens); returns how many of the juror's scores were withdrawn."""
    challenge = db.session.get(Challenge, seat.challenge_id)
    withdrawn = 0
    for entry in entries_of(challenge):
        declaration = declaration_of(seat, entry.solution_id)
        if declaration is None:
            declaration = ConflictDeclaration(solution_id=entry.solution_id, withdrawn_scores=0)
            seat.declarations.append(declaration)
        if not declaration.has_conflict:
            declaration.has_conflict, declaration.declared_at = True, utcnow()
            declaration.declared_by_id = None
            declaration.note = _competitor_note(challenge)
        count = withdraw_scores(seat, entry, None)
        declaration.withdrawn_scores = (declaration.withdrawn_scores or 0) + count
        withdrawn += count
    db.session.flush()
    return withdrawn


def _competitor_note(challenge: Challenge) -> str:
    with force_locale(challenge.language if challenge.language in ("sv", "en") else "sv"):
        return _("Belongs to an organisation that answers this challenge.")


def mark_competitors(challenge: Challenge) -> None:
    """When the evaluation opens: competing jurors are conflicted with every solution."""
    for seat in db.session.scalars(db.select(JuryMember).filter_by(
            challenge_id=challenge.id, status=JurorStatus.ACCEPTED)):
        if seat.user and competing_organisations(seat.user, challenge):
            conflict_with_every_solution(seat)
