"""Jury evaluation through the pages, e-mails and downloads, as buyers, jurors and suppliers."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from flask_babel import force_locale

from app.audit.models import AuditEvent
from app.challenges.models import ChallengeState
from app.core.db import utcnow
from app.core.domain import DomainError
from app.evaluation import scoring, services
from app.evaluation.models import Criterion, JuryMember, Score
from app.evaluation.services import CriterionInput
from app.extensions import db
from app.solutions.models import SolutionResult, SolutionState
from tests.conftest import CONFIRM, log_in, submit
from tests.factories import (
    load_funding_programmes,
    make_authority,
    make_challenge,
    make_organisation,
    make_submitted_solution,
    make_user,
)
from tests.smtp_sink import html_of, text_of

LINK = re.compile(r"http://arena\.test(/\S+)")
CRITERIA = (("Fit with the need", 60, 0, 5), ("Cost and value", 40, 1, 10))


@dataclass
class Scene:
    owner: object
    challenge: object
    solutions: list = field(default_factory=list)
    jurors: list = field(default_factory=list)
    seats: list = field(default_factory=list)

    @property
    def criteria(self):
        return services.criteria_of(self.challenge)

    def entry(self, number: int):
        return scoring.entry_by_number(self.challenge, number)

    def url(self, path: str = "") -> str:
        return f"/challenges/{self.challenge.id}/evaluation/{path}"

    def jury_url(self, path: str = "") -> str:
        return f"/jury/challenges/{self.challenge.id}{path}"


def make_scene(solutions: int = 2, jurors: int = 2, state=ChallengeState.CLOSED,
               anonymised: bool = False, share: bool = False, criteria=CRITERIA,
               open_now: bool = True, supplier_names=()) -> Scene:
    """A closed challenge with criteria, submitted solutions and accepted jurors."""
    owner = make_user(name="Olga Owner")
    challenge = make_challenge(owner=make_authority(admin=owner), state=state, language="en",
                               criteria=())
    scene = Scene(owner, challenge)
    if criteria:
        services.replace_criteria(challenge, owner, [CriterionInput(n, f"About {n}", w, lo, hi)
                                                     for n, w, lo, hi in criteria])
    services.update_options(challenge, owner, anonymised, share, None)
    for index in range(solutions):
        name = supplier_names[index] if index < len(supplier_names) else None
        supplier = make_organisation(admin=make_user(name=f"Supplier {index}"), name=name)
        scene.solutions.append(make_submitted_solution(
            challenge, supplier, title=f"Title {index + 1}",
            details=f"SECRET-DETAILS-{index + 1}"))
    for index in range(jurors):
        scene.jurors.append(make_user(name=f"Juror Person {index}"))
        scene.seats.append(seat_for(challenge, owner, scene.jurors[-1]))
    if open_now and state == ChallengeState.CLOSED:
        services.open_evaluation(challenge, owner)
    return scene


def seat_for(challenge, owner, user) -> JuryMember:
    member = services.invite_juror(challenge, owner, user.email)
    services.accept_invitation(member, user)
    return member


def declare(seat, entry, conflict: bool = False, note: str = ""):
    scoring.declare_conflict(seat, entry, conflict, note, seat.user)


def score(scene: Scene, seat, number: int, values, comment: str = ""):
    entry = scene.entry(number)
    if scoring.declaration_of(seat, entry.solution_id) is None:
        declare(seat, entry)
    scoring.save_scores(seat, entry, {c.id: (v, comment) for c, v in zip(scene.criteria, values,
                                                                            strict=True)})


def score_everything(scene: Scene, seat, values=(4, 7), comment: str = ""):
    for entry in scoring.active_entries(scene.challenge):
        declaration = scoring.declaration_of(seat, entry.solution_id)
        if declaration and declaration.has_conflict:
            continue
        score(scene, seat, entry.number, values, comment)
    scoring.submit_scores(seat, seat.user)


def other_client(app, user):
    client = app.test_client()
    log_in(client, user)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def pdf_text(data: bytes) -> bytes:
    """The decompressed content streams of a PDF, where its text is."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    return b"\n".join(chunks)


# --- criteria ----------------------------------------------------------------------------

def criteria_rows(*rows) -> dict:
    data = {"rows_shown": "4"}
    for index, (name, weight, scale) in enumerate(rows):
        data.update({f"name_{index}": name, f"description_{index}": f"About {name}",
                     f"weight_{index}": weight, f"scale_{index}": scale})
    return data


def test_weights_must_add_up_to_100_and_the_typed_values_are_kept(client, login):
    owner = make_user()
    challenge = make_challenge(owner=make_authority(admin=owner), state=ChallengeState.DRAFT,
                               criteria=())
    login(owner)
    url = f"/challenges/{challenge.id}/evaluation/criteria/edit"
    response = submit(client, url, criteria_rows(("Fit with the need", "60", "0-5"),
                                                 ("Cost", "30", "1-10")))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The weights add up to 90 %; they must add up to 100 %." in html
    assert 'value="Cost"' in html and 'value="30"' in html
    assert services.criteria_of(challenge) == []

    response = submit(client, url, criteria_rows(("Fit with the need", "60", "0-5"),
                                                 ("Cost", "140", "1-10")))
    assert response.status_code == 422
    assert "whole percentage from 1 to 100" in response.get_data(as_text=True)

    response = submit(client, url, criteria_rows(("Fit with the need", "60", "0-5"),
                                                 ("Cost", "40%", "1-10")))
    assert response.status_code == 302
    db.session.expire_all()
    assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in
            services.criteria_of(challenge)] == [("Fit with the need", 60, 0, 5),
                                                 ("Cost", 40, 1, 10)]


