"""Challenges: drafting and editing, the change log, co-owners, follows, files, audiences.

The lifecycle (submit, publish, close...) lives in `workflow.py`, questions in
`questions.py`, public lists and feeds in `queries.py`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from app.accounts.models import User
from app.attachments import services as attachments
from app.audit.services import record
from app.challenges import covers, cpv
from app.challenges.models import (
    Challenge,
    ChallengeChange,
    ChallengeCoOwner,
    ChallengeCoOwnerInvitation,
    ChallengeCpv,
    ChallengeFollow,
    ChallengeKind,
    ChallengeRequirement,
    ChallengeSector,
    ChallengeState,
    CoOwnerStatus,
    IPTerms,
)
from app.challenges.permissions import can_answer_co_ownership, publishing_organisations
from app.core.concurrency import no_lost_update
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import notify
from app.core.hooks import Hook
from app.core.reference import NATIONWIDE, REGIONS, SECTORS
from app.extensions import db
from app.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    VerificationStatus,
)
from app.organisations.services import admins_of

ATTACHMENT_OWNER = "challenge"
CO_OWNER_INVITATION = "challenges/co_owner_invitation"  # events registered in __init__
CO_OWNER_ANSWER = "challenges/co_owner_answer"
# An authority may become a co-owner until the deadline for solutions (effective state).
CO_OWNABLE_STATES = frozenset({ChallengeState.DRAFT, ChallengeState.IN_REVIEW,
                               ChallengeState.PUBLISHED})
SCALAR_FIELDS = (
    "kind", "title", "summary", "problem_statement", "desired_effects", "constraints",
    "budget_min", "budget_max", "currency", "procurement_route", "ip_terms", "ip_justification",
    "question_deadline_at", "submission_deadline_at", "evaluation_deadline_at", "agenda_goals",
    "region", "language", "contact_name", "contact_email", "contact_phone",
)
LIST_FIELDS = ("requirements", "cpv_codes", "sectors")
DEADLINE_FIELDS = ("question_deadline_at", "submission_deadline_at", "evaluation_deadline_at")
# Changed after publication, these would change the rules suppliers are already working to.
ESSENTIAL_FIELDS = ("kind", "requirements", "ip_terms", "ip_justification")
NOT_LOGGED_FIELDS = frozenset({"contact_name", "contact_email", "contact_phone"})


def conflict_message() -> str:
    """What the second of two people editing at once is told."""
    return _("Someone else saved changes to this challenge while you were editing. Your "
             "changes have not been saved. Open the challenge again to see the latest version, "
             "then make your changes.")


def slugify(title: str) -> str:
    """A readable URL part from a title: 'Smart hemtjänst i Åre' -> 'smart-hemtjanst-i-are'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80] or "challenge"


# --- checking what a buyer entered -------------------------------------------------------

def _check_budget(data: dict) -> None:
    low, high = data.get("budget_min"), data.get("budget_max")
    for value, field in ((low, "budget_min"), (high, "budget_max")):
        if value is not None and Decimal(value) < 0:
            raise DomainError(_("A budget cannot be negative."), field=field)
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        raise DomainError(_("The lowest budget cannot be higher than the highest budget."),
                          field="budget_max")


def _check_future(data: dict, changed: set[str], now: datetime) -> None:
    messages = {
        "question_deadline_at": _("The deadline for questions must be in the future."),
        "submission_deadline_at": _("The deadline for submissions must be in the future."),
        "evaluation_deadline_at": _("The end of the evaluation must be in the future."),
    }
    for field in DEADLINE_FIELDS:
        value = data.get(field)
        if field in changed and value is not None and value <= now:
            raise DomainError(messages[field], field=field)


def _check_deadline_order(data: dict) -> None:
    questions = data.get("question_deadline_at")
    submissions = data.get("submission_deadline_at")
    evaluation = data.get("evaluation_deadline_at")
    if questions and submissions and questions > submissions:
        raise DomainError(_("The deadline for questions must be before the deadline for "
                            "submissions, so that answers reach everyone in time."),
                          field="question_deadline_at")
    if evaluation and submissions and evaluation < submissions:
        raise DomainError(_("The evaluation cannot end before the deadline for submissions."),
                          field="evaluation_deadline_at")


