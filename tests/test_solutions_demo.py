"""Demo solutions: added only when published challenges exist, safe to run twice."""

from __future__ import annotations

from app.extensions import db
from app.organisations.models import Organisation
from app.solutions.models import Solution, SolutionState


def solution_states() -> list[str]:
    return sorted(s.state.value for s in db.session.scalars(db.select(Solution)))


def test_demo_answers_the_demo_challenges_and_fills_supplier_profiles(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    states = solution_states()
    assert "submitted" in states and "draft" in states
    submitted = db.session.scalars(db.select(Solution).filter_by(
        state=SolutionState.SUBMITTED)).all()
    assert all(len(s.versions) == 1 and s.ip_terms_acknowledged for s in submitted)
    supplier = db.session.scalar(db.select(Organisation).filter_by(org_number="559347-1823"))
    assert supplier.offers and supplier.capabilities and supplier.references
    assert supplier.regions_served == ["SE232"]
    again = runner.invoke(args=["demo", "load"])
    assert "solutions: 0 created" in again.output
    assert solution_states() == states

