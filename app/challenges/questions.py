"""Questions and answers on equal terms: private until answered, then public and anonymous."""

from __future__ import annotations

from flask_babel import gettext as _

from app.audit.services import record
from app.challenges import services
from app.challenges.models import Challenge, ChallengeState, Clarification
from app.challenges.permissions import can_answer_questions, can_ask_question
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EXCEPT_USER, audience, notify, notify_audience
from app.extensions import db

MAX_LENGTH = 4000


def _text(value: str, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(missing, field=field)
    if len(value) > MAX_LENGTH:
        raise DomainError(_("Keep it under %(n)d characters.", n=MAX_LENGTH), field=field)
    return value


def ask(challenge: Challenge, user, question: str, follow: bool = False) -> Clarification:
    """A supplier asks a question; only the asker and the buyers see it until it is answered.
    The asker is told of the answer in any case; with `follow` they also follow the
    challenge (other clarifications, deadline changes, the outcome).

    Never once the deadline for solutions has passed (to the second, job or not)."""
    if challenge.state == ChallengeState.PUBLISHED and challenge.deadline_reached:
        raise DomainError(_("The deadline for solutions has passed, so questions can no longer "
                            "be asked."), 409, field="question")
    if not can_ask_question(user, challenge):
        raise DomainError(_("Questions cannot be asked on this challenge now."), 403)
    if challenge.question_deadline_at and challenge.question_deadline_at <= utcnow():
        raise DomainError(_("The deadline for questions has passed."), 409, field="question")
    clarification = Clarification(challenge=challenge, asked_by_id=user.id,
                                  question=_text(question, "question", _("Write your question.")))
    db.session.add(clarification)
    db.session.flush()
    if follow:
        services.follow(user, challenge)
    notify("challenges/question_received", services.owner_members(challenge),
           challenge=challenge)
    record("challenge.question_asked", actor=user, obj=challenge, clarification_id=clarification.id)
    return clarification


def answer(clarification: Clarification, actor, text: str) -> None:
    """The buyer answers: the question and answer become public, the asker is not named."""
    challenge = clarification.challenge
    if not can_answer_questions(actor, challenge):
        raise DomainError(_("Only the buyers can answer questions."), 403)
    if clarification.is_published:
        raise DomainError(_("This question has already been answered."), 409)
    clarification.answer = _text(text, "answer", _("Write the answer."))
    clarification.answered_by_id = actor.id
    clarification.published_at = utcnow()
    _publish(clarification, actor)


def clarify(challenge: Challenge, actor, subject: str, text: str) -> Clarification:
    """The buyer publishes a clarification of their own, for everyone."""
    if not can_answer_questions(actor, challenge):
        raise DomainError(_("Only the buyers can publish clarifications."), 403)
    clarification = Clarification(
        challenge=challenge, from_owner=True, question=(subject or "").strip()[:300],
        answer=_text(text, "text", _("Write the clarification.")), answered_by_id=actor.id,
        published_at=utcnow())
    db.session.add(clarification)
    _publish(clarification, actor)
    return clarification


def _publish(clarification: Clarification, actor) -> None:
    """Tell the asker their answer in person, and everyone else interested (followers,
    suppliers answering) that there is a new answer: the asker once, not twice."""
    db.session.flush()
    challenge, asker = clarification.challenge, clarification.asked_by
    if asker is not None:
        notify("challenges/question_answered", [asker], challenge=challenge,
               clarification=clarification)
    notify_audience("challenges/clarification_published",
                    audience("challenges/interested", challenge_id=challenge.id,
                             **({EXCEPT_USER: asker.id} if asker else {})),
                    challenge=challenge)
    record("challenge.clarification_published", actor=actor, obj=challenge,
           clarification_id=clarification.id)


def published(challenge: Challenge) -> list[Clarification]:
    """Answers and clarifications everyone may read, oldest first."""
    return list(db.session.scalars(db.select(Clarification).where(
        Clarification.challenge_id == challenge.id, Clarification.published_at.is_not(None))
        .order_by(Clarification.published_at, Clarification.id)))


def unanswered(challenge: Challenge) -> list[Clarification]:
    """Questions waiting for the buyers' answer, oldest first."""
    return list(db.session.scalars(db.select(Clarification).where(
        Clarification.challenge_id == challenge.id, Clarification.published_at.is_(None))
        .order_by(Clarification.created_at, Clarification.id)))


def asked_by(challenge: Challenge, user) -> list[Clarification]:
    """The person's own questions still waiting for an answer."""
    if not (user and user.is_authenticated):
        return []
    return [c for c in unanswered(challenge) if c.asked_by_id == user.id]


def unanswered_count(challenge: Challenge) -> int:
    """How many questions wait for an answer."""
    return db.session.scalar(db.select(db.func.count(Clarification.id)).where(
        Clarification.challenge_id == challenge.id, Clarification.published_at.is_(None)))
