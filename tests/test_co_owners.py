"""Co-owners: only the owning authority invites, an invited authority sees nothing until it
accepts, the suppliers who submitted are told, and a solution's page says who can read it.
Through the pages, as the people concerned, with the e-mails they get."""

from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time

from app.challenges.models import (
    ChallengeCoOwner,
    ChallengeCoOwnerInvitation,
    ChallengeState,
    CoOwnerStatus,
)
from app.core.db import utcnow
from app.evaluation import services as evaluation
from app.extensions import db
from app.networks.models import CoOwnerInvitation
from app.solutions import services as solutions
from tests.conftest import CONFIRM, log_in, submit
from tests.factories import (
    make_authority,
    make_challenge,
    make_interest,
    make_network,
    make_planned_procurement,
    make_solution,
    make_supplier,
    make_user,
)
from tests.smtp_sink import text_of
from tests.test_evaluation import seat_for
from tests.test_networks_interest import _convert


class Joint:
    """A published challenge with a submitted, a withdrawn and a draft solution."""

    def __init__(self):
        self.owner = make_user(name="Olle Owner")
        self.challenge = make_challenge(owner=make_authority(admin=self.owner, name="Ägarkommun"),
                                        title="Shared need")
        self.supplier_user = make_user(name="Sara Submitter")
        self.solution = make_solution(self.challenge, make_supplier(admin=self.supplier_user))
        self.withdrawer = make_user(name="Wilma Withdrawn")
        withdrawn = make_solution(self.challenge, make_supplier(admin=self.withdrawer))
        solutions.withdraw_solution(withdrawn, self.withdrawer)
        self.drafter = make_user(name="Dora Draft")
        make_solution(self.challenge, make_supplier(admin=self.drafter), submit=False)
        self.invited_user = make_user(name="Ivan Invited")
        self.invited = make_authority(admin=self.invited_user, name="Grannregionen")
        db.session.commit()

    def url(self, path: str = "") -> str:
        return f"/challenges/{self.challenge.id}{path}"

    def confidential_urls(self) -> list[str]:
        solution = self.url(f"/solutions/{self.solution.id}")
        return [self.url("/solutions"), solution, f"{solution}/versions/1.json",
                self.url("/solutions/export.csv"), self.url("/solutions/attachments.zip"),
                self.url("/evaluation/"), self.url("/edit"), self.url("/co-owners")]


def signed_in(app, user):
    client = app.test_client()
    log_in(client, user)
    return client


def invite(app, joint) -> None:
    owner = signed_in(app, joint.owner)
    response = submit(owner, joint.url("/co-owners"), {"organisation_id": str(joint.invited.id)})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_an_invited_authority_sees_nothing_until_it_accepts(app, deliver):
    joint = Joint()
    deliver().messages.clear()
    invite(app, joint)
    (mail,) = deliver().to(joint.invited_user.email)
    assert mail["Subject"] == "Invitation to co-own “Shared need”"
    assert f"/challenges/{joint.challenge.id}/co-ownership" in text_of(mail)
    invited = signed_in(app, joint.invited_user)
    for url in joint.confidential_urls():
        assert invited.get(url).status_code in (403, 404), url
    assert "Shared need" in invited.get("/challenges/mine").get_data(as_text=True)
    page = invited.get(joint.url("/co-ownership")).get_data(as_text=True)
    assert "Accept co-ownership" in page
    assert submit(invited, joint.url("/co-ownership/accept"),
                  page=joint.url("/co-ownership")).status_code == 302
    assert invited.get(joint.url("/solutions")).status_code == 200
    assert invited.get(joint.url(f"/solutions/{joint.solution.id}")).status_code == 200
    assert invited.get(joint.url("/co-owners")).status_code == 403  # the owner manages them
    assert invited.get(joint.url("/co-ownership")).status_code == 404  # answered
    answer = deliver().to(joint.owner.email)
    assert [m["Subject"] for m in answer] == ["Grannregionen co-owns “Shared need”"]


def test_every_supplier_who_submitted_is_told_when_a_co_owner_joins(app, deliver):
    joint = Joint()
    invite(app, joint)
    deliver().messages.clear()
    invited = signed_in(app, joint.invited_user)
    submit(invited, joint.url("/co-ownership/accept"), page=joint.url("/co-ownership"))
    sink = deliver()
    for person in (joint.supplier_user, joint.withdrawer):  # both can be read by owners
        (mail,) = sink.to(person.email)
        assert mail["Subject"] == "Grannregionen can now read your solution to “Shared need”"
    assert f"/solutions/{joint.solution.id}" in text_of(sink.to(joint.supplier_user.email)[0])
    assert sink.to(joint.drafter.email) == []  # a draft is read by nobody outside


def test_a_co_owner_cannot_add_or_remove_co_owners(app):
    joint = Joint()
    co_owner_user = make_user()
    co_owner = make_authority(admin=co_owner_user, name="Medkommun")
    joint.challenge.co_owner_links.append(ChallengeCoOwner(organisation=co_owner))
    db.session.commit()
    client = signed_in(app, co_owner_user)
    assert client.get(joint.url("/co-owners")).status_code == 403
    refused = submit(client, joint.url("/co-owners"), {"organisation_id": str(joint.invited.id)},
                     page=joint.url("/withdraw"))
    assert refused.status_code == 403
    removed = submit(client, joint.url(f"/co-owners/{co_owner.id}/remove"), {},
                     page=joint.url("/withdraw"))
    assert removed.status_code == 403
    db.session.expire_all()
    assert db.session.scalar(db.select(ChallengeCoOwnerInvitation)) is None
    assert [o.name for o in joint.challenge.co_owners] == ["Medkommun"]


