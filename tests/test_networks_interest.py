"""Interest registration, pooled demand and turning a planned procurement into a joint
challenge whose co-owners are exactly the authorities that confirm."""

from __future__ import annotations

import re
from decimal import Decimal

from flask import render_template
from flask_babel import force_locale
from flask_login import AnonymousUserMixin

from app.audit.models import AuditEvent
from app.challenges.models import Challenge, ChallengeCoOwner, ChallengeState
from app.extensions import db
from app.networks.models import (
    CoOwnerInvitation,
    InterestRegistration,
    InvitationStatus,
    PlannedProcurement,
    PlannedProcurementStatus,
)
from app.organisations.models import MemberRole, Membership
from tests.conftest import CONFIRM, log_in, submit
from tests.factories import (
    make_authority,
    make_challenge,
    make_interest,
    make_network,
    make_organisation,
    make_planned_procurement,
    make_user,
)
from tests.smtp_sink import text_of

CSRF_PAGE = "/organisations/new"
NBSP = "\u00a0"


def signed_in(app, user):
    browser = app.test_client()
    log_in(browser, user)
    return browser


def person_at_authority(verified: bool = True, **kwargs):
    user = make_user()
    return user, make_authority(admin=user, verified=verified, **kwargs)


def interest_form(organisation, **overrides):
    data = {"organisation": str(organisation.id), "volume_quantity": "1 200",
            "volume_unit": "units/year", "amount_sek": "", "time_frame": "2027–2028",
            "contact_name": "Karin Kontakt", "contact_email": "karin@kommun.example",
            "contact_phone": "", "comment": "", "show_volume_publicly": "y"}
    data.update(overrides)
    return data


def registrations(**target) -> list[InterestRegistration]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(InterestRegistration).filter_by(**target)))


def render_partial(app, challenge, user=None, language="en") -> str:
    """The interest section exactly as the challenge page includes it."""
    with app.test_request_context("/"), force_locale(language):
        return render_template("networks/_challenge_interest.html", challenge=challenge,
                               current_user=user or AnonymousUserMixin())


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- interest in a published challenge ------------------------------------------------------

def test_an_authority_registers_interest_and_the_owners_are_told(app, client, login, deliver):
    owner_user = make_user()
    co_owner_user = make_user()
    challenge = make_challenge(owner=make_authority(admin=owner_user))
    challenge.co_owner_links.append(ChallengeCoOwner(
        organisation=make_authority(admin=co_owner_user)))
    db.session.flush()
    user, authority = person_at_authority(name="Hammarö kommun")
    login(user)
    page = client.get(f"/challenges/{challenge.id}/interest").get_data(as_text=True)
    assert f'value="{user.email}"' in page  # the contact person is prefilled
    response = submit(client, f"/challenges/{challenge.id}/interest", interest_form(authority))
    assert response.status_code == 302
    (registration,) = registrations(challenge_id=challenge.id)
    assert registration.organisation_id == authority.id
    assert registration.volume_quantity == Decimal("1200")
    assert registration.volume_unit == "units/year" and registration.show_volume_publicly

    sink = deliver()
    for person in (owner_user, co_owner_user):
        (mail,) = sink.to(person.email)
        assert mail["Subject"] == f"Hammarö kommun has the same need: {challenge.title}"
        assert "1,200 units/year" in text_of(mail)
        assert f"/challenges/{challenge.id}/interest" in text_of(mail)
    assert sink.to(user.email) == []

    owner_page = signed_in(app, owner_user).get(f"/challenges/{challenge.id}/interest")
    assert owner_page.status_code == 200
    assert "karin@kommun.example" in owner_page.get_data(as_text=True)


def test_a_supplier_cannot_register_interest(client, login):
    challenge = make_challenge()
    supplier_user = make_user()
    supplier = make_organisation(admin=supplier_user)
    login(supplier_user)
    page = client.get(f"/challenges/{challenge.id}/interest")
    assert page.status_code == 403
    assert "Only verified contracting authorities can register interest" in page.get_data(
        as_text=True)
    response = submit(client, f"/challenges/{challenge.id}/interest", interest_form(supplier),
                      page=CSRF_PAGE)
    assert response.status_code == 403
    assert registrations(challenge_id=challenge.id) == []


def test_an_unverified_authority_is_told_to_get_verified(client, login):
    challenge = make_challenge()
    user, authority = person_at_authority(verified=False)
    login(user)
    response = submit(client, f"/challenges/{challenge.id}/interest", interest_form(authority),
                      page=CSRF_PAGE)
    assert response.status_code == 403
    assert "must be verified" in response.get_data(as_text=True)
    assert registrations(challenge_id=challenge.id) == []