def _check_ip_terms(data: dict) -> None:
    terms = data.get("ip_terms") or IPTerms.SUPPLIER_OWNS
    if terms != IPTerms.SUPPLIER_OWNS and not (data.get("ip_justification") or "").strip():
        raise DomainError(_("Explain why the buyer needs to own or share the intellectual "
                            "property. Without a written reason, keep the default: the "
                            "supplier keeps it and you get a licence."), field="ip_justification")


def _check_references(data: dict) -> None:
    if any(sector not in SECTORS for sector in data.get("sectors") or []):
        raise DomainError(_("Choose sectors from the list."), field="sectors")
    region = data.get("region")
    if region and region != NATIONWIDE and region not in REGIONS:
        raise DomainError(_("Choose a county from the list."), field="region")
    if any(not 1 <= int(goal) <= 17 for goal in data.get("agenda_goals") or []):
        raise DomainError(_("Agenda 2030 goals are numbered 1 to 17."), field="agenda_goals")


def checked_data(data: dict, changed: set[str] | None = None) -> dict:
    """The entered values, cleaned and checked; DomainError (with the field) if any is wrong."""
    data = dict(data)
    data["requirements"] = [line.strip() for line in data.get("requirements") or []
                            if line.strip()]
    data["cpv_codes"] = cpv.checked_codes(data.get("cpv_codes"))
    if data.get("ip_terms", IPTerms.SUPPLIER_OWNS) == IPTerms.SUPPLIER_OWNS:
        data["ip_justification"] = (data.get("ip_justification") or "").strip()
    _check_budget(data)
    _check_future(data, set(DEADLINE_FIELDS) if changed is None else changed, utcnow())
    _check_deadline_order(data)
    _check_ip_terms(data)
    _check_references(data)
    return data


# --- applying values ------------------------------------------------------------------

def current_values(challenge: Challenge) -> dict:
    """The challenge's editable values, in the shape the services take them."""
    values = {field: getattr(challenge, field) for field in SCALAR_FIELDS}
    values["requirements"] = [r.text for r in challenge.requirements]
    values["cpv_codes"] = list(challenge.cpv_codes)
    values["sectors"] = list(challenge.sectors)
    return values


def _same(old, new) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):  # forms give whole minutes
        return old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0)
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (None if old is None else Decimal(old)) == (None if new is None else Decimal(new))
    return (old or None) == (new or None)


def changed_fields(challenge: Challenge, data: dict) -> list[str]:
    """The fields whose value differs from what the challenge holds now."""
    old = current_values(challenge)
    return [field for field in (*SCALAR_FIELDS, *LIST_FIELDS)
            if field in data and not _same(old[field], data[field])]


def _apply(challenge: Challenge, data: dict) -> None:
    for field in SCALAR_FIELDS:
        if field in data:
            setattr(challenge, field, data[field])
    if "requirements" in data:
        challenge.requirements = [ChallengeRequirement(position=i, text=text)
                                  for i, text in enumerate(data["requirements"])]
    if "cpv_codes" in data:
        _replace_links(challenge.cpv_links, data["cpv_codes"], "code", ChallengeCpv)
    if "sectors" in data:
        _replace_links(challenge.sector_links, data["sectors"], "sector", ChallengeSector)
    challenge.updated_at = utcnow()  # always an UPDATE, so the version moves on


def _replace_links(links: list, wanted: list[str], attribute: str, model) -> None:
    for link in [link for link in links if getattr(link, attribute) not in wanted]:
        links.remove(link)
    present = {getattr(link, attribute) for link in links}
    links.extend(model(**{attribute: value}) for value in wanted if value not in present)


def create_challenge(owner: Organisation, actor: User, **data) -> Challenge:
    """Start a draft for a verified contracting authority the actor belongs to."""
    if owner not in publishing_organisations(actor):
        raise DomainError(_("Only members of a verified contracting authority can create "
                            "challenges for it."), 403)
    data = checked_data(data)
    challenge = Challenge(owner=owner, created_by=actor, kind=data.get("kind",
                          ChallengeKind.CHALLENGE), title=data["title"])
    _apply(challenge, data)
    db.session.add(challenge)
    db.session.flush()
    record("challenge.created", actor=actor, obj=challenge, owner_id=owner.id)
    return challenge


