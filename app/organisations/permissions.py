"""Who may do what with an organisation."""

from __future__ import annotations

from app.core.templating import template_global
from app.organisations.models import MemberRole, Membership, Organisation


def membership_of(user, organisation: Organisation) -> Membership | None:
    """The user's membership in the organisation, if any."""
    if not (user and user.is_authenticated):
        return None
    return next((m for m in user.memberships if m.organisation_id == organisation.id), None)


@template_global
def is_member(user, organisation: Organisation) -> bool:
    """True if the user belongs to the organisation (any role)."""
    return membership_of(user, organisation) is not None


@template_global
def is_org_admin(user, organisation: Organisation) -> bool:
    """True if the user is an admin of the organisation."""
    membership = membership_of(user, organisation)
    return membership is not None and membership.role == MemberRole.ADMIN


@template_global
def can_edit_organisation(user, organisation: Organisation) -> bool:
    """Organisation admins edit the profile; platform administrators may too."""
    return is_org_admin(user, organisation) or bool(
        user and user.is_authenticated and user.is_admin
    )


@template_global
def can_manage_members(user, organisation: Organisation) -> bool:
    """Only the organisation's own admins invite, approve and change roles."""
    return is_org_admin(user, organisation)


@template_global
def can_view_members(user, organisation: Organisation) -> bool:
    """Members see each other; platform administrators see everyone."""
    return is_member(user, organisation) or bool(
        user and user.is_authenticated and user.is_admin
    )


@template_global
def can_request_to_join(user, organisation: Organisation) -> bool:
    """A signed-in person who is not yet a member may ask to join."""
    return bool(user and user.is_authenticated) and not is_member(user, organisation)


@template_global
def can_verify_organisation(user, organisation: Organisation) -> bool:
    """Platform administrators verify contracting authorities and intermediaries."""
    return bool(user and user.is_authenticated and user.is_admin) and (
        organisation.needs_verification
    )


@template_global
def can_publish_as(user, organisation: Organisation) -> bool:
    """Members of a verified contracting authority may publish on its behalf."""
    return (
        organisation.is_contracting_authority
        and organisation.is_verified
        and is_member(user, organisation)
    )
