"""Pooled demand: planned procurements, interest registrations and joint challenges.

An authority says "we have this need too" on a published challenge or on a network's
planned procurement; the public sees how many said so and the volumes they agreed to
show. A planned procurement becomes a draft joint challenge owned by the coordinator,
co-owned by the interested authorities that confirm.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal

from flask_babel import gettext as _

from app.accounts.models import User
from app.audit.services import record
from app.challenges.models import (
    Challenge,
    ChallengeKind,
    ChallengeSector,
    ChallengeState,
    ProcurementRoute,
)
from app.challenges.services import ensure_co_ownable, join_as_co_owner
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, register_event
from app.core.templating import template_global
from app.extensions import db
from app.networks.models import (
    CoOwnerInvitation,
    InterestRegistration,
    InvitationStatus,
    Network,
    PlannedProcurement,
    PlannedProcurementStatus,
)
from app.networks.permissions import authorities_of, member_organisations_of
from app.networks.services import (
    checked_authority,
    ensure_active,
    network_people,
    people_of,
)
from app.organisations.models import Organisation
from app.organisations.services import admins_of

PLANNED_FIELDS = ("title", "need", "expected_timing", "route")

register_event("networks/interest_registered", EventGroup.MY_CHALLENGES)
register_event("networks/co_owner_answer", EventGroup.MY_CHALLENGES)
# An invitation to co-own asks for an answer, so it is sent whatever the preferences.
register_event("networks/co_owner_invitation", EventGroup.MY_CHALLENGES, essential=True)


def challenge_owner_people(challenge: Challenge) -> list[User]:
    """Everyone at the challenge's owner and co-owners."""
    return [user for organisation in challenge.owners for user in people_of(organisation)]


# -- planned procurements -------------------------------------------------------------------

def announce_planned_procurement(network: Network, user: User, title: str, need: str,
                                 expected_timing: str,
                                 route: ProcurementRoute) -> PlannedProcurement:
    """Announce a procurement the network plans, to collect interest; members are told."""
    ensure_active(network)
    planned = PlannedProcurement(network=network, created_by=user, title=title.strip(),
                                 need=need.strip(), expected_timing=expected_timing.strip(),
                                 route=route)
    db.session.add(planned)
    db.session.flush()
    notify("networks/planned_procurement_announced", network_people(network, exclude=user),
           network=network, planned=planned)
    record("network.planned_procurement_announced", actor=user, obj=network,
           planned_procurement_id=planned.id)
    return planned


def _ensure_open(planned: PlannedProcurement) -> None:
    ensure_active(planned.network)
    if not planned.is_open:
        raise DomainError(_("This planned procurement is no longer collecting interest."), 409)


