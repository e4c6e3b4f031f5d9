"""Innovation checks end to end, through HTTP: intermediaries, offices, clients, advice."""

from __future__ import annotations

from datetime import timedelta

from app.checks.followup import check_projects
from app.checks.models import (
    AdvisorNote,
    ApplicationState,
    CheckApplication,
    ClientLink,
    IntermediaryOffice,
)
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind, VerificationStatus
from app.organisations.orgnumber import luhn_ok
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


# -- applications ---------------------------------------------------------------------------

def association_number(seed: int) -> str:
    """A Luhn-valid organisation number of an economic association (first digit 7)."""
    body = f"769{seed:06d}"
    check = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def association(number, **kwargs):
    """A supplier organisation registered as an economic association."""
    organisation = make_supplier(is_cooperative=True, **kwargs)
    organisation.org_number = number
    db.session.flush()
    return organisation


def coompanion_world(county="SE224"):
    """Coompanion with an office in Skåne handing out the cooperative check."""
    load_funding_programmes()
    advisor = make_user(email="advisor@coompanion.example", name="Cora Coompanion")
    office = make_office(make_intermediary(admin=advisor), counties=(county,),
                         programmes=("coompanion-cooperative-check", "sme-check-business"))
    return advisor, office


def apply_url(programme="coompanion-cooperative-check", **extra):
    query = "&".join(f"{k}={v}" for k, v in {"programme": programme, **extra}.items())
    return f"/funding/applications/new?{query}"


def start(client, organisation, programme="coompanion-cooperative-check", owners="",
          **extra):
    return submit(client, apply_url(programme, **extra),
                  {"organisation": str(organisation.id), "owners": owners, "prefill": "y"})


def test_a_limited_company_is_stopped_at_coompanions_door_and_told_where_to_go(app, client):
    coompanion_world()
    owner = make_user()
    company = make_supplier(admin=owner, region="SE224", is_cooperative=True)
    log_in(client, owner)
    response = start(client, company, owners="5")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "only for cooperatives run as an economic association" in page
    assert "incubator or science park" in page
    assert "programme=sme-check-business" in page
    assert db.session.scalar(db.select(db.func.count(CheckApplication.id))) == 0


def test_a_cooperative_with_fewer_than_three_owners_is_stopped(app, client):
    coompanion_world()
    owner = make_user()
    coop = association(association_number(1), admin=owner, region="SE224")
    log_in(client, owner)
    response = start(client, coop, owners="2")
    assert response.status_code == 422
    assert "at least three co-owners" in response.get_data(as_text=True)
    assert 'value="2"' in response.get_data(as_text=True)


def test_no_office_in_the_county_and_a_buyer_at_the_sme_check_are_stopped(app, client):
    coompanion_world(county="SE110")
    owner = make_user()
    coop = association(association_number(2), admin=owner, region="SE224")
    log_in(client, owner)
    assert "No Coompanion office hands out this check in your county" in start(
        client, coop, owners="4").get_data(as_text=True)
    buyer = make_user()
    authority = make_authority(admin=buyer, region="SE110")
    browser = signed_in(app, buyer)
    refused = start(browser, authority, programme="sme-check-business")
    assert refused.status_code == 422
    assert "public organisations apply for the buyers" in refused.get_data(as_text=True)


def eligible_cooperative(client, **extra):
    owner = make_user(email="owner@coop.example")
    coop = association(association_number(3), admin=owner, region="SE224",
                       name="Bygdens Ekonomiska Förening",
                         description="Vi driver byns affär tillsammans.")
    log_in(client, owner)
    response = start(client, coop, owners="7", **extra)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return owner, coop, db.session.scalar(db.select(CheckApplication))


def test_an_eligible_cooperative_starts_a_prefilled_draft_and_submits_it(app, client, deliver):
    advisor, office = coompanion_world()
    owner, coop, application = eligible_cooperative(client)
    page = client.get(f"/funding/applications/{application.id}").get_data(as_text=True)
    assert "Vi driver byns affär tillsammans." in page  # prefilled from the profile
    url = f"/funding/applications/{application.id}"
    incomplete = submit(client, url, {"q_project": "", "b_expertise": "50000", "send": "y"})
    assert incomplete.status_code == 422
    assert "Answer every required question" in incomplete.get_data(as_text=True)
    too_much = submit(client, url, {"q_project": "A shop app", "q_expertise": "A designer",
                                    "b_expertise": "150000", "send": "y"})
    assert too_much.status_code == 422
    assert "above the programme" in too_much.get_data(as_text=True)
    sent = submit(client, url, {"q_project": "A shop app", "q_expertise": "A designer",
                                "b_expertise": "60000", "b_tests": "20000", "send": "y"})
    assert sent.status_code == 302
    assert "Submitted, waiting for a decision" in client.get(url).get_data(as_text=True)
    (mail,) = deliver().to(advisor.email)
    assert "Bygdens Ekonomiska Förening" in text_of(mail)
    assert "A shop app" not in text_of(mail)  # the content stays on the platform