def test_suggested_criteria_add_up_to_100_and_are_shown_publicly(client, login, app):
    owner = make_user()
    challenge = make_challenge(owner=make_authority(admin=owner), state=ChallengeState.DRAFT,
                               language="en", criteria=())
    login(owner)
    response = submit(client, f"/challenges/{challenge.id}/evaluation/criteria/suggested", {},
                      page=f"/challenges/{challenge.id}/evaluation/criteria/edit")
    assert response.status_code == 302
    db.session.expire_all()
    criteria = services.criteria_of(challenge)
    assert [c.name for c in criteria] == [
        "Fit with the need", "Degree of innovation", "Feasibility and maturity",
        "Sustainability / Agenda 2030", "Scalability beyond this buyer", "Cost and value"]
    assert services.total_weight(criteria) == 100

    challenge.state = ChallengeState.PUBLISHED
    db.session.commit()
    public = page(app.test_client(), f"/challenges/{challenge.id}/evaluation/criteria")
    assert "Degree of innovation" in public and "25&nbsp;%" in public and "0–5" in public
    assert "Manage the evaluation" not in public


def test_the_criteria_partial_renders_for_the_challenge_page(app):
    scene = make_scene(open_now=False)
    from flask import render_template

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        html = render_template("evaluation/_challenge_criteria.html", challenge=scene.challenge)
    assert "How solutions are evaluated" in html and "Cost and value" in html
    assert "60&nbsp;%" in html and "1–10" in html


def test_drafts_criteria_are_not_public(app):
    owner = make_user()
    challenge = make_challenge(owner=make_authority(admin=owner), state=ChallengeState.DRAFT,
                               criteria=())
    services.use_default_criteria(challenge, owner)
    db.session.commit()
    assert app.test_client().get(f"/challenges/{challenge.id}/evaluation/criteria"
                                 ).status_code == 404


def test_only_owner_members_edit_criteria(client, login):
    draft = make_challenge(state=ChallengeState.DRAFT)
    published = make_challenge(state=ChallengeState.PUBLISHED)
    other_buyer = make_user()
    make_authority(admin=other_buyer)
    login(other_buyer)
    for challenge, status in ((published, 403), (draft, 404)):  # a draft is not confirmed
        assert client.get(f"/challenges/{challenge.id}/evaluation/criteria/edit"
                          ).status_code == status
        assert client.get(f"/challenges/{challenge.id}/evaluation/").status_code == status


def test_co_owner_members_manage_the_evaluation(client, login):
    from app.challenges.models import ChallengeCoOwner

    challenge = make_challenge(state=ChallengeState.DRAFT)
    co_owner = make_user()
    challenge.co_owner_links.append(ChallengeCoOwner(organisation=make_authority(admin=co_owner)))
    db.session.flush()
    login(co_owner)
    assert client.get(f"/challenges/{challenge.id}/evaluation/criteria/edit").status_code == 200


def test_criteria_are_fixed_once_published(client, login):
    scene = make_scene(state=ChallengeState.PUBLISHED, jurors=0, solutions=1)
    login(scene.owner)
    html = page(client, scene.url("criteria/edit"))
    assert "fixed when the challenge was published" in html
    response = submit(client, scene.url("criteria/edit"),
                      criteria_rows(("Only one", "100", "0-5")), page=scene.url("jury"))
    assert response.status_code == 422
    assert "fixed when the challenge was published" in response.get_data(as_text=True)


def test_criteria_change_after_the_first_score_is_refused(client, login):
    scene = make_scene(solutions=1, jurors=1)
    score(scene, scene.seats[0], 1, (3, None))
    login(scene.owner)
    response = submit(client, scene.url("criteria/edit"),
                      criteria_rows(("Only one", "100", "0-5")), page=scene.url("jury"))
    assert response.status_code == 422
    assert "cannot be changed after the first score" in response.get_data(as_text=True)
    assert len(scene.criteria) == 2


def test_a_need_has_no_evaluation(client, login):
    from app.challenges.models import ChallengeKind

    owner = make_user()
    need = make_challenge(owner=make_authority(admin=owner), kind=ChallengeKind.NEED)
    login(owner)
    assert client.get(f"/challenges/{need.id}/evaluation/").status_code == 403


# --- the jury ----------------------------------------------------------------------------

def test_a_new_person_is_invited_creates_an_account_and_accepts(app, client, login, deliver):
    scene = make_scene(jurors=0, open_now=False)
    login(scene.owner)
    response = submit(client, scene.url("jury"), {"email": "Expert@Example.org"})
    assert response.status_code == 302
    (message,) = deliver().to("expert@example.org")
    assert scene.challenge.title in message["Subject"]
    path = LINK.search(text_of(message)).group(1)

    newcomer = app.test_client()
    assert "Create an account" in page(newcomer, path)
    expert = make_user(email="expert@example.org", name="Eva Expert")
    db.session.commit()
    log_in(newcomer, expert)
    response = submit(newcomer, path, {"answer": "accept"})
    assert response.status_code == 302
    assert response.location.endswith(scene.jury_url())
    assert "evaluation opens when the challenge has closed" in page(newcomer, scene.jury_url())
    assert newcomer.get(path).status_code == 404  # spent

    jury_page = page(client, scene.url("jury"))
    assert "Eva Expert" in jury_page and "Accepted" in jury_page


