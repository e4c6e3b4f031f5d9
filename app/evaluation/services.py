"""Evaluation set-up and lifecycle: criteria, options, the jury, opening and closing.

Scoring and conflicts live in `scoring.py`, the owner's decision in `decision.py`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.services import find_user_by_email, normalise_email
from app.audit.services import record
from app.challenges import workflow
from app.challenges.models import Challenge, ChallengeKind, ChallengeState
from app.challenges.publication import ChecklistItem
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, queue_email, register_event
from app.core.events import event as catalogue_event
from app.core.i18n import invitation_language
from app.core.tokens import hash_token, random_token
from app.evaluation.models import (
    Criterion,
    Evaluation,
    EvaluationEntry,
    JurorStatus,
    JuryMember,
    Score,
)
from app.extensions import db
from app.organisations.models import Organisation
from app.solutions.models import Solution, SolutionState

JURY_INVITATION = "evaluation/jury_invitation"
EVALUATION_OPENED = "evaluation/evaluation_opened"
JUROR_REMINDER = "evaluation/juror_reminder"
DECISION_WINNER = "evaluation/decision_winner"
DECISION_NOT_SELECTED = "evaluation/decision_not_selected"

register_event(JURY_INVITATION, EventGroup.EVALUATION, essential=True)
register_event(EVALUATION_OPENED, EventGroup.EVALUATION, essential=True)
register_event(JUROR_REMINDER, EventGroup.EVALUATION)
register_event(DECISION_WINNER, EventGroup.SOLUTIONS, essential=True)
register_event(DECISION_NOT_SELECTED, EventGroup.SOLUTIONS, essential=True)

SCALES: dict[str, tuple[int, int]] = {"0-5": (0, 5), "1-5": (1, 5), "0-10": (0, 10),
                                      "1-10": (1, 10)}
DEFAULT_SCALE = "0-5"
# The suggested set (IÖB practice); names are stored in the challenge's language.
DEFAULT_CRITERIA = (
    (_l("Fit with the need"),
     _l("How well the solution achieves the functional requirements and desired effects."),
     25),
    (_l("Degree of innovation"),
     _l("How new the solution is compared with what the market already offers."), 20),
    (_l("Feasibility and maturity"),
     _l("How realistic it is to put the solution to use: maturity (TRL), plan, team."), 15),
    (_l("Sustainability / Agenda 2030"),
     _l("Environmental, social and economic sustainability; contribution to the global "
        "goals."), 15),
    (_l("Scalability beyond this buyer"),
     _l("Whether other public buyers could use the solution too."), 10),
    (_l("Cost and value"),
     _l("Indicative price or price model weighed against the expected benefits."), 15),
)
EDITABLE_STATES = frozenset({ChallengeState.DRAFT, ChallengeState.IN_REVIEW,
                             ChallengeState.PUBLISHED, ChallengeState.CLOSED,
                             ChallengeState.IN_EVALUATION})
UNPUBLISHED_STATES = frozenset({ChallengeState.DRAFT, ChallengeState.IN_REVIEW})
CRITERIA_LOCKED = _l("The criteria were fixed when the challenge was published: suppliers "
                     "answer with them in mind, so they can no longer change.")
EVALUATED_STATES = frozenset({ChallengeState.IN_EVALUATION, ChallengeState.DECIDED,
                              ChallengeState.OUTCOME_RECORDED})


# --- the evaluation record ---------------------------------------------------------------

def evaluation_of(challenge: Challenge) -> Evaluation:
    """The challenge's evaluation settings, created on first use."""
    evaluation = find_evaluation(challenge)
    if evaluation is None:
        evaluation = Evaluation(challenge=challenge)
        db.session.add(evaluation)
        db.session.flush()
    return evaluation


def evaluation_for_reading(challenge: Challenge) -> Evaluation:
    """The challenge's evaluation settings, or the defaults unsaved: a page that only shows
    them must not write (GET requests do not take SQLite's write lock)."""
    return find_evaluation(challenge) or Evaluation(
        challenge_id=challenge.id, anonymised=False, jurors_see_each_other=False)


def find_evaluation(challenge: Challenge) -> Evaluation | None:
    """The challenge's evaluation settings, if any were made."""
    return db.session.scalar(db.select(Evaluation).filter_by(challenge_id=challenge.id))


