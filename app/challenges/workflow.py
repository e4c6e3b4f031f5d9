"""The challenge lifecycle: one table of allowed transitions by role, checked on the server.

draft → in review → published → closed → in evaluation → decided → outcome recorded;
withdrawn from published, closed or in evaluation. Every transition is audit-logged.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.accounts.permissions import can_administer_platform
from app.audit.services import record
from app.challenges import publication, services
from app.challenges.models import Challenge, ChallengeKind, ChallengeState, OutcomeKind
from app.challenges.permissions import is_challenge_owner
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import Situation, audience, notify, notify_audience
from app.core.hooks import Hook
from app.core.jobs import register_job
from app.core.templating import template_global
from app.extensions import db


class Role(enum.StrEnum):
    OWNER = "owner"                  # a member of the owner or a co-owner
    TRUSTED_OWNER = "trusted_owner"  # ...of a verified authority marked trusted by an admin
    ADMIN = "admin"                  # a platform administrator
    SYSTEM = "system"                # the scheduled job


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[ChallengeState]
    target: ChallengeState
    roles: frozenset[Role]


S = ChallengeState


JURY_ACTIONS = frozenset({"start_evaluation", "decide"})


def _t(action: str, sources: set, target: ChallengeState, roles: set) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles))


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    _t("submit", {S.DRAFT}, S.IN_REVIEW, {Role.OWNER}),
    _t("publish_directly", {S.DRAFT}, S.PUBLISHED, {Role.TRUSTED_OWNER}),
    _t("recall", {S.IN_REVIEW}, S.DRAFT, {Role.OWNER}),
    _t("publish", {S.IN_REVIEW}, S.PUBLISHED, {Role.ADMIN}),
    _t("send_back", {S.IN_REVIEW}, S.DRAFT, {Role.ADMIN}),
    _t("pause", {S.PUBLISHED}, S.PUBLISHED, {Role.OWNER, Role.ADMIN}),
    _t("resume", {S.PUBLISHED}, S.PUBLISHED, {Role.OWNER, Role.ADMIN}),
    _t("extend_deadline", {S.PUBLISHED}, S.PUBLISHED, {Role.OWNER}),
    _t("close", {S.PUBLISHED}, S.CLOSED, {Role.SYSTEM}),
    _t("start_evaluation", {S.CLOSED}, S.IN_EVALUATION, {Role.OWNER}),
    _t("decide", {S.IN_EVALUATION}, S.DECIDED, {Role.OWNER}),
    _t("record_outcome", {S.DECIDED}, S.OUTCOME_RECORDED, {Role.OWNER}),
    _t("withdraw", {S.PUBLISHED, S.CLOSED, S.IN_EVALUATION}, S.WITHDRAWN,
       {Role.OWNER, Role.ADMIN}),
)}

STATE_LABELS = {
    S.DRAFT: _l("Draft"), S.IN_REVIEW: _l("In review"), S.PUBLISHED: _l("Open"),
    S.CLOSED: _l("Closed"), S.IN_EVALUATION: _l("In evaluation"), S.DECIDED: _l("Decided"),
    S.OUTCOME_RECORDED: _l("Outcome recorded"), S.WITHDRAWN: _l("Withdrawn"),
}
STATE_TAGS = {S.PUBLISHED: "govuk-tag--green", S.WITHDRAWN: "govuk-tag--red"}  # others grey
# The short status names of the public list, search and their filters.
STATUS_NAMES = {"open": S.PUBLISHED, "closed": S.CLOSED, "evaluation": S.IN_EVALUATION,
                "decided": S.DECIDED, "outcome": S.OUTCOME_RECORDED, "withdrawn": S.WITHDRAWN}


def _state(state: ChallengeState | str) -> ChallengeState:
    return state if isinstance(state, ChallengeState) else (
        STATUS_NAMES.get(state) or ChallengeState(state))


@template_global
def challenge_state_label(state: ChallengeState | str) -> str:
    """The one label a challenge's state is shown with everywhere (list, page, search,
    feed), from the state or its short status name ("open", "withdrawn"...)."""
    return str(STATE_LABELS[_state(state)])


@template_global
def challenge_state_tag(state: ChallengeState | str) -> Markup:
    """The state as a coloured tag with its label (the label says it, not the colour)."""
    css = STATE_TAGS.get(_state(state), "govuk-tag--grey")
    label = challenge_state_label(state)
    return Markup('<strong class="govuk-tag {}">{}</strong>').format(css, label)


def roles_of(user, challenge: Challenge) -> set[Role]:
    """The roles a person has on a challenge (none for strangers)."""
    roles = set()
    if is_challenge_owner(user, challenge):
        roles.add(Role.OWNER)
        if challenge.owner.is_verified and challenge.owner.is_trusted:
            roles.add(Role.TRUSTED_OWNER)
    if can_administer_platform(user):
        roles.add(Role.ADMIN)
    return roles


def check_transition(challenge: Challenge, action: str, roles: set[Role]) -> Transition:
    """The transition if these roles may take it from the current state, else DomainError.

    A challenge whose deadline has passed is closed first (`catch_up`), so no step depends
    on whether the `close_deadlines` job has run yet.
    """
    transition = TRANSITIONS[action]
    if action != "close":
        catch_up(challenge)
    if not roles & transition.roles:
        raise DomainError(_("You do not have permission to do this with the challenge."), 403)
    if challenge.state not in transition.sources:
        raise DomainError(_("This is not possible while the challenge is “%(state)s”.",
                            state=STATE_LABELS[challenge.state]), 409)
    return transition


@template_global
def challenge_actions(user, challenge: Challenge) -> set[str]:
    """The actions this person may take now (for showing the right buttons)."""
    roles = roles_of(user, challenge)
    actions = {action for action, t in TRANSITIONS.items()
               if roles & t.roles and challenge.effective_state in t.sources}
    if challenge.kind == ChallengeKind.CHALLENGE:
        actions -= JURY_ACTIONS  # the evaluation pages offer these, with their checks
    return actions


def _move(challenge: Challenge, action: str, actor, roles: set[Role], **details) -> None:
    transition = check_transition(challenge, action, roles)
    old_state = challenge.state
    challenge.state = transition.target
    challenge.updated_at = utcnow()
    db.session.flush()
    record(f"challenge.{action}", actor=actor, obj=challenge, from_state=old_state,
           to_state=transition.target, **details)


def missing_for_publication(challenge: Challenge) -> list[str]:
    """What a challenge still lacks before it can be published (empty when ready): the
    open items of the publication checklist (`app/challenges/publication.py`)."""
    return [item.label for item in publication.missing_items(challenge)]


def _check_ready(challenge: Challenge) -> None:
    missing = missing_for_publication(challenge)
    if missing:
        raise DomainError(_("Before it can be published, the challenge needs: %(items)s.",
                            items="; ".join(m[:1].lower() + m[1:] for m in missing)))


def submit(challenge: Challenge, actor) -> ChallengeState:
    """Send a draft for review, or publish it at once for a trusted authority."""
    _check_ready(challenge)
    roles = roles_of(actor, challenge)
    if Role.TRUSTED_OWNER in roles:
        publish_directly(challenge, actor)
        return challenge.state
    _move(challenge, "submit", actor, roles)
    challenge.submitted_for_review_at = utcnow()
    challenge.review_comment = None
    notify("challenges/submitted_for_review", services.platform_admins(), challenge=challenge)
    return challenge.state


def recall(challenge: Challenge, actor) -> None:
    """Take a challenge back from review to change it."""
    _move(challenge, "recall", actor, roles_of(actor, challenge))


def _publish(challenge: Challenge, action: str, actor, roles: set[Role]) -> None:
    _check_ready(challenge)
    _move(challenge, action, actor, roles)
    challenge.published_at = utcnow()
    challenge.review_comment = None
    notify("challenges/published", services.owner_members(challenge), challenge=challenge,
           situation=Situation.BUYER_ONGOING, funding_organisation=challenge.owner)


def publish_directly(challenge: Challenge, actor) -> None:
    """A trusted authority publishes its own draft without an administrator's review."""
    _publish(challenge, "publish_directly", actor, roles_of(actor, challenge))


