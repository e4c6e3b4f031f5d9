"""Issue 19 on a phone: each role logs in, lands on My pages and reaches its most common
task, in both languages; My pages and the pages people work on (administration, the audit
log, statistics, my solutions, a network, the review queue, the jury) never scroll
sideways at 320 px, and axe finds nothing (Visitor.arrived checks both on every page).

The header collapses behind the menu button on a phone, without JavaScript too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.challenges.models import ChallengeState, Clarification
from app.evaluation import services as evaluation
from app.evaluation.services import CriterionInput
from app.extensions import db
from tests.browser.steps import log_in
from tests.browser.support import NARROW, PHONE, Visitor
from tests.factories import (
    PASSWORD,
    make_admin,
    make_authority,
    make_challenge,
    make_network,
    make_planned_procurement,
    make_solution_record,
    make_submitted_solution,
    make_supplier,
    make_user,
)

ROLE_PAGES = {
    "buyer": ["/my/", "/challenges/mine", "/networks/{network}", "/statistics/"],
    "supplier": ["/my/", "/solutions/", "/challenges/"],
    "juror": ["/my/", "/jury/"],
    "admin": ["/my/", "/admin/", "/admin/audit", "/admin/verifications",
              "/challenges/review", "/admin/outbox", "/funding/admin/"],
}
MY_PAGES_SAYS = {"buyer": "My challenges", "supplier": "My solutions", "juror": "My juries",
                 "admin": "Organisations waiting for verification"}


@pytest.fixture(scope="module")
def people(live_app):
    """One person per role, with work waiting for each, and long Swedish words."""
    with live_app.app_context():
        buyer, supplier, juror = make_user(name="Berit Byggnadsnämndsordförande"), \
            make_user(name="Sam Leverantör"), make_user(name="Juni Jurymedlem")
        authority = make_authority(admin=buyer, name="Upphandlingsmyndighetssamordningen")
        company = make_supplier(admin=supplier, name="Sensorteknikutvecklingsbolaget AB")
        challenge = make_challenge(
            owner=authority, deadline_in=timedelta(days=20 * 365),  # open in any journey's time
            title="Trygghetsskapande välfärdsteknikslösningar för hemtjänstverksamheten")
        challenge.clarifications.append(Clarification(question="Fungerar det offline?"))
        make_solution_record(challenge, company, trl=None)
        judged = make_challenge(owner=authority, state=ChallengeState.DRAFT,
                                deadline_in=timedelta(days=-1),
                                title="Energieffektiviseringsåtgärder i skolbyggnader")
        evaluation.replace_criteria(judged, buyer, [CriterionInput("Nytta", "", 100, 0, 5)])
        judged.state = ChallengeState.CLOSED
        make_submitted_solution(judged, company)
        seat = evaluation.invite_juror(judged, buyer, juror.email)
        evaluation.accept_invitation(seat, juror)
        evaluation.open_evaluation(judged, buyer)
        network = make_network(coordinator=authority, name="Välfärdsteknologinätverket")
        make_planned_procurement(network)
        make_challenge(state=ChallengeState.IN_REVIEW)
        admin = make_admin(name="Ada Administratör")
        db.session.commit()
        return {"buyer": buyer.email, "supplier": supplier.email, "juror": juror.email,
                "admin": admin.email, "network": network.id}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_role_from_log_in_to_its_pages_at_320_pixels(chromium, live_app, people,
                                                          role, lang):
    visitor = Visitor(chromium, live_app, lang)
    try:
        log_in(visitor, people[role], PASSWORD)
        assert visitor.path == "/my/"  # log-in lands on My pages
        visitor.sees(visitor.t(MY_PAGES_SAYS[role]))
        visitor.screenshot(f"my-pages-{role}", doc=("desktop", "phone"))
        for path in ROLE_PAGES[role]:
            visitor.goto(path.format(network=people["network"]))  # axe and 320 px
            visitor.assert_reflows(PHONE)
    finally:
        visitor.close()


def test_the_phone_menu_opens_without_javascript(chromium, live_app, people):
    visitor = Visitor(chromium, live_app, "en")
    try:
        log_in(visitor, people["juror"], PASSWORD)
        visitor.page.set_viewport_size(NARROW)
        menu = visitor.page.locator("header details.arena-menu")
        expect(menu).to_be_visible()
        expect(visitor.page.locator("nav.govuk-service-navigation")).to_be_hidden()
        jury = menu.get_by_role("link", name=visitor.t("Jury"), exact=True)
        expect(jury).to_be_hidden()
        menu.locator("summary").click()
        expect(jury).to_be_visible()
        expect(menu.get_by_role("link", name=visitor.t("My pages"))).to_be_visible()
        jury.click()
        visitor.arrived()
        assert visitor.path == "/jury/"
    finally:
        visitor.close()


def test_the_challenge_filters_fold_away_on_a_phone_and_count_what_is_active(
        chromium, live_app, people):
    visitor = Visitor(chromium, live_app, "en")
    try:
        visitor.goto("/challenges/?status=open&kind=challenge")
        visitor.page.set_viewport_size(NARROW)
        toggle = visitor.page.locator("main details.arena-filters__toggle > summary")
        expect(toggle).to_be_visible()
        expect(toggle).to_contain_text("2")
        status = visitor.page.get_by_label(visitor.t("Status"), exact=True)
        expect(status).to_be_hidden()
        results = visitor.page.locator("main .govuk-grid-column-two-thirds h2").first
        assert results.bounding_box()["y"] < toggle.bounding_box()["y"]  # results first
        toggle.click()
        expect(status).to_be_visible()
        visitor.page.set_viewport_size({"width": 1280, "height": 900})
        expect(visitor.page.get_by_label(visitor.t("Status"), exact=True)).to_be_visible()
    finally:
        visitor.close()