def test_a_jury_invitation_is_in_the_language_chosen_for_the_invitee(client, login,
                                                                       deliver):
    scene = make_scene(jurors=0, open_now=False)
    scene.owner.locale = "sv"  # a Swedish-speaking buyer invites in English
    login(scene.owner)
    form = page(client, scene.url("jury"))
    assert 'name="language" type="radio" value="sv" checked' in form  # the platform's default
    submit(client, scene.url("jury"), {"email": "expert@example.org", "language": "en"})
    submit(client, scene.url("jury"), {"email": "expertis@example.org"})
    (english,) = deliver().to("expert@example.org")
    assert english["Subject"] == f"Invitation to the jury of “{scene.challenge.title}”"
    (swedish,) = deliver().to("expertis@example.org")
    assert swedish["Subject"] == f"Inbjudan till juryn för ”{scene.challenge.title}”"
    member = db.session.scalar(db.select(JuryMember).filter_by(email="expert@example.org"))
    services.resend_invitation(member, scene.owner)  # again in the language chosen
    assert deliver().to("expert@example.org")[-1]["Subject"] == english["Subject"]


def test_an_existing_user_declines_from_the_jury_page(app, client, login, deliver):
    scene = make_scene(jurors=0, open_now=False)
    expert = make_user()
    services.invite_juror(scene.challenge, scene.owner, expert.email)
    (message,) = deliver().to(expert.email)
    assert "jury" in text_of(message)
    login(expert)
    assert scene.challenge.title in page(client, "/jury/")
    member = db.session.scalar(db.select(JuryMember).filter_by(email=expert.email))
    response = submit(client, f"/jury/seats/{member.id}/answer", {"answer": "decline"},
                      page="/jury/")
    assert response.status_code == 302
    owner = other_client(app, scene.owner)
    assert "Declined" in page(owner, scene.url("jury"))


def test_an_invitation_for_another_address_is_refused(app, client, login, deliver):
    scene = make_scene(jurors=0, open_now=False)
    services.invite_juror(scene.challenge, scene.owner, "right@example.org")
    path = LINK.search(text_of(deliver().to("right@example.org")[0])).group(1)
    login(make_user())
    assert "Log in with that address" in page(client, path)
    response = submit(client, path, {"answer": "accept"}, page="/account/")
    assert response.status_code == 403
    assert "right@example.org" in response.get_data(as_text=True)


def test_resend_gives_a_new_link_and_revoke_ends_it(app, client, login, deliver):
    scene = make_scene(jurors=0, open_now=False)
    login(scene.owner)
    submit(client, scene.url("jury"), {"email": "slow@example.org"})
    first = LINK.search(text_of(deliver().to("slow@example.org")[0])).group(1)
    member = db.session.scalar(db.select(JuryMember).filter_by(email="slow@example.org"))
    assert "Not answered" in page(client, scene.url("jury"))
    response = submit(client, scene.url(f"jury/{member.id}/resend"), {}, page=scene.url("jury"))
    assert response.status_code == 302
    messages = deliver().to("slow@example.org")
    second = LINK.search(text_of(messages[-1])).group(1)
    assert second != first
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200

    submit(client, scene.url(f"jury/{member.id}/revoke"), {}, page=scene.url("jury"))
    assert anonymous.get(second).status_code == 404
    assert "Withdrawn" in page(client, scene.url("jury"))
    response = submit(client, scene.url("jury"), {"email": "slow@example.org"})
    assert response.status_code == 302  # can be invited again


def test_an_invitation_cannot_be_accepted_after_scoring_has_ended(client, login):
    scene = make_scene(jurors=1)
    late = make_user()
    services.invite_juror(scene.challenge, scene.owner, late.email)
    services.close_scoring(scene.challenge, scene.owner)
    login(late)
    member = db.session.scalar(db.select(JuryMember).filter_by(email=late.email))
    response = submit(client, f"/jury/seats/{member.id}/answer", {"answer": "accept"},
                      page="/jury/")
    assert response.status_code == 409
    assert "finished its work" in response.get_data(as_text=True)


def test_inviting_the_same_person_twice_is_explained(client, login):
    scene = make_scene(jurors=1, open_now=False)
    login(scene.owner)
    response = submit(client, scene.url("jury"), {"email": scene.jurors[0].email})
    assert response.status_code == 422
    assert "is already on the jury" in response.get_data(as_text=True)


def test_opening_the_evaluation_tells_the_jurors(client, login, deliver):
    scene = make_scene(open_now=False)
    deliver().messages.clear()
    login(scene.owner)
    response = submit(client, scene.url("open"), {}, page=scene.url())
    assert response.status_code == 302
    db.session.expire_all()
    assert scene.challenge.state == ChallengeState.IN_EVALUATION
    for juror in scene.jurors:
        (message,) = deliver().to(juror.email)
        assert "has opened" in message["Subject"]
        assert "2 solutions" in text_of(message)
        assert "SECRET-DETAILS" not in text_of(message) + html_of(message)
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="evaluation.opened"))


