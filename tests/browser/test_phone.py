"""Issue 19 on a phone: each role (buyer, supplier, juror, network coordinator,
administrator) logs in, lands on My pages and follows its most common task from there, in
both languages, at 1280 and at 320 px (axe runs at the width walked); My pages and the
pages people work on (administration, the audit log, statistics, my solutions, a network,
the review queue, the jury) never scroll sideways at 320 px, and axe finds nothing
(Visitor.arrived checks both on every page).

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
from tests.browser.support import DESKTOP, NARROW, PHONE, Visitor
from tests.factories import (
    PASSWORD,
    make_admin,
    make_authority,
    make_challenge,
    make_interest,
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
    "coordinator": ["/my/", "/networks/{network}"],
    "admin": ["/my/", "/admin/", "/admin/audit", "/admin/verifications",
              "/challenges/review", "/admin/outbox", "/funding/admin/"],
}
MY_PAGES_SAYS = {"buyer": "My challenges", "supplier": "My solutions", "juror": "My juries",
                 "coordinator": "My networks", "admin": "Organisations waiting for verification"}
OPEN = "Trygghetsskapande välfärdsteknikslösningar för hemtjänstverksamheten"
JUDGED = "Energieffektiviseringsåtgärder i skolbyggnader"
NETWORK = "Välfärdsteknologinätverket"
# The link on My pages to each role's most common task (in its block), and where it leads.
TASKS = {"buyer": ("challenges", OPEN, "/challenges/{open}"),  # questions wait for an answer
         "supplier": ("solutions", OPEN, "/challenges/{open}/solution"),  # finish the draft
         "juror": ("jury", JUDGED, "/jury/challenges/{judged}"),  # score the solutions
         "coordinator": ("networks", NETWORK, "/networks/{network}"),  # answer the interest
         "admin": ("administration", "Organisations waiting for verification",
                   "/admin/verifications")}


@pytest.fixture(scope="module")
def people(live_app):
    """One person per role, with work waiting for each, and long Swedish words."""
    with live_app.app_context():
        buyer, supplier, juror = make_user(name="Berit Byggnadsnämndsordförande"), \
            make_user(name="Sam Leverantör"), make_user(name="Juni Jurymedlem")
        coordinator = make_user(name="Nora Nätverkssamordnare")
        authority = make_authority(admin=buyer, name="Upphandlingsmyndighetssamordningen")
        company = make_supplier(admin=supplier, name="Sensorteknikutvecklingsbolaget AB")
        challenge = make_challenge(
            owner=authority, deadline_in=timedelta(days=20 * 365),  # open in any journey's time
            title=OPEN)
        challenge.clarifications.append(Clarification(question="Fungerar det offline?"))
        make_solution_record(challenge, company, trl=None)
        judged = make_challenge(owner=authority, state=ChallengeState.DRAFT,
                                deadline_in=timedelta(days=-1),
                                title=JUDGED)
        evaluation.replace_criteria(judged, buyer, [CriterionInput("Nytta", "", 100, 0, 5)])
        judged.state = ChallengeState.CLOSED
        make_submitted_solution(judged, company)
        seat = evaluation.invite_juror(judged, buyer, juror.email)
        evaluation.accept_invitation(seat, juror)
        evaluation.open_evaluation(judged, buyer)
        network = make_network(coordinator=make_authority(admin=coordinator,
                                                          name="Regionförbundet i Norr"),
                               members=(authority,), name=NETWORK)
        make_interest(authority, planned=make_planned_procurement(network))
        make_challenge(state=ChallengeState.IN_REVIEW)
        admin = make_admin(name="Ada Administratör")
        db.session.commit()
        return {"buyer": buyer.email, "supplier": supplier.email, "juror": juror.email,
                "coordinator": coordinator.email, "admin": admin.email, "network": network.id,
                "open": challenge.id, "judged": judged.id}


@pytest.mark.parametrize("width", [DESKTOP, NARROW], ids=["1280", "320"])
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_role_from_log_in_through_my_pages_to_its_task(chromium, live_app, people,
                                                            role, lang, width):
    visitor = Visitor(chromium, live_app, lang)
    try:
        log_in(visitor, people[role], PASSWORD)
        assert visitor.path == "/my/"  # log-in lands on My pages
        visitor.page.set_viewport_size(width)
        visitor.goto("/my/")  # axe at this width; no sideways scrolling at 320 px
        visitor.sees(visitor.t(MY_PAGES_SAYS[role]))
        block, link, leads_to = TASKS[role]
        name = visitor.t(link) if role == "admin" else link
        visitor.click_link(name, within=f"#{block}")
        assert visitor.path == leads_to.format(**people)
        if width == DESKTOP:
            visitor.goto("/my/")
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