def publish(challenge: Challenge, admin) -> None:
    """An administrator publishes a challenge waiting for review; the buyers are told."""
    _publish(challenge, "publish", admin, roles_of(admin, challenge))


def send_back(challenge: Challenge, admin, comment: str) -> None:
    """An administrator returns a challenge to draft with a comment; the buyers are told."""
    if not (comment or "").strip():
        raise DomainError(_("Write a comment so the buyer knows what to change."),
                          field="comment")
    _move(challenge, "send_back", admin, roles_of(admin, challenge))
    challenge.review_comment = comment.strip()
    notify("challenges/sent_back", services.owner_members(challenge), challenge=challenge,
           comment=challenge.review_comment)


def pause(challenge: Challenge, actor) -> None:
    """Stop questions and submissions for a while (the deadline job leaves it open)."""
    if challenge.is_paused:
        raise DomainError(_("The challenge is already paused."), 409)
    _move(challenge, "pause", actor, roles_of(actor, challenge))
    challenge.is_paused = True


def resume(challenge: Challenge, actor) -> None:
    """Open a paused challenge again."""
    if not challenge.is_paused:
        raise DomainError(_("The challenge is not paused."), 409)
    _move(challenge, "resume", actor, roles_of(actor, challenge))
    challenge.is_paused = False


def extend_deadline(challenge: Challenge, actor, new_deadline: datetime,
                    new_question_deadline: datetime | None = None, note: str = "") -> None:
    """Give suppliers more time; followers and everyone drafting a solution are told."""
    check_transition(challenge, "extend_deadline", roles_of(actor, challenge))
    old = challenge.submission_deadline_at
    if new_deadline <= max(old or utcnow(), utcnow()):
        raise DomainError(_("The new deadline must be later than the current one."),
                          field="submission_deadline")
    fields = ["submission_deadline_at"]
    if new_question_deadline is not None:
        _check_new_question_deadline(challenge, new_question_deadline, new_deadline)
        challenge.question_deadline_at = new_question_deadline
        fields.append("question_deadline_at")
    challenge.submission_deadline_at = new_deadline
    _move(challenge, "extend_deadline", actor, roles_of(actor, challenge),
          old=old.isoformat() if old else None, new=new_deadline.isoformat())
    services.log_change(challenge, actor, fields, note)
    notify_audience("challenges/deadline_extended",
                    audience("challenges/interested", challenge_id=challenge.id),
                    challenge=challenge, note=note.strip())