def test_the_evaluation_opens_only_after_closing_and_with_criteria(client, login):
    scene = make_scene(state=ChallengeState.PUBLISHED, open_now=False)
    login(scene.owner)
    response = submit(client, scene.url("open"), {}, page=scene.url("jury"))
    assert response.status_code == 409
    assert "closed for submissions" in response.get_data(as_text=True)

    bare = make_scene(criteria=(), open_now=False)
    with force_locale("en"), pytest.raises(DomainError, match="criteria"):
        services.open_evaluation(bare.challenge, bare.owner)


# --- conflicts and visibility ------------------------------------------------------------

def test_a_juror_must_declare_before_seeing_a_solution(client, login):
    scene = make_scene()
    login(scene.jurors[0])
    response = client.get(scene.jury_url("/solutions/1"))
    assert response.status_code == 403
    assert "SECRET-DETAILS-1" not in response.get_data(as_text=True)
    response = submit(client, scene.jury_url("/conflicts"),
                      {"conflict_1": "no", "conflict_2": "yes", "note_2": "My cousin works there"})
    assert response.status_code == 302
    html = page(client, scene.jury_url("/solutions/1"))
    assert "SECRET-DETAILS-1" in html and "How we meet: Works offline" in html
    assert "Title 1" in html and scene.solutions[0].organisation.name in html


def test_a_conflicted_juror_cannot_see_or_score_the_solution(client, login):
    scene = make_scene()
    seat = scene.seats[0]
    declare(seat, scene.entry(1), conflict=False)
    declare(seat, scene.entry(2), conflict=True, note="Former employer")
    login(scene.jurors[0])
    for url in (scene.jury_url("/solutions/2"), scene.jury_url("/")):
        response = client.get(url)
        assert "SECRET-DETAILS-2" not in response.get_data(as_text=True)
    assert client.get(scene.jury_url("/solutions/2")).status_code == 403
    response = submit(client, scene.jury_url("/solutions/2"),
                      {f"score_{c.id}": "3" for c in scene.criteria},
                      page=scene.jury_url("/solutions/1"))
    assert response.status_code == 403
    assert not db.session.scalar(db.select(Score).filter_by(
        member_id=seat.id, solution_id=scene.solutions[1].id))
    assert "1 of 1 scored" not in page(client, scene.jury_url())
    assert "0 of 1 scored" in page(client, scene.jury_url())


def test_the_juror_permission_rule():
    from app.evaluation.permissions import juror_can_view_solution

    scene = make_scene(open_now=False)
    juror, solution = scene.jurors[0], scene.solutions[0]
    assert not juror_can_view_solution(juror, solution)  # not open yet
    services.open_evaluation(scene.challenge, scene.owner)
    assert not juror_can_view_solution(juror, solution)  # not declared
    declare(scene.seats[0], scene.entry(1))
    assert juror_can_view_solution(juror, solution)
    assert not juror_can_view_solution(make_user(), solution)
    assert not juror_can_view_solution(scene.owner, solution)  # owners have their own rule
    declare(scene.seats[0], scene.entry(1), conflict=True)
    assert not juror_can_view_solution(juror, solution)


def test_others_scores_stay_hidden_until_submitting_and_only_if_allowed(app, client, login):
    scene = make_scene(share=True)
    first, second = scene.seats
    score_everything(scene, first, (5, 10), comment="FIRST-JUROR-COMMENT")
    db.session.commit()
    login(scene.jurors[1])
    declare(second, scene.entry(1))
    declare(second, scene.entry(2))
    db.session.commit()
    html = page(client, scene.jury_url("/solutions/1"))
    assert "FIRST-JUROR-COMMENT" not in html and "other jurors' scores" not in html

    for number in (1, 2):
        submit(client, scene.jury_url(f"/solutions/{number}"),
               {f"score_{c.id}": "3" for c in scene.criteria}, page=scene.jury_url(
                   f"/solutions/{number}"))
    response = submit(client, scene.jury_url("/submit"), CONFIRM, page=scene.jury_url())
    assert response.status_code == 302
    html = page(client, scene.jury_url("/solutions/1"))
    assert "FIRST-JUROR-COMMENT" in html and "Juror Person 0" in html


def test_others_scores_stay_hidden_after_submitting_when_not_allowed(client, login):
    scene = make_scene(share=False)
    score_everything(scene, scene.seats[0], (5, 10), comment="FIRST-JUROR-COMMENT")
    score_everything(scene, scene.seats[1], (1, 1))
    login(scene.jurors[1])
    html = page(client, scene.jury_url("/solutions/1"))
    assert "FIRST-JUROR-COMMENT" not in html


# --- scoring -----------------------------------------------------------------------------

