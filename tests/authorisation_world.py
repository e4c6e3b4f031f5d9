"""A small world with every role, for the authorisation matrix and the form fuzzing.

One challenge (owned by one authority, co-owned by another, and a third invited to
co-own but not yet answering) in an anonymised evaluation, with a supplier's submitted
solution and its file, an unanswered question, a file of the challenge, an accepted juror
who declared no conflict and one who declared a conflict; a buyer network with a planned
procurement; an administrator; and one of everything else a URL can name.

`World.markers` are what names the supplier (its name, organisation number, its
member's name, the original name of its file): in an anonymised evaluation no page a
juror can open shows them, except the public pages about organisations themselves.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

from werkzeug.datastructures import FileStorage

from app.attachments import services as attachments
from app.challenges import covers
from app.challenges.models import (
    Challenge,
    ChallengeCoOwner,
    ChallengeCoOwnerInvitation,
    ChallengeState,
    Clarification,
)
from app.checks.models import (
    AdvisorNote,
    ApplicationState,
    CheckApplication,
    ClientLink,
    IntermediaryOffice,
)
from app.core.db import utcnow
from app.core.events import Frequency
from app.dialogue import services as dialogue
from app.dialogue.models import EventKind
from app.evaluation import scoring
from app.evaluation import services as evaluation
from app.evaluation.services import CriterionInput
from app.extensions import db
from app.funding.models import FundingProgramme
from app.knowledge.models import CaseTrack
from app.knowledge.services import CaseContent, create_case
from app.messages import announcements
from app.messages import services as messages
from app.networks.services import post_update
from app.notifications.models import Notification
from app.notifications.services import queue_email_to_user
from app.organisations.models import OrganisationKind
from app.organisations.services import invite, request_to_join
from app.solutions.models import Solution
from tests.factories import (
    load_funding_programmes,
    make_admin,
    make_article,
    make_authority,
    make_challenge,
    make_network,
    make_organisation,
    make_planned_procurement,
    make_solution,
    make_supplier,
    make_user,
)

ROLES = ("anonymous", "supplier", "other_supplier", "owner", "co_owner", "pending_co_owner",
         "other_buyer", "juror", "conflicted_juror", "coordinator", "admin", "advisor")
SUPPLIER_NAME = "Answering AB"
SUPPLIER_MEMBER = "Svea Supplierdottir"
SUPPLIER_FILE = "answering-ab-offer.pdf"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MISSING = 999_999  # an id nothing has
MEETING_NOTE = "WORLD-PRIVATE-MEETING-NOTE"  # only the owners ever read it
MESSAGE_TEXT = "WORLD-PRIVATE-MESSAGE"  # only the supplier and the owners ever read it
MESSAGE_FILE = "world-message-file.pdf"
APPLICATION_FILE = "world-application-quote.pdf"  # only the applicant and the desk read it


@dataclass
class World:
    users: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)  # URL parameter -> value
    pages: list = field(default_factory=list)  # more pages with forms (open and draft)
    markers: tuple = ()  # what names the supplier: none of it reaches a juror


def _people(world: World) -> dict:
    users = {role: make_user(email=f"{role.replace('_', '-')}@world.example", name=role)
             for role in ROLES if role not in ("anonymous", "admin")}
    users["supplier"].name = SUPPLIER_MEMBER
    users["admin"] = make_admin(email="admin@world.example", name="admin")
    world.users = users
    return {
        "owner": make_authority(admin=users["owner"], name="Owner municipality"),
        "co_owner": make_authority(admin=users["co_owner"], name="Co-owner region"),
        "pending_co_owner": make_authority(admin=users["pending_co_owner"],
                                           name="Invited council"),
        "other_buyer": make_authority(admin=users["other_buyer"], name="Other authority"),
        "coordinator": make_authority(admin=users["coordinator"], name="Coordinating region"),
        "supplier": make_supplier(admin=users["supplier"], name=SUPPLIER_NAME),
        "other_supplier": make_supplier(admin=users["other_supplier"], name="Other AB"),
        "advisor": make_organisation(OrganisationKind.INTERMEDIARY, admin=users["advisor"],
                                     name="Advising science park"),
    }


def picture_bytes(size: tuple[int, int] = (800, 500), kind: str = "PNG") -> bytes:
    """A real picture (a cover) of a size, in a format Pillow writes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (94, 196, 182)).save(buffer, kind)
    return buffer.getvalue()


