"""Challenges from the buyer's side: drafting, bad input, review, editing after publication,
concurrent edits, co-owners, lifecycle pages, the dashboard and who may open what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import User
from app.challenges import cpv
from app.challenges.models import (
    Challenge,
    ChallengeCoOwner,
    ChallengeKind,
    ChallengeState,
    IPTerms,
)
from app.extensions import db
from tests.conftest import CONFIRM, log_in, submit
from tests.factories import make_authority, make_challenge, make_organisation, make_user
from tests.smtp_sink import text_of

S = ChallengeState


@pytest.fixture(autouse=True)
def cpv_list(app):
    cpv.ensure_seeded()


def form_data(**overrides) -> dict:
    data = {
        "kind": "challenge", "title": "Trygg hemtjänst på natten",
        "summary": "Vi söker sätt att ge trygghet utan att väcka den som sover.",
        "problem_statement": "Nattbesök väcker de boende.",
        "desired_effects": "Färre onödiga besök.",
        "requirements": "Larm inom en minut vid fall\nIngen kamerabild sparas utan samtycke\n",
        "constraints": "", "budget_min": "100 000", "budget_max": "500000", "currency": "SEK",
        "procurement_route": "market_dialogue", "ip_terms": "supplier_owns",
        "ip_justification": "", "question_deadline": "2031-06-01T12:00",
        "submission_deadline": "2031-06-15T12:00", "evaluation_deadline": "",
        "cpv_codes": ["85311100-3"], "sectors": ["elderly_care"], "agenda_goals": ["3", "10"],
        "region": "SE232", "language": "sv", "contact_name": "Anna Andersson",
        "contact_email": "anna@example.org", "contact_phone": "",
    }
    data.update(overrides)
    return data


@dataclass
class World:
    owner: User
    co_owner: User
    other_authority: User
    supplier: User
    admin: User
    draft: Challenge
    published: Challenge

    def user(self, persona: str) -> User | None:
        return getattr(self, persona) if persona != "anonymous" else None


@pytest.fixture
def world() -> World:
    owner, co_owner, other, supplier = make_user(), make_user(), make_user(), make_user()
    admin = make_user(is_admin=True)
    authority = make_authority(admin=owner)
    partner = make_authority(admin=co_owner)
    make_authority(admin=other)
    make_organisation(admin=supplier)
    draft = make_challenge(owner=authority, state=S.DRAFT, title="Utkast om nattillsyn")
    published = make_challenge(owner=authority, title="Publicerad om nattillsyn")
    for challenge in (draft, published):
        challenge.co_owner_links.append(ChallengeCoOwner(organisation=partner))
    db.session.commit()
    return World(owner, co_owner, other, supplier, admin, draft, published)


# --- creating drafts and bad input ---

def test_buyer_creates_a_draft_with_local_deadlines_stored_in_utc(client, login, world):
    login(world.owner)
    response = submit(client, "/challenges/new", form_data())
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    challenge = db.session.scalar(db.select(Challenge).filter_by(
        title="Trygg hemtjänst på natten"))
    assert challenge.state == S.DRAFT and challenge.owner.id == world.draft.owner_id
    # 12:00 in Stockholm summer time is 10:00 UTC
    assert challenge.submission_deadline_at == datetime(2031, 6, 15, 10, 0, tzinfo=UTC)
    assert [r.text for r in challenge.requirements] == [
        "Larm inom en minut vid fall", "Ingen kamerabild sparas utan samtycke"]
    assert challenge.cpv_codes == ["85311100-3"] and challenge.agenda_goals == [3, 10]
    assert int(challenge.budget_min) == 100000
    page = client.get(response.location).get_data(as_text=True)
    assert "15 June 2031" in page and "12:00" in page


def test_winter_deadline_converts_with_standard_time(client, login, world):
    login(world.owner)
    submit(client, "/challenges/new", form_data(question_deadline="",
                                                submission_deadline="2031-01-15T12:00"))
    challenge = db.session.scalar(db.select(Challenge).filter_by(
        title="Trygg hemtjänst på natten"))
    assert challenge.submission_deadline_at == datetime(2031, 1, 15, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize("overrides, message", [
    ({"submission_deadline": "2020-01-01T12:00"}, "deadline for submissions must be in the future"),
    ({"question_deadline": "2031-07-01T12:00"}, "deadline for questions must be before"),
    ({"budget_min": "900000", "budget_max": "100000"}, "lowest budget cannot be higher"),
    ({"budget_min": "a lot"}, "Enter an amount"),
    ({"cpv_codes": ["12345678-9"]}, "12345678-9 is not a known CPV code"),
    ({"ip_terms": "buyer_owns"}, "Explain why the buyer needs to own"),
    ({"submission_deadline": "next friday"}, "Enter a date and time"),
    ({"title": ""}, "This field is required"),
])
def test_bad_input_is_refused_with_a_clear_message_and_kept(client, login, world, overrides,
                                                             message):
    login(world.owner)
    response = submit(client, "/challenges/new", form_data(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert "Ingen kamerabild sparas utan samtycke" in page  # what the buyer typed is kept
    assert db.session.scalar(db.select(db.func.count(Challenge.id)).filter_by(
        title="Trygg hemtjänst på natten")) == 0


def test_shared_ip_with_a_reason_is_accepted_and_warned_about(client, login, world):
    login(world.owner)
    response = submit(client, "/challenges/new", form_data(
        ip_terms="shared", ip_justification="Lösningen byggs på vår egen öppna plattform."))
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "share the intellectual property" in page
    assert "you would not keep full rights" in page
    assert "Lösningen byggs på vår egen öppna plattform." in page


def test_form_warns_about_lock_in_and_links_to_guidance(client, login, world):
    login(world.owner)
    page = client.get("/challenges/new").get_data(as_text=True)
    assert "higher price" in page and "tied to the solution" in page
    for slug in ("innovation-procurement", "pre-commercial-procurement",
                 "procurement-of-innovative-solutions", "innovation-partnership",
                 "functional-requirements", "market-dialogue", "ip-guidance"):
        assert f'href="/knowledge/{slug}"' in page


def test_cpv_picker_searches_without_javascript_and_keeps_chosen_codes(client, login, world):
    login(world.owner)
    response = submit(client, "/challenges/new", form_data(cpv_query="avfall",
                                                           cpv_search="1"),
                      headers={"Accept-Language": "sv"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="90511200-4"' in page  # a match, offered as a checkbox
    assert 'value="85311100-3" checked' in page  # the code already chosen stays ticked
    assert db.session.scalar(db.select(db.func.count(Challenge.id)).filter_by(
        title="Trygg hemtjänst på natten")) == 0  # searching saves nothing
    by_number = submit(client, "/challenges/new", form_data(cpv_query="7226",
                                                            cpv_search="1"))
    assert 'value="72262000-9"' in by_number.get_data(as_text=True)


def test_only_members_of_verified_authorities_create_challenges(app):
    unverified = make_user()
    make_authority(admin=unverified, verified=False)
    supplier = make_user()
    make_organisation(admin=supplier)
    db.session.commit()
    for user in (unverified, supplier):
        client = app.test_client()
        log_in(client, user)
        response = client.get("/challenges/new")
        assert response.status_code == 403
        assert "verified contracting authority" in response.get_data(as_text=True)


# --- review ---

def test_review_send_back_and_publish_with_emails(app, client, login, world, deliver):
    challenge = world.draft
    login(world.owner)
    page = f"/challenges/{challenge.id}"
    assert submit(client, f"{page}/submit", CONFIRM, page=page).status_code == 302
    db.session.expire_all()
    assert challenge.state == S.IN_REVIEW
    (to_admin,) = deliver().to(world.admin.email)
    assert "To review" in to_admin["Subject"]

    admin = app.test_client()
    log_in(admin, world.admin)
    queue = admin.get("/challenges/review").get_data(as_text=True)
    assert challenge.title in queue
    assert "Challenges waiting for review" in admin.get("/admin/").get_data(as_text=True)
    empty = submit(admin, f"{page}/review", {"decision": "send_back", "comment": ""}, page=page)
    assert empty.status_code == 422 and "Write a comment" in empty.get_data(as_text=True)
    sent = submit(admin, f"{page}/review", {"decision": "send_back",
                                            "comment": "Beskriv effekterna tydligare."}, page=page)
    assert sent.status_code == 302
    mails = deliver().to(world.owner.email)
    assert "Beskriv effekterna tydligare." in text_of(mails[-1])
    assert world.co_owner.email in {m["To"] for m in deliver().messages}
    assert "Beskriv effekterna tydligare." in client.get(page).get_data(as_text=True)

    submit(client, f"{page}/submit", CONFIRM, page=page)
    assert submit(admin, f"{page}/review", {"decision": "publish", **CONFIRM},
                  page=page).status_code == 302
    db.session.expire_all()
    assert challenge.state == S.PUBLISHED and challenge.published_at is not None
    assert "Published" in deliver().to(world.owner.email)[-1]["Subject"]
    assert challenge.title in app.test_client().get("/challenges/").get_data(as_text=True)


def test_trusted_authority_publishes_directly(client, login):
    buyer = make_user()
    authority = make_authority(admin=buyer, is_trusted=True)
    challenge = make_challenge(owner=authority, state=S.DRAFT)
    db.session.commit()
    login(buyer)
    page = f"/challenges/{challenge.id}"
    assert ">Publish<" in client.get(page).get_data(as_text=True)
    submit(client, f"{page}/submit", CONFIRM, page=page)
    db.session.expire_all()
    assert challenge.state == S.PUBLISHED


# --- editing ---

def _edit_page(client, challenge) -> str:
    return client.get(f"/challenges/{challenge.id}/edit").get_data(as_text=True)


def _edit_form(challenge, **overrides) -> dict:
    from app.core.dates import local_input_value as local_input

    data = form_data(title=challenge.title, summary=challenge.summary,
                     problem_statement=challenge.problem_statement,
                     requirements="\n".join(r.text for r in challenge.requirements),
                     question_deadline=local_input(challenge.question_deadline_at),
                     submission_deadline=local_input(challenge.submission_deadline_at),
                     cpv_codes=[], sectors=[], agenda_goals=[], region="",
                     budget_min="", budget_max="", procurement_route="undecided",
                     desired_effects="", contact_name="", contact_email="",
                     version=str(challenge.version))
    data.update(overrides)
    return data


def test_second_of_two_simultaneous_edits_gets_a_conflict(app, client, login, world):
    challenge = world.draft
    login(world.owner)
    other = app.test_client()
    log_in(other, world.co_owner)
    url = f"/challenges/{challenge.id}/edit"
    stale = _edit_form(challenge)
    assert submit(client, url, _edit_form(challenge, summary="Först sparad.")).status_code == 302
    response = submit(other, url, {**stale, "summary": "Sparad sist."})
    assert response.status_code == 409
    assert "Someone else saved changes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert challenge.summary == "Först sparad."


def test_published_essentials_are_locked_and_other_changes_logged(client, login, world):
    challenge = world.published
    login(world.owner)
    url = f"/challenges/{challenge.id}/edit"
    changed_requirements = _edit_form(challenge, requirements="Something else entirely")
    response = submit(client, url, changed_requirements)
    assert response.status_code == 409
    assert "cannot change after publication" in response.get_data(as_text=True)
    ip_change = submit(client, url, _edit_form(challenge, ip_terms="buyer_owns",
                                               ip_justification="Vi vill äga."))
    assert ip_change.status_code == 409
    from app.core.dates import local_input_value as local_input

    earlier = local_input(challenge.submission_deadline_at - timedelta(days=2))
    shorter = submit(client, url, _edit_form(challenge, submission_deadline=earlier))
    assert shorter.status_code == 409
    assert "cannot be brought forward" in shorter.get_data(as_text=True)

    ok = submit(client, url, _edit_form(challenge, summary="En tydligare sammanfattning.",
                                        change_note="Förtydligad sammanfattning."))
    assert ok.status_code == 302
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "Changes since publication" in page and "Förtydligad sammanfattning." in page
    db.session.expire_all()
    assert challenge.ip_terms == IPTerms.SUPPLIER_OWNS
    assert [c.fields for c in challenge.changes] == [["summary"]]


def test_closed_challenge_can_no_longer_be_edited(client, login, world):
    challenge = make_challenge(owner=world.published.owner, state=S.CLOSED)
    db.session.commit()
    login(world.owner)
    response = client.get(f"/challenges/{challenge.id}/edit")
    assert response.status_code == 409
    assert "can no longer be edited" in response.get_data(as_text=True)


def test_co_owners_only_verified_authorities_and_share_rights(app, client, login, world):
    challenge = world.draft
    login(world.owner)
    url = f"/challenges/{challenge.id}/co-owners"
    unverified = make_authority(admin=make_user(), verified=False, name="Overifierad kommun")
    joint = make_authority(admin=make_user(), name="Grannkommunen")
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Grannkommunen" in page and "Overifierad kommun" not in page
    refused = submit(client, url, {"organisation_id": str(unverified.id)})
    assert refused.status_code == 422
    assert submit(client, url, {"organisation_id": str(joint.id)}).status_code == 302
    db.session.expire_all()
    assert joint not in challenge.co_owners  # invited: a co-owner only once it accepts
    joint_member = joint.memberships[0].user
    member_client = app.test_client()
    log_in(member_client, joint_member)
    assert member_client.get(f"/challenges/{challenge.id}/edit").status_code == 404
    answer = f"/challenges/{challenge.id}/co-ownership"
    assert submit(member_client, f"{answer}/accept", page=answer).status_code == 302
    db.session.expire_all()
    assert joint in challenge.co_owners
    assert member_client.get(f"/challenges/{challenge.id}/edit").status_code == 200


# --- lifecycle pages ---

def test_withdrawal_shows_the_reason_publicly(app, client, login, world):
    challenge = world.published
    login(world.owner)
    url = f"/challenges/{challenge.id}/withdraw"
    assert submit(client, url, {"reason": ""}).status_code == 422
    assert submit(client, url, {"reason": "Budgeten drogs in."}).status_code == 302
    page = app.test_client().get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "This challenge has been withdrawn." in page and "Budgeten drogs in." in page


def test_evaluation_decision_and_outcome_are_recorded_and_told(app, client, login, world,
                                                               deliver):
    # A need has no jury: its owner moves it through evaluation and decision directly.
    challenge = make_challenge(owner=world.published.owner, state=S.CLOSED,
                               kind=ChallengeKind.NEED)
    follower = make_user()
    db.session.commit()
    other = app.test_client()
    log_in(other, follower)
    challenge_page = f"/challenges/{challenge.id}"
    submit(other, f"{challenge_page}/follow", {}, page=challenge_page)
    login(world.owner)
    submit(client, f"{challenge_page}/start_evaluation", {}, page=challenge_page)
    submit(client, f"{challenge_page}/decide", {}, page=challenge_page)
    url = f"{challenge_page}/outcome"
    missing_link = submit(client, url, {"outcome_kind": "procurement_announced"})
    assert missing_link.status_code == 422
    assert "link to the procurement notice" in missing_link.get_data(as_text=True)
    assert submit(client, url, {"outcome_kind": "procurement_announced",
                                "outcome_url": "https://www.example.org/annons/1"}
                  ).status_code == 302
    db.session.expire_all()
    assert challenge.state == S.OUTCOME_RECORDED
    (mail,) = deliver().to(follower.email)
    assert "Outcome" in mail["Subject"]
    page = app.test_client().get(challenge_page).get_data(as_text=True)
    assert "A procurement has been announced" in page and "example.org/annons/1" in page


def test_refused_transition_over_http_is_a_clear_message_not_a_500(client, login, world):
    login(world.owner)
    page = f"/challenges/{world.published.id}"
    response = submit(client, f"{page}/decide", {}, page=page)
    assert response.status_code == 409
    assert "not possible while the challenge is" in response.get_data(as_text=True)


def test_dashboard_shows_challenges_by_state_and_what_needs_action(app, client, login, world):
    make_challenge(owner=world.published.owner, state=S.CLOSED, title="Stängd om matsvinn")
    db.session.commit()
    login(world.owner)
    page = client.get("/challenges/mine").get_data(as_text=True)
    assert "Utkast om nattillsyn" in page and "Finish the draft" in page
    assert "Start the evaluation" in page and "Stängd om matsvinn" in page
    co_client = app.test_client()
    log_in(co_client, world.co_owner)
    co_page = co_client.get("/challenges/mine").get_data(as_text=True)
    assert "Publicerad om nattillsyn" in co_page and "co-owner" in co_page


# --- who may open what ---

LOGIN = 302
MATRIX = [
    # (path template, challenge, {persona: status})
    ("/challenges/{id}", "draft", {"owner": 200, "co_owner": 200, "other_authority": 404,
                                   "supplier": 404, "anonymous": 404, "admin": 200}),
    ("/challenges/{id}", "published", dict.fromkeys(
        ("owner", "co_owner", "other_authority", "supplier", "anonymous", "admin"), 200)),
    ("/challenges/{id}/calendar.ics", "draft", {"owner": 200, "supplier": 404,
                                                "anonymous": 404, "admin": 200}),
    ("/challenges/{id}/edit", "draft", {"owner": 200, "co_owner": 200, "other_authority": 404,
                                        "supplier": 404, "anonymous": LOGIN, "admin": 403}),
    ("/challenges/{id}/edit", "published", {"owner": 200, "co_owner": 200,
                                            "other_authority": 403, "supplier": 403,
                                            "anonymous": LOGIN, "admin": 403}),
    ("/challenges/{id}/co-owners", "published", {"owner": 200, "co_owner": 403,
                                                 "other_authority": 403, "supplier": 403,
                                                 "anonymous": LOGIN, "admin": 403}),
    ("/challenges/{id}/extend", "published", {"owner": 200, "co_owner": 200,
                                              "other_authority": 403, "supplier": 403,
                                              "anonymous": LOGIN, "admin": 403}),
    ("/challenges/{id}/outcome", "published", {"owner": 200, "supplier": 403,
                                               "anonymous": LOGIN, "admin": 403}),
    ("/challenges/{id}/withdraw", "published", {"owner": 200, "co_owner": 200,
                                                "other_authority": 403, "supplier": 403,
                                                "anonymous": LOGIN, "admin": 200}),
    ("/challenges/new", None, {"owner": 200, "co_owner": 200, "other_authority": 200,
                               "supplier": 403, "anonymous": LOGIN, "admin": 403}),
    ("/challenges/mine", None, {"owner": 200, "supplier": 200, "anonymous": LOGIN,
                                "admin": 200}),
    ("/challenges/review", None, {"owner": 403, "co_owner": 403, "other_authority": 403,
                                  "supplier": 403, "anonymous": LOGIN, "admin": 200}),
]


@pytest.mark.parametrize("path, which, expected", MATRIX,
                         ids=[f"{p}-{w}" for p, w, _e in MATRIX])
def test_who_may_open_each_page(app, world, path, which, expected):
    url = path.format(id=getattr(world, which).id) if which else path
    for persona, status in expected.items():
        client = app.test_client()
        if persona != "anonymous":
            log_in(client, world.user(persona))
        assert client.get(url).status_code == status, (url, persona)


POST_MATRIX = [
    # (action path, challenge, {persona: status}); 302 means done
    ("submit", "draft", {"other_authority": 404, "supplier": 404, "admin": 403,
                         "co_owner": 302}),
    ("pause", "published", {"other_authority": 403, "supplier": 403, "admin": 302}),
    ("decide", "published", {"supplier": 403, "owner": 409}),
    ("follow", "published", {"supplier": 302, "other_authority": 302}),
    ("follow", "draft", {"supplier": 404}),
    ("delete", "published", {"owner": 409, "supplier": 403}),
    ("delete", "draft", {"supplier": 404, "admin": 403, "owner": 302}),
]


@pytest.mark.parametrize("action, which, expected", POST_MATRIX,
                         ids=[f"{a}-{w}" for a, w, _e in POST_MATRIX])
def test_who_may_take_each_action(app, world, action, which, expected):
    challenge = getattr(world, which)
    for persona, status in expected.items():
        client = app.test_client()
        log_in(client, world.user(persona))
        response = submit(client, f"/challenges/{challenge.id}/{action}", CONFIRM,
                          page="/organisations/new")
        assert response.status_code == status, (action, persona, response.status_code)
        db.session.expire_all()


def test_anonymous_posts_are_sent_to_log_in(client, world):
    response = submit(client, f"/challenges/{world.published.id}/follow", {},
                      page="/auth/login")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_the_message_after_pausing_is_in_the_owners_language(client, login, world):
    """The messages of simple actions are defined at module level: lazily translated,
    they follow the user's language instead of being fixed at import (in English)."""
    world.owner.locale = "sv"
    db.session.commit()
    login(world.owner)
    sv = {"Accept-Language": "sv"}
    response = submit(client, f"/challenges/{world.published.id}/pause", {},
                      page="/organisations/new", headers=sv)
    page = client.get(response.location, headers=sv).get_data(as_text=True)
    assert "Utmaningen är pausad." in page