def test_owners_see_registrations_but_cannot_register_on_their_own_challenge(client, login):
    owner_user = make_user()
    owner = make_authority(admin=owner_user)
    challenge = make_challenge(owner=owner)
    login(owner_user)
    assert client.get(f"/challenges/{challenge.id}/interest").status_code == 200
    response = submit(client, f"/challenges/{challenge.id}/interest", interest_form(owner),
                      page=CSRF_PAGE)
    assert response.status_code == 403
    assert "owns this challenge" in response.get_data(as_text=True)


def test_anonymous_visitors_are_asked_to_log_in(client):
    challenge = make_challenge()
    response = client.get(f"/challenges/{challenge.id}/interest")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_drafts_are_hidden_and_closed_challenges_take_no_more_interest(client, login):
    user, authority = person_at_authority()
    login(user)
    draft = make_challenge(state=ChallengeState.DRAFT)
    assert client.get(f"/challenges/{draft.id}/interest").status_code == 404
    closed = make_challenge(state=ChallengeState.CLOSED)
    response = submit(client, f"/challenges/{closed.id}/interest", interest_form(authority),
                      page=CSRF_PAGE)
    assert response.status_code == 409
    assert "while the challenge is open" in response.get_data(as_text=True)


def test_an_estimate_needs_a_volume_with_its_unit_or_a_budget(client, login):
    challenge = make_challenge()
    user, authority = person_at_authority()
    login(user)
    url = f"/challenges/{challenge.id}/interest"
    nothing = submit(client, url, interest_form(authority, volume_quantity="", volume_unit=""))
    assert nothing.status_code == 422
    assert "Give an estimated volume, a budget in SEK, or both." in nothing.get_data(as_text=True)
    no_unit = submit(client, url, interest_form(authority, volume_unit=""))
    assert no_unit.status_code == 422
    assert "Say what the volume counts" in no_unit.get_data(as_text=True)
    not_a_number = submit(client, url, interest_form(authority, volume_quantity="many"))
    page = not_a_number.get_data(as_text=True)
    assert not_a_number.status_code == 422
    assert "Enter a number greater than zero" in page and 'value="many"' in page
    assert registrations(challenge_id=challenge.id) == []
    budget_only = submit(client, url, interest_form(
        authority, volume_quantity="", volume_unit="", amount_sek="2 500 000,50"))
    assert budget_only.status_code == 302
    (registration,) = registrations(challenge_id=challenge.id)
    assert registration.amount_sek == Decimal("2500000.50")
    assert registration.volume_quantity is None


def test_registering_again_updates_the_estimate_and_withdrawing_removes_it(client, login,
                                                                           deliver):
    owner_user = make_user()
    challenge = make_challenge(owner=make_authority(admin=owner_user))
    user, authority = person_at_authority()
    login(user)
    url = f"/challenges/{challenge.id}/interest"
    submit(client, url, interest_form(authority))
    assert len(deliver().to(owner_user.email)) == 1
    submit(client, url, interest_form(authority, volume_quantity="900"))
    (registration,) = registrations(challenge_id=challenge.id)
    assert registration.volume_quantity == Decimal("900")
    assert 'value="900"' in client.get(url).get_data(as_text=True)
    assert len(deliver().to(owner_user.email)) == 1  # an update is not news to the owner

    response = submit(client, f"{url}/withdraw", {"organisation": str(authority.id)}, page=url)
    assert response.status_code == 302
    assert registrations(challenge_id=challenge.id) == []
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="interest.withdrawn"))


# -- pooled demand ----------------------------------------------------------------------------

def pooled_demand_challenge():
    """Six authorities; hand-computed public totals below."""
    challenge = make_challenge()
    make_interest(make_authority(), challenge=challenge, quantity=1200, unit="units/year")
    make_interest(make_authority(), challenge=challenge, quantity="300.5", unit=" Units/Year ")
    make_interest(make_authority(), challenge=challenge, quantity=500, unit="units/year",
                  amount=400_000, public=False)  # not in the total
    make_interest(make_authority(), challenge=challenge, quantity=40, unit="licences",
                  amount=250_000)
    make_interest(make_authority(), challenge=challenge, amount=1_000_000)
    make_interest(make_authority(), challenge=challenge, amount=999, public=False)
    # units/year: 1200 + 300.5 = 1500.5; licences: 40; SEK: 250 000 + 1 000 000 = 1 250 000
    return challenge