def evaluation_has_opened(challenge: Challenge) -> bool:
    """True once the evaluation has opened (also after the decision)."""
    evaluation = find_evaluation(challenge)
    return bool(evaluation and evaluation.is_open and challenge.state in EVALUATED_STATES)


def _require_judged(challenge: Challenge) -> None:
    if challenge.kind != ChallengeKind.CHALLENGE:
        raise DomainError(_("Only challenges judged by a jury have an evaluation. A need is a "
                            "market exploration without winners."), 409)


# --- criteria ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CriterionInput:
    """One criterion as entered by the owner."""

    name: str
    description: str
    weight: int
    scale_min: int
    scale_max: int


def criteria_of(challenge: Challenge) -> list[Criterion]:
    """The challenge's criteria in their order."""
    return list(db.session.scalars(db.select(Criterion).filter_by(challenge_id=challenge.id)
                                   .order_by(Criterion.position, Criterion.id)))


def has_scores(challenge: Challenge) -> bool:
    """True once any juror has saved a score (or comment) on the challenge."""
    query = db.select(Score.id).join(Criterion).where(Criterion.challenge_id == challenge.id)
    return db.session.scalar(query.limit(1)) is not None


def has_submitted_solution(challenge: Challenge) -> bool:
    """True once a supplier has submitted a solution (even if later withdrawn)."""
    query = db.select(Solution.id).where(Solution.challenge_id == challenge.id,
                                         Solution.submitted_at.is_not(None))
    return db.session.scalar(query.limit(1)) is not None


def criteria_lock_reason(challenge: Challenge) -> str | None:
    """Why the criteria cannot be changed now, or None if they can.

    Criteria are fixed when the challenge is published: suppliers answer with them in
    mind. Only a challenge published before this rule, without any criteria, may still
    get them until the first score (or it could never be evaluated).
    """
    if challenge.kind != ChallengeKind.CHALLENGE:
        return _("Only challenges judged by a jury have evaluation criteria.")
    if has_scores(challenge):
        return _("The criteria cannot be changed after the first score has been given.")
    if challenge.state not in EDITABLE_STATES:
        return _("The criteria can no longer be changed at this stage of the challenge.")
    if challenge.state not in UNPUBLISHED_STATES and criteria_of(challenge):
        return str(CRITERIA_LOCKED)
    return None


def suggested_criteria_refusal(challenge: Challenge) -> str | None:
    """Why the suggested criteria cannot be used now (only before publication), or None."""
    if challenge.state not in UNPUBLISHED_STATES:
        return str(CRITERIA_LOCKED)
    return criteria_lock_reason(challenge)


def publication_check(challenge: Challenge, items: list) -> None:
    """The publication checklist's criteria item: a judged challenge needs criteria whose
    weights add up to 100 % (registered on `challenges.publication.publication_checks`)."""
    if challenge.kind != ChallengeKind.CHALLENGE:
        return
    total = total_weight(criteria_of(challenge))
    label = (_("Evaluation criteria whose weights add up to 100 %%") if total == 100 else
             _("Evaluation criteria whose weights add up to 100 %% (now %(total)d %%)",
               total=total))
    items.append(ChecklistItem("criteria", label, total == 100, "evaluation.edit_criteria",
                               None, {"challenge_id": challenge.id}))


def total_weight(criteria) -> int:
    """The sum of the weights in percent."""
    return sum(c.weight for c in criteria)


def check_criteria(rows: list[CriterionInput]) -> None:
    """Raise DomainError unless the rows form a valid set whose weights sum to 100 %."""
    if not rows:
        raise DomainError(_("Add at least one criterion."))
    for row in rows:
        if not 1 <= row.weight <= 100:
            raise DomainError(_("Each weight must be a whole percentage from 1 to 100."))
        if row.scale_min >= row.scale_max:
            raise DomainError(_("The top of a scale must be higher than its bottom."))
    total = total_weight(rows)
    if total != 100:
        raise DomainError(_("The weights add up to %(total)d %%; they must add up to 100 %%.",
                            total=total))


