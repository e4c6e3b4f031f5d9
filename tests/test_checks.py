"""Innovation checks end to end, through HTTP: intermediaries, offices, clients, advice."""

from __future__ import annotations

from app.checks.models import AdvisorNote, ClientLink, IntermediaryOffice
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind, VerificationStatus
from tests.conftest import log_in, submit
from tests.factories import (
    load_funding_programmes,
    make_admin,
    make_authority,
    make_challenge,
    make_organisation,
    make_solution,
    make_supplier,
    make_user,
    valid_org_number,
)
from tests.smtp_sink import text_of


def signed_in(app, user):
    """A separate browser, logged in as the user."""
    browser = app.test_client()
    log_in(browser, user)
    return browser


def make_intermediary(admin=None, verified=True, name="Coompanion Skåne", **extra):
    return make_organisation(OrganisationKind.INTERMEDIARY, admin=admin, verified=verified,
                             name=name, **extra)


def make_office(intermediary, name="Coompanion Malmö", counties=("SE224",), programmes=()):
    office = IntermediaryOffice(organisation=intermediary, name=name, counties=list(counties),
                                programme_keys=list(programmes), email="malmo@example.org")
    db.session.add(office)
    db.session.flush()
    return office


def advised(client_org, office, by):
    link = ClientLink(office=office, client=client_org, linked_by_id=by.id)
    db.session.add(link)
    db.session.flush()
    return link


# -- verification ---------------------------------------------------------------------------

