"""Buyer networks: creation, membership, coordination, updates and shared documents."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from app.accounts.models import User
from app.attachments import services as attachments
from app.attachments.models import Attachment
from app.audit.services import record
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, register_event
from app.extensions import db
from app.networks.models import (
    JoinPolicy,
    Network,
    NetworkJoinRequest,
    NetworkMember,
    NetworkSector,
    NetworkStatus,
    NetworkUpdate,
)
from app.networks.permissions import authorities_of, member_organisations_of
from app.organisations.models import Organisation, RequestStatus
from app.organisations.permissions import can_publish_as
from app.organisations.services import admins_of

DOCUMENT_OWNER = "network_document"
NETWORK_FIELDS = ("name", "theme", "description", "region", "join_policy")

for _key in ("networks/join_request", "networks/join_decision", "networks/update_posted",
             "networks/joint_challenge_created", "networks/coordinator_handed_over",
             "networks/planned_procurement_announced"):
    register_event(_key, EventGroup.NETWORKS)


# -- people to tell -------------------------------------------------------------------------

def people_of(organisation: Organisation) -> list[User]:
    """Everyone who belongs to an organisation."""
    return [m.user for m in organisation.memberships]


def network_people(network: Network, exclude: User | None = None) -> list[User]:
    """Everyone at the network's member organisations, except `exclude`."""
    people = [user for member in network.members for user in people_of(member.organisation)]
    return [u for u in people if exclude is None or u.id != exclude.id]


# -- creating and finding networks ----------------------------------------------------------

def checked_authority(user: User, organisation: Organisation, message: str) -> None:
    """DomainError 403 unless the user may act for the organisation as a verified authority."""
    if not can_publish_as(user, organisation):
        raise DomainError(message, 403, field="organisation")


def create_network(creator: User, organisation: Organisation, sectors: list[str],
                   **profile) -> Network:
    """Start a network coordinated by the creator's verified authority, its first member."""
    checked_authority(creator, organisation, _(
        "Only people at a verified contracting authority can start a network."))
    network = Network(coordinator=organisation, created_by=creator)
    _apply_profile(network, profile, sectors)
    network.members.append(NetworkMember(organisation=organisation))
    db.session.add(network)
    db.session.flush()
    record("network.created", actor=creator, obj=network, coordinator_id=organisation.id)
    return network


def _apply_profile(network: Network, profile: dict, sectors: list[str]) -> None:
    for key, value in profile.items():
        if key not in NETWORK_FIELDS:
            raise TypeError(f"unknown network field {key}")
        setattr(network, key, value)
    wanted = list(dict.fromkeys(sectors))
    network.sector_links = [link for link in network.sector_links if link.sector in wanted]
    existing = set(network.sectors)
    network.sector_links.extend(NetworkSector(sector=s) for s in wanted if s not in existing)


def update_network(network: Network, actor: User, sectors: list[str], **profile) -> None:
    """Edit the network's description, theme, region, sectors and join policy."""
    ensure_active(network)
    _apply_profile(network, profile, sectors)
    db.session.flush()
    record("network.updated", actor=actor, obj=network)


def ensure_active(network: Network) -> None:
    """DomainError 409 if the network is archived."""
    if not network.is_active:
        raise DomainError(_("This network is archived."), 409)


def directory(query: str = "", sector: str | None = None, region: str | None = None,
              page: int = 1, per_page: int = 20):
    """Active networks by name, filtered by words in the name or theme, sector and county."""
    select = db.select(Network).filter_by(status=NetworkStatus.ACTIVE).order_by(Network.name)
    if query:
        select = select.where(db.or_(Network.name.icontains(query, autoescape=True),
                                     Network.theme.icontains(query, autoescape=True)))
    if sector:
        select = select.where(Network.sector_links.any(NetworkSector.sector == sector))
    if region:
        select = select.where(Network.region == region)
    return db.paginate(select, page=page, per_page=per_page, error_out=False)