def replace_criteria(challenge: Challenge, actor: User, rows: list[CriterionInput]) -> None:
    """Set the challenge's criteria (all at once), if they may still change."""
    reason = criteria_lock_reason(challenge)
    if reason:
        raise DomainError(reason, 409)
    check_criteria(rows)
    for criterion in criteria_of(challenge):
        db.session.delete(criterion)
    db.session.flush()
    for position, row in enumerate(rows):
        db.session.add(Criterion(
            challenge_id=challenge.id, position=position, name=row.name.strip(),
            description=row.description.strip(), weight=row.weight,
            scale_min=row.scale_min, scale_max=row.scale_max))
    db.session.flush()
    record("evaluation.criteria_changed", actor=actor, obj=challenge,
           criteria="; ".join(f"{r.name} {r.weight}%" for r in rows))


def default_criteria(language: str) -> list[CriterionInput]:
    """The suggested criteria, worded in a language ("sv" or "en")."""
    low, high = SCALES[DEFAULT_SCALE]
    with force_locale(language if language in ("sv", "en") else "sv"):
        return [CriterionInput(str(name), str(description), weight, low, high)
                for name, description, weight in DEFAULT_CRITERIA]


def use_default_criteria(challenge: Challenge, actor: User | None) -> None:
    """Replace the criteria with the suggested set, in the challenge's language (only
    before publication)."""
    reason = suggested_criteria_refusal(challenge)
    if reason:
        raise DomainError(reason, 409)
    replace_criteria(challenge, actor, default_criteria(challenge.language))


# --- options -----------------------------------------------------------------------------

def update_options(challenge: Challenge, actor: User, anonymised: bool,
                   jurors_see_each_other: bool, deadline: datetime | None) -> None:
    """Set anonymised mode, whether jurors see each other's scores, and the deadline.

    The two modes are fixed once the evaluation has opened (jurors may already have
    seen names or scores); the deadline may change until scoring ends.
    """
    _require_judged(challenge)
    evaluation = evaluation_of(challenge)
    if evaluation.decision_published or evaluation.scoring_closed_at:
        raise DomainError(_("Scoring has ended; the options can no longer change."), 409)
    modes_changed = (evaluation.anonymised != anonymised
                     or evaluation.jurors_see_each_other != jurors_see_each_other)
    if evaluation.is_open and modes_changed:
        raise DomainError(_("The evaluation has opened; anonymised mode and the sharing of "
                            "scores can no longer change."), 409)
    if deadline is not None and deadline <= utcnow():
        raise DomainError(_("The evaluation deadline must be in the future."),
                          field="deadline")
    evaluation.anonymised = anonymised
    evaluation.jurors_see_each_other = jurors_see_each_other
    challenge.evaluation_deadline_at = deadline
    db.session.flush()
    record("evaluation.options_changed", actor=actor, obj=challenge, anonymised=anonymised,
           jurors_see_each_other=jurors_see_each_other,
           deadline=deadline.isoformat() if deadline else None)


# --- the jury ----------------------------------------------------------------------------

def juror_label(index: int) -> str:
    """The letter(s) of a juror in anonymised mode: A, B, … Z, AA, AB …"""
    letters = string.ascii_uppercase
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = letters[rest] + label
    return label


def jury_of(challenge: Challenge) -> list[JuryMember]:
    """Everyone ever invited to the challenge's jury, in invitation order."""
    return list(db.session.scalars(db.select(JuryMember).filter_by(challenge_id=challenge.id)
                                   .order_by(JuryMember.label_index)))


def accepted_jurors(challenge: Challenge) -> list[JuryMember]:
    """The jurors who accepted (and were not removed), in invitation order."""
    return [m for m in jury_of(challenge) if m.status == JurorStatus.ACCEPTED]


def jury_readers(solution: Solution) -> str | None:
    """The jury as a reader of a solution, for its supplier: "the jury (3 people)"."""
    challenge = solution.challenge
    count = len(accepted_jurors(challenge)) if challenge.kind == ChallengeKind.CHALLENGE else 0
    if not count:
        return None
    evaluation = find_evaluation(challenge)
    if evaluation and evaluation.anonymised:
        return ngettext("the jury (%(num)d person), once the evaluation opens and only after "
                        "declaring no conflict of interest; anonymised: it does not see your "
                        "organisation's name",
                        "the jury (%(num)d people), once the evaluation opens and each only "
                        "after declaring no conflict of interest; anonymised: it does not see "
                        "your organisation's name", count)
    return ngettext("the jury (%(num)d person), once the evaluation opens and only after "
                    "declaring no conflict of interest",
                    "the jury (%(num)d people), once the evaluation opens and each only after "
                    "declaring no conflict of interest", count)