def test_an_intermediary_waits_for_verification_and_an_administrator_verifies_it(app, client):
    founder = make_user(email="founder@incubator.example")
    log_in(client, founder)
    page = client.get("/organisations/new").get_data(as_text=True)
    assert "intermediary" in page
    response = submit(client, "/organisations/new", {
        "name": "Science Park Norr", "kind": "intermediary", "org_number": valid_org_number(),
        "size_class": "small", "region": "SE332"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    park = db.session.scalar(db.select(Organisation).filter_by(name="Science Park Norr"))
    assert park.verification_status == VerificationStatus.PENDING
    assert "Science Park Norr" not in client.get("/intermediaries/").get_data(as_text=True)
    admin = signed_in(app, make_admin())
    assert "Science Park Norr" in admin.get("/admin/verifications").get_data(as_text=True)
    response = submit(admin, f"/admin/organisations/{park.id}/verify", {"note": ""},
                      page="/admin/verifications")
    assert response.status_code == 302
    assert "Science Park Norr" in client.get("/intermediaries/").get_data(as_text=True)
    assert "Verified intermediary" in client.get(f"/organisations/{park.id}").get_data(
        as_text=True)


# -- offices --------------------------------------------------------------------------------

def test_the_intermediarys_admin_opens_an_office_with_counties_and_programmes(app, client):
    load_funding_programmes()
    boss = make_user()
    intermediary = make_intermediary(admin=boss)
    log_in(client, boss)
    url = f"/intermediaries/{intermediary.id}/offices/new"
    refused = submit(client, url, {"name": "Coompanion Malmö"})
    assert refused.status_code == 422
    assert "Choose at least one county." in refused.get_data(as_text=True)
    assert 'value="Coompanion Malmö"' in refused.get_data(as_text=True)
    response = submit(client, url, {"name": "Coompanion Malmö", "counties": ["SE224"],
                                    "programme_keys": ["sme-check-business"]})
    assert response.status_code == 302
    page = client.get("/intermediaries/").get_data(as_text=True)
    assert "Coompanion Malmö" in page and "Skåne" in page
    assert "Business development check" in page


def test_only_a_verified_intermediarys_admin_opens_offices(app):
    waiting = make_intermediary(admin=(boss := make_user()), verified=False)
    member = make_user()
    verified = make_intermediary(admin=make_user(), members=(member,), name="Park")
    assert signed_in(app, boss).get(
        f"/intermediaries/{waiting.id}/offices/new").status_code == 403
    assert signed_in(app, member).get(
        f"/intermediaries/{verified.id}/offices/new").status_code == 403
    assert app.test_client().get(
        f"/intermediaries/{verified.id}/offices/new").status_code == 302


# -- clients --------------------------------------------------------------------------------

def test_a_cooperative_links_itself_to_an_office_and_the_advisors_are_told(app, client, deliver):
    advisor = make_user(email="advisor@coompanion.example")
    office = make_office(make_intermediary(admin=advisor))
    owner = make_user()
    coop = make_supplier(admin=owner, name="Bygdens Ekonomiska Förening", is_cooperative=True)
    log_in(client, owner)
    response = submit(client, f"/intermediaries/offices/{office.id}/client",
                      {"organisation": str(coop.id)}, page="/intermediaries/")
    assert response.status_code == 302
    assert "Coompanion Malmö advises Bygdens" in client.get("/intermediaries/clients/").get_data(
        as_text=True)
    (mail,) = deliver().to(advisor.email)
    assert "Bygdens Ekonomiska Förening" in text_of(mail)
    again = submit(client, f"/intermediaries/offices/{office.id}/client",
                   {"organisation": str(coop.id)}, page="/intermediaries/")
    assert "already a client" in client.get(again.location).get_data(as_text=True)


def test_a_buyer_or_an_outsider_cannot_become_a_client(app):
    office = make_office(make_intermediary(admin=make_user()))
    buyer = make_user()
    make_authority(admin=buyer)
    assert submit(signed_in(app, buyer), f"/intermediaries/offices/{office.id}/client",
                  {"organisation": "1"}, page="/organisations/new").status_code == 403


def test_the_advisor_sees_the_client_but_never_confidential_solution_details(app):
    advisor = make_user()
    office = make_office(make_intermediary(admin=advisor))
    owner = make_user()
    supplier = make_supplier(admin=owner, name="Lösning AB")
    challenge = make_challenge()
    solution = make_solution(challenge, supplier, owner)
    solution.details = "SECRET-DETAIL-7781"
    link = advised(supplier, office, owner)
    browser = signed_in(app, advisor)
    page = browser.get(f"/intermediaries/clients/{link.id}").get_data(as_text=True)
    assert "Lösning AB" in page
    assert "SECRET-DETAIL-7781" not in page
    assert browser.get(f"/challenges/{challenge.id}/solution").status_code in (403, 404)
    other = signed_in(app, make_user())
    assert other.get(f"/intermediaries/clients/{link.id}").status_code == 403


def test_notes_are_private_to_the_office(app, client):
    advisor = make_user()
    office = make_office(make_intermediary(admin=advisor))
    owner = make_user()
    link = advised(make_supplier(admin=owner), office, owner)
    log_in(client, advisor)
    url = f"/intermediaries/clients/{link.id}/notes"
    empty = submit(client, url, {"body": ""}, page=f"/intermediaries/clients/{link.id}")
    assert empty.status_code == 422
    response = submit(client, url, {"body": "Talk about the IP check in May."},
                      page=f"/intermediaries/clients/{link.id}")
    assert response.status_code == 302
    assert db.session.scalar(db.select(AdvisorNote.body)) == "Talk about the IP check in May."
    client_view = signed_in(app, owner)
    assert "IP check in May" not in client_view.get("/intermediaries/clients/").get_data(
        as_text=True)
    assert client_view.get(f"/intermediaries/clients/{link.id}").status_code == 403


def test_the_advisor_recommends_a_challenge_and_the_client_is_told(app, client, deliver):
    advisor = make_user(name="Ada Advisor")
    office = make_office(make_intermediary(admin=advisor))
    owner = make_user(email="owner@coop.example")
    link = advised(make_supplier(admin=owner), office, owner)
    challenge = make_challenge(title="Smarter snow clearing")
    log_in(client, advisor)
    page = f"/intermediaries/clients/{link.id}"
    url = f"{page}/recommendations"
    nothing = submit(client, url, {"note": "Look"}, page=page)
    assert nothing.status_code == 422
    assert "Choose a challenge or a programme" in nothing.get_data(as_text=True)
    missing = submit(client, url, {"challenge": "999999", "note": "Look"}, page=page)
    assert missing.status_code == 422
    assert "no challenge with that number" in missing.get_data(as_text=True)
    response = submit(client, url, {"challenge": str(challenge.id),
                                    "note": "Your sensors fit this one."}, page=page)
    assert response.status_code == 302
    (mail,) = deliver().to(owner.email)
    assert "Smarter snow clearing" in text_of(mail)
    assert "Your sensors fit this one." in text_of(mail)
    mine = signed_in(app, owner).get("/intermediaries/clients/").get_data(as_text=True)
    assert "Smarter snow clearing" in mine and "Your sensors fit this one." in mine


def test_the_client_ends_the_advice_and_the_office_loses_access(app, client):
    advisor = make_user()
    office = make_office(make_intermediary(admin=advisor))
    owner = make_user()
    link = advised(make_supplier(admin=owner), office, owner)
    log_in(client, owner)
    response = submit(client, f"/intermediaries/clients/{link.id}/end", {},
                      page="/intermediaries/clients/")
    assert response.status_code == 302
    assert signed_in(app, advisor).get(f"/intermediaries/clients/{link.id}").status_code == 403