def _check_published_edit(challenge: Challenge, changed: list[str], data: dict) -> None:
    if any(field in ESSENTIAL_FIELDS for field in changed):
        raise DomainError(_("The requirements, the kind and the IP terms cannot change after "
                            "publication: suppliers are already working to them. Withdraw the "
                            "challenge and publish a new one if they must change."), 409)
    for field in (f for f in changed if f in DEADLINE_FIELDS):
        old, new = getattr(challenge, field), data.get(field)
        if old and (new is None or new < old):
            raise DomainError(_("Deadlines cannot be brought forward or removed after "
                                "publication: suppliers plan their work around them."),
                              409, field=field)
        raise DomainError(_("To give more time, use “Extend the deadline”, so that everyone "
                            "following the challenge is told."), 409, field=field)


def update_challenge(challenge: Challenge, actor: User, expected_version: int | None = None,
                     change_note: str = "", **data) -> list[str]:
    """Save an edit; after publication the essentials stay and changes are logged publicly.

    Returns the names of the fields that changed. A stale `expected_version` (someone else
    saved in between) is refused with 409.
    """
    ensure_editable(challenge)
    with no_lost_update(challenge, expected_version, conflict_message()):
        changed = changed_fields(challenge, data)
        if challenge.state == ChallengeState.PUBLISHED:
            _check_published_edit(challenge, changed, data)
        data = checked_data(data, changed=set(changed))
        _apply(challenge, data)
    if challenge.state == ChallengeState.PUBLISHED:
        log_change(challenge, actor, [f for f in changed if f not in NOT_LOGGED_FIELDS],
                   change_note)
    record("challenge.updated", actor=actor, obj=challenge, fields=",".join(changed))
    return changed


def ensure_editable(challenge: Challenge) -> None:
    """DomainError (409) unless the challenge may still change: a draft, or published and
    before its deadline for solutions (to the second, whether or not the job has run)."""
    state = challenge.effective_state
    if state == ChallengeState.CLOSED and challenge.state == ChallengeState.PUBLISHED:
        raise DomainError(_("The deadline for solutions has passed, so the challenge can no "
                            "longer be edited."), 409)
    if state not in (ChallengeState.DRAFT, ChallengeState.PUBLISHED):
        raise DomainError(_("This challenge can no longer be edited."), 409)


def log_change(challenge: Challenge, actor: User | None, fields: list[str],
               note: str = "") -> ChallengeChange | None:
    """Add a public change-log entry for substantive changes after publication."""
    if not fields and not note.strip():
        return None
    change = ChallengeChange(challenge=challenge, changed_by_id=getattr(actor, "id", None),
                             fields=list(fields), note=note.strip())
    db.session.add(change)
    db.session.flush()
    return change


def delete_draft(challenge: Challenge, actor: User) -> None:
    """Remove a draft that was never published, with its files."""
    if challenge.state != ChallengeState.DRAFT:
        raise DomainError(_("Only drafts can be deleted. Withdraw a published challenge "
                            "instead."), 409)
    covers.remove_cover(challenge, actor)
    for attachment in attachments.attachments_of(ATTACHMENT_OWNER, challenge.id):
        attachments.delete(attachment)
    record("challenge.deleted", actor=actor, obj=challenge, title=challenge.title)
    db.session.execute(db.delete(ChallengeFollow).filter_by(challenge_id=challenge.id))
    db.session.execute(db.delete(ChallengeCoOwnerInvitation).filter_by(
        challenge_id=challenge.id))
    db.session.delete(challenge)
    db.session.flush()


# --- co-owners, follows, files ------------------------------------------------------------

def co_owner_candidates(challenge: Challenge) -> list[Organisation]:
    """Verified contracting authorities that could be invited to co-own, by name."""
    taken = {org.id for org in challenge.owners}
    taken |= {i.organisation_id for i in co_owner_invitations(challenge) if i.is_pending}
    return [org for org in db.session.scalars(db.select(Organisation).filter_by(
        kind=OrganisationKind.CONTRACTING_AUTHORITY,
        verification_status=VerificationStatus.VERIFIED).order_by(Organisation.name))
        if org.id not in taken]


def co_owner_invitations(challenge: Challenge) -> list[ChallengeCoOwnerInvitation]:
    """Every invitation to co-own the challenge, oldest first."""
    return list(db.session.scalars(db.select(ChallengeCoOwnerInvitation).filter_by(
        challenge_id=challenge.id).order_by(ChallengeCoOwnerInvitation.id)))


