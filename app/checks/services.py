"""Intermediaries: local offices, client links, advisors' notes and recommendations."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.audit.services import record
from app.challenges.models import Challenge, ChallengeState
from app.checks.models import AdvisorNote, ClientLink, IntermediaryOffice, Recommendation
from app.checks.permissions import is_verified_intermediary
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, register_event
from app.extensions import db
from app.funding.models import FundingProgramme
from app.organisations.models import Organisation, OrganisationKind, VerificationStatus
from app.solutions.models import Solution

for _key in ("checks/client_linked", "checks/recommendation"):
    register_event(_key, EventGroup.CHECKS)

DECIDED_STATES = (ChallengeState.DECIDED, ChallengeState.OUTCOME_RECORDED)


def people_of(organisation: Organisation) -> list[User]:
    """Everyone who belongs to an organisation."""
    return [m.user for m in organisation.memberships]


# -- offices --------------------------------------------------------------------------------

def public_intermediaries() -> list[Organisation]:
    """Verified intermediaries by name, with their offices loaded (one query each)."""
    return list(db.session.scalars(
        db.select(Organisation).filter_by(kind=OrganisationKind.INTERMEDIARY,
                                          verification_status=VerificationStatus.VERIFIED)
        .order_by(Organisation.name)))


def offices_by_organisation(organisations: list[Organisation]) -> dict[int, list]:
    """The offices of the organisations, by organisation id, in name order."""
    ids = [o.id for o in organisations]
    offices = db.session.scalars(db.select(IntermediaryOffice)
                                 .where(IntermediaryOffice.organisation_id.in_(ids))
                                 .order_by(IntermediaryOffice.name)) if ids else []
    grouped: dict[int, list] = {i: [] for i in ids}
    for office in offices:
        grouped[office.organisation_id].append(office)
    return grouped


def programmes_by_key() -> dict[str, FundingProgramme]:
    """Every funding programme by its key."""
    return {p.key: p for p in db.session.scalars(db.select(FundingProgramme))}


def save_office(organisation: Organisation, actor: User, office: IntermediaryOffice | None,
                **fields) -> IntermediaryOffice:
    """Open (or edit) a local office of a verified intermediary."""
    if not is_verified_intermediary(organisation):
        raise DomainError(_("Only verified intermediaries have offices."), 409)
    office = office or IntermediaryOffice(organisation=organisation)
    for key in ("name", "counties", "programme_keys", "email"):
        setattr(office, key, fields[key])
    db.session.add(office)
    db.session.flush()
    record("intermediary.office_saved", actor=actor, obj=office, organisation=organisation.id)
    return office


# -- clients --------------------------------------------------------------------------------

def link_of(office: IntermediaryOffice, client: Organisation) -> ClientLink | None:
    """The link (active or ended) between an office and a client, if any."""
    return db.session.scalar(db.select(ClientLink).filter_by(office_id=office.id,
                                                             client_id=client.id))


def link_client(office: IntermediaryOffice, client: Organisation, actor: User) -> ClientLink:
    """Make an organisation the office's client (again), and tell the office's advisors."""
    if not is_verified_intermediary(office.organisation):
        raise DomainError(_("This office does not take clients."), 409)
    link = link_of(office, client) or ClientLink(office=office, client=client)
    if link.id and link.is_active:
        raise DomainError(_("%(name)s is already a client of this office.", name=client.name),
                          409)
    link.ended_at, link.linked_by_id, link.created_at = None, actor.id, utcnow()
    db.session.add(link)
    db.session.flush()
    notify("checks/client_linked", people_of(office.organisation), client_link=link,
           office=office, client=client)
    record("intermediary.client_linked", actor=actor, obj=link, client=client.id)
    return link


def end_link(link: ClientLink, actor: User) -> None:
    """End the advice: the office no longer sees the client's applications."""
    if not link.is_active:
        raise DomainError(_("This link has already ended."), 409)
    link.ended_at = utcnow()
    db.session.flush()
    record("intermediary.client_unlinked", actor=actor, obj=link)


def links_of_client(client_ids: list[int]) -> list[ClientLink]:
    """The active links of these organisations, with their offices."""
    if not client_ids:
        return []
    return list(db.session.scalars(
        db.select(ClientLink).where(ClientLink.client_id.in_(client_ids),
                                    ClientLink.ended_at.is_(None))
        .options(selectinload(ClientLink.office))))


def clients_of(organisations: list[Organisation]) -> list[ClientLink]:
    """The active clients of the intermediaries' offices, by office and client name."""
    ids = [o.id for o in organisations]
    if not ids:
        return []
    links = db.session.scalars(
        db.select(ClientLink).join(ClientLink.office).join(ClientLink.client)
        .where(IntermediaryOffice.organisation_id.in_(ids), ClientLink.ended_at.is_(None))
        .order_by(IntermediaryOffice.name, Organisation.name))
    return list(links)


def public_solutions(client: Organisation) -> list[Solution]:
    """The client's solutions whose summary is public: decided, and the client agreed."""
    return list(db.session.scalars(
        db.select(Solution).join(Solution.challenge)
        .where(Solution.organisation_id == client.id,
               Solution.summary_public_after_decision.is_(True),
               Challenge.state.in_(DECIDED_STATES))
        .order_by(Challenge.id.desc())))


# -- advice ---------------------------------------------------------------------------------

def add_note(link: ClientLink, advisor: User, body: str) -> AdvisorNote:
    """Keep a private follow-up note about a client."""
    note = AdvisorNote(link=link, author=advisor, body=body.strip())
    db.session.add(note)
    db.session.flush()
    return note


def recommend(link: ClientLink, advisor: User, challenge: Challenge | None,
              programme: FundingProgramme | None, note: str) -> Recommendation:
    """Recommend a published challenge or a programme; the client's people are told."""
    if (challenge is None) == (programme is None):
        raise DomainError(_("Choose a challenge or a programme to recommend."))
    if challenge is not None and challenge.state != ChallengeState.PUBLISHED:
        raise DomainError(_("Only challenges open for solutions can be recommended."),
                          field="challenge")
    item = Recommendation(link=link, advisor=advisor, challenge_id=challenge and challenge.id,
                          programme_key=programme and programme.key, note=note.strip())
    db.session.add(item)
    db.session.flush()
    notify("checks/recommendation", people_of(link.client), recommendation=item,
           advisor=advisor, office=link.office, challenge=challenge, programme=programme)
    record("intermediary.recommended", actor=advisor, obj=item)
    return item


def recommendations_for(client_ids: list[int]) -> list[Recommendation]:
    """The recommendations the organisations received, newest first."""
    if not client_ids:
        return []
    return list(db.session.scalars(
        db.select(Recommendation).join(Recommendation.link)
        .where(ClientLink.client_id.in_(client_ids))
        .order_by(Recommendation.created_at.desc()).limit(50)))