def _check_new_question_deadline(challenge: Challenge, new: datetime, deadline: datetime):
    current = challenge.question_deadline_at
    if current and new < current:
        raise DomainError(_("The deadline for questions can only be moved later."),
                          field="question_deadline")
    if new > deadline:
        raise DomainError(_("The deadline for questions must be before the deadline for "
                            "submissions, so that answers reach everyone in time."),
                          field="question_deadline")


def close(challenge: Challenge) -> None:
    """Close a challenge at its deadline (the scheduled job, or `catch_up` before it)."""
    _move(challenge, "close", None, {Role.SYSTEM})
    challenge.closed_at = utcnow()


def catch_up(challenge: Challenge) -> None:
    """Record the closing of a challenge whose deadline has passed but that the job has not
    closed yet, so whatever follows in the request sees it closed (to the second)."""
    if challenge.state == ChallengeState.PUBLISHED and (
            challenge.effective_state == ChallengeState.CLOSED):
        close(challenge)


def due_for_closing(now: datetime | None = None) -> list[Challenge]:
    """Open, unpaused challenges whose submission deadline has passed."""
    return list(db.session.scalars(db.select(Challenge).where(
        Challenge.closed_by_deadline(now)).order_by(Challenge.id)))


@register_job("close_deadlines", every_seconds=60)
def close_deadlines() -> str | None:
    """Close every challenge whose deadline has passed; the job runner commits."""
    due = due_for_closing()
    for challenge in due:
        close(challenge)
    return f"closed {len(due)} challenge(s)" if due else None


def _require_jury_route(challenge: Challenge, action: str, actor, via_jury: bool) -> None:
    check_transition(challenge, action, roles_of(actor, challenge))  # role and state first
    if challenge.kind == ChallengeKind.CHALLENGE and not via_jury:
        raise DomainError(_("A judged challenge is evaluated by its jury: use the evaluation "
                            "page to open the evaluation and publish the decision."), 409)


def start_evaluation(challenge: Challenge, actor, via_jury: bool = False) -> None:
    """The owner starts evaluating the solutions received (judged challenges: the jury's
    evaluation opens it, with its checks)."""
    _require_jury_route(challenge, "start_evaluation", actor, via_jury)
    _move(challenge, "start_evaluation", actor, roles_of(actor, challenge))


def decide(challenge: Challenge, actor, via_jury: bool = False) -> None:
    """The owner records that the decision (winners, or what was learnt) has been taken."""
    _require_jury_route(challenge, "decide", actor, via_jury)
    _move(challenge, "decide", actor, roles_of(actor, challenge))
    challenge.decided_at = utcnow()


def record_outcome(challenge: Challenge, actor, kind: OutcomeKind, url: str = "",
                   note: str = "") -> None:
    """Record what followed the decision; followers are told."""
    url, note = (url or "").strip(), (note or "").strip()
    if kind == OutcomeKind.PROCUREMENT_ANNOUNCED and not url:
        raise DomainError(_("Give the link to the procurement notice."), field="outcome_url")
    if url and not url.startswith(("https://", "http://")):
        raise DomainError(_("Enter a full address starting with https://"), field="outcome_url")
    if kind == OutcomeKind.NOT_PURSUED and not note:
        raise DomainError(_("Explain why the need was not pursued."), field="outcome_note")
    _move(challenge, "record_outcome", actor, roles_of(actor, challenge), outcome=kind)
    challenge.outcome_kind, challenge.outcome_url = kind, url or None
    challenge.outcome_note = note or None
    challenge.outcome_recorded_at = utcnow()
    notify_audience("challenges/outcome_recorded",
                    audience("challenges/followers", challenge_id=challenge.id),
                    challenge=challenge)


# Called with (challenge, actor) when a challenge is withdrawn, in the same transaction;
# the dialogue area cancels the challenge's coming events and tells who registered.
challenge_withdrawn = Hook("challenges.withdrawn")


def withdraw(challenge: Challenge, actor, reason: str) -> None:
    """Withdraw a public challenge before the decision, with a reason shown to everyone."""
    if not (reason or "").strip():
        raise DomainError(_("Give the reason; it is shown on the challenge page."),
                          field="reason")
    _move(challenge, "withdraw", actor, roles_of(actor, challenge))
    challenge.withdrawn_reason = reason.strip()
    challenge.withdrawn_at = utcnow()
    notify_audience("challenges/withdrawn",
                    audience("challenges/interested", challenge_id=challenge.id),
                    challenge=challenge)
    challenge_withdrawn(challenge, actor)