def test_applying_from_a_challenge_starts_from_its_problem_and_the_solution_summary(app, client):
    coompanion_world()
    challenge = make_challenge(title="Village logistics")
    challenge.problem_statement = "Deliveries to small villages are too expensive."
    owner = make_user()
    coop = association(association_number(4), admin=owner, region="SE224")
    solution = make_solution(challenge, coop, owner)
    solution.public_summary = "Shared cargo bikes."
    solution.details = "SECRET-DETAIL-4411"
    db.session.commit()
    log_in(client, owner)
    assert "Fund your next step" in client.get(f"/challenges/{challenge.id}").get_data(
        as_text=True)
    response = start(client, coop, owners="3", challenge=challenge.id, solution=solution.id)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Deliveries to small villages are too expensive." in page
    assert "Shared cargo bikes." in page
    assert "SECRET-DETAIL-4411" not in page


def test_applications_are_confidential_to_the_applicant_and_the_deciding_office(app, client):
    coompanion_world()
    owner, coop, application = eligible_cooperative(client)
    url = f"/funding/applications/{application.id}"
    other_intermediary = make_user()
    make_office(make_intermediary(admin=other_intermediary, name="Other park"))
    for outsider in (make_user(), other_intermediary, make_admin()):
        assert signed_in(app, outsider).get(url).status_code == 404
    assert app.test_client().get(url).status_code == 302
    assert signed_in(app, db.session.scalar(
        db.select(IntermediaryOffice)).organisation.memberships[0].user).get(
            url).status_code == 200