def test_pooled_demand_counts_everyone_and_sums_only_what_may_be_shown(app):
    challenge = pooled_demand_challenge()
    english = visible_text(render_partial(app, challenge))
    assert "6 authorities, 1,500.5 units/year, 40 licences, 1,250,000 SEK" in english.replace(
        NBSP, " ")
    assert "estimates of 4 of the 6 authorities" in english
    swedish = render_partial(app, challenge, language="sv").replace("\u202f", NBSP)
    assert f"6 upphandlande organisationer, 1{NBSP}500,5 units/year" in swedish
    assert f"1{NBSP}250{NBSP}000{NBSP}kr" in swedish
    assert "contact@example.org" not in english  # the public never sees contact details


def test_no_interest_yet_says_so(app):
    text = visible_text(render_partial(app, make_challenge()))
    assert "No other authority has registered interest yet." in text


def test_the_challenge_page_section_adapts_to_who_is_looking(app):
    owner_user = make_user()
    challenge = make_challenge(owner=make_authority(admin=owner_user))
    make_interest(make_authority(), challenge=challenge, quantity=10, unit="schools",
                  contact_email="rektor@skola.example")
    authority_user, _ = person_at_authority()
    supplier_user = make_user()
    make_organisation(admin=supplier_user)
    link = f'href="/challenges/{challenge.id}/interest"'

    anonymous = render_partial(app, challenge)
    assert "Log in to register interest" in anonymous and "rektor@skola.example" not in anonymous
    authority_view = render_partial(app, challenge, authority_user)
    assert link in authority_view and "rektor@skola.example" not in authority_view
    supplier_view = render_partial(app, challenge, supplier_user)
    assert link not in supplier_view and "rektor@skola.example" not in supplier_view
    owner_view = render_partial(app, challenge, owner_user)
    assert link not in owner_view and "rektor@skola.example" in owner_view


# -- planned procurements ---------------------------------------------------------------------

def test_the_coordinator_announces_a_planned_procurement_and_members_are_told(app, client,
                                                                               login, deliver):
    coordinator_user, coordinator = person_at_authority()
    member_user, member = person_at_authority()
    network = make_network(coordinator=coordinator, members=(member,))
    login(coordinator_user)
    response = submit(client, f"/networks/{network.id}/procurements/new", {
        "title": "Medication robots", "need": "Right dose at the right time.",
        "expected_timing": "Autumn 2027", "route": "procurement_of_innovation"})
    assert response.status_code == 302
    planned = db.session.scalar(db.select(PlannedProcurement))
    assert planned.title == "Medication robots" and planned.is_open
    (mail,) = deliver().to(member_user.email)
    assert "Medication robots" in mail["Subject"]
    public = app.test_client().get(f"/networks/{network.id}").get_data(as_text=True)
    assert "Medication robots" in public

    assert submit(signed_in(app, member_user), f"/networks/{network.id}/procurements/new",
                  {"title": "x"}, page=CSRF_PAGE).status_code == 403


def test_interest_in_a_planned_procurement_by_role(app, client, login, deliver):
    coordinator_user, coordinator = person_at_authority()
    member_user, member = person_at_authority()
    network = make_network(coordinator=coordinator, members=(member,))
    planned = make_planned_procurement(network)
    url = f"/networks/{network.id}/procurements/{planned.id}/interest"

    outsider_user, outsider = person_at_authority(name="Ludvika kommun")
    login(outsider_user)  # any verified authority, member or not
    response = submit(client, url, interest_form(outsider, volume_quantity="80",
                                                 volume_unit="homes", amount_sek="500000"))
    assert response.status_code == 302
    (mail,) = deliver().to(coordinator_user.email)
    assert mail["Subject"] == f"Ludvika kommun has the same need: {planned.title}"

    supplier_user = make_user()
    supplier = make_organisation(admin=supplier_user)
    refused = submit(signed_in(app, supplier_user), url, interest_form(supplier), page=CSRF_PAGE)
    assert refused.status_code == 403
    assert "Only verified contracting authorities" in refused.get_data(as_text=True)

    public = app.test_client().get(f"/networks/{network.id}/procurements/{planned.id}")
    text = visible_text(public.get_data(as_text=True)).replace(NBSP, " ")
    assert "1 authority, 80 homes, 500,000 SEK" in text
    assert "karin@kommun.example" not in text
    member_page = signed_in(app, member_user).get(
        f"/networks/{network.id}/procurements/{planned.id}").get_data(as_text=True)
    assert "karin@kommun.example" not in member_page  # only the coordinator sees details
    coordinator_page = signed_in(app, coordinator_user).get(
        f"/networks/{network.id}/procurements/{planned.id}").get_data(as_text=True)
    assert "karin@kommun.example" in coordinator_page


