"""Announcements: a buyer writes once to a whole group about a challenge.

The groups ("targets") are a registry. This area registers everyone who submitted a
solution, everyone following or answering the challenge, and the challenge's followers.
Extension point: an area above messages (the dialogue area: the people registered for an
event) adds a group with `register_target(...)` in its `init_app`, naming an audience it
registered with `app.core.events.register_audience` and, for a group per object (one per
event), a function listing the challenge's objects as (id, label).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.audit.services import record
from app.challenges.models import Challenge, ChallengeState
from app.core.domain import DomainError
from app.core.events import (
    EventGroup,
    audience,
    notify_audience,
    register_audience,
    register_event,
)
from app.core.templating import template_global
from app.extensions import db
from app.messages.models import Announcement
from app.messages.permissions import buyer_organisations
from app.organisations.models import Membership
from app.solutions.models import Solution, SolutionState

TO_FOLLOWERS = "messages/announcement"
TO_PARTICIPANTS = "messages/announcement_to_participants"
register_event(TO_FOLLOWERS, EventGroup.FOLLOWED)
register_event(TO_PARTICIPANTS, EventGroup.SOLUTIONS)
ANNOUNCING_STATES = frozenset({ChallengeState.PUBLISHED, ChallengeState.CLOSED,
                               ChallengeState.IN_EVALUATION, ChallengeState.DECIDED,
                               ChallengeState.OUTCOME_RECORDED})


@dataclass(frozen=True)
class Target:
    """A group a buyer can announce to."""

    key: str
    label: object  # a lazy string; with `objects`, "%(name)s" is the object's label
    audience: str  # a registered audience, called with challenge_id (and target_id)
    event_key: str = TO_FOLLOWERS
    objects: Callable[[Challenge], list[tuple[int, str]]] | None = None


TARGETS: dict[str, Target] = {}


def register_target(key: str, label, audience_name: str, event_key: str = TO_FOLLOWERS,
                    objects: Callable[[Challenge], list[tuple[int, str]]] | None = None) -> None:
    """Add a group buyers can announce to (idempotent; areas call it in `init_app`)."""
    TARGETS[key] = Target(key, label, audience_name, event_key, objects)


def submitter_ids(challenge_id: int):
    """The members of every organisation whose solution to the challenge is submitted."""
    return (select(Membership.user_id)
            .join(Solution, Solution.organisation_id == Membership.organisation_id)
            .where(Solution.challenge_id == challenge_id,
                   Solution.state == SolutionState.SUBMITTED))


def register_own_targets() -> None:
    """The groups this area offers (called from `init_app`)."""
    register_audience("messages/submitters", submitter_ids)
    register_target("submitted", _l("Everyone who submitted a solution"),
                    "messages/submitters", TO_PARTICIPANTS)
    register_target("interested", _l("Everyone following or answering the challenge"),
                    "challenges/interested")
    register_target("followers", _l("The challenge's followers"), "challenges/followers")


def choices(challenge: Challenge) -> list[tuple[str, str]]:
    """The groups available for a challenge, as form choices ("key" or "key:id")."""
    options = []
    for target in TARGETS.values():
        if target.objects is None:
            options.append((target.key, str(target.label)))
            continue
        options += [(f"{target.key}:{object_id}", str(target.label) % {"name": name})
                    for object_id, name in target.objects(challenge)]
    return options


def _parse(challenge: Challenge, value: str) -> tuple[Target, int | None]:
    if value not in dict(choices(challenge)):
        raise DomainError(_("Choose who the announcement is for."), field="target")
    key, _sep, object_id = value.partition(":")
    return TARGETS[key], int(object_id) if object_id else None


@template_global
def can_announce(user, challenge: Challenge) -> bool:
    """The owner's and co-owners' members, once the challenge is published."""
    return (challenge.state in ANNOUNCING_STATES
            and bool(buyer_organisations(user, challenge)))


def _audience(announcement: Announcement):
    target = TARGETS[announcement.target]
    args = {"challenge_id": announcement.challenge_id}
    if announcement.target_id is not None:
        args["target_id"] = announcement.target_id
    return audience(target.audience, **args)


def announce(challenge: Challenge, user, target_value: str, subject: str,
             body: str) -> Announcement:
    """Send an announcement to a group (the e-mails are queued in this transaction, or
    by the worker for a large group). Flushed, not committed."""
    if not can_announce(user, challenge):
        raise DomainError(_("Only the buyers can send announcements."), 403)
    target, target_id = _parse(challenge, target_value)
    announcement = Announcement(
        challenge=challenge, target=target.key, target_id=target_id,
        subject=subject.strip()[:200], body=body.strip(), author_id=user.id,
        organisation_id=buyer_organisations(user, challenge)[0].id)
    db.session.add(announcement)
    db.session.flush()
    notify_audience(target.event_key, _audience(announcement), announcement=announcement,
                    challenge=challenge)
    record("message.announced", actor=user, obj=challenge, announcement_id=announcement.id,
           target=target_value)
    return announcement


def announcements_of(challenge: Challenge) -> list[Announcement]:
    """A challenge's announcements, newest first."""
    return list(db.session.scalars(select(Announcement).filter_by(challenge_id=challenge.id)
                                   .order_by(Announcement.id.desc())))


def target_label(announcement: Announcement) -> str:
    """Who an announcement went to, in the reader's language."""
    target = TARGETS.get(announcement.target)
    if target is None:
        return announcement.target
    if target.objects is None:
        return str(target.label)
    names = dict(target.objects(announcement.challenge))
    return str(target.label) % {"name": names.get(announcement.target_id, "–")}


def can_read_announcement(user, announcement: Announcement) -> bool:
    """The buyers, and the people in the group it went to (as the group is now)."""
    if not (user and user.is_authenticated):
        return False
    if buyer_organisations(user, announcement.challenge):
        return True
    if announcement.target not in TARGETS:
        return False
    members = _audience(announcement).user_ids().subquery()
    column = next(iter(members.c))
    return bool(db.session.scalar(select(func.count()).select_from(members)
                                  .where(column == user.id)))