def co_owner_invitation(challenge: Challenge,
                        organisation: Organisation) -> ChallengeCoOwnerInvitation | None:
    """The invitation of an authority to co-own the challenge, if ever sent."""
    return db.session.scalar(db.select(ChallengeCoOwnerInvitation).filter_by(
        challenge_id=challenge.id, organisation_id=organisation.id))


def pending_co_ownerships(user: User) -> list[ChallengeCoOwnerInvitation]:
    """Invitations to co-own a challenge waiting for one of the user's authorities."""
    organisation_ids = [m.organisation_id for m in user.memberships]
    if not organisation_ids:
        return []
    return list(db.session.scalars(db.select(ChallengeCoOwnerInvitation).where(
        ChallengeCoOwnerInvitation.organisation_id.in_(organisation_ids),
        ChallengeCoOwnerInvitation.status == CoOwnerStatus.PENDING,
    ).order_by(ChallengeCoOwnerInvitation.invited_at)))


def ensure_co_ownable(challenge: Challenge) -> None:
    """DomainError (409) once the challenge can no longer take on co-owners."""
    if challenge.effective_state not in CO_OWNABLE_STATES:
        raise DomainError(_("The challenge can no longer take on co-owners: co-owners join "
                            "before the deadline for solutions."), 409)


def invite_co_owner(challenge: Challenge, actor: User,
                    organisation: Organisation) -> ChallengeCoOwnerInvitation:
    """The owning authority asks another verified authority to co-own the challenge.

    The invited authority gets no access until one of its people accepts; its admins
    are e-mailed.
    """
    ensure_co_ownable(challenge)
    _check_co_owner_candidate(challenge, organisation)
    invitation = co_owner_invitation(challenge, organisation) or ChallengeCoOwnerInvitation(
        challenge=challenge, organisation=organisation)
    invitation.status, invitation.invited_by_id = CoOwnerStatus.PENDING, actor.id
    invitation.invited_at, invitation.answered_by_id, invitation.answered_at = utcnow(), None, None
    db.session.add(invitation)
    db.session.flush()
    record("challenge.co_owner_invited", actor=actor, obj=challenge,
           organisation_id=organisation.id)
    notify(CO_OWNER_INVITATION, admins_of(organisation), challenge=challenge,
           organisation=organisation, inviter=actor)
    return invitation


def _check_co_owner_candidate(challenge: Challenge, organisation: Organisation) -> None:
    if not (organisation.is_contracting_authority and organisation.is_verified):
        raise DomainError(_("Only verified contracting authorities can be co-owners."),
                          field="organisation_id")
    if organisation in challenge.owners:
        raise DomainError(_("%(name)s already owns this challenge.", name=organisation.name),
                          409, field="organisation_id")
    existing = co_owner_invitation(challenge, organisation)
    if existing and existing.is_pending:
        raise DomainError(_("%(name)s has already been invited and has not answered yet.",
                            name=organisation.name), 409, field="organisation_id")


def answer_co_ownership(invitation: ChallengeCoOwnerInvitation, user: User,
                        accept: bool) -> None:
    """The invited authority accepts (it becomes a co-owner) or declines; the owner is told."""
    if not invitation.is_pending:
        raise DomainError(_("This invitation has already been answered."), 409)
    if not can_answer_co_ownership(user, invitation):
        raise DomainError(_("Only people at the invited contracting authority can answer."),
                          403)
    challenge = invitation.challenge
    if accept:
        ensure_co_ownable(challenge)
        join_as_co_owner(challenge, invitation.organisation, user)
    invitation.status = CoOwnerStatus.ACCEPTED if accept else CoOwnerStatus.DECLINED
    invitation.answered_by_id, invitation.answered_at = user.id, utcnow()
    db.session.flush()
    record("challenge.co_owner_" + ("accepted" if accept else "declined"), actor=user,
           obj=challenge, organisation_id=invitation.organisation_id)
    notify(CO_OWNER_ANSWER, members_of([challenge.owner]), challenge=challenge,
           organisation=invitation.organisation, accepted=accept)


def join_as_co_owner(challenge: Challenge, organisation: Organisation, actor: User,
                     **details) -> None:
    """Make an authority that accepted co-ownership a co-owner (the owner's invitation or a
    network's joint challenge); the areas that must know are told through the hooks (the
    suppliers who submitted are e-mailed)."""
    if organisation.id in {org.id for org in challenge.owners}:
        return
    challenge.co_owner_links.append(ChallengeCoOwner(organisation=organisation))
    db.session.flush()
    record("challenge.co_owner_added", actor=actor, obj=challenge,
           organisation_id=organisation.id, **details)
    co_owner_joined(challenge, organisation)


