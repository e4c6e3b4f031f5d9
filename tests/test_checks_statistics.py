"""Check statistics on /statistics/ and /api/v1/check-statistics: every figure checked
against numbers worked out by hand from a known set of applications, the suppression of
small groups of final reports, and a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import event

from app.challenges.models import ChallengeState, OutcomeKind
from app.checks.models import (
    ApplicationEvent,
    ApplicationState,
    CheckApplication,
    IntermediaryOffice,
)
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import OrganisationKind
from tests.conftest import log_in
from tests.factories import (
    load_funding_programmes,
    make_challenge,
    make_organisation,
    make_submitted_solution,
    make_supplier,
    make_user,
)

API = "/api/v1/check-statistics"
BUSINESS, COOPERATIVE = "sme-check-business", "coompanion-cooperative-check"
SME_REPORTS = (  # costs, turnover, jobs, procurement, ip: one per organisation
    (10_000, 0, 1, True, False), (20_000, 100_000, 0, True, True),
    (30_000, 0, 2, True, False), (40_000, 200_000, 0, False, False),
    (50_000, 0, 1, False, False), (60_000, 50_000, 1, False, False))
# Two cooperatives' answers: too few to show, and the figures are markers to look for.
COOP_REPORT = {"done": "A secret plan", "costs": 777_777, "turnover": 919_191, "jobs": 42,
               "procurement": True, "ip": True}


def office(name: str, county: str, programme: str) -> IntermediaryOffice:
    intermediary = make_organisation(OrganisationKind.INTERMEDIARY, name=name)
    found = IntermediaryOffice(organisation=intermediary, name=f"{name} office",
                               counties=[county], programme_keys=[programme])
    db.session.add(found)
    return found


def application(applicant, desk, programme, state, days=None, granted=None, report=None,
                submitted_days_ago=400):
    """An application submitted `submitted_days_ago` days ago and decided `days` later."""
    submitted = utcnow() - timedelta(days=submitted_days_ago)
    found = CheckApplication(
        programme_key=programme, applicant=applicant, office=desk, state=state,
        submitted_at=None if state == ApplicationState.DRAFT else submitted,
        decided_at=submitted + timedelta(days=days) if days is not None else None,
        amount_granted=granted, report=report)
    if state != ApplicationState.DRAFT:
        found.events.append(ApplicationEvent(kind="submitted", created_at=submitted))
    db.session.add(found)
    db.session.flush()
    return found


@dataclass
class World:
    smes: list
    cooperatives: list
    coop_office: IntermediaryOffice


def known_world() -> World:
    """11 submitted applications (and a draft) at two intermediaries; see the tests."""
    load_funding_programmes()
    park, coompanion = office("Park Test", "SE110", BUSINESS), \
        office("Coompanion Test", "SE224", COOPERATIVE)
    smes = [make_supplier(region="SE110") for _ in range(9)]
    for number, (sme, (costs, turnover, jobs, procurement, ip)) in enumerate(
            zip(smes, SME_REPORTS, strict=False), start=1):
        application(sme, park, BUSINESS, ApplicationState.REPORTED, days=number,
                    granted=Decimal(100_000), report={
                        "done": "Done", "costs": costs, "turnover": turnover, "jobs": jobs,
                        "procurement": procurement, "ip": ip})
    application(smes[6], park, BUSINESS, ApplicationState.REFUSED, days=7)
    application(smes[7], park, BUSINESS, ApplicationState.REPORT_DUE, days=8,
                granted=Decimal(50_000))
    application(smes[8], park, BUSINESS, ApplicationState.DRAFT)
    cooperatives = [make_supplier(region="SE224", is_cooperative=True) for _ in range(3)]
    for number, cooperative in enumerate(cooperatives[:2], start=9):
        application(cooperative, coompanion, COOPERATIVE, ApplicationState.REPORTED,
                    days=number, granted=Decimal(40_000), report=dict(COOP_REPORT))
    pending = application(cooperatives[2], coompanion, COOPERATIVE, ApplicationState.SUBMITTED)
    pending.events.append(ApplicationEvent(kind="submitted",
                                           created_at=utcnow() - timedelta(days=1)))
    db.session.flush()
    return World(smes, cooperatives, coompanion)


def figures(client) -> dict:
    response = client.get(API)
    assert response.status_code == 200
    return response.get_json()


def test_applications_grants_and_amounts_add_up_per_group(client):
    known_world()
    data = figures(client)
    assert (data["applications"], data["grants"], data["granted_amount"]) == (11, 9, 730_000)
    assert {g["programme"]: (g["applications"], g["grants"], g["granted_amount"])
            for g in data["by_programme"]} == {BUSINESS: (8, 7, 650_000),
                                               COOPERATIVE: (3, 2, 80_000)}
    assert {g["name"]: g["applications"] for g in data["by_intermediary"]} == {
        "Park Test": 8, "Coompanion Test": 3}
    assert {g["county"]: (g["grants"], g["granted_amount"]) for g in data["by_county"]} == {
        "SE110": (7, 650_000), "SE224": (2, 80_000)}
    assert {g["kind"]: g["applications"] for g in data["by_organisation_kind"]} == {
        "supplier": 8, "cooperative": 3}


def test_the_median_time_to_decision_runs_from_the_first_submission(client):
    world = known_world()
    # A completion asked for and sent back: the second submission does not restart the clock.
    first = db.session.scalars(db.select(CheckApplication).filter_by(
        applicant_id=world.smes[0].id)).one()
    first.events.append(ApplicationEvent(kind="submitted",
                                         created_at=first.decided_at - timedelta(hours=1)))
    db.session.flush()
    data = figures(client)
    # Decided after 1, 2, ..., 10 days (the pending one is not decided): median 5.5 days.
    assert data["decisions"] == 10 and data["median_days_to_decision"] == 5.5


def test_the_share_of_final_reports_counts_the_reports_due(client):
    known_world()
    assert figures(client)["final_reports"] == {"due": 9, "received": 8,
                                                "share": float(Decimal(8) / Decimal(9))}


def test_report_answers_are_summed_only_from_five_organisations(app, client):
    world = known_world()
    groups = {g["programme"]: g for g in figures(client)["report_answers"]["groups"]}
    assert groups[BUSINESS] == {
        "programme": BUSINESS, "shown": True, "reports": 6, "costs_total": 210_000,
        "turnover_effect_total": 350_000, "new_jobs_total": 5, "procurement_share": 0.5,
        "ip_protected_share": float(Decimal(1) / Decimal(6))}
    # Two cooperatives reported: hidden, and the total too (it minus the shown programme
    # would give the two cooperatives' answers away).
    assert groups[COOPERATIVE] == {"programme": COOPERATIVE, "shown": False}
    assert groups[None] == {"programme": None, "shown": False}
    for text in (client.get(API).get_data(as_text=True),
                 client.get("/statistics/").get_data(as_text=True),
                 client.get("/statistics/checks-reports.csv").get_data(as_text=True)):
        for marker in ("777", "919", "A secret plan"):
            assert marker not in text
    page = client.get("/statistics/", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    table = page.split('id="table-checks-reports"')[1].split("</table>")[0]
    assert "fewer than 5 organisations" in table and "210,000" in table and "50%" in table

    for _ in range(3):  # three more cooperatives report: five organisations, shown
        application(make_supplier(region="SE224", is_cooperative=True), world.coop_office,
                    COOPERATIVE, ApplicationState.REPORTED, days=3, granted=Decimal(1),
                    report=dict(COOP_REPORT, costs=1, turnover=1, jobs=1, procurement=False))
    groups = {g["programme"]: g for g in figures(client)["report_answers"]["groups"]}
    assert groups[COOPERATIVE]["reports"] == 5 and groups[COOPERATIVE]["costs_total"] == \
        2 * 777_777 + 3 and groups[COOPERATIVE]["procurement_share"] == 0.4
    assert groups[None]["reports"] == 11 and groups[None]["new_jobs_total"] == 5 + 84 + 3


def test_what_followed_a_grant_by_the_same_organisation(client):
    world = known_world()
    before = utcnow() - timedelta(days=500)
    make_challenge(owner=world.smes[0])  # published now, after its grant
    make_challenge(owner=world.smes[1]).published_at = before  # before the grant: no
    make_submitted_solution(make_challenge(), organisation=world.smes[2])
    make_submitted_solution(make_challenge(), organisation=world.smes[6])  # refused: no
    awarded = make_challenge(state=ChallengeState.OUTCOME_RECORDED,
                             outcome_kind=OutcomeKind.CONTRACT_AWARDED,
                             outcome_recorded_at=utcnow())
    make_submitted_solution(awarded, organisation=world.smes[3], submitted_at=before)
    not_pursued = make_challenge(state=ChallengeState.OUTCOME_RECORDED,
                                 outcome_kind=OutcomeKind.NOT_PURSUED,
                                 outcome_recorded_at=utcnow())
    make_submitted_solution(not_pursued, organisation=world.smes[4], submitted_at=before)
    assert figures(client)["followed_by"] == {"granted": 9, "challenge": 1, "solution": 1,
                                              "procurement_outcome": 1}
    page = client.get("/statistics/", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    table = page.split('id="table-checks-followed"')[1].split("</table>")[0]
    assert "<caption" in table and "followed by a solution the organisation submitted" in table


def test_the_page_states_the_figures_in_both_languages(client):
    known_world()
    english = client.get("/statistics/", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "11 check applications have been submitted" in english
    assert "730,000 SEK in all" in english
    assert "Median time from submission to decision: 5.5 days" in english
    assert "Final reports received: 88.9% (8 of the 9 due)" in english
    by_county = english.split('id="table-checks-by-county"')[1].split("</table>")[0]
    assert "<caption" in by_county and 'scope="col"' in by_county and "Stockholm" in by_county
    swedish = client.get("/statistics/", headers={"Accept-Language": "sv"}).get_data(
        as_text=True)
    assert "11 checkansökningar har skickats in" in swedish
    assert "Mediantid från inskickad ansökan till beslut: 5,5 dagar" in swedish
    csv_text = client.get("/statistics/checks-by-programme.csv").get_data(as_text=True)
    assert "650000" in csv_text and "80000" in csv_text


def count_queries(client, url: str) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    assert client.get(url).status_code == 200
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_figures_take_the_same_queries_for_few_and_many_applications(client):
    world = known_world()
    few = count_queries(client, API)
    for _ in range(20):
        sme = make_supplier(region="SE110")
        application(sme, world.coop_office, COOPERATIVE, ApplicationState.REPORTED, days=2,
                    granted=Decimal(5), report=dict(COOP_REPORT))
        make_challenge(owner=sme)
    assert count_queries(client, API) == few


def test_the_desk_queue_takes_the_same_queries_for_few_and_many_applicants(app, client):
    """Every row names its applicant: the queue must not load them one by one."""
    load_funding_programmes()
    advisor = make_user(email="desk@park.example")
    desk = office("Park Desk", "SE110", BUSINESS)
    desk.organisation = make_organisation(OrganisationKind.INTERMEDIARY, admin=advisor,
                                          name="Park Desk")
    application(make_supplier(region="SE110"), desk, BUSINESS, ApplicationState.SUBMITTED)
    db.session.commit()
    log_in(client, advisor)
    few = count_queries(client, "/funding/applications/")
    for _ in range(12):
        application(make_supplier(region="SE110"), desk, BUSINESS, ApplicationState.SUBMITTED)
    db.session.commit()
    page = client.get("/funding/applications/").get_data(as_text=True)
    assert page.count('href="/funding/applications/') >= 13
    assert count_queries(client, "/funding/applications/") == few