def _challenge_in_evaluation(world: World, orgs: dict):
    owner = world.users["owner"]
    challenge = make_challenge(owner=orgs["owner"], title="World challenge", criteria=())
    challenge.co_owner_links.append(ChallengeCoOwner(organisation=orgs["co_owner"]))
    db.session.add(ChallengeCoOwnerInvitation(  # invited, not answered: no access at all
        challenge=challenge, organisation=orgs["pending_co_owner"], invited_by_id=owner.id))
    solution = make_solution(challenge, orgs["supplier"], world.users["supplier"])
    question = Clarification(challenge=challenge, asked_by_id=world.users["other_supplier"].id,
                             question="Can we deliver in stages?")
    db.session.add(question)
    upload = FileStorage(io.BytesIO(PDF), filename="brief.pdf", content_type="application/pdf")
    file = attachments.store(upload, "challenge", challenge.id, user=owner)
    offer = attachments.store(FileStorage(io.BytesIO(PDF), filename=SUPPLIER_FILE), "solution",
                              solution.id, user=world.users["supplier"])
    cover = covers.set_cover(challenge, owner, FileStorage(io.BytesIO(picture_bytes()),
                                                           filename="cover.png"), "A meadow")
    evaluation.replace_criteria(challenge, owner, [CriterionInput("Fit", "", 100, 0, 5)])
    evaluation.update_options(challenge, owner, True, False, None)  # anonymised
    seats = {}
    for role in ("juror", "conflicted_juror"):
        seats[role] = evaluation.invite_juror(challenge, owner, world.users[role].email)
        evaluation.accept_invitation(seats[role], world.users[role])
    challenge.state = ChallengeState.CLOSED
    db.session.flush()
    evaluation.open_evaluation(challenge, owner)
    entry = scoring.entry_of(solution)
    for role, conflict in (("juror", False), ("conflicted_juror", True)):
        scoring.declare_conflict(seats[role], entry, conflict, "", world.users[role])
    world.values.update(challenge_id=challenge.id, solution_id=solution.id, number=entry.number,
                        clarification_id=question.id, attachment_id=file.id,
                        filename=file.filename, member_id=seats["juror"].id,
                        solution_attachment_id=offer.id, file_id=cover.card_id)
    world.markers = (SUPPLIER_NAME, orgs["supplier"].org_number, SUPPLIER_MEMBER,
                     SUPPLIER_FILE)


def _network(world: World, orgs: dict) -> None:
    network = make_network(coordinator=orgs["coordinator"], members=(orgs["owner"],))
    planned = make_planned_procurement(network)
    post_update(network, world.users["coordinator"], "News", "We met.")
    world.values.update(network_id=network.id, planned_id=planned.id)


