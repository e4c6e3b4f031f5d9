"""A platform full of public and private data, for the open data API tests.

Everything that must never leave through the API carries a marker (SECRET-...), and the
private volumes are numbers that appear nowhere else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.attachments.models import Attachment
from app.challenges import cpv
from app.challenges.models import (
    ChallengeCoOwner,
    ChallengeCpv,
    ChallengeKind,
    ChallengeSector,
    ChallengeState,
    Clarification,
    IPTerms,
    OutcomeKind,
    ProcurementRoute,
)
from app.core.db import utcnow
from app.extensions import db
from app.funding.models import FundingEvent, FundingEventKind
from app.networks.models import NetworkUpdate, PlannedProcurementStatus
from app.organisations.models import MemberRole, Membership, SizeClass
from app.solutions.models import RequirementAnswer, SolutionState
from tests.factories import (
    load_funding_programmes,
    make_authority,
    make_challenge,
    make_interest,
    make_network,
    make_organisation,
    make_planned_procurement,
    make_solution_record,
    make_user,
)

SECRET_MARKERS = (
    "SECRET-DRAFT-TITLE", "SECRET-DRAFT-SUMMARY", "SECRET-REVIEW-TITLE",
    "SECRET-SOLUTION-DETAILS", "SECRET-SOLUTION-REFERENCES", "SECRET-SOLUTION-PRICE",
    "SECRET-SOLUTION-IP", "SECRET-SOLUTION-ANSWER", "SECRET-SOLUTION-TITLE",
    "SECRET-SOLUTION-SUMMARY", "SECRET-DRAFT-SOLUTION", "SECRET-SOLUTION-FILE",
    "SECRET-UNANSWERED-QUESTION", "secret-asker@example.org", "SECRET-REGISTRATION-CONTACT",
    "secret-registrant@example.org", "SECRET-REGISTRATION-COMMENT", "SECRET-TIME-FRAME",
    "SECRET-REVIEW-COMMENT", "SECRET-NETWORK-UPDATE", "SECRET-JOINT-DRAFT",
    "SECRET-VERIFICATION-NOTE", "secret-member@example.org", "SECRET-PRIVATE-UNIT",
    "SECRET-EVENT-PLACE", "secret-event-link.example", "SECRET-DRAFT-EVENT",
    "SECRET-MEETING-NOTE", "secret-attendee@example.org",
    "SECRET-APPLICATION-ANSWER", "SECRET-APPLICATION-FILE", "SECRET-DECISION-REASON",
    "SECRET-ADVISOR-NOTE", "SECRET-RECOMMENDATION-NOTE",
)
PRIVATE_NUMBERS = ("777313", "424271", "919191")  # volumes and budgets not to be shown


@dataclass
class World:
    buyer: object
    co_buyer: object
    supplier: object
    cooperative: object
    open_challenge: object
    outcome_challenge: object
    not_pursued: object
    withdrawn: object
    draft: object
    in_review: object
    joint_draft: object
    network: object
    planned: object
    solution: object


def _challenge(owner, **extra):
    return make_challenge(owner, **extra)


def _confidential_solution(challenge, supplier):
    solution = make_solution_record(
        challenge, supplier, SolutionState.SUBMITTED, title="SECRET-SOLUTION-TITLE",
        public_summary="SECRET-SOLUTION-SUMMARY", details="SECRET-SOLUTION-DETAILS",
        references="SECRET-SOLUTION-REFERENCES", price_model="SECRET-SOLUTION-PRICE",
        ip_statement="SECRET-SOLUTION-IP", trl=7)
    for requirement in challenge.requirements:
        solution.answers.append(RequirementAnswer(requirement=requirement,
                                                  answer="SECRET-SOLUTION-ANSWER"))
    db.session.add(Attachment(owner_type="solution", owner_id=solution.id,
                              filename="SECRET-SOLUTION-FILE.pdf",
                              content_type="application/pdf", size_bytes=10, sha256="0" * 64,
                              storage_key=uuid.uuid4().hex))
    db.session.flush()
    return solution


def _questions(challenge, asker) -> None:
    now = utcnow()
    challenge.clarifications.extend([
        Clarification(asked_by_id=asker.id, question="Can we use an existing platform?",
                      answer="Yes, if the requirements are met.", published_at=now),
        Clarification(asked_by_id=asker.id, question="SECRET-UNANSWERED-QUESTION"),
        Clarification(from_owner=True, question="Site visit",
                      answer="There is a site visit on 3 March.", published_at=now),
    ])


def _open_challenge(buyer, co_buyer):
    cpv.ensure_seeded()
    challenge = _challenge(
        buyer, kind=ChallengeKind.CHALLENGE, title="Safe medication at home",
        budget_min=Decimal("2000000"), budget_max=Decimal("5000000.50"),
        procurement_route=ProcurementRoute.PROCUREMENT_OF_INNOVATION, region="SE110",
        ip_terms=IPTerms.SHARED, ip_justification="We share the results with others.",
        agenda_goals=[3, 10], contact_name="Procurement team",
        contact_email="upphandling@example.org", review_comment="SECRET-REVIEW-COMMENT")
    challenge.sector_links.extend([ChallengeSector(sector="health"),
                                   ChallengeSector(sector="elderly_care")])
    challenge.cpv_links.extend([ChallengeCpv(code="85311100-3"), ChallengeCpv(code="33196200-2")])
    challenge.co_owner_links.append(ChallengeCoOwner(organisation=co_buyer))
    db.session.add(Attachment(owner_type="challenge", owner_id=challenge.id,
                              filename="specification.pdf", content_type="application/pdf",
                              size_bytes=1234, sha256="a" * 64, storage_key=uuid.uuid4().hex))
    db.session.flush()
    return challenge


def _decided(owner, outcome: OutcomeKind, url: str | None, note: str | None, **extra):
    now = utcnow()
    return _challenge(owner, state=ChallengeState.OUTCOME_RECORDED, outcome_kind=outcome,
                      outcome_url=url, outcome_note=note, outcome_recorded_at=now,
                      decided_at=now - timedelta(days=3), closed_at=now - timedelta(days=20),
                      deadline_in=timedelta(days=-30), **extra)


def _network(buyer, co_buyer, registrant):
    network = make_network(coordinator=buyer, members=(co_buyer,), sectors=["health"],
                           region="SE110")
    network.updates.append(NetworkUpdate(title="SECRET-NETWORK-UPDATE",
                                         body="SECRET-NETWORK-UPDATE body"))
    planned = make_planned_procurement(network, title="Medication robots")
    make_interest(co_buyer, planned=planned, quantity=120, unit="robots/year", amount=250000)
    make_interest(registrant, planned=planned, quantity=777313, unit="SECRET-PRIVATE-UNIT",
                  amount=919191, public=False, contact_name="SECRET-REGISTRATION-CONTACT",
                  contact_email="secret-registrant@example.org",
                  comment="SECRET-REGISTRATION-COMMENT", time_frame="SECRET-TIME-FRAME")
    converted = make_planned_procurement(network, title="Joint need")
    joint = _challenge(buyer, state=ChallengeState.DRAFT, title="SECRET-JOINT-DRAFT")
    converted.status, converted.challenge = PlannedProcurementStatus.CONVERTED, joint
    db.session.flush()
    return network, planned, joint


def build_world() -> World:
    """Public challenges in every public state, hidden ones, solutions, a network, funding."""
    member = make_user(email="secret-member@example.org")
    buyer = make_authority(admin=member, name="Region Testland", region="SE110",
                           verification_note="SECRET-VERIFICATION-NOTE")
    co_buyer = make_authority(admin=make_user(), name="Testby kommun", region="SE121")
    registrant = make_authority(admin=make_user(), name="Private kommun")
    supplier = make_organisation(admin=make_user(), name="Small Tech AB",
                                 offers="Robots that help.", regions_served=["SE110"])
    cooperative = make_organisation(admin=make_user(), name="Care Cooperative",
                                    size_class=SizeClass.MICRO, is_cooperative=True)
    asker = make_user(email="secret-asker@example.org")
    open_challenge = _open_challenge(buyer, co_buyer)
    _questions(open_challenge, asker)
    make_interest(registrant, challenge=open_challenge, quantity=424271, unit="beds",
                  public=False, comment="SECRET-REGISTRATION-COMMENT")
    solution = _confidential_solution(open_challenge, supplier)
    make_solution_record(open_challenge, cooperative, details="SECRET-DRAFT-SOLUTION",
                         title="SECRET-DRAFT-SOLUTION")
    network, planned, joint = _network(buyer, co_buyer, registrant)
    world = World(
        buyer=buyer, co_buyer=co_buyer, supplier=supplier, cooperative=cooperative,
        open_challenge=open_challenge,
        outcome_challenge=_decided(buyer, OutcomeKind.PROCUREMENT_ANNOUNCED,
                                   "https://notices.example.org/123", None,
                                   title="Recycled fishing gear"),
        not_pursued=_decided(co_buyer, OutcomeKind.NOT_PURSUED, None, "Too early.",
                             kind=ChallengeKind.NEED),
        withdrawn=_challenge(buyer, state=ChallengeState.WITHDRAWN, withdrawn_at=utcnow(),
                             withdrawn_reason="The need changed."),
        draft=_challenge(buyer, state=ChallengeState.DRAFT, title="SECRET-DRAFT-TITLE",
                         summary="SECRET-DRAFT-SUMMARY"),
        in_review=_in_review(buyer),
        joint_draft=joint, network=network, planned=planned, solution=solution,
    )
    load_funding_programmes()
    _funding_events()
    _dialogue(world, member)
    _checks(world)
    return world


def _checks(world: World) -> None:
    """An intermediary's office advising the cooperative, which was granted a check."""
    from app.checks.models import (
        AdvisorNote,
        ApplicationState,
        CheckApplication,
        ClientLink,
        IntermediaryOffice,
        Recommendation,
    )
    from app.organisations.models import OrganisationKind

    intermediary = make_organisation(OrganisationKind.INTERMEDIARY, admin=make_user(),
                                     name="Coompanion Testland")
    office = IntermediaryOffice(organisation=intermediary, name="Coompanion Testby",
                                counties=["SE110"], programme_keys=["sme-check-business"])
    link = ClientLink(office=office, client=world.cooperative)
    link.notes.append(AdvisorNote(body="SECRET-ADVISOR-NOTE"))
    link.recommendations.append(Recommendation(programme_key="sme-check-business",
                                               note="SECRET-RECOMMENDATION-NOTE"))
    application = CheckApplication(
        programme_key="sme-check-business", applicant=world.cooperative, office=office,
        state=ApplicationState.RUNNING, answers={"project": "SECRET-APPLICATION-ANSWER"},
        budget={"expertise": 90000}, amount_requested=Decimal(90000),
        amount_granted=Decimal(90000), share_granted=Decimal(1),
        decision_reason="SECRET-DECISION-REASON", submitted_at=utcnow(), decided_at=utcnow())
    db.session.add_all([office, link, application])
    db.session.flush()
    db.session.add(Attachment(owner_type="check_application", owner_id=application.id,
                              filename="SECRET-APPLICATION-FILE.pdf",
                              content_type="application/pdf", size_bytes=10, sha256="0" * 64,
                              storage_key=uuid.uuid4().hex))
    db.session.flush()