def test_scores_outside_the_scale_are_refused_and_kept_as_typed(client, login):
    scene = make_scene(solutions=1, jurors=1)
    declare(scene.seats[0], scene.entry(1))
    fit, cost = scene.criteria
    login(scene.jurors[0])
    response = submit(client, scene.jury_url("/solutions/1"),
                      {f"score_{fit.id}": "7", f"comment_{fit.id}": "Strong fit",
                       f"score_{cost.id}": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a whole number from 0 to 5 for “Fit with the need”." in html
    assert "Enter a whole number from 1 to 10 for “Cost and value”." in html
    assert 'value="7"' in html and "Strong fit" in html
    assert not db.session.scalar(db.select(Score).filter_by(member_id=scene.seats[0].id))
    response = submit(client, scene.jury_url("/solutions/1"), {f"score_{fit.id}": "three"})
    assert response.status_code == 422


def test_save_as_you_go_then_submit(client, login):
    scene = make_scene(solutions=2, jurors=1)
    fit, cost = scene.criteria
    login(scene.jurors[0])
    submit(client, scene.jury_url("/conflicts"), {"conflict_1": "no", "conflict_2": "no"})
    response = submit(client, scene.jury_url("/solutions/1"),
                      {f"score_{fit.id}": "4", f"comment_{cost.id}": "Pricing unclear",
                       "save_next": "x"})
    assert response.status_code == 302 and response.location.endswith("/solutions/2")
    assert "0 of 2 scored" in page(client, scene.jury_url())
    assert "Pricing unclear" in page(client, scene.jury_url("/solutions/1"))

    home = page(client, scene.jury_url())
    assert "Submit my scores" not in home  # the reasons stand where the button would be
    assert "Solution 1: not scored yet on Cost and value" in home
    assert "Solution 2: not scored yet on Fit with the need, Cost and value" in home
    response = submit(client, scene.jury_url("/submit"), CONFIRM,
                      page=scene.jury_url("/solutions/1"))
    assert response.status_code == 422
    assert "Score every criterion of: Solution 1, Solution 2." in response.get_data(as_text=True)

    for number in (1, 2):
        submit(client, scene.jury_url(f"/solutions/{number}"),
               {f"score_{fit.id}": "4", f"score_{cost.id}": "7"})
    assert "2 of 2 scored" in page(client, scene.jury_url())
    assert submit(client, scene.jury_url("/submit"), CONFIRM,
                  page=scene.jury_url()).status_code == 302
    assert "Your scores are submitted" in page(client, scene.jury_url())
    response = submit(client, scene.jury_url("/solutions/1"),
                      {f"score_{fit.id}": "1", f"score_{cost.id}": "1"}, page="/account/")
    assert response.status_code == 422  # submitted scores no longer change
    db.session.expire_all()
    assert {s.value for s in scene.seats[0].scores} == {4, 7}


def test_submit_needs_every_declaration(client, login):
    scene = make_scene(jurors=1)
    score(scene, scene.seats[0], 1, (4, 7))
    login(scene.jurors[0])
    home = page(client, scene.jury_url())
    assert "Solution 2: declare whether you have a conflict of interest" in home
    assert "Submit my scores" not in home
    response = submit(client, scene.jury_url("/submit"), CONFIRM,
                      page=scene.jury_url("/solutions/1"))
    assert response.status_code == 422
    assert "conflict of interest for: Solution 2" in response.get_data(as_text=True)


def test_owner_sees_progress_per_juror(client, login):
    scene = make_scene(solutions=3, jurors=2)
    score(scene, scene.seats[0], 1, (4, 7))
    score(scene, scene.seats[0], 2, (4, None))
    login(scene.owner)
    html = page(client, scene.url())
    assert "1 of 3 scored" in html and "0 of 3 scored" in html


# --- aggregation through the pages -------------------------------------------------------

def results_by_number(scene):
    return {r.entry.number: r for r in scoring.results(scene.challenge)}


def test_conflicted_jurors_are_excluded_from_the_average(client, login):
    scene = make_scene(solutions=2, jurors=2)
    first, second = scene.seats
    score_everything(scene, first, (4, 7))          # 74.67 on both
    declare(second, scene.entry(1), conflict=True)
    score(scene, second, 2, (2, 10))                # 64 on solution 2
    scoring.submit_scores(second, second.user)
    results = results_by_number(scene)
    assert results[1].aggregate.jurors == 1
    assert round(float(results[1].aggregate.mean), 2) == 74.67
    assert results[2].aggregate.jurors == 2
    assert round(float(results[2].aggregate.mean), 2) == 69.33
    login(scene.owner)
    html = page(client, scene.url())
    assert "74.7" in html and "69.3" in html and "5.3" in html


def test_all_jurors_conflicted_means_not_scored(client, login):
    scene = make_scene(solutions=2, jurors=2)
    for seat in scene.seats:
        declare(seat, scene.entry(1), conflict=True)
        score_everything(scene, seat, (3, 5))
    result = results_by_number(scene)[1]
    assert not result.aggregate.scored and result.aggregate.rank is None
    login(scene.owner)
    assert "Not scored" in page(client, scene.url())
    assert "Not scored" in page(client, scene.url("protocol"))


def test_a_single_juror_is_enough(client, login):
    scene = make_scene(solutions=2, jurors=1)
    score(scene, scene.seats[0], 1, (5, 10))
    score(scene, scene.seats[0], 2, (5, 10))
    scoring.submit_scores(scene.seats[0], scene.jurors[0])
    results = results_by_number(scene)
    assert results[1].aggregate.mean == 100 and results[1].aggregate.std_dev == 0
    assert results[1].aggregate.tied and results[2].aggregate.rank == 1
    login(scene.owner)
    assert "1 (tie)" in page(client, scene.url())


def test_a_conflict_found_after_scoring_withdraws_the_scores(app, client, login):
    scene = make_scene(solutions=2, jurors=2)
    first, second = scene.seats
    score_everything(scene, first, (5, 10))
    score_everything(scene, second, (0, 1))
    assert results_by_number(scene)[1].aggregate.mean == 50
    db.session.commit()

    login(scene.jurors[1])
    response = submit(client, scene.jury_url("/conflicts"),
                      {"conflict_1": "yes", "note_1": "Recognised my former company",
                       "conflict_2": "no"})
    assert response.status_code == 302
    db.session.expire_all()
    assert results_by_number(scene)[1].aggregate.mean == 100
    assert results_by_number(scene)[1].aggregate.jurors == 1
    assert client.get(scene.jury_url("/solutions/1")).status_code == 403
    event = db.session.scalar(db.select(AuditEvent).filter_by(
        action="evaluation.scores_withdrawn"))
    assert event.details["count"] == 2
    owner = other_client(app, scene.owner)
    assert "declared after scoring: 2 scores withdrawn" in page(owner, scene.url("protocol"))


def test_the_owner_records_a_conflict_that_came_to_light(client, login):
    scene = make_scene(solutions=2, jurors=2)
    score_everything(scene, scene.seats[0], (5, 10))
    score_everything(scene, scene.seats[1], (0, 1))
    login(scene.owner)
    response = submit(client, scene.url("conflicts"),
                      {"juror": str(scene.seats[1].id), "solution": "2",
                       "note": "Board member of the supplier"}, page=scene.url())
    assert response.status_code == 302
    db.session.expire_all()
    assert results_by_number(scene)[2].aggregate.mean == 100
    assert "recorded by the buyer" in page(client, scene.url("protocol"))


def test_a_juror_who_never_finishes_and_scoring_closed_by_the_owner(client, login):
    scene = make_scene(solutions=2, jurors=2)
    score_everything(scene, scene.seats[0], (5, 10))
    score(scene, scene.seats[1], 1, (0, 1))          # finished one of two, never submits
    declare(scene.seats[1], scene.entry(2))
    assert results_by_number(scene)[1].aggregate.jurors == 1
    login(scene.owner)
    assert "Close scoring now" in page(client, scene.url())
    response = submit(client, scene.url("close-scoring"), {}, page=scene.url())
    assert response.status_code == 302
    db.session.expire_all()
    results = results_by_number(scene)
    assert results[1].aggregate.jurors == 2 and results[1].aggregate.mean == 50
    assert results[2].aggregate.jurors == 1
    html = page(client, scene.url("protocol"))
    assert "Scoring was closed on" in html and "before every juror had submitted" in html
    assert "Juror B – Juror Person 1" in html and "Did not finish (1 of 2 scored)" in html
    juror = other_client(client.application, scene.jurors[1])
    assert "Scoring has been closed" in page(juror, scene.jury_url())
    fit, cost = scene.criteria
    response = submit(juror, scene.jury_url("/solutions/2"),
                      {f"score_{fit.id}": "1", f"score_{cost.id}": "1"}, page="/account/")
    assert response.status_code == 422


def test_a_solution_withdrawn_during_evaluation_is_excluded_and_shown(client, login):
    scene = make_scene(solutions=2, jurors=1)
    withdrawn = scene.solutions[1]
    withdrawn.state, withdrawn.withdrawn_at = SolutionState.WITHDRAWN, utcnow()
    db.session.flush()
    score(scene, scene.seats[0], 1, (4, 7))
    scoring.submit_scores(scene.seats[0], scene.jurors[0])  # nothing else to score
    login(scene.owner)
    html = page(client, scene.url())
    assert "Withdrawn by the supplier during the evaluation; excluded." in html
    assert "Withdrawn during the evaluation; not scored." in page(client, scene.url("protocol"))
    juror = other_client(client.application, scene.jurors[0])
    assert juror.get(scene.jury_url("/solutions/2")).status_code == 403
    assert "Solution 2" not in page(juror, scene.jury_url())


# --- anonymised mode ---------------------------------------------------------------------

def test_anonymised_mode_hides_the_suppliers_everywhere(app, client, login, deliver):
    scene = make_scene(anonymised=True, open_now=False, jurors=1,
                       supplier_names=("Hemliga Företaget AB", "Dolda Kooperativet"))
    names = ("Hemliga Företaget AB", "Dolda Kooperativet")
    scene.challenge.evaluation_deadline_at = utcnow() + timedelta(days=2)
    services.open_evaluation(scene.challenge, scene.owner)
    from app.evaluation.reminders import send_juror_reminders

    assert send_juror_reminders() == 1
    mails = deliver().to(scene.jurors[0].email)
    assert len(mails) == 3  # invitation, evaluation opened, reminder
    for message in mails:
        for name in names:
            assert name not in text_of(message) and name not in html_of(message)

    login(scene.jurors[0])
    pages = [page(client, scene.jury_url()), page(client, scene.jury_url("/conflicts")),
             page(client, "/jury/")]
    submit(client, scene.jury_url("/conflicts"), {"conflict_1": "no", "conflict_2": "no"})
    fit, cost = scene.criteria
    for number in (1, 2):
        pages.append(page(client, scene.jury_url(f"/solutions/{number}")))
        submit(client, scene.jury_url(f"/solutions/{number}"),
               {f"score_{fit.id}": "3", f"score_{cost.id}": "5"})
    submit(client, scene.jury_url("/submit"), CONFIRM, page=scene.jury_url())
    pages.append(page(client, scene.jury_url("/solutions/1")))
    assert "Solution 1" in pages[-1] and "SECRET-DETAILS-1" in pages[-1]
    for html in pages:
        for name in names:
            assert name not in html

    owner = other_client(app, scene.owner)
    protocol_html = page(owner, scene.url("protocol"))
    csv_text = owner.get(scene.url("protocol.csv")).get_data(as_text=True)
    pdf = pdf_text(owner.get(scene.url("protocol.pdf")).data).decode("latin-1")
    for document in (protocol_html, csv_text, pdf):
        assert "Solution 1" in document and "Juror A" in document
        for name in (*names, "Juror Person 0", scene.jurors[0].email):
            assert name not in document
    assert names[0] in page(owner, scene.url())  # the owner's own pages may name them


# --- deciding ----------------------------------------------------------------------------

def decision_form(scene, results: dict, **extra) -> dict:
    data = {f"result_{scene.entry(n).id}": value for n, value in results.items()}
    data.update({"justification": "Solution 1 met the need best.",
                 "feedback_for_others": "Clearer pricing would have helped.",
                 "presentation_at": "2030-05-20 14:00", "presentation_place": "Växjö stadshus",
                 "presentation_booking_url": ""})
    data.update(extra)
    return data


def decided_scene():
    scene = make_scene(solutions=3, jurors=1)
    score_everything(scene, scene.seats[0], (4, 7))
    return scene


def test_the_decision_is_invisible_to_suppliers_until_published(app, client, login, deliver):
    scene = decided_scene()
    deliver().messages.clear()
    login(scene.owner)
    response = submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "shortlisted", 3: "not_selected"}))
    assert response.status_code == 302
    assert deliver().messages == []
    db.session.expire_all()
    assert all(s.result is None for s in scene.solutions)

    supplier = scene.solutions[0].organisation.memberships[0].user
    supplier_client = other_client(app, supplier)
    html = page(supplier_client, scene.url("result"))
    assert "has not been published yet" in html and "Winner" not in html
    for path in ("decision", "protocol", "", "protocol.csv"):
        assert supplier_client.get(scene.url(path)).status_code == 403
    assert supplier_client.get(
        f"/challenges/{scene.challenge.id}/evaluation/result").status_code == 200
    assert app.test_client().get(scene.url("result")).status_code == 302  # log in first
    outsider = other_client(app, make_user())
    assert outsider.get(scene.url("result")).status_code == 404