def jury_seat(user, challenge: Challenge) -> JuryMember | None:
    """The user's accepted seat on the challenge's jury, if any."""
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(db.select(JuryMember).filter_by(
        challenge_id=challenge.id, user_id=user.id, status=JurorStatus.ACCEPTED))


def competing_organisations(user, challenge: Challenge) -> list[Organisation]:
    """The user's organisations that answer the challenge (a solution in any state).

    Someone from such an organisation competes with every other supplier, so may not sit
    on the challenge's jury, and is conflicted with every solution if already on it.
    """
    if not (user and user.is_authenticated):
        return []
    organisation_ids = [m.organisation_id for m in user.memberships]
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        db.select(Organisation).join(Solution, Solution.organisation_id == Organisation.id)
        .where(Solution.challenge_id == challenge.id, Organisation.id.in_(organisation_ids))
        .order_by(Organisation.name)))


def jury_seats_of(user: User) -> list[JuryMember]:
    """The user's accepted seats on juries, newest first."""
    return list(db.session.scalars(db.select(JuryMember).filter_by(
        user_id=user.id, status=JurorStatus.ACCEPTED).order_by(JuryMember.invited_at.desc())))


def open_invitations_for(user: User) -> list[JuryMember]:
    """Jury invitations sent to the user's address and not answered yet."""
    return list(db.session.scalars(db.select(JuryMember).where(
        JuryMember.email == user.email, JuryMember.status == JurorStatus.INVITED,
        JuryMember.expires_at > utcnow()).order_by(JuryMember.invited_at)))


def _require_jury_changeable(challenge: Challenge) -> Evaluation:
    _require_judged(challenge)
    evaluation = evaluation_of(challenge)
    if (challenge.state not in EDITABLE_STATES or evaluation.scoring_closed_at
            or evaluation.decision_published):
        raise DomainError(_("Scoring has ended; the jury can no longer change."), 409)
    return evaluation


def _next_label_index(challenge: Challenge) -> int:
    highest = db.session.scalar(db.select(db.func.max(JuryMember.label_index))
                                .filter_by(challenge_id=challenge.id))
    return 0 if highest is None else highest + 1


def invite_juror(challenge: Challenge, inviter: User, email: str,
                 language: str | None = None) -> JuryMember:
    """Invite someone (with or without an account) to the jury by e-mail; without an
    account, in the language the inviter chose, else the platform's default language."""
    _require_jury_changeable(challenge)
    email = normalise_email(email)
    member = db.session.scalar(db.select(JuryMember).filter_by(challenge_id=challenge.id,
                                                                email=email))
    if member and member.status == JurorStatus.ACCEPTED:
        raise DomainError(_("%(email)s is already on the jury.", email=email), field="email")
    if member and member.status == JurorStatus.INVITED:
        raise DomainError(_("%(email)s has already been invited. Send the invitation again "
                            "from the list instead.", email=email), field="email")
    if competing_organisations(find_user_by_email(email), challenge):
        raise DomainError(_("%(email)s belongs to an organisation that answers this challenge, "
                            "so cannot sit on its jury: a juror must be independent of every "
                            "supplier.", email=email), 409, field="email")
    if member is None:
        member = JuryMember(challenge_id=challenge.id, email=email,
                            label_index=_next_label_index(challenge))
        db.session.add(member)
    member.invited_by_id = inviter.id
    member.language = invitation_language(language)
    _send_invitation(member, inviter)
    record("evaluation.juror_invited", actor=inviter, obj=challenge, email=email)
    return member


def _send_invitation(member: JuryMember, inviter: User) -> None:
    token = random_token()
    member.status = JurorStatus.INVITED
    member.user_id = None
    member.token_hash = hash_token(token)
    member.invited_at = utcnow()
    member.expires_at = utcnow() + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"])
    member.responded_at = member.revoked_at = member.submitted_at = None
    db.session.flush()
    challenge = db.session.get(Challenge, member.challenge_id)
    context = {"challenge": challenge, "inviter": inviter, "token": token}
    existing = find_user_by_email(member.email)
    if existing:
        notify(JURY_INVITATION, [existing], **context)
    else:  # no account yet: the link lets them create one
        catalogue_event(JURY_INVITATION)
        queue_email(JURY_INVITATION, member.email, locale=member.language, **context)


