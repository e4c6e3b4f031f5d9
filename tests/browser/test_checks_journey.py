"""The innovation check journey in a real browser: a Swedish-speaking cooperative (an
economic association with seven co-owners) applies for Coompanion's cooperative check,
passes the eligibility rules and submits; Coompanion's advisor grants it at the desk; the
cooperative sees the decision and its letter. Every page is checked by axe-core.

The intermediary, its office and the two organisations are set up directly (their own
journeys are covered elsewhere); everything a person does goes through the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import steps
from tests.browser.steps import Person
from tests.browser.support import PASSWORD, Visitor

PROGRAMME = "coompanion-cooperative-check"
COOPERATIVE = "Byalagets Ekonomiska Förening"
OFFICE = "Coompanion Skåne, Malmö (journey)"


def _association_number() -> str:
    """A Luhn-valid organisation number of an economic association (first digit 7)."""
    from app.organisations.orgnumber import luhn_ok

    body = "769733501"
    check = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def _set_up(app, cast: dict) -> None:
    """Coompanion (verified) with an office in Skåne, and the cooperative."""
    from app.checks.models import IntermediaryOffice
    from app.extensions import db
    from app.organisations.models import OrganisationKind
    from tests.factories import make_organisation, make_user

    with app.app_context():
        people = {key: make_user(email=p.email, name=p.name, locale=p.lang, password=PASSWORD)
                  for key, p in cast.items()}
        coompanion = make_organisation(OrganisationKind.INTERMEDIARY, admin=people["advisor"],
                                       name="Coompanion Skåne (journey)")
        db.session.add(IntermediaryOffice(organisation=coompanion, name=OFFICE,
                                          counties=["SE224"], programme_keys=[PROGRAMME]))
        cooperative = make_organisation(admin=people["cooperative"], name=COOPERATIVE,
                                        region="SE224", is_cooperative=True,
                                        description="Vi driver byns affär tillsammans.")
        cooperative.org_number = _association_number()
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="module")
def cast(chromium, live_app):
    people = {"cooperative": Person("Karin Kooperatör", "karin@byalaget.example", "sv"),
              "advisor": Person("Cora Coompanion", "cora@coompanion-journey.example", "en")}
    _set_up(live_app, people)
    for key, person in people.items():
        person.visitor = Visitor(chromium, live_app, person.lang, f"checks-{key}")
    yield people
    for person in people.values():
        person.visitor.close()


def test_a_cooperative_applies_the_advisor_grants_and_the_cooperative_sees_it(live_app, mail,
                                                                            cast):
    coop = cast["cooperative"].visitor
    steps.log_in(coop, cast["cooperative"].email)
    coop.goto(f"/funding/applications/new?programme={PROGRAMME}")
    coop.fill(coop.t("Number of co-owners (members of the association)"), "7")
    coop.press(coop.t("Check eligibility and start"))
    coop.sees_success(coop.t("You may apply. Your draft has been started."))
    expect(coop.page.get_by_label("Kort om er organisation")).to_have_value(
        "Vi driver byns affär tillsammans.")  # prefilled from the profile
    coop.fill("Vad vill ni göra, och varför nu?", "En webbutik för byns affär.")
    coop.fill("Vilken extern expertis köper ni in, och av vem?", "En webbdesigner i Lund.")
    coop.fill("Extern expertis", "60000")
    coop.press(coop.t("Submit the application"))
    coop.sees_success(coop.t("Your application has been submitted to %(office)s.",
                             office=OFFICE))
    coop.sees(coop.t("Submitted, waiting for a decision"))
    application = coop.path

    advisor = cast["advisor"].visitor
    steps.log_in(advisor, cast["advisor"].email)
    advisor.goto("/funding/applications/")
    advisor.page.locator("main").locator(f'a[href="{application}"]').click()
    advisor.arrived().sees("En webbutik för byns affär.")
    advisor.choose(advisor.t("Grant"))
    advisor.fill(advisor.t("Amount granted (SEK)"), "50000")
    advisor.fill(advisor.t("Funding share (%)"), "50")
    advisor.fill(advisor.t("Reason (in the decision letter)"),
                 "A clear plan with a named expert; within the programme's limits.")
    advisor.press(advisor.t("Record the decision"))
    advisor.sees_success(advisor.t("The decision has been recorded and the applicant told."))
    advisor.key_page("check-desk-decided")

    number = application.rsplit("/", 1)[-1]
    message = mail.latest(cast["cooperative"].email)
    assert coop.t("Your application %(number)s has been granted.", number=number) in \
        mail.text(message)
    assert "A clear plan with a named expert" in mail.text(message)
    coop.goto(application)
    coop.sees(coop.t("Granted, project running"))
    coop.sees("A clear plan with a named expert")
    expect(coop.page.locator("main").get_by_role(
        "link", name=coop.t("Decision letter (PDF)"))).to_have_attribute(
        "href", f"{application}/decision.pdf")
    coop.key_page("check-application-granted")