def test_declining_or_a_taken_back_invitation_gives_nothing(app, deliver):
    joint = Joint()
    invite(app, joint)
    invited = signed_in(app, joint.invited_user)
    assert submit(invited, joint.url("/co-ownership/decline"),
                  page=joint.url("/co-ownership")).status_code == 302
    assert invited.get(joint.url("/solutions")).status_code == 403
    invite(app, joint)  # asked again, then taken back before any answer
    owner = signed_in(app, joint.owner)
    assert "Invited, has not answered" in owner.get(joint.url("/co-owners")).get_data(
        as_text=True)
    submit(owner, joint.url(f"/co-owners/{joint.invited.id}/remove"), {},
           page=joint.url("/co-owners"))
    assert invited.get(joint.url("/co-ownership")).status_code == 404
    db.session.expire_all()
    invitation = db.session.scalar(db.select(ChallengeCoOwnerInvitation))
    assert invitation.status == CoOwnerStatus.WITHDRAWN and joint.challenge.co_owners == []


def test_an_invitation_cannot_be_accepted_after_the_deadline(app):
    joint = Joint()
    invite(app, joint)
    invited = signed_in(app, joint.invited_user)
    with freeze_time(joint.challenge.submission_deadline_at + timedelta(seconds=1)):
        response = submit(invited, joint.url("/co-ownership/accept"),
                          page=joint.url("/co-ownership"))
    assert response.status_code == 409
    assert "before the deadline for solutions" in response.get_data(as_text=True)
    assert invited.get(joint.url("/solutions")).status_code == 403


def test_the_solution_page_tells_its_supplier_who_can_read_it(app):
    joint = Joint()
    co_owner = make_authority(admin=make_user(), name="Medkommun")
    joint.challenge.co_owner_links.append(ChallengeCoOwner(organisation=co_owner))
    pending = make_authority(admin=make_user(), name="Väntande kommun")
    db.session.add(ChallengeCoOwnerInvitation(challenge=joint.challenge, organisation=pending))
    for _ in range(2):
        seat_for(joint.challenge, joint.owner, make_user())
    evaluation.update_options(joint.challenge, joint.owner, True, False, None)
    db.session.commit()
    html = signed_in(app, joint.supplier_user).get(
        joint.url(f"/solutions/{joint.solution.id}")).get_data(as_text=True)
    readers = html[html.index("Who can read this solution"):html.index("Public summary")]
    assert "Ägarkommun (the buyer)" in readers and "Medkommun (co-owner)" in readers
    assert "the jury (2 people)" in readers and "does not see your organisation" in readers
    assert "Väntande kommun" not in readers
    owner_view = signed_in(app, joint.owner).get(joint.url(f"/solutions/{joint.solution.id}"))
    assert "Who can read this solution" not in owner_view.get_data(as_text=True)


def test_the_network_path_accepts_the_same_way_and_tells_the_suppliers(app, deliver):
    coordinator_user = make_user()
    coordinator = make_authority(admin=coordinator_user)
    network = make_network(coordinator=coordinator)
    planned = make_planned_procurement(network, title="Joint robots")
    member_user = make_user()
    member = make_authority(admin=member_user, name="Nätverkskommun")
    make_interest(member, planned=planned, quantity=5, unit="sites")
    challenge = _convert(app, coordinator_user, network, planned)
    challenge.state = ChallengeState.PUBLISHED
    challenge.submission_deadline_at = utcnow() + timedelta(days=9)
    supplier_user = make_user()
    make_solution(challenge, make_supplier(admin=supplier_user))
    db.session.commit()
    deliver().messages.clear()
    invitation = db.session.scalar(db.select(CoOwnerInvitation))
    browser = signed_in(app, member_user)
    assert submit(browser, f"/networks/invitations/{invitation.id}/confirm", {},
                  page=f"/networks/invitations/{invitation.id}").status_code == 302
    (mail,) = deliver().to(supplier_user.email)
    assert mail["Subject"] == "Nätverkskommun can now read your solution to “Joint robots”"
    assert browser.get(f"/challenges/{challenge.id}/solutions").status_code == 200


def test_deleting_a_draft_takes_its_invitations_with_it(app):
    owner = make_user()
    draft = make_challenge(owner=make_authority(admin=owner), state=ChallengeState.DRAFT)
    invited = make_authority(admin=make_user())
    db.session.commit()
    client = signed_in(app, owner)
    url = f"/challenges/{draft.id}"
    assert submit(client, f"{url}/co-owners", {"organisation_id": str(invited.id)}
                  ).status_code == 302
    assert submit(client, f"{url}/delete", CONFIRM, page=url).status_code == 302
    assert db.session.scalar(db.select(ChallengeCoOwnerInvitation)) is None
