"""The demo tells the whole story (issue 17): `flask demo load` on the test database gives
every role something real to do, and says which account to try for what."""

from __future__ import annotations

import pytest

from app.accounts.services import find_user_by_email
from app.challenges.models import PUBLIC_STATES, Challenge, ChallengeKind, ChallengeState
from app.core.db import utcnow
from app.demo.evaluation import DECIDED, GOOD_EXAMPLE, IN_EVALUATION
from app.demo.services import ACCOUNT_GUIDE, DEMO_PASSWORD
from app.evaluation import scoring
from app.evaluation.models import JurorStatus, JuryMember
from app.evaluation.services import find_evaluation
from app.extensions import db
from app.knowledge.services import case_for_challenge
from app.networks.models import Network
from app.solutions.models import Solution, SolutionResult, SolutionState
from tests.conftest import log_in

S = ChallengeState


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result.output


def _challenge(title: str) -> Challenge:
    return db.session.scalar(db.select(Challenge).filter_by(title=title))


def _browser(app, email: str):
    client = app.test_client()
    log_in(client, find_user_by_email(email), DEMO_PASSWORD)
    return client


def _seat(challenge: Challenge, email: str) -> JuryMember:
    return db.session.scalar(db.select(JuryMember).filter_by(challenge_id=challenge.id,
                                                              email=email))


def test_ten_published_challenges_across_sectors_and_counties_with_budgets(demo):
    shown = db.session.scalars(db.select(Challenge).where(
        Challenge.state.in_(PUBLIC_STATES - {S.WITHDRAWN}))).all()
    assert len(shown) >= 10
    assert len({sector for c in shown for sector in c.sectors}) >= 8
    assert len({c.region for c in shown}) >= 6
    assert all(c.budget_min and c.budget_max for c in shown)
    still_open = [c for c in shown if c.state == S.PUBLISHED and c.submission_deadline_at
                  > utcnow()]
    assert len(still_open) >= 4
    assert {c.kind for c in still_open} == {ChallengeKind.CHALLENGE, ChallengeKind.NEED}


def test_suppliers_answer_challenges_that_fit_them_with_their_own_words(demo):
    solutions = db.session.scalars(db.select(Solution)).all()
    assert len(solutions) >= 10
    for solution in solutions:
        assert set(solution.organisation.sectors) & set(solution.challenge.sectors), (
            solution.organisation.name, solution.challenge.title)
    assert len({s.details for s in solutions}) == len(solutions)  # no boilerplate
    assert len({s.public_summary for s in solutions}) == len(solutions)
    assert not any(s.title.startswith("Pilot för") for s in solutions)
    assert all(s.organisation.offers and s.organisation.capabilities
               for s in solutions)


def test_the_judged_challenge_in_evaluation_has_three_solutions_and_two_jurors(app, demo):
    challenge = _challenge(IN_EVALUATION)
    assert challenge.kind == ChallengeKind.CHALLENGE and challenge.state == S.IN_EVALUATION
    assert len(scoring.active_entries(challenge)) >= 3
    assert all(s.submitted_at < challenge.submission_deadline_at for s in
               db.session.scalars(db.select(Solution).filter_by(challenge_id=challenge.id)))
    seat = _seat(challenge, "juror@demo.example")
    assert seat.status == JurorStatus.ACCEPTED and seat.submitted_at is None
    progress = scoring.progress_of(seat)
    assert 0 < progress.scored < progress.total
    other = _seat(challenge, "lena.ljung@demo.example")
    assert other.status == JurorStatus.ACCEPTED and other.submitted_at is not None

    juror = _browser(app, "juror@demo.example")
    juries = juror.get("/jury/").get_data(as_text=True)
    assert IN_EVALUATION in juries
    assert f"{progress.scored} av {progress.total} bedömda" in juries  # Swedish account
    work = juror.get(f"/jury/challenges/{challenge.id}")
    assert work.status_code == 200
    assert f"{progress.scored} av {progress.total} bedömda" in work.get_data(as_text=True)


def test_a_decided_challenge_has_its_protocol_and_winner(app, demo):
    challenge = _challenge(DECIDED)
    assert challenge.state == S.DECIDED and find_evaluation(challenge).decision_published
    results = {s.organisation.name: s.result for s in db.session.scalars(
        db.select(Solution).filter_by(challenge_id=challenge.id, state=SolutionState.SUBMITTED))}
    assert list(results.values()).count(SolutionResult.WINNER) == 1 and len(results) >= 3
    owner = _browser(app, "erik@umea.demo.example")
    protocol = owner.get(f"/challenges/{challenge.id}/evaluation/protocol")
    assert protocol.status_code == 200
    winner = next(s for s in db.session.scalars(db.select(Solution).filter_by(
        challenge_id=challenge.id)) if s.result == SolutionResult.WINNER)
    page = app.test_client().get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert winner.title in page  # the public page tells who won


def test_an_outcome_is_told_as_a_good_example(app, demo):
    challenge = _challenge(GOOD_EXAMPLE)
    assert challenge.state == S.OUTCOME_RECORDED and challenge.outcome_note
    case = case_for_challenge(challenge)
    assert case is not None and case.is_published
    assert case.title_sv in app.test_client().get("/knowledge/cases/").get_data(as_text=True)


def test_a_network_with_members_planned_procurement_and_pooled_demand(demo):
    network = db.session.scalar(db.select(Network))
    assert len(network.members) >= 4
    (planned,) = network.planned_procurements
    assert len(planned.registrations) >= 3
    assert sum(r.volume_quantity or 0 for r in planned.registrations) > 0


def test_the_loader_says_which_account_to_try_for_what_and_adds_nothing_twice(app, demo):
    for email, _what in ACCOUNT_GUIDE:
        assert email in demo
        assert find_user_by_email(email) is not None
    assert "juries, scores and a published decision: 2 created" in demo
    again = app.test_cli_runner().invoke(args=["demo", "load"]).output
    for step in ("challenges", "solutions", "juries, scores and a published decision",
                 "good example told from a recorded outcome"):
        assert f"{step}: 0 created" in again


def test_check_applications_carry_files_that_only_applicant_and_deciding_office_download(
        app, demo):
    from app.attachments.models import Attachment
    from app.checks.files import OWNER_TYPE
    from app.checks.models import CheckApplication

    files = db.session.scalars(db.select(Attachment).filter_by(owner_type=OWNER_TYPE)
                               .order_by(Attachment.id)).all()
    assert len(files) == 2
    readers = {"coop@demo.example": "coompanion@demo.example",
               "supplier@demo.example": "advisor@demo.example"}
    for attachment in files:
        application = db.session.get(CheckApplication, attachment.owner_id)
        applicant = next(email for email in readers
                         if find_user_by_email(email).memberships[0].organisation_id
                         == application.applicant_id)
        address = f"/funding/applications/{application.id}"
        for email in (applicant, readers[applicant]):
            browser = _browser(app, email)
            page = browser.get(address).get_data(as_text=True)
            link = f"/attachments/{attachment.id}/{attachment.filename}"
            assert attachment.filename in page and link in page, email
            download = browser.get(link)
            assert download.status_code == 200, email
            assert download.data.startswith(b"%PDF-") and b"%%EOF" in download.data
        others = [e for e in ("buyer@demo.example", "juror@demo.example", *readers,
                              *readers.values()) if e not in (applicant, readers[applicant])]
        for email in others:
            assert _browser(app, email).get(link).status_code == 404, email
        assert app.test_client().get(link).status_code in (302, 404)