def test_the_decision_e_mails_point_winners_to_funding_for_the_next_step(client, login, deliver):
    load_funding_programmes()
    scene = decided_scene()
    deliver().messages.clear()
    login(scene.owner)
    submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "shortlisted", 3: "not_selected"}))
    submit(client, scene.url("decision/publish"), {})
    sink = deliver()
    (winner,) = sink.to(scene.solutions[0].organisation.memberships[0].user.email)
    assert "Funding that can help" in text_of(winner)


def test_publishing_tells_winners_and_the_others(app, client, login, deliver):
    scene = decided_scene()
    colleague = make_user()
    from app.organisations.models import MemberRole, Membership

    scene.solutions[0].organisation.memberships.append(Membership(user=colleague,
                                                                  role=MemberRole.MEMBER))
    db.session.flush()
    deliver().messages.clear()
    login(scene.owner)
    submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "shortlisted", 3: "not_selected"}))
    assert "Check and publish the decision" in page(client, scene.url("decision"))
    response = submit(client, scene.url("decision/publish"), {})
    assert response.status_code == 302
    db.session.expire_all()
    assert scene.challenge.state == ChallengeState.DECIDED
    assert [s.result for s in scene.solutions] == [
        SolutionResult.WINNER, SolutionResult.SHORTLISTED, SolutionResult.NOT_SELECTED]

    sink = deliver()
    winner_admin = scene.solutions[0].organisation.memberships[0].user
    for person in (winner_admin, colleague):
        (message,) = sink.to(person.email)
        assert "was selected" in message["Subject"]
        assert "Växjö stadshus" in text_of(message) and "invited to present" in text_of(message)
        assert "Clearer pricing" not in text_of(message)
    shortlisted = sink.to(scene.solutions[1].organisation.memberships[0].user.email)[0]
    assert "shortlisted" in text_of(shortlisted)
    other = sink.to(scene.solutions[2].organisation.memberships[0].user.email)[0]
    body = text_of(other)
    assert "Thank you" in body and "Clearer pricing would have helped." in body
    assert "met the need best" not in body and "Växjö stadshus" not in body
    for message in sink.messages:
        assert "SECRET-DETAILS" not in text_of(message)

    supplier_client = other_client(app, winner_admin)
    html = page(supplier_client, scene.url("result"))
    assert "Winner" in html and "Växjö stadshus" in html
    protocol_html = page(client, scene.url("protocol"))
    assert "met the need best" in protocol_html and "Winner" in protocol_html