def networks_of(user: User) -> list[Network]:
    """The active networks the user's organisations belong to, by name."""
    organisation_ids = [m.organisation_id for m in user.memberships]
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        db.select(Network).join(NetworkMember)
        .where(NetworkMember.organisation_id.in_(organisation_ids),
               Network.status == NetworkStatus.ACTIVE)
        .distinct().order_by(Network.name)))


# -- joining, leaving, coordinating ---------------------------------------------------------

def _membership(network: Network, organisation: Organisation) -> NetworkMember | None:
    return next((m for m in network.members if m.organisation_id == organisation.id), None)


def join_network(network: Network, organisation: Organisation, user: User,
                 message: str = "") -> NetworkMember | NetworkJoinRequest:
    """Join an open network at once, or ask the coordinator of one that approves members."""
    ensure_active(network)
    checked_authority(user, organisation, _(
        "Only verified contracting authorities can join networks."))
    if _membership(network, organisation):
        raise DomainError(_("%(name)s is already a member of this network.",
                            name=organisation.name), 409)
    if network.join_policy == JoinPolicy.OPEN:
        return _add_member(network, organisation, user)
    return _request_to_join(network, organisation, user, message)


def _add_member(network: Network, organisation: Organisation, actor: User) -> NetworkMember:
    member = NetworkMember(network=network, organisation=organisation)
    db.session.add(member)
    db.session.flush()
    record("network.joined", actor=actor, obj=network, organisation_id=organisation.id)
    return member


def _request_to_join(network: Network, organisation: Organisation, user: User,
                     message: str) -> NetworkJoinRequest:
    if pending_join_request(network, organisation):
        raise DomainError(_("%(name)s has already asked to join. The coordinator will answer.",
                            name=organisation.name), 409)
    join_request = NetworkJoinRequest(network=network, organisation=organisation,
                                      requested_by=user, message=message.strip())
    db.session.add(join_request)
    db.session.flush()
    notify("networks/join_request", admins_of(network.coordinator), network=network,
           organisation=organisation, requester=user, join_request=join_request)
    record("network.join_requested", actor=user, obj=network, organisation_id=organisation.id)
    return join_request


def pending_join_request(network: Network,
                         organisation: Organisation) -> NetworkJoinRequest | None:
    """The organisation's open request to join the network, if any."""
    return db.session.scalar(db.select(NetworkJoinRequest).filter_by(
        network_id=network.id, organisation_id=organisation.id, status=RequestStatus.PENDING))


def pending_join_requests(network: Network) -> list[NetworkJoinRequest]:
    """Open requests to join, oldest first."""
    return list(db.session.scalars(db.select(NetworkJoinRequest).filter_by(
        network_id=network.id, status=RequestStatus.PENDING
    ).order_by(NetworkJoinRequest.created_at, NetworkJoinRequest.id)))


def pending_organisations(network: Network, user: User) -> list[Organisation]:
    """The user's organisations waiting for an answer to a request to join."""
    return [o for o in authorities_of(user) if pending_join_request(network, o)]


def decide_join_request(join_request: NetworkJoinRequest, user: User, approve: bool) -> None:
    """Approve (the authority becomes a member) or decline; the requester's side is told."""
    network = join_request.network
    ensure_active(network)
    if join_request.status != RequestStatus.PENDING:
        raise DomainError(_("This request has already been answered."), 409)
    join_request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    join_request.decided_at = utcnow()
    join_request.decided_by_id = user.id
    if approve and not _membership(network, join_request.organisation):
        _add_member(network, join_request.organisation, user)
    recipients = [*admins_of(join_request.organisation)]
    if join_request.requested_by:
        recipients.insert(0, join_request.requested_by)
    notify("networks/join_decision", recipients, network=network,
           organisation=join_request.organisation, approved=approve)
    record("network.join_" + ("approved" if approve else "declined"), actor=user, obj=network,
           organisation_id=join_request.organisation_id)


def ensure_may_leave(network: Network, organisation: Organisation) -> NetworkMember:
    """The organisation's membership if it may leave now; a DomainError if not (the
    coordinator hands over first while others remain)."""
    ensure_active(network)
    membership = _membership(network, organisation)
    if membership is None:
        raise DomainError(_("%(name)s is not a member of this network.", name=organisation.name),
                          404)
    if organisation.id == network.coordinator_id and len(network.members) > 1:
        raise DomainError(_("Hand over the coordinator role to another member before your "
                            "organisation leaves."), 409)
    return membership