def update_planned_procurement(planned: PlannedProcurement, user: User, **changes) -> None:
    """Edit an open planned procurement."""
    _ensure_open(planned)
    for key, value in changes.items():
        if key not in PLANNED_FIELDS:
            raise TypeError(f"unknown planned procurement field {key}")
        setattr(planned, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    record("network.planned_procurement_updated", actor=user, obj=planned.network,
           planned_procurement_id=planned.id)


def cancel_planned_procurement(planned: PlannedProcurement, user: User) -> None:
    """Stop collecting interest without a joint challenge."""
    _ensure_open(planned)
    planned.status = PlannedProcurementStatus.CANCELLED
    planned.cancelled_at = utcnow()
    db.session.flush()
    record("network.planned_procurement_cancelled", actor=user, obj=planned.network,
           planned_procurement_id=planned.id)


def joint_challenges(network: Network, user: User | None) -> list[PlannedProcurement]:
    """Planned procurements that became challenges; drafts only for the members."""
    show_drafts = bool(user) and bool(member_organisations_of(user, network))
    return [p for p in network.planned_procurements
            if p.challenge and (p.challenge.is_public or show_drafts)]


def open_planned_procurements(network: Network) -> list[PlannedProcurement]:
    """Planned procurements still collecting interest, newest first."""
    return [p for p in network.planned_procurements if p.is_open]


def convert_to_joint_challenge(planned: PlannedProcurement, user: User,
                               kind: ChallengeKind) -> Challenge:
    """Turn a planned procurement into a draft challenge owned by the coordinator.

    Every other interested authority is invited to confirm; only those that confirm
    become co-owners. The coordinator's own registration moves to the challenge.
    """
    _ensure_open(planned)
    network = planned.network
    challenge = _draft_challenge(planned, network, user, kind)
    planned.status = PlannedProcurementStatus.CONVERTED
    planned.challenge = challenge
    planned.converted_at = utcnow()
    db.session.flush()
    record("network.joint_challenge_created", actor=user, obj=network, challenge_id=challenge.id,
           planned_procurement_id=planned.id)
    record("challenge.created_from_planned_procurement", actor=user, obj=challenge,
           network_id=network.id, planned_procurement_id=planned.id)
    _invite_interested(planned, challenge)
    notify("networks/joint_challenge_created", network_people(network, exclude=user),
           network=network, planned=planned, challenge=challenge)
    return challenge


def _invite_interested(planned: PlannedProcurement, challenge: Challenge) -> None:
    for registration in planned.registrations:
        if registration.organisation_id == planned.network.coordinator_id:
            _copy_registration(registration, challenge)
        else:
            _invite_co_owner(planned, challenge, registration)


def _draft_challenge(planned: PlannedProcurement, network: Network, user: User,
                     kind: ChallengeKind) -> Challenge:
    challenge = Challenge(
        kind=kind, state=ChallengeState.DRAFT, owner=network.coordinator, created_by=user,
        title=planned.title, summary=_shortened(planned.need, 600),
        problem_statement=planned.need, procurement_route=planned.route,
        region=network.region, contact_name=user.name, contact_email=user.email,
        sector_links=[ChallengeSector(sector=s) for s in network.sectors],
    )
    db.session.add(challenge)
    db.session.flush()
    return challenge


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _invite_co_owner(planned: PlannedProcurement, challenge: Challenge,
                     registration: InterestRegistration) -> CoOwnerInvitation:
    invitation = CoOwnerInvitation(planned_procurement=planned, challenge=challenge,
                                   organisation=registration.organisation)
    db.session.add(invitation)
    db.session.flush()
    recipients = [*admins_of(registration.organisation)]
    if registration.registered_by:
        recipients.insert(0, registration.registered_by)
    notify("networks/co_owner_invitation", recipients, network=planned.network, planned=planned,
           challenge=challenge, invitation=invitation)
    return invitation


def _copy_registration(registration: InterestRegistration, challenge: Challenge) -> None:
    existing = _registration_for(challenge=challenge, organisation=registration.organisation)
    if existing:
        return
    copy = InterestRegistration(challenge=challenge, organisation=registration.organisation,
                                registered_by=registration.registered_by)
    for detail in fields(InterestDetails):
        setattr(copy, detail.name, getattr(registration, detail.name))
    db.session.add(copy)
    db.session.flush()


def answer_co_owner_invitation(invitation: CoOwnerInvitation, user: User, accept: bool) -> None:
    """Confirm (the authority becomes a co-owner, logged) or decline a joint challenge."""
    _ensure_answerable(invitation, user, accept)
    challenge = invitation.challenge
    invitation.status = InvitationStatus.CONFIRMED if accept else InvitationStatus.DECLINED
    invitation.answered_at = utcnow()
    invitation.answered_by = user
    if accept:
        _add_co_owner(invitation, user)
    db.session.flush()
    record("network.co_owner_" + ("confirmed" if accept else "declined"), actor=user,
           obj=invitation.planned_procurement.network, challenge_id=challenge.id,
           organisation_id=invitation.organisation_id)
    notify("networks/co_owner_answer", _answer_recipients(invitation),
           network=invitation.planned_procurement.network, challenge=challenge,
           organisation=invitation.organisation, accepted=accept)


def _ensure_answerable(invitation: CoOwnerInvitation, user: User, accept: bool) -> None:
    if not invitation.is_pending:
        raise DomainError(_("This invitation has already been answered."), 409)
    checked_authority(user, invitation.organisation, _(
        "Only people at the invited contracting authority can answer."))
    if accept:
        ensure_co_ownable(invitation.challenge)  # the same rule as the owner's invitations


def _add_co_owner(invitation: CoOwnerInvitation, user: User) -> None:
    challenge = invitation.challenge
    # The confirmation is the acceptance: one path with the owner's own invitations, so the
    # suppliers who submitted are told here too.
    join_as_co_owner(challenge, invitation.organisation, user,
                     network_id=invitation.planned_procurement.network_id)
    registration = _registration_for(planned=invitation.planned_procurement,
                                     organisation=invitation.organisation)
    if registration:
        _copy_registration(registration, challenge)


def _answer_recipients(invitation: CoOwnerInvitation) -> list[User]:
    recipients = admins_of(invitation.challenge.owner)
    creator = invitation.planned_procurement.created_by
    return [creator, *recipients] if creator else recipients


def pending_co_owner_invitations(user: User) -> list[CoOwnerInvitation]:
    """Invitations to co-own a joint challenge waiting for one of the user's authorities."""
    organisation_ids = [o.id for o in authorities_of(user)]
    if not organisation_ids:
        return []
    return list(db.session.scalars(db.select(CoOwnerInvitation).where(
        CoOwnerInvitation.organisation_id.in_(organisation_ids),
        CoOwnerInvitation.status == InvitationStatus.PENDING,
    ).order_by(CoOwnerInvitation.created_at)))


# -- interest registration and pooled demand ------------------------------------------------

@dataclass
class InterestDetails:
    """What an authority says when it registers interest."""

    volume_quantity: Decimal | None = None
    volume_unit: str = ""
    amount_sek: Decimal | None = None
    time_frame: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    comment: str = ""
    show_volume_publicly: bool = False

    def checked(self) -> InterestDetails:
        """The details with text trimmed, or DomainError if something needed is missing."""
        for name in ("volume_unit", "time_frame", "contact_name", "contact_email",
                     "contact_phone"):
            setattr(self, name, " ".join(getattr(self, name).split()))
        self.comment = self.comment.strip()
        if not (self.contact_name and self.contact_email):
            raise DomainError(_("Give a contact person and their e-mail address."),
                              field="contact_name")
        if self.volume_quantity is None and self.amount_sek is None:
            raise DomainError(_("Give an estimated volume, a budget in SEK, or both."),
                              field="volume_quantity")
        if self.volume_quantity is not None and not self.volume_unit:
            raise DomainError(_("Say what the volume counts, for example units/year."),
                              field="volume_unit")
        if self.volume_quantity is None:
            self.volume_unit = ""
        return self


def _registration_for(organisation: Organisation, challenge: Challenge | None = None,
                      planned: PlannedProcurement | None = None) -> InterestRegistration | None:
    return db.session.scalar(db.select(InterestRegistration).filter_by(
        organisation_id=organisation.id,
        challenge_id=challenge.id if challenge else None,
        planned_procurement_id=planned.id if planned else None))


def registration_of(organisation: Organisation, challenge: Challenge | None = None,
                    planned: PlannedProcurement | None = None) -> InterestRegistration | None:
    """The organisation's registration on a challenge or planned procurement, if any."""
    return _registration_for(organisation, challenge=challenge, planned=planned)


def _ensure_may_register(user: User, organisation: Organisation) -> None:
    if not authorities_of(user):
        raise DomainError(interest_refusal(user), 403)
    checked_authority(user, organisation, _(
        "You can only register interest for a verified contracting authority you belong to."))


def interest_refusal(user: User) -> str:
    """Why the user may not register interest at all (supplier, or not verified yet)."""
    organisations = [m.organisation for m in user.memberships]
    if any(o.is_contracting_authority for o in organisations):
        return _("Your organisation must be verified as a contracting authority before it "
                 "can register interest.")
    return _("Only verified contracting authorities can register interest. Suppliers can "
             "follow the challenge and answer it with a solution instead.")


def register_challenge_interest(challenge: Challenge, organisation: Organisation, user: User,
                                details: InterestDetails) -> InterestRegistration:
    """Say "we have this need too" on a published challenge (again: update the estimate)."""
    _ensure_may_register(user, organisation)
    if challenge.effective_state != ChallengeState.PUBLISHED:  # to the second
        raise DomainError(_("Interest can only be registered while the challenge is open."), 409)
    if organisation.id in {o.id for o in challenge.owners}:
        raise DomainError(_("%(name)s already owns this challenge.", name=organisation.name),
                          409, field="organisation")
    registration, created = _save_registration(
        _registration_for(organisation, challenge=challenge), {"challenge": challenge},
        organisation, user, details)
    if created:
        notify("networks/interest_registered", challenge_owner_people(challenge),
               challenge=challenge, planned=None, registration=registration,
               target_title=challenge.title)
    return registration


def register_planned_interest(planned: PlannedProcurement, organisation: Organisation,
                              user: User, details: InterestDetails) -> InterestRegistration:
    """Register interest in a network's planned procurement; the coordinator is told."""
    _ensure_may_register(user, organisation)
    _ensure_open(planned)
    registration, created = _save_registration(
        _registration_for(organisation, planned=planned), {"planned_procurement": planned},
        organisation, user, details)
    if created:
        network = planned.network
        notify("networks/interest_registered", people_of(network.coordinator),
               challenge=None, planned=planned, registration=registration,
               target_title=planned.title)
    return registration


def _save_registration(existing: InterestRegistration | None, target: dict,
                       organisation: Organisation, user: User,
                       details: InterestDetails) -> tuple[InterestRegistration, bool]:
    details = details.checked()
    registration = existing or InterestRegistration(organisation=organisation, **target)
    registration.registered_by = user
    for name, value in asdict(details).items():
        setattr(registration, name, value)
    db.session.add(registration)
    db.session.flush()
    _record_registration("interest.updated" if existing else "interest.registered", user,
                         registration)
    return registration, existing is None


def _record_registration(action: str, user: User, registration: InterestRegistration) -> None:
    target = registration.challenge or registration.planned_procurement.network
    record(action, actor=user, obj=target, organisation_id=registration.organisation_id,
           planned_procurement_id=registration.planned_procurement_id)


def withdraw_interest(registration: InterestRegistration, user: User) -> None:
    """Take back a registration of interest."""
    checked_authority(user, registration.organisation, _(
        "Only people at the registering authority can withdraw its interest."))
    _record_registration("interest.withdrawn", user, registration)
    db.session.delete(registration)
    db.session.flush()


def registrations_on(challenge: Challenge | None = None,
                     planned: PlannedProcurement | None = None) -> list[InterestRegistration]:
    """Every registration on a challenge or planned procurement, oldest first."""
    return list(db.session.scalars(db.select(InterestRegistration).filter_by(
        challenge_id=challenge.id if challenge else None,
        planned_procurement_id=planned.id if planned else None,
    ).order_by(InterestRegistration.created_at, InterestRegistration.id)))


@dataclass(frozen=True)
class Volume:
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class PooledDemand:
    """What the public sees: how many authorities, and the volumes they agreed to show."""

    authorities: int = 0
    shared: int = 0  # how many of them agreed to show their estimate
    volumes: tuple[Volume, ...] = field(default_factory=tuple)
    amount_sek: Decimal | None = None


def _unit_key(unit: str) -> str:
    return " ".join(unit.split()).casefold()


def pooled_demand(registrations: list[InterestRegistration]) -> PooledDemand:
    """Count the authorities; sum the shared volumes per unit and the shared amounts."""
    shared = [r for r in registrations if r.show_volume_publicly]
    totals: dict[str, Volume] = {}
    for registration in shared:
        if registration.volume_quantity is None:
            continue
        key = _unit_key(registration.volume_unit)
        previous = totals.get(key, Volume(Decimal(0), registration.volume_unit))
        totals[key] = Volume(previous.quantity + registration.volume_quantity, previous.unit)
    amounts = [r.amount_sek for r in shared if r.amount_sek is not None]
    return PooledDemand(
        authorities=len({r.organisation_id for r in registrations}), shared=len(shared),
        volumes=tuple(totals.values()), amount_sek=sum(amounts, Decimal(0)) if amounts else None,
    )


def challenge_demand(challenge: Challenge) -> PooledDemand:
    """The pooled demand shown on a challenge page."""
    return pooled_demand(registrations_on(challenge=challenge))


def planned_demand(planned: PlannedProcurement) -> PooledDemand:
    """The pooled demand shown on a planned procurement."""
    return pooled_demand(registrations_on(planned=planned))


@template_global
def pooled_demand_of_challenge(challenge: Challenge) -> PooledDemand:
    """The pooled demand for the challenge page's interest section (a template global)."""
    return challenge_demand(challenge)


@template_global
def interest_registrations_of_challenge(challenge: Challenge) -> list[InterestRegistration]:
    """Every registration on a challenge, for its owners' view (a template global)."""
    return registrations_on(challenge=challenge)
