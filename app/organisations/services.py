"""Organisations: creation, profile, members, invitations, join requests, verification."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services import normalise_email
from app.audit.services import record
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, Situation, notify, queue_email, register_event
from app.core.hooks import Hook
from app.core.i18n import invitation_language
from app.core.tokens import hash_token, random_token
from app.extensions import db
from app.organisations.models import (
    Invitation,
    JoinRequest,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    RequestStatus,
    VerificationStatus,
)
from app.organisations.orgnumber import normalise_org_number

for _key in ("organisations/organisation_invitation", "organisations/organisation_join_request",
             "organisations/organisation_join_decision",
             "organisations/organisation_verification"):
    register_event(_key, EventGroup.ORGANISATION, essential=True)

PROFILE_FIELDS = (
    "name", "kind", "size_class", "is_cooperative", "sectors", "region", "website",
    "description", "offers", "capabilities", "references", "regions_served",
)


def checked_org_number(raw: str, exclude_id: int | None = None) -> str:
    """The normalised organisation number, or DomainError if invalid or already registered."""
    number = normalise_org_number(raw or "")
    if number is None:
        raise DomainError(
            _("Enter a valid Swedish organisation number, like 212000-0142."), field="org_number"
        )
    existing = db.session.scalar(db.select(Organisation).filter_by(org_number=number))
    if existing and existing.id != exclude_id:
        raise DomainError(
            _("An organisation with this number is already registered. Ask to join it instead."),
            field="org_number",
        )
    return number


def create_organisation(creator: User, org_number: str, **profile) -> Organisation:
    """Register an organisation with its creator as admin; authorities await verification."""
    organisation = Organisation(org_number=checked_org_number(org_number))
    _apply_profile(organisation, profile)
    if organisation.needs_verification:
        organisation.verification_status = VerificationStatus.PENDING
    organisation.memberships.append(Membership(user=creator, role=MemberRole.ADMIN))
    db.session.add(organisation)
    db.session.flush()
    record("organisation.created", actor=creator, obj=organisation, kind=organisation.kind)
    return organisation


def _apply_profile(organisation: Organisation, profile: dict) -> None:
    for key, value in profile.items():
        if key not in PROFILE_FIELDS:
            raise TypeError(f"unknown organisation field {key}")
        setattr(organisation, key, value)


def update_organisation(organisation: Organisation, actor: User, org_number: str,
                        **profile) -> None:
    """Edit the profile; a new kind that is verified (authority, intermediary) requires
    verification again."""
    old_kind = organisation.kind
    organisation.org_number = checked_org_number(org_number, exclude_id=organisation.id)
    _apply_profile(organisation, profile)
    if organisation.needs_verification and organisation.kind != old_kind:
        organisation.verification_status = VerificationStatus.PENDING
        organisation.is_trusted = False
    elif not organisation.needs_verification:
        organisation.verification_status = VerificationStatus.NOT_REQUIRED
    db.session.flush()
    record("organisation.updated", actor=actor, obj=organisation)


def admins_of(organisation: Organisation) -> list[User]:
    """The people who administer the organisation."""
    return [m.user for m in organisation.memberships if m.role == MemberRole.ADMIN]


def invite(organisation: Organisation, inviter: User, email: str,
           role: MemberRole = MemberRole.MEMBER, language: str | None = None) -> Invitation:
    """E-mail an invitation link; the invitee may not have an account yet. It is written
    in the language the inviter chose for them, else the platform's default language."""
    email = normalise_email(email)
    if any(m.user.email == email for m in organisation.memberships):
        raise DomainError(_("%(email)s is already a member.", email=email), field="email")
    token = random_token()
    invitation = Invitation(
        organisation=organisation, email=email, role=role, token_hash=hash_token(token),
        invited_by=inviter, language=invitation_language(language),
        expires_at=utcnow() + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"]),
    )
    db.session.add(invitation)
    db.session.flush()
    queue_email("organisations/organisation_invitation", email, locale=invitation.language,
                token=token,
                organisation=organisation, inviter=inviter)
    record("organisation.invited", actor=inviter, obj=organisation, email=email, role=role)
    return invitation