def resend_invitation(member: JuryMember, actor: User) -> None:
    """Send an unanswered invitation again, with a fresh link (the old one stops working)."""
    challenge = db.session.get(Challenge, member.challenge_id)
    _require_jury_changeable(challenge)
    if member.status != JurorStatus.INVITED:
        raise DomainError(_("Only invitations that have not been answered can be sent again."),
                          409)
    _send_invitation(member, actor)
    record("evaluation.juror_invitation_resent", actor=actor, obj=challenge, email=member.email)


def revoke_juror(member: JuryMember, actor: User) -> None:
    """Withdraw an invitation or remove a juror; a removed juror's scores no longer count."""
    challenge = db.session.get(Challenge, member.challenge_id)
    _require_jury_changeable(challenge)
    if member.status not in (JurorStatus.INVITED, JurorStatus.ACCEPTED):
        raise DomainError(_("This invitation is no longer open."), 409)
    was = member.status
    member.status = JurorStatus.REVOKED
    member.revoked_at = utcnow()
    member.token_hash = None
    db.session.flush()
    record("evaluation.juror_revoked", actor=actor, obj=challenge, email=member.email,
           was=was)


def find_invitation(token: str) -> JuryMember:
    """The open jury invitation for a link, or DomainError if used, revoked or expired."""
    member = db.session.scalar(db.select(JuryMember).filter_by(token_hash=hash_token(token)))
    if member is None or member.status != JurorStatus.INVITED:
        raise DomainError(_("This invitation is not valid or has already been answered."), 404)
    if member.expires_at < utcnow():
        raise DomainError(_("This invitation has expired. Ask the buyer to send it again."),
                          410)
    return member


def _check_invitee(member: JuryMember, user: User) -> None:
    if member.status != JurorStatus.INVITED or member.expires_at < utcnow():
        raise DomainError(_("This invitation is not valid or has already been answered."), 409)
    if member.email != user.email:
        raise DomainError(_("This invitation was sent to %(email)s. Log in with that address "
                            "to answer it.", email=member.email), 403)
    evaluation = find_evaluation(db.session.get(Challenge, member.challenge_id))
    if evaluation and (evaluation.scoring_closed_at or evaluation.decision_published):
        raise DomainError(_("The jury has finished its work, so the invitation can no longer "
                            "be answered."), 409)


def independence_problem(user, challenge: Challenge) -> str | None:
    """Why the person cannot sit on the challenge's jury (their organisation answers it),
    or None."""
    competing = competing_organisations(user, challenge)
    if not competing:
        return None
    return _("You cannot join this jury: %(organisation)s, which you belong to, answers this "
             "challenge. A juror must be independent of every supplier.",
             organisation=competing[0].name)


def accept_invitation(member: JuryMember, user: User) -> None:
    """The invited person joins the jury (the invitation must be for their address), unless
    their organisation answers the challenge."""
    _check_invitee(member, user)
    problem = independence_problem(user, db.session.get(Challenge, member.challenge_id))
    if problem:
        raise DomainError(problem, 409)
    member.status = JurorStatus.ACCEPTED
    member.user_id = user.id
    member.responded_at = utcnow()
    member.token_hash = None
    db.session.flush()
    record("evaluation.juror_accepted", actor=user,
           obj=db.session.get(Challenge, member.challenge_id))


def decline_invitation(member: JuryMember, user: User) -> None:
    """The invited person says no."""
    _check_invitee(member, user)
    member.status = JurorStatus.DECLINED
    member.responded_at = utcnow()
    member.token_hash = None
    db.session.flush()
    record("evaluation.juror_declined", actor=user,
           obj=db.session.get(Challenge, member.challenge_id))


# --- opening and closing -----------------------------------------------------------------

def submitted_solutions(challenge: Challenge) -> list[Solution]:
    """The challenge's submitted solutions, in the order they arrived."""
    return list(db.session.scalars(db.select(Solution).filter_by(
        challenge_id=challenge.id, state=SolutionState.SUBMITTED
    ).order_by(Solution.submitted_at, Solution.id)))