def _dialogue(world: World, orgs: dict) -> None:
    """A one-to-one meeting day on the world challenge; the supplier booked a meeting."""
    start = (utcnow() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    event = dialogue.create_event(world.users["owner"], dialogue.EventInput(
        kind=EventKind.ONE_TO_ONE, title="World meetings", starts_at=start,
        ends_at=start + timedelta(hours=1), slot_minutes=30, location="Town hall"),
        challenge=db.session.get(Challenge, world.values["challenge_id"]))
    dialogue.register(event, world.users["supplier"], orgs["supplier"])
    dialogue.save_note(event, orgs["supplier"], world.users["owner"], MEETING_NOTE)
    world.values.update(event_id=event.id, organisation_id=orgs["supplier"].id)


def _messages(world: World) -> None:
    """The owner wrote to the supplier about its solution, with a file; it answered."""
    solution = db.session.get(Solution, world.values["solution_id"])
    upload = FileStorage(io.BytesIO(PDF), filename=MESSAGE_FILE)
    sent = messages.send_message(solution, world.users["owner"], f"{MESSAGE_TEXT} question",
                                 [upload])
    messages.send_message(solution, world.users["supplier"], f"{MESSAGE_TEXT} answer")
    world.values["message_attachment_id"] = messages.files_of([sent])[sent.id][0].id
    news = announcements.announce(solution.challenge, world.users["owner"], "submitted",
                                  "World news", "To everyone who submitted.")
    world.values["announcement_id"] = news.id


def _everything_else(world: World, orgs: dict) -> None:
    supplier = world.users["supplier"]
    invitation = invite(orgs["supplier"], supplier, "newcomer@world.example")
    join = request_to_join(orgs["supplier"], world.users["other_supplier"])
    notification = Notification(user_id=supplier.id, event="challenges/outcome_recorded",
                                group="followed", subject="An outcome", summary="",
                                url="/", frequency=Frequency.IMMEDIATELY)
    db.session.add(notification)
    load_funding_programmes()
    programme = db.session.scalars(
        db.select(FundingProgramme).order_by(FundingProgramme.id)).first()
    article = make_article(slug="world-article")
    case = create_case(None, CaseContent(track=next(iter(CaseTrack)), title_en="A case",
                                         summary_en="It worked.", organisation_name="Kommun"),
                       publish=True)
    message = queue_email_to_user("accounts/password_changed", supplier)
    db.session.flush()
    world.values.update(
        org_id=orgs["supplier"].id, membership_id=orgs["supplier"].memberships[0].id,
        invitation_id=invitation.id, request_id=join.id, notification_id=notification.id,
        programme_id=programme.id, key=programme.key, slug=article.slug, case_id=case.id,
        message_id=message.id, token="not-a-valid-token", code="en", path="missing.css")


def _open_and_draft(world: World, orgs: dict) -> None:
    """An open challenge the supplier is drafting an answer to, and a draft challenge."""
    open_challenge = make_challenge(owner=orgs["owner"], title="Open challenge")
    make_solution(open_challenge, orgs["supplier"], world.users["supplier"], submit=False)
    draft = make_challenge(owner=orgs["owner"], state=ChallengeState.DRAFT, title="Draft")
    world.pages = [f"/challenges/{open_challenge.id}", f"/challenges/{open_challenge.id}/solution",
                   f"/challenges/{open_challenge.id}/interest", f"/challenges/{draft.id}",
                   f"/challenges/{draft.id}/edit"]


def _readiness(world: World, orgs: dict) -> None:
    """The supplier's private quick check (not shown on its profile)."""
    from app.readiness.questions import QUESTIONS
    from app.readiness.services import record_check

    record_check(orgs["supplier"], world.users["supplier"],
                 {key: "partly" for key in QUESTIONS})


def _checks(world: World, orgs: dict) -> None:
    """An intermediary's office advising the supplier, with a private note, and the
    supplier's application waiting at the office's desk."""
    office = IntermediaryOffice(organisation=orgs["advisor"], name="Park office",
                                counties=["SE110"], programme_keys=["sme-check-business"])
    link = ClientLink(office=office, client=orgs["supplier"],
                      linked_by_id=world.users["supplier"].id)
    application = CheckApplication(
        programme_key="sme-check-business", applicant=orgs["supplier"], office=office,
        state=ApplicationState.SUBMITTED, answers={"project": "Our plan"},
        budget={"expertise": 50000}, amount_requested=50000, submitted_at=utcnow())
    db.session.add_all([office, link, application,
                        AdvisorNote(link=link, author=world.users["advisor"],
                                    body="Private advice")])
    db.session.flush()
    quote = attachments.store(FileStorage(io.BytesIO(PDF), filename=APPLICATION_FILE),
                              "check_application", application.id,
                              user=world.users["supplier"])
    world.values["application_file_id"] = quote.id
    world.values.update(office_id=office.id, link_id=link.id, application_id=application.id,
                        intermediary_org_id=orgs["advisor"].id)


def build_world() -> World:
    """Create the world (flushed and committed into the test's transaction)."""
    world = World()
    orgs = _people(world)
    _challenge_in_evaluation(world, orgs)
    _network(world, orgs)
    _dialogue(world, orgs)
    _readiness(world, orgs)
    _messages(world)
    _everything_else(world, orgs)
    _checks(world, orgs)
    world.values["co_owner_org_id"] = orgs["co_owner"].id
    world.values["statistics_table"] = "by-kind"
    _open_and_draft(world, orgs)
    pending = make_authority(admin=make_user(), verified=False, name="Waiting municipality")
    world.values["pending_org_id"] = pending.id
    db.session.commit()
    return world