def find_invitation(token: str) -> Invitation:
    """The open invitation for a link, or DomainError if used, revoked or expired."""
    invitation = db.session.scalar(
        db.select(Invitation).filter_by(token_hash=hash_token(token))
    )
    if invitation is None or invitation.revoked_at or invitation.accepted_at:
        raise DomainError(_("This invitation is not valid or has already been used."), 404)
    if invitation.expires_at < utcnow():
        raise DomainError(_("This invitation has expired. Ask for a new one."), 410)
    return invitation


def accept_invitation(token: str, user: User) -> Membership:
    """Join the organisation an invitation is for; it must be for the user's address."""
    invitation = find_invitation(token)
    if invitation.email != user.email:
        raise DomainError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.",
              email=invitation.email), 403,
        )
    invitation.accepted_at = utcnow()
    membership = _add_member(invitation.organisation, user, invitation.role)
    record("organisation.invitation_accepted", actor=user, obj=invitation.organisation)
    return membership


def _add_member(organisation: Organisation, user: User, role: MemberRole) -> Membership:
    existing = db.session.scalar(
        db.select(Membership).filter_by(organisation_id=organisation.id, user_id=user.id)
    )
    if existing:
        return existing
    membership = Membership(organisation=organisation, user=user, role=role)
    db.session.add(membership)
    db.session.flush()
    member_added(membership)
    return membership


# Called with each new membership, in the same transaction: higher areas register what
# joining changes for them (the evaluation area: a juror who joins an organisation
# answering the challenge becomes conflicted).
member_added = Hook("organisations.member_added")
on_member_added = member_added.register


def revoke_invitation(invitation: Invitation, actor: User) -> None:
    """Cancel an invitation that has not been accepted."""
    invitation.revoked_at = utcnow()
    record("organisation.invitation_revoked", actor=actor, obj=invitation.organisation,
           email=invitation.email)


def pending_invitations(organisation: Organisation) -> list[Invitation]:
    """Invitations not yet accepted, revoked or expired."""
    return list(db.session.scalars(
        db.select(Invitation).filter(
            Invitation.organisation_id == organisation.id,
            Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        ).order_by(Invitation.created_at)
    ))


def request_to_join(organisation: Organisation, user: User, message: str = "") -> JoinRequest:
    """Ask to become a member; the organisation's admins are told."""
    if any(m.organisation_id == organisation.id for m in user.memberships):
        raise DomainError(_("You are already a member of this organisation."), 409)
    if pending_request(organisation, user):
        raise DomainError(_("You have already asked to join. An admin will answer soon."), 409)
    join_request = JoinRequest(organisation=organisation, user=user, message=message.strip())
    db.session.add(join_request)
    db.session.flush()
    notify("organisations/organisation_join_request", admins_of(organisation),
           organisation=organisation, requester=user, join_request=join_request)
    record("organisation.join_requested", actor=user, obj=organisation)
    return join_request


def pending_request(organisation: Organisation, user: User) -> JoinRequest | None:
    """The user's open request to join, if any."""
    return db.session.scalar(db.select(JoinRequest).filter_by(
        organisation_id=organisation.id, user_id=user.id, status=RequestStatus.PENDING))


def pending_requests(organisation: Organisation) -> list[JoinRequest]:
    """Open requests to join, oldest first."""
    return list(db.session.scalars(db.select(JoinRequest).filter_by(
        organisation_id=organisation.id, status=RequestStatus.PENDING
    ).order_by(JoinRequest.created_at)))


def decide_join_request(join_request: JoinRequest, admin: User, approve: bool) -> None:
    """Approve (the requester becomes a member) or decline a request; the requester is told."""
    if join_request.status != RequestStatus.PENDING:
        raise DomainError(_("This request has already been answered."), 409)
    join_request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    join_request.decided_at = utcnow()
    join_request.decided_by_id = admin.id
    if approve:
        _add_member(join_request.organisation, join_request.user, MemberRole.MEMBER)
    notify("organisations/organisation_join_decision", [join_request.user],
           organisation=join_request.organisation, approved=approve)
    record("organisation.join_" + ("approved" if approve else "declined"), actor=admin,
           obj=join_request.organisation, user_id=join_request.user_id)