def _convert(app, coordinator_user, network, planned, kind="challenge"):
    browser = signed_in(app, coordinator_user)
    url = f"/networks/{network.id}/procurements/{planned.id}/convert"
    response = submit(browser, url, {"kind": kind})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    return db.session.get(PlannedProcurement, planned.id).challenge


def test_a_planned_procurement_becomes_a_joint_challenge_with_the_confirmed_co_owners(
        app, deliver):
    coordinator_user, coordinator = person_at_authority()
    member_user, member = person_at_authority()
    network = make_network(coordinator=coordinator, members=(member,), sectors=["health"],
                           region="SE110")
    planned = make_planned_procurement(network, title="Medication robots")
    people = {}
    for name in ("Confirms", "Declines", "Silent"):
        people[name], authority = person_at_authority(name=f"{name} kommun")
        make_interest(authority, planned=planned, quantity=100, unit="users",
                      registered_by=people[name])
    make_interest(coordinator, planned=planned, quantity=500, unit="users")
    deliver()

    challenge = _convert(app, coordinator_user, network, planned)
    assert challenge.state == ChallengeState.DRAFT
    assert challenge.owner_id == coordinator.id and challenge.co_owners == []
    assert challenge.title == "Medication robots" and challenge.sectors == ["health"]
    assert db.session.get(PlannedProcurement, planned.id).status == (
        PlannedProcurementStatus.CONVERTED)
    invitations = {i.organisation.name: i for i in db.session.scalars(
        db.select(CoOwnerInvitation))}
    assert set(invitations) == {"Confirms kommun", "Declines kommun", "Silent kommun"}

    sink = deliver()
    for name, person in people.items():
        (mail,) = sink.to(person.email)
        assert mail["Subject"] == f"Confirm co-ownership: {challenge.title}"
        assert f"/networks/invitations/{invitations[f'{name} kommun'].id}" in text_of(mail)
    (news,) = sink.to(member_user.email)
    assert "New joint challenge" in news["Subject"]

    for name, decision in (("Confirms", "confirm"), ("Declines", "decline")):
        invitation = invitations[f"{name} kommun"]
        browser = signed_in(app, people[name])
        response = submit(browser, f"/networks/invitations/{invitation.id}/{decision}", {},
                          page=f"/networks/invitations/{invitation.id}")
        assert response.status_code == 302

    db.session.expire_all()
    challenge = db.session.get(Challenge, challenge.id)
    assert [o.name for o in challenge.co_owners] == ["Confirms kommun"]
    statuses = {i.organisation.name: i.status for i in db.session.scalars(
        db.select(CoOwnerInvitation))}
    assert statuses == {"Confirms kommun": InvitationStatus.CONFIRMED,
                        "Declines kommun": InvitationStatus.DECLINED,
                        "Silent kommun": InvitationStatus.PENDING}
    logged = db.session.scalar(db.select(AuditEvent).filter_by(action="challenge.co_owner_added"))
    assert logged.object_id == challenge.id
    assert logged.details["organisation_id"] == invitations["Confirms kommun"].organisation_id
    answers = deliver().to(coordinator_user.email)
    assert {m["Subject"] for m in answers} == {
        f"Confirms kommun co-owns {challenge.title}",
        f"Declines kommun declined to co-own {challenge.title}"}
    # The joint challenge's pooled demand: the coordinator's and the confirmed authority's.
    assert sorted(r.volume_quantity for r in registrations(challenge_id=challenge.id)) == [
        Decimal("100"), Decimal("500")]


def test_only_the_invited_authority_answers_and_only_once(app):
    coordinator_user, coordinator = person_at_authority()
    network = make_network(coordinator=coordinator)
    planned = make_planned_procurement(network)
    invited_user, invited = person_at_authority()
    make_interest(invited, planned=planned, quantity=5, unit="sites")
    challenge = _convert(app, coordinator_user, network, planned)
    invitation = db.session.scalar(db.select(CoOwnerInvitation))

    stranger, _ = person_at_authority()
    url = f"/networks/invitations/{invitation.id}"
    assert signed_in(app, stranger).get(url).status_code == 403
    assert submit(signed_in(app, stranger), f"{url}/confirm", {},
                  page=CSRF_PAGE).status_code == 403
    browser = signed_in(app, invited_user)
    assert submit(browser, f"{url}/decline", {}, page=url).status_code == 302
    again = submit(browser, f"{url}/confirm", {}, page=CSRF_PAGE)
    assert again.status_code == 409
    db.session.expire_all()
    assert db.session.get(Challenge, challenge.id).co_owners == []


