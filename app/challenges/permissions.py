"""Who may see and do what with a challenge (used by views, services and templates)."""

from __future__ import annotations

from app.accounts.permissions import can_administer_platform, is_signed_in
from app.challenges.models import Challenge, ChallengeState
from app.core.templating import template_global
from app.organisations.permissions import can_publish_as, is_member

EDITABLE_STATES = frozenset({ChallengeState.DRAFT, ChallengeState.PUBLISHED})


def publishing_organisations(user) -> list:
    """The verified contracting authorities the user may publish for."""
    if not is_signed_in(user):
        return []
    return [m.organisation for m in user.memberships if can_publish_as(user, m.organisation)]


@template_global
def can_create_challenge(user) -> bool:
    """Members of a verified contracting authority create challenges for it."""
    return bool(publishing_organisations(user))


@template_global
def is_challenge_owner(user, challenge: Challenge) -> bool:
    """Members of the owner or of a co-owner share the owner's rights."""
    return is_signed_in(user) and any(is_member(user, org) for org in challenge.owners)


@template_global
def can_view_challenge(user, challenge: Challenge) -> bool:
    """Published (and later) challenges are public; drafts only for owners and administrators."""
    return (challenge.is_public or is_challenge_owner(user, challenge)
            or can_administer_platform(user))


@template_global
def can_edit_challenge(user, challenge: Challenge) -> bool:
    """Owners edit drafts freely and published challenges within limits (change log), until
    the second the deadline for solutions is reached."""
    return is_challenge_owner(user, challenge) and challenge.effective_state in EDITABLE_STATES


@template_global
def can_manage_co_owners(user, challenge: Challenge) -> bool:
    """Only the owning authority's members invite and remove co-owners (co-owners do not)."""
    return is_signed_in(user) and is_member(user, challenge.owner)


@template_global
def can_answer_co_ownership(user, invitation) -> bool:
    """People at the invited (verified) authority accept or decline an invitation to co-own."""
    return invitation.is_pending and can_publish_as(user, invitation.organisation)


@template_global
def can_manage_challenge(user, challenge: Challenge) -> bool:
    """Owners run the challenge (questions, deadlines, states); administrators moderate."""
    return is_challenge_owner(user, challenge) or can_administer_platform(user)


@template_global
def can_review_challenges(user) -> bool:
    """Platform administrators publish challenges waiting for review or send them back."""
    return can_administer_platform(user)


@template_global
def can_ask_question(user, challenge: Challenge) -> bool:
    """Signed-in people outside the buyers may ask while the challenge is open for questions
    (never after the deadline for solutions, even before the close job has run)."""
    return (is_signed_in(user) and not is_challenge_owner(user, challenge)
            and challenge.effective_state == ChallengeState.PUBLISHED
            and not challenge.is_paused)


@template_global
def can_answer_questions(user, challenge: Challenge) -> bool:
    """Owners answer questions and publish clarifications while the challenge is public."""
    return is_challenge_owner(user, challenge) and challenge.is_public and (
        challenge.state != ChallengeState.WITHDRAWN)


@template_global
def can_follow_challenge(user, challenge: Challenge) -> bool:
    """Anyone signed in may follow a public challenge."""
    return is_signed_in(user) and challenge.is_public


@template_global
def can_read_challenge_attachments(user, challenge: Challenge) -> bool:
    """A published challenge's files are public; a draft's only for its owners and admins."""
    return can_view_challenge(user, challenge)