def _admin_count(organisation: Organisation) -> int:
    return sum(1 for m in organisation.memberships if m.role == MemberRole.ADMIN)


def _ensure_admin_remains(membership: Membership) -> None:
    if membership.role == MemberRole.ADMIN and _admin_count(membership.organisation) <= 1:
        raise DomainError(
            _("An organisation must keep at least one admin. Make someone else admin first."),
            409,
        )


def change_role(membership: Membership, actor: User, role: MemberRole) -> None:
    """Make a member admin or back to member, never leaving the organisation without admin."""
    if membership.role == role:
        return
    if role != MemberRole.ADMIN:
        _ensure_admin_remains(membership)
    old_role = membership.role
    membership.role = role
    db.session.flush()
    record("organisation.role_changed", actor=actor, obj=membership.organisation,
           user_id=membership.user_id, old=old_role, new=role)


def remove_member(membership: Membership, actor: User) -> None:
    """Remove someone (or oneself: leaving), never the last admin."""
    _ensure_admin_remains(membership)
    organisation = membership.organisation
    action = "organisation.left" if membership.user_id == actor.id else "organisation.removed"
    record(action, actor=actor, obj=organisation, user_id=membership.user_id)
    organisation.memberships.remove(membership)
    db.session.flush()


def pending_verifications() -> list[Organisation]:
    """Contracting authorities and intermediaries waiting for an administrator, oldest
    first."""
    return list(db.session.scalars(db.select(Organisation).filter_by(
        verification_status=VerificationStatus.PENDING).order_by(Organisation.created_at)))


def decide_verification(organisation: Organisation, admin: User, approve: bool,
                        note: str = "", trusted: bool = False) -> None:
    """Verify a contracting authority (it may then publish) or an intermediary (it may then
    advise and decide), or reject it with a note."""
    if not organisation.needs_verification:
        raise DomainError(_("Only contracting authorities and intermediaries are verified."),
                          409)
    organisation.verification_status = (
        VerificationStatus.VERIFIED if approve else VerificationStatus.REJECTED
    )
    organisation.verification_note = note.strip() or None
    organisation.verified_at = utcnow() if approve else None
    organisation.is_trusted = bool(approve and trusted and organisation.is_contracting_authority)
    db.session.flush()
    # A newly verified buyer is pointed to the check that pays for preparing a procurement.
    notify("organisations/organisation_verification", admins_of(organisation),
           situation=(Situation.BUYER_PREPARING
                      if approve and organisation.is_contracting_authority else None),
           funding_organisation=organisation, organisation=organisation, approved=approve,
           note=organisation.verification_note)
    record("organisation.verified" if approve else "organisation.verification_rejected",
           actor=admin, obj=organisation, trusted=organisation.is_trusted)


def directory(kind: str | None = None, page: int = 1, per_page: int = 30):
    """Public list of organisations, optionally of one kind, by name."""
    query = db.select(Organisation).order_by(Organisation.name)
    if kind:
        query = query.filter_by(kind=OrganisationKind(kind))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def membership_data(user: User) -> list[dict]:
    """A person's memberships, for their data download."""
    return [{"organisation": m.organisation.name, "role": m.role.value,
             "since": m.created_at.isoformat()} for m in user.memberships]


def organisations_blocking_erasure(user: User) -> list[Organisation]:
    """Organisations where the user is the only admin while others remain members."""
    return [m.organisation for m in user.memberships
            if m.role == MemberRole.ADMIN and _admin_count(m.organisation) == 1
            and len(m.organisation.memberships) > 1]


def erase_memberships(user: User) -> None:
    """End a person's memberships, refused while they are an organisation's last admin."""
    blocking = organisations_blocking_erasure(user)
    if blocking:
        raise DomainError(_("Make someone else admin of %(names)s before deleting your account.",
                            names=", ".join(o.name for o in blocking)), 409)
    for membership in list(user.memberships):
        membership.organisation.memberships.remove(membership)
    db.session.execute(db.delete(JoinRequest).filter_by(user_id=user.id))
    db.session.execute(db.update(Invitation).filter_by(email=user.email, accepted_at=None)
                       .values(revoked_at=utcnow()))