def test_leaving_the_network_keeps_co_ownership_of_a_published_joint_challenge(app):
    coordinator_user, coordinator = person_at_authority()
    member_user, member = person_at_authority()
    network = make_network(coordinator=coordinator, members=(member,))
    planned = make_planned_procurement(network)
    make_interest(member, planned=planned, quantity=20, unit="homes")
    challenge = _convert(app, coordinator_user, network, planned)
    invitation = db.session.scalar(db.select(CoOwnerInvitation))
    browser = signed_in(app, member_user)
    submit(browser, f"/networks/invitations/{invitation.id}/confirm", {},
           page=f"/networks/invitations/{invitation.id}")
    db.session.expire_all()
    published = db.session.get(Challenge, challenge.id)
    published.state = ChallengeState.PUBLISHED
    db.session.commit()

    response = submit(browser, f"/networks/{network.id}/leave",
                      {"organisation": str(member.id), **CONFIRM}, page=f"/networks/{network.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert [o.id for o in db.session.get(Challenge, challenge.id).co_owners] == [member.id]
    public = app.test_client().get(f"/networks/{network.id}").get_data(as_text=True)
    assert published.title in public  # the joint challenge stays on the network page


def test_a_draft_joint_challenge_is_shown_to_members_only(app):
    coordinator_user, coordinator = person_at_authority()
    network = make_network(coordinator=coordinator)
    planned = make_planned_procurement(network, title="Shared draft title")
    challenge = _convert(app, coordinator_user, network, planned)
    public = app.test_client().get(f"/networks/{network.id}").get_data(as_text=True)
    assert challenge.title not in public
    member_view = signed_in(app, coordinator_user).get(f"/networks/{network.id}")
    assert challenge.title in member_view.get_data(as_text=True)


def test_only_the_coordinator_converts_and_only_once(app):
    coordinator_user, coordinator = person_at_authority()
    member_user, member = person_at_authority()
    network = make_network(coordinator=coordinator, members=(member,))
    planned = make_planned_procurement(network)
    url = f"/networks/{network.id}/procurements/{planned.id}/convert"
    assert signed_in(app, member_user).get(url).status_code == 403
    _convert(app, coordinator_user, network, planned)
    again = submit(signed_in(app, coordinator_user), url, {"kind": "need"}, page=CSRF_PAGE)
    assert again.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Challenge.id))) == 1


def test_a_colleague_at_an_interested_authority_may_answer_the_invitation(app, deliver):
    coordinator_user, coordinator = person_at_authority()
    network = make_network(coordinator=coordinator)
    planned = make_planned_procurement(network)
    admin, invited = person_at_authority()
    colleague = make_user()
    invited.memberships.append(Membership(user=colleague, role=MemberRole.MEMBER))
    make_interest(invited, planned=planned, quantity=3, unit="sites", registered_by=colleague)
    challenge = _convert(app, coordinator_user, network, planned)
    sink = deliver()
    assert len(sink.to(colleague.email)) == 1 and len(sink.to(admin.email)) == 1
    invitation = db.session.scalar(db.select(CoOwnerInvitation))
    submit(signed_in(app, colleague), f"/networks/invitations/{invitation.id}/confirm", {},
           page=f"/networks/invitations/{invitation.id}")
    db.session.expire_all()
    assert [o.id for o in db.session.get(Challenge, challenge.id).co_owners] == [invited.id]


def test_a_cancelled_planned_procurement_takes_no_more_interest(app):
    coordinator_user, coordinator = person_at_authority()
    network = make_network(coordinator=coordinator)
    planned = make_planned_procurement(network)
    coordinator_browser = signed_in(app, coordinator_user)
    page = f"/networks/{network.id}/procurements/{planned.id}"
    assert submit(coordinator_browser, f"{page}/cancel", {}, page=page).status_code == 302
    assert "Cancelled" in coordinator_browser.get(page).get_data(as_text=True)
    user, authority = person_at_authority()
    response = submit(signed_in(app, user), f"{page}/interest", interest_form(authority),
                      page=CSRF_PAGE)
    assert response.status_code == 409
    assert registrations(planned_procurement_id=planned.id) == []
