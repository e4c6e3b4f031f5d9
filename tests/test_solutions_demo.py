"""Demo solutions: added only when published challenges exist, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.organisations.models import Organisation
from app.solutions.models import Solution, SolutionState
from tests.factories import make_challenge


def solution_states() -> list[str]:
    return sorted(s.state.value for s in db.session.scalars(db.select(Solution)))


def test_demo_without_challenges_adds_profiles_but_no_solutions(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "solutions: 0 created" in result.output
    assert solution_states() == []
    supplier = db.session.scalar(db.select(Organisation).filter_by(org_number="559347-1823"))
    assert supplier.offers and supplier.capabilities and supplier.references
    assert supplier.regions_served == ["SE232"]


def test_demo_answers_published_challenges_whenever_they_appear(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])  # challenges come later (another loader)
    make_challenge(title="Återbruk i skolan")
    make_challenge(title="Energi vid elavbrott")
    make_challenge(title="Closed", deadline_in=-timedelta(days=1))
    db.session.commit()
    result = runner.invoke(args=["demo", "load"])
    assert "solutions: 4 created" in result.output, result.output
    assert solution_states() == ["draft", "draft", "submitted", "submitted"]
    submitted = db.session.scalars(db.select(Solution).filter_by(
        state=SolutionState.SUBMITTED)).all()
    assert all(len(s.versions) == 1 and s.ip_terms_acknowledged for s in submitted)
    again = runner.invoke(args=["demo", "load"])
    assert "solutions: 0 created" in again.output
    assert len(solution_states()) == 4