# Called with (challenge, organisation) when an authority becomes a co-owner, in the same
# transaction; the solutions area tells every supplier who submitted a solution.
co_owner_joined = Hook("challenges.co_owner_joined")
on_co_owner_joined = co_owner_joined.register


def remove_co_owner(challenge: Challenge, actor: User, organisation: Organisation) -> None:
    """Remove a co-owner or take back an unanswered invitation (the owner always stays)."""
    link = next((link for link in challenge.co_owner_links
                 if link.organisation_id == organisation.id), None)
    invitation = co_owner_invitation(challenge, organisation)
    if link is None and not (invitation and invitation.is_pending):
        raise DomainError(_("%(name)s is not a co-owner.", name=organisation.name), 404)
    if link is not None:
        challenge.co_owner_links.remove(link)
    if invitation is not None:
        invitation.status = CoOwnerStatus.WITHDRAWN
    db.session.flush()
    record("challenge.co_owner_removed", actor=actor, obj=challenge,
           organisation_id=organisation.id, was="co_owner" if link else "invited")


def find_follow(user: User, challenge: Challenge) -> ChallengeFollow | None:
    """The user's follow of the challenge, if any."""
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(db.select(ChallengeFollow).filter_by(
        user_id=user.id, challenge_id=challenge.id))


def follow(user: User, challenge: Challenge) -> None:
    """Follow a public challenge: clarifications, deadline changes and the outcome by e-mail."""
    if not challenge.is_public:
        raise DomainError(_("Only published challenges can be followed."), 404)
    if find_follow(user, challenge) is None:
        db.session.add(ChallengeFollow(user_id=user.id, challenge_id=challenge.id))
        db.session.flush()


def unfollow(user: User, challenge: Challenge) -> None:
    """Stop following a challenge."""
    existing = find_follow(user, challenge)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()


def challenge_attachments(challenge: Challenge) -> list:
    """The challenge's files, oldest first."""
    return attachments.attachments_of(ATTACHMENT_OWNER, challenge.id)


def add_attachment(challenge: Challenge, actor: User, upload):
    """Store a checked file on the challenge; after publication the change is logged."""
    ensure_editable(challenge)
    attachment = attachments.store(upload, ATTACHMENT_OWNER, challenge.id, user=actor)
    if challenge.state == ChallengeState.PUBLISHED:
        log_change(challenge, actor, ["attachments"])
    record("challenge.attachment_added", actor=actor, obj=challenge, attachment_id=attachment.id)
    return attachment


def remove_attachment(challenge: Challenge, actor: User, attachment) -> None:
    """Delete one of the challenge's files; after publication the change is logged."""
    if attachment.owner_type != ATTACHMENT_OWNER or attachment.owner_id != challenge.id:
        raise DomainError(_("That file does not belong to this challenge."), 404)
    ensure_editable(challenge)
    attachments.delete(attachment)
    if challenge.state == ChallengeState.PUBLISHED:
        log_change(challenge, actor, ["attachments"])
    record("challenge.attachment_removed", actor=actor, obj=challenge)


# --- who is told ----------------------------------------------------------------------------

def members_of(organisations) -> list[User]:
    """The active people belonging to any of the organisations."""
    ids = [org.id for org in organisations]
    if not ids:
        return []
    return list(db.session.scalars(
        db.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(ids), User.is_active_account.is_(True))
        .order_by(User.id).distinct()))


def owner_members(challenge: Challenge) -> list[User]:
    """Everyone in the owner and co-owner organisations."""
    return members_of(challenge.owners)


# Audiences that can be large (a popular challenge has thousands of followers), told with
# `notify_audience`; "challenges/interested" (followers and the suppliers answering) is
# registered by the solutions area, which knows who answers.

def follower_ids(challenge_id: int):
    """The ids of the people following a challenge (the "challenges/followers" audience)."""
    return db.select(ChallengeFollow.user_id).where(ChallengeFollow.challenge_id == challenge_id)


def platform_admins() -> list[User]:
    """The platform administrators."""
    return list(db.session.scalars(db.select(User).filter_by(
        is_admin=True, is_active_account=True).order_by(User.id)))