def test_the_clients_own_advisor_reads_its_applications_but_changes_nothing(app, client):
    """The client chose a science park's office as its advisor; Coompanion decides. The
    park's advisor reads the application (not the desk's assessments), other advisors
    do not, and the reading ends with the link."""
    _coompanion, desk_office = coompanion_world()
    owner, application = submitted(client)
    coop = application.applicant
    desk = signed_in(app, desk_office.organisation.memberships[0].user)
    submit(desk, f"/funding/applications/{application.id}/assessment",
           {"reason": "DESK-ONLY-ASSESSMENT"}, page=f"/funding/applications/{application.id}")
    park_advisor = make_user()
    link = advised(coop, make_office(make_intermediary(admin=park_advisor, name="Park Norr"),
                                     name="Park Norr Lund"), owner)
    stranger = make_user()
    make_office(make_intermediary(admin=stranger, name="Other park"), name="Other office")
    url = f"/funding/applications/{application.id}"
    park = signed_in(app, park_advisor)
    client_page = park.get(f"/intermediaries/clients/{link.id}").get_data(as_text=True)
    assert url in client_page
    page = park.get(url).get_data(as_text=True)
    assert "A shop app" in page and "DESK-ONLY-ASSESSMENT" not in page
    assert 'name="send"' not in page and 'name="decision"' not in page
    page_with_a_form = f"/intermediaries/clients/{link.id}"
    assert submit(park, url, {"q_project": "Changed", "save": "y"}, page=page_with_a_form
                  ).status_code == 403
    assert submit(park, f"{url}/decision", {"decision": "refuse", "reason": "No"},
                  page=page_with_a_form).status_code == 403
    assert signed_in(app, stranger).get(url).status_code == 404
    assert submit(signed_in(app, owner), f"/intermediaries/clients/{link.id}/end", {},
                  page="/intermediaries/clients/").status_code == 302
    assert park.get(url).status_code == 404


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_application_files_pass_the_upload_checks_and_stay_with_applicant_and_desk(app,
                                                                                   client):
    """The programme's form asks for a quote: the applicant attaches it through the same
    checks as solution files; only the applicant and the deciding office read it."""
    import io

    _coompanion, desk_office = coompanion_world()
    owner, coop, application = eligible_cooperative(client)
    url = f"/funding/applications/{application.id}"
    answers = {"q_project": "A shop app", "q_expertise": "A designer", "b_expertise": "80000"}
    refused = submit(client, url, {**answers, "save": "y", "files": (
        io.BytesIO(b"#!/bin/sh\nrm -rf /\n"), "quote.pdf")},
        content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "quote.pdf is not an accepted file" in refused.get_data(as_text=True)
    assert "A shop app" in refused.get_data(as_text=True)  # the form keeps what was typed
    saved = submit(client, url, {**answers, "save": "y", "files": (
        io.BytesIO(PDF), "SECRET-QUOTE.pdf")}, content_type="multipart/form-data")
    assert saved.status_code == 302
    page = client.get(url).get_data(as_text=True)
    link = page.split('id="files"')[1].split('href="')[1].split('"')[0]
    assert link.startswith("/attachments/") and client.get(link).data == PDF
    desk = signed_in(app, desk_office.organisation.memberships[0].user)
    assert desk.get(link).status_code == 200 and "SECRET-QUOTE.pdf" in desk.get(
        url).get_data(as_text=True)
    park_advisor = make_user()  # the client's own advisor reads the application, not files
    advised(coop, make_office(make_intermediary(admin=park_advisor, name="Park"),
                              name="Park office"), owner)
    park = signed_in(app, park_advisor)
    assert park.get(url).status_code == 200
    assert "SECRET-QUOTE" not in park.get(url).get_data(as_text=True)
    for reader in (park, signed_in(app, make_user()), signed_in(app, make_admin()),
                   app.test_client()):
        assert reader.get(link).status_code == 404
    sent = submit(client, url, {**answers, "send": "y"}, content_type="multipart/form-data")
    assert sent.status_code == 302
    late = submit(desk, url, {**answers, "save": "y", "files": (io.BytesIO(PDF), "late.pdf")},
                  page=url, content_type="multipart/form-data")
    assert late.status_code == 403


def submitted(client):
    owner, coop, application = eligible_cooperative(client)
    response = submit(client, f"/funding/applications/{application.id}",
                      {"q_project": "A shop app", "q_expertise": "A designer",
                       "b_expertise": "80000", "send": "y"})
    assert response.status_code == 302
    return owner, application


def test_the_desk_grants_within_the_limits_and_the_letter_reaches_the_applicant(app, client,
                                                                                deliver):
    advisor, office = coompanion_world()
    owner, application = submitted(client)
    desk = signed_in(app, advisor)
    queue = desk.get("/funding/applications/").get_data(as_text=True)
    assert "Bygdens Ekonomiska Förening" in queue
    url = f"/funding/applications/{application.id}"
    decide = f"{url}/decision"
    too_much = submit(desk, decide, {"decision": "grant", "amount": "150000", "share": "100",
                                     "months": "9", "reason": "Good"}, page=url)
    assert too_much.status_code == 422
    assert "above the programme" in too_much.get_data(as_text=True)
    assert 'value="150000"' in too_much.get_data(as_text=True)
    over_share = submit(desk, decide, {"decision": "grant", "amount": "80000", "share": "120",
                                       "months": "9", "reason": "Good"}, page=url)
    assert over_share.status_code == 422
    short = submit(desk, decide, {"decision": "grant", "amount": "80000", "share": "100",
                                  "months": "3", "reason": "Good"}, page=url)
    assert "5 to 12 months" in short.get_data(as_text=True)
    no_reason = submit(desk, decide, {"decision": "grant", "amount": "80000", "share": "100",
                                      "months": "9", "reason": ""}, page=url)
    assert no_reason.status_code == 422
    granted = submit(desk, decide, {"decision": "grant", "amount": "80000", "share": "100",
                                    "months": "9", "reason": "A clear plan."}, page=url)
    assert granted.status_code == 302
    (mail,) = deliver().to(owner.email)
    assert "A clear plan." in text_of(mail)
    pdfs = [part for part in mail.walk() if part.get_content_type() == "application/pdf"]
    assert pdfs and pdfs[0].get_payload(decode=True).startswith(b"%PDF")
    page = client.get(url).get_data(as_text=True)
    assert "Granted, project running" in page and "A clear plan." in page
    letter = client.get(f"{url}/decision.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")
    again = submit(desk, decide, {"decision": "refuse", "reason": "No"}, page="/organisations/new")
    assert again.status_code == 409


def test_the_desk_asks_for_completion_and_the_applicant_completes(app, client):
    advisor, office = coompanion_world()
    owner, application = submitted(client)
    desk = signed_in(app, advisor)
    url = f"/funding/applications/{application.id}"
    assessed = submit(desk, f"{url}/assessment", {"reason": "Budget unclear."}, page=url)
    assert assessed.status_code == 302
    assert "Budget unclear." not in client.get(url).get_data(as_text=True)
    response = submit(desk, f"{url}/decision",
                      {"decision": "complete", "reason": "Add the expert's quote."}, page=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Completion requested" in page and "Add the expert" in page
    again = submit(client, url, {"q_project": "A shop app", "q_expertise": "Designer AB",
                                 "b_expertise": "80000", "send": "y"})
    assert again.status_code == 302
    assert "Submitted, waiting for a decision" in client.get(url).get_data(as_text=True)
    refused = submit(desk, f"{url}/decision", {"decision": "refuse",
                                               "reason": "Outside the programme."}, page=url)
    assert refused.status_code == 302
    assert "Refused" in client.get(url).get_data(as_text=True)


def test_a_second_check_of_the_same_programme_is_stopped(app, client):
    coompanion_world()
    owner, coop, application = eligible_cooperative(client)
    application.state = ApplicationState.RUNNING
    db.session.commit()
    response = start(client, coop, owners="7")
    assert response.status_code == 422
    assert "already been granted this check" in response.get_data(as_text=True)


# -- follow-up ------------------------------------------------------------------------------

def granted(app, client, months="5"):
    advisor, office = coompanion_world()
    owner, application = submitted(client)
    desk = signed_in(app, advisor)
    url = f"/funding/applications/{application.id}"
    response = submit(desk, f"{url}/decision", {"decision": "grant", "amount": "80000",
                                                "share": "100", "months": months,
                                                "reason": "Fine."}, page=url)
    assert response.status_code == 302
    db.session.refresh(application)
    return owner, application


def test_the_final_report_is_asked_for_chased_and_received(app, client, deliver):
    owner, application = granted(app, client)
    deliver()
    ends = application.project_ends_at
    runner = app.test_cli_runner()
    check_projects(ends - timedelta(days=20))
    db.session.commit()
    decision, soon = deliver().to(owner.email)
    assert "ends soon" in soon["Subject"]
    check_projects(ends + timedelta(days=1))
    db.session.commit()
    (due,) = deliver().to(owner.email)[-1:]
    assert "final report of your check project is due" in due["Subject"]
    assert f"/funding/applications/{application.id}/report" in text_of(due)
    check_projects(ends + timedelta(days=5))  # not yet two weeks: nothing
    db.session.commit()
    assert len(deliver().to(owner.email)) == 3
    check_projects(ends + timedelta(days=16))
    db.session.commit()
    assert "overdue" in deliver().to(owner.email)[-1]["Subject"]
    assert "Final report due" in client.get(f"/funding/applications/{application.id}").get_data(
        as_text=True)
    url = f"/funding/applications/{application.id}/report"
    bad = submit(client, url, {"r_done": "A study", "r_costs": "lots", "r_turnover": "0",
                               "r_jobs": "1", "r_procurement": "yes", "r_ip": "no"})
    assert bad.status_code == 422 and "Enter a whole number" in bad.get_data(as_text=True)
    assert "A study" in bad.get_data(as_text=True)
    good = submit(client, url, {"r_done": "A study", "r_costs": "80000", "r_turnover": "250000",
                                "r_jobs": "2", "r_procurement": "yes", "r_ip": "no"})
    assert good.status_code == 302
    db.session.refresh(application)
    assert application.state == ApplicationState.REPORTED
    assert application.report["jobs"] == 2 and application.report["procurement"] is True
    assert "Final report received" in client.get(f"/funding/applications/{application.id}"
                                                 ).get_data(as_text=True)
    check_projects(ends + timedelta(days=60))
    db.session.commit()
    assert len(deliver().to(owner.email)) == 4  # no more reminders once reported
    assert runner.invoke(args=["jobs", "run", "check_projects"]).exit_code == 0


def test_no_report_before_a_grant(app, client):
    coompanion_world()
    owner, application = submitted(client)
    assert client.get(f"/funding/applications/{application.id}/report").status_code == 403


# -- demo and My pages ----------------------------------------------------------------------

def test_the_demo_shows_intermediaries_applications_in_every_state_and_reports(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "check funding: intermediaries, offices, applications" in result.output
    states = set(db.session.scalars(db.select(CheckApplication.state)))
    assert states >= {ApplicationState.DRAFT, ApplicationState.SUBMITTED,
                      ApplicationState.COMPLETION_REQUESTED, ApplicationState.REFUSED,
                      ApplicationState.RUNNING, ApplicationState.REPORT_DUE,
                      ApplicationState.REPORTED}
    browser = app.test_client()
    submit(browser, "/auth/login", {"email": "coompanion@demo.example",
                                    "password": "arena-demo-2026"})
    desk = browser.get("/funding/applications/").get_data(as_text=True)
    assert "Väntar hos er" in desk  # the demo accounts use Swedish
    my_pages = browser.get("/my/").get_data(as_text=True)
    assert "Checkfinansiering" in my_pages and "Att besluta:" in my_pages
    page = app.test_client().get("/intermediaries/").get_data(as_text=True)
    assert "Coompanion Syd" in page and "Checkar för upphandlare" in page
