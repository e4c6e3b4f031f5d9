"""The owners' inbox and exports, the supplier dashboard and the challenge page panel."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from flask import render_template
from flask_login import AnonymousUserMixin

from app.attachments import services as attachment_services
from app.challenges.models import (
    ChallengeCoOwner,
    ChallengeFollow,
    ChallengeState,
    Clarification,
)
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import OrganisationKind
from app.solutions import services
from app.solutions.models import SolutionResult
from tests.conftest import log_in
from tests.factories import (
    make_authority,
    make_challenge,
    make_organisation,
    make_solution,
    make_supplier,
    make_user,
)
from tests.test_attachments import PDF, upload


@pytest.fixture
def inbox_scene():
    """A challenge with a co-owner; one submitted, one withdrawn and one draft solution."""
    buyer, co_buyer = make_user(), make_user()
    challenge = make_challenge(owner=make_authority(admin=buyer), title="Safer school routes")
    challenge.co_owner_links.append(ChallengeCoOwner(organisation=make_authority(admin=co_buyer)))
    submitted = make_solution(challenge, make_supplier(name="Alfa AB"), title="Alfa lights",
                              details="=HYPERLINK(\"http://evil\")", trl=7)
    attachment_services.store(upload(PDF, "alfa-plan.pdf"), "solution", submitted.id)
    attachment_services.store(upload(PDF, "alfa-plan.pdf"), "solution", submitted.id)
    withdrawn = make_solution(challenge, make_supplier(name="Beta AB"), title="Beta paths")
    attachment_services.store(upload(PDF, "beta.pdf"), "solution", withdrawn.id)
    services.withdraw_solution(withdrawn, withdrawn.organisation.memberships[0].user)
    draft = make_solution(challenge, make_supplier(name="Gamma AB"), title="Gamma draft",
                          submit=False)
    attachment_services.store(upload(PDF, "gamma.pdf"), "solution", draft.id)
    db.session.flush()
    return type("InboxScene", (), dict(buyer=buyer, co_buyer=co_buyer, challenge=challenge,
                                       submitted=submitted, withdrawn=withdrawn, draft=draft))


def inbox_url(challenge, suffix: str = "") -> str:
    return f"/challenges/{challenge.id}/solutions{suffix}"


@pytest.mark.parametrize("who", ["buyer", "co_buyer"])
def test_owners_and_co_owners_see_submitted_and_withdrawn_but_never_drafts(
        client, login, inbox_scene, who):
    login(getattr(inbox_scene, who))
    response = client.get(inbox_url(inbox_scene.challenge))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "Alfa lights" in page and "Beta paths" in page and "Withdrawn" in page
    assert "Gamma" not in page
    assert "1 solution submitted" in page
    show = client.get(inbox_url(inbox_scene.challenge, f"/{inbox_scene.submitted.id}"))
    assert show.status_code == 200 and "HYPERLINK" in show.get_data(as_text=True)
    assert client.get(inbox_url(inbox_scene.challenge,
                                f"/{inbox_scene.draft.id}")).status_code == 404


def test_the_inbox_is_only_for_the_owners(app, inbox_scene):
    for user in (make_user(), make_authority(admin=make_user()).memberships[0].user,
                 inbox_scene.submitted.organisation.memberships[0].user,
                 make_user(is_admin=True)):
        client = app.test_client()
        log_in(client, user)
        for suffix in ("", "/export.csv", "/attachments.zip"):
            assert client.get(inbox_url(inbox_scene.challenge, suffix)).status_code == 403
    response = app.test_client().get(inbox_url(inbox_scene.challenge))
    assert response.status_code == 302  # log in first


def test_csv_export_has_one_row_per_received_solution(client, login, inbox_scene):
    login(inbox_scene.co_buyer)
    response = client.get(inbox_url(inbox_scene.challenge, "/export.csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row["Supplier"] for row in rows] == ["Alfa AB", "Beta AB"]
    alfa, beta = rows
    assert alfa["Status"] == "submitted" and beta["Status"] == "withdrawn"
    assert alfa["Title"] == "Alfa lights" and alfa["Technology readiness level"] == "7"
    assert alfa["Confidential details"] == "'=HYPERLINK(\"http://evil\")"  # no formulas
    assert alfa["Requirement 1: Works offline"] == "We meet: Works offline"
    assert alfa["SHA-256"] == inbox_scene.submitted.versions[-1].sha256
    assert alfa["Attachments"].count("alfa-plan.pdf") == 2
    assert all("Gamma" not in value for row in rows for value in row.values())


def test_zip_export_holds_the_received_solutions_files(client, login, inbox_scene):
    login(inbox_scene.buyer)
    response = client.get(inbox_url(inbox_scene.challenge, "/attachments.zip"))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    alfa, beta = inbox_scene.submitted.id, inbox_scene.withdrawn.id
    first, second = services.attachments_of(inbox_scene.submitted)
    assert names == sorted([f"{alfa}-Alfa_AB/alfa-plan.pdf",
                            f"{alfa}-Alfa_AB/{second.id}-alfa-plan.pdf",
                            f"{beta}-Beta_AB/beta.pdf"])
    assert archive.read(f"{beta}-Beta_AB/beta.pdf") == PDF


def test_an_empty_inbox_exports_only_headers(client, login):
    buyer = make_user()
    challenge = make_challenge(owner=make_authority(admin=buyer))
    login(buyer)
    assert "No solution has been submitted yet" in client.get(
        inbox_url(challenge)).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(
        client.get(inbox_url(challenge, "/export.csv")).data.decode("utf-8-sig"))))
    assert len(rows) == 1
    archive = zipfile.ZipFile(io.BytesIO(client.get(inbox_url(challenge, "/attachments.zip")).data))
    assert archive.namelist() == []


# --- the supplier dashboard ----------------------------------------------------------

def test_dashboard_groups_solutions_by_state_and_shows_results_only_once_decided(
        client, login):
    user = make_user()
    supplier = make_supplier(admin=user, name="Delta AB")
    open_challenge = make_challenge(title="Open one")
    make_solution(open_challenge, supplier, user, submit=False, title="My draft")
    evaluated = make_challenge(title="Being evaluated")
    pending = make_solution(evaluated, supplier, user, title="Waiting for jury")
    decided = make_challenge(title="Decided one")
    won = make_solution(decided, supplier, user, title="Our winner")
    withdrawn_challenge = make_challenge(title="Withdrawn from")
    withdrawn = make_solution(withdrawn_challenge, supplier, user, title="Pulled back")
    services.withdraw_solution(withdrawn, user)
    pending.result, won.result = SolutionResult.WINNER, SolutionResult.WINNER
    evaluated.state = ChallengeState.IN_EVALUATION
    decided.state = ChallengeState.DECIDED
    db.session.flush()
    login(user)
    page = client.get("/solutions/").get_data(as_text=True)
    sections = {title: page.index(title) for title in (
        "Draft (1)", "Submitted (1)", "Withdrawn (1)", "Winner (1)")}
    assert list(sections) == sorted(sections, key=sections.get)
    assert page.index("Waiting for jury") < sections["Withdrawn (1)"]  # still "submitted"
    assert page.index("Our winner") > sections["Winner (1)"]
    assert "Shortlisted" not in page


def test_dashboard_lists_coming_deadlines_and_my_questions(client, login):
    user = make_user()
    supplier = make_supplier(admin=user)
    soon = make_challenge(title="Closing soon", deadline_in=timedelta(days=2))
    later = make_challenge(title="Closing later", deadline_in=timedelta(days=20))
    passed = make_challenge(title="Already closed", deadline_in=timedelta(days=-1))
    unrelated = make_challenge(title="Not mine")
    make_solution(later, supplier, user, submit=False)
    db.session.add(ChallengeFollow(user=user, challenge=soon))
    db.session.add(ChallengeFollow(user=user, challenge=passed))
    db.session.add_all([
        Clarification(challenge=soon, asked_by=user, question="Is Wi-Fi available?",
                      answer="Yes, *everywhere*.", published_at=utcnow()),
        Clarification(challenge=later, asked_by=user, question="Which budget year?"),
        Clarification(challenge=unrelated, asked_by=make_user(), question="Someone else's?"),
    ])
    db.session.flush()
    login(user)
    page = client.get("/solutions/").get_data(as_text=True)
    assert page.index("Closing soon") < page.index("Closing later")
    assert "Already closed" not in page and "Not mine" not in page
    assert "Is Wi-Fi available?" in page and "<em>everywhere</em>" in page
    assert "Which budget year?" in page and "Not answered yet." in page
    assert "Someone else" not in page


def test_dashboard_for_someone_without_an_organisation(client, login):
    login(make_user())
    page = client.get("/solutions/").get_data(as_text=True)
    assert "You do not belong to an organisation yet" in page


# --- the panel on the challenge page -------------------------------------------------

def render_panel(app, challenge, user) -> str:
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        return render_template("solutions/_challenge_panel.html", challenge=challenge,
                               current_user=user)


def test_panel_invites_suppliers_and_shows_their_solution(app):
    challenge = make_challenge()
    user = make_user()
    supplier = make_supplier(admin=user)
    html = render_panel(app, challenge, user)
    assert "Answer this challenge" in html and "Solutions received: 0" in html
    make_solution(challenge, supplier, user, submit=False)
    html = render_panel(app, challenge, user)
    assert "Your solution:" in html and "Draft" in html and "Answer this challenge" not in html
    services.submit_solution(services.solution_of(challenge, supplier), user,
                             services.SolutionInput(
                                 title="T", public_summary="S", details="D", trl=3,
                                 ip_terms_acknowledged=True,
                                 answers={r.id: "A" for r in challenge.requirements}))
    html = render_panel(app, challenge, user)
    assert "Submitted" in html and "Solutions received: 1" in html


def test_panel_for_owners_visitors_and_non_suppliers(app):
    buyer = make_user()
    challenge = make_challenge(owner=make_authority(admin=buyer))
    make_solution(challenge)
    owner_html = render_panel(app, challenge, buyer)
    assert "Solutions received: 1" in owner_html
    assert f"/challenges/{challenge.id}/solutions" in owner_html and "open the inbox" in owner_html
    anonymous_html = render_panel(app, challenge, AnonymousUserMixin())
    assert "Solutions received: 1" in anonymous_html and "open the inbox" not in anonymous_html
    assert "Log in to answer this challenge" in anonymous_html
    intermediary = make_user()
    make_organisation(OrganisationKind.INTERMEDIARY, admin=intermediary)
    html = render_panel(app, challenge, intermediary)
    assert "you need to belong to a supplier organisation" in html


def test_panel_after_the_decision_names_winners_and_consented_summaries(app):
    challenge = make_challenge()
    winner = make_solution(challenge, make_supplier(name="Vinnare AB"), title="Winning idea",
                           public_summary="Shown with consent.",
                           summary_public_after_decision=True)
    make_solution(challenge, make_supplier(name="Tvåa AB"), title="Runner-up",
                  public_summary="Also consented.", summary_public_after_decision=True)
    make_solution(challenge, make_supplier(name="Tyst AB"), title="Quiet one",
                  public_summary="No consent given.")
    winner.result = SolutionResult.WINNER
    challenge.state = ChallengeState.IN_EVALUATION
    db.session.flush()
    html = render_panel(app, challenge, AnonymousUserMixin())
    assert "Vinnare AB" not in html and "Winning idea" not in html  # not decided yet
    challenge.state = ChallengeState.DECIDED
    db.session.flush()
    html = render_panel(app, challenge, AnonymousUserMixin())
    assert "Winners" in html and "Vinnare AB" in html
    assert "Shown with consent." in html and "Also consented." in html
    assert "No consent given." not in html and "Quiet one" not in html
