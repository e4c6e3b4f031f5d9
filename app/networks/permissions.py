"""Who may do what in a buyer network, and who may register interest where."""

from __future__ import annotations

from app.challenges.models import Challenge, ChallengeState
from app.core.templating import template_global
from app.networks.models import CoOwnerInvitation, Network, PlannedProcurement
from app.organisations.models import Organisation
from app.organisations.permissions import can_publish_as, is_member


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def authorities_of(user) -> list[Organisation]:
    """The verified contracting authorities the user may act for, by name."""
    if not _signed_in(user):
        return []
    organisations = (m.organisation for m in user.memberships)
    return sorted((o for o in organisations if can_publish_as(user, o)),
                  key=lambda o: o.name.lower())


def member_organisations_of(user, network: Network) -> list[Organisation]:
    """The user's organisations that are members of the network."""
    if not _signed_in(user):
        return []
    member_ids = {m.organisation_id for m in network.members}
    return [m.organisation for m in user.memberships if m.organisation_id in member_ids]


@template_global
def is_network_member(user, network: Network) -> bool:
    """True if one of the user's organisations belongs to the network."""
    return bool(member_organisations_of(user, network))


@template_global
def can_create_network(user) -> bool:
    """People at a verified contracting authority may start a network (it coordinates)."""
    return bool(authorities_of(user))


@template_global
def can_view_network_private(user, network: Network) -> bool:
    """Updates and shared documents are for the member organisations' people only."""
    return is_network_member(user, network)


@template_global
def can_coordinate_network(user, network: Network) -> bool:
    """People at the coordinating authority run the network while it is active."""
    return (
        network.is_active
        and network.coordinator is not None
        and can_publish_as(user, network.coordinator)
    )


def joinable_organisations(user, network: Network) -> list[Organisation]:
    """The user's verified authorities that are not yet members of the network."""
    member_ids = {m.organisation_id for m in network.members}
    return [o for o in authorities_of(user) if o.id not in member_ids]


@template_global
def can_join_network(user, network: Network) -> bool:
    """A verified authority that is not yet a member may join (or ask to) an active network."""
    return network.is_active and bool(joinable_organisations(user, network))


@template_global
def can_leave_network(user, network: Network) -> bool:
    """People at a member organisation may take it out of the network."""
    return network.is_active and is_network_member(user, network)


@template_global
def can_post_network_update(user, network: Network) -> bool:
    """Every member organisation's people post updates and share documents."""
    return network.is_active and is_network_member(user, network)


@template_global
def can_delete_network_document(user, network: Network, attachment) -> bool:
    """The uploader or the coordinator removes a shared document."""
    if not can_post_network_update(user, network):
        return False
    return attachment.uploaded_by_id == user.id or can_coordinate_network(user, network)


@template_global
def can_manage_planned_procurement(user, planned: PlannedProcurement) -> bool:
    """The coordinator announces, edits, cancels and converts planned procurements."""
    return can_coordinate_network(user, planned.network)


@template_global
def can_see_planned_interest(user, planned: PlannedProcurement) -> bool:
    """The coordinator sees every registration on a planned procurement."""
    return can_coordinate_network(user, planned.network)


@template_global
def is_challenge_owner_member(user, challenge: Challenge) -> bool:
    """True if the user belongs to the challenge's owner or one of its co-owners."""
    return any(is_member(user, organisation) for organisation in challenge.owners)


@template_global
def can_see_challenge_interest(user, challenge: Challenge) -> bool:
    """The owner and co-owners see every interest registration on their challenge."""
    return is_challenge_owner_member(user, challenge)


def interest_organisations_for_challenge(user, challenge: Challenge) -> list[Organisation]:
    """The user's verified authorities that may say "we have this need too"."""
    owner_ids = {o.id for o in challenge.owners}
    return [o for o in authorities_of(user) if o.id not in owner_ids]


@template_global
def can_register_challenge_interest(user, challenge: Challenge) -> bool:
    """A verified authority other than the owners may register interest while published
    (until the deadline for solutions)."""
    return (challenge.effective_state == ChallengeState.PUBLISHED
            and bool(interest_organisations_for_challenge(user, challenge)))


@template_global
def can_register_planned_interest(user, planned: PlannedProcurement) -> bool:
    """Any verified authority may register interest in an open planned procurement."""
    return planned.is_open and planned.network.is_active and bool(authorities_of(user))


@template_global
def can_answer_co_owner_invitation(user, invitation: CoOwnerInvitation) -> bool:
    """People at the invited authority confirm or decline co-ownership."""
    return invitation.is_pending and can_publish_as(user, invitation.organisation)
