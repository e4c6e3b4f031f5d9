"""Good examples: the seeded check projects, filters, and cases told by challenge owners."""

from __future__ import annotations

import pytest
from flask import render_template_string

from app.challenges.models import ChallengeCoOwner, ChallengeState, OutcomeKind
from app.extensions import db
from app.knowledge.models import CaseStudy, CaseTrack
from app.knowledge.seed import seed_cases
from app.knowledge.seed.check_projects import CHECK_PROJECTS
from tests.conftest import submit
from tests.factories import make_authority, make_challenge, make_user

SV = {"Accept-Language": "sv-SE,sv;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def page_of(response) -> str:
    return response.get_data(as_text=True)


def log_out(client):
    assert submit(client, "/auth/logout").status_code == 302


def case_form(**overrides) -> dict:
    data = {"title_sv": "", "summary_sv": "", "title_en": "Smarter snow clearing",
            "summary_en": "We asked for fewer complaints; a local firm delivered.",
            "track": "platform_challenge", "sector": "transport", "county": "SE232",
            "publish": "Publish"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def outcome_challenge(owner_admin=None, **extra):
    """A challenge whose outcome has been recorded, owned by an authority with one admin."""
    admin = owner_admin or make_user()
    owner = make_authority(admin=admin, region="SE232", sectors=["transport"])
    challenge = make_challenge(
        owner=owner, state=ChallengeState.OUTCOME_RECORDED, title="Snow clearing that works",
        summary="Paths cleared before seven.", outcome_kind=OutcomeKind.CONTRACT_AWARDED,
        outcome_note="Two suppliers were invited to a pilot.", language="en", **extra)
    return challenge, admin


# --- the seeded check projects -------------------------------------------------------------

def test_the_check_projects_are_listed_in_both_languages(client):
    seed_cases()
    first = CHECK_PROJECTS[0]
    english = page_of(client.get("/knowledge/cases/", headers=EN))
    assert "29 good examples" in english and first["title_en"] in english
    assert 'href="/knowledge/cases/?page=2"' in english  # 20 a page
    swedish = page_of(client.get("/knowledge/cases/", headers=SV))
    assert "29 goda exempel" in swedish and first["title_sv"] in swedish

    case = db.session.scalar(db.select(CaseStudy).filter_by(source_key="check-project-01"))
    page = page_of(client.get(f"/knowledge/cases/{case.id}", headers=SV))
    assert first["summary_sv"] in page and "Region Stockholm" in page
    assert "Hälso- och sjukvård" in page or "Vård" in page
    assert first["summary_en"] in page_of(client.get(f"/knowledge/cases/{case.id}", headers=EN))


@pytest.mark.parametrize("query, expected", [
    ("track=capacity_building", sum(p["track"] == "capacity_building"
                                    for p in CHECK_PROJECTS)),
    ("sector=construction", sum(p["sector"] == "construction" for p in CHECK_PROJECTS)),
    ("track=before_procurement&sector=environment",
     sum(p["track"] == "before_procurement" and p["sector"] == "environment"
         for p in CHECK_PROJECTS)),
    ("track=platform_challenge", 0),
    ("track=nonsense&sector=nonsense", 29),
])
def test_good_examples_filter_by_track_and_sector(client, query, expected):
    seed_cases()
    page = page_of(client.get(f"/knowledge/cases/?{query}", headers=EN))
    label = "good example" if expected == 1 else "good examples"
    assert f"{expected} {label}" in page


def test_filtered_list_shows_only_matching_examples(client):
    seed_cases()
    page = page_of(client.get("/knowledge/cases/?track=capacity_building", headers=EN))
    for project in CHECK_PROJECTS:
        assert (project["title_en"] in page) == (project["track"] == "capacity_building")


# --- turning a challenge into a good example -----------------------------------------------

def test_the_owner_turns_a_challenge_with_an_outcome_into_a_case(client, login):
    challenge, admin = outcome_challenge()
    login(admin)
    url = f"/knowledge/cases/new?challenge={challenge.id}"
    form = page_of(client.get(url))
    assert 'value="Snow clearing that works"' in form
    assert "Paths cleared before seven." in form and "A contract was awarded." in form
    assert "Two suppliers were invited to a pilot." in form
    assert '<option value="transport" selected' in form

    response = submit(client, url, case_form(summary_en="We cleared paths; it worked."))
    assert response.status_code == 302
    case = db.session.scalar(db.select(CaseStudy).filter_by(challenge_id=challenge.id))
    assert case.is_published and case.track == CaseTrack.PLATFORM_CHALLENGE
    assert case.organisation_id == challenge.owner_id and case.created_by_id == admin.id

    log_out(client)
    public = page_of(client.get(f"/knowledge/cases/{case.id}", headers=EN))
    assert "Smarter snow clearing" in public and "We cleared paths; it worked." in public
    assert challenge.owner.name in public
    listing = page_of(client.get("/knowledge/cases/?track=platform_challenge", headers=EN))
    assert "1 good example" in listing and "Smarter snow clearing" in listing


def test_members_of_a_co_owner_may_tell_the_case_too(client, login):
    challenge, _admin = outcome_challenge()
    colleague = make_user()
    co_owner = make_authority(admin=colleague)
    db.session.add(ChallengeCoOwner(challenge=challenge, organisation=co_owner))
    db.session.flush()
    login(colleague)
    url = f"/knowledge/cases/new?challenge={challenge.id}"
    assert submit(client, url, case_form()).status_code == 302


def test_the_permission_is_available_to_challenge_pages(app, client, login):
    challenge, admin = outcome_challenge()
    stranger = make_user()
    source = "{{ can_turn_into_case(user, challenge) }}"
    with app.app_context(), app.test_request_context():
        assert render_template_string(source, user=admin, challenge=challenge) == "True"
        assert render_template_string(source, user=stranger, challenge=challenge) == "False"
        challenge.state = ChallengeState.DECIDED
        assert render_template_string(source, user=admin, challenge=challenge) == "False"


def test_only_owners_may_turn_a_challenge_into_a_case(client, login):
    challenge, _admin = outcome_challenge()
    url = f"/knowledge/cases/new?challenge={challenge.id}"
    assert client.get(url).status_code == 302  # log in first
    login(make_user())
    assert client.get(url).status_code == 403
    outsider_post = submit(client, url, case_form(), page="/organisations/new")
    assert outsider_post.status_code == 403
    assert db.session.scalar(db.select(CaseStudy).filter_by(challenge_id=challenge.id)) is None


@pytest.mark.parametrize("state", [ChallengeState.PUBLISHED, ChallengeState.DECIDED,
                                   ChallengeState.WITHDRAWN])
def test_a_challenge_without_a_recorded_outcome_cannot_become_a_case(client, login, state):
    admin = make_user()
    challenge = make_challenge(owner=make_authority(admin=admin), state=state)
    login(admin)
    response = client.get(f"/knowledge/cases/new?challenge={challenge.id}")
    assert response.status_code == 409
    assert "Record the challenge&#39;s outcome first" in page_of(response)


def test_someone_elses_draft_challenge_is_not_revealed(client, login):
    challenge = make_challenge(state=ChallengeState.DRAFT)
    login(make_user())
    assert client.get(f"/knowledge/cases/new?challenge={challenge.id}").status_code == 404
    assert client.get("/knowledge/cases/new?challenge=999999").status_code == 404
    assert client.get("/knowledge/cases/new?challenge=abc").status_code == 404


def test_a_draft_case_is_private_until_published(client, login):
    challenge, admin = outcome_challenge()
    login(admin)
    url = f"/knowledge/cases/new?challenge={challenge.id}"
    response = submit(client, url, case_form(publish=None, save_draft="Save as draft"))
    case = db.session.scalar(db.select(CaseStudy).filter_by(challenge_id=challenge.id))
    assert response.status_code == 302 and not case.is_published
    assert "is a draft" in page_of(client.get(f"/knowledge/cases/{case.id}"))
    # Coming back to the challenge's link opens the existing case for editing.
    assert client.get(url).location == f"/knowledge/cases/{case.id}/edit"

    log_out(client)
    assert client.get(f"/knowledge/cases/{case.id}").status_code == 404
    assert "Smarter snow clearing" not in page_of(client.get("/knowledge/cases/"))

    login(admin)
    edit = f"/knowledge/cases/{case.id}/edit"
    assert submit(client, edit, case_form(title_en="Snow, solved")).status_code == 302
    db.session.expire_all()
    assert case.is_published and case.title_en == "Snow, solved"


def test_a_case_needs_a_title_and_story_together(client, login):
    challenge, admin = outcome_challenge()
    login(admin)
    url = f"/knowledge/cases/new?challenge={challenge.id}"
    response = submit(client, url, case_form(summary_en=""))
    assert response.status_code == 422
    assert "Give both a title and a description" in page_of(response)
    assert 'value="Smarter snow clearing"' in page_of(response)


def test_others_cannot_edit_a_case_but_administrators_can(client, login):
    seed_cases()
    case = db.session.scalar(db.select(CaseStudy).filter_by(source_key="check-project-02"))
    edit = f"/knowledge/cases/{case.id}/edit"
    login(make_user())
    assert client.get(edit).status_code == 403
    assert client.get("/knowledge/cases/new").status_code == 403

    log_out(client)
    login(make_user(is_admin=True))
    response = submit(client, edit, case_form(
        organisation_name="Region Östergötland", title_sv="Nytt avfall",
        summary_sv="Ny text.", track="before_procurement", sector="environment"))
    assert response.status_code == 302
    db.session.expire_all()
    assert case.title_sv == "Nytt avfall" and case.title_en == "Smarter snow clearing"


def test_an_administrator_adds_a_case_without_a_challenge(client, login):
    login(make_user(is_admin=True))
    missing = submit(client, "/knowledge/cases/new", case_form())
    assert missing.status_code == 422 and "Name the organisation." in page_of(missing)
    response = submit(client, "/knowledge/cases/new", case_form(organisation_name="Umeå kommun"))
    assert response.status_code == 302
    assert "Umeå kommun" in page_of(client.get(response.location))


def test_a_case_in_one_language_falls_back_with_a_note(client, login):
    challenge, admin = outcome_challenge()
    login(admin)
    submit(client, f"/knowledge/cases/new?challenge={challenge.id}", case_form())
    case = db.session.scalar(db.select(CaseStudy).filter_by(challenge_id=challenge.id))
    log_out(client)
    page = page_of(client.get(f"/knowledge/cases/{case.id}", headers=SV))
    assert "Exemplet finns inte på svenska än. Det visas på engelska." in page
    assert '<article lang="en">' in page


def test_a_cases_story_is_sanitised(client, login):
    login(make_user(is_admin=True))
    response = submit(client, "/knowledge/cases/new", case_form(
        organisation_name="Kommunen", summary_en=(
            "It **worked**.<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
            "[more](javascript:alert(3))")))
    page = page_of(client.get(response.location))
    assert "<strong>worked</strong>" in page
    assert "<script>alert" not in page and "<img" not in page
    assert 'href="javascript:' not in page


def test_the_list_address_without_a_slash_still_leads_to_the_good_examples(client):
    response = client.get("/knowledge/cases")
    assert response.status_code == 308 and response.location.endswith("/knowledge/cases/")