def _dialogue(world: World, member) -> None:
    """Events: one public with a secret place, link, attendee and note; one on a draft."""
    from app.dialogue import services as dialogue
    from app.dialogue.models import EventKind

    start = (utcnow() + timedelta(days=9)).replace(microsecond=0)
    details = {"starts_at": start, "ends_at": start + timedelta(hours=1),
               "location": "SECRET-EVENT-PLACE",
               "online_url": "https://secret-event-link.example/x"}
    public = dialogue.create_event(member, dialogue.EventInput(
        kind=EventKind.ONE_TO_ONE, title="Open one-to-one meetings", slot_minutes=30, **details),
        challenge=world.open_challenge)
    attendee = make_user(email="secret-attendee@example.org")
    world.supplier.memberships.append(Membership(user=attendee, role=MemberRole.MEMBER))
    db.session.flush()
    dialogue.register(public, attendee, world.supplier)
    dialogue.save_note(public, world.supplier, member, "SECRET-MEETING-NOTE")
    dialogue.create_event(member, dialogue.EventInput(
        kind=EventKind.WORKSHOP, title="SECRET-DRAFT-EVENT", **details), challenge=world.draft)


def _in_review(buyer):
    challenge = _challenge(buyer, state=ChallengeState.IN_REVIEW, title="SECRET-REVIEW-TITLE")
    challenge.published_at = None
    db.session.flush()
    return challenge


def _funding_events() -> None:
    from app.funding.models import FundingProgramme

    programme = db.session.scalar(db.select(FundingProgramme).order_by(FundingProgramme.key))
    db.session.add_all([FundingEvent(programme_id=programme.id, kind=FundingEventKind.MATCHED,
                                     created_at=datetime(2026, 1, 5, tzinfo=UTC)),
                        FundingEvent(programme_id=programme.id, kind=FundingEventKind.CLICKED)])
    db.session.flush()