def open_evaluation(challenge: Challenge, actor: User) -> Evaluation:
    """Move a closed challenge into evaluation: number its solutions and tell the jurors.

    The state change goes through the challenge state machine.
    """
    _require_judged(challenge)
    if challenge.effective_state != ChallengeState.CLOSED:  # at the deadline, job or not
        raise DomainError(_("The evaluation opens once the challenge has closed for "
                            "submissions."), 409)
    criteria = criteria_of(challenge)
    if not criteria or total_weight(criteria) != 100:
        raise DomainError(_("Set the evaluation criteria (weights adding up to 100 %) before "
                            "opening the evaluation."), 409)
    solutions = submitted_solutions(challenge)
    if not solutions:
        raise DomainError(_("No solution was submitted, so there is nothing to evaluate."), 409)
    evaluation = evaluation_of(challenge)
    for number, solution in enumerate(solutions, start=1):
        db.session.add(EvaluationEntry(challenge_id=challenge.id, solution_id=solution.id,
                                       number=number))
    evaluation.opened_at = utcnow()
    evaluation.opened_by_id = actor.id
    from app.evaluation.independence import mark_competitors  # it builds on scoring

    mark_competitors(challenge)
    workflow.start_evaluation(challenge, actor, via_jury=True)  # checks role, logs the move
    record("evaluation.opened", actor=actor, obj=challenge, solutions=len(solutions))
    notify(EVALUATION_OPENED, [m.user for m in accepted_jurors(challenge) if m.user],
           challenge=challenge, solution_count=len(solutions))
    return evaluation


def scoring_is_open(challenge: Challenge) -> bool:
    """True while jurors may declare and score (in evaluation, scoring not ended)."""
    evaluation = find_evaluation(challenge)
    return bool(evaluation and evaluation.is_open and not evaluation.scoring_closed_at
                and challenge.state == ChallengeState.IN_EVALUATION)


def unfinished_jurors(challenge: Challenge) -> list[JuryMember]:
    """Accepted jurors who have not submitted their scores."""
    return [m for m in accepted_jurors(challenge) if not m.has_submitted]


def scoring_complete(challenge: Challenge) -> bool:
    """True when scoring has ended: closed by the owner, or every juror submitted."""
    evaluation = find_evaluation(challenge)
    if evaluation is None or not evaluation.is_open:
        return False
    if evaluation.scoring_closed_at:
        return True
    return bool(accepted_jurors(challenge)) and not unfinished_jurors(challenge)


def close_scoring(challenge: Challenge, actor: User) -> None:
    """End scoring with the scores that exist, e.g. when a juror never finishes."""
    if not scoring_is_open(challenge):
        raise DomainError(_("Scoring is not open."), 409)
    evaluation = evaluation_of(challenge)
    evaluation.scoring_closed_at = utcnow()
    evaluation.scoring_closed_by_id = actor.id
    db.session.flush()
    record("evaluation.scoring_closed", actor=actor, obj=challenge,
           unfinished=", ".join(m.email for m in unfinished_jurors(challenge)))


# --- personal data -----------------------------------------------------------------------

def jury_data(user: User) -> list[dict]:
    """A person's jury seats, scores and comments, for their data download."""
    seats = db.session.scalars(db.select(JuryMember).where(
        (JuryMember.user_id == user.id) | (JuryMember.email == user.email)))
    return [{"challenge": seat.challenge.title, "status": seat.status.value,
             "invited_at": seat.invited_at.isoformat(),
             "scores": [{"criterion": s.criterion.name, "score": s.value, "comment": s.comment}
                        for s in seat.scores]} for seat in seats]


def erase_jury_addresses(user: User) -> None:
    """Keep the jury record the buyer must archive, without the person's address."""
    placeholder = f"deleted-{user.id}@invalid.example"
    for seat in db.session.scalars(db.select(JuryMember).where(
            (JuryMember.user_id == user.id) | (JuryMember.email == user.email))):
        seat.email = f"{seat.id}-{placeholder}"
        if seat.status == JurorStatus.INVITED:
            seat.status, seat.revoked_at, seat.token_hash = JurorStatus.REVOKED, utcnow(), None


