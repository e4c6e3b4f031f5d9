"""The jury's score sheet in a browser (issue 19): the solution beside the sheet at 1280
px, stacked at 320 px without sideways scrolling, radio buttons per criterion, and the
reasons that stand where the submit button would be (axe checks every page)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.challenges.models import ChallengeState
from app.evaluation import scoring
from app.evaluation import services as evaluation
from app.evaluation.services import CriterionInput
from app.extensions import db
from tests.browser.steps import log_in
from tests.browser.support import NARROW, Visitor
from tests.factories import (
    PASSWORD,
    make_authority,
    make_challenge,
    make_submitted_solution,
    make_supplier,
    make_user,
)


@pytest.fixture(scope="module")
def jury(live_app):
    """A juror with two solutions to score: the first declared, the second not."""
    with live_app.app_context():
        buyer, juror = make_user(name="Britt Beställare"), make_user(name="Jon Jurymedlem")
        authority = make_authority(admin=buyer)
        challenge = make_challenge(owner=authority, state=ChallengeState.DRAFT,
                                   deadline_in=timedelta(days=-1),
                                   title="Energieffektivisering i skolbyggnader")
        evaluation.replace_criteria(challenge, buyer, [
            CriterionInput("Nytta för verksamheten", "Hur väl behovet möts.", 60, 0, 5),
            CriterionInput("Kostnad", "", 40, 1, 10)])
        evaluation.update_options(challenge, buyer, True, False, None)  # anonymised
        challenge.state = ChallengeState.CLOSED
        for name in ("Värmepumpsinstallationsbolaget AB", "Fönsterbytesfirman AB"):
            make_submitted_solution(challenge, make_supplier(admin=make_user(), name=name),
                                    details="Långa svenska sammansättningar i beskrivningen.")
        seat = evaluation.invite_juror(challenge, buyer, juror.email)
        evaluation.accept_invitation(seat, juror)
        evaluation.open_evaluation(challenge, buyer)
        first = scoring.active_entries(challenge)[0]
        scoring.declare_conflict(seat, first, False, "", juror)
        db.session.commit()
        return {"email": juror.email, "challenge": challenge.id}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_juror_scores_beside_the_solution_and_sees_why_submitting_waits(
        chromium, live_app, jury, lang):
    visitor = Visitor(chromium, live_app, lang)
    try:
        log_in(visitor, jury["email"], PASSWORD)
        home = f"/jury/challenges/{jury['challenge']}"
        visitor.goto(home)  # axe and 320 px
        reasons = visitor.page.locator("#why-not-submit")
        expect(reasons).to_contain_text(visitor.t("You cannot submit your scores yet"))
        expect(reasons).to_contain_text(visitor.t(
            "%(solution)s: declare whether you have a conflict of interest",
            solution=visitor.t("Solution %(number)d", number=2)))
        expect(visitor.page.get_by_role("button", name=visitor.t("Submit my scores"))
               ).to_have_count(0)

        visitor.goto(f"{home}/solutions/1")
        solution = visitor.page.locator(".arena-score-layout__solution")
        sheet = visitor.page.locator(".arena-score-layout__sheet")
        beside = solution.bounding_box(), sheet.bounding_box()
        assert beside[1]["x"] > beside[0]["x"] + beside[0]["width"] - 1  # side by side
        visitor.page.set_viewport_size(NARROW)
        stacked = solution.bounding_box(), sheet.bounding_box()
        assert stacked[1]["y"] >= stacked[0]["y"] + stacked[0]["height"] - 1  # sheet below
        visitor.page.set_viewport_size({"width": 1280, "height": 900})
        assert "Värmepumpsinstallationsbolaget" not in visitor.page.content()  # anonymised

        usefulness = visitor.page.get_by_role("group", name="Nytta för verksamheten (60 %)")
        expect(usefulness.locator(".govuk-hint").first).to_contain_text(visitor.t(
            "%(score)d = %(meaning)s", score=0, meaning=visitor.t("does not meet the criterion")))
        expect(usefulness.locator(".govuk-radios__hint")).to_have_count(2)  # at both ends
        usefulness.get_by_label("4", exact=True).check()
        visitor.page.get_by_role("group", name="Kostnad (40 %)").get_by_label(
            "10", exact=True).check()
        visitor.press(visitor.t("Save"), exact=True)
        expect(visitor.page.get_by_role("group", name="Kostnad (40 %)").get_by_label(
            "10", exact=True)).to_be_checked()
    finally:
        visitor.close()
