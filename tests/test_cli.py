"""Command-line tools: the first administrator, demo data."""

from __future__ import annotations

import re

from app.accounts.services import find_user_by_email
from app.demo import data
from app.extensions import db
from app.organisations.models import Membership, Organisation, OrganisationKind


def test_create_admin_command(app):
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", "Chief@Example.org", "--name", "Chief",
        "--password", "a-long-admin-passphrase"])
    assert result.exit_code == 0, result.output
    user = find_user_by_email("chief@example.org")
    assert user.is_admin and user.email_verified


def test_create_admin_refuses_a_common_password(app):
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", "weak@example.org", "--name", "Weak",
        "--password", "password1234"])
    assert result.exit_code != 0
    assert "too common" in result.output
    assert find_user_by_email("weak@example.org") is None


def test_demo_load_creates_accounts_and_organisations_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    authorities = db.session.scalar(db.select(db.func.count(Organisation.id)).filter_by(
        kind=OrganisationKind.CONTRACTING_AUTHORITY))
    assert authorities == len(data.AUTHORITY_ORG_NUMBERS)
    buyer = find_user_by_email("buyer@demo.example")
    (membership,) = db.session.scalars(db.select(Membership).filter_by(user_id=buyer.id))
    assert membership.organisation.is_verified
    for email in ["admin@demo.example", "supplier@demo.example", "coop@demo.example",
                  "juror@demo.example", "coordinator@demo.example"]:
        assert find_user_by_email(email) is not None
    assert find_user_by_email("admin@demo.example").is_admin

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert db.session.scalar(db.select(db.func.count(Organisation.id)).filter_by(
        kind=OrganisationKind.CONTRACTING_AUTHORITY)) == authorities


def test_demo_load_is_refused_in_production(app):
    app.config["DEMO_ALLOWED"] = False
    try:
        result = app.test_cli_runner().invoke(args=["demo", "load"])
    finally:
        app.config["DEMO_ALLOWED"] = True
    assert result.exit_code != 0
    assert "refused" in result.output
    assert find_user_by_email("admin@demo.example") is None


def test_bench_generate_makes_the_requested_amounts(app):
    from app.challenges.models import Challenge
    from app.solutions.models import Solution

    before = (db.session.scalar(db.select(db.func.count(Challenge.id))),
              db.session.scalar(db.select(db.func.count(Solution.id))))
    result = app.test_cli_runner().invoke(args=[
        "bench", "generate", "--challenges", "30", "--solutions", "120", "--authorities", "3",
        "--suppliers", "25"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(db.func.count(Challenge.id))) == before[0] + 30
    assert db.session.scalar(db.select(db.func.count(Solution.id))) == before[1] + 120
    # My pages' heaviest buyer takes every challenge (fewer than 200 were asked for)
    assert re.search(r"buyer member\d+@bench.example: 30 challenges", result.output)
    assert re.search(r"supplier member\d+@bench.example: \d+ solutions", result.output)


def test_bench_generate_sets_juries_to_work_and_answers_questions(app):
    from app.challenges.models import Challenge, ChallengeKind, ChallengeState, Clarification
    from app.evaluation.models import Evaluation, EvaluationEntry, JuryMember, Score
    from app.solutions.models import Solution, SolutionState

    result = app.test_cli_runner().invoke(args=[
        "bench", "generate", "--challenges", "80", "--solutions", "400", "--authorities", "4",
        "--suppliers", "40", "--seed", "7"])
    assert result.exit_code == 0, result.output
    judged = list(db.session.scalars(db.select(Challenge).filter_by(
        kind=ChallengeKind.CHALLENGE, state=ChallengeState.IN_EVALUATION)))
    assert judged
    for challenge in judged:
        submitted = db.session.scalar(db.select(db.func.count(Solution.id)).filter_by(
            challenge_id=challenge.id, state=SolutionState.SUBMITTED))
        entries = db.session.scalar(db.select(db.func.count(EvaluationEntry.id)).filter_by(
            challenge_id=challenge.id))
        assert entries == submitted
        if submitted:
            assert db.session.scalar(db.select(Evaluation).filter_by(
                challenge_id=challenge.id)).opened_at is not None
            assert db.session.scalar(db.select(db.func.count(JuryMember.id)).filter_by(
                challenge_id=challenge.id)) == 3
    assert db.session.scalar(db.select(db.func.count(Score.id))) > 0
    assert db.session.scalar(db.select(db.func.count(Clarification.id))) > 0
