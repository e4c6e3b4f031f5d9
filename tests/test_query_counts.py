"""No N+1: the busy pages run as many queries for a few rows as for many.

bench/pages.py measures the same at national scale; these keep it from coming back.
"""

from __future__ import annotations

from sqlalchemy import event

from app.challenges.models import ChallengeCoOwner, ChallengeState, Clarification
from app.core.db import utcnow
from app.evaluation import scoring
from app.evaluation import services as evaluation
from app.evaluation.services import CriterionInput
from app.extensions import db
from tests.conftest import log_in
from tests.factories import (
    make_authority,
    make_challenge,
    make_submitted_solution,
    make_supplier,
    make_user,
)


def queries_for(app, url: str, user=None) -> int:
    client = app.test_client()
    if user is not None:
        log_in(client, user)
    assert client.get(url).status_code == 200  # warm: first-use queries are not the page's
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def joint_challenges(count: int, **extra):
    owner = make_authority(admin=make_user())
    challenges = []
    for _ in range(count):
        challenge = make_challenge(owner=owner, **extra)
        challenge.co_owner_links.append(ChallengeCoOwner(organisation=make_authority()))
        challenges.append(challenge)
    db.session.commit()
    return owner, challenges


def test_the_challenge_list(app):
    few_owner, _ = joint_challenges(2)
    many_owner, _ = joint_challenges(12)
    assert (queries_for(app, f"/challenges/?buyer={few_owner.id}")
            == queries_for(app, f"/challenges/?buyer={many_owner.id}"))


def test_the_challenge_page_with_answers_and_published_winners(app):
    pages = []
    for answers in (0, 6):
        challenge = make_challenge(state=ChallengeState.DECIDED)
        for n in range(answers):
            challenge.clarifications.append(Clarification(
                question=f"Question {n}?", answer="Yes.", published_at=utcnow()))
        for _ in range(answers or 1):
            make_submitted_solution(challenge, make_supplier(), summary_public_after_decision=True)
        db.session.commit()
        pages.append(queries_for(app, f"/challenges/{challenge.id}"))
    assert pages[0] == pages[1]


def scored_challenge(solutions: int):
    owner, juror = make_user(), make_user()
    challenge = make_challenge(owner=make_authority(admin=owner), criteria=())
    evaluation.replace_criteria(challenge, owner, [CriterionInput("Fit", "", 60, 0, 5),
                                                   CriterionInput("Cost", "", 40, 0, 5)])
    for _ in range(solutions):
        make_submitted_solution(challenge, make_supplier())
    seat = evaluation.invite_juror(challenge, owner, juror.email)
    evaluation.accept_invitation(seat, juror)
    challenge.state = ChallengeState.CLOSED
    evaluation.open_evaluation(challenge, owner)
    for entry in scoring.active_entries(challenge):
        scoring.declare_conflict(seat, entry, False, "", juror)
        scoring.save_scores(seat, entry, {c.id: (3, "") for c in evaluation.criteria_of(
            challenge)})
    db.session.commit()
    return owner, juror, challenge


def test_the_jurors_list_and_scoring_page(app):
    few = scored_challenge(2)
    many = scored_challenge(9)
    for path in ("", "/solutions/1"):
        counts = [queries_for(app, f"/jury/challenges/{challenge.id}{path}", juror)
                  for _owner, juror, challenge in (few, many)]
        assert counts[0] == counts[1], path


def test_the_buyers_inbox(app):
    few = scored_challenge(2)
    many = scored_challenge(9)
    counts = [queries_for(app, f"/challenges/{challenge.id}/solutions", owner)
              for owner, _juror, challenge in (few, many)]
    assert counts[0] == counts[1]