def test_publishing_is_refused_until_ready(client, login):
    scene = make_scene(solutions=2, jurors=2)
    score_everything(scene, scene.seats[0], (4, 7))
    login(scene.owner)
    submit(client, scene.url("decision"), decision_form(scene, {1: "winner"},
                                                         presentation_at="",
                                                         presentation_place=""))
    html = page(client, scene.url("decision/publish"))
    assert "1 juror has not submitted" in html
    assert "Choose a result for Solution 2." in html
    assert "Invite the winners to present" in html
    response = submit(client, scene.url("decision/publish"), {}, page=scene.url("decision"))
    assert response.status_code == 409
    db.session.expire_all()
    assert scene.challenge.state == ChallengeState.IN_EVALUATION
    assert scene.solutions[0].result is None


def test_a_booking_link_is_enough_for_the_presentation(client, login, deliver):
    scene = decided_scene()
    login(scene.owner)
    response = submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "not_selected", 3: "not_selected"}, presentation_at="",
        presentation_place="", presentation_booking_url="ftp://nope"))
    assert response.status_code == 422
    submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "not_selected", 3: "not_selected"}, presentation_at="",
        presentation_place="", presentation_booking_url="https://boka.example.se/arena"))
    deliver().messages.clear()
    assert submit(client, scene.url("decision/publish"), {}).status_code == 302
    winner = scene.solutions[0].organisation.memberships[0].user
    assert "https://boka.example.se/arena" in text_of(deliver().to(winner.email)[0])


