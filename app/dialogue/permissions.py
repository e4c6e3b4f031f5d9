"""Who may see, organise and register for dialogue events (views, services and templates).

Organisers are the challenge's owner and co-owners, or the coordinator of the network that
plans the procurement. The place and the online link of an event are for registered
participants and organisers only.
"""

from __future__ import annotations

from app.accounts.permissions import can_administer_platform, is_signed_in
from app.challenges.models import Challenge, ChallengeState
from app.challenges.permissions import can_view_challenge, is_challenge_owner
from app.core.templating import template_global
from app.dialogue.models import DialogueEvent, EventKind, EventRegistration, RegistrationStatus
from app.networks.models import PlannedProcurement
from app.networks.permissions import can_manage_planned_procurement

CLOSED_FOR_EVENTS = frozenset({ChallengeState.WITHDRAWN})


@template_global
def can_schedule_on_challenge(user, challenge: Challenge) -> bool:
    """The owner and co-owners schedule events on their challenge or need (not withdrawn)."""
    return is_challenge_owner(user, challenge) and challenge.state not in CLOSED_FOR_EVENTS


@template_global
def can_schedule_on_planned(user, planned: PlannedProcurement) -> bool:
    """The network's coordinator schedules events on an open planned procurement."""
    return planned.is_open and can_manage_planned_procurement(user, planned)


@template_global
def can_manage_event(user, event: DialogueEvent) -> bool:
    """The organisers change, move and cancel an event, see who comes and publish the
    summary."""
    if event.challenge is not None:
        return is_challenge_owner(user, event.challenge)
    return can_manage_planned_procurement(user, event.planned_procurement)


def _target_is_public(event: DialogueEvent) -> bool:
    if event.challenge is not None:
        return event.challenge.is_public
    planned = event.planned_procurement
    return planned.network.is_active and planned.status.value != "cancelled"


@template_global
def can_view_event(user, event: DialogueEvent) -> bool:
    """An event is as public as what it is about: a public challenge's or an announced
    planned procurement's events are for everyone; a draft's for its organisers."""
    if _target_is_public(event):
        return True
    if event.challenge is not None:
        return can_view_challenge(user, event.challenge)
    return can_manage_event(user, event) or can_administer_platform(user)


def active_registration(user, event: DialogueEvent) -> EventRegistration | None:
    """The user's registration (registered or waiting) for the event, if any."""
    if not is_signed_in(user):
        return None
    return next((r for r in event.registrations if r.user_id == user.id
                 and r.status != RegistrationStatus.CANCELLED), None)


@template_global
def can_see_event_access(user, event: DialogueEvent) -> bool:
    """The place and online link: registered participants (not the waiting list) and the
    organisers."""
    if can_manage_event(user, event):
        return True
    registration = active_registration(user, event)
    return registration is not None and registration.is_registered


def supplier_organisations(user) -> list:
    """The user's organisations that answer challenges (suppliers, universities)."""
    if not is_signed_in(user):
        return []
    return [m.organisation for m in user.memberships if m.organisation.offers_solutions]


def is_winner(event: DialogueEvent, organisation) -> bool:
    """True if the organisation's solution won the event's challenge (decision published)."""
    from app.evaluation.services import find_evaluation
    from app.extensions import db
    from app.solutions.models import Solution, SolutionResult, SolutionState

    evaluation = find_evaluation(event.challenge) if event.challenge else None
    if evaluation is None or not evaluation.decision_published:
        return False
    return db.session.scalar(db.select(db.func.count(Solution.id)).where(
        Solution.challenge_id == event.challenge_id, Solution.organisation_id == organisation.id,
        Solution.state == SolutionState.SUBMITTED,
        Solution.result == SolutionResult.WINNER)) > 0


@template_global
def is_invited(user, event: DialogueEvent) -> bool:
    """Everyone is invited, except to a pitch day for the winners: its winners only."""
    return not event.winners_only or any(is_winner(event, o)
                                         for o in supplier_organisations(user))


@template_global
def can_register_for_event(user, event: DialogueEvent) -> bool:
    """A supplier's person may register while registration is open, unless already
    registered or waiting; organisers do not register for their own event; a pitch day
    for the winners admits only people of the winning organisations."""
    return (event.registration_open and bool(supplier_organisations(user))
            and not can_manage_event(user, event)
            and active_registration(user, event) is None and is_invited(user, event))


@template_global
def can_cancel_registration(user, registration: EventRegistration) -> bool:
    """A person cancels their own registration or place on the waiting list before the
    event starts."""
    return (is_signed_in(user) and registration.user_id == user.id
            and registration.status != RegistrationStatus.CANCELLED
            and not registration.event.has_ended)


@template_global
def can_publish_summary(user, event: DialogueEvent) -> bool:
    """The organisers publish the summary of a meeting that has ended (or correct it)."""
    return (can_manage_event(user, event) and event.has_ended and not event.is_cancelled
            and event.kind in (EventKind.INFORMATION_MEETING, EventKind.ONE_TO_ONE,
                               EventKind.WORKSHOP, EventKind.PITCH_DAY))


@template_global
def can_read_material(user, event: DialogueEvent) -> bool:
    """The material shown at a meeting is public with its summary; before that, for the
    organisers preparing it."""
    return can_view_event(user, event) and (
        event.summary_published_at is not None or can_manage_event(user, event))


@template_global
def can_keep_meeting_notes(user, event: DialogueEvent) -> bool:
    """Only the organisers keep notes of one-to-one meetings; nobody else ever reads them."""
    return event.is_one_to_one and can_manage_event(user, event)


@template_global
def can_change_event(user, event: DialogueEvent) -> bool:
    """The organisers move or edit an event that is scheduled and has not ended."""
    return can_manage_event(user, event) and not event.is_cancelled and not event.has_ended