def leave_network(network: Network, organisation: Organisation, user: User) -> None:
    """Take an organisation out; the last one to leave archives the network.

    Co-ownership of joint challenges is not touched: it only changes explicitly.
    """
    membership = ensure_may_leave(network, organisation)
    network.members.remove(membership)
    db.session.flush()
    record("network.left", actor=user, obj=network, organisation_id=organisation.id)
    if not network.members:
        _archive(network, user)


def _archive(network: Network, actor: User) -> None:
    network.status = NetworkStatus.ARCHIVED
    network.archived_at = utcnow()
    network.coordinator = None
    for join_request in pending_join_requests(network):
        join_request.status = RequestStatus.WITHDRAWN
    db.session.flush()
    record("network.archived", actor=actor, obj=network)


def hand_over_coordination(network: Network, organisation: Organisation, user: User) -> None:
    """Make another member authority the coordinator; its people are told."""
    ensure_active(network)
    if organisation.id == network.coordinator_id:
        raise DomainError(_("%(name)s already coordinates the network.", name=organisation.name),
                          409, field="organisation")
    if _membership(network, organisation) is None:
        raise DomainError(_("Only a member of the network can become its coordinator."), 409,
                          field="organisation")
    if not (organisation.is_contracting_authority and organisation.is_verified):
        raise DomainError(_("The coordinator must be a verified contracting authority."), 409,
                          field="organisation")
    previous = network.coordinator
    network.coordinator = organisation
    db.session.flush()
    record("network.coordinator_changed", actor=user, obj=network,
           previous_id=previous.id if previous else None, coordinator_id=organisation.id)
    notify("networks/coordinator_handed_over", people_of(organisation), network=network,
           previous=previous, actor=user)


# -- updates and documents ------------------------------------------------------------------

def _ensure_member(network: Network, user: User) -> Organisation:
    ensure_active(network)
    organisations = member_organisations_of(user, network)
    if not organisations:
        raise DomainError(_("Only the network's members can do this."), 403)
    return organisations[0]


def post_update(network: Network, user: User, title: str, body: str) -> NetworkUpdate:
    """Post an update (Markdown) to the members; everyone else at the members is told."""
    organisation = _ensure_member(network, user)
    update = NetworkUpdate(network=network, author=user, organisation=organisation,
                           title=title.strip(), body=body.strip())
    db.session.add(update)
    db.session.flush()
    notify("networks/update_posted", network_people(network, exclude=user), network=network,
           update=update)
    record("network.update_posted", actor=user, obj=network, update_id=update.id)
    return update


def update_count(network: Network) -> int:
    """How many updates the members have posted (the number is public, the posts are not)."""
    return db.session.scalar(db.select(db.func.count(NetworkUpdate.id)).filter_by(
        network_id=network.id))


def upload_document(network: Network, user: User, upload: FileStorage) -> Attachment:
    """Share a file with the members (checked like every upload)."""
    _ensure_member(network, user)
    attachment = attachments.store(upload, DOCUMENT_OWNER, network.id, user)
    record("network.document_uploaded", actor=user, obj=network, attachment_id=attachment.id,
           filename=attachment.filename)
    return attachment


def documents_of(network: Network) -> list[Attachment]:
    """The files shared in the network, oldest first."""
    return attachments.attachments_of(DOCUMENT_OWNER, network.id)


def document_of(network: Network, attachment_id: int) -> Attachment:
    """One shared document of the network, or DomainError 404."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or (attachment.owner_type, attachment.owner_id) != (
            DOCUMENT_OWNER, network.id):
        raise DomainError(_("That document does not exist."), 404)
    return attachment


def delete_document(network: Network, attachment: Attachment, user: User) -> None:
    """Remove a shared document."""
    record("network.document_deleted", actor=user, obj=network, attachment_id=attachment.id,
           filename=attachment.filename)
    attachments.delete(attachment)