# --- protocol ----------------------------------------------------------------------------

def test_protocol_downloads(client, login):
    scene = make_scene(solutions=2, jurors=2, supplier_names=("Växjö Innovation AB",))
    score_everything(scene, scene.seats[0], (4, 7), comment="Väl genomtänkt – “bra”")
    score_everything(scene, scene.seats[1], (2, 10))
    login(scene.owner)
    html = page(client, scene.url("protocol"))
    assert "Fit with the need" in html and "60&nbsp;%" in html
    assert "Väl genomtänkt" in html and "Juror A – Juror Person 0" in html

    response = client.get(scene.url("protocol.csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "Fit with the need,About Fit with the need,60,0-5" in text
    assert "Växjö Innovation AB" in text and "69.3" in text and "74.7" in text

    response = client.get(scene.url("protocol.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    content = pdf_text(response.data)
    assert "Växjö Innovation AB".encode("latin-1") in content
    assert 'Väl genomtänkt - "bra"'.encode("latin-1") in content


def test_protocol_is_for_the_owner_only(app, client, login):
    scene = make_scene()
    login(scene.jurors[0])
    assert client.get(scene.url("protocol")).status_code == 403
    assert client.get(scene.url("protocol.pdf")).status_code == 403
    assert app.test_client().get(scene.url("protocol.csv")).status_code == 302  # log in first


# --- reminders, demo, personal data ------------------------------------------------------

def test_reminders_go_to_unfinished_jurors_once_per_moment(deliver):
    from app.core.jobs import JOBS
    from app.evaluation.reminders import send_juror_reminders

    assert "jury_reminders" in JOBS
    scene = make_scene(solutions=1, jurors=2)
    scene.challenge.evaluation_deadline_at = utcnow() + timedelta(days=5)
    score_everything(scene, scene.seats[0])
    deliver().messages.clear()
    assert send_juror_reminders() == 0  # more than three days left
    assert send_juror_reminders(utcnow() + timedelta(days=2, hours=12)) == 1
    assert send_juror_reminders(utcnow() + timedelta(days=2, hours=13)) == 0
    assert send_juror_reminders(utcnow() + timedelta(days=4, hours=1)) == 1
    assert send_juror_reminders(utcnow() + timedelta(days=6)) == 0  # deadline passed
    messages = deliver().to(scene.jurors[1].email)
    assert len(messages) == 2 and "0 of 1" in text_of(messages[0])
    assert deliver().to(scene.jurors[0].email) == []


def test_jury_work_is_part_of_the_personal_data(client, login):
    scene = make_scene(jurors=1)
    score(scene, scene.seats[0], 1, (4, 7), comment="Personal remark")
    login(scene.jurors[0])
    data = client.get("/account/data.json").get_json()
    assert data["jury"][0]["challenge"] == scene.challenge.title
    assert "Personal remark" in str(data["jury"])


def test_scores_reference_existing_criteria():
    scene = make_scene(solutions=1, jurors=1)
    score(scene, scene.seats[0], 1, (4, 7))
    ids = {c.id for c in db.session.scalars(db.select(Criterion))}
    assert {s.criterion_id for s in scene.seats[0].scores} <= ids


def test_swedish_pages_and_e_mails(client, login, deliver):
    scene = make_scene(open_now=False, jurors=0)
    svensk = make_user(locale="sv", name="Sven Svensson")
    seat_for(scene.challenge, scene.owner, svensk)
    deliver().messages.clear()
    services.open_evaluation(scene.challenge, scene.owner)
    (message,) = deliver().to(svensk.email)
    assert "Bedömningen av" in message["Subject"] and "Hej Sven Svensson" in text_of(message)
    login(svensk)
    html = page(client, scene.jury_url())
    assert "Anmäl jäv" in html and "0 av 2 bedömda" in html
    html = page(client, scene.jury_url("/conflicts"))
    assert "Nej, jag är inte jävig" in html
